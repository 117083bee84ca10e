"""The intermediate representation every stage reads and extends: one decree on its way
through the stages (see `extract.STAGES`). Each stage reads the fields the ones before it set
and fills its own; every repair goes to the one `CorrectionLog`."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from .decree import DecreeBody
from .load import CleanText
from .model import Competency, CorrectionLog
from .pdf import PdfOptions
from .requirements_table import Requirements
from .sections import JenjangSection


@dataclass
class Document:
    """One decree as the stages build it up, from the file to the contract's dict."""

    path: Path
    options: PdfOptions
    progress: Callable[[str], None] = lambda _: None
    claim: Callable[[str], None] = lambda _: None  # the run's check that no other file was this decree
    corrections: CorrectionLog = field(default_factory=CorrectionLog)
    clean: CleanText | None = None  # load: the cleaned lines (text, or a PDF's pages)
    body: DecreeBody | None = None  # decree: id, title, dates, diktum lists
    sections: list[JenjangSection] = field(default_factory=list)  # sections: one per jenjang
    tables: list[list[Competency]] = field(default_factory=list)  # tables: competency rows per jenjang
    reqs: list[Requirements] = field(default_factory=list)  # tables: requirements per jenjang
    ikhtisar: list[list[str]] = field(default_factory=list)  # tables: ikhtisar lines per jenjang, in order
    repaired: list[dict] = field(default_factory=list)  # normalise: each jenjang's free text repaired (copies)
    standard: dict | None = None  # normalise: the contract's dict, built once from the fields above

    @property
    def source(self) -> str:
        return str(self.path)
