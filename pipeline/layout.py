"""Layout stage for PDF input: words with boxes -> lines -> table cells -> lines of text.

Both PDF front ends (`pdf-text`: pdfplumber's words; `pdf-ocr`: Tesseract's words)
hand over each page as words with their boxes plus the table grids found from
the ruling lines. Here the page becomes text lines in reading order, with table
cells read one whole cell after another instead of line by line across the
columns: the interleaving that makes the OCR text hard is gone before the
section and table stages see it. The stages after this one are the text path's.

Reading a ruled row: wide cells are read left to right, each as its own lines;
narrow cells (level, tick columns) are appended to the first line of the wide
cell before them, so a row reads `1. Integritas 2`, `Mampu ...`, `2.1 ...` and a
training item `a. Pelatihan bahasa asing - - v`, which is how the text stages
know these rows. A row the page break cut in two (at the top of the next page,
same columns, its narrow cells empty, its text going on mid-sentence) is joined
back to the row it continues; a repeated header row is dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .load import PAGE_NUMBER, WATERMARK, Line

LINE_TOLERANCE = 3.0  # words whose tops differ by less (pt) sit on one line
NARROW = 0.10  # a column narrower than this share of its table is a narrow (level / tick) column
EMPTY_MARK = "-"
CODE = re.compile(r"^[1-5]\.\d+")


@dataclass
class Word:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float


@dataclass
class Grid:
    """One ruled table on a page: rows of cell boxes (x0, top, x1, bottom); None under a span."""

    rows: list[list[tuple[float, float, float, float] | None]]

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        cells = [c for r in self.rows for c in r if c]
        return (min(c[0] for c in cells), min(c[1] for c in cells), max(c[2] for c in cells), max(c[3] for c in cells))

    def is_narrow(self, cell: tuple[float, float, float, float]) -> bool:
        """A narrow (level or tick) column's cell."""
        x0, _, x1, _ = self.bbox
        return (cell[2] - cell[0]) < NARROW * (x1 - x0)

    def columns(self) -> list[float]:
        """The x of every column edge, from the row with the most cells."""
        row = max(self.rows, key=lambda r: sum(c is not None for c in r))
        return [c[0] for c in row if c] + [max(c[2] for c in row if c)]


@dataclass
class PageWords:
    number: int  # 1-based page number in the PDF
    words: list[Word]
    grids: list[Grid] = field(default_factory=list)
    height: float | None = None  # page height in points


def _same_line(line: list[Word], w: Word) -> bool:
    """Boxes overlapping vertically by half the smaller height share a line (OCR boxes of
    `gaya` and `Menggunakan` differ in top by the ascenders, not by a line)."""
    top, bottom = min(x.top for x in line), max(x.bottom for x in line)
    overlap = min(bottom, w.bottom) - max(top, w.top)
    return overlap > 0.5 * min(bottom - top, w.bottom - w.top) or abs(line[0].top - w.top) < LINE_TOLERANCE


def group_lines(words: list[Word]) -> list[list[Word]]:
    """Words grouped into lines, top to bottom, each line left to right."""
    lines: list[list[Word]] = []
    for w in sorted(words, key=lambda w: (w.top, w.x0)):
        if lines and _same_line(lines[-1], w):
            lines[-1].append(w)
        else:
            lines.append([w])
    return [sorted(ln, key=lambda w: w.x0) for ln in lines]


def text_lines(words: list[Word]) -> list[str]:
    return [" ".join(w.text for w in ln) for ln in group_lines(words)]


def _inside(w: Word, box: tuple[float, float, float, float]) -> bool:
    cx, cy = (w.x0 + w.x1) / 2, (w.top + w.bottom) / 2
    return box[0] <= cx <= box[2] and box[1] <= cy <= box[3]


@dataclass
class _Row:
    cells: list[list[tuple[str, int]]]  # (line, page) of each cell, left to right (spans left out)
    narrow: list[bool]
    columns: tuple[int, ...]
    at_top: bool = False  # the first row of a page's first table (after a repeated header)

    def key(self) -> str:
        return " | ".join(" ".join(t for t, _ in c) for c in self.cells)

    def words(self) -> tuple[str, ...]:
        """The row's words in any order: a repeated header may wrap or split its cells differently."""
        return tuple(sorted(w for c in self.cells for t, _ in c for w in t.split()))


def _grid_rows(page: PageWords, grid: Grid) -> list[_Row]:
    columns = tuple(round(x) for x in grid.columns())
    rows = []
    for row in grid.rows:
        cells = [c for c in row if c]
        texts = [[(t, page.number) for t in text_lines([w for w in page.words if _inside(w, c)])] for c in cells]
        rows.append(_Row(texts, [grid.is_narrow(c) for c in cells], columns))
    return rows


def _row_lines(row: _Row) -> list[tuple[str, int, int | None]]:
    """A row read cell after cell, as (text, page, wide cell index); narrow cells join the first
    line of the wide cell before them."""
    lines: list[tuple[str, int, int | None]] = []
    anchor = None  # index in `lines` of the first line of the last wide cell
    wide = -1  # index of the current wide cell
    ticks = sum(row.narrow) > 1 and any(c for c, nar in zip(row.cells, row.narrow) if nar)
    for cell, nar in zip(row.cells, row.narrow):
        if not nar:
            wide += 1
            if cell:
                anchor = len(lines)
                lines.extend((text, page, wide) for text, page in cell)
            continue
        text = " ".join(t for t, _ in cell) or (EMPTY_MARK if ticks else "")
        if not text:
            continue
        if anchor is None:
            lines.append((text, cell[0][1] if cell else row.cells[0][0][1] if row.cells[0] else 0, None))
            anchor = len(lines) - 1
        else:
            lines[anchor] = (f"{lines[anchor][0]} {text}", *lines[anchor][1:])
    return lines


def _continues(row: _Row, previous: object) -> bool:
    """A row the page break cut: same table columns, nothing in the narrow cells (a level
    or tick is printed at a row's top), and its first text going on mid-sentence."""
    if not isinstance(previous, _Row) or not row.at_top or row.columns != previous.columns:
        return False
    if any(c for c, nar in zip(row.cells, row.narrow) if nar):
        return False
    first = next((c[0][0] for c in row.cells if c), "")
    return bool(first) and (first[:1].islower() or bool(CODE.match(first)) or first[:1] in ",;:.)")


TOP_MARGIN = 0.06  # share of the page height where the page number is printed


def _furniture(text: str, top: float, page_height: float | None) -> str | None:
    """Why a free line is page furniture (page number, watermark), or None.

    OCR garbles a page number (`- 10 -` read as `IOS`), so a token or two of a
    few characters alone in the top margin counts as one."""
    if PAGE_NUMBER.match(text):
        return "page number"
    if WATERMARK.search(text):
        return "watermark"
    if page_height and top < TOP_MARGIN * page_height and len(text.split()) <= 3 and len(text.replace(" ", "")) <= 6:
        return "page number (garbled)"
    return None


def _is_header(row: _Row) -> bool:
    return bool(HEADER.search(row.key())) and not any(CODE.match(t) for c in row.cells for t, _ in c)


HEADER = re.compile(r"\b(Kompetensi\s*\|\s*Level|Jenis Persyaratan|Mutlak)\b")


def page_lines(pages: list[PageWords]) -> tuple[list[Line], list[dict]]:
    """Every page's text as lines in reading order, tables read cell by cell; and the
    page furniture removed (page numbers, the watermark), each with its page."""
    items: list[object] = []  # (text, page) for a free line, or a _Row
    removed: list[dict] = []
    seen_headers: set[tuple[str, ...]] = set()
    for page in pages:
        grids = sorted(page.grids, key=lambda g: g.bbox[1])
        free = [w for w in page.words if not any(_inside(w, g.bbox) for g in grids)]
        blocks: list[tuple[float, object]] = [(ln[0].top, " ".join(w.text for w in ln)) for ln in group_lines(free)]
        blocks += [(g.bbox[1], g) for g in grids]
        blocks.sort(key=lambda b: b[0])
        first_row = True
        for top, block in blocks:
            if isinstance(block, str):
                why = _furniture(block, top, page.height)
                if why:
                    removed.append({"page": page.number, "text": block, "why": why})
                    continue
                items.append((block, page.number))
                first_row = False
                continue
            for row in _grid_rows(page, block):
                if _is_header(row):
                    if row.words() in seen_headers:
                        continue  # the header row repeated on a new page
                    seen_headers.add(row.words())
                row.at_top, first_row = first_row, False
                if _continues(row, items[-1] if items else None):
                    for mine, more in zip(items[-1].cells, row.cells):
                        mine.extend(more)
                else:
                    items.append(row)
    out: list[Line] = []
    for item in items:
        for text, page, cell in (_row_lines(item) if isinstance(item, _Row) else [(*item, None)]):
            out.append(Line(len(out) + 1, text, page, cell))
    return out, removed
