"""Batch runs on a Dask cluster (`skj run --scheduler ADDRESS`, or `--scheduler local`).

Re-extracting the whole archive is more than one machine does in a day, so the decrees, and
the pages of the scanned ones, go to a dask.distributed cluster. A decree is one task: on a
worker it runs `extract.extract` unchanged into the worker's own scratch folders, its scanned
pages fanned out again as one task each (`pages_on_cluster`, the hook `PdfOptions.pool`;
the decree task leaves the worker's thread pool while they run, so no worker waits idle).
What the task made (the output folder, the interim folder, its tracebacks and progress lines)
comes back as bytes to the one process that writes: the one running `skj run`, which
publishes it exactly as a local run does (the decree's lock, a staging folder exchanged with
the output in one step, `last-good/` kept in a failed output), so a run killed at any moment
leaves no half-written output, and the files are byte for byte those of a local run.

A page's OCR result goes to the shared OCR cache as soon as it is read (`ocr._store`: a
temporary file renamed into place, so two workers writing one page, or a reader, never see
half a file): a decree task retried after its worker was lost finds its pages read already.
A lost worker costs only its tasks: the scheduler runs them again on another worker (up to
`distributed.scheduler.allowed-failures` times), and a task failing with an exception that is
no verdict on the decree (an OSError on a shared folder) is retried `RETRIES` times. A decree's
own failure (unreadable, not a decree, ...) is a verdict, returned as a value and never retried.

Workers must run the same code, reference data and Tesseract as the writer, and read the decree
files at the paths the writer gives (a shared folder): each task first checks that its run key
(`extract.run_key`) is the writer's, and says which of the two is not so.
"""

from __future__ import annotations

import contextlib
import json
import os
import time
import traceback
from collections import deque
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

from .errors import ClusterError, OutputError, SkjError
from .export import _keep_last_good, atomic_folder, decree_lock, is_staging, prune, recover
from .pdf import PdfOptions

Progress = Callable[[str], None]
TRACEBACKS = "tracebacks"


@dataclass(frozen=True)
class ClusterSettings:
    """Every constant of the cluster runs, named (pdfplumber's TableSettings as the model)."""

    retries: int = 2  # a task raising an exception (not a decree's failure) is run again this many times
    page_priority: int = 10  # pages before new decrees: a decree started is finished first
    connect_timeout: str = "30s"  # a scheduler that has not answered by then is down or out of reach
    threads_per_worker: int = 1  # a LocalCluster worker reads one page at a time: the processes are the parallelism
    tesseract_threads: int = 1  # Tesseract's threads per page task (OMP_THREAD_LIMIT): the pages are the parallelism
    window_per_thread: int = 2  # decrees in flight per cluster thread: every thread busy, the waiting ones bounded
    task_key_bytes: int = 4  # random bytes in a decree task's key: two files of one name never share a task


CLUSTER = ClusterSettings()


class RemoteError(SkjError):
    """A decree's failure on a worker, with the exit code of the error the worker met."""

    def __init__(self, message: str, exit_code: int, *, source: str | None = None):
        super().__init__(message, source=source)
        self.exit_code = exit_code


# ---------------------------------------------------------------- the cluster

@contextlib.contextmanager
def connect(address: str, jobs: int | None, progress: Progress, s: ClusterSettings = CLUSTER) -> Iterator["object"]:
    """A client of the cluster at `address`, or of a LocalCluster of `jobs` worker processes (default:
    one per core) of one thread each, the cores the local pool would use; closed when the block ends."""
    import logging

    from distributed import Client, LocalCluster

    started = time.perf_counter()
    with contextlib.ExitStack() as stack:
        try:
            if address == "local":
                workers = max(1, jobs or os.cpu_count() or 1)
                # no memory limit (as the local pool has none; a worker past one would be restarted mid-page)
                cluster = stack.enter_context(LocalCluster(
                    n_workers=workers, threads_per_worker=s.threads_per_worker, processes=True, memory_limit=0,
                    dashboard_address=None, silence_logs=logging.ERROR))
                client = stack.enter_context(Client(cluster))
            else:
                client = stack.enter_context(Client(address, timeout=s.connect_timeout))
        except (OSError, TimeoutError) as exc:
            raise ClusterError(f"cannot reach the Dask scheduler at {address} ({exc})") from None
        threads = sum(client.nthreads().values())
        if not threads:
            raise ClusterError(f"the Dask scheduler at {address} has no workers")
        where = "a LocalCluster" if address == "local" else f"the Dask cluster at {address}"
        progress(f"{where}: {len(client.nthreads())} workers, {threads} threads "
                 f"(ready in {time.perf_counter() - started:.1f}s)")
        yield client


# ---------------------------------------------------------------- on a worker: pages

class _Page:
    """A page task's future as `ocr.ocr_pages` reads it: a worker lost too often is a broken pool."""

    def __init__(self, future):
        self.future = future

    def result(self):
        from distributed import KilledWorker

        try:
            return self.future.result()
        except KilledWorker:
            raise BrokenProcessPool("the worker reading the page was lost") from None


class _Pages:
    """The executor `ocr.ocr_pages` submits pages to: one task per page on the cluster."""

    def __init__(self, client, s: ClusterSettings = CLUSTER):
        self.client, self.futures, self.s = client, [], s

    def submit(self, fn, *args):
        future = self.client.submit(_page_task, fn, *args, pure=False, retries=self.s.retries,
                                    priority=self.s.page_priority, s=self.s)
        self.futures.append(future)
        return _Page(future)


@contextlib.contextmanager
def pages_on_cluster(_jobs: int, s: ClusterSettings = CLUSTER) -> Iterator[_Pages]:
    """`PdfOptions.pool` on a worker: the decree task leaves the thread pool (`worker_client`) while
    its pages run as tasks of their own, so its thread reads pages too; pages not needed any more
    (the decree failed) are cancelled."""
    from distributed import worker_client

    with worker_client() as client:
        pages = _Pages(client, s)
        try:
            yield pages
        except BaseException:
            client.cancel(pages.futures)
            raise


def _page_task(fn, *args, s: ClusterSettings = CLUSTER):
    os.environ["OMP_THREAD_LIMIT"] = str(s.tesseract_threads)
    return fn(*args)


# ---------------------------------------------------------------- on a worker: a decree

def _tree(folder: Path) -> dict[str, bytes | None]:
    """Every file (bytes) and folder (None) under `folder`, by relative path; hidden entries left out."""
    out: dict[str, bytes | None] = {}
    if not folder.is_dir():
        return out
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder)
        if any(part.startswith(".") for part in rel.parts):
            continue
        out[rel.as_posix()] = None if path.is_dir() else path.read_bytes()
    return out


def _scratch() -> Path:
    """A folder of this worker's own (its local directory, removed with the worker; what a killed
    worker left is removed by the next worker started in the same place)."""
    try:
        from distributed import get_worker

        return Path(get_worker().local_directory)
    except ValueError:  # not on a worker (tests calling the task directly)
        import tempfile

        return Path(tempfile.gettempdir())


def decree_task(path: str, key: str, ocr: str, cache: bool) -> dict:
    """Extract one decree on a worker into scratch folders and return what it made, as bytes: the
    output folder, the interim folder and tracebacks, the progress lines, and the decree's failure
    (its exit code and message), if any. Runs `extract` as a local run does, but forced (whether
    the output is up to date is the writer's question) and its pages spread over the cluster."""
    import tempfile

    from .extract import extract
    from .runs import run_key

    options = PdfOptions(ocr=ocr, cache=cache, pool=pages_on_cluster)
    lines: list[str] = []
    outcome: dict = {"lines": lines, "output": {}, "interim": {}, "tracebacks": {}, "decree_id": None}
    mine = run_key(Path(path), options)
    if mine != key:
        why = ("cannot read it at this path (put the decree files on a folder the workers share, at the same "
               "path, or give absolute paths)") if not mine else \
            "runs other code, reference data or Tesseract than this run (install the same skj-extract on every worker)"
        outcome["error"] = (ClusterError.exit_code, f"the Dask worker {_worker_name()} {why}")
        return outcome
    with tempfile.TemporaryDirectory(prefix="skj-", dir=_scratch()) as scratch:
        out, interim = Path(scratch) / "output", Path(scratch) / "interim"
        try:
            result = extract(Path(path), out, interim, lines.append, pdf_options=options, force=True)
            outcome["decree_id"] = result.decree_id
            outcome["result"] = (result.jenjang, result.kompetensi, result.corrections, result.seconds)
        except SkjError as exc:
            outcome["error"] = (exc.exit_code, exc.message)
        except Exception:  # a bug: the writer reports it as one (exit 1)
            outcome["error"] = (1, f"internal error on Dask worker {_worker_name()}, please report:\n"
                                   f"{traceback.format_exc()}")
        # what the worker published (a failed validation is published too), its interim artefacts
        names = [p.name for p in out.iterdir() if not is_staging(p.name)] if out.is_dir() else []
        if names:
            outcome["decree_id"] = names[0]
            outcome["output"] = _tree(out / names[0])
        if outcome["decree_id"]:
            outcome["interim"] = _tree(interim / outcome["decree_id"])
        outcome["tracebacks"] = {k: v for k, v in _tree(interim / TRACEBACKS).items() if v is not None}
        # the scratch folders' paths in messages become the writer's (a traceback's, the output's)
        lines[:] = [_placeholders(line, out, interim) for line in lines]
        if "error" in outcome:
            code, message = outcome["error"]
            outcome["error"] = (code, _placeholders(message, out, interim))
    return outcome


def _placeholders(text: str, out: Path, interim: Path) -> str:
    return text.replace(str(out), "{output}").replace(str(interim), "{interim}")


def _worker_name() -> str:
    try:
        from distributed import get_worker

        return get_worker().address
    except ValueError:
        return "(none)"


# ---------------------------------------------------------------- the writer

def _materialise(tree: dict[str, bytes | None], folder: Path) -> None:
    for rel, data in tree.items():
        path = folder / rel
        if data is None:
            path.mkdir(parents=True, exist_ok=True)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)


def _swap_in(tree: dict[str, bytes | None], root: Path, name: str, keep: bool, failed: bool = False) -> Path:
    """`tree` written whole into a staging folder beside `root/name`, then exchanged with it in one
    step (`export.replace_folder`); a failed output keeps the last good one inside it, as
    `export.publish` does. The caller holds the decree's lock."""
    target = root / name
    with atomic_folder(root, name, keep=keep) as staging:
        _materialise(tree, staging)
        if failed:
            _keep_last_good(target, staging)
    return target


def publish(outcome: dict, path: Path, key: str, out_root: Path, interim_root: Path, force: bool,
            claimed: dict[str, str] | None, progress: Progress):
    """Publish what a decree task made, as `extract.extract` publishes (under the decree's lock; up to
    date when another run published the same file meanwhile), and return its `extract.Result`, or
    raise its failure as an `SkjError` with the worker's exit code."""
    from .runs import Result, claim as _claim, made_with as _made_with

    source = str(path)

    def paths(text: str) -> str:
        return text.replace("{output}", str(out_root)).replace("{interim}", str(interim_root))

    for line in outcome["lines"]:
        progress(paths(line))
    for name, data in outcome["tracebacks"].items():
        _write_atomic(interim_root / TRACEBACKS / name, data)
    decree_id = outcome["decree_id"]
    error = outcome.get("error")
    if decree_id is not None:
        _claim(claimed, decree_id, source)  # a second file of one decree is refused before anything is written
    output = None
    if decree_id is not None and (outcome["output"] or outcome["interim"]):
        try:
            with decree_lock(out_root, decree_id, progress):
                if not force and outcome["output"]:
                    done = _made_with(out_root / decree_id, key)
                    if done is not None:
                        progress(f"  up to date: {done.output} (published meanwhile by another run)")
                        return done
                if outcome["interim"]:
                    interim_root.mkdir(parents=True, exist_ok=True)
                    recover(interim_root, decree_id)
                    _swap_in(outcome["interim"], interim_root, decree_id, keep=False)
                if outcome["output"]:
                    status = json.loads(outcome["output"]["manifest.json"]).get("status")
                    output = _swap_in(outcome["output"], out_root, decree_id, keep=True, failed=status == "failed")
                    prune(out_root, decree_id)
        except OSError as exc:
            raise OutputError(f"cannot write {out_root / decree_id} ({exc.strerror or exc})") from None
    if error is not None:
        code, message = error
        raise RemoteError(paths(message), code, source=source)
    jenjang, kompetensi, corrections, seconds = outcome["result"]
    return Result(decree_id, output, jenjang, kompetensi, corrections, seconds)


def _write_atomic(target: Path, data: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, target)


def run_batch(client, paths: list[Path], out_root: Path, interim_root: Path, options: PdfOptions, force: bool,
              claimed: dict[str, str], progress: Progress,
              s: ClusterSettings = CLUSTER) -> Iterator[tuple[Path, Callable]]:
    """For each decree file, in order, a call that returns its `extract.Result` (or raises its
    `SkjError`) once the cluster has extracted it and this process has published it. Decrees whose
    output is up to date are not sent; of the others a few more than the cluster has threads are in
    flight at a time (what a waiting decree holds stays bounded however long the batch)."""
    from .runs import claim as _claim, run_key, up_to_date

    window = s.window_per_thread * max(1, sum(client.nthreads().values()))
    todo = deque(paths)
    flight: deque = deque()

    def fill() -> None:
        while todo and len(flight) < window:
            path = todo.popleft()
            key = run_key(path, options)
            done = None if force else up_to_date(key, out_root)
            future = None if done is not None else client.submit(
                decree_task, str(path), key, options.ocr, options.cache, pure=False, retries=s.retries,
                key=f"skj-decree-{path.name}-{os.urandom(s.task_key_bytes).hex()}")
            flight.append((path, key, done, future))

    try:
        fill()
        while flight:
            path, key, done, future = flight.popleft()
            if done is not None:
                def up(done=done, path=path):
                    _claim(claimed, done.decree_id, str(path))
                    progress(f"  up to date: {done.output} (same file, code and expectations; --force redoes it)")
                    return done
                yield path, up
            else:
                def finish(future=future, path=path, key=key):
                    try:
                        outcome = future.result()
                    except Exception as exc:  # retried and failed still, or its workers all lost
                        raise RemoteError(f"the Dask cluster could not run this decree ({type(exc).__name__}: "
                                          f"{exc})", ClusterError.exit_code, source=str(path)) from None
                    return publish(outcome, path, key, out_root, interim_root, force, claimed, progress)
                yield path, finish
            fill()
    finally:
        client.cancel([f for _p, _k, _d, f in flight if f is not None])
