"""Stage 6: the Great Expectations checkpoint passes the real decree and catches injected faults.

Each fault is injected into a copy of the good output of the real decree, the way a
bad extraction (or a hand edit) would leave it, and `skj validate` must exit 2 and
name the expectation that caught it.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

from pipeline import validate
from pipeline.cli import main
from pipeline.errors import ValidationFailed
from pipeline.export import read_tables
from pipeline.extract import extract

from .conftest import DECREE


@pytest.fixture()
def copy(extracted, tmp_path) -> Path:
    folder = tmp_path / "skj-1-2022"
    shutil.copytree(extracted[1], folder)
    return folder


def edit(folder: Path, table: str, change) -> None:
    frame = read_tables(folder, (table,))[table]
    frame = change(frame)
    frame.to_csv(folder / f"{table}.csv", index=False, encoding="utf-8")


def failed(folder: Path) -> set[tuple[str, str, str | None]]:
    report = json.loads((folder / "validation" / "report.json").read_text("utf-8"))
    return {(r["table"], r["expectation"], r["column"]) for r in report["results"]
            if not r["success"] and r["severity"] == "critical"}


def test_the_real_decree_passes_with_its_report(extracted):
    folder = extracted[1]
    manifest = json.loads((folder / "manifest.json").read_text("utf-8"))
    assert manifest["status"] == "ok"
    assert manifest["validation"]["critical_failed"] == 0
    assert manifest["validation"]["expectations"] == sum(len(v["expectations"]) for v in validate.load_suites().values())
    assert (folder / "validation" / "index.html").is_file()
    summary = (folder / "validation" / "summary.html").read_text("utf-8")
    assert "Validation: ok" in summary and "https://" not in summary  # opens offline
    pages = list((folder / "validation" / "validations").rglob("*.html"))
    assert len(pages) == len(validate.SUITES)  # one validation page per flat table
    assert failed(folder) == set()


@pytest.mark.slow
def test_validate_passes_an_untouched_copy(copy, capsys):
    assert main(["validate", str(copy)]) == 0
    assert "ok (" in capsys.readouterr().err


def test_suites_are_gx_json_with_a_severity_and_a_reason_each():
    suites = validate.load_suites()
    assert set(suites) == set(validate.SUITES)
    for spec in suites.values():
        for exp in spec["expectations"]:
            assert exp["type"].startswith("expect_")
            assert exp["severity"] in {"critical", "warning"}
            assert exp["meta"]["why"]


def _level_7(frame):
    frame.loc[frame["nama"] == "Integritas", "level"] = 7
    return frame


def _duplicate_row(frame):
    return pd.concat([frame, frame.iloc[[3]]], ignore_index=True)


def _code_3_1_under_level_2(frame):
    row = frame.index[(frame["level"] == 2) & (frame["kode"] == "2.1")][0]
    frame.loc[row, "kode"] = "3.1"
    return frame


def _watermark(frame):
    frame.loc[5, "deskripsi"] = frame.loc[5, "deskripsi"] + " jdih.menpan.go.id"
    return frame


def _page_number(frame):
    frame.loc[2, "teks"] = frame.loc[2, "teks"] + " - 19 -"
    return frame


@pytest.mark.parametrize("table,change,caught_by", [
    ("kompetensi", _level_7, ("kompetensi", "expect_column_values_to_be_between", "level")),
    ("kompetensi", _duplicate_row, ("kompetensi", "expect_compound_columns_to_be_unique", "jenjang,nama")),
    ("indikator", _code_3_1_under_level_2, ("indikator", "expect_column_pair_values_to_be_equal", "kode_level,level")),
    ("kompetensi", _watermark, ("kompetensi", "expect_column_values_to_not_match_regex", "deskripsi")),
    ("indikator", _page_number, ("indikator", "expect_column_values_to_not_match_regex", "teks")),
])
@pytest.mark.slow
def test_injected_fault_is_caught(copy, table, change, caught_by, capsys):
    edit(copy, table, change)
    assert main(["validate", str(copy)]) == 2
    assert caught_by in failed(copy)
    assert json.loads((copy / "manifest.json").read_text("utf-8"))["status"] == "failed"
    assert "critical" in capsys.readouterr().err


@pytest.mark.slow
def test_a_column_shift_fails_publication(copy, capsys):
    """Item 4 of issue 12: every column shifted by one, the level digit landing in Deskripsi and
    the description in indicator 1. Spelling checks pass such an output; the structure checks must not."""
    komp = read_tables(copy, ("kompetensi",))["kompetensi"]
    row = komp.index[(komp["jenjang"] == "Ahli Muda") & (komp["nama"] == "Integritas")][0]
    description = komp.loc[row, "deskripsi"]
    komp.loc[row, "deskripsi"] = str(komp.loc[row, "level"])
    komp.to_csv(copy / "kompetensi.csv", index=False, encoding="utf-8")

    def description_in_indicator_1(frame):
        first = frame.index[(frame["jenjang"] == "Ahli Muda") & (frame["kompetensi"] == "Integritas")][0]
        frame.loc[first, "teks"] = description
        return frame

    edit(copy, "indikator", description_in_indicator_1)
    assert main(["validate", str(copy)]) == 2
    caught = failed(copy)
    assert ("kompetensi", "expect_column_values_to_not_match_regex", "deskripsi") in caught  # a number
    assert ("kompetensi", "expect_column_values_to_be_between", "deskripsi__kemiripan_kamus") in caught


@pytest.mark.slow
def test_an_indicator_repeating_its_description_is_caught(copy):
    komp = read_tables(copy, ("kompetensi",))["kompetensi"]
    description = komp.loc[(komp["jenjang"] == "Ahli Madya") & (komp["nama"] == "Komunikasi"), "deskripsi"].iloc[0]

    def repeat(frame):
        frame.loc[(frame["jenjang"] == "Ahli Madya") & (frame["kompetensi"] == "Komunikasi") & (frame["urutan"] == 2),
                  "teks"] = description
        return frame

    edit(copy, "indikator", repeat)
    assert main(["validate", str(copy)]) == 2
    assert ("indikator", "expect_column_values_to_be_in_set", "teks__sama_dengan_deskripsi") in failed(copy)


def _fragment_description(frame):
    frame.loc[frame["nama"] == "Komunikasi", "deskripsi"] = "formal"
    return frame


def _another_rows_description(frame):
    other = frame.loc[frame["nama"] == "Kerja Sama", "deskripsi"].iloc[0]
    frame.loc[(frame["nama"] == "Integritas") & (frame["jenjang"] == "Ahli Pertama"), "deskripsi"] = other
    return frame


def _code_as_name(frame):
    frame.loc[frame.index[-1], "nama"] = "2.1"
    return frame


@pytest.mark.parametrize("change,caught_by", [
    (_fragment_description, ("kompetensi", "expect_column_values_to_be_between", "deskripsi__jumlah_kata")),
    (_another_rows_description, ("kompetensi", "expect_column_values_to_be_between", "deskripsi__kemiripan_kamus")),
    (_code_as_name, ("kompetensi", "expect_column_values_to_match_regex", "nama")),
])
@pytest.mark.slow
def test_a_cell_holding_another_cells_text_is_caught(copy, change, caught_by):
    edit(copy, "kompetensi", change)
    assert main(["validate", str(copy)]) == 2
    assert caught_by in failed(copy)


@pytest.mark.slow
def test_a_jenjang_missing_from_every_table_is_caught(copy):
    for table in validate.SUITES:
        edit(copy, table, lambda f: f[f["jenjang"] != "Ahli Madya"])
    assert main(["validate", str(copy)]) == 2
    caught = failed(copy)
    assert ("jenjang", "expect_column_values_to_be_in_set", "langkah_jenjang") in caught  # Muda -> Utama skips a grade
    assert ("jenjang", "expect_column_distinct_values_to_equal_set", "jenjang") in caught  # the manifest lists it


@pytest.mark.slow
def test_a_jenjang_missing_from_its_table_only_orphans_its_rows(copy):
    edit(copy, "jenjang", lambda f: f[f["jenjang"] != "Ahli Pertama"])
    assert main(["validate", str(copy)]) == 2
    assert ("kompetensi", "expect_column_values_to_be_in_set", "jenjang") in failed(copy)


@pytest.mark.slow
def test_a_lost_managerial_row_is_caught(copy):
    edit(copy, "kompetensi", lambda f: f[~((f["jenjang"] == "Ahli Muda") & (f["nama"] == "Kerja Sama"))])
    assert main(["validate", str(copy)]) == 2
    caught = failed(copy)
    assert ("jenjang", "expect_column_values_to_be_in_set", "jumlah_manajerial") in caught
    assert ("indikator", "expect_column_values_to_be_in_set", "kompetensi_dikenal") in caught


def test_broken_words_lower_the_known_word_share():
    lexicon = {"mampu", "menyelia", "kegiatan", "tim"}
    assert validate._known_share("Mampu menyelia kegiatan tim", lexicon) == 1.0
    assert validate._known_share("Mampu meny elia kegiatan tim", lexicon) == pytest.approx(3 / 5)
    assert validate._known_share("RPTKA dan ASN", {"dan"}) == 1.0  # abbreviations count as known


def test_validate_rejects_a_folder_that_is_not_an_output(tmp_path, capsys):
    assert main(["validate", str(tmp_path)]) == 3
    assert "not an skj output folder" in capsys.readouterr().err


@pytest.mark.slow
def test_an_extraction_failing_a_critical_expectation_exits_2_and_keeps_the_last_good(tmp_path, monkeypatch):
    out, interim = tmp_path / "out", tmp_path / "interim"
    good = extract(DECREE, out, interim).output
    good_table = (good / "kompetensi.csv").read_text("utf-8")

    # a stricter suite (levels 1-2 only) makes the same decree fail: a stand-in for a bad extraction
    strict = tmp_path / "expectations"
    shutil.copytree(validate.expectations_dir(), strict)
    spec = json.loads((strict / "kompetensi.json").read_text("utf-8"))
    for exp in spec["expectations"]:
        if exp["type"] == "expect_column_values_to_be_between" and exp["kwargs"]["column"] == "level":
            exp["kwargs"]["max_value"] = 2
    (strict / "kompetensi.json").write_text(json.dumps(spec), "utf-8")
    monkeypatch.setenv("SKJ_EXPECTATIONS_DIR", str(strict))

    with pytest.raises(ValidationFailed) as err:
        extract(DECREE, out, interim)
    assert err.value.exit_code == 2 and "kompetensi.level" in str(err.value)
    manifest = json.loads((good / "manifest.json").read_text("utf-8"))
    assert manifest["status"] == "failed"
    assert (good / "validation" / "report.json").is_file()
    # the good output it replaced is kept whole, and survives a second failed run
    assert json.loads((good / "last-good" / "manifest.json").read_text("utf-8"))["status"] == "ok"
    with pytest.raises(ValidationFailed):
        extract(DECREE, out, interim)
    assert (good / "last-good" / "kompetensi.csv").read_text("utf-8") == good_table
    assert not (good / "last-good" / "last-good").exists()
