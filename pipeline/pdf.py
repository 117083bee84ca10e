"""Stage 1 for PDF input: open the PDF, decide per page text layer or OCR, hand words to the layout stage.

A page whose text layer holds enough real characters is read with pdfplumber
(`pdf-text`): its words with their boxes, and its ruled tables from the drawn
lines (pdfplumber's own edges -> intersections -> cells chain). A page without
one, a scan, goes to Tesseract (`pdf-ocr`, see `ocr.py`), and its tables come from
the ruling lines found in the image, fed to the same pdfplumber table finder as
explicit lines. Mixed PDFs exist, so the choice is made page by page; `--ocr`
forces OCR on every page. The result is a `CleanText` like the text path's, each
line knowing its page, and every stage after this one is shared.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from .errors import UnreadableInput
from .grids import find_grids
from .layout import PageWords, Word, page_lines
from .load import CleanText


@dataclass(frozen=True)
class PdfSettings:
    """Every threshold of the PDF front end, named (pdfplumber's TableSettings as the model)."""

    sniff_bytes: int = 1024  # bytes read to find `%PDF` after leading whitespace (readers seek it in the first 1024)
    min_text_chars: int = 40  # fewer upright letters and digits than this on a page: treat it as a scan
    mark_min: float = 1.5  # points: a drawn object's longer side from this size may be a check mark (not a speck)
    mark_max: float = 30.0  # points: ... up to this size (a larger one is a ruling, a box or a picture)
    image_cover: float = 0.6  # share of the page an image must cover to make the page a scan


PDF = PdfSettings()

OCR_MODES = ("auto", "always", "never")


@dataclass
class PdfOptions:
    """How to read a PDF's pages, OCRmyPDF's choices as the model: `auto` reads a born-digital
    page's text, OCRs a scan, and takes a scan's own text layer where it reads well (else OCRs
    it); `always` OCRs every page; `never` reads text layers only (a scan without one gives none)."""

    ocr: str = "auto"
    jobs: int | None = None  # OCR worker processes (None: every core)
    cache: bool = True
    quiet: bool = False  # no progress bar (it shows only on a terminal anyway)
    # the pages' executor, `pool(jobs)` a context manager giving one (None: this machine's worker
    # processes, `ocr.process_pool`; on a Dask cluster, `cluster.pages_on_cluster`)
    pool: Callable | None = None


def is_pdf(path: Path, s: PdfSettings = PDF) -> bool:
    try:
        with open(path, "rb") as fh:
            return fh.read(s.sniff_bytes).lstrip().startswith(b"%PDF")
    except OSError:
        return False


def _open(path: Path):
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    try:
        pdf = pdfplumber.open(path)
        count = len(pdf.pages)
    except (PDFPasswordIncorrect, PDFEncryptionError):
        raise UnreadableInput("encrypted PDF: remove the password first (e.g. qpdf --decrypt)", source=str(path)) from None
    except FileNotFoundError:
        raise UnreadableInput("file not found", source=str(path)) from None
    except Exception as exc:  # pdfminer raises many kinds on a damaged file (pdfplumber wraps them)
        name = type(exc).__name__
        causes = f"{name} {type(exc.__cause__).__name__} {type(exc.__context__).__name__}"
        if "Password" in causes or "Encrypt" in causes or b"/Encrypt" in path.read_bytes():
            raise UnreadableInput("encrypted PDF: remove the password first (e.g. qpdf --decrypt)",
                                  source=str(path)) from None
        raise UnreadableInput(f"corrupt PDF ({name}: {exc})".rstrip(), source=str(path)) from None
    if count == 0:
        pdf.close()
        raise UnreadableInput("PDF has no pages", source=str(path))
    return pdf


def has_text_layer(page, s: PdfSettings = PDF) -> bool:
    """Enough upright letters and digits: a page whose text is turned (its own /Rotate, or drawn
    sideways or upside down) reads as garbage from pdfplumber, so it goes to OCR, which turns it upright."""
    real = sum(1 for ch in page.chars if re.match(r"[A-Za-z0-9]", ch.get("text", "")) and _upright(ch))
    return real >= s.min_text_chars


def _upright(ch: dict) -> bool:
    """A character drawn upright (turned by less than 45 degrees either way)."""
    a, b, c, d = (ch.get("matrix") or (1, 0, 0, 1))[:4]
    return a > 0 and d > 0 and abs(b) < a and abs(c) < d


def text_page(page, number: int, s: PdfSettings = PDF) -> PageWords:
    """Words, ruled tables and small drawn objects (check marks printed without a glyph:
    vector paths or little images) of a page with a text layer."""
    words = [Word(w["text"], w["x0"], w["x1"], w["top"], w["bottom"])
             for w in page.extract_words(keep_blank_chars=False, use_text_flow=False)]
    marks = [(o["x0"], o["top"], o["x1"], o["bottom"]) for o in page.curves + page.lines + page.rects + page.images
             if s.mark_min <= max(o["x1"] - o["x0"], o["bottom"] - o["top"]) <= s.mark_max]
    return PageWords(number, words, find_grids(page, [e for e in page.edges if e["orientation"] == "v"]),
                     page.height, marks)


def read_pdf(path: Path, options: PdfOptions = PdfOptions(),
             progress: Callable[[str], None] = lambda _: None, s: PdfSettings = PDF) -> CleanText:
    """Read a decree PDF into cleaned lines (each with its page)."""
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    pdf = _open(path)
    try:
        kinds = {n: page_kind(page, s) for n, page in enumerate(pdf.pages, start=1)}
        if options.ocr == "always":
            kinds = {n: "layer" if k == "layer" else "scan" for n, k in kinds.items()}
        pages: dict[int, PageWords] = {n: text_page(pdf.pages[n - 1], n, s) for n, k in kinds.items() if k == "text"}
        treat = {"auto": "auto", "never": "only", "always": "off"}[options.ocr]
        layers = {n: treat for n, k in kinds.items() if k == "layer"}
        images = [n for n, k in kinds.items() if k == "layer" or (k == "scan" and options.ocr != "never")]
        if images:
            from .ocr import ocr_pages

            progress(f"  ocr        {len(images)} of {len(pdf.pages)} pages are scans"
                     + (f" ({len(layers)} with a text layer)" if layers else ""))
            pages.update(ocr_pages(pdf, path, images, options, progress, layers))
        total = len(pdf.pages)
    finally:
        pdf.close()
    scanned = [n for n in sorted(pages) if pages[n].source != "text"]
    lines, removed = page_lines([pages[n] for n in sorted(pages)], set(scanned))
    if not lines:
        raise UnreadableInput("PDF holds no text", source=str(path))
    removed += [change for n in sorted(pages) for change in pages[n].changes]
    from_layer = [n for n in scanned if pages[n].source == "layer"]
    if layers and options.ocr != "always":
        def how(n: int) -> str:
            again = f" ({len(pages[n].changes)} lines re-read by OCR)" if pages[n].changes else ""
            return f"its text layer{again}" if n in from_layer else "OCR"

        progress(f"  pages with a text layer read from: {', '.join(f'{n}: {how(n)}' for n in sorted(layers))}")
    mode = "pdf-ocr" if scanned else "pdf-text"
    return CleanText(path, digest, lines, removed, mode=mode, pages=total,
                     ocr_pages=[n for n in scanned if n not in from_layer], layer_pages=from_layer)


def page_kind(page, s: PdfSettings = PDF) -> str:
    """`text` (a born-digital page), `scan` (a page image, no text), or `layer`: a scan that carries
    a text layer, its text drawn invisibly over a page image by an earlier OCR (OCRmyPDF, scanner
    software), whose table rulings exist only as pixels."""
    area = float(page.width * page.height) or 1.0
    covered = any((im["x1"] - im["x0"]) * (im["bottom"] - im["top"]) >= s.image_cover * area for im in page.images)
    if has_text_layer(page, s):
        return "layer" if covered else "text"
    return "scan"
