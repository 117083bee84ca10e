"""The installable package: the wheel carries what a run needs (the expectation suites, the
schema, the dictionary), not the developer tools; the run key covers the whole package."""

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from pipeline import runs, validate

ROOT = Path(__file__).resolve().parent.parent


def test_suites_found_in_a_checkout():
    folder = validate.expectations_dir()
    assert sorted(p.stem for p in folder.glob("*.json")) == sorted(validate.SUITES)
    assert folder == ROOT / "expectations"  # the source of truth, not a stale copy


def test_run_key_covers_the_whole_package():
    names = {p.relative_to(ROOT).as_posix() for p in runs.runtime_files()}
    assert {"pipeline/extract.py", "pipeline/grids.py", "pipeline/data/skj-standard.schema.json",
            "pipeline/data/kamus-kompetensi-permenpanrb-38-2017.json", "expectations/kompetensi.json"} <= names
    assert not any("__pycache__" in n for n in names)


@pytest.mark.slow
def test_wheel_carries_the_suites_and_no_tools(tmp_path):
    subprocess.run([sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "-q", "-w", str(tmp_path)],
                   check=True, capture_output=True)
    (wheel,) = tmp_path.glob("skj_extract-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for suite in validate.SUITES:
        packaged = f"pipeline/data/expectations/{suite}.json"
        assert packaged in names
        assert zipfile.ZipFile(wheel).read(packaged) == (ROOT / "expectations" / f"{suite}.json").read_bytes()
    assert {"pipeline/data/skj-standard.schema.json", "pipeline/data/kamus-kompetensi-permenpanrb-38-2017.json",
            "pipeline/cli.py"} <= names
    assert not any(n.startswith(("tools/", "tests/", "raw/")) for n in names)
