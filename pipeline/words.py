"""Small word-level helpers shared by the stages: folding, fuzzy matching, title case.

OCR garbles letters, so every comparison with an expected word (a label, a
competency name) goes through `fold` and a bounded edit distance rather than `==`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache

from rapidfuzz.distance import Levenshtein

_NON_WORD = re.compile(r"[^0-9a-z]+")


@dataclass(frozen=True)
class WordsSettings:
    """Every tolerance of the word helpers, named (pdfplumber's TableSettings as the model)."""

    cached_words: int = 1 << 16  # folded forms kept: a decree and the dictionary hold a few thousand distinct words
    near_tolerance: float = 0.25  # share of the longer word's letters OCR may garble when a caller names none
    phrase_tolerance: float = 0.15  # the same for a fixed phrase sought in a line, its words run together
    capitals_share: float = 0.7  # a heading in capitals: OCR may read up to 3 letters in 10 small (`F . Ungsional`)
    group_kompetensi_tolerance: float = 0.2  # `kompetensi` (10 letters) before a group's name: two garbled
    group_name_tolerance: float = 0.15  # a group's name (`manajerial`): one garbled letter (`Manajcrial`)
    group_name_words: int = 4  # words a group's name has at most, OCR's splits included (`sosial k ultural`)
    min_hyphened_head: int = 3  # a line-end word cut with `-`: two letters at least before it (`a-` is no cut word)
    reduplication_overlap: int = 4  # letters two halves of a hyphened pair share to be one word doubled (orang- orang)


WORDS = WordsSettings()

# Indonesian words written in lower case inside a title (KBBI / PUEBI rule)
TITLE_SMALL_WORDS = {
    "dan", "atau", "di", "ke", "dari", "pada", "untuk", "yang", "dengan", "dalam",
    "bagi", "oleh", "serta", "tentang", "atas", "antar", "sebagai", "terhadap",
}


@cache
def indonesian_words() -> frozenset[str]:
    """wordfreq's Indonesian list: ~31,000 words seen at least once per million words of
    web, subtitle and Wikipedia text (so rare misspellings are not in it)."""
    from wordfreq import get_frequency_dict

    return frozenset(w for w in get_frequency_dict("id", wordlist="best") if w.isalpha())


@lru_cache(maxsize=WORDS.cached_words)
def fold(text: str) -> str:
    """Lower case, accents and punctuation removed, whitespace collapsed."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return " ".join(_NON_WORD.sub(" ", text.lower()).split())


@lru_cache(maxsize=WORDS.cached_words)
def fold_word(word: str) -> str:
    """`fold` for one token: punctuation dropped, no spaces."""
    return fold(word).replace(" ", "")


def near(a: str, b: str, max_ratio: float = WORDS.near_tolerance) -> bool:
    """True when two words/phrases differ by at most `max_ratio` of the longer one's letters."""
    fa, fb = fold(a), fold(b)
    if not fa or not fb:
        return False
    limit = int(max_ratio * max(len(fa), len(fb)))
    return Levenshtein.distance(fa, fb, score_cutoff=limit) <= limit


def title_case(text: str) -> str:
    """Title case an all-caps heading the Indonesian way ("Standar Kompetensi Jabatan dan ...")."""
    out = []
    for i, word in enumerate(text.lower().split()):
        if i > 0 and word in TITLE_SMALL_WORDS:
            out.append(word)
        else:
            out.append(word[:1].upper() + word[1:])
    return " ".join(out)


def capitalise_first(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


def cer(hypothesis: str, reference: str) -> float:
    """Character error rate after folding case, punctuation and spaces away."""
    h = fold(hypothesis).replace(" ", "")
    r = fold(reference).replace(" ", "")
    if not r:
        return 0.0 if not h else 1.0
    return Levenshtein.distance(h, r) / len(r)


GROUPS = {"manajerial": "manajerial", "sosial kultural": "sosial_kultural", "teknis": "teknis"}


def group_of(text: str, s: WordsSettings = WORDS) -> str | None:
    """The competency group (kelompok) a group row names: `A. Manajerial`, `B. KOMPETENSI SOSIAL
    KULTURAL`, `C.Teknis`, OCR's `A. Manajcrial`; None for any other text."""
    words = fold(text).split()
    if words and len(words[0]) == 1 and len(words) > 1:  # the group's letter or number
        words = words[1:]
    words = [w for w in words if not near(w, "kompetensi", s.group_kompetensi_tolerance)]
    if not words or len(words) > s.group_name_words:
        return None
    phrase = " ".join(words)
    for name, kelompok in GROUPS.items():
        if len(words) <= 2 and (phrase == name or near(phrase, name, s.group_name_tolerance)):
            return kelompok
        if len(words) > 2 and "".join(words) == name.replace(" ", ""):  # a word OCR split: `SOSIAL K ULTURAL`
            return kelompok
    return None


def join_cell_lines(lines: list[str], s: WordsSettings = WORDS) -> str:
    """A cell's lines as one text. A word hyphenated at a line end (`Spe-` / `simen`) is joined;
    a reduplication keeps its hyphen (`orang-` / `orang`, `kehati-` / `hatian`)."""
    out = ""
    for line in (ln.strip() for ln in lines):
        if not line:
            continue
        head = out.rsplit(" ", 1)[-1]
        if head.endswith("-") and len(head) >= s.min_hyphened_head and head[-2].isalpha() and line[:1].islower():
            stem, tail = head[:-1].lower(), line.split()[0].lower()
            overlap = s.reduplication_overlap
            keep = tail.startswith(stem[-overlap:]) or stem.endswith(tail[:overlap]) or tail in stem
            out = (out if keep else out[:-1]) + line
        else:
            out = f"{out} {line}" if out else line
    return out


def compact(text: str) -> str:
    """`fold` without spaces: OCR splits words (`F . Ungsional`, `KOMPET ENSI`) as readily as it garbles them."""
    return fold(text).replace(" ", "")


def find_phrase(text: str, phrase: str, max_ratio: float = WORDS.phrase_tolerance) -> tuple[int, int] | None:
    """(first, end) token indices of the run of `text`'s tokens that spells `phrase` best, within
    `max_ratio` edits per letter once both are compacted: the heading words of a decree found
    through OCR noise (`STANDAR KOMPETENSI JABATAN F . Ungsional`). None when no run is close."""
    tokens = text.split()
    target = compact(phrase)
    limit = int(max_ratio * len(target))
    best = None
    for i in range(len(tokens)):
        acc = ""
        for j in range(i, len(tokens)):
            acc += compact(tokens[j])
            if len(acc) > len(target) + limit:
                break
            if not acc or not compact(tokens[i]):
                continue
            d = Levenshtein.distance(acc, target, score_cutoff=limit)
            if d <= limit and (best is None or d < best[0]):
                best = (d, i, j + 1)
    return (best[1], best[2]) if best else None


def mostly_capitals(text: str, share: float = WORDS.capitals_share) -> bool:
    """A heading line in capitals, allowing OCR a few small letters (`F . Ungsional`)."""
    letters = [ch for ch in text if ch.isalpha()]
    return bool(letters) and sum(ch.isupper() for ch in letters) >= share * len(letters)
