"""Command line: `skj extract PATH... [--out DIR]`, `skj run`, `skj validate DIR...` and `skj catalogue [DIR]`.

A failing decree is reported on one line (`file: what is wrong`) and the run goes
on with the next; the exit code is the highest of the failures' codes (see
`errors.py`), 0 when every decree was extracted. The folders a run writes (`--out`,
`--interim`) are tried before any work, and the OCR cache too (a cache that cannot
be written means a warning and a run without it). SIGTERM and SIGHUP stop a run as
Ctrl-C does: workers stopped, nothing half-written, exit 128 + the signal's number.
"""

from __future__ import annotations

import argparse
import dataclasses
import contextlib
import signal
import sys
import threading
import time
import traceback
from pathlib import Path
from typing import Iterator

from . import __version__
from .errors import Interrupted, SkjError, UnreadableInput
from .export import cannot_write
from .pdf import OCR_MODES, PdfOptions, is_pdf

INPUT_SUFFIXES = (".txt", ".pdf")

EPILOG = """exit codes:
  0  every decree extracted             4  not an SKJ decree
  1  internal error (a bug)             5  a part every decree has is missing
  2  failed the contract or a critical  6  output could not be written
     expectation; a decree given twice  7  Tesseract or its language pack is missing
  3  unreadable input (missing, empty, binary, corrupt or encrypted PDF, a page too large)
  8  a stage met a condition it has no rule for (named on the line; traceback kept in INTERIM/tracebacks/)
  9  --scheduler: the Dask cluster cannot be reached, or a worker cannot read the file or runs other code
  130, 143, 129  interrupted (Ctrl-C), terminated (SIGTERM), hung up (SIGHUP)
"""


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="skj",
        description="Extract Indonesian competency-standard decrees (Standar Kompetensi Jabatan) "
                    "into a JSON standard and flat CSV tables.",
        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--version", action="version", version=f"skj-extract {__version__}")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def common(sp: argparse.ArgumentParser) -> None:
        sp.add_argument("--out", type=Path, default=Path("output"), metavar="DIR",
                        help="where each decree's folder <decree-id>/ is written (default: output/)")
        sp.add_argument("--interim", type=Path, default=Path("interim"), metavar="DIR",
                        help="where each stage's artefacts are kept for inspection (default: interim/)")
        sp.add_argument("-q", "--quiet", action="store_true", help="print only errors and the summary")
        sp.add_argument("--ocr", nargs="?", const="always", default="auto", choices=OCR_MODES, metavar="MODE",
                        help="PDF: auto (default) reads a born-digital page's text, OCRs a scan, and takes a scan's "
                             "own OCR text layer where it reads well (else OCRs it); always (or --ocr alone) OCRs "
                             "every page; never reads text layers only")
        sp.add_argument("--jobs", type=int, default=None, metavar="N",
                        help="PDF: OCR N pages at a time (default: one per core)")
        sp.add_argument("--no-cache", action="store_true",
                        help="PDF: OCR every page afresh (the cache lives in $SKJ_CACHE_DIR, "
                             "default ~/.cache/skj-extract)")
        sp.add_argument("--scheduler", metavar="ADDRESS",
                        help="run the decrees, and the pages of scanned ones, on the Dask cluster whose scheduler is "
                             "at ADDRESS (e.g. tcp://10.0.0.5:8786), or on a LocalCluster of --jobs worker processes "
                             "(default one per core) with 'local'; outputs are published by this process, as without "
                             "it. Workers need the same skj-extract and Tesseract, the decree files at the same "
                             "paths, and SKJ_CACHE_DIR on a shared folder")
        sp.add_argument("--force", action="store_true",
                        help="extract even a decree whose output is up to date (made from the same file by the "
                             "same code and expectations; such decrees are skipped by default)")

    ex = sub.add_parser(
        "extract", help="extract the given decree files",
        description="Extract each decree file (a PDF, scanned or with a text layer, or the OCR text of a decree) "
                    "into DIR/<decree-id>/: "
                    "standard.json (the output contract), jenjang.csv, kompetensi.csv, indikator.csv, "
                    "pelatihan.csv, pengalaman_kerja.csv, pangkat.csv, corrections.csv, manifest.json. "
                    "A decree that fails leaves its earlier output untouched.",
        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    ex.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="decree file(s): .pdf or OCR text")
    common(ex)

    run = sub.add_parser(
        "run", help="extract every decree in raw/",
        description="Extract every decree file in the raw folder (*.pdf, *.txt), as `skj extract` does, then update "
                    "the catalogue of the --out folder (`skj catalogue`).",
        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    run.add_argument("--raw", type=Path, default=Path("raw"), metavar="DIR", help="folder of decrees (default: raw/)")
    common(run)

    val = sub.add_parser(
        "validate", help="re-run the Great Expectations checkpoint on output folders",
        description="Re-run the expectation suites (expectations/*.json) on the flat tables of each output folder "
                    "DIR (e.g. output/skj-1-2022): rewrites DIR/validation/ (summary.html, report.json and "
                    "Great Expectations' Data Docs in index.html) and the status in DIR/manifest.json. Exit 0 when no critical "
                    "expectation fails, 2 when one does (warnings are printed, never fail).",
        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    val.add_argument("folders", nargs="+", type=Path, metavar="DIR", help="output folder(s) of one decree each")
    val.add_argument("-q", "--quiet", action="store_true", help="print only failures and the summary")

    cat = sub.add_parser(
        "catalogue", help="merge every good output into DIR/catalogue/",
        description="""\
Merge every decree folder of DIR whose manifest says status ok into DIR/catalogue/.

Each table is written as <table>.csv and <table>.parquet:
  decrees           one row per decree: nomor, tahun, tentang, jabatan fungsional, dates,
                    source file and sha256, status current/superseded, superseded_by
  jenjang           one row per jenjang of a decree
  kompetensi        one row per competency of a jenjang
  indikator         one row per indicator of a competency (kode as text: 2.10 is not 2.1)
  pelatihan, pengalaman_kerja, pangkat   the requirements of a jenjang
  corrections       every automatic repair of a decree's text
  skipped           the folders left out (failed, unreadable, rejected) and why
and datapackage.json (Frictionless) describes them: field types, primary keys (decree_id;
+ jenjang; + kompetensi nama; + indicator kode), foreign keys between the tables, the source
decree files and their sha256.

Of two decrees of one position (the same jabatan fungsional) the later one (by tahun, then
tanggal_ditetapkan, then nomor) is current, the earlier superseded; both are kept. The
catalogue is validated with Frictionless, then swapped in whole: a reader never finds it
half-written. When no output changed it is left as it is (up to date). `skj run` ends by
running this command on its --out folder.""",
        epilog="exit codes:\n  0  catalogue written, or up to date\n  2  the catalogue failed its own validation "
               "(nothing published; a bug)\n  3  DIR is missing or holds no decree output\n  6  DIR cannot be written",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    cat.add_argument("folder", nargs="?", type=Path, default=Path("output"), metavar="DIR",
                     help="the output root holding one folder per decree (default: output/)")
    cat.add_argument("--force", action="store_true", help="rewrite the catalogue even when it is up to date")
    cat.add_argument("-q", "--quiet", action="store_true", help="print only the folders left out and the summary")
    return p


def _catalogue(root: Path, quiet: bool, force: bool = False, in_run: bool = False) -> int:
    """Build ROOT/catalogue/; in `skj run`, a root without any decree output is a note, not an error."""
    from .catalogue import build

    say = (lambda _m: None) if quiet else (lambda m: print(m, file=sys.stderr, flush=True))
    try:
        result = build(root, say, force=force)
    except UnreadableInput as exc:
        if in_run:
            print(f"no catalogue: {exc}", file=sys.stderr)
            return 0
        print(f"error: {exc}", file=sys.stderr)
        return exc.exit_code
    except SkjError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return exc.exit_code
    for row in result.skipped:
        print(f"  left out of the catalogue: {row['folder']}: {row['status']}: {row['reason']}", file=sys.stderr)
    print(result.line(), file=sys.stderr)
    return 0


def _validate(folders: list[Path], quiet: bool) -> int:
    from .validate import validate_folder

    worst = 0
    for folder in folders:
        try:
            report = validate_folder(folder)
        except SkjError as exc:
            print(f"error: {exc}", file=sys.stderr)
            worst = max(worst, exc.exit_code)
            continue
        summary = report.summary()
        print(f"{folder}: {summary['status']} ({summary['expectations']} expectations, "
              f"{summary['critical_failed']} critical failed, {summary['warnings']} warnings); "
              f"report in {folder / 'validation' / 'summary.html'}", file=sys.stderr)
        for line in report.lines():
            if not quiet or line.startswith("critical"):
                print(f"  {line}", file=sys.stderr)
        if report.status == "failed":
            worst = max(worst, 2)
    return worst


def _cache_usable(paths: list[Path], options: PdfOptions) -> PdfOptions:
    """The OCR options to run with: without the cache when it cannot be written (a warning, not a failure)."""
    if not options.cache or not any(is_pdf(p) for p in paths):
        return options
    from .ocr import cache_dir

    problem = cannot_write(cache_dir())
    if problem is None:
        return options
    print(f"warning: the OCR cache {cache_dir()} cannot be written ({problem}): running without it "
          f"(set SKJ_CACHE_DIR to a writable folder)", file=sys.stderr, flush=True)
    return dataclasses.replace(options, cache=False)


def _run(paths: list[Path], args: argparse.Namespace) -> int:
    from .extract import extract  # imported here: OCR worker processes re-import this module

    for flag, folder in (("--out", args.out), ("--interim", args.interim)):
        problem = cannot_write(folder)
        if problem is not None:
            print(f"error: {folder}: cannot write the {flag} folder ({problem}); nothing extracted",
                  file=sys.stderr, flush=True)
            return 6
    started = time.perf_counter()
    say = (lambda _m: None) if args.quiet else (lambda m: print(m, file=sys.stderr, flush=True))
    options = _cache_usable(paths, PdfOptions(ocr=args.ocr, jobs=args.jobs, cache=not args.no_cache, quiet=args.quiet))
    claimed: dict[str, str] = {}  # decree id -> the file it was read from, in this run
    if not getattr(args, "scheduler", None):
        calls = ((p, lambda p=p: extract(p, args.out, args.interim, say, pdf_options=options, force=args.force,
                                         claimed=claimed)) for p in paths)
        return _extract_all(calls, len(paths), args, say, started)
    from .cluster import connect, run_batch

    try:
        with connect(args.scheduler, args.jobs, say) as client, contextlib.closing(
                run_batch(client, paths, args.out, args.interim, options, args.force, claimed, say)) as calls:
            return _extract_all(calls, len(paths), args, say, started)
    except SkjError as exc:  # the cluster could not be reached
        print(f"error: {exc}", file=sys.stderr, flush=True)
        return exc.exit_code


def _extract_all(calls, total: int, args: argparse.Namespace, say, started: float) -> int:
    """Run each decree's call (it extracts and publishes the decree) and report it; the exit code."""
    worst = 0
    done = current = 0
    for n, (path, call) in enumerate(calls, start=1):
        say(f"[{n}/{total}] {path}")
        try:
            result = call()
        except SkjError as exc:
            if exc.source is None:
                exc.source = str(path)
            print(f"error: {exc}", file=sys.stderr, flush=True)
            worst = max(worst, exc.exit_code)
            continue
        except Exception:  # a bug: say so plainly, keep going with the other decrees
            print(f"error: {path}: internal error, please report:\n{traceback.format_exc()}", file=sys.stderr)
            worst = max(worst, 1)
            continue
        if result.up_to_date:
            current += 1
            continue
        done += 1
        say(f"  -> {result.output}  ({result.jenjang} jenjang, {result.kompetensi} competencies, "
            f"{result.corrections} corrections)")
    failed = total - done - current
    skipped = f", {current} up to date" if current else ""
    print(f"{done} extracted{skipped}, {failed} failed in {time.perf_counter() - started:.1f}s", file=sys.stderr)
    return worst


SIGNALS = {signal.SIGTERM: "terminated (SIGTERM)", signal.SIGHUP: "hung up (SIGHUP)"}


@contextlib.contextmanager
def _stop_on_signals() -> Iterator[None]:
    """SIGTERM and SIGHUP raise `Interrupted` in the main thread, as Ctrl-C raises KeyboardInterrupt:
    the run stops where it is and every cleanup runs. Left as they were outside `main`."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum, _frame):
        raise Interrupted(signum)

    before = {sig: signal.signal(sig, stop) for sig in SIGNALS}
    try:
        yield
    finally:
        for sig, handler in before.items():
            signal.signal(sig, handler)


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        with _stop_on_signals():
            return _command(args)
    except (Interrupted, KeyboardInterrupt) as exc:
        signum = exc.signum if isinstance(exc, Interrupted) else signal.SIGINT
        why = SIGNALS.get(signum, "interrupted (Ctrl-C)")
        print(f"error: {why}: stopped; the decree being extracted keeps its earlier output", file=sys.stderr, flush=True)
        return 128 + signum


def _command(args: argparse.Namespace) -> int:
    if args.command == "extract":
        return _run(args.paths, args)
    if args.command == "validate":
        return _validate(args.folders, args.quiet)
    if args.command == "catalogue":
        return _catalogue(args.folder, args.quiet, args.force)
    raw: Path = args.raw
    if not raw.is_dir():
        print(f"error: {raw}: no such folder", file=sys.stderr)
        return 3
    paths = sorted(p for p in raw.iterdir() if p.is_file() and p.suffix.lower() in INPUT_SUFFIXES)
    if not paths:
        print(f"error: {raw}: no decree files (*.pdf, *.txt) to extract", file=sys.stderr)
        return 3
    worst = _run(paths, args)
    if args.out.is_dir() and cannot_write(args.out) is None:  # else the run said so already
        worst = max(worst, _catalogue(args.out, args.quiet, in_run=True))
    return worst


if __name__ == "__main__":
    sys.exit(main())
