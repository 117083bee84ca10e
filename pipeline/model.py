"""The shared pieces of the intermediate representation, below every stage module.

`Line` is the unit every front end produces and every stage after it reads; `Competency`
one row of a competency table, as the tables stage reads it and the fragments' repairs move text in it;
`CorrectionLog` is the one log every automatic repair goes to, whichever stage makes it
(it becomes `corrections.csv`); `DIKTUM_FIELDS` names the diktum lists. The document the
stages build up from these is `document.Document`.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

# the decree's diktum lists of competency names, by kelompok: the field of `DecreeBody` holding each
DIKTUM_FIELDS = {
    "manajerial": "kompetensi_manajerial_diktum",
    "sosial_kultural": "kompetensi_sosial_kultural_diktum",
    "teknis": "kompetensi_teknis_diktum",
}


@dataclass(frozen=True)
class Line:
    """One non-empty line of cleaned text, with where it came from."""

    no: int  # 1-based line number in the source file
    text: str
    page: int | None = None  # page of the printed decree, where the input tells it (PDF input)
    # PDF input, a line read from a ruled table: the row (one id per table row, a row the page break
    # cut keeps one id), the role of its column as the table's header or content names it (`nama`,
    # `level`, `deskripsi`, `indikator`, `nomor`, `jenis`, `uraian`, `mutlak`, `penting`, `perlu`,
    # `header`, `group`; None when the column's role is unknown), its column, and for a tick cell whether it
    # holds a mark (a glyph, a drawn check mark, or clearly more ink than its neighbours)
    row: int | None = None
    role: str | None = None
    col: int | None = None  # the (first) column of the line's cell in its table
    span: int = 1  # how many columns that cell covers
    mark: bool = False
    box: tuple[float, float, float, float] | None = None  # PDF points: the words of this line
    conf: tuple[float, float] | None = None  # OCR: mean and lowest word confidence of this line
    # text input laid out in columns (`pdftotext -layout`): the character column each word of the
    # line started at in the file (None for text that keeps no layout: one space between words)
    xs: tuple[int, ...] | None = None
    # text input: where a table ruling read as `|`, `[` or `]` (removed from the text) stood, each as the
    # number of the line's words after it (counted from the end: a stage that cuts a row number or name
    # from a line's start keeps them right)
    rulings: tuple[int, ...] = ()


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


class CorrectionLog:
    """Every automatic repair of one decree, in the order the stages made them."""

    def __init__(self, decree: str = ""):
        self.decree = decree  # set by the decree stage once the id is read
        self.entries: list[Correction] = []

    def add(self, jenjang: str | None, field: str, original: str, replacement: str, rule: str) -> None:
        self.entries.append(Correction(self.decree, jenjang, field, original, replacement, rule))

    def __len__(self) -> int:
        return len(self.entries)

    def to_json(self) -> list[dict]:
        return [c.to_json() for c in self.entries]


@dataclass
class Competency:
    """One reconstructed row of the competency table (text still raw OCR, normalised later)."""

    kelompok: str
    urutan: int
    nomor_sumber: int | None
    nama: str
    nama_sumber: str  # the name as the row prints it
    nama_dikenal: bool  # True when the name matched the diktum or the dictionary
    level: int | None
    level_tercetak: int | None  # the level as printed, None where OCR lost it
    deskripsi: str | None
    indikator: list[dict]
    halaman: list[int] = field(default_factory=list)
    baris: list[int] = field(default_factory=list)  # first and last source line of the row
    level_terbaca: int | None = None  # the level digit as OCR read it, when the indicator codes overruled it
    ruled: bool = False  # read from a ruled table's cells (PDF input): each word is in the cell it was printed in
    nomor_terbaca: str | None = None  # the row number as OCR read it ("" lost), when its neighbours' numbers overruled it
    # text input: the ends of printed lines put back in their column (column, what, before, after)
    perbaikan: list[dict] = field(default_factory=list)
    # where each cell was read (`provenance.of_lines`): nama, level, deskripsi, and one per indicator
    asal: dict = field(default_factory=dict)

    def to_json(self) -> dict:
        return asdict(self)
