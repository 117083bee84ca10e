"""Shared fixtures: the real decree (SKJ.1/2022) run once through every stage."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.decree import parse_body
from pipeline.extract import extract
from pipeline.load import load
from pipeline.sections import split_sections

ROOT = Path(__file__).resolve().parents[1]
DECREE = ROOT / "raw" / "skj-1-2022-pengantar-kerja.ocr.txt"
GOLDEN = ROOT / "tests" / "data" / "groundtruth" / "skj-1-2022.golden.json"


@pytest.fixture(scope="session")
def clean():
    return load(DECREE)


@pytest.fixture(scope="session")
def body(clean):
    return parse_body(clean.lines, str(DECREE))


@pytest.fixture(scope="session")
def sections(clean, body):
    return split_sections(clean.lines[body.lampiran_start:], str(DECREE))


@pytest.fixture(scope="session")
def extracted(tmp_path_factory):
    """(result, output folder) of a full extraction of the real decree."""
    root = tmp_path_factory.mktemp("run")
    result = extract(DECREE, root / "output", root / "interim")
    return result, result.output


@pytest.fixture(scope="session")
def standard(extracted):
    return json.loads((extracted[1] / "standard.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def golden():
    return json.loads(GOLDEN.read_text(encoding="utf-8"))


def jenjang(standard: dict, name: str) -> dict:
    return next(j for j in standard["jenjang"] if j["jenjang"] == name)


def kompetensi(standard: dict, jenjang_name: str, nama: str) -> dict:
    return next(k for k in jenjang(standard, jenjang_name)["kompetensi"] if k["nama"] == nama)
