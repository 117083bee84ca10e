"""The command line on good and bad input: one-line errors, exit codes, nothing half-written."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from pipeline.cli import main
from pipeline.export import check_contract
from pipeline.errors import ValidationFailed

from .conftest import DECREE

pytestmark = pytest.mark.slow  # subprocess runs of the command and whole extractions


def run(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pipeline.cli", *args], cwd=cwd, capture_output=True, text=True)


@pytest.fixture()
def work(tmp_path):
    (tmp_path / "raw").mkdir()
    return tmp_path


def test_help_on_every_command(capsys):
    for argv in (["--help"], ["extract", "--help"], ["run", "--help"]):
        with pytest.raises(SystemExit) as exc:
            main(argv)
        assert exc.value.code == 0
    out = capsys.readouterr().out
    assert "exit codes" in out and "--out DIR" in out and "raw/" in out


def test_extract_writes_the_contract_and_tables(extracted):
    result, folder = extracted
    assert folder.name == "skj-1-2022"
    names = sorted(p.name for p in folder.iterdir())
    assert names == ["corrections.csv", "findings.json", "findings.md", "indikator.csv", "jenjang.csv", "kompetensi.csv", "manifest.json",
                     "pangkat.csv", "pelatihan.csv", "pengalaman_kerja.csv", "review.html", "standard.json", "validation"]
    standard = json.loads((folder / "standard.json").read_text(encoding="utf-8"))
    check_contract(standard, "standard.json")
    kompetensi = pd.read_csv(folder / "kompetensi.csv")
    assert len(kompetensi) == 53 and kompetensi["level"].between(1, 5).all()
    indikator = pd.read_csv(folder / "indikator.csv", dtype={"kode": str})
    assert len(indikator) == sum(len(k["indikator"]) for j in standard["jenjang"] for k in j["kompetensi"])
    assert not indikator.duplicated(["decree_id", "jenjang", "kompetensi", "kode"]).any()
    jenjang = pd.read_csv(folder / "jenjang.csv")
    assert list(jenjang["jenjang"]) == ["Ahli Pertama", "Ahli Muda", "Ahli Madya", "Ahli Utama"]
    pangkat = pd.read_csv(folder / "pangkat.csv")
    assert pangkat["golongan"].str.fullmatch(r"(I|II|III|IV)/[a-e]").all()


def test_contract_violation_is_a_validation_failure(standard):
    broken = json.loads(json.dumps(standard))
    broken["jenjang"][0]["kompetensi"][0]["level"] = 7
    with pytest.raises(ValidationFailed, match="level"):
        check_contract(broken, "x")


def _bad_inputs(raw: Path) -> dict[str, int]:
    (raw / "empty.txt").write_text("")
    (raw / "binary.txt").write_bytes(b"\x00\x01\x02PK\x03\x04" * 100)
    (raw / "novel.txt").write_text("Bab 1\nPada suatu hari seorang pegawai berangkat kerja.\n")
    text = DECREE.read_text(encoding="utf-8")
    lines = text.splitlines()
    # drop the Ahli Muda section (source lines 839-1677): Pertama, Madya, Utama remain
    (raw / "no-muda.txt").write_text("\n".join(lines[:838] + lines[1677:]))
    # drop the Ahli Pertama competency table heading and rows (lines 301-743)
    (raw / "no-table.txt").write_text("\n".join(lines[:300] + lines[743:]))
    return {"empty.txt": 3, "binary.txt": 3, "novel.txt": 4, "no-muda.txt": 5, "no-table.txt": 5}


def test_bad_inputs_fail_alone_with_one_line_errors(work):
    expected = _bad_inputs(work / "raw")
    for name, code in expected.items():
        proc = run(["extract", f"raw/{name}", "--out", "out", "--interim", "interim", "-q"], work)
        assert proc.returncode == code, (name, proc.stderr)
        errors = [ln for ln in proc.stderr.splitlines() if ln.startswith("error:")]
        assert len(errors) == 1 and f"raw/{name}" in errors[0], proc.stderr
        assert "Traceback" not in proc.stderr
        assert not (work / "out").exists() or not any((work / "out").iterdir()), name
    msgs = {name: run(["extract", f"raw/{name}", "-q"], work).stderr for name in ("no-muda.txt", "no-table.txt")}
    assert "missing jenjang section Ahli Muda" in msgs["no-muda.txt"]
    assert "Ahli Pertama has no competency table" in msgs["no-table.txt"]


def test_a_failed_rerun_keeps_the_earlier_output(work):
    raw = work / "raw"
    (raw / "skj.txt").write_text(DECREE.read_text(encoding="utf-8"))
    first = run(["run", "--out", "out", "--interim", "interim", "-q"], work)
    assert first.returncode == 0, first.stderr
    before = (work / "out" / "skj-1-2022" / "standard.json").read_bytes()

    # the same decree again, now damaged (competency table gone)
    lines = DECREE.read_text(encoding="utf-8").splitlines()
    (raw / "skj.txt").write_text("\n".join(lines[:300] + lines[743:]))
    second = run(["run", "--out", "out", "--interim", "interim"], work)
    assert second.returncode == 5, second.stderr
    assert "0 extracted, 1 failed" in second.stderr
    assert (work / "out" / "skj-1-2022" / "standard.json").read_bytes() == before
    assert sorted(p.name for p in (work / "out").iterdir()) == ["catalogue", "skj-1-2022"]  # no temporary folders left


def test_an_unchanged_decree_is_up_to_date(work, capsys):
    source = work / "raw" / "skj.txt"
    source.write_text(DECREE.read_text(encoding="utf-8"), encoding="utf-8")
    args = ["extract", str(source), "--out", str(work / "out"), "--interim", str(work / "interim")]
    assert main(args) == 0
    manifest = work / "out" / "skj-1-2022" / "manifest.json"
    written = manifest.stat().st_mtime_ns
    capsys.readouterr()

    assert main(args) == 0  # same file, code and expectations: nothing to do
    err = capsys.readouterr().err
    assert "up to date" in err and "0 extracted, 1 up to date, 0 failed" in err
    assert manifest.stat().st_mtime_ns == written

    assert main(args + ["--force"]) == 0
    assert "1 extracted, 0 failed" in capsys.readouterr().err
    source.write_text(DECREE.read_text(encoding="utf-8") + "\n", encoding="utf-8")  # the file changed
    assert main(args) == 0
    assert "1 extracted, 0 failed" in capsys.readouterr().err
    assert json.loads(manifest.read_text("utf-8"))["run_key"]


def test_one_bad_decree_does_not_stop_the_others(work):
    raw = work / "raw"
    (raw / "a-empty.txt").write_text("")
    (raw / "b-novel.txt").write_text("Bab 1\nPada suatu hari.\n")
    (raw / "c-good.txt").write_text(DECREE.read_text(encoding="utf-8"))
    proc = run(["run", "--out", "out", "--interim", "interim"], work)
    assert proc.returncode == 4, proc.stderr  # the worst failure's code
    assert "1 extracted, 2 failed" in proc.stderr
    assert (work / "out" / "skj-1-2022" / "standard.json").exists()


def test_progress_is_reported_per_stage(work):
    (work / "raw" / "skj.txt").write_text(DECREE.read_text(encoding="utf-8"))
    proc = run(["run", "--out", "out", "--interim", "interim"], work)
    for stage in ("load", "decree", "sections", "tables", "normalise", "validate", "export"):
        assert f"  {stage}" in proc.stderr
    assert sorted(p.name for p in (work / "interim" / "skj-1-2022").iterdir()) == [
        "01-clean.json", "02-decree.json", "03-sections.json", "04-tables.json", "05-normalised.json", "06-validation"]
    # each stage's file holds what that stage made: the tables as read (line 440's run-together
    # `kerjanyauntuk`), the normalised standard with it put right
    tables = (work / "interim" / "skj-1-2022" / "04-tables.json").read_text("utf-8")
    normalised = json.dumps(json.loads((work / "interim" / "skj-1-2022" / "05-normalised.json").read_text("utf-8"))
                            ["standard"], ensure_ascii=False)
    assert "kerjanyauntuk" in tables and "kerjanyauntuk" not in normalised and "kerjanya untuk" in normalised


def test_missing_raw_folder(work):
    proc = run(["run", "--raw", "nowhere"], work)
    assert proc.returncode == 3 and "nowhere: no such folder" in proc.stderr


def test_a_condition_a_stage_has_no_rule_for_is_one_line_with_exit_8(tmp_path, capsys, monkeypatch):
    """No input crashes the program: whatever a stage meets, the run says where on one line, keeps
    the traceback for the bug report, and goes on with the next decree."""
    import pipeline.stages

    def broken(*_args, **_kwargs):
        raise IndexError("list index out of range")

    monkeypatch.setattr(pipeline.stages, "split_sections", broken)
    other = tmp_path / "other.txt"
    other.write_text("Laporan tahunan\nBab 1 Pendahuluan\n", "utf-8")
    code = main(["extract", str(DECREE), str(other), "--out", str(tmp_path / "out"), "--interim",
                 str(tmp_path / "interim"), "-q"])
    assert code == 8
    err = capsys.readouterr().err.strip().splitlines()
    first = next(line for line in err if str(DECREE) in line)
    assert first.startswith(f"error: {DECREE}: stage 'sections' could not read this decree (IndexError")
    assert any(line.startswith(f"error: {other}: ") for line in err)  # the next decree was still read
    logs = list((tmp_path / "interim" / "tracebacks").glob("*.txt"))
    assert len(logs) == 1 and "IndexError" in logs[0].read_text("utf-8")
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())
