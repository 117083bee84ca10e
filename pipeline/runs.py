"""What a run knows about outputs: the run key (what an output depends on), whether an output
is up to date, and the run's record of the decrees it read (no decree extracted twice)."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from . import SCHEMA_VERSION, validate
from .errors import DuplicateDecree
from .export import is_staging
from .pdf import PdfOptions, is_pdf


@dataclass
class Result:
    decree_id: str
    output: Path | None
    jenjang: int
    kompetensi: int
    corrections: int
    seconds: dict[str, float] = field(default_factory=dict)
    up_to_date: bool = False  # the output was already made from this very file, code and expectations
    standard: dict | None = None  # the standard as the contract shapes it (None when up to date)


def runtime_files() -> list[Path]:
    """Every file the extraction runs on: the whole package (its modules, subpackages and data,
    the shipped suites' copy included) and the expectation suites in use."""
    package = Path(__file__).resolve().parent
    files = [p for p in sorted(package.rglob("*")) if p.is_file() and "__pycache__" not in p.parts]
    return files + sorted(validate.expectations_dir().glob("*.json"))


def run_key(path: Path, options: PdfOptions) -> str:
    """What an output depends on: the input file's bytes and name, the pipeline's code and reference
    data, the expectation suites, the schema, and for a PDF the OCR choices and Tesseract's version.
    An output whose manifest holds the same key needs no rerun."""
    h = hashlib.sha256()
    try:
        with open(path, "rb") as fh:  # in pieces: a large PDF is not held in memory for its hash
            for block in iter(lambda: fh.read(1 << 20), b""):
                h.update(block)
    except OSError:
        return ""  # unreadable: the stages will say so
    h.update(path.name.encode())
    for part in runtime_files():
        h.update(part.name.encode() + part.read_bytes())
    h.update(SCHEMA_VERSION.encode())
    if is_pdf(path):
        from .ocr import OcrSettings

        h.update(f"ocr={options.ocr}".encode() + OcrSettings().key().encode())
    return h.hexdigest()


def up_to_date(key: str, out_root: Path) -> Result | None:
    """The published output already made with `key` (status ok), if any. Only outputs count:
    a folder named after the decree id its manifest records, never a hidden staging folder
    (a killed run's, which may hold a whole manifest) or a previous output being removed."""
    if not key:
        return None
    try:
        folders = sorted(p for p in out_root.iterdir() if not is_staging(p.name))
    except OSError:
        return None
    for folder in folders:
        done = made_with(folder, key)
        if done is not None:
            return done
    return None


def made_with(folder: Path, key: str) -> Result | None:
    """`folder` as an up-to-date Result when it is a good output made with `key`."""
    try:
        manifest = json.loads((folder / "manifest.json").read_text("utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(manifest, dict) or manifest.get("decree_id") != folder.name:
        return None
    if manifest.get("run_key") == key and manifest.get("status") == "ok" and (folder / "standard.json").is_file():
        jenjang = manifest.get("jenjang")
        return Result(folder.name, folder, len(jenjang) if isinstance(jenjang, list) else 0,
                      manifest.get("kompetensi", 0), manifest.get("corrections", 0), up_to_date=True)
    return None


def claim(claimed: dict[str, str] | None, decree_id: str, source: str) -> None:
    """Note that `source` is decree `decree_id` in this run; refuse a second file of the same decree
    (it would replace the first one's output, and the summary would count both)."""
    if claimed is None:
        return
    first = claimed.setdefault(decree_id, source)
    if first != source:
        raise DuplicateDecree(f"same decree ({decree_id}) as {first}, read earlier in this run: not extracted "
                              f"(keep one of the two files)", source=source)
