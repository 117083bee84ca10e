"""skj-extract: turn Indonesian competency-standard decrees (SKJ) into validated datasets.

The Python API (the command line `skj` runs the same code):

    from pipeline import extract_standard, extract_to
    standard = extract_standard("raw/skj-1-2022-pengantar-kerja.ocr.txt")   # a dict, nothing written
    result = extract_to("raw/skj-1-2022-pengantar-kerja.ocr.txt", "output")  # as `skj extract --out output`

Both raise a `pipeline.errors.SkjError` subclass on a decree they cannot extract (its
`exit_code` is the command line's). Stages, one module each, data flowing raw -> interim
-> output: load (clean OCR text, or a PDF's pages) -> decree (body) -> sections (jenjang
parts) -> competency_table / requirements_table (reconstruct table columns) -> normalise
(repair OCR damage, logged) -> validate -> export (contract JSON + CSV tables).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

__version__ = "0.1.0"
SCHEMA_VERSION = "1.0"

__all__ = ["extract_standard", "extract_to", "__version__", "SCHEMA_VERSION"]


def extract_standard(path: str | os.PathLike, options=None) -> dict:
    """The decree at `path` (a PDF or the OCR text of one) as a standard following the output
    contract (`pipeline/data/skj-standard.schema.json`), in memory. Nothing is written but the
    OCR cache for a scanned PDF (`options=PdfOptions(cache=False)` skips it too): the stages
    that need a folder (the validation's Data Docs) get a temporary one, removed on return.
    Raises `ValidationFailed` (exit code 2) when a critical expectation fails."""
    from .extract import extract
    from .pdf import PdfOptions

    with tempfile.TemporaryDirectory(prefix="skj-") as tmp:
        result = extract(Path(path), Path(tmp) / "output", Path(tmp) / "interim", publish_output=False,
                         pdf_options=options or PdfOptions(), force=True)
    return result.standard


def extract_to(path: str | os.PathLike, out_dir: str | os.PathLike, options=None,
               interim_dir: str | os.PathLike | None = None, force: bool = False):
    """What `skj extract PATH --out OUT_DIR` does: publish the decree into `out_dir/<decree-id>/`
    (skipped when that output is up to date, unless `force`) and return the `extract.Result`
    (decree id, output folder, counts, the standard). The stages' interim artefacts go to
    `interim_dir`, or to a temporary folder removed on return."""
    from .extract import extract
    from .pdf import PdfOptions

    with tempfile.TemporaryDirectory(prefix="skj-") as tmp:
        interim = Path(interim_dir) if interim_dir is not None else Path(tmp)
        return extract(Path(path), Path(out_dir), interim, pdf_options=options or PdfOptions(), force=force)
