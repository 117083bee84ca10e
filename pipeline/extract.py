"""The runner: the declared list of stages, run on one decree from the raw file to its output.

Each stage (`stages.py`) reads and extends one `model.Document` and logs its repairs in the
document's one `CorrectionLog`; the runner alone owns the timing, the run key, the interim
artefacts (`interim/<decree-id>/NN-stage.json`, the validation report in `06-validation/`)
and publishing. Nothing reaches `output/` unless every stage succeeded and the result
satisfies the contract; an output failing a critical expectation is written with status
`failed` (keeping the last good one inside it) and the run exits 2 (`export.publish`).
Once the decree's id is known and its tables are built, the run holds the decree's lock
for everything it writes (`export.DecreeWriter`).
"""

from __future__ import annotations

import os
import time
import traceback
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from . import SCHEMA_VERSION, __version__, findings, review, stages, validate
from .competency_table import group_rows
from .errors import SkjError, StageFailed, ValidationFailed
from .export import DecreeWriter, check_contract, flat_tables, publish
from .document import Document
from .pdf import PdfOptions
from .runs import Result, claim, made_with, run_key, up_to_date

Progress = Callable[[str], None]


@dataclass(frozen=True)
class Stage:
    name: str
    run: Callable[[Document], str]  # fills its fields of the document, returns its progress note
    artefact: str  # its interim file
    to_json: Callable[[Document], object]


STAGES = [
    Stage("load", stages.load, "01-clean.json", lambda d: d.clean.to_json()),
    Stage("decree", stages.decree, "02-decree.json", lambda d: d.body.to_json()),
    Stage("sections", stages.sections, "03-sections.json", lambda d: [s.to_json() for s in d.sections]),
    Stage("tables", stages.tables, "04-tables.json", stages.tables_json),
    Stage("normalise", stages.normalise, "05-normalised.json",
          lambda d: {"standard": d.standard, "corrections": d.corrections.to_json()}),
]


class _Clock:
    """Times each stage and reports it as it finishes."""

    def __init__(self, progress: Progress):
        self.progress, self.seconds, self._t = progress, {}, time.perf_counter()

    def done(self, stage: str, note: str = "") -> None:
        now = time.perf_counter()
        self.seconds[stage], self._t = now - self._t, now
        self.progress(f"  {stage:<10} {self.seconds[stage]:6.2f}s  {note}".rstrip())


@contextmanager
def _guard(name: str, source: str, interim_root: Path):
    """An exception a stage has no rule for becomes `StageFailed` (exit 8, one line naming the
    stage), its traceback kept in `interim_root/tracebacks/` for the bug report."""
    try:
        yield
    except SkjError:
        raise
    except Exception as exc:  # noqa: BLE001 - any condition a stage did not foresee, on any input
        log = None
        try:
            folder = interim_root / "tracebacks"
            folder.mkdir(parents=True, exist_ok=True)
            log = folder / f"{Path(source).name}.{name}.{os.getpid()}.txt"
            log.write_text("".join(traceback.format_exception(exc)), "utf-8")
        except OSError:
            log = None
        raise StageFailed(name, exc, source=source, log=str(log) if log else None) from exc


def extract(path: Path, out_root: Path, interim_root: Path, progress: Progress = lambda _: None,
            publish_output: bool = True, pdf_options: PdfOptions = PdfOptions(), force: bool = False,
            claimed: dict[str, str] | None = None) -> Result:
    """Extract one decree file (OCR text or PDF); raise an `SkjError` subclass on bad input
    (nothing published then). An output already made from this very file by this code is left
    as it is, unless `force`. `claimed` (decree id -> file) is the run's record of the decrees
    read so far: a second file of the same decree is refused (`DuplicateDecree`)."""
    source = str(path)
    key = run_key(path, pdf_options)
    if publish_output and not force and (done := up_to_date(key, out_root)) is not None:
        claim(claimed, done.decree_id, source)
        progress(f"  up to date: {done.output} (same file, code and expectations; --force redoes it)")
        return done
    stages.warm_up_in_background()
    clock = _Clock(progress)
    doc = Document(path, pdf_options, progress, lambda decree_id: claim(claimed, decree_id, source))
    for stage in STAGES:
        with _guard(stage.name, source, interim_root):
            note = stage.run(doc)
        clock.done(stage.name, note)
        if stage.name == "load" and stages.libraries_ready():
            clock.done("libraries", "spaCy, wordfreq and Great Expectations loaded")
    with _guard("publish", source, interim_root):
        return _publish(doc, key, out_root, interim_root, publish_output, force, clock)


def _publish(doc: Document, key: str, out_root: Path, interim_root: Path, publish_output: bool, force: bool,
             clock: _Clock) -> Result:
    """Write the interim artefacts, check the contract, validate, find the decree's own errors, publish."""
    standard, corrections, progress = doc.standard, doc.corrections.to_json(), doc.progress
    with DecreeWriter(out_root, interim_root, doc.body.id, progress) as writer:
        if publish_output and not force and (done := made_with(out_root / doc.body.id, key)) is not None:
            progress(f"  up to date: {done.output} (published meanwhile by another run)")
            return done
        for stage in STAGES:
            writer.write_json(stage.artefact, stage.to_json(doc))
        check_contract(standard, doc.source)
        frames = flat_tables(standard, corrections)
        docs = writer.interim() / "06-validation"
        report = validate.check_into(frames, validate.parameters(frames, standard, [s.jenjang for s in doc.sections]),
                                     docs, writer.interim())
        summary = report.summary()
        clock.done("validate", f"{summary['expectations']} expectations: {summary['critical_failed']} critical failed, "
                               f"{summary['warnings']} warnings")
        for line in report.lines():
            progress(f"    {line}")
        found = findings.find(standard, {s.jenjang: group_rows(s.competency_lines) for s in doc.sections})
        output, n_comp = None, sum(len(j["kompetensi"]) for j in standard["jenjang"])
        if publish_output:
            manifest = {
                "decree_id": doc.body.id, "status": report.status, "skj_extract_version": __version__, "run_key": key,
                "schema_version": SCHEMA_VERSION, "source": standard["decree"]["source"],
                "jenjang": [j["jenjang"] for j in standard["jenjang"]], "kompetensi": n_comp,
                "corrections": len(corrections), "findings": len(found), "validation": summary,
            }
            output = publish(standard, frames, out_root, {
                "manifest.json": manifest, "findings.json": found, "findings.md": findings.to_markdown(standard, found),
            }, folders={"validation": docs}, failed=report.status == "failed",
                staged=lambda folder: review.write(folder, doc.path))
        clock.done("export", str(output) if output else "(not published)")
    if report.status == "failed":
        where = f"; written with status failed to {output}" if output else ""
        raise ValidationFailed(f"{summary['critical_failed']} critical expectation(s) failed, first: "
                               f"{report.lines()[0]}{where}", source=doc.source)
    return Result(doc.body.id, output, len(standard["jenjang"]), n_comp, len(corrections), clock.seconds,
                  standard=standard)
