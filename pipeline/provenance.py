"""Provenance: where on the page (or in the text file) each extracted value was read.

A steward deciding whether to publish a decree checks values against the page they came
from. The layout stage already knows, for every line of a PDF, its page, its box (PDF
points, top-left origin as pdfplumber gives them) and for OCR'd text the mean and lowest
Tesseract word confidence; the table stages know which lines make up each cell. This
module folds a cell's lines into one `asal` ("origin") record; the standard carries those
records beside the values they describe (`stages.assemble`), as new optional fields (the
contract is only extended):

    {"kotak": [{"halaman": 3, "bbox": [x0, top, x1, bottom]}, ...],  # one box per cell part and page
     "ocr_conf_rata": 91.4, "ocr_conf_min": 48.0,                     # OCR'd text only
     "baris": [212, 215]}                                             # the lines (first, last) it came from

For a text file there are no pages: `baris` are the source file's line numbers (PDF input:
the numbers of the lines in reading order, as `interim/<id>/01-clean.json` lists them).
A cell whose row the page break cut has a box on each page.
"""

from __future__ import annotations

from typing import Iterable

from .model import Line

Asal = dict  # the record described above


def of_lines(lines: Iterable[Line]) -> Asal | None:
    """The provenance of a value read from these lines (None when there are none)."""
    lines = [ln for ln in lines if ln is not None]
    if not lines:
        return None
    boxes: dict[tuple[int, int | None], list[float]] = {}  # (page, column) -> union box
    for ln in lines:
        if ln.box is None or ln.page is None:
            continue
        key = (ln.page, ln.col)
        if key in boxes:
            b = boxes[key]
            boxes[key] = [min(b[0], ln.box[0]), min(b[1], ln.box[1]), max(b[2], ln.box[2]), max(b[3], ln.box[3])]
        else:
            boxes[key] = list(ln.box)
    out: Asal = {}
    if boxes:
        out["kotak"] = [{"halaman": page, "bbox": [round(v, 1) for v in box]}
                        for (page, _), box in sorted(boxes.items(), key=lambda kv: (kv[0][0], kv[1][1], kv[1][0]))]
    confs = [(ln.conf, max(1, len(ln.text.split()))) for ln in lines if ln.conf is not None]
    if confs:  # each line's mean weighted by its words
        out["ocr_conf_rata"] = round(sum(c[0] * n for c, n in confs) / sum(n for _, n in confs), 1)
        out["ocr_conf_min"] = round(min(c[1] for c, _ in confs), 1)
    numbers = [ln.no for ln in lines if ln.no]
    if numbers:
        out["baris"] = [min(numbers), max(numbers)]
    return out or None


def flat(asal: Asal | None) -> dict:
    """The CSV columns of a provenance record: pages, boxes, OCR confidence, source lines."""
    asal = asal or {}
    boxes = asal.get("kotak") or []
    return {
        "asal_halaman": " ".join(str(p) for p in dict.fromkeys(b["halaman"] for b in boxes)) or None,
        "asal_kotak": "; ".join(f"{b['halaman']}: " + " ".join(f"{v:g}" for v in b["bbox"]) for b in boxes) or None,
        "ocr_conf_rata": asal.get("ocr_conf_rata"),
        "ocr_conf_min": asal.get("ocr_conf_min"),
        "asal_baris": "-".join(str(n) for n in asal["baris"]) if asal.get("baris") else None,
    }


def merge(*records: Asal | None) -> Asal | None:
    """One record for several values (a competency row's cells, for its CSV row)."""
    records = [r for r in records if r]
    if not records:
        return None
    out: Asal = {}
    boxes = [b for r in records for b in r.get("kotak", [])]
    if boxes:
        out["kotak"] = boxes
    rated = [r for r in records if r.get("ocr_conf_rata") is not None]
    if rated:
        out["ocr_conf_rata"] = round(sum(r["ocr_conf_rata"] for r in rated) / len(rated), 1)
        out["ocr_conf_min"] = min(r["ocr_conf_min"] for r in rated)
    lines = [n for r in records for n in r.get("baris", [])]
    if lines:
        out["baris"] = [min(lines), max(lines)]
    return out


FLAT_COLUMNS = ["asal_halaman", "asal_kotak", "ocr_conf_rata", "ocr_conf_min", "asal_baris"]
