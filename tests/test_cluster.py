"""Batch runs on a Dask cluster (`skj run --scheduler`): the same files as a local run, and a lost
worker costs only its task.

One LocalCluster (2 worker processes, 1 thread each) serves both tests, reached by its
scheduler's address as a remote cluster would be. The decrees: the real one (its OCR text) and
the invented keterampilan decree's Penyelia jenjang typeset and scanned, whose pages are read
by Tesseract on the workers.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import threading
import time
from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.extract import extract

from .conftest import DECREE, ROOT

pytestmark = [pytest.mark.slow,  # a local Dask cluster and whole extractions of scanned decrees
              pytest.mark.skipif(shutil.which("tesseract") is None, reason="Tesseract is installed by `make setup`")]
KETERAMPILAN = ROOT / "tests" / "data" / "fixtures" / "skj-7-2025-pranata-informasi-pasar-kerja.standard.json"


@pytest.fixture(scope="module")
def scanned(tmp_path_factory):
    """The keterampilan decree's Penyelia jenjang typeset and scanned (body and one jenjang: 6 pages)."""
    from tools.scan import ScanSettings, scan
    from tools.typeset import typeset

    folder = tmp_path_factory.mktemp("scanned")
    standard = json.loads(KETERAMPILAN.read_text("utf-8"))
    standard["jenjang"] = standard["jenjang"][2:]
    scan(typeset(standard, folder / "decree.pdf"), folder / "scan.pdf", ScanSettings(dpi=250, seed=11))
    return folder / "scan.pdf"


@pytest.fixture(scope="module")
def local(extracted, scanned, tmp_path_factory):
    """The two decrees' outputs from a local run (the process pool), the scan OCR'd afresh."""
    root = tmp_path_factory.mktemp("local")
    old = os.environ.get("SKJ_CACHE_DIR")
    os.environ["SKJ_CACHE_DIR"] = str(root / "cache")
    try:
        result = extract(scanned, root / "output", root / "interim")
    finally:
        os.environ.pop("SKJ_CACHE_DIR") if old is None else os.environ.__setitem__("SKJ_CACHE_DIR", old)
    return {"skj-1-2022": extracted[1], result.decree_id: result.output}


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    """A LocalCluster of 2 worker processes of 1 thread each, its workers' OCR cache a folder of their own."""
    import logging

    from distributed import Client, LocalCluster

    cache = tmp_path_factory.mktemp("cluster-cache")
    old = os.environ.get("SKJ_CACHE_DIR")
    os.environ["SKJ_CACHE_DIR"] = str(cache)  # the workers inherit it; the OCR cache they share
    try:
        with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, memory_limit=0, dashboard_address=None,
                          silence_logs=logging.ERROR) as cl, Client(cl) as client:
            yield cl, client, cache
    finally:
        os.environ.pop("SKJ_CACHE_DIR") if old is None else os.environ.__setitem__("SKJ_CACHE_DIR", old)


STAMP = re.compile(r"\d{8}T\d{6}\.\d{6}Z")  # a Great Expectations run's time, in Data Docs' file names


def files(folder: Path) -> dict[str, bytes]:
    """Every file of an output by relative path: the Data Docs pages (they show the validation's time, which
    differs between any two runs) by name only, with the time in their path masked."""
    out = {}
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        rel = path.relative_to(folder).as_posix()
        docs = rel.startswith("validation/") and rel != "validation/report.json"
        out[STAMP.sub("<time>", rel)] = b"" if docs else path.read_bytes()
    return out


def assert_same_outputs(out: Path, local: dict[str, Path]) -> None:
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == sorted(local)
    for decree_id, folder in local.items():
        want, got = files(folder), files(out / decree_id)
        assert sorted(got) == sorted(want)
        differ = [name for name in want if got[name] != want[name]]
        assert not differ, f"{decree_id}: {differ}"


def test_a_run_on_the_cluster_publishes_the_files_a_local_run_does(cluster, local, scanned, tmp_path):
    from distributed import get_task_stream

    cl, client, cache = cluster
    paths = [str(DECREE), str(scanned)]  # the paths as the local run was given them (source.file)
    with get_task_stream(client) as stream:
        code = main(["extract", *paths, "--out", str(tmp_path / "out"), "--interim", str(tmp_path / "interim"),
                     "--scheduler", cl.scheduler_address, "-q"])
    assert code == 0
    assert_same_outputs(tmp_path / "out", local)
    scan_manifest = json.loads((local["skj-7-2025"] / "manifest.json").read_text("utf-8"))
    pages = scan_manifest["source"]["ocr_pages"]
    assert len(pages) == 6
    # one task per decree, one per scanned page, on both workers; the pages cached by the workers
    tasks = [t["key"] for t in stream.data]
    assert sum(str(k).startswith("skj-decree-") for k in tasks) == 2
    assert sum(str(k).startswith("_page_task") for k in tasks) == len(pages)
    assert len({t["worker"] for t in stream.data}) == 2
    assert len(list(cache.rglob("*.json"))) == len(pages)
    # the interim artefacts come back too
    assert (tmp_path / "interim" / "skj-7-2025" / "05-normalised.json").is_file()


def test_a_worker_killed_during_the_run_costs_only_its_task(cluster, local, scanned, tmp_path):
    cl, client, _cache = cluster
    pids = client.run(os.getpid)  # worker address -> its process
    out = tmp_path / "out"
    args = ["extract", str(DECREE), str(scanned), "--out", str(out), "--interim", str(tmp_path / "interim"),
            "--scheduler", cl.scheduler_address, "-q", "--force"]
    codes = []
    run = threading.Thread(target=lambda: codes.append(main(args)))
    run.start()
    killed = None
    deadline = time.monotonic() + 60
    while killed is None and time.monotonic() < deadline:  # the worker extracting the real decree, mid-task
        for worker, keys in client.processing().items():
            if any(str(k).startswith(f"skj-decree-{DECREE.name}") for k in keys):
                time.sleep(1.0)
                os.kill(pids[worker], signal.SIGKILL)
                killed = pids[worker]
                break
        time.sleep(0.1)
    run.join(180)
    assert killed is not None and not run.is_alive()
    assert codes == [0]
    assert_same_outputs(out, local)
    client.wait_for_workers(2, timeout=60)  # the nanny started a new worker in its place
    assert killed not in client.run(os.getpid).values()
