"""The accuracy matrix: every seed's layout x every fixture decree x every kind of input.

For each seed (1..N), each standard in tests/data/fixtures/*.standard.json and each kind:

    text          the typeset PDF's text layer (`tools.typeset`, layout `Layout.from_seed(seed)`)
    good, office, poor   that PDF scanned at the grade (`tools.scan`)
    searchable    the office scan with an invisible Tesseract text layer (`tools.ocrtext`)
    ocr-psm3, ocr-psm4, ocr-psm6   the office scan's plain Tesseract text at that page segmentation
    ocr-pdftotext `pdftotext -layout` of the searchable PDF

the input is made (and cached under build/matrix/, keyed by decree, seed, kind and the
code that made it), extracted by the pipeline in-process (every exception is a result:
exit code, status, the traceback's last line), scored against the answer key
(`tools.score.score_standard`), and recorded. Cells run in `-j` worker processes; a
scanned cell's own OCR gets the cores left over (cores // j workers).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
import traceback
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path

KINDS = ("text", "good", "office", "poor", "searchable", "ocr-psm3", "ocr-psm4", "ocr-psm6", "ocr-pdftotext")
DEFAULT_KINDS = ("text", "good", "office", "poor")
SCAN_KINDS = ("good", "office", "poor")
OCR_BASE_GRADE = "office"  # the scan the searchable and plain-text kinds are made from
FIXTURES = Path("tests/data/fixtures")
TOOLS = Path(__file__).resolve().parent


def _code_hash(*modules: str) -> str:
    h = hashlib.sha256()
    for m in modules:
        h.update((TOOLS / m).read_bytes())
    return h.hexdigest()[:10]


@dataclass(frozen=True)
class Cell:
    seed: int
    source: str  # the standard's path
    kind: str

    @property
    def decree(self) -> str:
        return Path(self.source).name.removesuffix(".standard.json")


class Inputs:
    """Where each input of the matrix lives in the build folder, and how it is made."""

    def __init__(self, build: Path):
        self.build = Path(build)
        # fixed when the run starts: a tool edited during a run does not move the inputs under it
        self.typeset_v = _code_hash("typeset.py")
        self.scan_v = _code_hash("typeset.py", "scan.py")
        self.ocr_v = _code_hash("typeset.py", "scan.py", "ocrtext.py")

    def folder(self, source: str, seed: int) -> Path:
        std = hashlib.sha256(Path(source).read_bytes()).hexdigest()[:8]
        return self.build / Path(source).name.removesuffix(".standard.json") / f"seed-{seed:03d}-{std}"

    def layout(self, seed: int):
        from .typeset import Layout

        return Layout.from_seed(seed)

    def label(self, seed: int) -> str:
        return f"seed {seed}"

    def pdf(self, source: str, seed: int) -> Path:
        return self.folder(source, seed) / f"typeset-{self.typeset_v}.pdf"

    def key(self, source: str, seed: int) -> Path:
        return self.folder(source, seed) / f"key-{self.typeset_v}.json"

    def scan(self, source: str, seed: int, grade: str) -> Path:
        return self.folder(source, seed) / f"scan-{grade}-{self.scan_v}.pdf"

    def ocr_dir(self, source: str, seed: int) -> Path:
        return self.folder(source, seed) / f"ocr-{self.ocr_v}"

    def path(self, cell: Cell) -> Path:
        if cell.kind == "text":
            return self.pdf(cell.source, cell.seed)
        if cell.kind in SCAN_KINDS:
            return self.scan(cell.source, cell.seed, cell.kind)
        if cell.kind == "searchable":
            return self.ocr_dir(cell.source, cell.seed) / "searchable.pdf"
        return self.ocr_dir(cell.source, cell.seed) / f"{cell.kind}.txt"


def make_typeset(inputs: Inputs, source: str, seed: int) -> str:
    from .typeset import answer_key, typeset_with_stats

    pdf = inputs.pdf(source, seed)
    if not pdf.exists() or not inputs.key(source, seed).exists():
        pdf.parent.mkdir(parents=True, exist_ok=True)
        standard = json.loads(Path(source).read_text("utf-8"))
        layout = inputs.layout(seed)
        _, stats = typeset_with_stats(standard, pdf, layout)
        key = answer_key(standard, layout)
        key["_typeset"] = stats
        tmp = inputs.key(source, seed).with_suffix(".tmp")
        tmp.write_text(json.dumps(key, ensure_ascii=False, indent=1), "utf-8")
        tmp.replace(inputs.key(source, seed))
    return str(pdf)


def make_scan(inputs: Inputs, source: str, seed: int, grade: str) -> str:
    from .scan import ScanSettings, scan

    out = inputs.scan(source, seed, grade)
    if not out.exists():
        scan(inputs.pdf(source, seed), out, ScanSettings.for_grade(grade, seed))
    return str(out)


def make_ocr(inputs: Inputs, source: str, seed: int, kinds: tuple[str, ...], jobs: int) -> str:
    """The searchable PDF and plain-text kinds of one decree's office scan."""
    from . import ocrtext

    folder = inputs.ocr_dir(source, seed)
    scan_pdf = inputs.scan(source, seed, OCR_BASE_GRADE)
    need_pdf = "searchable" in kinds or "ocr-pdftotext" in kinds
    psms = {int(k[-1]) for k in kinds if k.startswith("ocr-psm")} | ({3} if need_pdf else set())
    pages = folder / "pages"
    ocrtext.ocr_pages(scan_pdf, pages, jobs, tuple(sorted(psms)), searchable=need_pdf)
    if need_pdf and not (folder / "searchable.pdf").exists():
        ocrtext.searchable(scan_pdf, folder / "searchable.pdf", work=pages, jobs=jobs)
    if "ocr-pdftotext" in kinds and not (folder / "ocr-pdftotext.txt").exists():
        ocrtext.pdftotext(folder / "searchable.pdf", folder / "ocr-pdftotext.txt")
    join = "formfeed" if seed % 2 else "blank"  # both ways tools join pages
    for kind in kinds:
        if kind.startswith("ocr-psm") and not (folder / f"{kind}.txt").exists():
            ocrtext.ocr_text(scan_pdf, folder / f"{kind}.txt", int(kind[-1]), join, work=pages, jobs=jobs)
    return str(folder)


# ---------------------------------------------------------------- extraction in worker processes

def _worker_init(cache: str) -> None:
    os.environ.setdefault("SKJ_CACHE_DIR", cache)
    from pipeline.stages import warm_up

    warm_up()


def run_cell(inputs: Inputs, cell: Cell, ocr_jobs: int, keep: str | None, validate: bool = True) -> dict:
    """Extract one cell's input and score it; every failure is recorded, never raised. Without
    `validate` the Great Expectations checkpoint is skipped (status `unvalidated`): the standard,
    and so the score, are the same, in a fraction of the time."""
    import pipeline.validate
    from pipeline.errors import SkjError
    from pipeline.extract import extract
    from pipeline.pdf import PdfOptions
    from .field_score import score_standard

    if not validate:
        def skipped(frames, params, docs_dir=None):
            if docs_dir is not None:
                Path(docs_dir).mkdir(parents=True, exist_ok=True)
            return pipeline.validate.Report([])

        pipeline.validate.check = skipped

    path = inputs.path(cell)
    key = json.loads(inputs.key(cell.source, cell.seed).read_text("utf-8"))
    record = {"seed": cell.seed, "decree": cell.decree, "kind": cell.kind, "input": str(path),
              "layout": key.get("_layout"), "typeset": key.get("_typeset")}
    root = Path(keep) / cell.decree / f"seed-{cell.seed:03d}" / cell.kind if keep else \
        Path(tempfile.mkdtemp(prefix="skj-matrix-"))
    shutil.rmtree(root / "output", ignore_errors=True)
    started = time.perf_counter()
    code, error, tail = 0, None, None
    try:
        extract(path, root / "output", root / "interim", pdf_options=PdfOptions(jobs=ocr_jobs), force=True)
    except SkjError as exc:
        code, error = exc.exit_code, f"{type(exc).__name__}: {exc.message}"
        tail = traceback.format_exc().strip().splitlines()[-4:]
    except Exception as exc:  # a crash is a result too
        code, error = 1, f"{type(exc).__name__}: {exc}"
        tail = traceback.format_exc().strip().splitlines()[-6:]
    record["seconds"] = round(time.perf_counter() - started, 1)
    outputs = sorted((root / "output").glob("*/standard.json"))
    got, status = {}, "failed"
    if outputs:
        got = json.loads(outputs[0].read_text("utf-8"))
        manifest = outputs[0].parent / "manifest.json"
        if manifest.exists():
            status = json.loads(manifest.read_text("utf-8")).get("status", "failed")
    score = score_standard(got, key)
    right = score.right if outputs else 0  # nothing written: every field of the key is wrong
    if not validate and status == "ok":
        status = "unvalidated"
    record.update(exit_code=code, status=status if code in (0, 2) else "failed", error=error, traceback=tail,
                  right=right, total=score.total, accuracy=round(right / score.total, 4) if score.total else 0.0,
                  misses=[[w, _short(g), _short(v)] for w, g, v in score.misses[:8]], n_misses=len(score.misses),
                  miss_fields=_miss_fields(score.misses))
    if not keep:
        shutil.rmtree(root, ignore_errors=True)
    return record


def _short(value: object, n: int = 120) -> object:
    if isinstance(value, str) and len(value) > n:
        return value[:n] + "..."
    return value


def _miss_fields(misses: list) -> dict[str, int]:
    """How many misses per kind of field (`deskripsi`, `indikator`, `nama_sumber`, ...)."""
    out: dict[str, int] = {}
    for where, _, _ in misses:
        last = where.rsplit("/", 1)[-1]
        if "." in last and not last[0].isdigit():
            name = last.rsplit(".", 1)[-1]
        elif last[:1].isdigit():
            name = "indikator"
        else:
            name = last.split("[")[0].split(" ")[0]
        name = name.split("[")[0]
        out[name] = out.get(name, 0) + 1
    return dict(sorted(out.items(), key=lambda kv: -kv[1]))


# ---------------------------------------------------------------- the run

ONLY: list[str] = []  # substrings of fixture names to keep (--decrees); empty: every fixture


def sources() -> list[str]:
    return [str(p) for p in sorted(FIXTURES.glob("*.standard.json")) if not ONLY or any(o in p.name for o in ONLY)]


def _pool(jobs: int, **kw) -> ProcessPoolExecutor:
    import multiprocessing

    return ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("spawn"), **kw)


def _collect(futures: dict, failed: dict, what: str) -> None:
    """Wait for input-making tasks; a task that raised marks its cells failed (the run goes on)."""
    for f in as_completed(futures):
        try:
            f.result()
        except Exception as exc:  # noqa: BLE001: recorded as every dependent cell's result
            last = traceback.format_exc().strip().splitlines()[-1]
            for cell_key in futures[f]:
                failed.setdefault(cell_key, f"{what} failed: {type(exc).__name__}: {last[:300]}")


def prepare(inputs: Inputs, seeds: list[int], kinds: tuple[str, ...], jobs: int, log) -> dict:
    """Make every input the cells need (cached ones are kept); returns {(seed, source, kind): why}
    for the cells whose input could not be made."""
    todo = [(s, src) for src in sources() for s in seeds]
    grades = sorted({k for k in kinds if k in SCAN_KINDS} | ({OCR_BASE_GRADE} if set(kinds) - set(DEFAULT_KINDS) else set()))
    ocr_kinds = tuple(k for k in kinds if k not in DEFAULT_KINDS)
    failed: dict = {}
    t = time.perf_counter()
    with _pool(jobs) as pool:
        _collect({pool.submit(make_typeset, inputs, src, s): [(s, src, k) for k in kinds] for s, src in todo},
                 failed, "typesetting")
        log(f"typeset {len(todo)} decrees ({time.perf_counter() - t:.0f}s)")
        t = time.perf_counter()
        futures = {pool.submit(make_scan, inputs, src, s, g): [(s, src, k) for k in kinds
                                                               if k == g or (g == OCR_BASE_GRADE and k in ocr_kinds)]
                   for s, src in todo for g in grades if (s, src, "text") not in failed}
        _collect(futures, failed, "scanning")
        if futures:
            log(f"scanned {len(futures)} PDFs, grades {', '.join(grades)} ({time.perf_counter() - t:.0f}s)")
        if ocr_kinds:
            t = time.perf_counter()
            futures = {pool.submit(make_ocr, inputs, src, s, ocr_kinds, 1): [(s, src, k) for k in ocr_kinds]
                       for s, src in todo if (s, src, ocr_kinds[0]) not in failed}
            _collect(futures, failed, "OCR")
            log(f"OCR'd {len(futures)} office scans for {', '.join(ocr_kinds)} ({time.perf_counter() - t:.0f}s)")
    return failed


def run_matrix(seeds: list[int], kinds: tuple[str, ...], jobs: int, build: Path, keep: Path | None,
               out_json: Path | None, log=print, inputs: Inputs | None = None, validate: bool = True) -> dict:
    started = time.perf_counter()
    build.mkdir(parents=True, exist_ok=True)
    inputs = inputs or Inputs(build)
    failed = prepare(inputs, seeds, kinds, jobs, log)
    prepared = time.perf_counter() - started
    cells = [Cell(s, src, k) for k in kinds for src in sources() for s in seeds]
    ocr_jobs = max(1, (os.cpu_count() or 1) // jobs)
    cache = os.environ.get("SKJ_CACHE_DIR") or str(build / "skj-cache")
    records: list[dict] = []
    for c in cells:
        if (c.seed, c.source, c.kind) in failed:
            records.append(_failed_record(c, -1, failed[(c.seed, c.source, c.kind)]))
    pending = [c for c in cells if (c.seed, c.source, c.kind) not in failed]
    out_json = out_json or build / "results.json"
    partial = out_json.with_name(out_json.name + ".partial.jsonl")  # each cell as it ends: an interrupted run keeps them
    partial.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), "utf-8")
    while pending:
        with _pool(jobs, initializer=_worker_init, initargs=(cache,)) as pool:
            futures = {pool.submit(run_cell, inputs, c, ocr_jobs, str(keep) if keep else None, validate): c
                       for c in pending}
            try:
                for f in as_completed(futures):
                    c = futures[f]
                    r = f.result()
                    records.append(r)
                    pending.remove(c)
                    with open(partial, "a", encoding="utf-8") as fh:
                        fh.write(json.dumps(r, ensure_ascii=False) + "\n")
                    log(f"[{len(records)}/{len(cells)}] {inputs.label(c.seed):<8} {c.decree[:24]:<24} {c.kind:<14} "
                        f"{r['right']}/{r['total']} ({100 * r['accuracy']:.1f}%) exit {r['exit_code']} {r['status']}"
                        f" {r['seconds']}s" + (f"  {r['error'][:100]}" if r["error"] else ""))
            except BrokenProcessPool as exc:  # a worker died (killed, out of memory): record its cells, go on
                for f, c in futures.items():
                    if c in pending and (not f.done() or f.exception() is not None):
                        records.append(_failed_record(c, -1, f"worker died: {exc}"))
                        pending.remove(c)
    wall = time.perf_counter() - started
    result = {"seeds": seeds, "kinds": list(kinds), "decrees": [Path(s).name for s in sources()], "jobs": jobs,
              "seconds": round(wall, 1), "prepare_seconds": round(prepared, 1), "summary": summarise(records, kinds),
              "cells": sorted(records, key=lambda r: (kinds.index(r["kind"]), r["decree"], r["seed"]))}
    out_json.write_text(json.dumps(result, ensure_ascii=False, indent=1), "utf-8")
    return result


def _failed_record(c: Cell, code: int, why: str) -> dict:
    return {"seed": c.seed, "decree": c.decree, "kind": c.kind, "exit_code": code, "status": "failed", "error": why,
            "traceback": None, "right": 0, "total": 0, "accuracy": 0.0, "misses": [], "n_misses": 0, "miss_fields": {}}


def summarise(records: list[dict], kinds: tuple[str, ...]) -> dict:
    out = {}
    for kind in kinds:
        rows = [r for r in records if r["kind"] == kind]
        if not rows:
            continue
        worst = min(rows, key=lambda r: (r["accuracy"], r["seed"]))
        out[kind] = {"runs": len(rows), "ok": sum(r["status"] == "ok" and r["exit_code"] == 0 for r in rows),
                     "mean": round(statistics.mean(r["accuracy"] for r in rows), 4),
                     "worst": {"seed": worst["seed"], "decree": worst["decree"], "accuracy": worst["accuracy"]},
                     "exit_codes": {str(c): sum(r["exit_code"] == c for r in rows)
                                    for c in sorted({r["exit_code"] for r in rows})}}
    return out


def print_report(result: dict, file=sys.stdout) -> None:
    cells, kinds = result["cells"], result["kinds"]
    decrees = sorted({c["decree"] for c in cells})
    seeds = result["seeds"]
    for kind in kinds:
        print(f"\n== {kind}: fields right per seed (%), exit code when not 0", file=file)
        print(f"{'seed':>5} " + " ".join(f"{d[:26]:>28}" for d in decrees), file=file)
        for s in seeds:
            line = []
            for d in decrees:
                r = next((c for c in cells if c["kind"] == kind and c["decree"] == d and c["seed"] == s), None)
                if r is None:
                    line.append(f"{'':>28}")
                    continue
                mark = "" if r["exit_code"] == 0 else f" x{r['exit_code']}"
                line.append(f"{100 * r['accuracy']:>22.1f}{mark:>6}")
            print(f"{s:>5} " + " ".join(line), file=file)
    print(f"\n{'kind':<14} {'runs':>5} {'ok':>4} {'mean':>7} {'worst':>7}  worst seed / decree        exit codes", file=file)
    for kind, s in result["summary"].items():
        w = s["worst"]
        print(f"{kind:<14} {s['runs']:>5} {s['ok']:>4} {100 * s['mean']:>6.1f}% {100 * w['accuracy']:>6.1f}%  "
              f"seed {w['seed']:<3} {w['decree'][:22]:<22} {s['exit_codes']}", file=file)
    print(f"\n{len(cells)} runs in {result['seconds'] / 60:.1f} min (inputs made in {result['prepare_seconds'] / 60:.1f} min), "
          f"-j {result['jobs']}", file=file)
