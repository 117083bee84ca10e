"""The test material itself: layouts drawn from seeds, what the typeset PDFs print, the scan grades,
the searchable and plain-text OCR tools, and the matrix's bookkeeping. Fast: one small decree."""

from __future__ import annotations

import json
import re
import shutil
from collections import Counter
from pathlib import Path

import pytest

from pipeline.words import fold

from .conftest import ROOT

pytestmark = pytest.mark.slow  # typesetting and scanning fixtures

FIXTURE = ROOT / "tests" / "data" / "fixtures" / "skj-1-2022-ahli-pertama.standard.json"
SEEDS = range(1, 51)


@pytest.fixture(scope="module")
def standard():
    return json.loads(FIXTURE.read_text("utf-8"))


def pdf_text(path: Path) -> str:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


def test_every_option_of_every_dimension_occurs_over_fifty_seeds():
    from tools.typeset import OPTIONS, Layout

    layouts = [Layout.from_seed(s) for s in SEEDS]
    for name, choices in OPTIONS.items():
        seen = {getattr(lay, name) for lay in layouts}
        if name == "table_size":  # capped at the body size + 0.5: 12 pt tables come with 12 pt bodies only
            choices = tuple(c for c in choices if c <= max(OPTIONS["body_size"]) + 0.5)
        assert set(choices) <= seen, (name, set(choices) - seen)
    for lay in layouts:
        assert abs(sum(lay.comp_widths) - 1) < 0.01 and abs(sum(lay.req_widths) - 1) < 0.01
        assert 9 <= lay.table_size <= 12 and 10 <= lay.body_size <= 12
    assert Layout.from_seed(0) == Layout()  # seed 0: the plain published look
    assert Layout.from_seed(17) == Layout.from_seed(17)
    assert len({lay.describe() for lay in layouts}) == len(layouts)  # fifty different layouts


def test_a_seed_typesets_the_same_text_every_time(standard, tmp_path):
    import pypdfium2 as pdfium

    from tools.typeset import Layout, typeset

    def text(path: Path) -> list[str]:
        doc = pdfium.PdfDocument(str(path))
        return [doc[i].get_textpage().get_text_range() for i in range(len(doc))]

    a = typeset(standard, tmp_path / "a.pdf", Layout.from_seed(7))
    b = typeset(standard, tmp_path / "b.pdf", Layout.from_seed(7))
    c = typeset(standard, tmp_path / "c.pdf", Layout.from_seed(8))
    assert text(a) == text(b)
    assert text(a) != text(c)


def _printed(word: str, words: set[str], heads: set[str]) -> bool:
    """`word` is printed whole, or hyphenated at a line end: a head `spe-` and its tail `simen`
    (in a table cell the tail is on the cell's next line, which the page's text interleaves with
    other columns, so head and tail are looked up separately)."""
    return word in words or any(word[:i] in heads and word[i:] in words for i in range(2, len(word) - 1))


@pytest.mark.parametrize("seed", [0, 3, 11, 24])
def test_the_text_layer_prints_every_word_of_the_answer_key(standard, tmp_path, seed):
    from tools.typeset import Layout, answer_key, typeset

    layout = Layout.from_seed(seed)
    key = answer_key(standard, layout)
    text = pdf_text(typeset(standard, tmp_path / "d.pdf", layout))
    tokens = text.split()
    have = set(fold(text).split())
    heads = {fold(t) for t in tokens if t.endswith("-") and len(t) > 2}
    j = key["jenjang"][0]
    want = [j["nama_jabatan"], j["urusan_pemerintahan"], j["ikhtisar_jabatan"], key["decree"]["tentang"],
            key["decree"]["penandatangan"], *key["decree"]["kompetensi_teknis_diktum"]]
    for k in j["kompetensi"]:
        want += [k["nama_sumber"], k["deskripsi"], *(i["teks"] for i in k["indikator"])]
    req = j["persyaratan"]
    want += [req["pendidikan"]["jenjang_pendidikan"], req["pendidikan"]["bidang_ilmu"], req["indikator_kinerja_jabatan"]]
    want += [p["nama"] for p in req["pelatihan"]] + [p["uraian"] for p in req["pengalaman_kerja"]]
    want += [f"{p['golongan_sumber']} {p['nama']}" for p in req["pangkat"]]
    missing = [w for field in want for w in fold(field).split() if not _printed(w, have, heads)]
    assert not missing, (layout.describe(), missing[:10])
    # names as printed: the case the layout chose (Title Case, sentence case, as given)
    printed = {t.strip(",.;:") for t in tokens}
    printed_heads = {t[:-1] for t in tokens if t.endswith("-") and len(t) > 2}
    for k in j["kompetensi"]:
        assert all(_printed(w, printed, printed_heads) for w in k["nama_sumber"].split()), k["nama_sumber"]
    # every tick printed as a glyph is in the text layer, one per ticked item
    ticked = sum(1 for p in req["pelatihan"] + req["pengalaman_kerja"] if p.get("tingkat_pentingnya"))
    if layout.tick in "✓✔√":
        assert text.count(layout.tick) == ticked
    elif layout.tick in "VvXx":
        assert Counter(text.split())[layout.tick] >= ticked


def test_the_answer_key_keeps_what_the_pdf_prints(standard):
    from tools.typeset import Layout, answer_key

    lay = next(Layout.from_seed(s) for s in SEEDS if Layout.from_seed(s).numbering == "per-group"
               and Layout.from_seed(s).name_case == "title")
    key = answer_key(standard, lay)
    comps = key["jenjang"][0]["kompetensi"]
    assert [k["nomor_sumber"] for k in comps] == [1, 2, 3, 4, 5, 6, 7, 8, 1, 1, 2, 3]  # numbers restart per group
    assert [k["urutan"] for k in comps] == list(range(1, 13))  # the canonical order does not
    kerja = next(k for k in comps if k["nama"] == "Kerja Sama")
    assert kerja["nama_sumber"] == "Kerja Sama" and kerja["level_tercetak"] == kerja["level"]
    assert key["_layout"]["seed"] == lay.seed
    plain = answer_key(standard)
    assert next(k for k in plain["jenjang"][0]["kompetensi"] if k["nama"] == "Kerja Sama")["nama_sumber"] == "Kerja sama"


def test_indonesian_syllables_for_line_end_hyphens():
    from tools.typeset import SHY, hyphenable, syllables

    assert syllables("spesimen") == ["spe", "si", "men"]
    assert syllables("mengingatkan") == ["me", "ngi", "ngat", "kan"]
    assert syllables("instruksi") == ["in", "struk", "si"]
    assert syllables("kesempatan") == ["ke", "sem", "pa", "tan"]
    assert hyphenable("Mampu mengingatkan") == f"Mampu me{SHY}ngi{SHY}ngat{SHY}kan"


@pytest.fixture(scope="module")
def one_page_pdf(standard, tmp_path_factory):
    """The signature page (it holds `ttd`) of the plain look."""
    import pypdfium2 as pdfium

    from tools.typeset import typeset

    folder = tmp_path_factory.mktemp("scan")
    full = typeset(standard, folder / "full.pdf")
    doc, page = pdfium.PdfDocument(str(full)), None
    for index in range(len(doc)):
        if "ttd" in doc[index].get_textpage().get_text_range():
            page = index
            break
    one = pdfium.PdfDocument.new()
    one.import_pages(doc, [page])
    one.save(str(folder / "one.pdf"))
    return folder / "one.pdf"


@pytest.mark.parametrize("grade,dpi,low,high", [("good", 300, 0, 0.5), ("office", 200, 0, 1.0), ("poor", 150, 1.5, 2.0)])
def test_scan_grades_have_their_documented_resolution_skew_and_quality(one_page_pdf, tmp_path, grade, dpi, low, high):
    import numpy as np
    from PIL import Image
    from pypdf import PdfReader

    from tools.scan import ScanSettings, scan

    settings = ScanSettings.for_grade(grade, seed=5)
    assert settings == ScanSettings.for_grade(grade, seed=5)
    assert {"good": (85, 90), "office": (60, 70), "poor": (40, 50)}[grade][0] <= settings.jpeg_quality <= \
        {"good": (85, 90), "office": (60, 70), "poor": (40, 50)}[grade][1]
    angles = scan(one_page_pdf, tmp_path / "s.pdf", settings)
    assert all(low <= abs(a) <= high for a in angles)
    page = PdfReader(str(tmp_path / "s.pdf")).pages[0]
    image = Image.open(__import__("io").BytesIO(page.images[0].data))
    assert abs(image.width / (float(page.mediabox.width) / 72) - dpi) < 2
    if grade == "poor":  # in colour, with a blue stamp over the signature
        pixels = np.asarray(image.convert("RGB"), dtype=int)
        inked = (pixels[..., 2] - pixels[..., 0] > 15).sum()
        assert image.mode == "RGB" and inked > 300
    else:
        assert image.mode == "L"


@pytest.mark.skipif(shutil.which("tesseract") is None, reason="Tesseract is installed by `make setup`")
def test_a_searchable_scan_keeps_its_pages_and_gains_an_invisible_text_layer(one_page_pdf, tmp_path):
    import pdfplumber
    from pypdf import PdfReader

    from tools.ocrtext import ocr_text, searchable
    from tools.scan import ScanSettings, scan

    scan(one_page_pdf, tmp_path / "s.pdf", ScanSettings.for_grade("office", 1))
    out = searchable(tmp_path / "s.pdf", tmp_path / "searchable.pdf", work=tmp_path / "w")
    before, after = PdfReader(str(tmp_path / "s.pdf")).pages[0], PdfReader(str(out)).pages[0]
    assert before.mediabox == after.mediabox and len(after.images) == 1
    with pdfplumber.open(out) as pdf:
        words = {w["text"] for w in pdf.pages[0].extract_words()}
    assert {"Ditetapkan", "Jakarta"} <= words
    text = ocr_text(tmp_path / "s.pdf", tmp_path / "t.txt", psm=3, work=tmp_path / "w").read_text("utf-8")
    assert "Ditetapkan" in text  # the psm 3 text from the same Tesseract run


def test_the_matrix_records_a_failure_instead_of_stopping(tmp_path, monkeypatch):
    from tools import matrix

    src = str(FIXTURE)
    inputs = matrix.Inputs(tmp_path)
    matrix.make_typeset(inputs, src, 1)
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"%PDF-1.4\n%not a pdf at all\n")
    monkeypatch.setattr(matrix.Inputs, "path", lambda self, cell: bad)
    record = matrix.run_cell(inputs, matrix.Cell(1, src, "text"), 1, None)
    assert record["exit_code"] == 3 and record["status"] == "failed" and record["right"] == 0
    assert record["error"].startswith("UnreadableInput") and record["total"] > 100
    summary = matrix.summarise([record], ("text",))
    assert summary["text"]["ok"] == 0 and summary["text"]["worst"]["seed"] == 1
