"""Layout stage for PDF input: words with boxes and ruled grids -> lines that know their table cell.

Both PDF front ends (`pdf-text`: pdfplumber's words; `pdf-ocr`: Tesseract's words)
hand over each page as words with their boxes plus the table grids found from the
ruling lines. Here a page becomes lines in reading order: free text line by line,
tables row by row and cell by cell, so the column interleaving of plain OCR is gone.

Tables are carried as structure, not re-encoded as text for regexes. Every line
read from a ruled cell knows its row (one id per table row) and its column's role,
which comes from the table's header words (`Kompetensi | Level | Deskripsi |
Indikator`, `Jenis Persyaratan | Uraian | Mutlak | Penting | Perlu`, a `No`
column), else from the table it continues on the next page, else from its content
(a column of lone digits 1-5 is the level, one of `L.n` codes the indicators). A
tick column's cell says whether it holds a mark: any glyph but a dash, a check mark
drawn as a path or an image (text layer), or clearly more ink than its neighbours
(scan). A row the page break cut is joined back (its name cell empty on the next
page; or a part that holds only the row number); a repeated header is dropped.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field, replace

from .load import PAGE_NUMBER, WATERMARK
from .model import Line
from .words import fold, group_of, near

Box = tuple[float, float, float, float]  # x0, top, x1, bottom in PDF points

CODE = re.compile(r"^[(\[]?[1-5S][.,]\d{1,2}")
NUMBER = re.compile(r"^(\d{1,2}|[Il])\s*[.,)]?$")  # a row number alone in its cell (`5.`, `5)`, OCR `l.`)
NUMBERED_NAME = re.compile(r"^\(?(\d{1,2}|[Il])\s*[.,)]?(\s|$)")  # `5. Pelayanan Publik`, `5 Pelayanan`, `(5)`
DASHES = re.compile(r"^[-–—~_.,:;'\"`]*$")
# the watermark as OCR garbles it (`Jt lih.menpan.go.id`, `jdih.menpan go id`)
WATERMARK_TOKEN = re.compile(r"\w*\.?\s*m\s*e\s*n\s*p\s*a\s*n\s*\.?\s*g\s*o\s*\.?\s*i\s*d\b", re.IGNORECASE)
TICK_ROLES = ("mutlak", "penting", "perlu")
EMPTY_MARK = "-"
CHECK_GLYPH = re.compile(r"^\s*[✓✔√☑✗✘]\s*$")  # a check mark printed as a glyph (a text layer's)


@dataclass(frozen=True)
class LayoutSettings:
    """Every threshold of the page layout reader, named (pdfplumber's TableSettings as the model)."""

    line_tolerance: float = 3.0  # words whose tops differ by less (pt) sit on one line
    line_overlap: float = 0.5  # share of the smaller box's height two words must overlap by to share a line
    narrow: float = 0.10  # a column narrower than this share of its table is a narrow (level / tick) column
    column_tolerance: float = 0.03  # share of the table width by which two grids' column edges may differ and match
    edge_slack: int = 1  # pt: a cell's right edge this close to a column's left edge ends before that column
    top_margin: float = 0.06  # share of the page height where the page number is printed
    foot_margin: float = 0.05  # share of the page height at its foot where the watermark is printed
    foot_zone: float = 1.5  # times foot_margin: the foot where a page number or a scrap stands, above the watermark
    page_number_words: int = 3  # tokens of a page number OCR garbled in the top margin (`- 10 -`)
    page_number_chars: int = 6  # ... and its characters, spaces left out
    foot_scrap_words: int = 2  # tokens of a garbled page number or speck at the page's foot
    watermark_rise: int = 2  # pt: words this far above the foot still stand on the watermark's line
    watermark_garble: int = 3  # characters of a garbled word beside the watermark on its line
    mark_ink: int = 30  # dark pixels (300 dpi) above which a tick cell holds a mark, not specks
    tick_ratio: float = 2.0  # a scanned tick holds this many times the ink of the next-inkiest tick cell
    ink_floor: float = 1.0  # dark pixels a dash's mean ink counts as at least, for the tick_ratio between groups
    split_sample: int = 6  # tick cells a grid needs for an ink level parting dashes from ticks
    mark_share: float = 0.9  # share of its cell's width and height a drawn check mark stays under (more: a box)
    noise_conf: int = 30  # OCR: a short word read with less confidence inside a cell is a speck or a ruling's remnant
    noise_letters: int = 3  # letters of such a short word
    free_noise_letters: int = 2  # ... and of one outside the cells (a colon read as `un`, `Ba`)
    tiny: float = 0.45  # of the page's typical word height: a one- or two-glyph OCR word this small is a speck
    tiny_glyphs: int = 2  # characters of such a speck
    typical_letters: int = 3  # letters and digits of the words whose median height is the page's typical
    typical_sample: int = 5  # such words a page needs for a typical height (fewer: no speck dropped)
    header_words: int = 6  # words of a header cell at most (a longer cell is text)
    header_tolerance: float = 0.2  # share of a header word's letters OCR may garble (`Kompetcnsi`)
    header_exact: int = 5  # letters of a header word below which it must be read exactly (`no`, `level` is five)
    penting_tolerance: float = 0.15  # `penting`, closer: it must not take `pentingnya`
    pentingnya_tolerance: float = 0.1  # `pentingnya`, closer still: one letter
    nomor_words: int = 2  # words of a row-number header (`No.`, `Nomor Urut`)
    header_named: int = 2  # cells naming a column a header row needs at least ...
    header_share: float = 0.6  # ... and the share of its cells that must name a column (OCR garbles a few)
    header_rows: int = 3  # rows at a table's top that may be header rows (a header, a numbering row, a sub-header)
    numbering_cells: int = 3  # cells of a row numbering the columns (`(1) (2) (3)`) ...
    numbering_chars: int = 4  # ... each this short ...
    numbering_min: int = 2  # ... of which this many at least ...
    numbering_share: float = 0.5  # ... and this share read as column numbers
    garbled_numbering_chars: int = 6  # a numbering row garbled further: cells this short, no word in any ...
    garbled_numbering_min: int = 3  # ... digits in this many cells at least ...
    garbled_numbering_share: float = 0.6  # ... and in this share of them
    content_cells: int = 2  # filled cells a headerless column needs for its share of codes, numbers or levels
    code_share: float = 0.5  # share of a column's cells opening with an indicator code that makes it the indicators'
    column_share: float = 0.6  # share of them that are row numbers (or lone level digits) that makes it that column
    counting_values: int = 3  # row numbers a column needs to count up ...
    counting_share: float = 0.6  # ... and the share of neighbours that count up by one
    tick_column_cells: int = 3  # cells a narrow column needs to be a tick column by its marks


LAYOUT = LayoutSettings()


@dataclass
class Word:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    conf: float | None = None  # OCR confidence (0-100); None for a text layer's word


@dataclass
class Grid:
    """One ruled table on a page: rows of cell boxes, aligned to the table's columns (None
    where a spanning cell covers the column); for a scan, the dark pixels in each cell."""

    rows: list[list[Box | None]]
    ink: list[list[float | None]] | None = None

    @functools.cached_property
    def bbox(self) -> Box:  # asked for every word of every cell: computed once (the rows never change)
        cells = [c for r in self.rows for c in r if c]
        return (min(c[0] for c in cells), min(c[1] for c in cells), max(c[2] for c in cells), max(c[3] for c in cells))

    def is_narrow(self, cell: Box) -> bool:
        """A narrow (level or tick) column's cell."""
        x0, _, x1, _ = self.bbox
        return (cell[2] - cell[0]) < LAYOUT.narrow * (x1 - x0)

    def edges(self) -> list[float]:
        """The x of every column's left edge, then the table's right edge (pdfplumber aligns each
        row's cells to these columns)."""
        starts = sorted({c[0] for r in self.rows for c in r if c})
        return starts + [self.bbox[2]]


@dataclass
class PageWords:
    number: int  # 1-based page number in the PDF
    words: list[Word]
    grids: list[Grid] = field(default_factory=list)
    height: float | None = None  # page height in points
    marks: list[Box] = field(default_factory=list)  # text layer: small drawn objects (paths, images)
    source: str = "text"  # where the words came from: "text" (a born-digital page), "ocr", "layer" (a scan's)
    # the front end's changes to the words (a text layer's lines re-read by OCR): page, box, text, replacement, why
    changes: list[dict] = field(default_factory=list)


# ---------------------------------------------------------------- words -> lines

def _same_line(line: list[Word], w: Word) -> bool:
    """Boxes overlapping vertically by half the smaller height share a line (OCR boxes of
    `gaya` and `Menggunakan` differ in top by the ascenders, not by a line)."""
    top, bottom = min(x.top for x in line), max(x.bottom for x in line)
    overlap = min(bottom, w.bottom) - max(top, w.top)
    return overlap > LAYOUT.line_overlap * min(bottom - top, w.bottom - w.top) \
        or abs(line[0].top - w.top) < LAYOUT.line_tolerance


def group_lines(words: list[Word]) -> list[list[Word]]:
    """Words grouped into lines, top to bottom, each line left to right."""
    lines: list[list[Word]] = []
    for w in sorted(words, key=lambda w: (w.top, w.x0)):
        if lines and _same_line(lines[-1], w):
            lines[-1].append(w)
        else:
            lines.append([w])
    return [sorted(ln, key=lambda w: w.x0) for ln in lines]


@dataclass
class _Text:
    """One line of words with its page, box and OCR confidence."""

    text: str
    page: int
    box: Box | None = None
    conf: tuple[float, float] | None = None


def _text_of(words: list[Word], page: int) -> _Text:
    box = (min(w.x0 for w in words), min(w.top for w in words), max(w.x1 for w in words), max(w.bottom for w in words))
    confs = [w.conf for w in words if w.conf is not None]
    conf = (round(sum(confs) / len(confs), 1), round(min(confs), 1)) if confs else None
    return _Text(" ".join(w.text for w in words), page, tuple(round(v, 1) for v in box), conf)


def text_lines(words: list[Word]) -> list[str]:
    return [" ".join(w.text for w in ln) for ln in group_lines(words)]


def _inside(w: Word, box: Box) -> bool:
    cx, cy = (w.x0 + w.x1) / 2, (w.top + w.bottom) / 2
    return box[0] <= cx <= box[2] and box[1] <= cy <= box[3]


# ---------------------------------------------------------------- column roles

@functools.lru_cache(maxsize=4096)  # asked again for every cell of every row and page; a pure function of the text
def header_role(text: str) -> str | None:
    """The role a header cell's words give its column, None for no header word.
    Words are matched loosely (OCR: `Kompetcnsi`, `Indikator Kompetensi`)."""
    words = fold(text).split()
    if not words or len(words) > LAYOUT.header_words or any(ch.isdigit() for w in words for ch in w):
        return None

    joined = "".join(words)  # a narrow header cell breaks its word: `Lev` / `el`, `Pen-` / `ting`

    def has(word: str, ratio: float = LAYOUT.header_tolerance) -> bool:
        return any(w == word or (len(word) >= LAYOUT.header_exact and near(w, word, ratio)) for w in words) or \
            (len(words) > 1 and len(word) >= LAYOUT.header_exact and (joined == word or near(joined, word, ratio)))

    if has("indikator"):
        return "indikator"
    if has("deskripsi"):
        return "deskripsi"
    if has("level"):
        return "level"
    if has("mutlak"):
        return "mutlak"
    if has("penting", LAYOUT.penting_tolerance) and not has("pentingnya", LAYOUT.pentingnya_tolerance):
        return "penting"
    if "perlu" in words or joined == "perlu":
        return "perlu"
    if has("tingkat") or has("pentingnya", LAYOUT.pentingnya_tolerance):
        return "tingkat"  # the tick columns' common heading
    if has("persyaratan"):
        return "jenis"
    if has("uraian"):
        return "uraian"
    if has("kompetensi"):
        return "nama"
    if (words[0] in {"no", "nomor", "nmr"} and len(words) <= LAYOUT.nomor_words) or joined in {"no", "nomor"}:
        return "nomor"
    if words == ["jenis"]:
        return "jenis"
    return None


def _header_roles(cells: list[tuple[int, int, str]]) -> dict[int, str] | None:
    """Roles of the columns a header row names: cells as (first column, last column, text);
    None when the row is no header (fewer than two header words)."""
    named = [(a, b, header_role(t)) for a, b, t in cells if t.strip()]
    # OCR may garble a header word (`No` read as `xe`): most of the row's cells must name a column
    if sum(1 for *_, r in named if r) < max(LAYOUT.header_named, LAYOUT.header_share * len(named)):
        return None
    roles: dict[int, str] = {}
    for a, b, role in named:
        for c in range(a, b + 1):
            if role:
                roles[c] = role
    return roles


def _complete_ticks(roles: dict[int, str], columns: int) -> dict[int, str]:
    """The tick columns come as Mutlak | Penting | Perlu, side by side: a tick column whose header
    OCR lost (a small word in a narrow cell), or three columns under one `Tingkat Pentingnya`
    heading, take their place in that order."""
    ticks = {c: TICK_ROLES.index(r) for c, r in roles.items() if r in TICK_ROLES}
    if ticks:
        start = min(c - i for c, i in ticks.items())
        if all(c - i == start for c, i in ticks.items()):
            for i, role in enumerate(TICK_ROLES):
                if 0 <= start + i < columns and roles.get(start + i) in (None, "tingkat"):
                    roles[start + i] = role
    tingkat = sorted(c for c, r in roles.items() if r == "tingkat")
    if len(tingkat) == 3 and tingkat[-1] - tingkat[0] == 2:
        roles.update(zip(tingkat, TICK_ROLES))
    return roles


def _content_roles(columns: list[list[str]], narrow: list[bool] | None = None) -> dict[int, str]:
    """Roles read from what a headerless competency table's columns hold: lone level digits,
    indicator codes, row numbers; the name is the column left of the level, the description
    the one between level and indicators."""
    def share(texts: list[str], pattern: re.Pattern) -> float:
        full = [t for t in texts if t.strip()]
        return sum(1 for t in full if pattern.match(t.strip())) / len(full) if len(full) >= LAYOUT.content_cells else 0.0

    def counts_up(texts: list[str]) -> bool:  # row numbers: 1, 2, 3 ... (a level column repeats its digits)
        values = [int(m.group(1)) for t in texts if (m := re.match(r"^(\d{1,2})\W*$", t.strip()))]
        return len(values) >= LAYOUT.counting_values and \
            sum(b == a + 1 for a, b in zip(values, values[1:])) >= LAYOUT.counting_share * (len(values) - 1)

    roles: dict[int, str] = {}
    ticks = _tick_columns(columns, narrow)
    if ticks:  # a requirements table: the section labels leftmost, the items between
        roles.update(zip(ticks, TICK_ROLES))
        roles[0] = "jenis"
        roles.update({c: "uraian" for c in range(1, ticks[0])})
        return roles
    codes = [c for c, texts in enumerate(columns) if share(texts, CODE) >= LAYOUT.code_share]
    numbers = [c for c, texts in enumerate(columns) if share(texts, NUMBER) >= LAYOUT.column_share and counts_up(texts)]
    level = [c for c, texts in enumerate(columns)
             if share(texts, re.compile(r"^[1-5S]$")) >= LAYOUT.column_share and c not in numbers]
    if not codes:
        return roles
    ind = codes[-1]
    roles[ind] = "indikator"
    lv = max((c for c in level if c < ind), default=None)
    if lv is None and narrow and len(narrow) == len(columns):
        # OCR garbled the digits (`"2 .`, `Tana`): the one narrow column between two wide ones
        # left of the indicators is the level
        between = [c for c in range(1, ind - 1) if narrow[c] and not narrow[c - 1] and not narrow[c + 1]
                   and c not in numbers]
        lv = between[0] if len(between) == 1 else None
    if lv is not None:
        roles[lv] = "level"
    for c in numbers:
        if c < (lv if lv is not None else ind):
            roles[c] = "nomor"
    free = [c for c in range(ind) if c not in roles]
    if lv is not None:
        left, right = [c for c in free if c < lv], [c for c in free if c > lv]
        if left:
            roles[left[-1]] = "nama"
        if right:
            roles[right[0]] = "deskripsi"
    elif len(free) >= 2:
        roles[free[0]], roles[free[-1]] = "nama", "deskripsi"
    return roles


TICK_TEXT = re.compile(r"^(?:[-–—~_.,:;'\"`]{1,2}|[xXvV✓✔√]|)$")  # a tick cell as OCR reads it


def _tick_columns(columns: list[list[str]], narrow: list[bool] | None) -> list[int] | None:
    """The last three columns, when they are narrow and each holds only marks and dashes (`x`,
    `v`, `✓`, `-`, or nothing OCR kept: a scan's ticks are read by their ink) but for one header
    word: the tick columns of a requirements table whose header OCR lost, in the order every
    decree prints them."""
    if len(columns) < 4 or not narrow or len(narrow) != len(columns):
        return None
    last = list(range(len(columns) - 3, len(columns)))
    for c in last:
        texts = [t.strip() for t in columns[c]]
        if not narrow[c] or len(texts) < LAYOUT.tick_column_cells or sum(not TICK_TEXT.match(t) for t in texts) > 1:
            return None
    return last if not narrow[last[0] - 1] else None


def table_kind(roles: dict[int, str]) -> str | None:
    values = set(roles.values())
    if {"indikator"} <= values and values & {"nama", "deskripsi"}:
        return "kompetensi"
    if values & set(TICK_ROLES):
        return "persyaratan"
    return None


# ---------------------------------------------------------------- rows

@dataclass
class _Cell:
    first: int  # first and last column the cell covers
    last: int
    texts: list[_Text]
    box: Box
    page: int
    mark: bool = False  # holds a glyph or a drawn mark (tick cells)
    ink: float | None = None

    @property
    def text(self) -> str:
        return " ".join(t.text for t in self.texts)


@dataclass
class _Table:
    """A table as it runs over pages: its columns (relative edges) and their roles."""

    edges: list[float]  # column edges as shares of the table width
    roles: dict[int, str]

    @property
    def kind(self) -> str | None:
        return table_kind(self.roles)


@dataclass
class _GridRow:
    cells: list[_Cell]
    table: _Table
    narrow: list[bool]
    roles: dict[int, str] = field(default_factory=dict)  # the role of each column of this row's grid
    edge_map: dict[int, int] | None = None  # its grid's column edges as the table's (None: the same)
    at_top: bool = False  # the first content row of a page's first table (after a repeated header)
    header: bool = False
    group: bool = False  # a row of one spanning cell naming a competency group

    def role_of(self, cell: _Cell) -> str | None:
        return self.roles.get(cell.first)

    def columns(self, cell: _Cell) -> tuple[int, int]:
        """(first column, columns covered) of a cell, counted in the table's columns."""
        m = self.edge_map or {}
        first, end = m.get(cell.first, cell.first), m.get(cell.last + 1, cell.last + 1)
        return first, max(1, end - first)

    def role_text(self, *roles: str) -> str:
        return " ".join(c.text for c in self.cells if self.roles.get(c.first) in roles).strip()

    def words(self) -> tuple[str, ...]:
        """The row's words in any order: a repeated header may wrap or split its cells differently."""
        return tuple(sorted(w for c in self.cells for w in c.text.split()))


def _relative(edges: list[float]) -> list[float]:
    x0, x1 = edges[0], edges[-1]
    return [(x - x0) / (x1 - x0) for x in edges] if x1 > x0 else edges


def _column_map(table: list[float], grid: list[float]) -> dict[int, int] | None:
    """Each column of a grid (relative edges) mapped to the table column it continues, when every
    one of its edges is one of the table's: a grid on the next page may hold only spanning cells
    (`E. Indikator Kinerja | text`) and so fewer columns. None when the grid is another table."""
    mapping = {}
    for k, x in enumerate(grid[:-1]):
        j = min(range(len(table) - 1), key=lambda j: abs(table[j] - x))
        if abs(table[j] - x) > LAYOUT.column_tolerance or (mapping and j <= max(mapping.values())):
            return None
        mapping[k] = j
    if not mapping or mapping[0] != 0:
        return None
    mapping[len(grid) - 1] = len(table) - 1  # the right edge: the table's
    return mapping


def _noise(w: Word) -> bool:
    return w.conf is not None and w.conf < LAYOUT.noise_conf and len(w.text) <= LAYOUT.noise_letters and w.text.isalpha()


def _drop_tiny(page: PageWords, removed: list[dict]) -> list[Word]:
    """A scan's words without the specks OCR read as a glyph (`5`, `CA`) far smaller than the
    page's type: a decree prints no letter or digit at a third of its text's height. The
    typical height is the median of the page's OCR words of three or more letters; the
    dropped ones are listed in `removed`, one entry per page."""
    heights = sorted(w.bottom - w.top for w in page.words
                     if w.conf is not None and sum(ch.isalnum() for ch in w.text) >= LAYOUT.typical_letters)
    if len(heights) < LAYOUT.typical_sample:
        return page.words
    typical = heights[len(heights) // 2]
    tiny = [w for w in page.words if w.conf is not None and len(w.text) <= LAYOUT.tiny_glyphs
            and any(ch.isalnum() for ch in w.text) and w.bottom - w.top < LAYOUT.tiny * typical]
    if tiny:
        removed.append({"page": page.number, "text": " ".join(w.text for w in tiny), "why": "speck"})
    gone = {id(w) for w in tiny}
    return [w for w in page.words if id(w) not in gone]


def _cell_texts(page: PageWords, box: Box) -> list[_Text]:
    words = [w for w in page.words if _inside(w, box) and not _noise(w)]
    return [_text_of(ln, page.number) for ln in group_lines(words)]


def _has_mark(page: PageWords, box: Box, text: str) -> bool:
    """A glyph other than a dash, or a small drawn object inside the cell (text layer)."""
    if text.strip() and not DASHES.match(text.replace(" ", "")):
        return True
    x0, top, x1, bottom = box
    for m in page.marks:
        cx, cy = (m[0] + m[2]) / 2, (m[1] + m[3]) / 2
        small = (m[2] - m[0]) < LAYOUT.mark_share * (x1 - x0) \
            and (m[3] - m[1]) < LAYOUT.mark_share * (bottom - top)
        if small and x0 < cx < x1 and top < cy < bottom:
            return True
    return False


def _grid_cells(page: PageWords, grid: Grid) -> list[list[_Cell]]:
    edges = grid.edges()
    rows = []
    for r, row in enumerate(grid.rows):
        cells = []
        for c, box in enumerate(row):
            if not box:
                continue
            last = max(k for k in range(c, len(edges) - 1) if edges[k] < box[2] - LAYOUT.edge_slack) \
                if len(edges) > 1 else c
            ink = grid.ink[r][c] if grid.ink and r < len(grid.ink) and c < len(grid.ink[r]) else None
            texts = _cell_texts(page, box)
            if not grid.is_narrow(box):  # a text cell: a line of specks only (`.`, `"`, `1 -` is kept) is none of it;
                # a check mark's glyph alone is a tick cell's mark (a tick column set a little wider than `narrow`)
                texts = [t for t in texts if any(ch.isalnum() for ch in t.text) or CHECK_GLYPH.match(t.text)]
            cells.append(_Cell(c, last, texts, box, page.number, ink=ink))
        rows.append(cells)
    return rows


def _is_group(cells: list[_Cell]) -> bool:
    full = [c for c in cells if c.texts]
    return len(full) == 1 and group_of(full[0].text) is not None


def _set_marks(row: _GridRow, page: PageWords, scanned: bool, split: float | None = None) -> None:
    """Which tick cells of a row hold a mark: a scan's by their ink (clearly the inkiest, or
    the only one above `split`, the grid's ink level between dashes and ticks), a text
    layer's by a glyph or a drawn mark."""
    ticks = [c for c in row.cells if row.role_of(c) in TICK_ROLES]
    if not ticks:
        return
    if scanned:
        inks = sorted((c.ink or 0.0 for c in ticks), reverse=True)
        second = inks[1] if len(inks) > 1 else 0.0
        clear = inks[0] > LAYOUT.tick_ratio * second or (split is not None and inks[0] > split > second)
        for c in ticks:
            c.mark = (c.ink or 0.0) == inks[0] and inks[0] > LAYOUT.mark_ink and clear
    else:
        for c in ticks:
            c.mark = _has_mark(page, c.box, c.text)


def ink_split(inks: list[float]) -> float | None:
    """The ink level that best parts a grid's tick cells in two (dashes and specks below, ticks
    above: Otsu's criterion on the values), None when they do not fall in two clear groups.
    A poor scan's specks can give a dash half a tick's ink, too much for a ratio within one row."""
    values = sorted(inks)
    if len(values) < LAYOUT.split_sample:
        return None
    best = None
    for k in range(1, len(values)):
        low, high = values[:k], values[k:]
        m0, m1 = sum(low) / len(low), sum(high) / len(high)
        between = len(low) * len(high) * (m1 - m0) ** 2
        if best is None or between > best[0]:
            best = (between, (values[k - 1] + values[k]) / 2, m0, m1)
    _, split, m0, m1 = best
    return split if m1 > LAYOUT.tick_ratio * max(m0, LAYOUT.ink_floor) else None


def _continues(row: _GridRow, previous: object) -> bool:
    """A row the page break cut, at the top of the next page: same table; for a competency row
    the name cell is empty (every row names its competency), for a requirements row no tick and
    its text goes on mid-sentence; else nothing in the narrow cells and text going on mid-sentence."""
    if not isinstance(previous, _GridRow) or row.table is not previous.table or row.group or previous.header:
        return False
    kind = row.table.kind
    if not row.at_top:
        # mid-page, a competency row with no name, number or level is the row above it, split by
        # a ruling a scan's speckles or show-through made up (or a name cell spanning rows)
        return kind == "kompetensi" and not any(row.role_text(r) for r in ("nama", "nomor", "level")) \
            and any(c.texts for c in row.cells)
    first = next((c.texts[0].text for c in row.cells if c.texts and row.role_of(c) not in TICK_ROLES), "")
    mid_sentence = bool(first) and (first[:1].islower() or bool(CODE.match(first)) or first[:1] in ",;:.)")
    if kind == "kompetensi":
        # every competency row opens with its name, its number and its level: a part with an empty
        # name cell goes on, and so does one with neither number nor level after a numbered row
        # (its name cell goes on too: `Kerja dan Perluasan Ke-` / `sempatan Kerja`)
        name = row.role_text("nama")
        if not name and not row.role_text("nomor"):
            return any(c.texts for c in row.cells)
        numbered = bool(previous.role_text("nomor") or NUMBERED_NAME.match(previous.role_text("nama")))
        unnumbered = not row.role_text("nomor") and not NUMBERED_NAME.match(name)
        return numbered and unnumbered and not row.role_text("level")
    if kind == "persyaratan":
        if any(c.mark for c in row.cells) or row.role_text("jenis"):
            return False
        # an item opens with its letter, a status or a training kind, and its row carries the tick:
        # a part with none of them after a ticked row is that row's rest
        opens_item = bool(re.match(r"^(?:[a-z]|\d)\s*[.)]\s|^(?:PNS|PPPK)\b", first))
        return mid_sentence or (not opens_item and any(c.mark for c in previous.cells))
    if any(c.texts for c, nar in zip(row.cells, row.narrow) if nar):
        return False
    return mid_sentence


def _stub(row: _GridRow) -> set[str]:
    """The roles of a row part that holds nothing but its number and/or level (the page break cut
    the rest off: both are printed at the top of a row, or in its middle); empty for any other row."""
    full = [c for c in row.cells if c.texts and row.role_of(c) not in TICK_ROLES]
    roles = set()
    for c in full:
        role = row.role_of(c)
        if role == "level" or (role in ("nama", "nomor") and NUMBER.match(c.text)):
            roles.add("nomor" if role == "nama" else role)
        else:
            return set()
    return roles


WORD = re.compile(r"[^\W\d_]{2}")  # two letters running: a word's, never a speck's


def _specks_only(row: _GridRow) -> bool:
    """A competency row with something in it but no word in any cell, no indicator code, and no row
    number or level of its own (`_stub`): a speck or a ruling's remnant a scan set between two
    rulings (`“w`, `(3) |`). Every competency row prints its name and description in words."""
    texts = [c.text for c in row.cells if c.texts and row.role_of(c) not in TICK_ROLES]
    return bool(texts) and not _stub(row) and not any(WORD.search(t) or CODE.match(t) for t in texts)


def _completes(stub: set[str], row: _GridRow) -> bool:
    """Does `row` hold the rest of a stub row: none of the values the stub already holds."""
    has_number = bool(row.role_text("nomor") or NUMBERED_NAME.match(row.role_text("nama")))
    return not ("nomor" in stub and has_number) and not ("level" in stub and row.role_text("level"))


def _join_rows(mine: _GridRow, more: _GridRow) -> None:
    """Append `more`'s cells to `mine`'s, cell by cell: by role where the columns have one
    (the grids of two pages may number their columns differently), else by column. Two columns
    may share a role (a requirement's sub-label and its text are both `uraian`): a cell goes on
    the one that starts at its table column, where there is one (`3.` / `Fungsional` cut by the
    page break stays the sub-label, not the text beside it)."""
    def key(row: _GridRow, cell: _Cell) -> object:
        return row.role_of(cell) or cell.first

    by_key = {key(mine, c): c for c in mine.cells}
    by_column = {(mine.role_of(c), mine.columns(c)[0]): c for c in mine.cells}
    for cell in more.cells:
        into = by_column.get((more.role_of(cell), more.columns(cell)[0])) or by_key.get(key(more, cell))
        if into is None:
            mine.cells.append(cell)
            mine.roles.setdefault(cell.first, more.role_of(cell))
            by_key[key(more, cell)] = cell
            by_column[(more.role_of(cell), more.columns(cell)[0])] = cell
        else:
            into.texts.extend(cell.texts)
            into.mark = into.mark or cell.mark
    mine.cells.sort(key=lambda c: c.first)


# ---------------------------------------------------------------- page furniture

# a page number as decrees print it: `- 3 -`, `3`, `Halaman 3`, `Hal. 3 dari 12`, `3/12`
PAGE_NUMBER_ANY = re.compile(r"^(?:-\s*)?(?:(?:hal(?:aman)?\.?)\s*)?\d{1,3}(?:\s*(?:/|dari)\s*\d{1,3})?(?:\s*-)?$",
                             re.IGNORECASE)


def _furniture(text: str, top: float, page_height: float | None) -> str | None:
    """Why a free line is page furniture (page number, watermark), or None.

    A page number stands in the top or foot margin in any of its forms; OCR garbles it
    (`- 10 -` read as `IOS`), so a token or two of a few characters alone in the top
    margin counts as one."""
    if not any(ch.isalnum() for ch in text):
        return "speck"  # a scan's dot or dash read as `-`, `.`, `|`: nothing a decree prints alone
    if PAGE_NUMBER.match(text):
        return "page number"
    if WATERMARK.search(text) or WATERMARK_TOKEN.search(text):
        return "watermark"
    if not page_height:
        return None
    in_margin = top < LAYOUT.top_margin * page_height or top > (1 - LAYOUT.foot_zone * LAYOUT.foot_margin) * page_height
    if in_margin and PAGE_NUMBER_ANY.match(text.strip()):
        return "page number"
    if top < LAYOUT.top_margin * page_height and len(text.split()) <= LAYOUT.page_number_words \
            and len(text.replace(" ", "")) <= LAYOUT.page_number_chars:
        return "page number (garbled)"
    return None


def _foot_scrap(text: str, top: float, page_height: float | None) -> bool:
    """A token or two of a few characters in the page's foot (a page number or a speck OCR
    garbled: `un`): kept as a free line, but no end of the table above it, which the next page
    may go on with."""
    return bool(page_height) and top > (1 - LAYOUT.foot_zone * LAYOUT.foot_margin) * page_height and _scrap_sized(text)


def _scrap_sized(text: str) -> bool:
    """A token or two of a few characters: a page number's or a speck's size, no line's."""
    return len(text.split()) <= LAYOUT.foot_scrap_words and len(text.replace(" ", "")) <= LAYOUT.page_number_chars


def _tail_scrap(blocks: list[tuple[float, object]]) -> bool:
    """A speck read as a digit or a mark (`1`, `5 :`) below the page's last table, with nothing after
    it on the page but more of the same: no end of the table, which the next page may go on with
    (above the page's foot, where `_foot_scrap` looks, a stamp or show-through leaves them too)."""
    return all(isinstance(block, _Text) and _scrap_sized(block.text) and not WORD.search(block.text)
               for _, block in blocks)


def _strip_watermark(page: PageWords, removed: list[dict]) -> None:
    """Drop the watermark's words wherever they sit, a cell included (OCR reads the small foot
    line into the cell above: `... organisasi Jt lih.menpan.go.id`), with the garbled letters
    before it on its line when they stand in the page's foot."""
    foot = (1 - LAYOUT.foot_margin) * page.height if page.height else None
    marks = [w for w in page.words if WATERMARK_TOKEN.search(w.text) or WATERMARK.search(w.text)]
    if not marks:
        return
    drop = set()
    for m in marks:
        drop.add(id(m))
        if foot is not None and m.top >= foot:
            drop.update(id(w) for w in page.words if w.top >= foot - LAYOUT.watermark_rise
                        and abs(w.top - m.top) < LAYOUT.line_tolerance and len(w.text) <= LAYOUT.watermark_garble)
    gone = [w for w in page.words if id(w) in drop]
    page.words = [w for w in page.words if id(w) not in drop]
    removed.append({"page": page.number, "text": " ".join(w.text for w in gone), "why": "watermark"})


# ---------------------------------------------------------------- reading a page

COLUMN_NUMBER = re.compile(r"^\(?\d{1,2}\)?\.?$")  # `(1) (2) (3) (4)`: a row numbering the columns


def _columns(rows: list[list[_Cell]], count: int) -> list[list[str]]:
    """The texts of each column's own cells (spanning cells left out), for `_content_roles`."""
    every = [c for cells in rows for c in cells]
    return [[c.text for c in every if c.first == k == c.last] for k in range(count)]


HEADER_VOCABULARY = ("no", "nomor", "nama", "jenis", "kompetensi", "level", "deskripsi", "indikator", "perilaku",
                     "persyaratan", "uraian", "tingkat", "pentingnya", "terhadap", "jabatan", "mutlak", "penting",
                     "perlu")


def _all_header_words(text: str) -> bool:
    """Every word of the text is a header word (`Kompetensi | Level Deskripsi Indikator ...` in
    one cell, when a scan lost the rulings between the header's cells), two of them naming columns."""
    words = [w for w in fold(text).split() if len(w) > 1]
    roles = {header_role(w) for w in words} - {None, "tingkat"}
    return len(roles) >= LAYOUT.header_named and all(
        w in HEADER_VOCABULARY or any(near(w, v, LAYOUT.header_tolerance) for v in HEADER_VOCABULARY
                                      if len(v) >= LAYOUT.header_exact) for w in words)


def _is_header(cells: list[_Cell]) -> dict[int, str] | None:
    """The roles a header row gives its columns; {} for a row that numbers the columns under
    the header, or a header whose cells a scan ran together; None for a row that is no header."""
    full = [c.text.replace(" ", "") for c in cells if c.text.strip()]  # `(1` / `)` in a narrow cell
    # OCR garbles a few of them (`(eh)`): short cells, most of them numbers
    if len(full) >= LAYOUT.numbering_cells and all(len(t) <= LAYOUT.numbering_chars for t in full) and \
            sum(bool(COLUMN_NUMBER.match(t)) for t in full) >= max(LAYOUT.numbering_min,
                                                                   LAYOUT.numbering_share * len(full)):
        return {}
    # or garbled further (`(1 33 | P3 | 4 | 2.14) | (5) g`): short cells, no word in any, digits in most
    if len(full) >= LAYOUT.numbering_cells and all(len(t) <= LAYOUT.garbled_numbering_chars
                                                  and not re.search(r"[A-Za-z]{3}", t) for t in full) and \
            sum(any(ch.isdigit() for ch in t) for t in full) >= max(LAYOUT.garbled_numbering_min,
                                                                    LAYOUT.garbled_numbering_share * len(full)):
        return {}
    # a speck read as a digit or a mark beside a header word (`2 Deskripsi`) is none of it
    roles = _header_roles([(c.first, c.last, _unspecked(c.text)) for c in cells])
    if roles is None and _all_header_words(" ".join(c.text for c in cells)):
        return {}
    return roles


RULING_MARKS = "|"  # what OCR reads a vertical ruling beside a cell's text as


def _ruled_numbering(cells: list[_Cell]) -> bool:
    """A row numbering the columns (`(1) (2) (3) (4)`) that `_is_header` missed because OCR read a
    ruling beside a number (`(3) |`) and garbled another past reading (`(1)` as `“w`): short cells
    only; once the ruling marks are off, enough of them are column numbers, each its own column's
    (a row's number and level, `5.` then `2`, are not)."""
    filled = [(c.first, c.text.replace(" ", "")) for c in sorted(cells, key=lambda c: c.first) if c.text.strip()]
    if len(filled) < LAYOUT.numbering_cells or any(len(t) > LAYOUT.numbering_chars for _, t in filled):
        return False
    numbered = [(col, bare) for col, t in filled if COLUMN_NUMBER.match(bare := t.strip(RULING_MARKS))]
    # each number its column's (`(2)` in the second), and, but for three or more, in brackets (a stub's
    # `1.` and level `2` in the first two columns is a row)
    return len(numbered) >= max(LAYOUT.numbering_min, LAYOUT.numbering_share * len(filled)) \
        and all(int(re.sub(r"\D", "", bare)) == col + 1 for col, bare in numbered) \
        and (len(numbered) >= LAYOUT.numbering_cells or any(bare.startswith("(") for _, bare in numbered))


def _unspecked(text: str) -> str:
    """A header cell's text without the lone digits and marks a scan's specks gave it, when words remain."""
    kept = [t for t in text.split() if not re.fullmatch(r"[\W\d_]{1,2}", t)]
    return " ".join(kept) if any(t.isalpha() for t in kept) else text


@dataclass
class _Reader:
    """Walks the pages in order, keeping the table a grid may continue."""

    scanned: set[int]
    items: list[object] = field(default_factory=list)  # _Text for a free line, or a _GridRow
    removed: list[dict] = field(default_factory=list)
    seen_headers: set[tuple[str, ...]] = field(default_factory=set)
    table: _Table | None = None
    scraps: set[int] = field(default_factory=set)  # free lines at a page foot that end no table (`_foot_scrap`)

    def page(self, page: PageWords) -> None:
        _strip_watermark(page, self.removed)
        # free text too: a speck or a colon read as a short low-confidence word (`un`, `Ba`)
        page.words = [w for w in page.words if not (_noise(w) and len(w.text) <= LAYOUT.free_noise_letters)]
        page.words = _drop_tiny(page, self.removed)
        grids = sorted(page.grids, key=lambda g: g.bbox[1])
        free = [w for w in page.words if not any(_inside(w, g.bbox) for g in grids)]
        blocks: list[tuple[float, object]] = [(ln[0].top, _text_of(ln, page.number)) for ln in group_lines(free)]
        blocks += [(g.bbox[1], g) for g in grids]
        blocks.sort(key=lambda b: b[0])
        first_block = True
        for k, (top, block) in enumerate(blocks):
            if isinstance(block, _Text):
                why = _furniture(block.text, top, page.height)
                if why:
                    self.removed.append({"page": page.number, "text": block.text, "why": why})
                    continue
                self.items.append(block)
                if _foot_scrap(block.text, top, page.height) or _tail_scrap(blocks[k:]):
                    self.scraps.add(id(block))
                else:
                    self.table = None
                first_block = False
                continue
            self.grid(page, block, first_block)
            first_block = False

    def grid(self, page: PageWords, grid: Grid, first_block: bool) -> None:
        edges = grid.edges()
        relative = _relative(edges)
        rows = _grid_cells(page, grid)
        narrow = [grid.is_narrow((a, 0.0, b, 0.0)) for a, b in zip(edges, edges[1:])]
        headers = {r: roles for r, cells in enumerate(rows) if (roles := _is_header(cells)) is not None}
        for r, cells in enumerate(rows):
            if r not in headers and _ruled_numbering(cells):
                headers[r] = {}
                self.removed.append({"page": page.number, "text": " | ".join(c.text for c in cells if c.text.strip()),
                                     "why": "column numbering row (rulings read beside its numbers)"})
        leading = []  # the header rows at the table's top: they name the columns
        for r in range(min(LAYOUT.header_rows, len(rows))):
            if r not in headers:
                break
            leading.append(r)
        previous = self.table
        last = next((item for item in reversed(self.items) if id(item) not in self.scraps), None)
        mapping = _column_map(previous.edges, relative) if previous is not None and first_block \
            and isinstance(last, _GridRow) else None
        inherited = {k: previous.roles[j] for k, j in mapping.items() if j in previous.roles and k < len(edges) - 1} \
            if mapping else {}
        if leading:
            roles: dict[int, str] = {}
            for r in leading:  # a lower header row names narrower cells (`Mutlak` under `Tingkat ...`)
                roles.update({c: v for c, v in headers[r].items() if v != "tingkat" or c not in roles})
            roles = _complete_ticks(roles, len(edges) - 1)
            # a column whose header word OCR garbled takes the role its content shows, if still free
            for c, role in _content_roles(_columns(rows, len(edges) - 1), narrow).items():
                if c not in roles and role not in roles.values():
                    roles[c] = role
            # a header repeated on the next page names the same columns (OCR may lose a word of it)
            if mapping and all(inherited.get(c) == r for c, r in roles.items()):
                table, roles = previous, inherited
            else:
                table = _Table(relative, roles)
        elif mapping:
            table, roles = previous, inherited
        else:
            roles = _content_roles(_columns(rows, len(edges) - 1), narrow)
            table = _Table(relative, roles)
        continued = table is previous
        self.table = table
        split = ink_split([c.ink or 0.0 for r, cells in enumerate(rows) if r not in headers for c in cells
                           if roles.get(c.first) in TICK_ROLES and c.first == c.last])
        at_top = first_block
        for r, cells in enumerate(rows):
            row = _GridRow(cells, table, [grid.is_narrow(c.box) for c in cells], dict(roles),
                       mapping if continued else None)
            if r in headers:
                row.header = True
                if continued or row.words() in self.seen_headers or not headers[r]:
                    continue  # the header repeated on a new page (OCR may read it otherwise), column numbers
                self.seen_headers.add(row.words())
                self.items.append(row)
                continue
            row.group = table.kind != "persyaratan" and _is_group(cells)  # `1. Teknis` there is a training kind
            _set_marks(row, page, page.number in self.scanned, split)
            row.at_top, at_top = at_top and continued, False
            last = next((item for item in reversed(self.items) if id(item) not in self.scraps), None)  # past a scrap
            if _continues(row, last):
                _join_rows(last, row)
            elif isinstance(last, _GridRow) and last.table is table and not last.header and not row.group \
                    and table.kind == "kompetensi" and (stub := _stub(last)) and _completes(stub, row):
                _join_rows(last, row)  # a row number or level the page break left alone at a page's foot
            elif table.kind == "kompetensi" and _specks_only(row):
                self.removed.append({"page": page.number, "text": " | ".join(c.text for c in cells if c.text.strip()),
                                     "why": "competency table row of specks only (no word, number or level)"})
            else:
                self.items.append(row)


def _row_lines(row: _GridRow, row_id: int) -> list[Line]:
    """A row's lines, cell after cell. In a table whose column roles are known each line
    carries its row and role; a tick cell gives one line, `✓` or `-`, with its mark."""
    out: list[tuple] = []  # (text, page, role, (column, span), mark, box, conf)
    if row.group or row.header or row.roles:
        for cell in row.cells:
            role = "group" if row.group else ("header" if row.header else row.role_of(cell))
            cols = row.columns(cell)
            if role in TICK_ROLES:
                out.append(("✓" if cell.mark else EMPTY_MARK, cell.page, role, cols, cell.mark, tuple(cell.box), None))
                continue
            out.extend((t.text, t.page, role, cols, False, t.box, t.conf) for t in cell.texts)
        return [Line(0, text, page, row=row_id, role=role, col=cols[0], span=cols[1], mark=mark, box=box, conf=conf)
                for text, page, role, cols, mark, box, conf in out]
    # a table of unknown columns (an identity block, a diktum set as a table): narrow cells
    # join the first line of the wide cell before them, so a row reads `1. Integritas 2`
    lines: list[list] = []
    anchor = None
    ticks = sum(row.narrow) > 1 and any(c.texts for c, nar in zip(row.cells, row.narrow) if nar)
    for cell, nar in zip(row.cells, row.narrow):
        if not nar:
            if cell.texts:
                anchor = len(lines)
                lines.extend([t.text, t.page, t.box, t.conf] for t in cell.texts)
            continue
        text = cell.text or (EMPTY_MARK if ticks else "")
        if not text:
            continue
        if anchor is None:
            lines.append([text, cell.page, tuple(cell.box), None])
            anchor = len(lines) - 1
        else:
            lines[anchor][0] = f"{lines[anchor][0]} {text}"
    return [Line(0, text, page, row=row_id, box=box, conf=conf) for text, page, box, conf in lines]


def page_lines(pages: list[PageWords], scanned: set[int] = frozenset()) -> tuple[list[Line], list[dict]]:
    """Every page's text as lines in reading order, tables read row by row and cell by cell
    (`scanned`: the pages read by OCR, whose ticks are found by their ink); and the page
    furniture removed (page numbers, the watermark), each with its page."""
    reader = _Reader(set(scanned))
    for page in pages:
        reader.page(page)
    out: list[Line] = []
    row_id = 0
    for item in reader.items:
        if isinstance(item, _GridRow):
            row_id += 1
            lines = _row_lines(item, row_id)
        else:
            lines = [Line(0, item.text, item.page, box=item.box, conf=item.conf)]
        for ln in lines:
            out.append(replace(ln, no=len(out) + 1))
    return out, reader.removed
