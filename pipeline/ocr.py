"""The `pdf-ocr` front end: scanned pages -> words with boxes and ruled table grids.

Each page is rasterised (pypdfium2, the renderer pdfplumber ships with), deskewed
(the angle, within +-2 degrees, at which the rows of ink line up sharpest), read by
Tesseract 5 (`image_to_data`, language `ind`: words with boxes and confidences)
and searched for ruling lines (long straight runs of dark pixels). The rulings
are handed to pdfplumber's table finder as explicit lines, so scanned and born-
digital pages get their cells from the same code. Pages run in parallel worker
processes (one Tesseract thread each), and each page's result is cached under
the hash of what the page draws (for a scan: its image's bytes) and the OCR
settings, looked up before anything is rendered: an unchanged PDF is not read twice.

Bounded whatever the PDF: a page is rendered with at most `MAX_PAGE_PIXELS` (a larger
page at a lower resolution, down to `MIN_DPI`; one larger still is refused), and a
page holding an image of more than `MAX_IMAGE_PIXELS` is refused before any worker
starts (decoding it alone would take gigabytes). A page turned by 90 or 180 degrees
(Tesseract reads it as tall words, or as low-confidence garbage) is turned upright
by Tesseract's orientation detection and read again. Workers lead their own process
group and end with it when the process that started them ends, even by SIGKILL.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import math
import multiprocessing
import os
import re
import signal
import tempfile
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Callable, Iterator

import numpy as np

from .errors import MissingDependency, UnreadableInput
from .grids import find_grids
from .layout import LAYOUT, Grid, PageWords, Word
from .progress import progress_bar

CACHE_VERSION = 20  # bump when the cached result's shape or the processing changes
LAYER_VERSION = 6  # bump when only the reading of pages with a text layer changes (their keys alone)
MIN_ROTATION = 0.15  # degrees: a smaller skew moves a word by under a point across the page
# memory, whatever the PDF: a 16 x 16 in page at 300 dpi (23 MP) peaks at ~460 MiB in a worker and its
# Tesseract, so two workers and the main process (~330 MiB) stay well under 1.5 GiB
MAX_PAGE_PIXELS = 24_000_000  # a page rendered for OCR (A3 at 300 dpi: 17.4 MP)
MIN_DPI = 150  # a page too large to render at this resolution within MAX_PAGE_PIXELS is refused
MAX_IMAGE_PIXELS = 50_000_000  # an image on a scanned page (A4 or F4 scanned at 600 dpi: 35-40 MP)


@dataclass(frozen=True)
class OcrSettings:
    """What Tesseract is asked, then every threshold of a page's reading, named (pdfplumber's
    TableSettings as the model)."""

    dpi: int = 300
    lang: str = "ind"
    psm: int = 3
    max_skew: float = 3.0  # degrees searched for the deskew (a poor scan lies up to 2 degrees askew)
    min_conf: float = 5.0  # words Tesseract scores below this are dropped (a mark read as `Ba` scores 0)
    # a scan with a text layer: "" none, "auto" its words when they read well, "only" its words, "off" OCR it
    layer: str = ""
    # the thresholds: their defaults are in CACHE_VERSION (bump it when one changes), so only a changed one keys
    paper_mean: int = 128  # a page image's mean grey below this is no page (mostly paper) but an inverted decode
    skew_shrink: int = 4  # the deskew looks at a copy this many times smaller each way
    skew_ink: int = 128  # grey below which a pixel of that copy is ink (mid-grey, as MIN_INK_LEVEL)
    skew_coarse: float = 0.5  # degrees between the angles tried first ...
    skew_fine_span: float = 0.4  # ... then degrees either side of the best of them tried again ...
    skew_fine: float = 0.1  # ... this far apart
    skew_decimals: int = 2  # decimals kept of the angle
    ruling_share: float = 0.03  # a ruling is a straight stroke at least this share of the page width long
    threshold_block: int = 31  # pixels: the square whose mean grey a pixel is compared with to be ink
    threshold_offset: int = 15  # grey levels darker than that mean a pixel must be
    ruling_min: int = 10  # pixels: the shortest ruling, however small the page
    ruling_bridge: int = 3  # pixels: the square a stroke is grown by, bridging 1-2 px gaps
    row_overlap: float = 0.5  # share of the shorter of two row rulings they must overlap by to bound one row
    faint_on: int = 1  # pixels either side of a column ruling's middle that are the ruling
    faint_near: int = 5  # pixels from its middle where the paper beside a faint ruling starts ...
    faint_far: int = 8  # ... and ends (a ruling this near the image's edge is not followed)
    faint_min_rows: int = 3  # a gap in a column ruling shorter than this is bridged without a look
    faint_across: int = 5  # pixels a row ruling may stop short of a column ruling and still cross it
    faint_clear: int = 2  # pixels between a column ruling's end and a row ruling for a gap to lie between them
    faint_mask: int = 2  # pixels either side of its middle that a bridged gap adds to the rulings' mask
    layer_letters: int = 3  # letters of a text layer's word that is judged known or unknown
    layer_min_words: int = 20  # such words a text layer needs to be judged at all (else OCR reads the page)
    layer_inside: float = 0.75  # share of a layer word's width inside its cell below which it straddles a ruling
    suspect_short: int = 2  # letters of a lone token that is a speck or a list letter, not a word
    suspect_letters: int = 3  # letters of a word the lexicon must know for a text layer's word to read well
    cell_overreach: int = 1  # points a word's box may reach over its cell's ruling
    speck_chars: int = 2  # letters and digits of a word that does not read well: a speck, not counted as a word
    turned_chars: int = 4  # characters of the words that judge a page's orientation
    turned_tall_share: float = 0.5  # share of them taller than wide that says a page is turned by 90 degrees
    cell_inset: int = 4  # pixels inside its rulings a cell's box is cut to (the rulings' thickness)
    cover_margin: int = 3  # pixels a word's box is grown by to cover its letters' ink
    trim_margin: int = 12  # white pixels left around a narrow cell's glyphs for Tesseract
    placed_inset: int = 2  # points inside its cell a word read alone is placed
    placed_height: int = 12  # points: the height it is given (one line)
    placed_conf: float = 100.0  # its confidence: read alone, as a level or a number
    # what Tesseract is asked: always in the cache key
    ASKED = ("dpi", "lang", "psm", "max_skew", "min_conf", "layer")

    def key(self) -> str:
        """The cache key's settings part: what Tesseract is asked and any threshold changed from its
        default; a page with a text layer's also holds LAYER_VERSION, so a change to how layers are
        read redoes those pages only."""
        keyed = {f.name: getattr(self, f.name) for f in fields(self)
                 if f.name in self.ASKED or getattr(self, f.name) != f.default}
        extra = {"layer_v": LAYER_VERSION} if self.layer else {}
        return json.dumps({**keyed, **extra, "v": CACHE_VERSION, "tesseract": tesseract_version()},
                          sort_keys=True)


OCR = OcrSettings()


@functools.lru_cache(maxsize=1)
def tesseract_version() -> str:
    """Tesseract's version (one `tesseract --version` per process: it is part of every page's cache key)."""
    import pytesseract

    try:
        return str(pytesseract.get_tesseract_version())
    except (pytesseract.TesseractNotFoundError, OSError):
        raise MissingDependency("Tesseract is not installed (Debian: apt-get install tesseract-ocr tesseract-ocr-ind)") from None


def check_tesseract(lang: str) -> None:
    """Fail early, with the fix, when Tesseract or its language pack is missing."""
    import pytesseract

    tesseract_version()
    if lang not in pytesseract.get_languages(config=""):
        raise MissingDependency(f"Tesseract has no '{lang}' language pack (Debian: apt-get install tesseract-ocr-{lang})")


def cache_dir() -> Path:
    return Path(os.environ.get("SKJ_CACHE_DIR") or Path.home() / ".cache" / "skj-extract") / "ocr"


# ---------------------------------------------------------------- limits

def page_dpi(size: tuple[float, float], dpi: int) -> int:
    """The resolution a page of `size` points is rendered at: `dpi`, lowered so that the
    page holds at most MAX_PAGE_PIXELS."""
    area = max(size[0], 1.0) * max(size[1], 1.0) / 72 / 72  # square inches
    return max(1, min(dpi, int(math.sqrt(MAX_PAGE_PIXELS / area))))


def image_limit(jpx: bool) -> int:
    """The most pixels an image may have: JPEG 2000 decodes at 4 bytes a sample, a quarter as many."""
    return MAX_IMAGE_PIXELS // 4 if jpx else MAX_IMAGE_PIXELS


def check_page(page, number: int, dpi: int) -> None:
    """Refuse (exit 3), before any worker starts, a page (pdfplumber) too large to read within the
    memory bounds: larger than MIN_DPI allows, or drawing an image of more than MAX_IMAGE_PIXELS."""
    width, height = float(page.width), float(page.height)
    if page_dpi((width, height), dpi) < MIN_DPI:
        raise UnreadableInput(
            f"page {number} measures {width / 72:.0f} x {height / 72:.0f} inches: too large to read (at {MIN_DPI} dpi "
            f"it would exceed {MAX_PAGE_PIXELS // 1_000_000} million pixels; a decree page is A4 or F4)")
    for image in page.images:
        w, h = (int(v) for v in image.get("srcsize", (0, 0)))
        stream = image.get("stream")
        filters = str(stream.get_filters()) if stream is not None else ""
        if w * h > image_limit("JPX" in filters):
            raise UnreadableInput(
                f"page {number} holds an image of {w} x {h} pixels: more than the "
                f"{image_limit('JPX' in filters) // 1_000_000} million read per image (an A4 page scanned at 600 dpi "
                f"has 35 million); downsample it first")


# ---------------------------------------------------------------- image steps (pure functions)

def render(pdf_path: Path, index: int, dpi: int, settings: OcrSettings = OCR) -> tuple[np.ndarray, tuple[float, float]]:
    """Page `index` (0-based) as a greyscale pixel array at `dpi` (lowered for a very large page:
    `page_dpi`), and the page size in points.

    A scanned page is usually one image covering the page: its pixels are decoded and
    scaled to `dpi` directly (a sixth of the time pdfium takes to render the page,
    measured 0.025 s vs 0.17 s on a 250-dpi JPEG page). Anything else is rendered."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(pdf_path))
    try:
        page = doc[index]
        size = page.get_size()
        dpi = page_dpi(size, dpi)
        _refuse_large_images(page, index)
        shape = (math.ceil(size[1] * dpi / 72), math.ceil(size[0] * dpi / 72))  # as pdfium renders
        pixels = _page_scan(page, shape, settings)
        if pixels is None:
            pixels = print_grey(page.render(scale=dpi / 72).to_numpy())
    finally:
        doc.close()
    return np.ascontiguousarray(pixels, dtype=np.uint8), size


def _refuse_large_images(page, index: int) -> None:
    """The worker's own check (pdfium's view, forms included) of what `check_page` refuses: pdfium
    decodes an image whole, at its full size, to draw it at any size."""
    import pypdfium2.raw as pdfium_c

    for image in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE]):
        try:
            w, h = image.get_px_size()
            jpx = any("JPX" in f for f in image.get_filters())
        except Exception:  # metadata pdfium cannot give: the main process's check stands
            continue
        if w * h > image_limit(jpx):
            raise UnreadableInput(f"page {index + 1} holds an image of {w} x {h} pixels: more than the "
                                  f"{image_limit(jpx) // 1_000_000} million read per image; downsample it first")


def full_page_image(page):
    """The page's one image object when it is upright and fills the page (a scan), else None.
    Text drawn invisibly over it (render mode 3: a searchable scan's OCR text layer) adds no
    pixels, so such a page is decoded like the same scan without its layer, not rendered."""
    import pypdfium2.raw as pdfium_c

    if page.get_rotation() != 0:
        return None
    objects = [o for o in page.get_objects() if not (
        o.type == pdfium_c.FPDF_PAGEOBJ_TEXT
        and pdfium_c.FPDFTextObj_GetTextRenderMode(o.raw) == pdfium_c.FPDF_TEXTRENDERMODE_INVISIBLE)]
    if len(objects) != 1 or objects[0].type != pdfium_c.FPDF_PAGEOBJ_IMAGE:
        return None
    image = objects[0]
    m = image.get_matrix()
    x0, y0, x1, y1 = page.get_bbox()
    if m.b or m.c or m.a <= 0 or m.d <= 0 or any(abs(u - v) > 1 for u, v in zip(
            (m.e, m.f, m.e + m.a, m.f + m.d), (x0, y0, x1, y1))):
        return None
    return image


def _page_scan(page, shape: tuple[int, int], settings: OcrSettings = OCR) -> np.ndarray | None:
    """The pixels of the one upright image that fills the page, scaled to `shape`; None when
    the page is anything else (more objects, a turned or partial image, an undecodable one)."""
    import cv2

    image = full_page_image(page)
    if image is None:
        return None
    try:
        pixels = image.get_bitmap(render=False).to_numpy()
    except Exception:  # a filter or colour space pdfium cannot hand over raw: render instead
        return None
    if pixels.ndim == 3:
        pixels = print_grey(pixels)
    if pixels.dtype != np.uint8 or pixels.mean() < settings.paper_mean:
        return None  # not 8-bit, or a decode array left it inverted: a page is mostly paper
    grow = shape[0] > pixels.shape[0]
    return cv2.resize(pixels, (shape[1], shape[0]), interpolation=cv2.INTER_LINEAR if grow else cv2.INTER_AREA)


def print_grey(colour: np.ndarray) -> np.ndarray:
    """A colour page as grey, the coloured ink left out: a decree is printed in black, and
    what is coloured on its scan is pressed or written over it (a blue or violet stamp over
    the signature, a signature in blue ink). Each pixel's grey is its brightest channel plus
    its colourfulness (brightest minus darkest channel): black print stays black, coloured
    ink and tinted paper turn white."""
    channels = colour[:, :, :3].astype(np.int16)
    top, bottom = channels.max(axis=2), channels.min(axis=2)
    return np.clip(2 * top - bottom, 0, 255).astype(np.uint8)


def skew_angle(pixels: np.ndarray, max_skew: float, settings: OcrSettings = OCR) -> float:
    """Angle (degrees) that makes the text rows horizontal: the one with the sharpest row profile,
    searched on a quarter-size copy in 0.5-degree steps, then in 0.1-degree steps around the best.
    Each angle's profile counts the ink pixels' turned rows (no image is turned: half the time)."""
    import cv2

    h, w = pixels.shape
    small = cv2.resize(pixels, (max(1, w // settings.skew_shrink), max(1, h // settings.skew_shrink)),
                       interpolation=cv2.INTER_AREA)
    ys, xs = np.nonzero(small < settings.skew_ink)
    middle_y, middle_x = small.shape[0] / 2, small.shape[1] / 2
    ys, xs = ys - middle_y, xs - middle_x

    def sharpness(angle: float) -> float:
        a = np.deg2rad(angle)
        rows = np.rint(ys * np.cos(a) - xs * np.sin(a) + middle_y).astype(np.int64)
        rows = rows[(rows >= 0) & (rows < small.shape[0])]  # turned off the page: not counted
        return float(np.var(np.bincount(rows, minlength=small.shape[0])))

    coarse = max(np.arange(-max_skew, max_skew + 1e-9, settings.skew_coarse), key=sharpness)
    span = settings.skew_fine_span
    fine = np.arange(max(-max_skew, coarse - span), min(max_skew, coarse + span) + 1e-9, settings.skew_fine)
    return round(float(max(fine, key=sharpness)), settings.skew_decimals)


def rulings(pixels: np.ndarray, min_share: float = OCR.ruling_share,
            settings: OcrSettings = OCR) -> tuple[np.ndarray, list[tuple[float, float, float]], list[tuple[float, float, float]]]:
    """The ruling lines of a page image: (mask of their pixels, horizontal (y, x0, x1), vertical (x, top, bottom)).

    A ruling is a straight stroke of dark pixels at least `min_share` of the page
    width long: kept by a morphological opening with a long thin kernel (OpenCV),
    then each connected stroke becomes one line through its middle.
    """
    import cv2

    dark = cv2.adaptiveThreshold(pixels, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV,
                                 settings.threshold_block, settings.threshold_offset)
    length = max(settings.ruling_min, int(min_share * pixels.shape[1]))
    found = []
    mask = np.zeros_like(dark)
    for kernel in (cv2.getStructuringElement(cv2.MORPH_RECT, (length, 1)), cv2.getStructuringElement(cv2.MORPH_RECT, (1, length))):
        strokes = cv2.morphologyEx(dark, cv2.MORPH_OPEN, kernel)
        bridge = (settings.ruling_bridge, settings.ruling_bridge)
        strokes = cv2.dilate(strokes, cv2.getStructuringElement(cv2.MORPH_RECT, bridge))  # bridge 1-2 px gaps
        mask |= strokes
        boxes = [cv2.boundingRect(c) for c in cv2.findContours(strokes, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)[0]]
        found.append(boxes)
    horizontal = [(y + h / 2, float(x), float(x + w)) for x, y, w, h in found[0] if w >= length]
    vertical = [(x + w / 2, float(y), float(y + h)) for x, y, w, h in found[1] if h >= length]
    # a stroke along the image's edge is the scanner's border or the paper's, no table's
    h, w = pixels.shape
    horizontal = [ln for ln in horizontal if EDGE * h < ln[0] < (1 - EDGE) * h]
    vertical = [ln for ln in vertical if EDGE * w < ln[0] < (1 - EDGE) * w]
    vertical = [_extend_faint(pixels, v, horizontal, mask, settings) for v in vertical]
    vertical += _short_verticals(dark, horizontal, vertical, length, mask, settings)
    return mask, horizontal, vertical


ROW_FILL = 0.9  # share of a row's height a stroke fills, between its two rulings, to be a column ruling
RULING_HALF = 6  # pixels from a row ruling's middle to clear of its thickness (and a residual skew)
RULING_WIDTH = 12  # the widest run of full pixel columns that is one ruling (wider: a shaded block)


def _short_verticals(dark: np.ndarray, horizontal: list, vertical: list, length: int, mask: np.ndarray,
                     settings: OcrSettings = OCR) -> list:
    """Column rulings of rows too short for the page-wide minimum length (a header row in
    small type): a straight stroke that fills its row from one row ruling to the next. Text
    never reaches both rulings of its row; a ruling does."""
    found = []
    rows = sorted(horizontal)
    for i, (y0, a0, b0) in enumerate(rows):
        below = [(y, a, b) for y, a, b in rows[i + 1:]
                 if y - y0 > 2 * RULING_HALF and min(b, b0) - max(a, a0) > settings.row_overlap * min(b - a, b0 - a0)]
        if not below or below[0][0] - y0 >= length:
            continue  # a tall row: the long kernel found its rulings
        y1, a1, b1 = below[0]
        top, bottom, left = int(y0) + RULING_HALF, int(y1) - RULING_HALF, int(max(a0, a1))
        if bottom - top < RULING_HALF:
            continue
        full = np.flatnonzero((dark[top:bottom, left:int(min(b0, b1))] > 0).mean(axis=0) >= ROW_FILL)
        for run in np.split(full, np.flatnonzero(np.diff(full) > 1) + 1):
            if not len(run) or len(run) > RULING_WIDTH:
                continue
            x = left + float(run.mean())
            if any(abs(x - vx) <= RULING_WIDTH and vt <= y0 + RULING_HALF and vb >= y1 - RULING_HALF
                   for vx, vt, vb in vertical):
                continue  # a ruling through this row already found
            found.append((x, float(y0), float(y1)))
            mask[int(y0):int(y1) + 1, left + int(run[0]) - 1:left + int(run[-1]) + 2] = 255
    return found


EDGE = 0.025  # share of the image's width or height along its edges where no table ruling lies
FAINT_CONTRAST = 20  # grey levels a faint ruling is darker than the paper beside it
FAINT_SHARE = 0.7  # of the rows of a gap where that holds, for the ruling to go on through it
FAINT_GAP = 0.08  # the longest gap (share of the page height) a ruling is followed through


def _extend_faint(pixels: np.ndarray, line: tuple[float, float, float], horizontal: list, mask: np.ndarray,
                  settings: OcrSettings = OCR) -> tuple[float, float, float]:
    """A column ruling followed up or down to the next row ruling across it, through a stretch
    where it is too faint for the threshold (a shaded header row, a light scan), when the
    pixels along its path are still darker than the paper beside it."""
    x, top, bottom = line
    xi, (h, w) = int(round(x)), pixels.shape
    half, near, far = settings.faint_on, settings.faint_near, settings.faint_far
    if xi < far + 1 or xi > w - far - 2:
        return line

    def faint(y0: int, y1: int) -> bool:
        if y1 - y0 < settings.faint_min_rows:
            return True
        band = pixels[y0:y1].astype(np.int16)
        on = band[:, xi - half:xi + half + 1].min(axis=1)
        beside = np.minimum(np.median(band[:, xi - far:xi - near + 1], axis=1),
                            np.median(band[:, xi + near:xi + far + 1], axis=1))
        return float(((beside - on) >= FAINT_CONTRAST).mean()) >= FAINT_SHARE

    across = [y for y, a, b in horizontal if a - settings.faint_across <= x <= b + settings.faint_across]
    above = [y for y in across if top - FAINT_GAP * h <= y < top - settings.faint_clear]
    below = [y for y in across if bottom + settings.faint_clear < y <= bottom + FAINT_GAP * h]
    if above and faint(int(max(above)), int(top)):
        mask[int(max(above)):int(top), xi - settings.faint_mask:xi + settings.faint_mask + 1] = 255
        top = float(max(above))
    if below and faint(int(bottom), int(min(below))):
        mask[int(bottom):int(min(below)), xi - settings.faint_mask:xi + settings.faint_mask + 1] = 255
        bottom = float(min(below))
    return x, top, bottom


BINARISE = "-c thresholding_method=2"  # Sauvola's local threshold, not one Otsu level for the page


def tesseract_data(pixels: np.ndarray, lang: str, config: str) -> dict:
    """`image_to_data` on a greyscale array, handed over as an uncompressed BMP file:
    pytesseract's own PNG encoding of a 300-dpi page costs more than half the OCR.

    Tesseract binarises with a local (Sauvola) threshold: one global (Otsu) level for a page
    with shaded header rows, show-through or a stamp turns a shaded cell all black or all
    white, and Tesseract then skips the cell's words or whole blocks near it."""
    import pytesseract
    from PIL import Image

    with tempfile.TemporaryDirectory(prefix="skj-ocr-") as tmp:
        path = os.path.join(tmp, "page.bmp")
        Image.fromarray(pixels).save(path, format="BMP")
        return pytesseract.image_to_data(path, lang=lang, config=f"{config} {BINARISE}", output_type=pytesseract.Output.DICT)


def read_words(pixels: np.ndarray, settings: OcrSettings) -> list[tuple[str, float, float, float, float, float]]:
    """Tesseract's words: (text, left, top, right, bottom, confidence) in pixels. A page pass
    waits for one of the run's Tesseract slots (`process_pool`)."""
    with _SLOT or contextlib.nullcontext():
        data = tesseract_data(pixels, settings.lang, f"--psm {settings.psm}")
    out = []
    for text, conf, x, y, w, h in zip(data["text"], data["conf"], data["left"], data["top"], data["width"], data["height"]):
        conf = float(conf)
        if text.strip() and conf >= settings.min_conf:
            out.append((text.strip(), x, y, x + w, y + h, conf))
    return out


def rotate(pixels: np.ndarray, angle: float) -> np.ndarray:
    """The page turned `angle` degrees counter-clockwise about its centre, white filling the corners."""
    import cv2

    h, w = pixels.shape
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    return cv2.warpAffine(pixels, matrix, (w, h), flags=cv2.INTER_CUBIC, borderValue=255)


# ---------------------------------------------------------------- one page, cached

def page_digest(page_obj, settings: OcrSettings) -> str:
    """The cache key of a page: its drawing instructions and everything they draw (for a scan, the
    page image's own bytes and placement) plus the OCR settings. Computed without rendering, so an
    unchanged page costs a hash and a file read."""
    from pdfminer.pdftypes import PDFObjRef, PDFStream

    h = hashlib.sha256(settings.key().encode())
    seen: set[int] = set()

    def feed(obj) -> None:
        if isinstance(obj, PDFObjRef):
            if obj.objid in seen:
                h.update(b"<ref>")
                return
            seen.add(obj.objid)
            obj = obj.resolve()
        if isinstance(obj, PDFStream):
            feed(obj.attrs)
            # the decoded bytes: pdfminer drops a stream's raw bytes once it has decoded it (reading
            # the page's characters does), so raw bytes would hash to nothing after that
            h.update(obj.get_data() or b"")
        elif isinstance(obj, dict):
            for key in sorted(obj):
                if key != "Parent":
                    h.update(f"/{key}".encode())
                    feed(obj[key])
        elif isinstance(obj, (list, tuple)):
            h.update(b"[")
            for item in obj:
                feed(item)
            h.update(b"]")
        else:
            h.update(repr(obj).encode())

    feed({k: v for k, v in page_obj.attrs.items() if k in ("Contents", "Resources", "MediaBox", "CropBox", "Rotate")})
    return h.hexdigest()


def _cache_file(digest: str) -> Path:
    return cache_dir() / digest[:2] / f"{digest}.json"


def _cached(digest: str) -> dict | None:
    try:
        return json.loads(_cache_file(digest).read_text("utf-8"))
    except (OSError, ValueError):
        return None  # not there, or damaged: redone


def _store(digest: str, result: dict) -> None:
    target = _cache_file(digest)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(result, fh)
    os.replace(tmp, target)


def page_result(pdf_path: Path, index: int, settings: OcrSettings, turn: int = 0) -> dict:
    """Words (PDF points) and table grids of one scanned page: render, deskew, find rulings, OCR.
    `turn`: degrees clockwise that make the page upright (`upright_page_result`)."""
    pixels, (width, height) = render(pdf_path, index, settings.dpi, settings)
    scale = 72 / page_dpi((width, height), settings.dpi)
    if turn:
        pixels = np.ascontiguousarray(np.rot90(pixels, -(turn // 90)))
        if turn % 180:
            width, height = height, width
    angle = skew_angle(pixels, settings.max_skew, settings)
    if abs(angle) >= MIN_ROTATION:
        pixels = rotate(pixels, angle)
    mask, hor, ver = rulings(pixels, settings.ruling_share, settings)
    # rulings erased before OCR: Tesseract would read them as `|`, `l`, `I`
    clean = pixels.copy()
    clean[mask > 0] = 255
    hor_e, ver_e = _edges(hor, ver, scale)
    grids: list[Grid] = []
    if len(hor_e) >= 2 and len(ver_e) >= 2:  # pdfplumber needs two of each to make a cell
        import pdfplumber

        with pdfplumber.open(pdf_path) as pdf:
            page = pdf.pages[index] if not turn else _Turned(width, height)
            grids = find_grids(page, ver_e, {
                "vertical_strategy": "explicit", "horizontal_strategy": "explicit",
                "explicit_vertical_lines": ver_e, "explicit_horizontal_lines": hor_e})
    source, words, reread = "ocr", None, []
    if settings.layer in ("auto", "only") and not turn:
        words = layer_words(pdf_path, index, pixels.shape, angle, scale)
        if settings.layer == "only":
            source = "layer"
        elif layer_reads_well(words, grids, settings):
            source = "layer"
            words, reread = reread_layer_lines(words, grids, lambda: _page_words(clean, scale, settings), index + 1,
                                               settings)
        else:
            words = None
    if words is None:
        words = _page_words(clean, scale, settings)
    dark = ink_level(pixels)
    words, inks = read_narrow_cells(clean, grids, words, scale, settings, dark)
    words = read_missed_cells(clean, grids, words, scale, settings, dark)
    return {"width": width, "height": height, "angle": angle, "words": words, "grids": [g.rows for g in grids],
            "ink": inks, "turn": turn, "source": source, "reread": reread}


def _page_words(clean: np.ndarray, scale: float, settings: OcrSettings) -> list:
    """Tesseract's page pass over the image without its rulings: words in PDF points."""
    return [[t, x0 * scale, y0 * scale, x1 * scale, y1 * scale, c] for t, x0, y0, x1, y1, c in read_words(clean, settings)]


# ---------------------------------------------------------------- scans that carry a text layer

LAYER_KNOWN = 0.75  # share of a text layer's words that must be known Indonesian words
LAYER_ACROSS = 0.05  # share of its words inside a table that may straddle a column's ruling
LAYER_CONF = 90.0  # the confidence a text layer's word is given (its OCR kept none)


def layer_words(pdf_path: Path, index: int, shape: tuple[int, int], angle: float, scale: float) -> list:
    """The words of a scanned page's own text layer (an earlier OCR's, drawn invisibly over the
    image: OCRmyPDF, scanner software), placed where they sit on the deskewed image: each box
    turned about the page centre by the deskew angle, as the pixels were."""
    import pdfplumber

    with pdfplumber.open(pdf_path) as pdf:
        found = pdf.pages[index].extract_words(keep_blank_chars=False, use_text_flow=False)
    h, w = shape
    theta = math.radians(angle)
    cos, sin = math.cos(theta), math.sin(theta)
    cx, cy = w / 2, h / 2
    out = []
    for word in found:
        x0, x1, top, bottom = (word[k] / scale for k in ("x0", "x1", "top", "bottom"))
        mx, my = (x0 + x1) / 2 - cx, (top + bottom) / 2 - cy
        # cv2's rotation by +angle (counter-clockwise on screen, y pointing down)
        nx, ny = cos * mx + sin * my + cx, -sin * mx + cos * my + cy
        half_w, half_h = (x1 - x0) / 2, (bottom - top) / 2
        out.append([word["text"], (nx - half_w) * scale, (ny - half_h) * scale, (nx + half_w) * scale,
                    (ny + half_h) * scale, LAYER_CONF])
    return out


def layer_reads_well(words: list, grids: list[Grid], settings: OcrSettings = OCR) -> bool:
    """A text layer worth reading instead of OCR (OCRmyPDF's question, asked per page): its words
    are mostly known Indonesian words, and those inside a table sit inside one cell each (a layer
    made without the rulings read across columns, or reads the rulings as `|`)."""
    from .words import indonesian_words

    known = indonesian_words()
    letters = [w[0].strip(".,;:()").lower() for w in words]
    letters = [t for t in letters if len(t) >= settings.layer_letters and t.isalpha()]
    if len(letters) < settings.layer_min_words or sum(t in known for t in letters) < LAYER_KNOWN * len(letters):
        return False
    cells = [c for g in grids for row in g.rows for c in row if c]
    inside = across = 0
    for text, x0, top, x1, bottom, _ in words:
        cy = (top + bottom) / 2
        for c in cells:
            if c[1] <= cy <= c[3] and x0 < c[2] and x1 > c[0]:
                inside += 1
                overlap = min(x1, c[2]) - max(x0, c[0])
                across += overlap < settings.layer_inside * (x1 - x0)
                break
    return not inside or across <= LAYER_ACROSS * inside


EDGE_NEAR = 3.0  # points from a cell's ruling within which a word's first or last glyph may be the ruling
RULING_LIKE = "|1lI[]!"  # the glyphs OCR reads a ruling as
SURE = 90.0  # our OCR's confidence at which a word the lexicon does not know is taken as read
LIST_LETTER = re.compile(r"^\(?[^\W\d_][.)]$")  # `a.`, `b)`, `(c)`
ROMAN = re.compile(r"^[IVX][IVXl1]*$")  # `III`, and OCR's `Ill`, `Il`


def suspect_token(token: str, known: frozenset[str], settings: OcrSettings = OCR) -> bool:
    """A token of a text layer that does not read as text (its OCR kept no confidences, so the
    specks and misreadings our own OCR drops or reads better stay in it): a ruling read as `|`;
    a word of three letters or more the lexicon does not know (but an abbreviation in capitals,
    a roman numeral, or the first part of a word hyphenated at the line's end); one or two
    letters standing alone that are no list letter (`a.`), no roman numeral and no known
    lower-case word (`di`), such as a speck or a letter read as `HA`, `o`, `GC.`."""
    if "|" in token:
        return True
    core = token.strip(".,;:()[]\"'“”!?")
    if not re.search(r"[^\W\d_]", core):
        return False  # numbers, codes, punctuation
    if core.isalpha() and len(core) <= settings.suspect_short:
        return not (LIST_LETTER.match(token) or ROMAN.match(core) or (len(core) == 2 and core.islower() and core in known))
    parts = re.findall(r"[^\W\d_]+", core)
    if token.endswith("-"):
        parts = parts[:-1]
    return any(len(p) >= settings.suspect_letters and not p.isupper() and not ROMAN.match(p) and p.lower() not in known
               for p in parts)


def _at_ruling(w: Word, cell, settings: OcrSettings = OCR) -> bool:
    """A word of a cell whose box reaches over the cell's ruling, or whose first (last) glyph is one
    OCR makes of a ruling and stands next to it (`|2.1`, `12.2` for `2.2`, `Mutlak |`)."""
    if w.x0 < cell[0] - settings.cell_overreach or w.x1 > cell[2] + settings.cell_overreach:
        return True
    return (w.x0 - cell[0] < EDGE_NEAR and w.text[0] in RULING_LIKE) or \
        (cell[2] - w.x1 < EDGE_NEAR and w.text[-1] in RULING_LIKE)


def reread_layer_lines(words: list, grids: list[Grid], read: Callable[[], list], page: int,
                       settings: OcrSettings = OCR) -> tuple[list, list[dict]]:
    """A text layer's lines that do not read well, merged with our own OCR of the page (`read`,
    called only when there are such lines: the page pass on the image without its rulings).
    A line does not read well when it holds a suspect token (`suspect_token`; the second part of
    a word hyphenated at the line before's end excepted) or, in a table, a word at its cell's
    ruling (`_at_ruling`: the layer was OCR'd with the rulings in the image). Each such line keeps
    the layer's words where they read well and takes ours, from the same cell and line, where
    they do not (`_merge`). Narrow cells (levels, ticks) are `read_narrow_cells`' part. Returns
    the words and a log entry per line changed (page, box, original, replacement)."""
    from .layout import group_lines
    from .words import indonesian_words

    known = indonesian_words()
    wide = [c for g in grids for row in g.rows for c in row
            if c and (c[2] - c[0]) >= LONE_CELL * (g.bbox[2] - g.bbox[0])]
    narrow = [c for g in grids for row in g.rows for c in row if c and c not in wide]

    def by_cell(found: list, conf: bool) -> dict[object, list[Word]]:
        out: dict[object, list[Word]] = {}
        for t, x0, top, x1, bottom, score in found:
            centre = [t, x0, top, x1, bottom]
            cell = next((c for c in wide if _centre_in(centre, c)), None)
            if cell is None and any(_centre_in(centre, c) for c in narrow):
                cell = "narrow"
            out.setdefault(cell, []).append(Word(t, x0, x1, top, bottom, score if conf else None))
        return out

    def unread(w: Word, cell, after_hyphen: bool = False) -> bool:
        """A word that does not read well: a layer's (no confidence) suspect or at its cell's ruling;
        ours (its image without rulings) suspect and read with less than SURE confidence."""
        if w.conf is not None:
            return w.conf < SURE and suspect_token(w.text, known, settings)
        return (suspect_token(w.text, known, settings) and not after_hyphen) or (
            cell is not None and _at_ruling(w, cell, settings))

    layer = by_cell(words, conf=False)
    lines = {cell: group_lines(ws) for cell, ws in layer.items() if cell != "narrow"}
    bad = {cell: [i for i, ln in enumerate(lns) if any(
        unread(w, cell, j == 0 and i > 0 and lns[i - 1][-1].text.endswith("-")) for j, w in enumerate(ln))]
        for cell, lns in lines.items()}
    if not any(bad.values()):
        return words, []
    ours = by_cell(read(), conf=True)
    changed: dict[int, list[Word]] = {}  # id of a layer line's first word -> the line as merged
    log = []
    for cell, lns in lines.items():
        if not bad[cell]:
            continue
        middles = [(min(w.top for w in ln) + max(w.bottom for w in ln)) / 2 for ln in lns]
        mine: dict[int, list[Word]] = {}
        for w in ours.get(cell, []):
            i = min(range(len(lns)), key=lambda i: abs(middles[i] - (w.top + w.bottom) / 2))
            if abs(middles[i] - (w.top + w.bottom) / 2) < (w.bottom - w.top):
                mine.setdefault(i, []).append(w)
        for i in bad[cell]:
            ln = lns[i]
            hyphen = i > 0 and lns[i - 1][-1].text.endswith("-")
            merged = _merge(ln, sorted(mine.get(i, []), key=lambda w: w.x0),
                            lambda w: unread(w, cell, hyphen and w is ln[0]), settings)
            if [w.text for w in merged] != [w.text for w in ln]:
                changed[id(ln[0])] = merged
                box = [round(v, 1) for v in (min(w.x0 for w in ln), min(w.top for w in ln),
                                             max(w.x1 for w in ln), max(w.bottom for w in ln))]
                log.append({"page": page, "box": box, "text": " ".join(w.text for w in ln),
                            "replacement": " ".join(w.text for w in merged), "why": "text layer words re-read by OCR"})
    out = [w for ln in (ln for lns in lines.values() for ln in lns) for w in changed.get(id(ln[0]), ln)]
    out += layer.get("narrow", [])
    return [[w.text, w.x0, w.top, w.x1, w.bottom, LAYER_CONF if w.conf is None else w.conf] for w in out], log


def _merge(theirs: list[Word], ours: list[Word], unread: Callable[[Word], bool],
           settings: OcrSettings = OCR) -> list[Word]:
    """A layer's line and our reading of it, token by token: where they differ and the layer's
    run holds a word that does not read well, our run replaces it when it holds no more such
    words (ours read the image deskewed and without its rulings, the layer's OCR did not) and
    no fewer words, a speck not counted (a ruling's `|`, or one or two characters that do not
    read well: `HA`, `Iv`, where our page pass saw nothing)."""
    from difflib import SequenceMatcher

    def words(ws: list[Word]) -> int:
        return sum(len([ch for ch in w.text if ch.isalnum()]) > (settings.speck_chars if unread(w) else 0) for w in ws)

    out: list[Word] = []
    matcher = SequenceMatcher(a=[w.text for w in theirs], b=[w.text for w in ours], autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        layer, mine = theirs[i1:i2], ours[j1:j2]
        bad = sum(map(unread, layer))
        better = op != "equal" and bad and bad >= sum(map(unread, mine)) and words(mine) >= words(layer)
        out += mine if better else layer
    return out


class _Turned:
    """A turned page as the table finder sees it: explicit lines only, so only its size counts
    (the PDF's own page keeps the size it has before the turn)."""

    def __init__(self, width: float, height: float):
        self.bbox = (0, 0, width, height)

    def find_tables(self, settings: dict) -> list:
        from pdfplumber.table import TableFinder, TableSettings

        return TableFinder(self, TableSettings.resolve(settings)).tables


# ---------------------------------------------------------------- pages turned by 90 or 180 degrees

TURNED_MIN_WORDS = 5  # words of 4+ characters needed to judge a page's orientation
TURNED_CONFIDENCE = 50.0  # median confidence below which a page may be upside down (upright: ~95)
OSD_MIN_CONFIDENCE = 1.0  # Tesseract's orientation confidence needed to turn a page


def looks_turned(words: list, settings: OcrSettings = OCR) -> bool:
    """Whether Tesseract's words say the page is not upright: on a page turned by 90 degrees the
    words are taller than wide (Tesseract reads vertical lines), on one upside down it reads
    garbage with a low confidence. Upright pages cost nothing more than this look."""
    long = [w for w in words if len(w[0]) >= settings.turned_chars]
    if len(long) < TURNED_MIN_WORDS:
        return False
    tall = sum(1 for _, x0, y0, x1, y1, _c in long if (y1 - y0) > (x1 - x0))
    confidence = float(np.median([w[5] for w in long]))
    return tall > settings.turned_tall_share * len(long) or confidence < TURNED_CONFIDENCE


def orientation(pixels: np.ndarray) -> int:
    """Degrees clockwise that turn the page upright (0, 90, 180 or 270), by Tesseract's orientation
    and script detection (`--psm 0`, data from the tesseract-ocr-osd package); 0 when it cannot tell."""
    import pytesseract
    from PIL import Image

    with tempfile.TemporaryDirectory(prefix="skj-osd-") as tmp:
        path = os.path.join(tmp, "page.bmp")
        Image.fromarray(pixels).save(path, format="BMP")
        try:
            osd = pytesseract.image_to_osd(path, config="--psm 0", output_type=pytesseract.Output.DICT)
        except pytesseract.TesseractError:  # too few characters, or no orientation data installed
            return 0
    if float(osd.get("orientation_conf", 0)) < OSD_MIN_CONFIDENCE:
        return 0
    return int(osd.get("rotate", 0)) % 360


def upright_page_result(pdf_path: Path, index: int, settings: OcrSettings) -> dict:
    """`page_result`, read again turned upright when its words say the page is turned."""
    result = page_result(pdf_path, index, settings)
    if looks_turned(result["words"], settings):
        pixels, _ = render(pdf_path, index, settings.dpi, settings)
        turn = orientation(pixels)
        if turn:
            result = page_result(pdf_path, index, settings, turn)
    return result


LONE_CELL = 0.15  # a cell narrower than this share of its table, alone between wide ones: a level or number
MARK_HEIGHT = 16  # pixels (300 dpi): the shortest blob a mark is (a 9 pt `v` is ~19; a poor scan's speck ~10)


def ink_level(pixels: np.ndarray) -> int:
    """The grey level below which a pixel is ink on this page: Otsu's split of paper from print,
    never darker than mid-grey. A poor scan prints light (half its ink pixels above 120), and at
    a fixed 128 its glyphs break into specks (a level's `2` into blobs under 16 px)."""
    import cv2

    level, _ = cv2.threshold(pixels, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    return int(min(MAX_INK_LEVEL, max(MIN_INK_LEVEL, level)))


MIN_INK_LEVEL = 128  # a clean page's print is near black: mid-grey splits it from paper already
MAX_INK_LEVEL = 200  # paper and its show-through lie above this on every scan grade (paper ~246-253)


def read_narrow_cells(clean: np.ndarray, grids: list[Grid], words: list, scale: float, settings: OcrSettings,
                      dark: int = MIN_INK_LEVEL) -> tuple[list, list]:
    """The ink of every cell (the dark pixels of its glyph-tall blobs: the layout stage finds a
    tick by it), and the
    narrow cells read one by one: Tesseract's page pass often misses a lone `2`.

    Two or more narrow cells side by side are tick cells (or their header): the layout stage
    reads a tick by its ink, not by the page pass's `Vv` or `~`. A lone narrow cell (the level, the row number)
    the page pass read as a number or as words (a `Level` header) keeps that reading; the
    others are read as one line of text, all of a page's together, stacked in one strip (one
    call, and none when all read well). Returns (words, ink per grid, aligned with its rows).
    `dark`: the page's ink level (`ink_level`).
    """
    def crop(c) -> np.ndarray:
        x0, y0, x1, y1 = _cell_box(c, scale, settings)
        return clean[y0:y1, x0:x1]

    def ink(c) -> int:  # a speck can hold as many dark pixels as a tick: only mark-tall blobs count
        piece = crop(c)
        return int(_letters(piece, MARK_HEIGHT, dark).sum()) if piece.size else 0

    out = list(words)
    lone: list = []
    inks = [[[ink(c) if c else None for c in row] for row in grid.rows] for grid in grids]
    for grid in grids:
        x0, _, x1, _ = grid.bbox
        for row in grid.rows:
            groups: list[list] = []
            for c in (c for c in row if c):
                if (c[2] - c[0]) >= LONE_CELL * (x1 - x0):
                    groups.append([])
                elif groups and groups[-1]:
                    groups[-1].append(c)
                else:
                    groups.append([c])
            for group in (g for g in groups if g):
                if len(group) > 1 or _read_well([w[0] for w in out if _centre_in(w, group[0])]):
                    continue  # tick cells: their ink decides (their words may be a header's)
                out = [w for w in out if not _centre_in(w, group[0])]
                if ink(group[0]) > LAYOUT.mark_ink:  # more than specks: the layout stage's mark
                    lone.append(group[0])
    for cell, text in zip(lone, read_lines([_trim(crop(c), dark, settings) for c in lone], settings.lang)):
        if text:
            out.append(_word_in(text, cell, settings))
    return out, inks


MISSED_INK = 0.25  # share of a cell's letter ink no word of the page pass covers, for the cell to be read alone
CELL_TEXT_INK = 150  # letter pixels (300 dpi) a cell needs to hold text at all: about two letters
LETTER_HEIGHT = 12  # pixels (300 dpi): the shortest blob counted as a letter (a 9 pt x-height is ~19)
KEEP_CONF = 30.0  # words below this confidence do not count as covering ink (a speck read as `.`)


def read_missed_cells(clean: np.ndarray, grids: list[Grid], words: list, scale: float, settings: OcrSettings,
                      dark: int = MIN_INK_LEVEL) -> list:
    """The wide cells whose letters the page pass left unread, read again each on its own.

    Tesseract's page segmentation skips whole blocks of a noisy page (a speckled, stamped
    scan: a name column, a header row) that it reads at once when shown the cell alone. A
    cell is read again when a quarter of its letter ink lies outside every word the page
    pass found in it; its new reading replaces the old when it covers more of that ink. All
    of a page's such cells are read in one Tesseract call, stacked in one strip."""
    def covered(cell_words: list, box, letters: np.ndarray) -> float:
        x0, y0 = box[0], box[1]
        hit = np.zeros_like(letters)
        for w in cell_words:
            if w[5] >= KEEP_CONF:
                a, b, c, d = (int(v / scale) for v in w[1:5])
                m = settings.cover_margin
                hit[max(0, b - y0 - m):max(0, d - y0 + m), max(0, a - x0 - m):max(0, c - x0 + m)] = True
        return float((letters & hit).sum()) / max(1, int(letters.sum()))

    todo = []
    for grid in grids:
        x0, _, x1, _ = grid.bbox
        for c in (c for row in grid.rows for c in row if c and c[2] - c[0] >= LONE_CELL * (x1 - x0)):
            box = _cell_box(c, scale, settings)
            piece = clean[box[1]:box[3], box[0]:box[2]]
            letters = _letters(piece, LETTER_HEIGHT, dark)
            if letters.sum() < CELL_TEXT_INK:
                continue
            inside = [w for w in words if _centre_in(w, c)]
            if covered(inside, box, letters) <= 1 - MISSED_INK:
                todo.append((c, box, piece, letters, inside))
    if not todo:
        return words
    out = list(words)
    for (c, box, piece, letters, inside), found in zip(todo, _read_pieces([t[2] for t in todo], settings, scale)):
        again = [[t, x0 + box[0] * scale, y0 + box[1] * scale, x1 + box[0] * scale, y1 + box[1] * scale, conf]
                 for t, x0, y0, x1, y1, conf in found]
        if covered(again, box, letters) > covered(inside, box, letters):
            gone = {id(w) for w in inside}
            out = [w for w in out if id(w) not in gone] + again
    return out


def _cell_box(c, scale: float, settings: OcrSettings = OCR) -> tuple[int, int, int, int]:
    """A cell's box (points) in the page image's pixels, `cell_inset` px inside its rulings, clamped to the image."""
    x0, top, x1, bottom = (v / scale for v in c)
    inset = settings.cell_inset
    return max(0, int(x0) + inset), max(0, int(top) + inset), max(0, int(x1) - inset), max(0, int(bottom) - inset)


def _letters(piece: np.ndarray, min_height: int = LETTER_HEIGHT, dark: int = MIN_INK_LEVEL) -> np.ndarray:
    """The ink pixels (darker than `dark`) of blobs tall enough to be letters (specks, dashes and
    rule stubs left out)."""
    import cv2

    n, labels, stats, _ = cv2.connectedComponentsWithStats((piece < dark).astype(np.uint8), connectivity=8)
    keep = stats[:, cv2.CC_STAT_HEIGHT] >= min_height
    keep[0] = False
    return keep[labels]


def _read_pieces(pieces: list[np.ndarray], settings: OcrSettings, scale: float) -> list[list]:
    """Each piece's words (text, x0, top, x1, bottom in points within the piece, confidence),
    all pieces stacked in one strip and read in one Tesseract call (`--psm 6`: blocks of text)."""
    strip, spans = _stack(pieces)
    data = tesseract_data(strip, settings.lang, "--psm 6")
    found: list[list] = [[] for _ in pieces]
    for text, conf, x, top, w, h in zip(data["text"], data["conf"], data["left"], data["top"], data["width"], data["height"]):
        if not text.strip() or float(conf) < settings.min_conf:
            continue
        for i, (a, b) in enumerate(spans):
            if a <= top + h / 2 < b:
                t = a + STRIP_GAP // 2  # the piece's top in the strip
                found[i].append([text.strip(), (x - STRIP_GAP) * scale, (top - t) * scale,
                                 (x + w - STRIP_GAP) * scale, (top + h - t) * scale, float(conf)])
    return found


def _read_well(texts: list[str]) -> bool:
    """A lone narrow cell's page-pass reading worth keeping: a level digit (1-5), a row number, or words."""
    text = " ".join(texts)
    return bool(re.fullmatch(r"[1-5]|\d{1,2}\.|[^\W\d_]{3,}( [^\W\d_]+)*", text))


STRIP_GAP = 40  # white pixels between the pieces stacked in one strip


def _trim(piece: np.ndarray, dark: int = MIN_INK_LEVEL, settings: OcrSettings = OCR) -> np.ndarray:
    """The piece cut to its letter-tall glyphs with a white margin: a poor scan's specks above or
    below a level's `2` (a piece 300 px tall around a 30 px digit) made Tesseract read `3`."""
    glyphs = _letters(piece, LETTER_HEIGHT, dark)
    ys, xs = np.nonzero(glyphs if glyphs.any() else piece < dark)
    m = settings.trim_margin
    return piece[max(0, ys.min() - m):ys.max() + m, max(0, xs.min() - m):xs.max() + m]


DIGITS_ONLY = "--psm 6 -c tessedit_char_whitelist=0123456789."
GLYPH = re.compile(r"^\W?[^\W\d]?\W?$")  # one letter or mark: a lone digit OCR took for a letter (`g`, `Z`)


def read_lines(pieces: list[np.ndarray], lang: str) -> list[str]:
    """Each piece (a one-line crop) read as text, all in one Tesseract call on a strip of them;
    the pieces read as one letter, or as nothing, are read again as digits (a second strip):
    a narrow cell of one glyph holds a level or a row number."""
    texts = _read_strip(pieces, lang, "--psm 6")
    again = [i for i, t in enumerate(texts) if GLYPH.match(t)]
    for i, text in zip(again, _read_strip([pieces[i] for i in again], lang, DIGITS_ONLY)):
        if text:
            texts[i] = text
    return texts


def _read_strip(pieces: list[np.ndarray], lang: str, config: str) -> list[str]:
    if not pieces:
        return []
    strip, spans = _stack(pieces)
    data = tesseract_data(strip, lang, config)
    texts: list[list[str]] = [[] for _ in pieces]
    for text, top, height in zip(data["text"], data["top"], data["height"]):
        middle = top + height / 2
        for i, (a, b) in enumerate(spans):
            if text.strip() and a <= middle < b:
                texts[i].append(text.strip())
    return [" ".join(t) for t in texts]


def _stack(pieces: list[np.ndarray]) -> tuple[np.ndarray, list[tuple[int, int]]]:
    """The pieces stacked in one white strip, STRIP_GAP apart, with each piece's span of rows
    (its own rows and half the gap either side) to tell which piece a word read in it is from."""
    width = max(p.shape[1] for p in pieces) + 2 * STRIP_GAP
    strip = np.full((sum(p.shape[0] + STRIP_GAP for p in pieces) + STRIP_GAP, width), 255, dtype=np.uint8)
    spans, y = [], STRIP_GAP
    for p in pieces:
        strip[y:y + p.shape[0], STRIP_GAP:STRIP_GAP + p.shape[1]] = p
        spans.append((y - STRIP_GAP // 2, y + p.shape[0] + STRIP_GAP // 2))
        y += p.shape[0] + STRIP_GAP
    return strip, spans


def _centre_in(w: list, c) -> bool:
    cx, cy = (w[1] + w[3]) / 2, (w[2] + w[4]) / 2
    return c[0] <= cx <= c[2] and c[1] <= cy <= c[3]


def _word_in(text: str, c, settings: OcrSettings = OCR) -> list:
    """A word placed at the top of cell `c` (a cell's first line)."""
    inset = settings.placed_inset
    return [text, c[0] + inset, c[1] + inset, c[2] - inset, c[1] + settings.placed_height, settings.placed_conf]


_SLOT = None  # in a worker of `process_pool`: the run's semaphore of Tesseract page passes


def _worker_init(parent: int | None = None, slot=None) -> None:
    global _SLOT
    os.environ["OMP_THREAD_LIMIT"] = "1"  # one Tesseract thread per worker: the pages are the parallelism
    _SLOT = slot
    if parent is not None:
        _die_with(parent)


WATCH_SECONDS = 0.1  # how often a worker checks that the process that started it is alive


def _die_with(parent: int) -> None:
    """End this worker, and the Tesseract it runs, as soon as `parent` ends, however it ended
    (SIGKILL included, which no handler sees; its workers would otherwise wait on their queue
    forever). The worker leads its own process group, so one kill takes its Tesseract too;
    a thread watches the parent (a parent that ends makes this process an orphan)."""
    try:
        os.setpgid(0, 0)
    except OSError:
        pass

    def end() -> None:
        if os.getpgrp() == os.getpid():
            os.killpg(os.getpid(), signal.SIGKILL)
        os.kill(os.getpid(), signal.SIGKILL)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(WATCH_SECONDS)
        end()

    if os.getppid() != parent:
        end()
    threading.Thread(target=watch, name="skj-watch-parent", daemon=True).start()


@contextlib.contextmanager
def process_pool(jobs: int) -> Iterator[ProcessPoolExecutor]:
    """OCR worker processes of this machine for `jobs` Tesseract page passes at a time, stopped at
    once (with their Tesseract) when the block ends in an exception.

    One worker more than `jobs`, and a semaphore of `jobs` slots that each page pass holds: while
    Tesseract reads a page, the spare worker renders, deskews and finds the rulings of the next
    one, or reads the last one's narrow cells. A page's own Python work (about a fifth of its
    Tesseract time) then overlaps Tesseract instead of adding to it. Worker processes even for one
    job: the main process meanwhile loads the libraries the later stages need (spawned, not
    forked: that loading runs in a thread)."""
    context = multiprocessing.get_context("spawn")
    slot = context.BoundedSemaphore(jobs)
    with ProcessPoolExecutor(jobs + 1, mp_context=context, initializer=_worker_init,
                             initargs=(os.getpid(), slot)) as pool:
        try:
            yield pool
        except BaseException:
            _stop(pool)
            raise


def _stop(pool: ProcessPoolExecutor) -> None:
    """Stop the workers now, with the Tesseract each runs (its process group): an interrupted or
    failed run leaves nothing running."""
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except OSError:  # not yet its own group (still starting): the worker alone
            try:
                process.kill()
            except Exception:
                pass
    pool.shutdown(wait=False, cancel_futures=True)


def _edges(horizontal: list, vertical: list, scale: float) -> tuple[list[dict], list[dict]]:
    """The rulings (pixels) as pdfplumber line objects in points, for its table finder."""
    hor = [{"object_type": "line", "x0": a * scale, "x1": b * scale, "top": y * scale, "bottom": y * scale,
            "width": (b - a) * scale, "height": 0} for y, a, b in horizontal]
    ver = [{"object_type": "line", "x0": x * scale, "x1": x * scale, "top": a * scale, "bottom": b * scale,
            "width": 0, "height": (b - a) * scale} for x, a, b in vertical]
    return hor, ver


def ocr_pages(pdf, path: Path, numbers: list[int], options, progress: Callable[[str], None],
              layers: dict[int, str] | None = None) -> dict[int, PageWords]:
    """OCR the given 1-based pages of the PDF at `path` (open in pdfplumber as `pdf`): cached pages
    are read back, the others OCR'd in `options.jobs` worker processes (one Tesseract thread each)
    and cached. `layers`: the pages that carry a text layer, with how to treat it ("auto": its words
    when they read well, "only"). A page too large to read within the memory bounds is refused
    first (exit 3). Each page says where its words came from (`PageWords.source`)."""
    base = OcrSettings()
    check_tesseract(base.lang)
    for n in numbers:
        check_page(pdf.pages[n - 1], n, base.dpi)
    per_page = {n: replace(base, layer=(layers or {}).get(n, "")) for n in numbers}
    results: dict[int, dict] = {}
    digests: dict[int, str] = {}
    for n in numbers:
        digests[n] = page_digest(pdf.pages[n - 1].page_obj, per_page[n])
        hit = _cached(digests[n]) if options.cache else None
        if hit is not None:
            results[n] = hit
    todo = [n for n in numbers if n not in results]
    if len(results):
        progress(f"    {len(results)} page(s) from the OCR cache ({cache_dir()})")
    store = options.cache
    if todo:
        jobs = max(1, min(options.jobs or os.cpu_count() or 1, len(todo)))
        # the pages' executor: this machine's worker processes, or another (a Dask cluster's, `cluster.py`)
        with (getattr(options, "pool", None) or process_pool)(jobs) as pool:
            futures = {n: pool.submit(upright_page_result, path, n - 1, per_page[n]) for n in todo}
            with progress_bar(len(todo), "OCR", getattr(options, "quiet", False)) as bar:
                for n in todo:
                    results[n] = _page(futures[n], n, path)
                    if store:
                        store = _store_or_warn(digests[n], results[n], progress)
                    bar.update()
        turned = [f"page {n} by {results[n]['turn']} degrees" for n in todo if results[n].get("turn")]
        progress(f"    {len(todo)} page(s) OCR'd" + (f"; turned upright: {', '.join(turned)}" if turned else ""))
    pages = {}
    for n, result in results.items():
        grids = [Grid([[tuple(c) if c else None for c in row] for row in rows], ink)
                 for rows, ink in zip(result["grids"], result["ink"])]
        words = [Word(t, x0, x1, top, bottom, conf) for t, x0, top, x1, bottom, conf in result["words"]]
        pages[n] = PageWords(n, words, grids, result["height"], source=result.get("source", "ocr"),
                             changes=result.get("reread", []))
    return pages


def _page(future, n: int, path: Path) -> dict:
    """A worker's result for page `n`; a page that broke its worker or Tesseract is unreadable input."""
    import pytesseract

    try:
        return future.result()
    except UnreadableInput as exc:
        exc.source = str(path)
        raise
    except BrokenProcessPool:
        raise UnreadableInput(f"page {n}: the OCR worker reading it ended abruptly (out of memory, or killed)",
                              source=str(path)) from None
    except MemoryError:
        raise UnreadableInput(f"page {n}: too large to read in memory", source=str(path)) from None
    except pytesseract.TesseractError as exc:
        raise UnreadableInput(f"page {n}: Tesseract failed ({exc.message or exc.status})".strip(),
                              source=str(path)) from None


def _store_or_warn(digest: str, result: dict, progress: Callable[[str], None]) -> bool:
    """Cache a page's result; on failure (folder not writable, disk full) say so once and go on
    without the cache. Whether to keep storing."""
    try:
        _store(digest, result)
        return True
    except OSError as exc:
        progress(f"    warning: the OCR cache {cache_dir()} cannot be written ({exc.strerror or exc}): "
                 f"going on without it")
        return False
