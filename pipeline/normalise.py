"""Stage 5: repair OCR damage in the extracted text, logging every change.

Reconstructed cells still carry the scan's damage: words cut at a line break
(`kelemah- an`, `kekuata n`, `meny elia`), words run together (`kerjanyauntuk`),
a table ruling read as a letter (`padal` for `pada|`, `Dbertindak`). Text is
tokenised with spaCy's Indonesian tokenizer (`spacy.blank("id")`: rules only, no
model to download), which splits punctuation, slashes and codes off the words.
Each repair is decided against a lexicon of known words: the national competency
dictionary, the decree's own vocabulary (a word that recurs is taken as real) and
wordfreq's Indonesian word list; it is only applied when the damaged form is
itself unknown, so a valid word is never changed. Abbreviations (all capitals),
codes and numbers are never touched. Every change is returned as a `Correction`
(where, original, replacement, rule); whitespace-only tidying is not logged.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import cache

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from .model import Correction, CorrectionLog
from .words import indonesian_words

SUFFIXES = {"an", "kan", "nya", "i", "lah", "pun", "n", "h", "at", "gat", "ngan", "kn"}
RULING_TAIL = "l|1I]"


@dataclass(frozen=True)
class NormaliseSettings:
    """Every threshold of the word repairs, named (pdfplumber's TableSettings as the model)."""

    min_known: int = 3  # a decree word seen this often is taken as real
    reduplication_overlap: int = 4  # letters two halves of a hyphened pair share to be one word doubled (cara- cara)
    min_glued_word: int = 4  # a shorter word is never stripped of a ruling read as a letter or a stray capital
    min_split_part: int = 3  # letters each word of a run-together pair needs (no split into `di` + `...`)
    misread_min_len: int = 6  # shorter words have too many neighbours one edit away to choose among
    misread_long: int = 10  # from this length two misread letters are still one word's
    misread_edits: int = 1  # edits a misread word shorter than misread_long may be from the known word
    misread_edits_long: int = 2  # ... and a longer one
    misread_candidates: int = 8  # nearest known words weighed for a misread one (rarely more are within two edits)
    speck_letters: int = 3  # letters a token read from a tick cell's shading may have (`ee`, `Pe`, `ate`)
    speck_marks: int = 2  # marks alone (no letter) such a token may have (`$/`)


NORMALISE = NormaliseSettings()


@cache
def tokenizer() -> "Tokenizer":
    """spaCy's rule-based Indonesian tokenizer (blank pipeline: nothing to download)."""
    return Tokenizer()


class Tokenizer:
    """spaCy's Indonesian tokenizer (what `spacy.blank("id").tokenizer` does), with its
    hyphenated exceptions added when a text first needs them.

    Building the tokenizer with all 15,963 exceptions takes ~4 s, 98% of it for the
    15,614 hyphenated words it keeps whole (`anak-anak`, `kupu-kupu`); a decree holds
    a handful. An exception can only change how a text is split where its key occurs
    in the text, within one whitespace-free chunk: so before a text is split, each of
    its chunks with a hyphen is looked up once (every substring holding a hyphen) and
    the exceptions found are added. The tokens are exactly spaCy's (tested against the
    fully built tokenizer)."""

    def __init__(self) -> None:
        from spacy.lang.id import Indonesian

        class _Unloaded(Indonesian):  # Indonesian's tokenizer, its exceptions not yet loaded
            class Defaults(Indonesian.Defaults):
                tokenizer_exceptions: dict = {}

        self._spacy = _Unloaded().tokenizer
        self._hyphenated: dict[str, list] = {}
        for key, pieces in Indonesian.Defaults.tokenizer_exceptions.items():
            if "-" in key and not any(c.isspace() for c in key):
                self._hyphenated[key] = pieces
            else:
                self._spacy.add_special_case(key, pieces)
        self._longest = max(map(len, self._hyphenated), default=0)
        self._looked_up: set[str] = set()

    def __call__(self, text: str):
        for chunk in _HYPHENATED_CHUNK.findall(text):
            if chunk not in self._looked_up:
                self._looked_up.add(chunk)
                for key in _hyphened_substrings(chunk, self._longest) & self._hyphenated.keys():
                    self._spacy.add_special_case(key, self._hyphenated.pop(key))
        return self._spacy(text)


_HYPHENATED_CHUNK = re.compile(r"\S*-\S*")


def _hyphened_substrings(chunk: str, longest: int) -> set[str]:
    """Every substring of `chunk` up to `longest` characters that holds a hyphen."""
    return {chunk[i:j] for i in range(len(chunk)) for j in range(i + 2, min(len(chunk), i + longest) + 1)
            if "-" in chunk[i:j]}


# glyphs OCR confuses with one another, each group folded to one form (longest first)
GLYPH_GROUPS = (("rn", "m"), ("nn", "m"), ("cl", "d"), ("vv", "w"), ("li", "h"),
                ("l", "i"), ("1", "i"), ("!", "i"), ("|", "i"), ("j", "i"), ("f", "t"), ("c", "e"),
                ("0", "o"), ("5", "s"), ("6", "b"), ("9", "g"), ("q", "g"), ("v", "u"))


def glyph_shape(word: str) -> str:
    """`word` with the glyphs OCR takes for one another folded together: two words with one
    shape may be one misread as the other."""
    for glyph, shape in GLYPH_GROUPS:
        word = word.replace(glyph, shape)
    return word


class Lexicon:
    """Known words. `attested`: seen in the dictionary or repeated by the decree itself;
    `known`: attested or in a general Indonesian word list.

    Repairs that create a word (joining, splitting) need it attested, as a general
    list is full of short fragments (`mem`, `masi`); a word merely known is never changed.
    """

    def __init__(self, texts: list[str], trusted: list[str], words: frozenset[str] = frozenset(),
                 s: NormaliseSettings = NORMALISE):
        self.s = s
        self.counts: Counter = Counter()
        for text in texts:
            self.counts.update(_word_forms(text))
        self.trusted: set[str] = set()
        for text in trusted:
            self.trusted.update(_word_forms(text))
        self.words = words
        self._attested: list[str] | None = None

    def count(self, word: str) -> int:
        return self.counts.get(word.lower(), 0)

    def attested(self, word: str) -> bool:
        w = word.lower()
        return w in self.trusted or self.counts.get(w, 0) >= self.s.min_known

    def known(self, word: str) -> bool:
        return self.attested(word) or word.lower() in self.words

    def attested_words(self) -> list[str]:
        """Every known word (attested ones and the general list), for the nearest-word search (built once)."""
        if self._attested is None:
            repeated = {w for w, n in self.counts.items() if n >= self.s.min_known}
            self._attested = sorted(self.trusted | repeated | self.words)
        return self._attested


_WORD = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)*")  # letters, hyphens inside allowed


def _word_forms(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)]


@dataclass
class _Tok:
    text: str
    space: str  # the whitespace after the token

    @property
    def word(self) -> bool:
        """A word the rules may touch: letters only (hyphens inside allowed), not an abbreviation."""
        return bool(_WORD.fullmatch(self.text)) and not (len(self.text) > 1 and self.text.isupper())


class Normaliser:
    """Applies the repairs to one text field at a time, collecting corrections."""

    def __init__(self, lexicon: Lexicon, log: CorrectionLog | str, settings: NormaliseSettings = NORMALISE):
        self.lex = lexicon
        self.settings = settings
        self.log_to = log if isinstance(log, CorrectionLog) else CorrectionLog(log)
        self._tokenize = tokenizer()

    @property
    def corrections(self) -> list[Correction]:
        return self.log_to.entries

    def text(self, value: str | None, jenjang: str | None, field: str) -> str | None:
        if value is None:
            return None
        toks = [_Tok(t.text, t.whitespace_) for t in self._tokenize(" ".join(value.split()))]
        i = 0
        while i < len(toks):
            joined = self._join(toks, i)
            if joined:
                n, new, rule = joined
                self.log(jenjang, field, "".join(t.text + t.space for t in toks[i:i + n]).strip(), new, rule)
                toks[i:i + n] = [_Tok(new, toks[i + n - 1].space)]
                continue  # the joined word may need a further repair
            if toks[i].word:
                fixed = self._word(toks[i].text)
                if fixed:
                    new, rule = fixed
                    self.log(jenjang, field, toks[i].text, new, rule)
                    toks[i].text = new
            i += 1
        result = "".join(t.text + t.space for t in toks).strip()
        result = re.sub(r"(?<=\w)\s*/\s*(?=\w)", "/", result)  # "pemerintahan/ pelayanan", "tim /kelompok"
        result = re.sub(r"\s+([,;:.)])", r"\1", result)
        result = re.sub(r"\(\s+", "(", result)
        return result

    def cell_end(self, value: str | None, jenjang: str | None, field: str) -> str | None:
        """A requirement's text without the specks OCR read at its line's end from the empty or shaded
        tick cells beside it (`Pelatihan bahasa asing ate aa`, `... Sipil ee`): a run of tokens of one
        to three letters that no dictionary sentence holds (nor an abbreviation in capitals), or of
        a mark or two; logged."""
        if not value:
            return value
        words = value.split()
        k = len(words)
        while k > 1 and _speck(words[k - 1], self.lex, self.settings) and not words[k - 2].endswith("-"):
            k -= 1  # (the end of a word hyphenated at the line before, `jaba-` `tan`, is no speck)
        if k == len(words):
            return value
        kept = " ".join(words[:k])
        self.log(jenjang, field, value, kept, "specks of the tick cells read at the text's end")
        return kept

    def cell_start(self, value: str | None, jenjang: str | None, field: str, digits: bool = False) -> str | None:
        """A cell's text without the specks a scan left before its first word (`won. Pelatihan ...`,
        `" Membangun ...`): tokens `_speck` calls specks, up to a capitalised word; with `digits`,
        also a lone digit (an indicator's text never opens with a number: `2 Meningkatkan`, `3. |
        Memberikan` are the remnants of its code). Logged."""
        if not value:
            return value
        words = value.split()
        k = 0
        while k + 1 < len(words) and (
                _speck(words[k], self.lex, self.settings) or _speck(words[k].rstrip(".,:;"), self.lex, self.settings)
                or (digits and re.fullmatch(r"\d[.,:]?", words[k]))):
            k += 1
        if not k or not re.match(r"[A-Z][a-z]", words[k]):
            return value
        kept = " ".join(words[k:])
        self.log(jenjang, field, value, kept, "specks read before the text's first word")
        return kept

    # ------------------------------------------------------------ rules

    def _join(self, toks: list[_Tok], i: int) -> tuple[int, str, str] | None:
        """Join a word that a line break cut in two: (tokens used, joined word, rule), or None."""
        left = toks[i]
        if not left.word or i + 1 >= len(toks):
            return None
        nxt = toks[i + 1]
        # "kelemah- an", "cara- cara": a hyphen at the end of a line
        if nxt.text == "-" and not left.space and nxt.space and i + 2 < len(toks):
            right = toks[i + 2]
            if not right.word or not right.text[:1].islower():
                return None
            low_s, low_r = left.text.lower(), right.text.lower()
            # reduplication keeps its hyphen: cara- cara, berulang- ulang, kehati- hatian
            overlap = self.settings.reduplication_overlap
            if low_r.startswith(low_s[-overlap:]) or low_s.endswith(low_r[:overlap]) or low_r in low_s:
                return 3, f"{left.text}-{right.text}", "line-break hyphen (reduplication kept)"
            return 3, left.text + right.text, "line-break hyphen"
        # "kekuata n", "meny elia": a word cut without a hyphen
        if not left.space or not nxt.word or not nxt.text[:1].islower():
            return None
        whole = left.text + nxt.text
        if nxt.text.lower() in SUFFIXES:  # a bare suffix never stands alone: "merepresentasik an"
            if self.lex.known(left.text) and not self.lex.attested(whole):
                return None
        elif self.lex.known(left.text) or not self.lex.attested(whole):
            return None  # "di sekitarnya": a known word followed by another word stays two words
        return 2, whole, "word split by a line break"

    def _word(self, word: str) -> tuple[str, str] | None:
        if self.lex.known(word) or "-" in word:
            return None
        low, s = word.lower(), self.settings
        # a ruling read as a final letter: "padal" for "pada|"
        if low[-1] in RULING_TAIL.lower() and len(low) >= s.min_glued_word and self.lex.attested(low[:-1]):
            return word[:-1], "table ruling read as a letter"
        # stray capital glued before a word: "Dbertindak"
        if len(word) >= s.min_glued_word and word[0].isupper() and word[1].islower() and self.lex.attested(word[1:]):
            return word[1:], "stray letter before a word"
        # two words run together: "kerjanyauntuk"
        best = None
        for k in range(s.min_split_part, len(low) - s.min_split_part + 1):
            x, y = low[:k], low[k:]
            if x in SUFFIXES or y in SUFFIXES or not (self.lex.attested(x) and self.lex.attested(y)):
                continue
            score = min(self.lex.count(x), self.lex.count(y))
            if best is None or score > best[0]:
                best = (score, k)
        if best:
            k = best[1]
            return f"{word[:k]} {word[k:]}", "words run together"
        return self._misread(word)

    def _misread(self, word: str) -> tuple[str, str] | None:
        """Letters OCR misread inside a word (`mennverifikasi`, `organisasl`): the known word
        within one edit (two for a long word) that differs from it only by glyphs of one shape
        (`rn`/`nn`/`m`, `l`/`i`/`1`, `e`/`c`, ...), the decree's most frequent when several do.
        A typist's slip (`infomasi`, a letter left out) is no glyph confusion: it stays, as printed."""
        low, s = word.lower(), self.settings
        if len(low) < s.misread_min_len or not low.isalpha():
            return None
        limit = s.misread_edits if len(low) < s.misread_long else s.misread_edits_long
        near_words = process.extract(low, self.lex.attested_words(), scorer=Levenshtein.distance,
                                     score_cutoff=limit, limit=s.misread_candidates)
        shape = glyph_shape(low)
        near_words = [x for x in near_words if glyph_shape(x[0]) == shape]
        if not near_words:
            return None
        best = min(d for _, d, _ in near_words)
        top = [w for w, d, _ in near_words if d == best]
        if len(top) > 1:
            attested = [w for w in top if self.lex.attested(w)]
            top = attested or top  # the dictionary's or the decree's own word before a general one
        if len(top) > 1:
            counts = sorted((self.lex.count(w) for w in top), reverse=True)
            if counts[0] == counts[1]:
                return None  # two words as near and as frequent: no way to choose
            top = [max(top, key=self.lex.count)]
        fixed = top[0]
        if word[0].isupper():
            fixed = fixed[0].upper() + fixed[1:]
        return fixed, "letters misread (nearest known word)"

    def log(self, jenjang: str | None, field: str, original: str, replacement: str, rule: str) -> None:
        self.log_to.add(jenjang, field, original, replacement, rule)


def _speck(token: str, lex: Lexicon, s: NormaliseSettings = NORMALISE) -> bool:
    """A token OCR made of a cell's shading or dirt: one to three letters no dictionary sentence has
    (`ee`, `Pe`, `ate`; an abbreviation in capitals is a word), or one or two marks (`$/`)."""
    if re.fullmatch(rf"[^\w\s]{{1,{s.speck_marks}}}", token):
        return True
    return bool(re.fullmatch(rf"[A-Za-z]{{1,{s.speck_letters}}}", token)) and token.lower() not in lex.trusted \
        and not (len(token) > 1 and token.isupper())


def build_lexicon(dictionary_sentences: list[str], decree_text: list[str], s: NormaliseSettings = NORMALISE) -> Lexicon:
    """Known words: the dictionary's, wordfreq's Indonesian list, and words the decree repeats."""
    return Lexicon(decree_text + dictionary_sentences, dictionary_sentences, indonesian_words(), s)


__all__ = ["Correction", "Lexicon", "Normaliser", "build_lexicon", "indonesian_words"]
