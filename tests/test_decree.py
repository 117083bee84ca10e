"""Stage 2 on the real decree, against values read from its body (lines 1-253)."""

import pytest

from pipeline.decree import decree_id, parse_body
from pipeline.errors import NotADecree
from pipeline.load import clean_lines


def test_heading_and_signature(body, golden):
    want = golden["decree"]
    for key in ("id", "nomor", "tahun", "jenis_peraturan", "tentang", "jabatan_fungsional", "ditetapkan_di",
                "tanggal_ditetapkan", "penandatangan", "jabatan_penandatangan"):
        assert getattr(body, key) == want[key], key


def test_diktum_lists(body, golden):
    assert body.kompetensi_teknis_diktum == golden["decree"]["kompetensi_teknis_diktum"]
    assert body.kompetensi_manajerial_diktum == golden["decree"]["kompetensi_manajerial_diktum"]
    assert body.kompetensi_sosial_kultural_diktum == ["Perekat kebangsaan"]


def test_lampiran_starts_at_its_heading(clean, body):
    assert clean.lines[body.lampiran_start].text == "LAMPIRAN"


def test_decree_id_slug():
    assert decree_id("SKJ.1", 2022) == "skj-1-2022"
    assert decree_id("SKJ.12/A", 2023) == "skj-12-a-2023"


def test_a_text_that_is_not_a_decree_is_refused():
    lines, _ = clean_lines("Laporan tahunan\nBab 1 Pendahuluan\n")
    with pytest.raises(NotADecree):
        parse_body(lines, "x.txt")


def test_a_decree_on_another_subject_is_refused():
    lines, _ = clean_lines("KEPUTUSAN MENTERI\nNOMOR 12 TAHUN 2021\nTENTANG\nPEDOMAN TATA NASKAH DINAS\n")
    with pytest.raises(NotADecree, match="not a Standar Kompetensi"):
        parse_body(lines, "x.txt")


def test_a_diktum_list_read_through_scan_noise():
    from pipeline.decree import _diktum_items
    # letters OCR doubled (`Cc)`) or read as a mark (`?`), specks after an item (`, 5`, `, .`), all as a
    # 150-dpi scan of a typeset fixture gave them
    texts = ["Kompetensi manajerial sebagaimana dimaksud pada Diktum Kedua terdiri atas:", "a) Integritas, 5",
             "b) Kerja Sama, .", "Cc) Komunikasi,", "d) Orientasi pada Hasil", "e) Pelayanan Publik:",
             '? Pengembangan Diri dan Orang Lain" 2', "g) Mengelola Perubahan: dan : ja", "h) Pengambilan Keputusan.",
             "Kompetensi sosial kultural sebagaimana dimaksud pada Diktum Kedua yaitu perekat bangsa."]
    assert _diktum_items(texts, 0) == ["Integritas", "Kerja Sama", "Komunikasi", "Orientasi pada Hasil",
                                       "Pelayanan Publik", "Pengembangan Diri dan Orang Lain",
                                       "Mengelola Perubahan", "Pengambilan Keputusan"]
    # a real word after a comma stays; a list ends at its full stop
    assert _diktum_items(["Kompetensi teknis terdiri atas:", "a) Analisis, Evaluasi dan Laporan;",
                          "b) Pemetaan Jabatan.", "c) Bukan bagian"], 0) == ["Analisis, Evaluasi dan Laporan", "Pemetaan Jabatan"]


def test_a_diktum_label_whose_colon_ocr_read_as_a_one():
    from pipeline.decree import _opens_diktum
    assert _opens_diktum("KETIGA 1 Kompetensi teknis sebagaimana dimaksud pada Diktum Kedua terdiri atas:",
                         "kompetensi teknis")
    assert _opens_diktum("KETIGA : Kompetensi teknis sebagaimana dimaksud terdiri atas:", "kompetensi teknis")
