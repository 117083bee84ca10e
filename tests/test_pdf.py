"""PDF front ends: a decree typeset from a known standard is read back, text layer and scan.

The fixture generator (`tools.typeset`) prints the hand-checked golden standard
of the real decree's Ahli Pertama jenjang into the published layout; the answer
key is that standard. Bad PDFs must give a one-line error and write nothing.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.pdf import read_pdf
from tools.field_score import score_standard as score

from .conftest import ROOT

FIXTURE = ROOT / "tests" / "data" / "fixtures" / "skj-1-2022-ahli-pertama.standard.json"
# an invented keterampilan decree: Terampil / Mahir / Penyelia, managerial levels 1-3 (the dictionary's
# texts), teknis rows, requirements and identity written by hand
KETERAMPILAN = ROOT / "tests" / "data" / "fixtures" / "skj-7-2025-pranata-informasi-pasar-kerja.standard.json"


@pytest.fixture(scope="module")
def typeset_pdf(tmp_path_factory):
    from tools.typeset import answer_key, typeset

    standard = json.loads(FIXTURE.read_text("utf-8"))
    folder = tmp_path_factory.mktemp("pdf")
    pdf = typeset(standard, folder / "decree.pdf")
    return pdf, answer_key(standard)


def test_the_stages_read_a_text_layer_pdf(typeset_pdf):
    """The fast tier's PDF path: the front end and every stage up to the contract's dict, in memory
    (the whole command, validation and publishing included, is the next test's)."""
    from pipeline import extract, stages
    from pipeline.document import Document
    from pipeline.pdf import PdfOptions

    pdf, key = typeset_pdf
    doc = Document(pdf, PdfOptions())
    for stage in extract.STAGES:
        stage.run(doc)
    assert doc.clean.mode == "pdf-text" and doc.body.id == "skj-1-2022"
    assert score(doc.standard, key).accuracy == 1.0  # README: the text layer reads every field
    assert stages.assemble(doc)["jenjang"][0]["jenjang"] == "Ahli Pertama"


@pytest.mark.slow
def test_text_layer_pdf_reads_back_its_standard(typeset_pdf, tmp_path):
    pdf, key = typeset_pdf
    assert main(["extract", str(pdf), "--out", str(tmp_path / "out"), "--interim", str(tmp_path / "interim"), "-q"]) == 0
    got = json.loads((tmp_path / "out" / "skj-1-2022" / "standard.json").read_text("utf-8"))
    assert got["decree"]["source"]["mode"] == "pdf-text"
    assert got["decree"]["source"]["pages"] >= 4
    result = score(got, key)
    assert result.accuracy == 1.0, result.misses[:5]  # README: the text layer reads every field
    integritas = got["jenjang"][0]["kompetensi"][0]
    assert integritas["nama"] == "Integritas" and integritas["level_tercetak"] == 2
    assert integritas["halaman"]  # every competency knows its page


@pytest.mark.slow
def test_a_keterampilan_decree_reads_back_from_its_text_layer(tmp_path):
    from tools.typeset import answer_key, typeset

    standard = json.loads(KETERAMPILAN.read_text("utf-8"))
    pdf = typeset(standard, tmp_path / "decree.pdf")
    assert main(["extract", str(pdf), "--out", str(tmp_path / "out"), "--interim", str(tmp_path / "i"), "-q"]) == 0
    got = json.loads((tmp_path / "out" / "skj-7-2025" / "standard.json").read_text("utf-8"))
    assert [(j["jenjang"], j["kategori"]) for j in got["jenjang"]] == [
        ("Terampil", "keterampilan"), ("Mahir", "keterampilan"), ("Penyelia", "keterampilan")]
    assert [{k["level"] for k in j["kompetensi"] if k["kelompok"] == "manajerial"} for j in got["jenjang"]] == [
        {1}, {2}, {3}]
    result = score(got, answer_key(standard))
    assert result.accuracy == 1.0, result.misses[:5]  # README: the text layer reads every field


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("tesseract") is None, reason="Tesseract is installed by `make setup`")
def test_a_scanned_keterampilan_jenjang_reads_back(tmp_path, monkeypatch):
    from tools.scan import ScanSettings, scan
    from tools.typeset import answer_key, typeset

    standard = json.loads(KETERAMPILAN.read_text("utf-8"))
    standard["jenjang"] = standard["jenjang"][2:]  # Penyelia: body + one jenjang keeps the test short
    pdf = typeset(standard, tmp_path / "decree.pdf")
    scan(pdf, tmp_path / "scan.pdf", ScanSettings(dpi=250, seed=11))
    monkeypatch.setenv("SKJ_CACHE_DIR", str(tmp_path / "cache"))
    args = ["extract", str(tmp_path / "scan.pdf"), "--out", str(tmp_path / "out"), "--interim", str(tmp_path / "i"), "-q"]
    assert main(args + ["--jobs", "2"]) == 0
    got = json.loads((tmp_path / "out" / "skj-7-2025" / "standard.json").read_text("utf-8"))
    result = score(got, answer_key(standard))
    assert result.accuracy >= 0.97, result.misses[:5]
    assert [(p["golongan"], p["nama"]) for p in got["jenjang"][0]["persyaratan"]["pangkat"]] == [
        ("III/c", "Penata"), ("III/d", "Penata Tk. I")]

    # a rerun takes every page from the cache: no OCR worker is started
    import pipeline.ocr

    def no_pool(*_a, **_k):
        raise AssertionError("OCR ran again on an unchanged PDF")

    monkeypatch.setattr(pipeline.ocr, "ProcessPoolExecutor", no_pool)
    assert main(args + ["--force"]) == 0
    again = json.loads((tmp_path / "out" / "skj-7-2025" / "standard.json").read_text("utf-8"))
    assert again["jenjang"] == got["jenjang"]


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("tesseract") is None, reason="Tesseract is installed by `make setup`")
def test_scanned_pdf_reads_back_its_standard(typeset_pdf, tmp_path, monkeypatch):
    from tools.scan import ScanSettings, scan

    pdf, key = typeset_pdf
    scanned = scan(pdf, tmp_path / "scan.pdf", ScanSettings(dpi=250, seed=3))
    assert all(abs(a) <= 1.0 for a in scanned)
    monkeypatch.setenv("SKJ_CACHE_DIR", str(tmp_path / "cache"))
    args = ["extract", str(tmp_path / "scan.pdf"), "--out", str(tmp_path / "out"), "--interim", str(tmp_path / "i"), "-q"]
    assert main(args + ["--jobs", "2"]) == 0  # status ok, as the README's scan figures
    got = json.loads((tmp_path / "out" / "skj-1-2022" / "standard.json").read_text("utf-8"))
    assert got["decree"]["source"]["mode"] == "pdf-ocr"
    assert score(got, key).accuracy >= 0.95
    assert any((tmp_path / "cache").rglob("*.json"))  # every page cached for the rerun


@pytest.mark.slow
def test_a_mixed_pdf_is_read_page_by_page(typeset_pdf, tmp_path, monkeypatch):
    import pypdfium2 as pdfium

    from tools.scan import ScanSettings, scan

    pdf, key = typeset_pdf
    scan(pdf, tmp_path / "scan.pdf", ScanSettings(dpi=250, seed=7))
    text, scanned = pdfium.PdfDocument(str(pdf)), pdfium.PdfDocument(str(tmp_path / "scan.pdf"))
    mixed = pdfium.PdfDocument.new()
    for index in range(len(text)):  # every other page a scan, as when a signed page is scanned in
        mixed.import_pages(scanned if index % 2 else text, [index])
    mixed.save(str(tmp_path / "mixed.pdf"))
    monkeypatch.setenv("SKJ_CACHE_DIR", str(tmp_path / "cache"))
    assert main(["extract", str(tmp_path / "mixed.pdf"), "--out", str(tmp_path / "out"), "--interim",
                 str(tmp_path / "i"), "-q", "--jobs", "2"]) == 0  # status ok
    got = json.loads((tmp_path / "out" / "skj-1-2022" / "standard.json").read_text("utf-8"))
    source = got["decree"]["source"]
    assert source["mode"] == "pdf-ocr" and source["pages"] == len(text)
    assert source["ocr_pages"] == list(range(2, len(text) + 1, 2))
    assert score(got, key).accuracy >= 0.97


@pytest.mark.slow
def test_a_scanned_page_is_taken_from_its_image_as_pdfium_would_render_it(typeset_pdf, tmp_path):
    import numpy as np
    import pypdfium2 as pdfium

    from pipeline.ocr import _page_scan, render
    from tools.scan import ScanSettings, scan

    pdf, _ = typeset_pdf
    scan(pdf, tmp_path / "scan.pdf", ScanSettings(dpi=200, seed=5))
    for path, from_image in ((tmp_path / "scan.pdf", True), (pdf, False)):  # a scan / text and rulings
        pixels, size = render(path, 1, 300)
        page = pdfium.PdfDocument(str(path))[1]
        assert (_page_scan(page, pixels.shape) is not None) == from_image
        rendered = page.render(scale=300 / 72, grayscale=True).to_numpy()
        rendered = rendered.reshape(rendered.shape[:2])
        assert pixels.shape == rendered.shape and size == page.get_size()
        # same page to within resampling: under 2 grey levels on average
        assert np.abs(pixels.astype(int) - rendered).mean() < 2


@pytest.mark.parametrize("content,message", [
    (b"%PDF-1.4\n%garbage that is not a PDF\n", "corrupt PDF"),
    (b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
     b"trailer << /Root 1 0 R >>\n%%EOF\n", "PDF has no pages"),
])
def test_bad_pdfs_fail_on_one_line_and_write_nothing(tmp_path, capsys, content, message):
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(content)
    assert main(["extract", str(bad), "--out", str(tmp_path / "out"), "--interim", str(tmp_path / "i"), "-q"]) == 3
    err = capsys.readouterr().err.strip().splitlines()
    assert err[0].startswith(f"error: {bad}: ") and message in err[0]
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_an_encrypted_pdf_is_refused(typeset_pdf, tmp_path, capsys):
    from pypdf import PdfReader, PdfWriter  # noqa: F401  (optional: only when pypdf is around)

    pdf, _ = typeset_pdf
    writer = PdfWriter(clone_from=str(pdf))
    writer.encrypt("secret")
    locked = tmp_path / "locked.pdf"
    with open(locked, "wb") as fh:
        writer.write(fh)
    assert main(["extract", str(locked), "--out", str(tmp_path / "out"), "--interim", str(tmp_path / "i"), "-q"]) == 3
    assert "encrypted PDF" in capsys.readouterr().err


def test_a_pdf_that_is_not_a_decree_is_refused(tmp_path, capsys):
    from reportlab.pdfgen import canvas

    path = tmp_path / "menu.pdf"
    c = canvas.Canvas(str(path))
    c.drawString(72, 720, "Daftar menu makan siang kantin: nasi goreng, soto ayam, gado-gado dan es teh manis.")
    c.save()
    assert main(["extract", str(path), "--out", str(tmp_path / "out"), "--interim", str(tmp_path / "i"), "-q"]) == 4
    assert capsys.readouterr().err.startswith(f"error: {path}: ")


def test_a_missing_language_pack_is_named_with_its_fix(monkeypatch):
    import pytesseract

    from pipeline.errors import MissingDependency
    from pipeline.ocr import check_tesseract

    if shutil.which("tesseract") is None:
        pytest.skip("Tesseract is installed by `make setup`")
    monkeypatch.setattr(pytesseract, "get_languages", lambda config="": ["eng", "osd"])
    with pytest.raises(MissingDependency) as err:
        check_tesseract("ind")
    assert err.value.exit_code == 7 and "tesseract-ocr-ind" in str(err.value)


def test_a_page_s_cache_key_is_the_same_before_and_after_its_text_is_read(typeset_pdf, tmp_path):
    """pdfminer drops a stream's raw bytes once it has decoded it: a key hashing raw bytes hashed
    nothing for a page whose characters were read first, so two scans of one layout shared a key."""
    import pdfplumber

    from pipeline.ocr import OcrSettings, page_digest
    from tools.scan import ScanSettings, scan

    pdf, _ = typeset_pdf
    one, two = tmp_path / "one.pdf", tmp_path / "two.pdf"
    scan(pdf, one, ScanSettings(dpi=100, seed=1), pages=range(2))
    scan(pdf, two, ScanSettings(dpi=100, seed=2), pages=range(2))
    keys = {}
    for path in (one, two):
        with pdfplumber.open(path) as fresh, pdfplumber.open(path) as read:
            for page in read.pages:
                assert page.chars == []  # parses the content streams
            keys[path] = [page_digest(p.page_obj, OcrSettings()) for p in fresh.pages]
            assert keys[path] == [page_digest(p.page_obj, OcrSettings()) for p in read.pages]
    assert not set(keys[one]) & set(keys[two])


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("tesseract") is None, reason="Tesseract is installed by `make setup`")
def test_a_scan_with_a_text_layer_is_read_from_its_layer_within_the_rulings_of_its_image(tmp_path, monkeypatch):
    """A searchable scan (an invisible Tesseract text layer over each page image, as OCRmyPDF
    publishes): its table geometry and ticks come from the image, its words from the layer where
    the layer reads well; `--ocr never` reads the layer only."""
    from tools.ocrtext import searchable
    from tools.scan import ScanSettings, scan
    from tools.typeset import answer_key, typeset

    standard = json.loads(KETERAMPILAN.read_text("utf-8"))
    standard["jenjang"] = standard["jenjang"][2:]
    pdf = typeset(standard, tmp_path / "decree.pdf")
    scan(pdf, tmp_path / "scan.pdf", ScanSettings(dpi=250, seed=4))
    searchable(tmp_path / "scan.pdf", tmp_path / "searchable.pdf", tmp_path / "work")
    monkeypatch.setenv("SKJ_CACHE_DIR", str(tmp_path / "cache"))
    key = answer_key(standard)
    got = {}
    for mode in ("auto", "never"):
        out = tmp_path / mode
        assert main(["extract", str(tmp_path / "searchable.pdf"), "--out", str(out), "--interim", str(tmp_path / "i"),
                     "-q", "--ocr", mode]) == 0, mode
        got[mode] = json.loads((out / "skj-7-2025" / "standard.json").read_text("utf-8"))
        assert score(got[mode], key).accuracy >= 0.97, (mode, score(got[mode], key).misses[:5])
    pages = got["auto"]["decree"]["source"]
    assert pages["mode"] == "pdf-ocr" and len(pages["layer_pages"]) >= pages["pages"] - 2
    assert sorted(pages["layer_pages"] + pages["ocr_pages"]) == list(range(1, pages["pages"] + 1))
    assert got["never"]["decree"]["source"]["layer_pages"] == list(range(1, pages["pages"] + 1))
    # the ticks are pixels: read from the image, whatever the words came from
    ticks = [p["tingkat_pentingnya"] for p in got["auto"]["jenjang"][0]["persyaratan"]["pelatihan"]]
    assert ticks == [p["tingkat_pentingnya"] for p in key["jenjang"][0]["persyaratan"]["pelatihan"]]


def _image_page(path: Path, layer: str | None, mode: int = 3) -> Path:
    """A one-page PDF of one page-filling image (a scan), with `layer` written over it in text
    render mode `mode` (3: invisible, an OCR text layer; 0: printed), or no text."""
    from PIL import Image, ImageDraw
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    img = Image.new("L", (595, 842), 255)
    ImageDraw.Draw(img).rectangle((100, 100, 400, 130), outline=0, width=2)
    c = canvas.Canvas(str(path), pagesize=(595, 842))
    c.drawImage(ImageReader(img), 0, 0, 595, 842)
    if layer:
        text = c.beginText(105, 720)
        text.setTextRenderMode(mode)
        text.textLine(layer)
        c.drawText(text)
    c.save()
    return path


def test_a_scan_s_invisible_text_layer_does_not_change_how_its_image_is_read(tmp_path):
    """Text drawn invisibly over a page image (render mode 3) adds no pixels: the page is taken
    from its image as the same scan without the layer (same pixels for the OCR, the rulings and
    the ticks); printed text over it is drawn, so that page is rendered."""
    import numpy as np
    import pypdfium2 as pdfium

    from pipeline.ocr import full_page_image, render

    plain = _image_page(tmp_path / "plain.pdf", None)
    layer = _image_page(tmp_path / "layer.pdf", "Mengingatkan rekan kerja untuk bertindak " * 3)
    printed = _image_page(tmp_path / "printed.pdf", "Mengingatkan rekan kerja", mode=0)
    images = {p.stem: full_page_image(pdfium.PdfDocument(str(p))[0]) for p in (plain, layer, printed)}
    assert images["plain"] is not None and images["layer"] is not None and images["printed"] is None
    assert np.array_equal(render(plain, 0, 300)[0], render(layer, 0, 300)[0])


def test_ocr_always_reads_a_scan_s_text_layer_pages_by_ocr_and_caches_them_apart(tmp_path, monkeypatch):
    """`--ocr always` OCRs a page with a text layer like a scan (its layer ignored), under a cache
    key of its own: the same page read from its layer (`auto`) or by OCR is two results."""
    import pdfplumber

    from pipeline import ocr
    from pipeline.errors import UnreadableInput
    from pipeline.pdf import PdfOptions

    layer = _image_page(tmp_path / "layer.pdf", "Mengingatkan rekan kerja untuk bertindak " * 3)
    asked = {}
    monkeypatch.setattr(ocr, "ocr_pages", lambda pdf, path, numbers, options, progress, layers=None:
                        asked.update(numbers=numbers, layers=layers) or {})
    with pytest.raises(UnreadableInput):  # no words come back from the stand-in: nothing to read
        read_pdf(layer, PdfOptions(ocr="always"))
    assert asked == {"numbers": [1], "layers": {1: "off"}}
    with pdfplumber.open(layer) as pdf:
        keys = {mode: ocr.page_digest(pdf.pages[0].page_obj, ocr.OcrSettings(layer=mode)) for mode in ("auto", "off")}
    assert keys["auto"] != keys["off"]
    assert '"layer_v"' in ocr.OcrSettings(layer="off").key() and '"layer_v"' not in ocr.OcrSettings().key()


def test_suspect_tokens_of_a_text_layer():
    """What a text layer's OCR left unread: rulings, specks read as letters, unknown words; not list
    letters, roman numerals (as OCR reads them too), abbreviations, codes or a word hyphenated at the line's end."""
    from pipeline.normalise import indonesian_words
    from pipeline.ocr import suspect_token

    known = indonesian_words()
    assert [t for t in ("|2.1", "|", "HA", "o", "GC.", "mennvalidasi", "Kerja", "a.", "(c)", "b)", "di", "III/b",
                        "Ill/a", "PNS", "penggu-", "2.1", "12.2", "Kerja,", "dan/atau")
            if suspect_token(t, known)] == ["|2.1", "|", "HA", "o", "GC.", "mennvalidasi"]


def test_a_text_layer_s_lines_that_do_not_read_well_take_our_ocr_s_words_where_they_read_better():
    """A layer's line with a suspect token, or with a glyph at its cell's ruling (`12.2` for `2.2`:
    the layer was OCR'd with the rulings in the image), takes our page pass's words where the
    layer's do not read well, logged; its other words, and lines that read well, stay the layer's;
    a page whose lines all read well is not OCR'd."""
    from pipeline.layout import Grid
    from pipeline.ocr import reread_layer_lines

    def line(text: str, x: float, top: float, conf: float = 90.0) -> list:
        out = []
        for word in text.split():
            out.append([word, x, top, x + 6 * len(word), top + 10, conf])
            x += 6 * len(word) + 4
        return out

    cell = (100.0, 40.0, 500.0, 100.0)  # one wide cell of a ruled table
    layer = (line("12.2 Mendengarkan pihak lain", 102, 45) + line("Mengingatkan rekan kerja", 102, 60)
             + line("HA Pengembangan Diri dan Orang Lain", 60, 300) + line("mennvalidasi data penggu-", 60, 320)
             + line("Iv a. Pelatihan bahasa asing", 60, 250))
    ours = (line("2.2 Mendengarkan pihak lian", 102, 45, 96) + line("Mengingatkan rekan kerja", 102, 60, 96)
            + line("f. Pengembangan Diri dan Orang Lain", 60, 300, 95) + line("memvalidasi data", 60, 320, 94)
            + line("a. Pelatihan bahasa asing", 72, 250, 96))
    out, log = reread_layer_lines(layer, [Grid([[cell]])], lambda: ours, 3)
    assert [(e["page"], e["text"], e["replacement"]) for e in log] == [
        (3, "12.2 Mendengarkan pihak lain", "2.2 Mendengarkan pihak lain"),  # `lain` read well: the layer's
        (3, "Iv a. Pelatihan bahasa asing", "a. Pelatihan bahasa asing"),  # a speck where ours saw nothing
        (3, "HA Pengembangan Diri dan Orang Lain", "f. Pengembangan Diri dan Orang Lain"),
        (3, "mennvalidasi data penggu-", "memvalidasi data penggu-")]  # ours read it deskewed, no rulings
    assert len(out) == len(layer) - 1 and sorted(w[0] for w in out).count("Mengingatkan") == 1
    assert [w[5] for w in out if w[0] == "2.2"] == [96] and [w[5] for w in out if w[0] == "lain"] == [90.0]
    read_well = line("Mengingatkan rekan kerja", 102, 60)
    assert reread_layer_lines(read_well, [Grid([[cell]])], lambda: pytest.fail("OCR'd"), 3) == (read_well, [])
