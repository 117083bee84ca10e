"""The Python API: `extract_standard` (in memory, nothing written) and `extract_to` (what
`skj extract` does), on the real decree."""

import json
from pathlib import Path

import pytest

from pipeline import extract_standard, extract_to
from pipeline.export import check_contract

pytestmark = pytest.mark.slow  # two whole extractions of the real decree

REAL = Path(__file__).resolve().parent.parent / "raw" / "skj-1-2022-pengantar-kerja.ocr.txt"


@pytest.mark.slow
def test_extract_to_and_extract_standard_agree(tmp_path, monkeypatch):
    result = extract_to(REAL, tmp_path / "out")
    assert result.decree_id == "skj-1-2022" and result.output == tmp_path / "out" / "skj-1-2022"
    assert (result.jenjang, result.kompetensi) == (4, 53)
    published = json.loads((result.output / "standard.json").read_text("utf-8"))
    assert json.loads((result.output / "manifest.json").read_text("utf-8"))["status"] == "ok"
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["skj-1-2022"]  # the interim went with the run

    cwd = tmp_path / "elsewhere"
    cwd.mkdir()
    monkeypatch.chdir(cwd)
    standard = extract_standard(str(REAL))
    assert list(cwd.iterdir()) == []  # nothing written
    check_contract(standard, str(REAL))
    assert [j["jenjang"] for j in standard["jenjang"]] == ["Ahli Pertama", "Ahli Muda", "Ahli Madya", "Ahli Utama"]
    assert standard == published
