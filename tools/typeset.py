"""Test fixtures: typeset a decree PDF from a `standard.json`, in a layout drawn from a seed.

The PDF front ends need decrees whose every field is known, and as varied as the
decrees ministries really publish. This module prints a standard back into the
form of a Keputusan Menteri PANRB: the legal body (heading, considerations, the
diktum with its lists, the signature), then per jenjang the identity block, the
ikhtisar, the ruled competency table and the requirements table with ticks. The
standard it was made from is the answer key (`answer_key`: the canonical fields
the reader should output, and the fields kept "as printed").

A `Layout` fixes every choice a ministry typist makes: paper (A4, F4, Letter),
font family and sizes, column widths, shaded or plain table headers, the header
repeated on each page or not, the row number in the name cell or in its own `No`
column, rows split across a page break (line by line, with Word's widow/orphan
control, which leaves parts holding only the row number or one cell, or never),
the diktum layout, the tick glyph (or a drawn check mark, or an image of one),
name case, hyphenation in narrow cells, the closing blocks, the watermark, the
identity block as a ruled table or `Label : value` lines, heading numbering, group
rows, the requirements table's shape, jenjang titles... `Layout.from_seed(n)` draws
them all from `n`; seed 0 (and `Layout()`) is the plain published look the
fixtures have always had.

    python -m tools.typeset STANDARD.json OUT.pdf [--seed N]
"""

from __future__ import annotations

import argparse
import copy
import functools
import io
import json
import random
import re
import sys
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Flowable, PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

PAPERS = {"A4": A4, "F4": (215 * mm, 330 * mm), "Letter": LETTER}
FONT_DIR = Path("/usr/share/fonts/truetype")
# family -> (regular, bold) TTF files (Debian: fonts-liberation2, fonts-freefont-ttf, fonts-dejavu-core);
# "Times" is the PDF base font, no file needed
FAMILIES = {
    "Times": None,
    "LiberationSerif": ("liberation2/LiberationSerif-Regular.ttf", "liberation2/LiberationSerif-Bold.ttf"),
    "LiberationSans": ("liberation2/LiberationSans-Regular.ttf", "liberation2/LiberationSans-Bold.ttf"),
    "FreeSerif": ("freefont/FreeSerif.ttf", "freefont/FreeSerifBold.ttf"),
    "FreeSans": ("freefont/FreeSans.ttf", "freefont/FreeSansBold.ttf"),
    "DejaVuSerif": ("dejavu/DejaVuSerif.ttf", "dejavu/DejaVuSerif-Bold.ttf"),
    "DejaVuSans": ("dejavu/DejaVuSans.ttf", "dejavu/DejaVuSans-Bold.ttf"),
}
SYMBOL_FONT = "DejaVuSans"  # has ✓ ✔ √: a word processor falls back to a symbol font for them
MONTHS = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
          "November", "Desember")
LETTERS = "abcdefghijklmnopqrstuvwxyz"
GROUPS = (("manajerial", "Manajerial"), ("sosial_kultural", "Sosial Kultural"), ("teknis", "Teknis"))
TICKS = ("mutlak", "penting", "perlu")
JENIS = (("manajerial", "Manajerial"), ("teknis", "Teknis"), ("fungsional", "Fungsional"))
DIKTUM = ("KESATU", "KEDUA", "KETIGA", "KEEMPAT", "KELIMA", "KEENAM", "KETUJUH", "KEDELAPAN", "KESEMBILAN",
          "KESEPULUH", "KESEBELAS", "KEDUA BELAS")
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV")
SMALL_WORDS = {"dan", "atau", "di", "ke", "dari", "pada", "untuk", "yang", "dengan", "dalam", "bagi", "oleh",
               "serta", "tentang", "atas", "antar", "sebagai", "terhadap"}
KEPALA_BIRO = ("AGUS PRASETYO", "SITI NURHAYATI", "BAMBANG WIDODO", "DEWI KARTIKA SARI")
SHY = "\u00ad"  # soft hyphen: a line may break there, printing `-`; invisible otherwise

# every option a layout can take, first the plain published look (seed 0); tests check each occurs
OPTIONS: dict[str, tuple] = {
    "paper": ("A4", "F4", "Letter"),
    "font": tuple(FAMILIES),
    "body_size": (11, 10, 10.5, 11.5, 12),
    "table_size": (10, 9, 9.5, 10.5, 11, 12),
    "page_number": ("top", "bottom", "none"),
    "watermark": (True, False),
    "salinan_mark": (True, False),
    "heading_lines": ("one", "broken"),
    "diktum": ("legacy", "column3", "column2", "inline", "own-line"),
    "diktum_form": ("short", "long"),
    "diktum_items": ("as-given", "lower", "title"),
    "item_marker": ("a.", "a)"),
    "sosial_kultural_form": ("yaitu", "list"),
    "signature_lines": ("one", "broken"),
    "ttd": ("ttd", "ttd.", "TTD"),
    "body_salinan_block": (False, True),
    "closing_block": ("none", "signature", "signature+salinan"),
    "lampiran_header": ("indented", "table"),
    "lampiran_title": ("each", "once", "none"),
    "jenjang_title": ("none", "jenjang", "nama"),
    "jenjang_new_page": (True, False),
    "identity": ("ruled", "ruled-colon", "lines"),
    "urusan_label": ("Urusan Pemerintahan", "Urusan Pemerintah"),
    "empty_value": ("", "-"),
    "heading_numbers": ("roman", "letters", "none", "roman-drift"),
    "heading_case": ("upper", "title"),
    "ikhtisar": ("table", "paragraph"),
    "number_column": (False, True),
    "number_format": ("1.", "1", "1)"),
    "numbering": ("continuous", "per-group"),
    "group_label": ("short", "caps", "long", "bare"),
    "group_shade": (False, True),
    "name_case": ("as-given", "title", "sentence"),
    "header_shade": (False, True),
    "header_repeat": (True, False),
    "column_numbers": (False, True),
    "narrow_valign": ("top", "middle"),
    "indicator_style": ("inline", "hanging"),
    "indicator_punct": (False, True),
    "hyphenate": (False, True),
    "row_split": ("lines", "widow", "whole"),
    "req_shape": ("three", "merged"),
    "req_header": ("one", "two"),
    "req_label": ("lettered", "bare"),
    "req_merge_labels": (False, True),
    "tick": ("v", "✓", "✔", "√", "V", "X", "x", "path", "image"),
    "empty_tick": ("-", ""),
    "pangkat_format": ("dash-paren", "paren", "comma", "slash-dash"),
    "pppk_pangkat_dash": (False, True),
}


@dataclass(frozen=True)
class Layout:
    """Every typesetting choice; `Layout()` is the plain published look, `from_seed` draws one."""

    seed: int = 0
    paper: str = "A4"
    font: str = "Times"
    body_size: float = 11
    table_size: float = 10
    margins_mm: tuple[float, float, float, float] = (25, 20, 20, 18)  # left, right, top, bottom
    page_number: str = "top"  # `- N -` at the top from page 2 / `N` at the foot / none
    watermark: bool = True  # `jdih.menpan.go.id` at the page foot
    watermark_x: float = 0.1  # its place across the page (share of the width)
    salinan_mark: bool = True  # `SALINAN` over the heading
    heading_lines: str = "one"  # the jenis peraturan on one line / broken as the real decree
    diktum: str = "legacy"  # label layout: legacy (the old fixtures: inline, KETIGA alone) / column3 (label | : |
    # text) / column2 (`label :` | text) / inline (label + colon + text, wrapping to the margin) / own-line
    diktum_form: str = "short"  # short (4 dikta) / long (the real decree's 11 dikta, each list its own)
    diktum_items: str = "as-given"  # diktum competency lists as given / in lower case (real) / Title Case
    item_marker: str = "a."
    sosial_kultural_form: str = "yaitu"  # `... yaitu perekat bangsa.` / a one-item list
    signature_lines: str = "one"  # the signer's title wrapping in its column / broken by hand
    ttd: str = "ttd"
    body_salinan_block: bool = False  # `Salinan sesuai dengan aslinya` + Kepala Biro after the body's signature
    closing_block: str = "none"  # after the last table: nothing / the minister's signature / and the salinan block
    lampiran_header: str = "indented"  # LAMPIRAN block indented right / as a borderless table
    lampiran_title: str = "each"  # STANDAR KOMPETENSI JABATAN FUNGSIONAL .. over each jenjang / once / none
    jenjang_title: str = "none"  # a title per jenjang: none / `JENJANG AHLI PERTAMA` / `PENGANTAR KERJA AHLI PERTAMA`
    jenjang_new_page: bool = True
    identity: str = "ruled"  # ruled 2-column table / ruled 3 columns (label | : | value) / `Label : value` lines
    urusan_label: str = "Urusan Pemerintahan"
    empty_value: str = ""  # what an empty identity value shows (kode jabatan)
    heading_numbers: str = "roman"  # I./II./III. / A./B./C. / none / roman-drift (later jenjang go on: IV., V. ..)
    heading_case: str = "upper"
    ikhtisar: str = "table"  # `Ikhtisar Jabatan | text` ruled / a paragraph under the heading
    comp_widths: tuple[float, float, float, float] = (0.22, 0.08, 0.28, 0.42)  # name, level, deskripsi, indikator
    number_column: bool = False  # the row number in its own `No` column instead of `1. Integritas`
    number_format: str = "1."
    numbering: str = "continuous"  # row numbers run on through the groups / restart in each group
    group_label: str = "short"  # `A. Manajerial` / `A. KOMPETENSI MANAJERIAL` / `A. Kompetensi Manajerial` / `Manajerial`
    group_shade: bool = False
    name_case: str = "as-given"  # competency names as given / Title Case / Sentence case
    header_shade: bool = False
    header_repeat: bool = True  # table header rows repeated on each page
    column_numbers: bool = False  # a row `(1) (2) (3) ...` under the header
    narrow_valign: str = "top"  # level, number and tick cells at the top / in the middle of the row
    indicator_style: str = "inline"  # `2.1 text` / hanging indent under the code
    indicator_punct: bool = False  # `;` `; dan` `.` after the indicators, as the real decree
    hyphenate: bool = False  # words hyphenated at line ends in table cells (`Spe-` / `simen`)
    row_split: str = "lines"  # rows cut at a page break line by line / with widow-orphan control (2 lines) / whole
    grid_width: float = 0.6
    padding: float = 3
    req_widths: tuple[float, ...] = (0.19, 0.18, 0.38, 0.083, 0.083, 0.083)  # three: label, sub, text, M, P, P
    req_shape: str = "three"  # label | sub-label | text / merged (label | text with sub-labels inline)
    req_header: str = "one"  # one header row / two (Tingkat Pentingnya terhadap Jabatan over Mutlak Penting Perlu)
    req_label: str = "lettered"  # `A. Pendidikan` / `Pendidikan`
    req_merge_labels: bool = False  # the label column row-spanned (no rules between a requirement's rows)
    tick: str = "v"  # glyph, or `path` (a drawn check mark, no text) or `image` (a small picture of one)
    empty_tick: str = "-"  # what an unticked cell shows
    pangkat_format: str = "dash-paren"  # `- III/a (Penata Muda)` / `Penata Muda (III/a)` / `Penata Muda, III/a` / `III/a - Penata Muda`
    pppk_pangkat_dash: bool = False  # a `PPPK` row with `-` where PPPK has no pangkat

    @classmethod
    def from_seed(cls, seed: int) -> "Layout":
        """The layout drawn from `seed` (0: the plain look). Deterministic on every machine."""
        if seed == 0:
            return cls()
        rng = random.Random(f"skj-layout-{seed}")
        values = {name: rng.choice(choices) for name, choices in OPTIONS.items()}
        values["table_size"] = min(values["table_size"], values["body_size"] + 0.5)
        values["margins_mm"] = (rng.choice((20, 25, 30)), rng.choice((15, 20, 25)), rng.choice((15, 20, 25)),
                                rng.choice((15, 20, 25)))
        values["watermark_x"] = rng.choice((0.1, 0.42, 0.7))
        values["grid_width"] = rng.choice((0.5, 0.6, 0.75, 1.0))
        values["padding"] = rng.choice((2, 3, 4))
        name, level = rng.uniform(0.17, 0.26), rng.uniform(0.06, 0.10)
        desk = rng.uniform(0.22, 0.32)
        values["comp_widths"] = (round(name, 3), round(level, 3), round(desk, 3), round(1 - name - level - desk, 3))
        tick = rng.uniform(0.07, 0.1)
        label, sub = rng.uniform(0.16, 0.22), rng.uniform(0.14, 0.2)
        values["req_widths"] = (round(label, 3), round(sub, 3), round(1 - label - sub - 3 * tick, 3),
                                round(tick, 3), round(tick, 3), round(tick, 3))
        return cls(seed=seed, **values)

    def to_json(self) -> dict:
        return asdict(self)

    def describe(self) -> str:
        """The options that differ from the plain look, `name=value` each."""
        plain = Layout()
        return " ".join(f"{f.name}={getattr(self, f.name)}" for f in fields(self)
                        if f.name != "seed" and getattr(self, f.name) != getattr(plain, f.name))


# ---------------------------------------------------------------- fonts, styles, text helpers

@functools.lru_cache(maxsize=None)
def font_names(family: str) -> tuple[str, str]:
    """(regular, bold) font names for reportlab, registering the TTF files once."""
    if FAMILIES[family] is None:
        return "Times-Roman", "Times-Bold"
    regular, bold = FAMILIES[family]
    pdfmetrics.registerFont(TTFont(family, str(FONT_DIR / regular)))
    pdfmetrics.registerFont(TTFont(family + "-Bold", str(FONT_DIR / bold)))
    return family, family + "-Bold"


class Styles:
    def __init__(self, layout: Layout):
        regular, bold = font_names(layout.font)
        font_names(SYMBOL_FONT)
        self.regular, self.bold = regular, bold
        b, t = layout.body_size, layout.table_size
        hy = {"embeddedHyphenation": 1, "hyphenationMinWordLength": 5} if layout.hyphenate else {}
        self.body = ParagraphStyle("body", fontName=regular, fontSize=b, leading=round(b * 1.27, 1))
        self.just = ParagraphStyle("just", parent=self.body, alignment=TA_JUSTIFY)
        self.center = ParagraphStyle("center", parent=self.body, alignment=TA_CENTER)
        self.head = ParagraphStyle("head", parent=self.center, fontName=bold)
        self.bold_left = ParagraphStyle("h", parent=self.body, fontName=bold)
        self.cell = ParagraphStyle("cell", parent=self.body, fontSize=t, leading=round(t * 1.25, 1),
                                   allowWidows=1, allowOrphans=1, **hy)
        self.cell_c = ParagraphStyle("cellc", parent=self.cell, alignment=TA_CENTER)
        self.cell_b = ParagraphStyle("cellb", parent=self.cell, fontName=bold)
        self.cell_bc = ParagraphStyle("cellbc", parent=self.cell_c, fontName=bold)
        self.tick_head = ParagraphStyle("tickhead", parent=self.cell_c, fontSize=t - 2, leading=(t - 2) * 1.25,
                                        fontName=bold if layout.header_shade else regular)
        self.item = ParagraphStyle("item", parent=self.body, leftIndent=24, firstLineIndent=-14 if layout.diktum != "legacy" else 0)


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(text or ""), style)


VOWELS = set("aeiouAEIOU")
DIGRAPHS = {"ng", "ny", "sy", "kh"}


def syllables(word: str) -> list[str]:
    """An Indonesian word cut into syllables by the school rule: V-CV, VC-CV, VC-CCV, the digraphs
    ng ny sy kh kept together (`me-ngi-ngat-kan`, `spe-si-men`, `in-struk-si`). Vowel pairs are not cut."""
    cuts, n = [], len(word)
    vowel_at = [k for k, ch in enumerate(word) if ch in VOWELS]
    for a, b in zip(vowel_at, vowel_at[1:]):
        cluster = word[a + 1:b]
        if not cluster:
            continue
        digraph = cluster[:2].lower() in DIGRAPHS
        if len(cluster) == 1 or (len(cluster) == 2 and digraph):
            cuts.append(a + 1)  # ma-ta, me-nga
        else:
            cuts.append(a + (3 if digraph else 2))  # ker-ja, in-struk-si, bang-krut
    cuts = [c for c in cuts if c >= 2 and n - c >= 2]
    parts, last = [], 0
    for c in cuts:
        parts.append(word[last:c])
        last = c
    parts.append(word[last:])
    return parts


def hyphenable(text: str) -> str:
    """`text` with soft hyphens between the syllables of its longer words."""
    def one(m: re.Match) -> str:
        word = m.group(0)
        return SHY.join(syllables(word)) if len(word) >= 7 else word
    return re.sub(r"[A-Za-z]+", one, text)


def title_case(text: str) -> str:
    words = text.split()
    return " ".join(w if w.isupper() and len(w) > 1 else
                    (w.lower() if i and w.lower() in SMALL_WORDS else w[:1].upper() + w[1:].lower())
                    for i, w in enumerate(words))


def sentence_case(text: str) -> str:
    words = text.split()
    out = [w if (w.isupper() and len(w) > 1) else w.lower() for w in words]
    return " ".join(out)[:1].upper() + " ".join(out)[1:] if out else text


def printed_name(layout: Layout, k: dict) -> str:
    given = k.get("nama_sumber") or k["nama"]
    return {"as-given": given, "title": title_case(given), "sentence": sentence_case(given)}[layout.name_case]


def _date(iso: str | None) -> str:
    if not iso:
        return ""
    y, m, d = (int(x) for x in iso.split("-"))
    return f"{d} {MONTHS[m - 1]} {y}"


# ---------------------------------------------------------------- ticks

@functools.lru_cache(maxsize=8)
def tick_image(px: int) -> bytes:
    """A small PNG of a check mark in dark ink, as pasted from a picture."""
    from PIL import Image, ImageDraw

    img = Image.new("RGB", (px, px), "white")
    d = ImageDraw.Draw(img)
    w = max(2, px // 8)
    d.line([(px * 0.15, px * 0.55), (px * 0.4, px * 0.8), (px * 0.85, px * 0.2)], fill=(20, 20, 60), width=w, joint="curve")
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return buf.getvalue()


class Tick(Flowable):
    """One tick mark: a glyph, a check mark drawn as a vector path (no text), or an image of one."""

    def __init__(self, style: str, size: float, font: str):
        super().__init__()
        self.style, self.size, self.font = style, size, font
        self.width = 0

    def wrap(self, avail_w, avail_h):
        self.width = avail_w
        return avail_w, self.size * 1.25

    def draw(self):
        c, s, cx = self.canv, self.size, self.width / 2
        if self.style == "path":
            c.setLineWidth(max(0.8, s / 10))
            p = c.beginPath()
            p.moveTo(cx - s * 0.35, s * 0.55)
            p.lineTo(cx - s * 0.1, s * 0.2)
            p.lineTo(cx + s * 0.4, s * 0.95)
            c.drawPath(p, stroke=1, fill=0)
        elif self.style == "image":
            from reportlab.lib.utils import ImageReader

            c.drawImage(ImageReader(io.BytesIO(tick_image(48))), cx - s * 0.45, s * 0.05, s * 0.9, s * 0.9)
        else:
            font = self.font if self.style in "VvXx" else SYMBOL_FONT
            c.setFont(font, s)
            c.drawCentredString(cx, s * 0.25, self.style)


# ---------------------------------------------------------------- the ruled table

@dataclass
class Cell:
    content: list = field(default_factory=list)  # flowables stacked top to bottom
    span: int = 1
    shade: bool = False
    valign: str = "top"
    open_top: bool = False  # no rule above: the cell goes on from the one above (a row-spanned column)


@dataclass
class SplitStats:
    rows_split: int = 0
    number_only: int = 0  # a row's first part holding only its number (or only narrow cells)
    one_cell: int = 0  # a row's first part holding text in one wide cell only
    moved_whole: int = 0


def _text_of(flowable) -> str:
    if not isinstance(flowable, Paragraph):
        return ""
    return getattr(flowable, "text", None) or " ".join(getattr(w, "text", "") for w in getattr(flowable, "frags", []))


class RuledTable(Flowable):
    """A ruled table that splits over pages the way a word processor does: header rows repeated or
    not, a row cut line by line (`orphans` lines at least on each side of the cut, per paragraph) or
    moved whole, and cells row-spanned by leaving out the rule between them."""

    def __init__(self, widths: list[float], header: list[list[Cell]], rows: list[list[Cell]], *,
                 repeat_header: bool, grid: float, padding: float, orphans: int, split_rows: bool,
                 stats: SplitStats, show_header: bool = True, frame_height: float = 700, narrow: set[int] = frozenset()):
        super().__init__()
        self.widths, self.header, self.rows = widths, header, rows
        self.repeat_header, self.grid, self.pad = repeat_header, grid, padding
        self.orphans, self.split_rows, self.stats = orphans, split_rows, stats
        self.show_header, self.frame_height, self.narrow = show_header, frame_height, narrow

    # geometry
    def _cell_width(self, row: list[Cell], k: int) -> float:
        start = sum(c.span for c in row[:k])
        return sum(self.widths[start:start + row[k].span])

    def _content_height(self, cell: Cell, width: float) -> float:
        return sum(f.wrap(width - 2 * self.pad, 1e6)[1] for f in cell.content)

    def _row_height(self, row: list[Cell]) -> float:
        return max(self._content_height(c, self._cell_width(row, k)) for k, c in enumerate(row)) + 2 * self.pad

    def _head(self) -> list[list[Cell]]:
        return self.header if self.show_header else []

    def wrap(self, avail_w, avail_h):
        self._heights = [self._row_height(r) for r in self._head() + self.rows]
        self.width, self.height = sum(self.widths), sum(self._heights)
        return self.width, self.height

    def _clone(self, rows, show_header) -> "RuledTable":
        return RuledTable(self.widths, self.header, rows, repeat_header=self.repeat_header, grid=self.grid,
                          padding=self.pad, orphans=self.orphans, split_rows=self.split_rows, stats=self.stats,
                          show_header=show_header, frame_height=self.frame_height, narrow=self.narrow)

    def _split_content(self, cell: Cell, width: float, room: float) -> tuple[list, list]:
        """The cell's flowables that fit in `room` points, and the rest; a paragraph is cut between
        lines, keeping `orphans` lines at least on each side."""
        top, rest, used = [], list(cell.content), 0.0
        inner = width - 2 * self.pad
        while rest:
            f = rest[0]
            h = f.wrap(inner, 1e6)[1]
            if used + h <= room:
                top.append(rest.pop(0))
                used += h
                continue
            if isinstance(f, Paragraph):
                leading = f.style.leading
                lines = int(round(h / leading))
                fit = int((room - used) // leading)
                fit = min(fit, lines - self.orphans)
                if fit >= self.orphans and fit >= 1:
                    parts = f.split(inner, fit * leading + 0.5)
                    if len(parts) == 2:
                        top.append(parts[0])
                        rest[0] = parts[1]
            break
        return top, rest

    def split(self, avail_w, avail_h):
        self.wrap(avail_w, avail_h)
        head = self._head()
        used = sum(self._heights[:len(head)])
        heights = self._heights[len(head):]
        if used >= avail_h:
            return []
        for i, (row, h) in enumerate(zip(self.rows, heights)):
            if used + h <= avail_h:
                used += h
                continue
            room = avail_h - used - 2 * self.pad
            head_h = sum(self._row_height(r) for r in self.header) if self.repeat_header else 0
            must = h > self.frame_height - head_h - 4  # taller than a page: cut it whatever the policy
            if not (self.split_rows or must) or room < 4:
                if i == 0:
                    return []
                self.stats.moved_whole += 1
                return [self._clone(self.rows[:i], self.show_header),
                        self._clone(self.rows[i:], self.repeat_header)]
            tops, rests = [], []
            for k, cell in enumerate(row):
                t, r = self._split_content(cell, self._cell_width(row, k), room)
                tops.append(replace(cell, content=t))
                rests.append(replace(cell, content=r, open_top=False))
            filled = [k for k, c in enumerate(tops) if c.content]
            if not filled or not any(c.content for c in rests):
                if i == 0:
                    return []
                return [self._clone(self.rows[:i], self.show_header), self._clone(self.rows[i:], self.repeat_header)]
            self.stats.rows_split += 1
            texty = [k for k in filled if k not in self.narrow and any(_text_of(f).strip() for f in tops[k].content)]
            if not texty:
                self.stats.number_only += 1
            elif len(texty) == 1:
                self.stats.one_cell += 1
            # a narrow cell printed once, at the row's top: its content stays on the first part
            for k in range(len(row)):
                if k in self.narrow and tops[k].content:
                    rests[k] = replace(rests[k], content=[])
            return [self._clone(self.rows[:i] + [tops], self.show_header),
                    self._clone([rests] + self.rows[i + 1:], self.repeat_header)]
        return [self]

    def draw(self):
        c = self.canv
        rows = self._head() + self.rows
        y = self.height
        c.setLineWidth(self.grid)
        for r, (row, h) in enumerate(zip(rows, self._heights)):
            x = 0.0
            for k, cell in enumerate(row):
                w = self._cell_width(row, k)
                if cell.shade:
                    c.setFillColor(colors.Color(0.82, 0.82, 0.82))
                    c.rect(x, y - h, w, h, stroke=0, fill=1)
                    c.setFillColor(colors.black)
                content_h = self._content_height(cell, w)
                top = y - self.pad
                if cell.valign == "middle":
                    top = y - (h - content_h) / 2
                for f in cell.content:
                    fw, fh = f.wrap(w - 2 * self.pad, 1e6)
                    f.drawOn(c, x + self.pad, top - fh)
                    top -= fh
                if not cell.open_top or r == 0:
                    c.line(x, y, x + w, y)
                c.line(x, y, x, y - h)
                x += w
            c.line(x, y, x, y - h)
            y -= h
        c.line(0, 0, self.width, 0)


# ---------------------------------------------------------------- the decree's body

LAWS = (
    "Undang-Undang Nomor 39 Tahun 2008 tentang Kementerian Negara (Lembaran Negara Republik Indonesia Tahun 2008 "
    "Nomor 166, Tambahan Lembaran Negara Republik Indonesia Nomor 4916)",
    "Undang-Undang Nomor 20 Tahun 2023 tentang Aparatur Sipil Negara (Lembaran Negara Republik Indonesia Tahun 2023 "
    "Nomor 141, Tambahan Lembaran Negara Republik Indonesia Nomor 6897)",
    "Peraturan Pemerintah Nomor 11 Tahun 2017 tentang Manajemen Pegawai Negeri Sipil (Lembaran Negara Republik "
    "Indonesia Tahun 2017 Nomor 63, Tambahan Lembaran Negara Republik Indonesia Nomor 6037) sebagaimana telah diubah "
    "dengan Peraturan Pemerintah Nomor 17 Tahun 2020 tentang Perubahan atas Peraturan Pemerintah Nomor 11 Tahun 2017 "
    "tentang Manajemen Pegawai Negeri Sipil (Lembaran Negara Republik Indonesia Tahun 2020 Nomor 68, Tambahan "
    "Lembaran Negara Republik Indonesia Nomor 6477)",
    "Peraturan Presiden Nomor 47 Tahun 2021 tentang Kementerian Pendayagunaan Aparatur Negara dan Reformasi "
    "Birokrasi (Lembaran Negara Republik Indonesia Tahun 2021 Nomor 126)",
    "Peraturan Menteri Pendayagunaan Aparatur Negara dan Reformasi Birokrasi Nomor 38 Tahun 2017 tentang Standar "
    "Kompetensi Jabatan Aparatur Sipil Negara (Berita Negara Republik Indonesia Tahun 2017 Nomor 1907)",
)
MENTERI = "Menteri Pendayagunaan Aparatur Negara dan Reformasi Birokrasi Republik Indonesia"


class Body:
    """The legal frame: heading, considerations, diktum lists, signature."""

    def __init__(self, layout: Layout, st: Styles, width: float):
        self.layout, self.st, self.width = layout, st, width

    def labelled(self, label: str, paragraphs: list[Paragraph]) -> list:
        """A labelled block (`Menimbang`, `KESATU`, ...) in the layout's diktum style."""
        lay, st = self.layout, self.st
        style = lay.diktum
        if style in ("column3", "column2"):
            lw = 30 * mm if style == "column3" else 34 * mm
            if style == "column3":
                cols = [lw, 5 * mm, self.width - lw - 5 * mm]
                rows = [[_p(label, st.body), _p(":", st.body), paragraphs[0]]]
                rows += [["", "", p] for p in paragraphs[1:]]
            else:
                cols = [lw, self.width - lw]
                rows = [[_p(f"{label} :", st.body), paragraphs[0]]] + [["", p] for p in paragraphs[1:]]
            t = Table(rows, colWidths=cols, splitByRow=1)
            t.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                   ("RIGHTPADDING", (0, 0), (-1, -1), 2), ("TOPPADDING", (0, 0), (-1, -1), 1),
                                   ("BOTTOMPADDING", (0, 0), (-1, -1), 1)]))
            return [t, Spacer(1, 4)]
        if style == "own-line":
            out = [_p(f"{label} :", st.body)]
            for p in paragraphs:
                if isinstance(p, Paragraph):
                    p = Paragraph(p.text, ParagraphStyle("x", parent=p.style, leftIndent=p.style.leftIndent + 12 * mm))
                out.append(p)
            return out + [Spacer(1, 4)]
        # inline (and legacy): label and colon start the first paragraph, lines wrap to the margin
        first = Paragraph(f"{escape(label)} : {paragraphs[0].text}", paragraphs[0].style)
        return [first, *paragraphs[1:], Spacer(1, 4)]

    def items(self, names: list[str], case: str = "as-given") -> list[Paragraph]:
        out = []
        for n, name in enumerate(names):
            if case == "lower":
                name = " ".join(w if w.isupper() and len(w) > 1 else w.lower() for w in name.split())
            elif case == "title":
                name = title_case(name)
            end = "." if n == len(names) - 1 else ("; dan" if n == len(names) - 2 else ";")
            marker = LETTERS[n] + self.layout.item_marker[1:]
            out.append(Paragraph(f"{marker} {escape(name)}{end}", self.st.item))
        return out

    def build(self, decree: dict) -> list:
        lay, st = self.layout, self.st
        tentang = decree["tentang"]
        jenis = (decree.get("jenis_peraturan") or "Keputusan Menteri").upper()
        head = []
        if lay.salinan_mark:
            head += [_p("SALINAN", st.body), Spacer(1, 6)]
        if lay.heading_lines == "broken":
            head += [_p("MENTERI", st.head), _p("PENDAYAGUNAAN APARATUR NEGARA", st.head),
                     _p("DAN REFORMASI BIROKRASI", st.head), _p("REPUBLIK INDONESIA", st.head), Spacer(1, 12)]
            if " DAN REFORMASI BIROKRASI" in jenis:  # broken as the real decree: `... NEGARA DAN` / `REFORMASI ...`
                first, rest = jenis.split(" DAN REFORMASI BIROKRASI", 1)
                head += [_p(first + " DAN", st.head), _p(f"REFORMASI BIROKRASI{rest} REPUBLIK INDONESIA", st.head)]
            else:
                head.append(_p(jenis, st.head))
        else:
            head += [_p("MENTERI PENDAYAGUNAAN APARATUR NEGARA DAN REFORMASI BIROKRASI REPUBLIK INDONESIA", st.head),
                     Spacer(1, 12), _p(jenis, st.head)]
        head += [_p(f"NOMOR {decree['nomor']} TAHUN {decree['tahun']}", st.head), _p("TENTANG", st.head),
                 _p(tentang.upper(), st.head), Spacer(1, 12), _p("DENGAN RAHMAT TUHAN YANG MAHA ESA", st.head),
                 Spacer(1, 12)]
        if lay.diktum_form == "long":
            head += [_p(MENTERI.upper() + ",", st.head), Spacer(1, 12)]
        out = head
        if lay.diktum == "legacy":
            return out + self._legacy(decree, jenis, tentang)
        out += self.labelled("Menimbang", [_p(
            f"bahwa untuk melaksanakan ketentuan {'Pasal 2 ayat (2) ' if lay.diktum_form == 'long' else ''}"
            "Peraturan Menteri Pendayagunaan Aparatur Negara dan Reformasi Birokrasi Nomor 38 Tahun 2017 tentang "
            "Standar Kompetensi Jabatan Aparatur Sipil Negara, perlu menetapkan Keputusan Menteri Pendayagunaan "
            f"Aparatur Negara dan Reformasi Birokrasi tentang {tentang};", st.just)])
        laws = LAWS if lay.diktum_form == "long" else LAWS[-1:]
        if len(laws) > 1:
            law_ps = [Paragraph(f"{n}. {escape(t)};", ParagraphStyle("law", parent=st.just, leftIndent=14, firstLineIndent=-14))
                      for n, t in enumerate(laws, start=1)]
        else:
            law_ps = [_p(laws[0] + ";", st.just)]
        out += self.labelled("Mengingat", law_ps)
        out += [_p("MEMUTUSKAN:", st.head), Spacer(1, 4)]
        out += self.labelled("Menetapkan", [_p(f"{jenis} TENTANG {tentang.upper()}.", st.just)])
        teknis = decree.get("kompetensi_teknis_diktum") or []
        manaj = decree.get("kompetensi_manajerial_diktum") or []
        sk = decree.get("kompetensi_sosial_kultural_diktum") or []
        case = lay.diktum_items

        def sk_paragraphs(intro: str) -> list:
            if lay.sosial_kultural_form == "yaitu" or len(sk) != 1:
                names = ", ".join(s.lower() if case != "title" else title_case(s) for s in sk)
                return [_p(f"{intro} yaitu {names}.", st.just)]
            return [_p(f"{intro} terdiri atas:", st.just)] + self.items(sk, case)

        dikta: list[list] = [[_p(f"Ruang lingkup {tentang} berlaku bagi Aparatur Sipil Negara.", st.just)]]
        if lay.diktum_form == "long":
            dikta += [
                [_p("Unsur standar kompetensi jabatan fungsional sebagaimana dimaksud pada Diktum Kesatu terdiri atas:", st.just)]
                + self.items(["identitas jabatan", "kompetensi jabatan", "persyaratan jabatan"]),
                [_p("Identitas jabatan sebagaimana dimaksud pada Diktum Kedua huruf a terdiri atas:", st.just)]
                + self.items(["nama jabatan", "uraian/ikhtisar jabatan", "kode jabatan"]),
                [_p("Kompetensi jabatan sebagaimana dimaksud pada Diktum Kedua huruf b terdiri atas:", st.just)]
                + self.items(["kompetensi teknis", "kompetensi manajerial", "kompetensi sosial kultural"]),
                [_p("Persyaratan jabatan sebagaimana dimaksud pada Diktum Kedua huruf c terdiri atas:", st.just)]
                + self.items(["pangkat", "kualifikasi pendidikan", "jenis pelatihan", "indikator kinerja jabatan",
                              "pengalaman kerja"]),
                [_p("Kompetensi teknis sebagaimana dimaksud pada Diktum Keempat huruf a terdiri atas:", st.just)]
                + self.items(teknis, case),
                [_p("Kompetensi manajerial sebagaimana dimaksud pada Diktum Keempat huruf b terdiri atas:", st.just)]
                + self.items(manaj, case),
                sk_paragraphs("Kompetensi sosial kultural sebagaimana dimaksud pada Diktum Keempat huruf c"),
                [_p(f"{tentang} sebagaimana dimaksud pada Diktum Kesatu bertujuan untuk digunakan sebagai acuan dalam:", st.just)]
                + self.items([f"{what} Jabatan Fungsional {decree.get('jabatan_fungsional') or ''}".strip() for what in
                              ("perencanaan", "pengadaan", "pengembangan karier", "pengembangan kompetensi", "penempatan",
                               "promosi dan/atau mutasi", "uji kompetensi")]),
                [_p(f"Rincian {tentang} tercantum dalam Lampiran yang merupakan bagian tidak terpisahkan dari "
                    "Keputusan Menteri ini.", st.just)],
                [_p("Keputusan Menteri ini mulai berlaku pada tanggal ditetapkan.", st.just)],
            ]
        else:
            dikta += [
                [_p("Kompetensi jabatan terdiri atas kompetensi teknis, kompetensi manajerial, dan kompetensi "
                    "sosial kultural.", st.just)],
                [_p("Kompetensi teknis sebagaimana dimaksud pada Diktum Kedua terdiri atas:", st.just)]
                + self.items(teknis, case)
                + [Spacer(1, 4), _p("Kompetensi manajerial sebagaimana dimaksud pada Diktum Kedua terdiri atas:", st.just)]
                + self.items(manaj, case) + [Spacer(1, 4)]
                + sk_paragraphs("Kompetensi sosial kultural sebagaimana dimaksud pada Diktum Kedua"),
                [_p(f"Rincian {tentang} tercantum dalam Lampiran yang merupakan bagian tidak terpisahkan dari "
                    "Keputusan Menteri ini.", st.just)],
            ]
        for n, paragraphs in enumerate(dikta):
            out += self.labelled(DIKTUM[n], paragraphs)
        out.append(Spacer(1, 14))
        return out + self.signature(decree)

    def _legacy(self, decree: dict, jenis: str, tentang: str) -> list:
        """The first fixtures' body (seed 0): labels inline, KETIGA alone on its line."""
        st = self.st
        out = [_p(f"Menimbang : bahwa untuk melaksanakan ketentuan Peraturan Menteri Pendayagunaan Aparatur Negara "
                  f"dan Reformasi Birokrasi Nomor 38 Tahun 2017 tentang Standar Kompetensi Jabatan Aparatur Sipil "
                  f"Negara, perlu menetapkan keputusan tentang {tentang};", st.body), Spacer(1, 6),
               _p("Mengingat : Peraturan Menteri Pendayagunaan Aparatur Negara dan Reformasi Birokrasi Nomor 38 "
                  "Tahun 2017 tentang Standar Kompetensi Jabatan Aparatur Sipil Negara;", st.body), Spacer(1, 12),
               _p("MEMUTUSKAN:", st.head),
               _p(f"Menetapkan : {jenis} TENTANG {tentang.upper()}.", st.body), Spacer(1, 6),
               _p(f"KESATU : Ruang lingkup {tentang} berlaku bagi Aparatur Sipil Negara.", st.body), Spacer(1, 6),
               _p("KEDUA : Kompetensi jabatan terdiri atas kompetensi teknis, kompetensi manajerial, dan "
                  "kompetensi sosial kultural.", st.body), Spacer(1, 6),
               _p("KETIGA :", st.body),
               _p("Kompetensi teknis sebagaimana dimaksud pada Diktum Kedua terdiri atas:", st.body)]
        out += self.items(decree.get("kompetensi_teknis_diktum") or [], self.layout.diktum_items)
        out += [Spacer(1, 6), _p("Kompetensi manajerial sebagaimana dimaksud pada Diktum Kedua terdiri atas:", st.body)]
        out += self.items(decree.get("kompetensi_manajerial_diktum") or [], self.layout.diktum_items)
        sk = decree.get("kompetensi_sosial_kultural_diktum") or []
        out += [Spacer(1, 6), _p("Kompetensi sosial kultural sebagaimana dimaksud pada Diktum Kedua yaitu "
                                 f"{', '.join(s.lower() for s in sk)}.", st.body), Spacer(1, 6),
                _p(f"KEEMPAT : Rincian {tentang} tercantum dalam Lampiran yang merupakan bagian tidak terpisahkan "
                   "dari Keputusan Menteri ini.", st.body), Spacer(1, 18)]
        return out + self.signature(decree)

    def signer_block(self, title: str, name: str, left: float) -> list:
        lay, st = self.layout, self.st
        sign = ParagraphStyle("sign", parent=st.body, leftIndent=left)
        title = title.strip()
        head, rest = (title.split(" ", 1) if title.startswith("Plt.") else ("", title))
        printed = (head + " " if head else "") + rest.upper()
        out = []
        if lay.signature_lines == "broken":
            words, lines, line = printed.split(), [], ""
            for w in words:  # about 34 characters a line, as the real decree breaks it
                if line and len(line) + len(w) > 34:
                    lines.append(line)
                    line = w
                else:
                    line = f"{line} {w}".strip()
            lines.append(line)
            out += [Paragraph(escape(ln) + ("," if i == len(lines) - 1 else ""), sign) for i, ln in enumerate(lines)]
        else:
            out.append(Paragraph(escape(printed) + ",", sign))
        out += [Spacer(1, 6), Paragraph(escape(lay.ttd), sign), Spacer(1, 6), Paragraph(escape(name), sign)]
        return out

    def signature(self, decree: dict) -> list:
        lay, st = self.layout, self.st
        left = 240 if lay.diktum == "legacy" else self.width * 0.5
        sign = ParagraphStyle("sign", parent=st.body, leftIndent=left)
        out = [Paragraph(f"Ditetapkan di {escape(decree.get('ditetapkan_di') or '')}", sign),
               Paragraph(f"pada tanggal {_date(decree.get('tanggal_ditetapkan'))}", sign), Spacer(1, 12)]
        out += self.signer_block(decree.get("jabatan_penandatangan") or "", decree.get("penandatangan") or "", left)
        if lay.body_salinan_block:
            out += [Spacer(1, 14)] + self.salinan_block()
        return out

    def salinan_block(self) -> list:
        st = self.st
        name = KEPALA_BIRO[self.layout.seed % len(KEPALA_BIRO)]
        return [_p("Salinan sesuai dengan aslinya", st.body),
                _p("KEMENTERIAN PENDAYAGUNAAN APARATUR NEGARA", st.body), _p("DAN REFORMASI BIROKRASI", st.body),
                _p("Kepala Biro Hukum, Komunikasi,", st.body), _p("dan Informasi Publik,", st.body), Spacer(1, 6),
                _p(self.layout.ttd, st.body), Spacer(1, 6), _p(name, st.body)]


# ---------------------------------------------------------------- the Lampiran

class Lampiran:
    def __init__(self, layout: Layout, st: Styles, width: float, frame_height: float, stats: SplitStats):
        self.layout, self.st, self.width, self.frame_height, self.stats = layout, st, width, frame_height, stats

    def cell(self, text: str, style: ParagraphStyle | None = None, **kw) -> Cell:
        style = style or self.st.cell
        if self.layout.hyphenate and style in (self.st.cell,):
            return Cell([Paragraph(escape(hyphenable(text or "")), style)], **kw)
        return Cell([_p(text, style)] if text else [], **kw)

    def narrow_cell(self, text: str, **kw) -> Cell:
        return Cell([_p(text, self.st.cell_c)] if text else [], valign=self.layout.narrow_valign, **kw)

    def table(self, widths: list[float], header: list[list[Cell]], rows: list[list[Cell]], narrow: set[int]) -> RuledTable:
        lay = self.layout
        widths = self.fit_widths([w * self.width for w in widths], header + rows)
        return RuledTable(widths, header, rows, repeat_header=lay.header_repeat,
                          grid=lay.grid_width, padding=lay.padding, orphans=2 if lay.row_split == "widow" else 1,
                          split_rows=lay.row_split != "whole", stats=self.stats, frame_height=self.frame_height,
                          narrow=narrow)

    def fit_widths(self, widths: list[float], rows: list[list[Cell]]) -> list[float]:
        """Widen a column too narrow for its longest unbreakable word (`Level` in bold, `Pengembangan`),
        taking the room from the widest column, as a typist drags a column edge."""
        need = [0.0] * len(widths)
        for row in rows:
            col = 0
            for cell in row:
                if cell.span == 1:
                    for f in cell.content:
                        if isinstance(f, Paragraph):
                            text = re.sub(r"<[^>]+>", " ", _text_of(f) or "")
                            for word in text.replace(SHY, " ").split():
                                w = pdfmetrics.stringWidth(word, f.style.fontName, f.style.fontSize)
                                need[col] = max(need[col], w + 2 * self.layout.padding + 1 + f.style.leftIndent)
                        elif isinstance(f, Tick):
                            need[col] = max(need[col], f.size + 2 * self.layout.padding)
                col += cell.span
        deficit = sum(max(0.0, n - w) for w, n in zip(widths, need))
        slack = [max(0.0, w - n) for w, n in zip(widths, need)]
        if deficit == 0 or sum(slack) < deficit:
            return list(widths)
        take = deficit / sum(slack)
        return [max(n, w - s * take) if w >= n else n for w, n, s in zip(widths, need, slack)]

    def heading(self, n: int, text: str, jenjang_index: int) -> Paragraph:
        lay = self.layout
        text = text if lay.heading_case == "upper" else title_case(text.lower())
        number = ""
        if lay.heading_numbers == "roman":
            number = ROMAN[n] + ". "
        elif lay.heading_numbers == "letters":
            number = "ABC"[n] + ". "
        elif lay.heading_numbers == "roman-drift":
            number = ROMAN[n + (jenjang_index if n == 2 else 0)] + ". "
        return _p(number + text, self.st.bold_left)

    def header_cells(self, texts: list[str], style: ParagraphStyle | None = None) -> list[Cell]:
        st = style or (self.st.cell_bc if self.layout.header_shade else self.st.cell_c)
        return [Cell([_p(t, st)] if t else [], shade=self.layout.header_shade) for t in texts]

    def number(self, n: int) -> str:
        return {"1.": f"{n}.", "1": f"{n}", "1)": f"{n})"}[self.layout.number_format]

    def group_text(self, n: int, label: str) -> str:
        lay = self.layout
        return {"short": f"{'ABC'[n]}. {label}", "caps": f"{'ABC'[n]}. KOMPETENSI {label.upper()}",
                "long": f"{'ABC'[n]}. Kompetensi {label}", "bare": label}[lay.group_label]

    def competency_table(self, j: dict) -> RuledTable:
        lay, st = self.layout, self.st
        w = list(lay.comp_widths)
        texts = ["Kompetensi", "Level", "Deskripsi", "Indikator Kompetensi"]
        narrow = {1}
        if lay.number_column:
            w = [0.05] + [x * 0.95 for x in w]
            texts = ["No"] + texts
            narrow = {0, 2}
        header = [self.header_cells(texts)]
        if lay.column_numbers:
            header.append(self.header_cells([f"({i})" for i in range(1, len(texts) + 1)], st.cell_c))
        rows = []
        number = 0
        for n, (kelompok, label) in enumerate(GROUPS):
            comps = [k for k in j["kompetensi"] if k["kelompok"] == kelompok]
            if not comps:
                continue
            if lay.numbering == "per-group":
                number = 0
            rows.append([Cell([_p(self.group_text(n, label), st.cell_b)], span=len(texts), shade=lay.group_shade)])
            for k in comps:
                number += 1
                name = printed_name(lay, k)
                indicators = []
                for i, ind in enumerate(k["indikator"]):
                    text = ind["teks"]
                    if lay.indicator_punct:
                        last = len(k["indikator"]) - 1
                        text += "." if i == last else ("; dan" if i == last - 1 else ";")
                    text = hyphenable(text) if lay.hyphenate else text
                    if lay.indicator_style == "hanging":
                        style = ParagraphStyle("hang", parent=st.cell, leftIndent=st.cell.fontSize * 1.9,
                                               firstLineIndent=-st.cell.fontSize * 1.9)
                    else:
                        style = st.cell
                    indicators.append(Paragraph(f"{escape(ind['kode'])} {escape(text)}", style))
                cells = [self.cell(name if lay.number_column else f"{self.number(number)} {name}"),
                         self.narrow_cell(str(k["level"])), self.cell(k.get("deskripsi") or ""), Cell(indicators)]
                if lay.number_column:
                    cells.insert(0, self.narrow_cell(self.number(number)))
                rows.append(cells)
        return self.table(w, header, rows, narrow)

    def tick_cells(self, value: str | None) -> list[Cell]:
        lay = self.layout
        out = []
        for t in TICKS:
            if value == t:
                out.append(Cell([Tick(lay.tick, lay.table_size, self.st.regular)], valign=lay.narrow_valign))
            else:
                out.append(self.narrow_cell(lay.empty_tick))
        return out

    def requirements_table(self, j: dict) -> RuledTable:
        lay, st = self.layout, self.st
        req = j["persyaratan"]
        three = lay.req_shape == "three"
        rw = list(lay.req_widths)
        widths = rw if three else [rw[0], rw[1] + rw[2], *rw[3:]]
        ncol = len(widths)
        narrow = {ncol - 3, ncol - 2, ncol - 1}
        tick_heads = [Cell([_p(t, st.tick_head)], shade=lay.header_shade) for t in ("Mutlak", "Penting", "Perlu")]
        uraian = [Cell([_p("Uraian", st.cell_bc if lay.header_shade else st.cell_c)], span=2 if three else 1,
                       shade=lay.header_shade)]
        jp = self.header_cells(["Jenis Persyaratan"])
        if lay.req_header == "two":
            header = [jp + uraian + [Cell([_p("Tingkat Pentingnya terhadap Jabatan", st.tick_head)], span=3,
                                          shade=lay.header_shade)],
                      [Cell(shade=lay.header_shade, open_top=True), Cell(span=2 if three else 1, shade=lay.header_shade,
                                                                         open_top=True)] + tick_heads]
        else:
            header = [jp + uraian + tick_heads]
        if lay.column_numbers:
            header.append(self.header_cells([f"({i})" for i in range(1, ncol + 1)], st.cell_c))
        letters = iter("ABCDE")
        merge = lay.req_merge_labels

        def label(text: str) -> Cell:
            letter = next(letters)
            return self.cell(f"{letter}. {text}" if lay.req_label == "lettered" else text)

        def cont() -> Cell:
            return Cell(open_top=merge)

        blank3 = [Cell() for _ in range(3)]
        rows: list[list[Cell]] = []
        pend = req["pendidikan"]
        if three:
            rows.append([label("Pendidikan"), self.cell("1. Jenjang"), self.cell(pend.get("jenjang_pendidikan") or ""), *blank3])
            rows.append([cont(), self.cell("2. Bidang Ilmu"), self.cell(pend.get("bidang_ilmu") or ""),
                         *[Cell() for _ in range(3)]])
        else:
            rows.append([label("Pendidikan"), self.cell(f"1. Jenjang: {pend.get('jenjang_pendidikan') or ''}"), *blank3])
            rows.append([cont(), self.cell(f"2. Bidang Ilmu: {pend.get('bidang_ilmu') or ''}"), *[Cell() for _ in range(3)]])
        first = True
        pel_label = label("Pelatihan")
        for status, items in _by_status(req["pelatihan"]):
            lab = pel_label if first else cont()
            first = False
            if three:
                rows.append([lab, self.cell(status), Cell(), *[Cell() for _ in range(3)]])
            else:
                rows.append([lab, self.cell(status, st.cell_b), *[Cell() for _ in range(3)]])
            for k, (jenis, jlabel) in enumerate(JENIS, start=1):
                of_kind = [p for p in items if p["jenis"] == jenis]
                for i, p in enumerate(of_kind):
                    text = _lettered(i, p["nama"], len(of_kind))
                    if three:
                        rows.append([cont(), self.cell(f"{k}. {jlabel}") if i == 0 else Cell(open_top=merge),
                                     self.cell(text), *self.tick_cells(p.get("tingkat_pentingnya"))])
                    else:
                        if i == 0:
                            rows.append([cont(), self.cell(f"{k}. {jlabel}"), *[Cell() for _ in range(3)]])
                        rows.append([cont(), self.cell(text), *self.tick_cells(p.get("tingkat_pentingnya"))])
        first = True
        peng_label = label("Pengalaman Kerja")
        for status, items in _by_status(req["pengalaman_kerja"]):
            lab = peng_label if first else cont()
            first = False
            rows.append([lab, self.cell(status, st.cell if three else st.cell_b)] + ([Cell()] if three else [])
                        + [Cell() for _ in range(3)])
            for i, p in enumerate(items):
                text = _lettered(i, p["uraian"], len(items))
                rows.append([cont()] + ([Cell(open_top=merge)] if three else []) + [self.cell(text)]
                            + self.tick_cells(p.get("tingkat_pentingnya")))
        first = True
        pang_label = label("Pangkat")
        statuses = _by_status(req["pangkat"])
        if lay.pppk_pangkat_dash and statuses and all(s != "PPPK" for s, _ in statuses):
            statuses.append(("PPPK", []))
        for status, items in statuses:
            lab = pang_label if first else cont()
            first = False
            lines = [_pangkat(lay.pangkat_format, p) for p in items] or ["-"]
            para = Paragraph("<br/>".join(escape(x) for x in lines), st.cell)
            if three:
                rows.append([lab, self.cell(status), Cell([para]), *[Cell() for _ in range(3)]])
            else:
                rows.append([lab, Cell([_p(status, st.cell_b), para]), *[Cell() for _ in range(3)]])
        ikj = req.get("indikator_kinerja_jabatan") or ""
        rows.append([label("Indikator Kinerja Jabatan"), Cell([Paragraph(escape(hyphenable(ikj) if lay.hyphenate else ikj),
                                                                          st.cell)], span=2 if three else 1),
                     *[Cell() for _ in range(3)]])
        return self.table(widths, header, rows, narrow)

    def identity(self, j: dict) -> list:
        lay, st = self.layout, self.st
        items = [("Nama Jabatan", j["nama_jabatan"]), ("Kelompok Jabatan", j.get("kelompok_jabatan")),
                 (lay.urusan_label, j.get("urusan_pemerintahan")), ("Kode Jabatan", j.get("kode_jabatan"))]
        items = [(k, v if v else lay.empty_value) for k, v in items]
        if lay.identity == "ruled":
            t = self.table([0.3, 0.7], [], [[self.cell(k), self.cell(v)] for k, v in items], set())
            return [t]
        if lay.identity == "ruled-colon":
            return [self.table([0.3, 0.04, 0.66], [], [[self.cell(k), self.narrow_cell(":"), self.cell(v)] for k, v in items], set())]
        t = Table([[_p(k, st.body), _p(":", st.body), _p(v, st.body)] for k, v in items],
                  colWidths=[0.3 * self.width, 0.04 * self.width, 0.66 * self.width])
        t.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
        return [t]

    def header_block(self, d: dict) -> list:
        lay, st = self.layout, self.st
        lines = ["LAMPIRAN", "KEPUTUSAN MENTERI PENDAYAGUNAAN APARATUR NEGARA DAN REFORMASI BIROKRASI REPUBLIK INDONESIA",
                 f"NOMOR {d['nomor']} TAHUN {d['tahun']}", f"TENTANG {d['tentang'].upper()}"]
        small = ParagraphStyle("lamp", parent=st.body, fontSize=st.body.fontSize - 1, leading=(st.body.fontSize - 1) * 1.15)
        if lay.lampiran_header == "indented":
            left = 230 if lay.diktum == "legacy" else self.width * 0.48
            return [Paragraph("<br/>".join(escape(x) for x in lines), ParagraphStyle("l2", parent=small, leftIndent=left)),
                    Spacer(1, 12)]
        rows = [["", _p("LAMPIRAN", small), "", ""],
                ["", _p("KEPUTUSAN", small), _p(":", small), _p("MENTERI PENDAYAGUNAAN APARATUR NEGARA DAN REFORMASI "
                                                                  "BIROKRASI REPUBLIK INDONESIA", small)],
                ["", _p("NOMOR", small), _p(":", small), _p(f"{d['nomor']} TAHUN {d['tahun']}", small)],
                ["", _p("TENTANG", small), _p(":", small), _p(d["tentang"].upper(), small)]]
        t = Table(rows, colWidths=[0.4 * self.width, 0.17 * self.width, 0.03 * self.width, 0.4 * self.width])
        t.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 1),
                               ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]))
        return [t, Spacer(1, 12)]

    def build(self, standard: dict, body: Body) -> list:
        lay, st = self.layout, self.st
        d = standard["decree"]
        out = [PageBreak()] + self.header_block(d)
        title = _p(d["tentang"].upper(), st.head)
        if lay.lampiran_title == "once":
            out += [title, Spacer(1, 8)]
        for n, j in enumerate(standard["jenjang"]):
            if n:
                out.append(PageBreak() if lay.jenjang_new_page else Spacer(1, 18))
            if lay.lampiran_title == "each":
                out += [title, Spacer(1, 8)]
            if lay.jenjang_title == "jenjang":
                out += [_p(f"JENJANG {j['jenjang'].upper()}", st.head), Spacer(1, 6)]
            elif lay.jenjang_title == "nama":
                out += [_p(j["nama_jabatan"].upper(), st.head), Spacer(1, 6)]
            out += self.identity(j)
            out += [Spacer(1, 8), self.heading(0, "IKHTISAR JABATAN", n)]
            ikh = j.get("ikhtisar_jabatan") or ""
            if lay.ikhtisar == "table":
                out += [self.table([0.3, 0.7], [], [[self.cell("Ikhtisar Jabatan"), self.cell(ikh)]], set())]
            else:
                out += [Spacer(1, 3), _p(ikh, ParagraphStyle("ikh", parent=st.just, leftIndent=6 * mm))]
            out += [Spacer(1, 8), self.heading(1, "STANDAR KOMPETENSI", n), Spacer(1, 2), self.competency_table(j),
                    Spacer(1, 8), self.heading(2, "PERSYARATAN JABATAN", n), Spacer(1, 2), self.requirements_table(j)]
        if lay.closing_block != "none":
            left = self.width * 0.5
            out += [Spacer(1, 18)] + body.signer_block(d.get("jabatan_penandatangan") or MENTERI,
                                                        d.get("penandatangan") or "", left)
            if lay.closing_block == "signature+salinan":
                out += [Spacer(1, 14)] + body.salinan_block()
        return out


def _by_status(items: list[dict]) -> list[tuple[str, list[dict]]]:
    """(status, its items) for PNS then PPPK, leaving out a status without items."""
    groups = [(status, [p for p in items if p["status_kepegawaian"] == status]) for status in ("PNS", "PPPK")]
    return [(status, group) for status, group in groups if group]


def _lettered(i: int, text: str, count: int) -> str:
    """`a. text`, `b. text` in a list of several; a lone item unlettered."""
    return f"{LETTERS[i]}. {text}" if count > 1 else text


def _pangkat(fmt: str, p: dict) -> str:
    g, name = p["golongan"], p.get("nama") or ""
    return {"dash-paren": f"- {g} ({name})", "paren": f"{name} ({g})", "comma": f"{name}, {g}",
            "slash-dash": f"{g} - {name}"}[fmt]


# ---------------------------------------------------------------- page furniture, key, entry points

def _furniture(layout: Layout, size: tuple[float, float], regular: str):
    def draw(canvas, doc) -> None:
        canvas.saveState()
        canvas.setFont(regular, 10)
        if doc.page > 1 and layout.page_number == "top":
            canvas.drawCentredString(size[0] / 2, size[1] - 12 * mm, f"- {doc.page} -")
        elif doc.page > 1 and layout.page_number == "bottom":
            canvas.drawCentredString(size[0] / 2, 10 * mm, f"{doc.page}")
        if layout.watermark:
            canvas.setFillColor(colors.grey)
            canvas.setFont(regular, 8)
            canvas.drawString(max(20 * mm, layout.watermark_x * size[0]), 6 * mm if layout.page_number == "bottom" else 8 * mm,
                              "jdih.menpan.go.id")
        canvas.restoreState()
    return draw


def answer_key(standard: dict, layout: Layout | None = None) -> dict:
    """The standard as the typeset decree prints it. The canonical fields are the standard's; the
    fields kept "as printed" (row number, level, name, golongan) are what the PDF shows; `_layout`
    records the layout (ignored by the scorer)."""
    layout = layout or Layout()
    key = json.loads(json.dumps(standard))
    for j in key["jenjang"]:
        number = 0
        for kelompok, _ in GROUPS:
            if layout.numbering == "per-group":
                number = 0
            for k in (k for k in j["kompetensi"] if k["kelompok"] == kelompok):
                number += 1
                k["nomor_sumber"], k["level_tercetak"] = number, k["level"]
                k["nama_sumber"] = printed_name(layout, k)
        for p in j["persyaratan"]["pangkat"]:
            p["golongan_sumber"] = p["golongan"]
    key["_layout"] = layout.to_json()
    return key


def typeset(standard: dict, out: Path, layout: Layout | None = None) -> Path:
    """Write the decree PDF for `standard` in `layout` (default: the plain look) to `out`
    (atomically, byte for byte the same on every run) and return it."""
    return typeset_with_stats(standard, out, layout)[0]


def typeset_with_stats(standard: dict, out: Path, layout: Layout | None = None) -> tuple[Path, dict]:
    """`typeset`, and what happened while paging: pages, rows split over a page break (of which
    how many left only the number, or one cell, on the first page), rows moved whole."""
    layout = layout or Layout()
    st = Styles(layout)
    size = PAPERS[layout.paper]
    left, right, top, bottom = (m * mm for m in layout.margins_mm)
    out = Path(out)
    tmp = out.with_name(out.name + ".tmp")
    doc = SimpleDocTemplate(str(tmp), pagesize=size, leftMargin=left, rightMargin=right, topMargin=top,
                            bottomMargin=bottom, title=standard["decree"]["tentang"],
                            author="skj-extract fixture generator", invariant=1)
    stats = SplitStats()
    body = Body(layout, st, doc.width)
    story = body.build(standard["decree"]) + Lampiran(layout, st, doc.width, doc.height - 12, stats).build(standard, body)
    furniture = _furniture(layout, size, st.regular)
    doc.build(story, onFirstPage=furniture, onLaterPages=furniture)
    tmp.replace(out)
    return out, {"pages": doc.page, **asdict(stats)}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m tools.typeset", description=__doc__.split("\n\n")[0])
    p.add_argument("standard", type=Path, help="a standard.json (the answer key)")
    p.add_argument("out", type=Path, help="the PDF to write; its answer key goes beside it as OUT.key.json")
    p.add_argument("--seed", type=int, default=0, help="draw the layout from this seed (0: the plain look)")
    args = p.parse_args(argv)
    standard = json.loads(args.standard.read_text("utf-8"))
    layout = Layout.from_seed(args.seed)
    _, stats = typeset_with_stats(standard, args.out, layout)
    key = answer_key(standard, layout)
    key["_typeset"] = stats
    args.out.with_suffix(".key.json").write_text(json.dumps(key, ensure_ascii=False, indent=1), "utf-8")
    print(f"{args.out}: {stats['pages']} pages, seed {args.seed}: {layout.describe() or 'the plain look'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
