"""A word trigram model of decree Indonesian, used to tell which column a fragment continues.

When OCR reads a table row by row, one printed line holds the ends of several
cells. Which words continue which cell is decided by fluency: "mengajak rekan"
continues a description, "untuk bertindak" continues an indicator. The model is
trained on the national competency dictionary (clean, sentence-level text) and on
the decree's own lines (the same wording recurs across jenjang). A caller that
scores a table row passes that row's own lines as `held_out`, so a row never
vouches for its own (possibly mixed-column) line breaks.

Smoothing is interpolated absolute discounting, enough for a few thousand words.
"""

from __future__ import annotations

import math
from collections import Counter
from functools import lru_cache
from dataclasses import dataclass, field

from .words import fold, fold_word


@dataclass(frozen=True)
class LmSettings:
    """Every constant of the trigram model, named (pdfplumber's TableSettings as the model)."""

    cached_tokens: int = 1 << 16  # word forms whose folded parts are kept: a decree and the dictionary hold fewer
    discount: float = 0.75  # taken off each seen n-gram's count: the usual value in absolute (Kneser-Ney) discounting
    unigram_pseudo_count: float = 0.1  # added to every word's count: an unseen word is rare, not impossible
    min_probability: float = 1e-12  # floor before the log: no word scores minus infinity and swamps a row's sum


LM = LmSettings()

BOS = "<s>"
EOS = "</s>"  # the end of a sentence: a cell's text is one sentence or phrase, and it must end as one


def lm_tokens(words: list[str] | tuple[str, ...]) -> list[str]:
    """Folded word forms the model counts: `tim/kelompok` counts as two words, `-` as none."""
    return [part for w in words for part in _parts(w)]


@lru_cache(maxsize=LM.cached_tokens)
def _parts(word: str) -> tuple[str, ...]:
    return tuple(fold(word).split())


@dataclass
class Counts:
    """N-gram counts of a body of text; subtractable, for held-out scoring."""

    uni: Counter = field(default_factory=Counter)
    bi: Counter = field(default_factory=Counter)
    tri: Counter = field(default_factory=Counter)
    bi_hist: Counter = field(default_factory=Counter)  # count of each word as a bigram history
    tri_hist: Counter = field(default_factory=Counter)

    def add(self, words: list[str], sentence: bool = False) -> None:
        """Count a text: a whole sentence (`sentence`, between BOS and EOS) or a line cut from one."""
        toks = ([BOS] if sentence else []) + lm_tokens(words) + ([EOS] if sentence else [])
        self.uni.update(t for t in toks if t != BOS)
        self.bi.update(zip(toks, toks[1:]))
        self.tri.update(zip(toks, toks[1:], toks[2:]))
        self.bi_hist.update(toks[:-1])
        self.tri_hist.update(zip(toks, toks[1:-1]))


class TrigramModel:
    """Interpolated absolute-discounting trigram model over folded words."""

    def __init__(self, counts: Counts, s: LmSettings = LM):
        self.counts = counts
        self.s = s
        self.discount = s.discount
        self.total = sum(counts.uni.values())
        self.vocab = len(counts.uni) + 1
        self.bi_followers: Counter = Counter(h for h, _ in counts.bi)
        self.tri_followers: Counter = Counter((a, b) for a, b, _ in counts.tri)

    @classmethod
    def train(cls, sentences: list[list[str]], lines: list[list[str]], s: LmSettings = LM) -> "TrigramModel":
        counts = Counts()
        for sentence in sentences:
            counts.add(sentence, sentence=True)
        for ln in lines:
            counts.add(ln)
        return cls(counts, s)

    def known(self, word: str) -> int:
        return self.counts.uni.get(fold_word(word), 0)

    def holding_out(self, held_out: Counts | None) -> "Scorer":
        return Scorer(self, held_out or Counts())


class Scorer:
    """The model with some text's counts taken out (a row's own lines), memoised."""

    def __init__(self, model: TrigramModel, held_out: Counts):
        self.m, self.h = model, held_out
        self.cache: dict[tuple[str, tuple[str, ...]], float] = {}
        # the word types that follow a history only in the held-out text: without them the history
        # has fewer followers, so less probability mass goes to words never seen after it
        c = model.counts
        self.lost_bi: Counter = Counter(v for (v, w), n in held_out.bi.items() if c.bi.get((v, w), 0) <= n)
        self.lost_tri: Counter = Counter((u, v) for (u, v, w), n in held_out.tri.items() if c.tri.get((u, v, w), 0) <= n)

    def logp(self, w: str, hist: tuple[str, ...]) -> float:
        """log P(w | the last two words of hist); w and hist already folded."""
        key = (w, hist[-2:])
        if key in self.cache:
            return self.cache[key]
        c, h, d, k = self.m.counts, self.h, self.m.discount, self.m.s.unigram_pseudo_count
        p = (max(c.uni.get(w, 0) - h.uni.get(w, 0), 0) + k) / (self.m.total + k * self.m.vocab)
        if hist:
            v = hist[-1]
            hist_n = c.bi_hist.get(v, 0) - h.bi_hist.get(v, 0)
            if hist_n > 0:
                n = c.bi.get((v, w), 0) - h.bi.get((v, w), 0)
                followers = self.m.bi_followers.get(v, 0) - self.lost_bi.get(v, 0)
                p = max(n - d, 0) / hist_n + d * followers / hist_n * p
            if len(hist) >= 2:
                uv = (hist[-2], v)
                tri_n = c.tri_hist.get(uv, 0) - h.tri_hist.get(uv, 0)
                if tri_n > 0:
                    n = c.tri.get(uv + (w,), 0) - h.tri.get(uv + (w,), 0)
                    followers = self.m.tri_followers.get(uv, 0) - self.lost_tri.get(uv, 0)
                    p = max(n - d, 0) / tri_n + d * followers / tri_n * p
        result = math.log(min(max(p, self.m.s.min_probability), 1.0))
        self.cache[key] = result
        return result

    def score(self, words: list[str], hist: tuple[str, ...]) -> tuple[float, tuple[str, ...]]:
        """Summed log-probability of `words` continuing `hist`, and the history after them."""
        total = 0.0
        for w in lm_tokens(words):
            total += self.logp(w, hist)
            hist = (hist + (w,))[-2:]
        return total, hist

    def end(self, hist: tuple[str, ...]) -> float:
        """log P(the sentence ends here | hist): low after `yang`, `dan`, `untuk`, a verb lacking its object."""
        return self.logp(EOS, hist) if hist else 0.0
