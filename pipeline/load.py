"""Stage 1: read a decree's OCR text and strip what the scan added to it.

A scanned decree's text carries page furniture that belongs to no field: page
numbers (`- 19 -`, `-25 -`), the publisher's watermark line (`jdih.menpan.go.id`),
table rulings read as stray `|`, `[`, `]`. They are removed here, once, and every
removal is kept (line number and text) so nothing disappears silently. OCR text
keeps too few page numbers (and watermarks) to tell which page a line is on, so
lines of a text file carry no page; the PDF front end knows its pages.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from .errors import UnreadableInput

PAGE_NUMBER = re.compile(r"^\s*-\s*(\d{1,3})\s*-\s*$")
WATERMARK = re.compile(r"jdih\s*\.\s*menpan\s*\.\s*go\s*\.\s*id", re.IGNORECASE)
# a ruling read as a character: alone, or stuck to the edge of a word
STRAY_RULING = re.compile(r"(?<!\S)[|\[\]]+|[|\[\]]+(?!\S)")


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


@dataclass
class CleanText:
    """The cleaned lines of one decree file plus the record of what was removed."""

    path: Path
    sha256: str
    lines: list[Line]
    removed: list[dict] = field(default_factory=list)
    mode: str = "text"  # text, pdf-text or pdf-ocr (the contract's source.mode)
    pages: int | None = None  # pages of a PDF
    ocr_pages: list[int] = field(default_factory=list)  # the PDF pages read by OCR

    def to_json(self) -> dict:
        return {
            "file": str(self.path),
            "sha256": self.sha256,
            "mode": self.mode,
            "pages": self.pages,
            "ocr_pages": self.ocr_pages,
            "lines": [{"no": ln.no, "page": ln.page, "text": ln.text} for ln in self.lines],
            "removed": self.removed,
        }


def read_text(path: Path) -> tuple[str, str]:
    """Return (text, sha256) of a text file, refusing what is not text."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise UnreadableInput("file not found", source=str(path)) from None
    except OSError as exc:
        raise UnreadableInput(f"cannot read file ({exc.strerror})", source=str(path)) from None
    if not data.strip():
        raise UnreadableInput("file is empty", source=str(path))
    if b"\x00" in data[:65536]:
        raise UnreadableInput("binary file, not text", source=str(path))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UnreadableInput("not UTF-8 text", source=str(path)) from None
    controls = sum(1 for ch in text[:65536] if ord(ch) < 32 and ch not in "\n\r\t\f")
    if controls > 0.01 * min(len(text), 65536):
        raise UnreadableInput("binary file, not text", source=str(path))
    return text, hashlib.sha256(data).hexdigest()


def clean_lines(raw: str) -> tuple[list[Line], list[dict]]:
    """Split text into cleaned non-empty lines; return them and the list of removals."""
    lines: list[Line] = []
    removed: list[dict] = []
    for no, text in enumerate(raw.replace("\f", "\n").splitlines(), start=1):
        if PAGE_NUMBER.match(text):
            removed.append({"line": no, "text": text.strip(), "why": "page number"})
            continue
        if WATERMARK.search(text):
            removed.append({"line": no, "text": text.strip(), "why": "watermark"})
            text = WATERMARK.sub(" ", text)
        cleaned = STRAY_RULING.sub(" ", text)
        if cleaned != text and cleaned.strip() and STRAY_RULING.search(text):
            removed.append({"line": no, "text": text.strip(), "why": "table ruling read as text"})
        cleaned = " ".join(cleaned.split())
        if cleaned:
            lines.append(Line(no, cleaned))
    return lines, removed


def load(path: Path) -> CleanText:
    """Stage entry point: read and clean one decree text file."""
    text, digest = read_text(path)
    lines, removed = clean_lines(text)
    if not lines:
        raise UnreadableInput("file holds no text", source=str(path))
    return CleanText(path, digest, lines, removed)
