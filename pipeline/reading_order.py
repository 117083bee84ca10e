"""Stage 4c: put back a line that OCR moved out of its place inside a one-column cell.

OCR of a scanned page sometimes emits a line of a paragraph late or early
(`Membuat` / `pengembangan kegiatan ...` / `... antar kerja.` / `pedoman pelaksanaan dan`).
For a one-column cell (the job summary, the field of study, an experience item) every
single-line move is tried and scored by the decree's language model; the best move is
kept only when it reads better by a wide margin, or when a line going on in lower case after
a full stop proves the order wrong (then the best placement that mends it). Each move is reported so it can be logged as a correction.

In a table column, the end of a printed line that OCR cut off and emitted a few lines later is
put back (`rejoin_cut_lines`, used by the competency table's column decoder).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from .lm import BOS, Scorer, lm_tokens


@dataclass(frozen=True)
class ReadingOrderSettings:
    """Every threshold of the line-order repairs, named (pdfplumber's TableSettings as the model)."""

    min_lines: int = 3  # a cell of fewer lines has no order to mend (a line moved past one other is a swap)
    max_lines: int = 24  # nor is a longer one tried: every move is scored, and a cell is rarely this long
    max_block: int = 3  # consecutive lines one move takes
    margin: float = 8.0  # nats the text must gain before a line is moved: reordering is a strong change
    cut_margin: float = 2.5  # nats a rejoined line must gain: less than margin, the layout vouches for the move
    max_cut_words: int = 2  # the cut-off end of a printed line: a word or two
    min_cut_reach: int = 2  # lines: OCR emits the cut-off end after the next line at the earliest
    max_cut_reach: int = 4  # lines: how far after its line OCR emits the cut-off end


READING_ORDER = ReadingOrderSettings()


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

    Moves are of one block of up to `max_block` consecutive lines to another place.
    """
    if len(lines) < READING_ORDER.min_lines or len(lines) > READING_ORDER.max_lines:
        return lines, None
    base = _fluency(lines, scorer)
    broken_end = not _ends_well(lines)
    best = None
    for size in range(1, READING_ORDER.max_block + 1):
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
    if best is None or best[0] < (float("-inf") if broken_end else READING_ORDER.margin):
        return lines, None
    gain, moved, i, size, j = best
    text = " / ".join(lines[i : i + size])
    return moved, f"lines {i + 1}-{i + size} ({text!r}) moved to position {j + 1} (+{gain:.1f} nats)"


# ---------------------------------------------------------------- lines OCR cut in two


@dataclass
class ColumnLine:
    """One source line's share of a table column, as the column decoder assigned it."""

    words: list[str]
    opens_block: bool = False  # the OCR text has a blank line before it: a text block of its own
    whole: bool = False  # the source line holds this column's words only
    barrier: bool = False  # an indicator code stands on it: nothing moves past it (it may receive words)
    no: int | None = None  # the caller's index of the source line


def _column_text(lines: list[ColumnLine]) -> list[str]:
    return [" ".join(ln.words) for ln in lines if ln.words]


def rejoin_cut_lines(lines: list[ColumnLine], scorer: Scorer, width: float | None) -> list[str]:
    """Put back the ends of printed lines that OCR cut off and emitted a few lines later, in place.

    A justified line with wide word gaps (a narrow table column stretched to its width) is read by
    OCR as two text regions; the right one comes out as a block of its own after the next line or
    lines (`tidak` / `pemahaman` / `berbeda; dan` / `Membuat` / `menimbulkan` / `yang`, where the
    decree prints `tidak menimbulkan` / `pemahaman yang`). Such an end is recognised by its form
    alone, which any decree's OCR text shares: a whole line of one column that opens a text block
    (a blank line before it), one or two words without closing punctuation or a capital (the end of
    a sentence or item, a list element with its comma, an item's opening verb are printed where they
    stand), and it fits after a line up to `max_cut_reach` lines above that does not close a sentence
    or item, within the column's width. It goes back there when the language model reads the
    column better by `cut_margin`: the layout supplies the doubt, the model the decision; greedily,
    best move first. Returns a description of each move.
    """
    moves = []
    while True:
        base = _fluency(_column_text(lines), scorer)
        best = None
        for j, cut in enumerate(lines):
            text = " ".join(cut.words)
            if not (cut.opens_block and cut.whole and not cut.barrier
                    and 0 < len(cut.words) <= READING_ORDER.max_cut_words):
                continue
            if text[-1] in ".,;:" or not text[0].islower():
                continue
            for i in range(j - READING_ORDER.min_cut_reach, max(-1, j - READING_ORDER.max_cut_reach - 1), -1):
                if lines[i + 1].barrier:  # an indicator code between: another item
                    break
                head = " ".join(lines[i].words)
                if not head or head[-1] in ".;:" or (width and len(head) + 1 + len(text) > width):
                    continue
                moved = lines[:i] + [replace(lines[i], words=lines[i].words + cut.words)] + lines[i + 1:j] + lines[j + 1:]
                gain = _fluency(_column_text(moved), scorer) - base
                if gain >= READING_ORDER.cut_margin and (best is None or gain > best[0]):
                    best = (gain, moved, f"{text!r} put back after {head!r} (+{gain:.1f} nats)")
        if best is None:
            return moves
        lines[:] = best[1]
        moves.append(best[2])
