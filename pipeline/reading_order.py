"""Stage 4c: put back a line that OCR moved out of its place inside a one-column cell.

OCR of a scanned page sometimes emits a line of a paragraph late or early
(`Membuat` / `pengembangan kegiatan ...` / `... antar kerja.` / `pedoman pelaksanaan dan`).
For a one-column cell (the job summary, the field of study, an experience item) every
single-line move is tried and scored by the decree's language model; the best move is
kept only when it reads better by a wide margin, or when a line going on in lower case after
a full stop proves the order wrong (then the best placement that mends it). Each move is reported so it can be logged as a correction.
"""

from __future__ import annotations

from .lm import BOS, Scorer, lm_tokens

MAX_BLOCK = 3
MARGIN = 8.0  # nats the text must gain before a line is moved: reordering is a strong change


def _fluency(lines: list[str], scorer: Scorer) -> float:
    words = [w for ln in lines for w in ln.split()]
    total, hist = 0.0, (BOS,)
    for w in lm_tokens(words):
        total += scorer.logp(w, hist)
        hist = (hist + (w,))[-2:]
    return total


def _ends_well(lines: list[str]) -> bool:
    """A full stop ends its sentence: the next line may start another (a capital), not go on in lower
    case. (A cell may hold more than one sentence, or a heading OCR read into it: `pelayanan antar
    kerja.` / `II. STANDAR KOMPETENSI` is no order to mend.)"""
    return not any(ln.rstrip().endswith(".") and nxt.lstrip()[:1].islower() for ln, nxt in zip(lines, lines[1:]))


def restore_line_order(lines: list[str], scorer: Scorer) -> tuple[list[str], str | None]:
    """(lines in repaired order, description of the move or None when the order is kept).

    Moves are of one block of up to MAX_BLOCK consecutive lines to another place.
    """
    if len(lines) < 3 or len(lines) > 24:
        return lines, None
    base = _fluency(lines, scorer)
    broken_end = not _ends_well(lines)
    best = None
    for size in range(1, MAX_BLOCK + 1):
        for i in range(len(lines) - size + 1):
            block, rest = lines[i : i + size], lines[:i] + lines[i + size :]
            for j in range(len(rest) + 1):
                if j == i:
                    continue
                moved = rest[:j] + block + rest[j:]
                if broken_end and not _ends_well(moved):
                    continue
                gain = _fluency(moved, scorer) - base
                if best is None or gain > best[0]:
                    best = (gain, moved, i, size, j)
    # lower case after a full stop proves the order wrong: take the best placement that mends it
    if best is None or best[0] < (float("-inf") if broken_end else MARGIN):
        return lines, None
    gain, moved, i, size, j = best
    text = " / ".join(lines[i : i + size])
    return moved, f"lines {i + 1}-{i + size} ({text!r}) moved to position {j + 1} (+{gain:.1f} nats)"
