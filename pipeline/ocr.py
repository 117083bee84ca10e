"""The `pdf-ocr` front end: scanned pages -> words with boxes and ruled table grids.

Each page is rasterised (pypdfium2, the renderer pdfplumber ships with), deskewed
(the angle, within +-2 degrees, at which the rows of ink line up sharpest), read by
Tesseract 5 (`image_to_data`, language `ind`: words with boxes and confidences)
and searched for ruling lines (long straight runs of dark pixels). The rulings
are handed to pdfplumber's table finder as explicit lines, so scanned and born-
digital pages get their cells from the same code. Pages run in parallel worker
processes (one Tesseract thread each), and each page's result is cached under
the hash of its image and the OCR settings: an unchanged PDF is not read twice.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Callable

import numpy as np

from .errors import MissingDependency
from .layout import Grid, PageWords, Word

CACHE_VERSION = 4  # bump when the cached result's shape or the processing changes
MIN_ROTATION = 0.15  # degrees: a smaller skew moves a word by under a point across the page


@dataclass(frozen=True)
class OcrSettings:
    dpi: int = 300
    lang: str = "ind"
    psm: int = 3
    max_skew: float = 2.0  # degrees searched for the deskew
    min_conf: float = 0.0  # words Tesseract scores below this are dropped

    def key(self) -> str:
        return json.dumps({**asdict(self), "v": CACHE_VERSION, "tesseract": tesseract_version()}, sort_keys=True)


def tesseract_version() -> str:
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


# ---------------------------------------------------------------- image steps (pure functions)

def render(pdf_path: Path, index: int, dpi: int):
    """Page `index` (0-based) as a greyscale PIL image."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(pdf_path))
    try:
        page = doc[index]
        image = page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
        size = page.get_size()
    finally:
        doc.close()
    return image, size


def skew_angle(image, max_skew: float) -> float:
    """Angle (degrees) that makes the text rows horizontal: the one with the sharpest row profile."""
    small = image.convert("L").resize((max(1, image.width // 4), max(1, image.height // 4)))
    best, best_score = 0.0, -1.0
    for angle in np.arange(-max_skew, max_skew + 1e-9, 0.1):
        rotated = np.asarray(small.rotate(float(angle), fillcolor=255), dtype=np.uint8) < 128
        score = float(np.var(rotated.sum(axis=1)))
        if score > best_score:
            best, best_score = float(angle), score
    return round(best, 2)


def rulings(image, min_share: float = 0.03) -> tuple[np.ndarray, list[tuple[float, float, float]], list[tuple[float, float, float]]]:
    """The ruling lines of a page image: (mask of their pixels, horizontal (y, x0, x1), vertical (x, top, bottom)).

    A ruling is a straight stroke of dark pixels at least `min_share` of the page
    width long: kept by a morphological opening with a long thin kernel (OpenCV),
    then each connected stroke becomes one line through its middle.
    """
    import cv2

    gray = np.asarray(image, dtype=np.uint8)
    dark = cv2.adaptiveThreshold(gray, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 31, 15)
    length = max(10, int(min_share * gray.shape[1]))
    found = []
    mask = np.zeros_like(dark)
    for kernel in (cv2.getStructuringElement(cv2.MORPH_RECT, (length, 1)), cv2.getStructuringElement(cv2.MORPH_RECT, (1, length))):
        strokes = cv2.morphologyEx(dark, cv2.MORPH_OPEN, kernel)
        strokes = cv2.dilate(strokes, cv2.getStructuringElement(cv2.MORPH_RECT, (3, 3)))  # bridge 1-2 px gaps
        mask |= strokes
        boxes = [cv2.boundingRect(c) for c in cv2.findContours(strokes, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)[0]]
        found.append(boxes)
    horizontal = [(y + h / 2, float(x), float(x + w)) for x, y, w, h in found[0] if w >= length]
    vertical = [(x + w / 2, float(y), float(y + h)) for x, y, w, h in found[1] if h >= length]
    return mask, horizontal, vertical


def read_words(image, settings: OcrSettings) -> list[tuple[str, float, float, float, float, float]]:
    """Tesseract's words: (text, left, top, right, bottom, confidence) in pixels."""
    import pytesseract

    data = pytesseract.image_to_data(image, lang=settings.lang, config=f"--psm {settings.psm}",
                                     output_type=pytesseract.Output.DICT)
    out = []
    for text, conf, x, y, w, h in zip(data["text"], data["conf"], data["left"], data["top"], data["width"], data["height"]):
        conf = float(conf)
        if text.strip() and conf >= settings.min_conf:
            out.append((text.strip(), x, y, x + w, y + h, conf))
    return out


# ---------------------------------------------------------------- one page, cached

def _page_result(pdf_path: Path, index: int, settings: OcrSettings, use_cache: bool) -> dict:
    """Words and rulings of one page in PDF points, from the cache when the image was seen before."""
    image, (width, height) = render(pdf_path, index, settings.dpi)
    digest = hashlib.sha256(image.tobytes() + settings.key().encode()).hexdigest()
    cached = cache_dir() / digest[:2] / f"{digest}.json"
    if use_cache and cached.is_file():
        try:
            return json.loads(cached.read_text("utf-8"))
        except ValueError:
            pass  # a damaged cache entry is simply redone
    angle = skew_angle(image, settings.max_skew)
    if abs(angle) >= MIN_ROTATION:
        image = image.rotate(angle, fillcolor=255, resample=3)
    scale = 72 / settings.dpi
    mask, hor, ver = rulings(image)
    # rulings erased before OCR: Tesseract would read them as `|`, `l`, `I`
    clean = np.asarray(image, dtype=np.uint8).copy()
    clean[mask > 0] = 255
    from PIL import Image

    words = [[t, x0 * scale, y0 * scale, x1 * scale, y1 * scale, c]
             for t, x0, y0, x1, y1, c in read_words(Image.fromarray(clean), settings)]
    hor_e, ver_e = _edges(hor, ver, scale)
    grids: list[Grid] = []
    if hor_e and ver_e:
        import pdfplumber

        from .pdf import find_grids

        with pdfplumber.open(pdf_path) as pdf:
            grids = find_grids(pdf.pages[index], ver_e, {
                "vertical_strategy": "explicit", "horizontal_strategy": "explicit",
                "explicit_vertical_lines": ver_e, "explicit_horizontal_lines": hor_e})
    words = read_narrow_cells(clean, grids, words, scale, settings)
    result = {"width": width, "height": height, "angle": angle, "words": words,
              "grids": [g.rows for g in grids]}
    if use_cache:
        cached.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=cached.parent, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(result, fh)
        os.replace(tmp, cached)
    return result


MARK_INK = 30  # dark pixels (at 300 dpi) above which a narrow cell holds a mark, not specks
TICK_RATIO = 2.0  # the tick holds this many times the ink of the next-inkiest cell


def read_narrow_cells(clean: np.ndarray, grids: list[Grid], words: list, scale: float, settings: OcrSettings) -> list:
    """Narrow cells read one by one: Tesseract's page pass often misses a lone `2` or `v`.

    A run of two or more narrow cells in a row is a tick group (Mutlak | Penting | Perlu):
    the cell with clearly the most ink holds the tick, the others read `-`. A lone
    narrow cell (the level) is read on its own as one line of text.
    """
    import pytesseract

    def box_px(c):
        x0, top, x1, bottom = (v / scale for v in c)
        return int(x0) + 4, int(top) + 4, int(x1) - 4, int(bottom) - 4

    def crop(c) -> np.ndarray:
        x0, y0, x1, y1 = box_px(c)
        return clean[max(0, y0):max(0, y1), max(0, x0):max(0, x1)]

    def ink(c) -> int:
        return int((crop(c) < 128).sum())

    out = list(words)
    for grid in grids:
        for row in grid.rows:
            cells = [c for c in row if c]
            narrow = [grid.is_narrow(c) for c in cells]
            groups: list[list] = []
            for c, nar in zip(cells, narrow):
                if nar and groups and groups[-1] and groups[-1][-1] is not None:
                    groups[-1].append(c)
                elif nar:
                    groups.append([c])
                else:
                    groups.append([None])
            for group in (g for g in groups if g and g[0] is not None):
                out = [w for w in out if not any(_centre_in(w, c) for c in group)]
                if len(group) > 1:
                    inks = [ink(c) for c in group]
                    order = sorted(range(len(group)), key=lambda i: -inks[i])
                    has_tick = inks[order[0]] > MARK_INK and inks[order[0]] > TICK_RATIO * inks[order[1]]
                    for i, c in enumerate(group):
                        mark = "v" if has_tick and i == order[0] else "-"
                        out.append(_word_in(mark, c))
                elif ink(group[0]) > MARK_INK:
                    from PIL import Image

                    piece = crop(group[0])
                    ys, xs = np.nonzero(piece < 128)
                    piece = piece[max(0, ys.min() - 12):ys.max() + 12, max(0, xs.min() - 12):xs.max() + 12]
                    piece = np.pad(piece, 20, constant_values=255)
                    text = pytesseract.image_to_string(Image.fromarray(piece), lang=settings.lang, config="--psm 7").strip()
                    if text:
                        out.append(_word_in(text, group[0]))
    return out


def _centre_in(w: list, c) -> bool:
    cx, cy = (w[1] + w[3]) / 2, (w[2] + w[4]) / 2
    return c[0] <= cx <= c[2] and c[1] <= cy <= c[3]


def _word_in(text: str, c) -> list:
    """A word placed at the top of cell `c` (a cell's first line)."""
    return [text, c[0] + 2, c[1] + 2, c[2] - 2, c[1] + 12, 100.0]


def _worker_init() -> None:
    os.environ["OMP_THREAD_LIMIT"] = "1"  # one Tesseract thread per worker: the pages are the parallelism


def _edges(horizontal: list, vertical: list, scale: float) -> tuple[list[dict], list[dict]]:
    """The rulings (pixels) as pdfplumber line objects in points, for its table finder."""
    hor = [{"object_type": "line", "x0": a * scale, "x1": b * scale, "top": y * scale, "bottom": y * scale,
            "width": (b - a) * scale, "height": 0} for y, a, b in horizontal]
    ver = [{"object_type": "line", "x0": x * scale, "x1": x * scale, "top": a * scale, "bottom": b * scale,
            "width": 0, "height": (b - a) * scale} for x, a, b in vertical]
    return hor, ver


def ocr_pages(path: Path, numbers: list[int], options, progress: Callable[[str], None]) -> dict[int, PageWords]:
    """OCR the given 1-based pages of the PDF at `path`, in parallel, cached."""
    settings = OcrSettings()
    check_tesseract(settings.lang)
    jobs = max(1, min(options.jobs or os.cpu_count() or 1, len(numbers)))
    results: dict[int, dict] = {}
    if jobs == 1:
        _worker_init()
        for k, n in enumerate(numbers, start=1):
            results[n] = _page_result(path, n - 1, settings, options.cache)
            progress(f"    page {n} ({k}/{len(numbers)})")
    else:
        with ProcessPoolExecutor(jobs, initializer=_worker_init) as pool:
            futures = {n: pool.submit(_page_result, path, n - 1, settings, options.cache) for n in numbers}
            for k, n in enumerate(numbers, start=1):
                results[n] = futures[n].result()
                progress(f"    page {n} ({k}/{len(numbers)})")
    pages = {}
    for n, result in results.items():
        grids = [Grid([[tuple(c) if c else None for c in row] for row in rows]) for rows in result["grids"]]
        words = [Word(t, x0, x1, top, bottom) for t, x0, top, x1, bottom, _ in result["words"]]
        pages[n] = PageWords(n, words, grids, result["height"])
    return pages


