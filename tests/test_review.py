"""The review page in a real browser (Debian's chromium, headless, driven by Selenium through
/usr/bin/chromedriver: nothing downloaded), and the provenance it shows."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from pipeline.cli import main

from .conftest import ROOT

KETERAMPILAN = ROOT / "tests" / "data" / "fixtures" / "skj-7-2025-pranata-informasi-pasar-kerja.standard.json"
AHLI_PERTAMA = ROOT / "tests" / "data" / "fixtures" / "skj-1-2022-ahli-pertama.standard.json"
CHROMIUM, CHROMEDRIVER = Path("/usr/bin/chromium"), Path("/usr/bin/chromedriver")


@pytest.fixture(scope="module")
def scanned_output(tmp_path_factory):
    """A scanned fixture decree (the invented keterampilan decree's Penyelia: body and one jenjang)
    extracted by OCR: (output folder, standard)."""
    if shutil.which("tesseract") is None:
        pytest.skip("Tesseract is installed by `make setup`")
    from tools.scan import ScanSettings, scan
    from tools.typeset import typeset

    tmp = tmp_path_factory.mktemp("review")
    standard = json.loads(KETERAMPILAN.read_text("utf-8"))
    standard["jenjang"] = standard["jenjang"][2:]
    typeset(standard, tmp / "decree.pdf")
    scan(tmp / "decree.pdf", tmp / "scan.pdf", ScanSettings(dpi=250, seed=11))
    mp = pytest.MonkeyPatch()
    mp.setenv("SKJ_CACHE_DIR", str(tmp / "cache"))
    try:
        code = main(["extract", str(tmp / "scan.pdf"), "--out", str(tmp / "out"), "--interim", str(tmp / "i"), "-q",
                     "--jobs", "2"])
    finally:
        mp.undo()
    assert code == 0
    folder = tmp / "out" / "skj-7-2025"
    return folder, json.loads((folder / "standard.json").read_text("utf-8"))


@pytest.mark.slow
def test_the_scanned_output_carries_provenance_in_json_and_csv(scanned_output):
    import pandas as pd

    folder, got = scanned_output
    assert got["decree"]["source"]["mode"] == "pdf-ocr"
    rows = [k for j in got["jenjang"] for k in j["kompetensi"]]
    for k in rows:  # every cell of every row: a page, a box inside the page, OCR confidence
        for key in ("nama", "level", "deskripsi"):
            asal = k["asal"][key]
            assert asal["kotak"] and all(b["halaman"] >= 1 and b["bbox"][0] < b["bbox"][2] and b["bbox"][1] < b["bbox"][3]
                                         for b in asal["kotak"]), (k["nama"], key, asal)
            assert 0 <= asal["ocr_conf_min"] <= asal["ocr_conf_rata"] <= 100
        assert all(i["asal"]["kotak"] for i in k["indikator"])
    frame = pd.read_csv(folder / "indikator.csv", dtype={"kode": str})
    assert list(frame.columns[-5:]) == ["asal_halaman", "asal_kotak", "ocr_conf_rata", "ocr_conf_min", "asal_baris"]
    assert frame["asal_kotak"].notna().all() and frame["ocr_conf_min"].notna().all()
    assert re.fullmatch(r"\d+: [\d.]+ [\d.]+ [\d.]+ [\d.]+(; .*)?", frame["asal_kotak"][0])
    assert (folder / "review.html").is_file() and any((folder / "review").glob("page-*.png"))


@pytest.mark.slow
@pytest.mark.skipif(not (CHROMIUM.exists() and CHROMEDRIVER.exists()), reason="chromium and chromium-driver are "
                    "installed by `make setup`")
def test_the_review_page_works_in_a_real_browser(scanned_output):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By

    folder, got = scanned_output
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1400,1000",
                "--allow-file-access-from-files"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    try:
        driver.set_page_load_timeout(20)
        driver.get((folder / "review.html").as_uri())
        errors = [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]
        assert not errors, errors

        for j in got["jenjang"]:  # each jenjang's tables: as many rows as the standard holds
            rows = driver.find_elements(By.CSS_SELECTOR, f'table.kompetensi[data-jenjang="{j["jenjang"]}"] tr.row')
            assert len(rows) == len(j["kompetensi"])
            req = j["persyaratan"]
            reqs = driver.find_elements(By.CSS_SELECTOR, f'table.persyaratan[data-jenjang="{j["jenjang"]}"] tr.req')
            assert len(reqs) == 2 + len(req["pelatihan"]) + len(req["pengalaman_kerja"]) + len(req["pangkat"]) + 1
            inds = driver.find_elements(By.CSS_SELECTOR, f'table.kompetensi[data-jenjang="{j["jenjang"]}"] div.cell')
            assert len(inds) == sum(len(k["indikator"]) for k in j["kompetensi"])

        flagged = driver.find_elements(By.CSS_SELECTOR, ".cell.flag")
        assert flagged, "a scan has doubtful cells to flag"
        driver.find_element(By.TAG_NAME, "body").send_keys("n")  # the first flagged cell, by keyboard
        selected = driver.find_element(By.CSS_SELECTOR, ".cell.selected")
        assert selected.get_attribute("data-cell") == flagged[0].get_attribute("data-cell")
        _shows_its_page(driver, By)
        driver.find_element(By.TAG_NAME, "body").send_keys("n")
        if len(flagged) > 1:
            assert driver.find_element(By.CSS_SELECTOR, ".cell.selected").get_attribute("data-cell") == \
                flagged[1].get_attribute("data-cell")

        name = driver.find_element(By.CSS_SELECTOR, '[data-cell$="-k1-deskripsi"]')  # a click shows its page too
        name.click()
        assert "deskripsi" in driver.find_element(By.ID, "viewer-title").text
        _shows_its_page(driver, By)
        assert not [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]
    finally:
        driver.quit()


def _shows_its_page(driver, By) -> None:
    """The viewer shows a loaded page image with the cell's box drawn inside it."""
    driver.execute_async_script("""var done=arguments[0],imgs=document.querySelectorAll('#viewer-body img');
        Promise.all(Array.from(imgs).map(function(i){return i.complete?1:new Promise(function(r){i.onload=i.onerror=r;});}))
        .then(function(){done();});""")
    img = driver.find_element(By.CSS_SELECTOR, "#viewer-body .pagebox img")
    box = driver.find_element(By.CSS_SELECTOR, "#viewer-body .pagebox .box")
    assert img.is_displayed() and driver.execute_script("return arguments[0].naturalWidth", img) > 0
    i, b = img.rect, box.rect
    assert b["width"] > 2 and b["height"] > 2
    assert i["x"] - 1 <= b["x"] and b["x"] + b["width"] <= i["x"] + i["width"] + 1
    assert i["y"] - 1 <= b["y"] and b["y"] + b["height"] <= i["y"] + i["height"] + 1


@pytest.mark.slow
def test_every_cell_of_the_typeset_decree_points_at_a_box_holding_its_text(tmp_path):
    """The real decree's reading typeset (a text layer): each cell's boxes, cropped out of its
    pages, hold its text."""
    import pdfplumber
    from rapidfuzz import fuzz
    from tools.typeset import typeset

    standard = json.loads(AHLI_PERTAMA.read_text("utf-8"))
    typeset(standard, tmp_path / "decree.pdf")
    assert main(["extract", str(tmp_path / "decree.pdf"), "--out", str(tmp_path / "out"), "--interim",
                 str(tmp_path / "i"), "-q"]) == 0
    got = json.loads((tmp_path / "out" / "skj-1-2022" / "standard.json").read_text("utf-8"))

    def cells():
        for j in got["jenjang"]:
            for k in j["kompetensi"]:
                yield k["nama_sumber"], k["asal"]["nama"]
                yield str(k["level_tercetak"] or ""), k["asal"]["level"]
                yield k["deskripsi"], k["asal"]["deskripsi"]
                yield from ((i["teks"], i["asal"]) for i in k["indikator"])
            p = j["persyaratan"]
            yield from ((p["pendidikan"][key], p["asal"][key]) for key in ("jenjang_pendidikan", "bidang_ilmu"))
            yield p["indikator_kinerja_jabatan"], p["asal"]["indikator_kinerja_jabatan"]
            yield from ((it["nama"], it["asal"]) for it in p["pelatihan"])
            yield from ((it["uraian"], it["asal"]) for it in p["pengalaman_kerja"])
            yield from ((it["golongan"], it["asal"]) for it in p["pangkat"])

    def fold(text: str) -> str:
        return re.sub(r"[^a-z0-9]", "", text.lower())

    checked = 0
    with pdfplumber.open(tmp_path / "decree.pdf") as pdf:
        for text, asal in cells():
            if not text:
                continue
            inside = "".join(pdf.pages[b["halaman"] - 1].crop(b["bbox"]).extract_text() or "" for b in asal["kotak"])
            assert fuzz.partial_ratio(fold(text), fold(inside)) >= 95, (text, asal, inside)
            checked += 1
    assert checked >= 90  # 12 rows x (name, level, description, ~3 indicators) and the requirements


def test_a_text_decree_s_review_page_shows_source_lines(extracted):
    """For a text file the provenance is the source lines, and the page embeds them."""
    import pandas as pd

    _, folder = extracted
    got = json.loads((folder / "standard.json").read_text("utf-8"))
    integritas = got["jenjang"][0]["kompetensi"][0]
    first, last = integritas["asal"]["deskripsi"]["baris"]
    source = (ROOT / "raw" / "skj-1-2022-pengantar-kerja.ocr.txt").read_text("utf-8").splitlines()
    lines = " ".join(source[first - 1:last])  # the row's lines, OCR's interleaved columns and all
    assert lines.startswith("1. Integritas 2 Mampu") and "mengajak rekan" in lines and "2.3 Memberikan informasi" in lines
    assert "kotak" not in integritas["asal"]["deskripsi"]
    frame = pd.read_csv(folder / "kompetensi.csv")
    assert frame["asal_baris"].notna().all() and frame["asal_kotak"].isna().all()
    page = (folder / "review.html").read_text("utf-8")
    data = json.loads(re.search(r'<script type="application/json" id="skj-data">(.*?)</script>', page, re.S)
                      .group(1).replace("<\\/", "</"))
    assert data["lines"][first - 1] == source[first - 1] and not data["pages"]
    assert page.count('class="row"') == sum(len(j["kompetensi"]) for j in got["jenjang"])
    assert "http://" not in page and "https://" not in page.replace('"https://json-schema.org', "")


def test_the_extended_contract_declares_provenance():
    """`asal` is in the schema (a wrong shape fails), optional (a standard without it still passes)."""
    from jsonschema import Draft202012Validator

    from pipeline.reference import contract_schema

    standard = json.loads(AHLI_PERTAMA.read_text("utf-8"))
    standard["decree"]["source"] = {"file": "x.pdf", "sha256": "0" * 64, "mode": "pdf-ocr"}
    validator = Draft202012Validator(contract_schema())
    assert not list(validator.iter_errors(standard))
    k = standard["jenjang"][0]["kompetensi"][0]
    k["asal"] = {"nama": {"kotak": [{"halaman": 3, "bbox": [72.0, 100.5, 200.0, 112.0]}], "ocr_conf_rata": 91.5,
                          "ocr_conf_min": 48.0, "baris": [10, 11]}}
    k["indikator"][0]["asal"] = {"baris": [12, 14]}
    assert not list(validator.iter_errors(standard))
    k["indikator"][0]["asal"] = {"kotak": [{"halaman": 3, "bbox": [1, 2, 3]}]}
    assert list(validator.iter_errors(standard))
