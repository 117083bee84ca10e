"""A careless or unlucky user: folders that cannot be written, damaged text, a decree given
twice, two runs at once, a run stopped by SIGTERM or killed. Each gets its documented exit
code and one line, and no published output is lost, damaged or half-written.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd
import pytest

from pipeline.cli import main
from pipeline.export import TABLES, read_tables

from .conftest import DECREE, ROOT

pytestmark = pytest.mark.slow  # subprocess runs, signals, concurrent runs

DECREE_ID = "skj-1-2022"


def cli(args: list[str], cwd: Path, env: dict | None = None, prefix: list[str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([*(prefix or []), sys.executable, "-m", "pipeline.cli", *args], cwd=cwd,
                          capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})})


def errors(stderr: str) -> list[str]:
    assert "Traceback" not in stderr, stderr
    return [ln for ln in stderr.splitlines() if ln.startswith("error:")]


@pytest.fixture()
def work(tmp_path, extracted):
    """A folder with the decree in raw/ and its good output already published in out/."""
    (tmp_path / "raw").mkdir()
    shutil.copy(DECREE, tmp_path / "raw" / "skj.txt")
    shutil.copytree(extracted[1], tmp_path / "out" / DECREE_ID)
    return tmp_path


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def only_outputs(root: Path) -> list[str]:
    """What an output or interim root holds but for replaced outputs kept a minute for their readers
    (`.<id>.<token>.old`): no staging folder or lock file is left behind."""
    return sorted(n for n in os.listdir(root) if not n.endswith(".old")) if root.exists() else []


# ---------------------------------------------------------------- folders that cannot be written

@pytest.mark.parametrize("flag", ["--out", "--interim"])
def test_a_folder_that_cannot_be_written_is_found_before_any_work(work, flag):
    (work / "blocker").write_text("a file, not a folder")
    args = {"--out": "out", "--interim": "interim"}
    args[flag] = "blocker/sub"
    proc = cli(["extract", "raw/skj.txt", "--out", args["--out"], "--interim", args["--interim"]], work)
    assert proc.returncode == 6, proc.stderr
    assert errors(proc.stderr) == [f"error: blocker/sub: cannot write the {flag} folder (Not a directory); "
                                   f"nothing extracted"]
    assert "[1/1]" not in proc.stderr  # before any work


def _nobody() -> list[str]:
    if os.geteuid() != 0 or shutil.which("setpriv") is None:
        pytest.skip("needs root and setpriv to run as another user (root writes anywhere)")
    prefix = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
    probe = subprocess.run([*prefix, sys.executable, "-c", "import pipeline.cli"], cwd="/", capture_output=True,
                           text=True, env={**os.environ, "PYTHONPATH": str(ROOT), "HOME": "/"})
    if probe.returncode != 0:  # e.g. a clone inside a 0700 folder (mktemp -d): nobody cannot read the code
        pytest.skip(f"user nobody cannot import this checkout: {probe.stderr.strip().splitlines()[-1:]}")
    return prefix


@pytest.fixture()
def shared(extracted):
    """A world-readable work folder another user can enter (pytest's own tmp folders are 0700)."""
    folder = Path(tempfile.mkdtemp(prefix="skj-shared-"))
    folder.chmod(0o755)
    shutil.copy(DECREE, folder / "skj.txt")
    (folder / "skj.txt").chmod(0o644)
    shutil.copytree(extracted[1], folder / "out" / DECREE_ID)
    for path in [folder / "out", *(folder / "out").rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def test_another_users_read_only_output_folder(shared):
    prefix = _nobody()
    before = snapshot(shared / "out" / DECREE_ID)
    interim = shared / "interim"
    interim.mkdir(mode=0o777)
    interim.chmod(0o777)
    proc = cli(["extract", "skj.txt", "--out", "out", "--interim", "interim"], shared,
               env={"HOME": str(interim)}, prefix=prefix)
    assert proc.returncode == 6, proc.stderr
    assert errors(proc.stderr) == ["error: out: cannot write the --out folder (Permission denied); nothing extracted"]
    # skj validate on a folder it cannot write: exit 6 on one line, before running the checkpoint
    proc = cli(["validate", f"out/{DECREE_ID}"], shared, env={"HOME": str(interim)}, prefix=prefix)
    assert proc.returncode == 6, proc.stderr
    assert len(errors(proc.stderr)) == 1 and "cannot be written: Permission denied" in proc.stderr
    assert snapshot(shared / "out" / DECREE_ID) == before


def test_an_ocr_cache_that_cannot_be_written_is_a_warning_and_a_run_without_it(tmp_path, capsys, monkeypatch):
    from tools.typeset import typeset

    standard = json.loads((ROOT / "tests" / "data" / "fixtures" / "skj-1-2022-ahli-pertama.standard.json").read_text())
    pdf = typeset(standard, tmp_path / "decree.pdf")
    (tmp_path / "blocker").write_text("a file, not a folder")
    monkeypatch.setenv("SKJ_CACHE_DIR", str(tmp_path / "blocker" / "cache"))
    assert main(["extract", str(pdf), "--out", str(tmp_path / "out"), "--interim", str(tmp_path / "i"), "-q"]) == 0
    err = capsys.readouterr().err
    assert "warning: the OCR cache" in err and "cannot be written (Not a directory): running without it" in err


def test_a_cache_failing_after_the_ocr_is_a_warning(tmp_path, monkeypatch):
    from pipeline import ocr

    monkeypatch.setenv("SKJ_CACHE_DIR", str(tmp_path / "cache"))
    (tmp_path / "cache").write_text("a file, not a folder")
    said = []
    assert ocr._store_or_warn("ab" * 32, {"words": []}, said.append) is False
    assert len(said) == 1 and "cannot be written" in said[0]


# ---------------------------------------------------------------- the run's inputs

def test_the_same_decree_twice_in_one_run_is_an_error_naming_both_files(work):
    shutil.copy(DECREE, work / "raw" / "skj-copy.txt")
    (work / "raw" / "skj-copy.txt").write_text(DECREE.read_text("utf-8") + "\n", "utf-8")  # not byte-identical
    before = snapshot(work / "out" / DECREE_ID)
    proc = cli(["run", "--out", "out", "--interim", "interim", "--force"], work)
    assert proc.returncode == 2, proc.stderr
    assert errors(proc.stderr) == [
        f"error: raw/skj.txt: same decree ({DECREE_ID}) as raw/skj-copy.txt, read earlier in this run: not extracted "
        f"(keep one of the two files)"]
    assert "1 extracted, 1 failed" in proc.stderr
    assert snapshot(work / "out" / DECREE_ID) != before  # the first file's output, not replaced by the second
    assert json.loads((work / "out" / DECREE_ID / "manifest.json").read_text())["source"]["file"] == "raw/skj-copy.txt"


def _sprinkled(text: str, share: float, seed: int) -> str:
    """`text` with control characters inserted at random places (`share` of its length)."""
    rng = random.Random(seed)
    controls = [chr(c) for c in (*range(0, 9), 0x0b, *range(0x0e, 0x20), 0x7f, 0x85, 0x200b, 0xad, 0xfeff)]
    chars = list(text)
    for _ in range(int(len(chars) * share)):
        chars.insert(rng.randrange(len(chars)), rng.choice(controls))
    return "".join(chars)


def test_a_sprinkle_of_control_characters_is_stripped_logged_and_changes_nothing(tmp_path, standard):
    raw = tmp_path / "skj.txt"
    text = DECREE.read_text("utf-8")
    at = text.index("2.1Mengingatkan")  # a NUL and an ESC inside an indicator, and 0.4% more anywhere
    raw.write_text(_sprinkled(text[:at], 0.004, 1) + "2.1\x00Meng\x1bingatkan" + _sprinkled(text[at + 15:], 0.004, 2),
                   "utf-8")
    args = ["extract", str(raw), "--out", str(tmp_path / "out"), "--interim", str(tmp_path / "interim"), "-q"]
    assert main(args) == 0
    folder = tmp_path / "out" / DECREE_ID
    got = json.loads((folder / "standard.json").read_text("utf-8"))
    assert got["jenjang"] == standard["jenjang"]  # the same extraction as from the clean text
    for table in TABLES:
        data = (folder / f"{table}.csv").read_text("utf-8")
        assert not any(ord(c) < 32 and c not in "\n\r\t" for c in data), table
    clean = json.loads((tmp_path / "interim" / DECREE_ID / "01-clean.json").read_text("utf-8"))
    logged = [r for r in clean["removed"] if r["why"].startswith("control characters removed")]
    assert len(logged) > 100 and any("U+0000" in r["why"] and "U+001B" in r["why"] for r in logged)


def test_a_binary_file_is_still_refused(tmp_path, capsys):
    raw = tmp_path / "skj.txt"
    raw.write_text(_sprinkled(DECREE.read_text("utf-8"), 0.05, 2), "utf-8")  # 5%: not text
    assert main(["extract", str(raw), "--out", str(tmp_path / "out"), "--interim", str(tmp_path / "i"), "-q"]) == 3
    assert "binary file, not text" in capsys.readouterr().err


def test_a_five_megabyte_line_of_junk_refuses_the_file(work):
    lines = DECREE.read_text("utf-8").splitlines()
    at = next(n for n, ln in enumerate(lines) if ln.startswith("Ikhtisar Jabatan")) + 1
    junk = "".join(random.Random(3).choice("abcdefghijklmnopqrstuvwxyz     ") for _ in range(5_000_000))
    (work / "raw" / "skj.txt").write_text("\n".join(lines[:at] + [junk] + lines[at:]), "utf-8")
    before = snapshot(work / "out" / DECREE_ID)
    proc = cli(["extract", "raw/skj.txt", "--out", "out", "--interim", "interim", "-q"], work)
    assert proc.returncode == 3, proc.stderr
    assert errors(proc.stderr) == [f"error: raw/skj.txt: line {at + 1} holds a line of 5,000,000 characters: no decree "
                                   f"prints one longer than 10,000 (junk in the file?)"]
    assert snapshot(work / "out" / DECREE_ID) == before


def test_a_long_line_of_junk_in_an_ikhtisar_fails_its_field_length(work):
    lines = DECREE.read_text("utf-8").splitlines()
    at = next(n for n, ln in enumerate(lines) if ln.startswith("Ikhtisar Jabatan")) + 1
    junk = " ".join("kata" for _ in range(1_500))  # 7,499 characters: under the line limit, over the field's
    (work / "raw" / "skj.txt").write_text("\n".join(lines[:at] + [junk] + lines[at:]), "utf-8")
    proc = cli(["extract", "raw/skj.txt", "--out", "out", "--interim", "interim", "-q"], work)
    assert proc.returncode == 2, proc.stderr
    assert len(errors(proc.stderr)) == 1
    assert "expect_column_value_lengths_to_be_between" in proc.stderr and "ikhtisar_jabatan" in proc.stderr
    folder = work / "out" / DECREE_ID
    assert json.loads((folder / "manifest.json").read_text("utf-8"))["status"] == "failed"
    assert json.loads((folder / "last-good" / "manifest.json").read_text("utf-8"))["status"] == "ok"


# ---------------------------------------------------------------- skj validate on damaged outputs

@pytest.fixture()
def copy(extracted, tmp_path) -> Path:
    folder = tmp_path / DECREE_ID
    shutil.copytree(extracted[1], folder)
    return folder


def test_validate_catches_a_level_of_two_and_a_half(copy, capsys):
    frame = read_tables(copy, ("kompetensi", "indikator"))
    for table in ("kompetensi", "indikator"):
        frame[table]["level"] = frame[table]["level"].astype(float)
        frame[table].loc[0, "level"] = 2.5
        frame[table].to_csv(copy / f"{table}.csv", index=False)
    assert main(["validate", str(copy)]) == 2
    report = json.loads((copy / "validation" / "report.json").read_text("utf-8"))
    caught = {(r["table"], r["expectation"], r["column"]) for r in report["results"] if not r["success"]}
    assert ("kompetensi", "expect_column_values_to_be_in_set", "level") in caught
    assert ("indikator", "expect_column_values_to_be_in_set", "level") in caught
    assert "Traceback" not in capsys.readouterr().err


def test_validate_catches_control_characters_in_a_table(copy):
    frame = read_tables(copy, ("indikator",))["indikator"]
    frame.loc[3, "teks"] = frame.loc[3, "teks"] + "\x1b[31m"
    frame.to_csv(copy / "indikator.csv", index=False)
    assert main(["validate", str(copy)]) == 2
    report = json.loads((copy / "validation" / "report.json").read_text("utf-8"))
    assert any(r["table"] == "indikator" and r["column"] == "teks" and not r["success"]
               and r["expectation"] == "expect_column_values_to_not_match_regex" for r in report["results"])


@pytest.mark.parametrize("name,content,message", [
    ("manifest.json", "[1, 2, 3]", "manifest.json is not a JSON object"),
    ("standard.json", '"a string"', "standard.json is not a JSON object"),
    ("standard.json", '{"jenjang": []}', "standard.json has no decree object"),
    ("manifest.json", "{not json", "cannot read manifest.json"),
    ("kompetensi.csv", "a,b\n1,2\n", "kompetensi.csv lacks"),
    ("indikator.csv", "", "cannot read the output"),
])
def test_validate_refuses_a_damaged_output_on_one_line(copy, capsys, name, content, message):
    (copy / name).write_text(content, "utf-8")
    before = snapshot(copy)
    assert main(["validate", str(copy)]) == 3
    err = capsys.readouterr().err
    assert errors(err) == [f"error: {copy}: {errors(err)[0].split(': ', 2)[2]}"] and message in err
    assert snapshot(copy) == before  # untouched


def test_validate_replaces_the_folder_whole(copy):
    assert main(["validate", str(copy)]) == 0
    assert only_outputs(copy.parent) == [DECREE_ID]  # no staging left beside it
    assert (copy / "validation" / "summary.html").is_file()
    assert not [p for p in copy.iterdir() if p.name.startswith(".")]


# ---------------------------------------------------------------- runs at once, runs stopped

def test_two_runs_at_once_with_the_shared_interim_folder(work):
    runs = [subprocess.Popen([sys.executable, "-m", "pipeline.cli", "extract", "raw/skj.txt", "--out", "out",
                              "--force", "-q"], cwd=work, stderr=subprocess.PIPE, text=True,
                             env={**os.environ, "PYTHONPATH": str(ROOT)}) for _ in range(2)]
    results = [(r.wait(timeout=600), r.stderr.read()) for r in runs]
    assert [code for code, _ in results] == [0, 0], results
    folder = work / "out" / DECREE_ID
    assert json.loads((folder / "manifest.json").read_text("utf-8"))["status"] == "ok"
    # every validation page there (one run used to remove the other's while it was being copied)
    assert len(list((folder / "validation" / "validations").rglob("*.html"))) == 6
    assert (folder / "validation" / "summary.html").is_file() and (folder / "validation" / "index.html").is_file()
    assert only_outputs(work / "out") == [DECREE_ID]
    assert only_outputs(work / "interim") == [DECREE_ID]
    assert sorted(os.listdir(work / "interim" / DECREE_ID)) == [
        "01-clean.json", "02-decree.json", "03-sections.json", "04-tables.json", "05-normalised.json", "06-validation"]


def _run_until(work: Path, stage: str, sig: int) -> tuple[int, str]:
    """Start `skj extract --force` and send `sig` once its progress shows `stage`."""
    proc = subprocess.Popen([sys.executable, "-u", "-m", "pipeline.cli", "extract", "raw/skj.txt", "--out", "out",
                             "--interim", "interim", "--force"], cwd=work, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})
    seen = []
    for line in proc.stderr:
        seen.append(line)
        if line.startswith(stage):
            break
    proc.send_signal(sig)
    rest = proc.stderr.read()
    return proc.wait(timeout=120), "".join(seen) + rest


@pytest.mark.parametrize("stage", ["[1/1]", "  decree", "  normalise", "  validate"])
def test_sigterm_stops_a_run_on_one_line_and_the_output_stays_whole(work, stage):
    before = snapshot(work / "out" / DECREE_ID)
    code, stderr = _run_until(work, stage, signal.SIGTERM)
    if code == 0:  # it finished before the signal came
        return
    assert code == 143, stderr
    assert errors(stderr) == ["error: terminated (SIGTERM): stopped; the decree being extracted keeps its earlier output"]
    assert snapshot(work / "out" / DECREE_ID) == before
    assert only_outputs(work / "out") == [DECREE_ID]
    assert all(not name.startswith(".") for name in only_outputs(work / "interim"))


@pytest.mark.parametrize("stage", ["  normalise", "  validate"])
def test_after_a_sigkill_the_next_run_publishes(work, stage):
    before = snapshot(work / "out" / DECREE_ID)
    code, _ = _run_until(work, stage, signal.SIGKILL)
    if code == 0:
        return
    assert code == -signal.SIGKILL
    assert snapshot(work / "out" / DECREE_ID) == before  # the earlier output, whole
    proc = cli(["extract", "raw/skj.txt", "--out", "out", "--interim", "interim", "--force", "-q"], work)
    assert proc.returncode == 0, proc.stderr
    assert only_outputs(work / "out") == [DECREE_ID]  # the killed run's leftovers are gone
    assert only_outputs(work / "interim") == [DECREE_ID]
    manifest = json.loads((work / "out" / DECREE_ID / "manifest.json").read_text("utf-8"))
    assert manifest["status"] == "ok" and manifest["source"]["file"] == "raw/skj.txt"
    assert pd.read_csv(work / "out" / DECREE_ID / "kompetensi.csv").shape[0] == 53
