"""Small word-level helpers shared by the stages: folding, fuzzy matching, title case.

OCR garbles letters, so every comparison with an expected word (a label, a
competency name) goes through `fold` and a bounded edit distance rather than `==`.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from rapidfuzz.distance import Levenshtein

_NON_WORD = re.compile(r"[^0-9a-z]+")

# Indonesian words written in lower case inside a title (KBBI / PUEBI rule)
TITLE_SMALL_WORDS = {
    "dan", "atau", "di", "ke", "dari", "pada", "untuk", "yang", "dengan", "dalam",
    "bagi", "oleh", "serta", "tentang", "atas", "antar", "sebagai", "terhadap",
}


@lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """Lower case, accents and punctuation removed, whitespace collapsed."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return " ".join(_NON_WORD.sub(" ", text.lower()).split())


@lru_cache(maxsize=1 << 16)
def fold_word(word: str) -> str:
    """`fold` for one token: punctuation dropped, no spaces."""
    return fold(word).replace(" ", "")


def near(a: str, b: str, max_ratio: float = 0.25) -> bool:
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
