"""Stage 1: read a decree's OCR text and strip what the scan added to it.

A scanned decree's text carries page furniture that belongs to no field: page
numbers (`- 19 -`, `-25 -`), the publisher's watermark line (`jdih.menpan.go.id`),
table rulings read as stray `|`, `[`, `]`. They are removed here, once, and every
removal is kept (line number and text) so nothing disappears silently. OCR text
keeps too few page numbers (and watermarks) to tell which page a line is on, so
lines of a text file carry no page; the PDF front end knows its pages.

Control characters (NUL, ESC, the C1 range, and invisible format characters such as
zero-width spaces and soft hyphens) are stripped before anything else, each removal
logged: a file that is mostly control characters is refused as binary, a sprinkle of
them would hide words from every later stage and end up in the published CSV files.
A line longer than any decree prints (`LoadSettings.max_line`) refuses the file.
"""

from __future__ import annotations

import dataclasses
import hashlib
import itertools
import re
from dataclasses import dataclass, field
from pathlib import Path

from .errors import UnreadableInput
from .model import Line

PAGE_NUMBER = re.compile(r"^\s*-\s*(\d{1,3})\s*-\s*$")
BARE_PAGE_NUMBER = re.compile(r"^\s*\d{3}\s*$")  # its dashes unread: three digits alone, more than a row number
WATERMARK = re.compile(r"j?dih\s*\.\s*menpan\s*\.\s*go\s*\.\s*id", re.IGNORECASE)  # OCR may lose the j
# a ruling read as a character: alone, or stuck to the edge of a word
STRAY_RULING = re.compile(r"(?<!\S)[|\[\]]+|[|\[\]]+(?!\S)")
# a ruling between two cells' words that OCR read without a space either side (`me-|2.1`, `unit|nisasi`);
# not one inside a golongan (`I|/a`)
INNER_RULING = re.compile(r"(?<=[A-Za-z-][A-Za-z-])\|(?=[A-Za-z0-9])")
# C0 controls but tab and the line breaks, DEL and C1; zero-width spaces and joiners, soft hyphen,
# bidirectional marks and isolates, word joiner, a byte-order mark inside the text
CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064"
                     "\u2066-\u2069\ufeff]")
# what ends a line once the controls are gone (str.splitlines would also split at \x0b, \x1c-\x1e, \x85)
LINE_BREAK = re.compile("\r\n|[\n\r\f\u2028\u2029]")
WORD = re.compile(r"\S+")
OPENING = re.compile(r"(?<!\S)\((?=[A-Za-z])")  # a bracket opening a word
LAYOUT_GAP = re.compile(r"^ {2,}\S|\S {3,}\S")  # an indented line, or words set apart by a run of spaces


@dataclass(frozen=True)
class LoadSettings:
    """Every threshold of the load stage, named (pdfplumber's TableSettings as the model)."""

    sniff_chars: int = 65536  # characters looked at to tell text from a binary file
    control_share: float = 0.01  # share of those that are control characters in a binary file (UTF-16: half NULs)
    removal_chars: int = 200  # characters of a line's text kept in the removals log
    paren_reach: int = 5  # lines (not blank) within which a printed bracket closes
    laid_out_share: float = 0.1  # of a file's lines: pdftotext -layout's tables and centred lines give far more
    max_line: int = 10_000  # characters: a decree's longest lines hold a few hundred


LOAD = LoadSettings()


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
    layer_pages: list[int] = field(default_factory=list)  # scanned pages read from their own text layer

    def to_json(self) -> dict:
        return {
            "file": str(self.path),
            "sha256": self.sha256,
            "mode": self.mode,
            "pages": self.pages,
            "ocr_pages": self.ocr_pages,
            "layer_pages": self.layer_pages,
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
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UnreadableInput("not UTF-8 text", source=str(path)) from None
    # over 1% control characters (NUL included: UTF-16 is half NULs) is no text; fewer are stripped
    controls = sum(1 for ch in text[:LOAD.sniff_chars] if ord(ch) < 32 and ch not in "\n\r\t\f")
    if controls > LOAD.control_share * min(len(text), LOAD.sniff_chars):
        raise UnreadableInput("binary file, not text", source=str(path))
    return text, hashlib.sha256(data).hexdigest()


def strip_controls(text: str) -> tuple[str, dict | None]:
    """The text without control characters, and the removal to log (None when there were none)."""
    found = CONTROL.findall(text)
    if not found:
        return text, None
    counts: dict[str, int] = {}
    for ch in found:
        counts[ch] = counts.get(ch, 0) + 1
    what = ", ".join(f"U+{ord(ch):04X}" + (f" x{n}" if n > 1 else "") for ch, n in sorted(counts.items()))
    cleaned = CONTROL.sub("", text)
    return cleaned, {"text": " ".join(cleaned.split())[:LOAD.removal_chars],
                     "why": f"control characters removed: {what}", "controls": len(found)}


def clean_lines(raw: str) -> tuple[list[Line], list[dict]]:
    """Split text into cleaned non-empty lines; return them and the list of removals."""
    lines: list[Line] = []
    removed: list[dict] = []
    raw_lines = LINE_BREAK.split(raw)
    for no, text in enumerate(raw_lines, start=1):
        text, controls = strip_controls(text)
        if controls:
            removed.append({"line": no, **controls})
        if PAGE_NUMBER.match(text) or BARE_PAGE_NUMBER.match(text):
            removed.append({"line": no, "text": text.strip(), "why": "page number"})
            continue
        if WATERMARK.search(text):
            removed.append({"line": no, "text": text.strip(), "why": "watermark"})
            text = WATERMARK.sub(" ", text)
        at = [m.span() for m in STRAY_RULING.finditer(text)] + [m.span() for m in INNER_RULING.finditer(text)] + [
            (i, i + 1) for i in _ruling_parens(text, raw_lines[no:])]
        cleaned = "".join(" " if any(a <= i < b for a, b in at) else ch for i, ch in enumerate(text))  # words keep their columns
        if cleaned != text and cleaned.strip():
            removed.append({"line": no, "text": text.strip(), "why": "table ruling read as text"})
        xs = tuple(m.start() for m in WORD.finditer(cleaned))
        rulings = tuple(sorted({sum(1 for x in xs if x > a) for a, _ in at}, reverse=True))
        cleaned = " ".join(cleaned.split())
        if cleaned:
            lines.append(Line(no, cleaned, xs=xs, rulings=rulings))
    if not laid_out(raw):
        lines = [dataclasses.replace(ln, xs=None) for ln in lines]
    return lines, removed


def _ruling_parens(text: str, following: list[str]) -> list[int]:
    """Where a table ruling OCR read as `(` stands stuck to a word's start (`(tuasi`, `(Menumbuhkan`): an
    opening bracket that no `)` closes before the next `(`, on its line or the next few lines (a printed
    bracket closes within a sentence)."""
    out: list[int] = []
    if not OPENING.search(text):
        return out
    reach = "\n".join(itertools.islice((ln for ln in following if ln.strip()), LOAD.paren_reach))
    for m in OPENING.finditer(text):
        after = text[m.end():] + "\n" + reach
        close, reopen = after.find(")"), after.find("(")
        if close < 0 or 0 <= reopen < close:
            out.append(m.start())
    return out


def laid_out(raw: str) -> bool:
    """Does the text keep its page's layout (`pdftotext -layout`: lines indented, columns set apart by
    runs of spaces)? OCR tools' plain text puts one space between words and indents no line."""
    lines = [ln for ln in LINE_BREAK.split(raw) if ln.strip()]
    spaced = sum(1 for ln in lines if LAYOUT_GAP.search(ln))
    return bool(lines) and spaced >= LOAD.laid_out_share * len(lines)


def _check_lengths(lines: list[Line], source: str) -> None:
    for ln in lines:
        if len(ln.text) > LOAD.max_line:
            where = f"page {ln.page}" if ln.page is not None else f"line {ln.no}"
            raise UnreadableInput(f"{where} holds a line of {len(ln.text):,} characters: no decree prints one "
                                  f"longer than {LOAD.max_line:,} (junk in the file?)", source=source)


def scrub(clean: CleanText) -> CleanText:
    """A PDF's lines with control characters stripped (each removal logged with its page) and
    their length checked, as `load` does for a text file."""
    lines, removed = [], []
    for ln in clean.lines:
        text, controls = strip_controls(ln.text)
        if controls:
            removed.append({"page": ln.page, **controls})
            text = " ".join(text.split())
            if not text:
                continue
            ln = dataclasses.replace(ln, text=text)
        lines.append(ln)
    _check_lengths(lines, str(clean.path))
    if not removed:
        return clean
    if not lines:
        raise UnreadableInput("PDF holds no text", source=str(clean.path))
    return dataclasses.replace(clean, lines=lines, removed=clean.removed + removed)


def load(path: Path) -> CleanText:
    """Stage entry point: read and clean one decree text file."""
    text, digest = read_text(path)
    lines, removed = clean_lines(text)
    if not lines:
        raise UnreadableInput("file holds no text", source=str(path))
    _check_lengths(lines, str(path))
    return CleanText(path, digest, lines, removed)
