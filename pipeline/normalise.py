"""Stage 5: repair OCR damage in the extracted text, logging every change.

Reconstructed cells still carry the scan's damage: words cut at a line break
(`kelemah- an`, `kekuata n`, `meny elia`), words run together (`kerjanyauntuk`),
a table ruling read as a letter (`padal` for `pada|`, `Dbertindak`). Each repair
is decided against a lexicon of known words — the national competency
dictionary plus the decree's own vocabulary, where a word that recurs is taken as
real — and only applied when the damaged form is itself unknown, so a valid word
is never changed. Every change is returned as a `Correction` (where, original,
replacement, rule); whitespace-only tidying is not logged.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import asdict, dataclass

SUFFIXES = {"an", "kan", "nya", "i", "lah", "pun", "n", "h", "at", "gat", "ngan", "kn"}
RULING_TAIL = "l|1I]"
MIN_KNOWN = 3  # a decree word seen this often is taken as real


@dataclass
class Correction:
    decree: str
    jenjang: str | None
    field: str
    original: str
    replacement: str
    rule: str

    def to_json(self) -> dict:
        return asdict(self)


class Lexicon:
    """Word counts from trusted text; `known` means seen often enough to be a real word."""

    def __init__(self, texts: list[str], trusted: list[str]):
        self.counts: Counter = Counter()
        for text in texts:
            self.counts.update(_word_forms(text))
        self.trusted: set[str] = set()
        for text in trusted:
            self.trusted.update(_word_forms(text))

    def count(self, word: str) -> int:
        return self.counts.get(word.lower(), 0)

    def known(self, word: str) -> bool:
        w = word.lower()
        return w in self.trusted or self.counts.get(w, 0) >= MIN_KNOWN


def _word_forms(text: str) -> list[str]:
    return [w.lower() for w in re.findall(r"[A-Za-z]+(?:-[A-Za-z]+)*", text)]


_TOKEN = re.compile(r"^(?P<pre>[^A-Za-z]*)(?P<word>[A-Za-z][A-Za-z-]*[A-Za-z]|[A-Za-z])(?P<post>[^A-Za-z]*)$")


def _split(token: str) -> tuple[str, str, str] | None:
    m = _TOKEN.match(token)
    return (m.group("pre"), m.group("word"), m.group("post")) if m else None


class Normaliser:
    """Applies the repairs to one text field at a time, collecting corrections."""

    def __init__(self, lexicon: Lexicon, decree: str):
        self.lex = lexicon
        self.decree = decree
        self.corrections: list[Correction] = []

    def text(self, value: str | None, jenjang: str | None, field: str) -> str | None:
        if value is None:
            return None
        tokens = value.split()
        out: list[str] = []
        i = 0
        while i < len(tokens):
            tok = tokens[i]
            nxt = tokens[i + 1] if i + 1 < len(tokens) else None
            joined = self._join(tok, nxt) if nxt else None
            if joined:
                new, rule = joined
                self.log(jenjang, field, f"{tok} {nxt}", new, rule)
                tokens[i + 1] = new  # the joined word may need a further repair
                i += 1
                continue
            fixed = self._word(tok)
            if fixed:
                new, rule = fixed
                self.log(jenjang, field, tok, new, rule)
                tok = new
            out.append(tok)
            i += 1
        result = " ".join(out)
        result = re.sub(r"(?<=\w)\s*/\s*(?=\w)", "/", result)  # "pemerintahan/ pelayanan", "tim /kelompok"
        result = re.sub(r"\s+([,;:.)])", r"\1", result)
        result = re.sub(r"\(\s+", "(", result)
        return result

    # ------------------------------------------------------------ rules

    def _join(self, tok: str, nxt: str) -> tuple[str, str] | None:
        """Join a word that a line break cut in two (`hubungan/kekuata n`: only the part after the slash)."""
        head, _, tail = tok.rpartition("/")
        if head and tail:
            joined = self._join(tail, nxt)
            return (f"{head}/{joined[0]}", joined[1]) if joined else None
        a, b = _split(tok), _split(nxt)
        if not a or not b or a[2] not in {"", "-"} or b[0]:
            return None
        left, right = a[1], b[1]
        if a[2] == "-" or left.endswith("-"):
            stem = left.rstrip("-")
            if not right[:1].islower():
                return None
            # reduplication keeps its hyphen: cara- cara, berulang- ulang, kehati- hatian
            low_s, low_r = stem.lower(), right.lower()
            if low_r.startswith(low_s[-4:]) or low_s.endswith(low_r[:4]) or low_r in low_s:
                return f"{a[0]}{stem}-{right}{b[2]}", "line-break hyphen (reduplication kept)"
            return f"{a[0]}{stem}{right}{b[2]}", "line-break hyphen"
        if a[2]:
            return None
        whole = left + right
        if not right[:1].islower():
            return None
        if right.lower() in SUFFIXES:  # a bare suffix never stands alone: "merepresentasik an"
            if self.lex.known(left) and not self.lex.known(whole):
                return None
        elif self.lex.known(left) or not self.lex.known(whole):
            return None  # "di sekitarnya": a known word followed by another word stays two words
        return f"{a[0]}{whole}{b[2]}", "word split by a line break"

    def _word(self, tok: str) -> tuple[str, str] | None:
        if "/" in tok.strip("/"):  # "pribadi/kelompok": repair each side on its own
            pieces = tok.split("/")
            fixed = [self._word(p) for p in pieces]
            if not any(fixed):
                return None
            new = "/".join(f[0] if f else p for p, f in zip(pieces, fixed))
            return new, next(f[1] for f in fixed if f)
        parts = _split(tok)
        if not parts:
            return None
        pre, word, post = parts
        if self.lex.known(word) or "-" in word:
            return None
        low = word.lower()
        # a ruling read as a final letter: "padal" for "pada|"
        if low[-1] in RULING_TAIL.lower() and len(low) > 3 and self.lex.known(low[:-1]):
            return f"{pre}{word[:-1]}{post}", "table ruling read as a letter"
        # stray capital glued before a word: "Dbertindak"
        if len(word) > 3 and word[0].isupper() and word[1].islower() and self.lex.known(word[1:]) and not self.lex.known(word):
            return f"{pre}{word[1:]}{post}", "stray letter before a word"
        # two words run together: "kerjanyauntuk"
        best = None
        for k in range(3, len(low) - 2):
            x, y = low[:k], low[k:]
            if x in SUFFIXES or y in SUFFIXES or not (self.lex.known(x) and self.lex.known(y)):
                continue
            score = min(self.lex.count(x), self.lex.count(y))
            if best is None or score > best[0]:
                best = (score, k)
        if best:
            k = best[1]
            return f"{pre}{word[:k]} {word[k:]}{post}", "words run together"
        return None

    def log(self, jenjang: str | None, field: str, original: str, replacement: str, rule: str) -> None:
        self.corrections.append(Correction(self.decree, jenjang, field, original, replacement, rule))


def build_lexicon(dictionary_sentences: list[str], decree_text: list[str]) -> Lexicon:
    return Lexicon(decree_text + dictionary_sentences, dictionary_sentences)


__all__ = ["Correction", "Lexicon", "Normaliser", "build_lexicon"]
