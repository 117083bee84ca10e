"""Publishing that no kill can break: kills at random moments, concurrent writers and readers,
leftovers of killed runs, the fallback without an atomic exchange, permissions.

The writers here call `export.publish` itself (what `skj extract` ends with), in forked
processes killed with SIGKILL: a kill can land anywhere, between any two system calls.
"""

from __future__ import annotations

import json
import os
import random
import signal
import stat
import time
from pathlib import Path
from types import SimpleNamespace

import pytest

from pipeline import export
from pipeline.export import TABLES, leftovers, publish, read_tables, recover
from pipeline.runs import up_to_date

DECREE_ID = "skj-1-2022"
KILLS = int(os.environ.get("SKJ_CHAOS_KILLS", "200"))


@pytest.fixture(scope="module")
def parts(extracted):
    """What `extract` hands to `publish` for the real decree, read back from its output; and every
    file of the output with its bytes (all but the manifest are the same in every publish here)."""
    folder = extracted[1]
    standard = json.loads((folder / "standard.json").read_text("utf-8"))
    frames = read_tables(folder, TABLES)
    manifest = json.loads((folder / "manifest.json").read_text("utf-8"))
    extra = {"findings.json": json.loads((folder / "findings.json").read_text("utf-8")),
             "findings.md": (folder / "findings.md").read_text("utf-8")}
    return standard, frames, manifest, extra, folder / "validation", None


@pytest.fixture(scope="module")
def expected(parts, tmp_path_factory):
    """Every file of a publish of `parts` with its bytes, the manifest aside."""
    return _contents(_publish(parts, tmp_path_factory.mktemp("expected"), "expected"))


def _contents(folder: Path) -> dict[str, bytes | None]:
    """Every file under `folder` with its bytes (None for a folder), but the top-level manifest."""
    return {str(p.relative_to(folder)): None if p.is_dir() else p.read_bytes() for p in folder.rglob("*")
            if p.relative_to(folder) != Path("manifest.json")}


def _publish(parts, out: Path, generation: str, failed: bool = False) -> Path:
    standard, frames, manifest, extra, docs, _ = parts
    manifest = {**manifest, "generation": generation, "run_key": f"key-{generation}",
                "status": "failed" if failed else "ok"}
    return publish(standard, frames, out, {"manifest.json": manifest, **extra}, folders={"validation": docs},
                   failed=failed)


def _whole(expected, folder: Path) -> str:
    """Assert `folder` is a complete good output: every file there, byte for byte; its generation."""
    found = _contents(folder)
    assert found.keys() == expected.keys(), "an incomplete output at the path"
    assert found == expected, "a damaged file at the path"
    manifest = json.loads((folder / "manifest.json").read_text("utf-8"))
    assert manifest["status"] == "ok"
    return manifest["generation"]


def _settled(out: Path) -> list[str]:
    """The output root once no writer runs: the output, and at most the one output it replaced
    (kept a minute, hidden, for readers that were reading it); no staging folder, no lock file."""
    names = sorted(os.listdir(out))
    assert DECREE_ID in names
    others = [n for n in names if n != DECREE_ID]
    assert len(others) <= 1 and all(n.startswith(f".{DECREE_ID}.") and n.endswith(".old") for n in others), names
    return others


def _fork(work) -> int:
    pid = os.fork()
    if pid == 0:  # the child: work until killed, never back into pytest
        code = 0
        try:
            work()
        except BaseException:
            code = 1
        finally:
            os._exit(code)
    return pid


@pytest.mark.slow
def test_a_kill_at_any_moment_of_publishing_leaves_a_whole_output_and_the_next_run_publishes(parts, expected, tmp_path):
    out = tmp_path / "out"
    target = out / DECREE_ID
    _publish(parts, out, "first")
    started = time.perf_counter()
    for n in range(3):
        _publish(parts, out, f"timing-{n}")
    one = (time.perf_counter() - started) / 3
    rng = random.Random(17)
    published = {"first"} | {f"timing-{n}" for n in range(3)}
    for kill in range(KILLS):
        def work(kill=kill):
            for n in range(1_000_000):
                _publish(parts, out, f"{kill}-{n}")

        pid = _fork(work)
        time.sleep(rng.uniform(0, 2.5 * one))  # anywhere in the first publishes: writing, copying, swapping, removing
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)

        generation = _whole(expected, target)  # the last good output, whole at its path
        assert generation in published or generation.startswith(f"{kill}-")
        # what the killed run left (a staging folder may hold a whole manifest) is never taken for an output
        for stale in leftovers(out, DECREE_ID):
            try:
                key = json.loads((stale / "manifest.json").read_text("utf-8"))["run_key"]
            except (OSError, ValueError):  # not written yet, or cut short by the kill
                continue
            if key != f"key-{generation}":
                assert up_to_date(key, out) is None
        # the next run publishes, and cleans up after the killed one
        _publish(parts, out, f"{kill}-next")
        assert _whole(expected, target) == f"{kill}-next"
        _settled(out)
        published.add(f"{kill}-next")


@pytest.mark.slow
def test_concurrent_writers_never_fail_and_a_reader_always_finds_a_whole_output(parts, expected, tmp_path):
    out = tmp_path / "out"
    target = out / DECREE_ID
    _publish(parts, out, "first")
    writers = [_fork(lambda w=w: [_publish(parts, out, f"w{w}-{n}") for n in range(12)]) for w in range(4)]
    polls = 0
    running = set(writers)
    codes = []
    while running:
        _whole(expected, target)  # never missing, never half
        polls += 1
        for pid in list(running):
            done, status = os.waitpid(pid, os.WNOHANG)
            if done:
                running.discard(pid)
                codes.append(os.waitstatus_to_exitcode(status))
    assert codes == [0, 0, 0, 0]  # no writer saw "Directory not empty" or any other error
    assert polls > 10
    assert _whole(expected, target).startswith("w")
    _settled(out)  # no staging, no lock file left


def test_leftovers_of_killed_runs_are_never_outputs_and_go_with_the_next_run(parts, tmp_path):
    out = tmp_path / "out"
    target = _publish(parts, out, "good")
    # a killed run's staging folder holding a whole manifest (status ok), and a stale .old folder
    import shutil

    for name in (f".{DECREE_ID}.Ab12cd34.tmp", f".{DECREE_ID}.4242.old"):
        shutil.copytree(target, out / name)
        manifest = json.loads((out / name / "manifest.json").read_text("utf-8"))
        (out / name / "manifest.json").write_text(json.dumps({**manifest, "run_key": f"key-{name}"}), "utf-8")
        assert up_to_date(f"key-{name}", out) is None  # not taken for an up-to-date output
    assert up_to_date("key-good", out).output == target
    _publish(parts, out, "next")
    kept = _settled(out)  # both gone; the output "next" replaced is kept a while
    assert json.loads((out / kept[0] / "manifest.json").read_text("utf-8"))["generation"] == "good"


def _a_minute_later(monkeypatch) -> None:
    """Export's clock moved past the grace a replaced output is kept for."""
    later = export.EXPORT.grace + 1
    monkeypatch.setattr(export, "time", SimpleNamespace(time=lambda: time.time() + later))


def test_a_replaced_output_stays_whole_a_minute_for_its_readers(parts, expected, tmp_path, monkeypatch):
    out = tmp_path / "out"
    _publish(parts, out, "one")
    _publish(parts, out, "two")
    _publish(parts, out, "three")
    kept = _settled(out)  # only the newest replaced output: "two"
    assert _whole(expected, out / kept[0]) == "two"
    _a_minute_later(monkeypatch)
    _publish(parts, out, "four")
    assert _settled(out) == []


def test_an_interrupted_two_rename_swap_is_undone_by_the_next_writer(parts, expected, tmp_path, monkeypatch):
    """Without RENAME_EXCHANGE (NFS, ...) the old output is moved aside, then the new one in."""
    out = tmp_path / "out"
    target = _publish(parts, out, "good")
    monkeypatch.setattr(export, "_exchange", lambda a, b: False)
    assert _whole(expected, _publish(parts, out, "fallback")) == "fallback"
    _settled(out)
    _a_minute_later(monkeypatch)
    export.prune(out, DECREE_ID)
    assert _settled(out) == []

    # killed between the two renames: the path is empty, the old output moved aside whole
    os.rename(target, out / f".{DECREE_ID}.0123456789abcdef.old")
    recover(out, DECREE_ID)  # what the next writer does first, holding the lock
    assert _whole(expected, target) == "fallback"
    os.rename(target, out / f".{DECREE_ID}.0123456789abcdef.old")
    assert _whole(expected, _publish(parts, out, "after")) == "after"
    assert _settled(out) == []


@pytest.mark.parametrize("umask,mode", [(0o022, 0o755), (0o027, 0o750), (0o077, 0o700)])
def test_published_folders_follow_the_umask(parts, tmp_path, umask, mode):
    before = os.umask(umask)
    try:
        target = _publish(parts, tmp_path / "out", "perm")
    finally:
        os.umask(before)
    assert stat.S_IMODE(target.stat().st_mode) == mode  # was 0700 whatever the umask (mkdtemp)
    assert stat.S_IMODE((target / "standard.json").stat().st_mode) == mode & 0o666


def test_a_failed_output_keeps_the_last_good_whole(parts, expected, tmp_path):
    out = tmp_path / "out"
    _publish(parts, out, "good")
    target = _publish(parts, out, "bad", failed=True)
    assert json.loads((target / "manifest.json").read_text("utf-8"))["status"] == "failed"
    assert _whole(expected, target / "last-good") == "good"
    _publish(parts, out, "worse", failed=True)
    assert _whole(expected, target / "last-good") == "good"
