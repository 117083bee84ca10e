"""Stage 4a: the competency tables of the real decree, against hand-read golden rows."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from pipeline.competency_table import row_level, split_indicators, split_rows, strip_list_end
from pipeline.model import Line
from pipeline.words import cer

from .conftest import GOLDEN, jenjang, kompetensi
from .test_golden import KNOWN_WRONG as GOLDEN_WRONG

GOLDEN_ROWS = [
    (j["jenjang"], k) for j in json.loads(GOLDEN.read_text(encoding="utf-8"))["jenjang"] for k in j.get("kompetensi", [])
]
# Rows with a field known wrong (test_golden.KNOWN_WRONG, the one list): strict, so a row that
# becomes wholly right fails here until that list is updated.
# A row field's label is "jenjang/nama.field" or "jenjang/nama/kode".
KNOWN_WRONG = {(where.split("/")[0], where.split("/")[1].split(".")[0]) for where in GOLDEN_WRONG if "/" in where}


def _params():
    for name, row in GOLDEN_ROWS:
        marks = [pytest.mark.xfail(strict=True, reason="a field known wrong (test_golden)")] if (name, row["nama"]) in KNOWN_WRONG else []
        yield pytest.param(name, row, marks=marks, id=f"{name}/{row['nama']}")


@pytest.mark.parametrize("name,want", list(_params()))
def test_golden_row(standard, name, want):
    got = kompetensi(standard, name, want["nama"])
    for key in ("kelompok", "urutan", "nomor_sumber", "level"):
        assert got[key] == want[key], key
    assert cer(got["deskripsi"], want["deskripsi"]) <= 0.03, got["deskripsi"]
    assert [i["kode"] for i in got["indikator"]] == [i["kode"] for i in want["indikator"]]
    for g, w in zip(got["indikator"], want["indikator"]):
        assert cer(g["teks"], w["teks"]) <= 0.03, (w["kode"], g["teks"])


def test_the_row_structure_of_every_jenjang(standard):
    counts = [len(j["kompetensi"]) for j in standard["jenjang"]]
    assert counts == [12, 14, 14, 13]
    for j in standard["jenjang"]:
        kelompok = [k["kelompok"] for k in j["kompetensi"]]
        assert kelompok[:9] == ["manajerial"] * 8 + ["sosial_kultural"], j["jenjang"]
        assert set(kelompok[9:]) == {"teknis"}
        assert [k["urutan"] for k in j["kompetensi"]] == list(range(1, len(kelompok) + 1))


def test_every_row_has_a_level_and_consecutive_codes_of_that_level(standard):
    for j in standard["jenjang"]:
        for k in j["kompetensi"]:
            assert k["level"] in {1, 2, 3, 4, 5}, (j["jenjang"], k["nama"])
            codes = [i["kode"] for i in k["indikator"]]
            assert codes == [f"{k['level']}.{n}" for n in range(1, len(codes) + 1)], (j["jenjang"], k["nama"])
            assert all(i["teks"] for i in k["indikator"]), (j["jenjang"], k["nama"])


def test_levels_as_printed_and_from_codes(standard):
    # printed: "1. Integritas 2 Mampu" (line 309), "S Mampu menjadi" (S read for 5, line 2689)
    assert kompetensi(standard, "Ahli Pertama", "Integritas")["level_tercetak"] == 2
    assert kompetensi(standard, "Ahli Utama", "Integritas")["level_tercetak"] == 5
    # not printed: taken from the codes 4.1-4.3 (Ahli Utama reuses the level-4 rows)
    kerja_sama = kompetensi(standard, "Ahli Utama", "Kerja Sama")
    assert kerja_sama["level_tercetak"] is None and kerja_sama["level"] == 4


def test_names_are_canonical_and_source_numbers_kept(standard):
    muda = jenjang(standard, "Ahli Muda")["kompetensi"]
    assert [k["nama"] for k in muda[:9]] == [
        "Integritas", "Kerja Sama", "Komunikasi", "Orientasi pada Hasil", "Pelayanan Publik",
        "Pengembangan Diri dan Orang Lain", "Mengelola Perubahan", "Pengambilan Keputusan", "Perekat Bangsa"]
    # the decree numbers Perekat Bangsa 10 where 9 is meant, and prints "S." for 5
    assert muda[8]["nomor_sumber"] == 10 and muda[8]["urutan"] == 9
    assert muda[4]["nomor_sumber"] == 5
    assert muda[9]["nama"] == "Perencanaan Pelaksanaan Antar Kerja"


def test_rows_and_groups_from_lines():
    lines = [Line(i, t) for i, t in enumerate([
        "Kompetensi Level Deskripsi Indikator Kompetensi", "A.Manajerial", "1. Integritas 2 Mampu 2.1 Mengingatkan",
        "rekan kerja", "D. Teknis", "10.Penempatan", "Tenaga Kerja", "2.1 Menerapkan asas", "S. Pelayanan publik"])]
    rows = split_rows(lines)
    assert [(r.kelompok, r.nomor, len(r.lines)) for r in rows] == [("manajerial", 1, 2), ("teknis", 10, 3), ("teknis", 5, 1)]


def test_indicators_split_at_codes_and_list_punctuation():
    stream = [("code", "3.1"), ("word", "Memberikan"), ("word", "tugas;"), ("code-alone", "3.2"),
              ("code-alone", "3.3"), ("word", "Mengamati"), ("word", "bawahan;"), ("word", "dan"),
              ("word", "Melakukan"), ("word", "diskusi.")]
    assert split_indicators(stream, 3) == [
        {"kode": "3.1", "teks": "Memberikan tugas"}, {"kode": "3.2", "teks": "Mengamati bawahan"},
        {"kode": "3.3", "teks": "Melakukan diskusi"}]


def test_a_code_lost_by_ocr_is_restored_from_the_sequence():
    stream = [("word", "Mengintegrasikan"), ("word", "informasi;"), ("code-alone", "4.2"),
              ("word", "Berbagi"), ("word", "informasi;"), ("code", "4.3"), ("word", "Menuangkan"), ("word", "pemikiran.")]
    items = split_indicators(stream, 4)
    assert [i["kode"] for i in items] == ["4.1", "4.2", "4.3"]
    assert items[0]["teks"] == "Mengintegrasikan informasi"


@pytest.mark.parametrize("text,want", [
    ("kerjanya; dan", "kerjanya"), ("organisasi.", "organisasi"), ("penjelasan dan", "penjelasan dan"),
    ("kondisi;", "kondisi"),
])
def test_list_punctuation_is_not_part_of_an_item(text, want):
    assert strip_list_end(text) == want


@pytest.mark.parametrize("printed,codes,want", [
    (3, ["3.1", "3.2", "3.3"], (3, False)),  # printed and codes agree
    (5, ["3.1", "3.2", "3.3"], (3, True)),  # a 3 read as 5: three codes outvote one digit
    (5, ["3.1"], (5, False)),  # one code against the digit: no majority, the print stands
    (None, ["2.1", "2.2"], (2, False)),  # the digit lost: the codes tell
    (2, [], (2, False)),
])
def test_the_level_printed_unless_the_codes_agree_on_another(printed, codes, want):
    assert row_level(printed, codes) == want


def test_a_column_holds_a_little_more_than_its_long_lines():
    from pipeline.competency_table import _capacity, _too_wide

    assert _capacity([18] * 4) is None  # too few lines to tell
    cap = _capacity([12, 14, 15, 16, 17, 18, 18, 19, 20, 26])
    assert 20 < cap < 24  # the 90th percentile line and some room, not the one odd line
    assert _too_wide(20, cap) == 0.0
    # 'yang akan untuk menentukan' (26 characters) where a column holds ~21: two columns' words
    assert _too_wide(26, 21.0) < _too_wide(23, 21.0) < 0.0


def test_of_a_lines_splits_the_one_nearer_full_columns_is_preferred_and_only_among_splits():
    from pipeline.competency_table import ColumnWidths, _Decoder, _Line, build_model

    model = build_model(["Menganalisis sumber daya yang tersedia untuk menentukan mekanisme"], [])
    decoder = _Decoder(model.holding_out(None), set(), None, 16.0, ColumnWidths(desc_typical=16.0))
    line = _Line.of([("word", w) for w in "yang akan untuk menentukan".split()])
    # 'yang akan | untuk menentukan' leaves both shares nearer a full line than 'yang | akan untuk ...'
    assert decoder.fullness(line, 2) == 0.0
    assert decoder.fullness(line, 1) < 0.0


def test_a_description_ends_as_a_sentence_and_every_row_has_one():
    from pipeline.competency_table import DESC_MISSING, ITEM_IN_DESC, _Col, _final, _State, build_model

    scorer = build_model(["Memimpin perubahan pada unit kerja.", "Membuat proposal yang rinci dan lengkap."], []).holding_out(None)
    assert _final(_State(), scorer) == DESC_MISSING
    ended = _final(_State(desc=_Col(("unit", "kerja"), ("unit", "kerja."))), scorer)
    cut = _final(_State(desc=_Col(("perubahan", "pada"), ("perubahan", "pada"))), scorer)
    assert ended > cut  # not on 'pada'
    item = _final(_State(desc=_Col(("unit", "kerja"), ("unit", "kerja;"))), scorer)
    assert item == ended + ITEM_IN_DESC  # ';' closes a list item, not a description


def test_a_name_cell_ocr_lost_a_word_of_is_known_by_the_diktum_name_it_is_part_of():
    from pipeline.competency_table import _known_name
    known = [("teknis", "Pengendalian Penggunaan Tenaga Kerja Asing"),
             ("teknis", "Penempatan Tenaga Kerja dan Perluasan Kesempatan Kerja"), ("manajerial", "Kerja Sama")]
    assert _known_name("Penggunaan Tenaga Kerja Asing", "teknis", known) == (
        "Pengendalian Penggunaan Tenaga Kerja Asing", "teknis")
    assert _known_name("Tenaga Kerja", "teknis", known) is None  # part of two names
    assert _known_name("Kerja Asing", "teknis", known) is None  # less than half of the name
    known.append(("manajerial", "Mengelola Perubahan"))
    assert _known_name("Perubahan", "manajerial", known) == ("Mengelola Perubahan", "manajerial")
    assert _known_name("Perubahan", "teknis", known) is None  # another kelompok's name
    assert _known_name("Kerja", "manajerial", known) is None  # too short to name one


def test_a_teknis_name_cell_of_real_words_is_the_name_whatever_the_diktum_s_reading():
    """Poor scan, seed 10: the diktum OCR'd `dan` as `dari`; the cell read `dan` right."""
    from pipeline.competency_table import _known_name
    known = [("teknis", "Pembinaan kelembagaan dari sumber daya penempatan"), ("manajerial", "Komunikasi")]
    assert _known_name("Pembinaan kelembagaan dan  sumber daya penempatan", "teknis", known) == (
        "Pembinaan kelembagaan dan sumber daya penempatan", "teknis")
    # a garbled cell word is no reading to keep: the diktum's name
    assert _known_name("Pembinaan kelembagaan dari sumber daya penernpatan", "teknis", known) == (
        "Pembinaan kelembagaan dari sumber daya penempatan", "teknis")
    assert _known_name("Komunikasl", "manajerial", known) == ("Komunikasi", "manajerial")  # the dictionary's


NAMES = [("manajerial", "Integritas"), ("manajerial", "Kerja Sama"), ("manajerial", "Mengelola Perubahan"),
         ("manajerial", "Komunikasi")]


def test_bare_row_numbers_count_on_and_a_lone_level_is_no_row():
    # `1 Integritas` (no full stop), `(2) Kerja sama`; `2 Mampu` is a level before a description
    lines = [Line(i, t) for i, t in enumerate([
        "A. Manajerial", "1 Integritas 2 Mampu 2.1 Mengingatkan", "2 Mampu mengajak rekan",
        "(2) Kerja sama 2 Menumbuhkan 2.1 Membantu", "5 Komunikasi lain"])]
    rows = split_rows(lines, NAMES)
    assert [(r.nomor, r.nama, len(r.lines)) for r in rows] == [(1, "Integritas", 2), (2, "Kerja Sama", 2)]


def test_rows_told_by_names_take_their_number_and_level_from_further_down():
    # psm 3/4 of cells centred vertically: the row opens with its name, `2) 1` stands mid-row
    lines = [Line(i, t) for i, t in enumerate([
        "A. Kompetensi Manajerial", "Integritas Mampu bertindak 1.1 Bertingkah laku", "» 1) 1 kapasitas pribadi",
        "Kerja sama Berpartisipasi 1.1 Berpartisipasi", "2) 1 | 1.2 Mendengarkan", "Mengelola peruba- Mengikuti",
        "bahan 1.1 Sadar", "Berkomunikasi dengan jelas"])]
    rows = split_rows(lines, NAMES)
    assert [(r.nomor, r.nama, r.level) for r in rows] == [
        (1, "Integritas", 1), (2, "Kerja Sama", 1), (None, "Mengelola Perubahan", None)]
    assert rows[0].lines[1].text == "kapasitas pribadi"
    assert rows[2].lines[-1].text == "Berkomunikasi dengan jelas"  # not Komunikasi: a longer word


def test_a_first_line_printed_above_the_row_number_joins_its_row():
    # pdftotext -layout orders by baseline: the cells' first line comes before `2 Kerja sama`
    lines = [Line(i, t) for i, t in enumerate([
        "A. Manajerial", "Mampu memastikan 3.1 Memastikan anggota", "1 Integritas", "nilai organisasi 3.2 Mampu",
        "Efektif membangun 3.1 Melihat kekuatan", "2 Kerja sama", "peningkatan kinerja 3.2 Mengupayakan"])]
    rows = split_rows(lines, NAMES)
    assert [[ln.no for ln in r.lines] for r in rows] == [[2, 1, 3], [5, 4, 6]]


def test_an_indicator_code_whose_digits_ocr_misread_is_read_as_its_code():
    from pipeline.competency_table import _code_of_line
    fixes: list[dict] = []
    assert _code_of_line("21 Membantu orang lain", 2, fixes) == "2.1 Membantu orang lain"  # its dot lost
    assert _code_of_line("|.1 Menyelesaikan tugas", 1, fixes) == "1.1 Menyelesaikan tugas"  # its 1 a stroke
    # not at level 2, unless it is the cell's next number (then the row's level: see the test below)
    assert _code_of_line("|.1 Menyelesaikan tugas", 2, fixes, 2) == "|.1 Menyelesaikan tugas"
    assert _code_of_line("21 orang", 2, fixes) == "21 orang"  # no capitalised word after it
    assert [f["after"] for f in fixes] == ["2.1 Membantu orang lain", "1.1 Menyelesaikan tugas"]


def test_an_indicator_code_whose_number_ocr_garbled_or_lost_is_the_cell_s_next():
    """Poor scans: `2.T Mengingatkan` (seed 8), `2.Y Menggunakan` (seed 9), `2 Meningkatkan` (seed 11)."""
    from pipeline.competency_table import _code_of_line
    fixes: list[dict] = []
    assert _code_of_line("2.T Mengingatkan rekan kerja", 2, fixes, 1) == "2.1 Mengingatkan rekan kerja"
    assert _code_of_line("2.Y Menggunakan gaya komunikasi", 2, fixes, 3) == "2.3 Menggunakan gaya komunikasi"
    assert _code_of_line("2 Meningkatkan kemampuan", 2, fixes, 2) == "2.2 Meningkatkan kemampuan"
    assert _code_of_line("3.T Mengingatkan", 2, fixes, 1) == "3.T Mengingatkan"  # not the row's level
    assert _code_of_line("2.T Mengingatkan", None, fixes, 1) == "2.T Mengingatkan"  # the row's level unread
    assert _code_of_line("2 orang lain", 2, fixes, 1) == "2 orang lain"  # no capitalised word after it
    # skj-7 seed 3: `1.1 Mengumpulkan bahan` read `1. bahan`, `3.1 Memberikan` read `3. | Memberikan`
    assert _code_of_line("1. bahan informasi lowongan", 1, fixes, 1) == "1.1 bahan informasi lowongan"
    assert _code_of_line("3. | Memberikan tugas", 3, fixes, 1) == "3.1 Memberikan tugas"
    assert [f["before"] for f in fixes] == ["2.T Mengingatkan rekan kerja", "2.Y Menggunakan gaya komunikasi",
                                            "2 Meningkatkan kemampuan", "1. bahan informasi lowongan",
                                            "3. | Memberikan tugas"]


@pytest.mark.parametrize("printed", ["l", "|", "!", '"1', "1."])
def test_a_level_cell_s_lone_1_as_ocr_reads_it_is_the_printed_level(printed):
    """Poor scan (skj-7, seed 3): every Terampil level cell read `l`, `|` or `!`."""
    from pipeline.competency_table import ruled_competencies
    from pipeline.model import Line as ModelLine
    cells = [("nomor", 0, "1)"), ("nama", 1, "Integritas"), ("level", 2, printed), ("deskripsi", 3, "Jujur"),
             ("indikator", 4, "1.1 Bertingkah laku sesuai dengan perkataan")]
    lines = [ModelLine(k, text, row=1, role=role, col=col, page=1) for k, (role, col, text) in enumerate(cells)]
    comp, = ruled_competencies(lines, [("manajerial", "Integritas")])
    assert (comp.nama, comp.level, comp.level_tercetak) == ("Integritas", 1, 1)


def test_a_name_cell_with_a_scan_s_specks_after_the_name_is_still_the_known_name():
    """Poor scan, seed 4: `Mengelola` / `perubahan` / `Na: ."` / `2 .` in the name cell; the
    whole row was lost as an unknown name. Specks alone do not make a name known."""
    from pipeline.competency_table import ruled_competencies
    from pipeline.model import Line as ModelLine
    names = [("manajerial", "Mengelola Perubahan"), ("manajerial", "Integritas")]

    def row(*name_lines: str):
        cells = [("nomor", 0, "7.")] + [("nama", 1, t) for t in name_lines] + [
            ("level", 2, "2"), ("deskripsi", 3, "Proaktif beradaptasi"), ("indikator", 4, "2.1 Menyesuaikan cara kerja")]
        return [ModelLine(k, text, row=1, role=role, col=col, page=1) for k, (role, col, text) in enumerate(cells)]

    comp, = ruled_competencies(row("Mengelola", "perubahan", 'Na: ."', "2 ."), names)
    assert (comp.nama, comp.nama_sumber, comp.nama_dikenal, comp.kelompok) == (
        "Mengelola Perubahan", "Mengelola perubahan", True, "manajerial")
    comp, = ruled_competencies(row("Pemetaan", "Na:"), names)
    assert (comp.nama, comp.nama_dikenal) == ("Pemetaan Na:", False)
    # skj-7 poor seed 1: a speck run read as a short word after a managerial name (its group known)
    group = [ModelLine(100, "A. Kompetensi Manajerial", row=0, role="group", col=0, page=1)]
    comp, = ruled_competencies(group + row("Mengelola Perubahan Nana"), names)
    assert (comp.nama, comp.nama_dikenal) == ("Mengelola Perubahan", True)
    comp, = ruled_competencies(row("Mengelola Perubahan Nana"), names)  # no group: not by law a dictionary name
    assert comp.nama_dikenal is False
    # skj-7 poor seed 6: a speck before a teknis name that is known with it, but nearer without it
    teknis = names + [("teknis", "Pengolahan dan Analisis Data Pasar Kerja")]
    comp, = ruled_competencies(row("Ta: Pengolahan dan analisis data pasar kerja"), teknis)
    assert (comp.nama, comp.nama_sumber) == ("Pengolahan dan Analisis Data Pasar Kerja",
                                             "Pengolahan dan analisis data pasar kerja")
    comp, = ruled_competencies(group + row("Kerja Sama"), names + [("manajerial", "Kerja Sama")])
    assert comp.nama_sumber == "Kerja Sama"  # a short last word that is the name's own stays


def test_a_first_row_whose_number_ocr_garbled_into_its_name_cell_is_still_its_row():
    """Poor scan, seed 6: the first row's `1.` read `te`, glued before `Integritas`: the row was
    lost as an unknown name. The name is known without it; the rows after it count to its number."""
    from pipeline.competency_table import ruled_competencies
    from pipeline.model import Line as ModelLine
    names = [("manajerial", "Integritas"), ("manajerial", "Kerja Sama"), ("manajerial", "Komunikasi")]
    rows = [("", "te Integritas"), ("2.", "Kerja Sama"), ("3.", "Komunikasi")]
    lines = []
    for r, (number, name) in enumerate(rows, start=1):
        cells = ([("nomor", 0, number)] if number else []) + [
            ("nama", 1, name), ("level", 2, "2"), ("deskripsi", 3, "Mampu"), ("indikator", 4, "2.1 Mengingatkan")]
        lines += [ModelLine(len(lines) + k, text, row=r, role=role, col=col, page=1, conf=(90.0, 80.0)) for k, (role, col, text) in enumerate(cells)]
    comps = ruled_competencies(lines, names)
    assert [(c.nama, c.nama_dikenal, c.nomor_sumber, c.nomor_terbaca) for c in comps] == [
        ("Integritas", True, 1, ""), ("Kerja Sama", True, 2, None), ("Komunikasi", True, 3, None)]


def test_a_name_wrapped_in_a_narrow_name_column_opens_its_row():
    # psm 4 of a narrow name column: `Pelayanan` / `publik` at the starts of two lines, the cells beside them
    lines = [Line(i, t) for i, t in enumerate([
        "A. Manajerial", "Integritas Mampu 2.1 Mengingatkan", "etika organisasi",
        "Mengelola Proaktif 2.1 Menyesuaikan cara kerja", "perubahan beradaptasi lama dengan",
        "Kerja bersama tim 2.2 Mengembangkan"])]
    rows = split_rows(lines, NAMES)
    assert [(r.nama, len(r.lines)) for r in rows] == [("Integritas", 2), ("Mengelola Perubahan", 3)]


def test_a_row_number_set_apart_counts_on_past_a_lost_row_and_may_stand_inside_the_name():
    # psm 4: numbers centred in their cells; the Kerja Sama row's name OCR lost, so 3 follows 1
    lines = [Line(i, t) for i, t in enumerate([
        "A. Manajerial", "Integritas Mampu 2.1 Mengingatkan", "1 2 etika organisasi",
        "Mengelola Proaktif 2.1 Menyesuaikan", "3 perubahan beradaptasi lama dengan"])]
    rows = split_rows(lines, NAMES)
    assert [(r.nomor, r.nama) for r in rows] == [(1, "Integritas"), (3, "Mengelola Perubahan")]
    assert rows[1].lines[1].text == "perubahan beradaptasi lama dengan"
    from pipeline.competency_table import _consume_name
    # the number opening the name's second line goes with the name
    assert _consume_name([["Mengelola", "Proaktif"], ["7", "perubahan", "beradaptasi"]], "Mengelola Perubahan") == (2, [1, 2])


def test_a_table_whose_first_group_row_ocr_lost_takes_the_group_of_its_first_known_name():
    # psm 6 drops the shaded `A. KOMPETENSI MANAJERIAL`; a ruling stuck to the name: `(Integritas`
    lines = [Line(i, t) for i, t in enumerate([
        "Be Ae ea", "1. (Integritas 2 |Mampu mengingatkan, |2.1 Mengingatkan", "nilai, norma",
        "2. (Kerja sama 2 IMenumbuhkan tim kerja (2.1 Membantu"])]
    rows = split_rows(lines, NAMES)
    assert [(r.kelompok, r.nomor, r.nama) for r in rows] == [("manajerial", 1, "Integritas"),
                                                            ("manajerial", 2, "Kerja Sama")]


def test_a_level_centred_in_its_cell_is_read_where_it_stands_when_the_codes_agree():
    from pipeline.competency_table import _level_apart
    rest = [["Mampu", "mengingatkan", "2.1", "Mengingatkan"], ["nilai,", "norma"], ["2", "2.2", "Menerapkan"]]
    assert _level_apart(rest) == 2 and rest[2] == ["2.2", "Menerapkan"]
    rest = [["Mampu", "2.1", "Mengingatkan"], ["3", "mempertimbangkan", "masukan"]]  # not the codes' level
    assert _level_apart(rest) is None and rest[1][0] == "3"
    assert _level_apart([["Mampu"], ["2", "tahun"]]) is None  # no code to agree with


def test_a_name_word_hyphenated_at_a_line_end_goes_on_at_the_next_lines_start():
    from pipeline.competency_table import _consume_name
    # psm 4: `7. Mengelola peruba- 2 Proaktif beradaptasi mengi-` / `han kuti perubahan`
    tokens = [["Mengelola", "peruba-", "2", "Proaktif"], ["han", "kuti", "perubahan"]]
    assert _consume_name(tokens, "Mengelola Perubahan") == (2, [2, 1])
    tokens = [["Pembinaan", "ke-", "2", "Mengumpulkan"], ["lembagaan", "dan", "sumber", "serta"], ["daya", "data"]]
    assert _consume_name(tokens, "Pembinaan Kelembagaan dan Sumber Daya") == (5, [2, 3, 1])


def test_a_name_word_cut_without_a_hyphen_and_a_speck_before_a_name_word():
    from pipeline.competency_table import _consume_name
    # psm 3 of a narrow name column: `Pengembanga` / `n diri dan` / `orang lain`; `AA Asing`
    tokens = [["Pengembanga"], ["n", "diri", "dan"], ["orang", "lain"]]
    assert _consume_name(tokens, "Pengembangan Diri dan Orang Lain") == (5, [1, 3, 2])
    tokens = [["Pengendalian"], ["Penggunaan"], ["Tenaga", "Kerja"], ["AA", "Asing"], ["Mampu"]]
    assert _consume_name(tokens, "Pengendalian Penggunaan Tenaga Kerja Asing") == (5, [1, 1, 2, 2, 0])
    assert _consume_name([["Integritas"], ["2", "Mampu"]], "Integritas") == (1, [1, 0])
    # pdftotext -layout: the cut word with the other columns beside it, its tail spelling the word exactly
    tokens = [["Pengembanga", "Meningkatkan", "2.1"], ["n", "diri", "dan", "kemampuan"], ["orang", "lain"]]
    assert _consume_name(tokens, "Pengembangan Diri dan Orang Lain") == (5, [1, 3, 2])


def test_the_headers_column_numbers_repeated_on_a_new_page_are_no_rows_text():
    lines = [Line(i, t) for i, t in enumerate([
        "A. Manajerial", "1. Integritas 2 Mampu 2.1 Mengingatkan", "Kompetensi Level Deskripsi Indikator",
        "(1) (2) (3) (4", "2.2 Menerapkan norma"])]
    rows = split_rows(lines, NAMES)
    assert [ln.text for ln in rows[0].lines] == ["Integritas 2 Mampu 2.1 Mengingatkan", "2.2 Menerapkan norma"]


def test_a_bare_row_number_may_skip_a_row_whose_start_ocr_lost():
    # psm 6 across a page break: row 10's first line lost, `11) Pengendalian Penggu-` still opens its row
    names = NAMES + [("teknis", "Pengendalian Penggunaan Tenaga Kerja Asing")]
    lines = [Line(i, t) for i, t in enumerate([
        "A. Manajerial", "9. Integritas 2 Aktif", "Kerja dan Perluasan Ke- ngolah data",
        "11) Pengendalian Penggu- 2 Mampu memverifikasi", "naan Tenaga Kerja dan memvalidasi"])]
    rows = split_rows(lines, names)
    assert [(r.nomor, r.nama) for r in rows] == [(9, "Integritas"), (11, "Pengendalian Penggunaan Tenaga Kerja Asing")]


def test_a_rows_number_a_line_above_its_name_starts_the_row_the_name_joins():
    # psm 4: `6. Meningkatkan kemampuan 2.1 ...` (the cells' first line) / `Pengembangan bawahan ...`
    names = NAMES + [("manajerial", "Pengembangan Diri dan Orang Lain")]
    lines = [Line(i, t) for i, t in enumerate([
        "A. Manajerial", "5. Integritas 2 Mampu", "6. Meningkatkan kemampuan 2.1 Meningkatkan kemampuan",
        "Pengembangan bawahan dengan memberikan", "diri dan orang contoh dan penjelasan", "lain melaksanakan"])]
    rows = split_rows(lines, names)
    assert [(r.nomor, r.nama, len(r.lines)) for r in rows] == [
        (5, "Integritas", 1), (6, "Pengembangan Diri dan Orang Lain", 4)]


@pytest.mark.parametrize("token,want", [("12.1", ("2", "1")), ("2.1", ("2", "1")), ("1.2", ("1", "2")),
                                        ("|2.3", ("2", "3")), ("12.", None),
                                        ("“2.3", ("2", "3")), ('"2.1', ("2", "1")),  # poor seed 1: a speck before it
                                        ("2'1", ("2", "1"))])  # skj-7 poor seed 2: the dot read as a quote
def test_an_indicator_code_with_a_ruling_read_as_one_before_it(token, want):
    from pipeline.competency_table import CODE
    m = CODE.match(token)
    assert (m.group("level"), m.group("n")) == want if want else m is None


def test_a_row_number_alone_on_its_line_before_the_name_is_the_next_rows():
    # psm 3: the number column's block `10` printed before the name's block, after the row above
    names = NAMES + [("teknis", "Pengendalian Penggunaan Tenaga Kerja Asing")]
    lines = [Line(i, t) for i, t in enumerate([
        "A. Manajerial", "9. Integritas", "Aktif mengembangkan", "unit kerjanya.", "10",
        "Pengendalian", "penggunaan tenaga", "kerja asing", "2", "Mampu memverifikasi",
        "Mengelola perubahan", "11)", "Proaktif beradaptasi"])]
    rows = split_rows(lines, names)
    assert [(r.nomor, r.nama) for r in rows] == [
        (9, "Integritas"), (10, "Pengendalian Penggunaan Tenaga Kerja Asing"), (11, "Mengelola Perubahan")]
    assert rows[0].lines[-1].text == "unit kerjanya."
    assert "2" in [ln.text for ln in rows[1].lines]  # a lone level digit is no number


def test_the_cells_psm3_wrote_before_their_rows_names_are_dealt_to_those_rows():
    # psm 3: the description and indicator blocks of rows 1-2 come before the block of numbers,
    # names and levels; blank lines (gaps in the line numbers) part the blocks
    texts = {1: "Deskripsi", 3: "Mampu mengingatkan,", 4: "mengajak rekan kerja", 6: "2.1 Mengingatkan rekan",
             7: "kerja untuk bertindak", 9: "2.2 Menerapkan norma", 11: "Menumbuhkan tim kerja", 12: "yang partisipatif",
             14: "2.1 Membantu orang lain", 15: "2.2 Berbagi informasi", 16: "A. KOMPETENSI MANAJERIAL", 17: "1) Integritas 2", 18: "2) Kerja sama 2",
             19: "3) Komunikasi 2", 21: "Aktif menjalankan", 23: "2.1 Menggunakan gaya"}
    rows = split_rows([Line(no, t) for no, t in texts.items()], NAMES)
    assert [(r.nomor, r.nama, [ln.no for ln in r.lines]) for r in rows] == [
        (1, "Integritas", [17, 3, 4, 6, 7, 9]), (2, "Kerja Sama", [18, 11, 12, 14, 15]), (3, "Komunikasi", [19, 21, 23])]


def test_a_wrapped_name_with_the_other_columns_lines_between_its_own():
    # pdftotext -layout orders by baseline: the description's lines fall between the name's
    names = NAMES + [("teknis", "Pengendalian Penggunaan Tenaga Kerja Asing")]
    lines = [Line(i, t) for i, t in enumerate([
        "A. Manajerial", "1. Integritas 2 Mampu", "Mampu memverifikasi dan 2.1 Menerapkan", "Pengendalian",
        "memyalidasi data penggunaan dan teknik", "penggunaan tenaga", "tenaga kerja asing penggunaan",
        "kerja asing", "Asing pada setiap kegiatan"])]
    assert [r.nama for r in split_rows(lines, names)] == ["Integritas", "Pengendalian Penggunaan Tenaga Kerja Asing"]
    # two lines in a row without a word of it: no name (a description's words further down)
    lines[6] = Line(6, "yang dilayani")
    lines.insert(7, Line(7, "dan pihak lain"))
    assert [r.nama for r in split_rows(lines, names)] == ["Integritas"]


@pytest.mark.parametrize("cell,number,name", [
    (".13. Pemeliharaan Sistem Informasi Pasar Kerja", "13", "Pemeliharaan Sistem Informasi Pasar Kerja"),  # skj-7 poor seed 1
    ("11' Pengolahan dan Analisis Data Pasar Kerja", "11", "Pengolahan dan Analisis Data Pasar Kerja"),
    ("1. Integritas", "1", "Integritas"),
    ("2.1 Membantu orang lain", None, None),  # an indicator code, no row number
])
def test_a_row_number_leading_the_name_cell_with_a_speck_about_it(cell, number, name):
    from pipeline.competency_table import ROW_NUMBER
    m = ROW_NUMBER.match(cell)
    assert (m.group("num") or m.group("alone"), cell[m.end():]) == (number, name) if number else m is None


def test_a_row_s_part_on_the_next_page_that_the_layout_left_apart_goes_on_with_its_codes():
    """skj-7 poor seed 2: `3.3 Mengembangkan ...` at the top of page 13, no name, no number, was
    a row of its own (a tenth managerial row); its codes go on from the row before (3.1, 3.2)."""
    from pipeline.competency_table import ruled_competencies
    from pipeline.model import Line as ModelLine
    names = [("manajerial", "Orientasi pada Hasil"), ("manajerial", "Pelayanan Publik")]
    cells = [(1, "nomor", "4"), (1, "nama", "Orientasi pada Hasil"), (1, "level", "3"), (1, "deskripsi", "Menetapkan target"),
             (1, "indikator", "3.1 Menetapkan target kinerja"), (1, "indikator", "3.2 Memberikan apresiasi"),
             (2, "indikator", "3.3 Mengembangkan metode kerja"),
             (3, "nomor", "5"), (3, "nama", "Pelayanan Publik"), (3, "level", "3"), (3, "deskripsi", "Mampu"),
             (3, "indikator", "3.1 Memahami")]
    lines = [ModelLine(k, text, row=r, role=role, page=12 if r == 1 else 13) for k, (r, role, text) in enumerate(cells)]
    comps = ruled_competencies(lines, names)
    assert [(c.nama, [i["kode"] for i in c.indikator]) for c in comps] == [
        ("Orientasi pada Hasil", ["3.1", "3.2", "3.3"]), ("Pelayanan Publik", ["3.1"])]
    # skj-7 poor seed 2 itself: the row's number `4` read at page 12's foot, with the part
    numbered = [ln for ln in lines if not (ln.row == 1 and ln.role == "nomor")]
    numbered.insert(6, ModelLine(99, '"4', row=2, role="nomor", page=12))
    comps = ruled_competencies(numbered, names)
    assert [(c.nama, c.nomor_sumber, [i["kode"] for i in c.indikator]) for c in comps] == [
        ("Orientasi pada Hasil", 4, ["3.1", "3.2", "3.3"]), ("Pelayanan Publik", 5, ["3.1"])]
    # as read: the number a free line at page 12's foot, the header repeated atop page 13
    apart = [ln for ln in lines if not (ln.row == 1 and ln.role == "nomor")]
    apart[5:5] = [ModelLine(98, '"4', page=12)] + [ModelLine(97, t, row=9, role="header", page=13)
                                                 for t in ("Kompetensi", "Level", "Deskripsi")]
    comps = ruled_competencies(apart, names)
    assert [(c.nama, [i["kode"] for i in c.indikator]) for c in comps] == [
        ("Orientasi pada Hasil", ["3.1", "3.2", "3.3"]), ("Pelayanan Publik", ["3.1"])]
    # a nameless row whose codes start over (3.1 after 3.3) is a row of its own (its name OCR lost)
    comps = ruled_competencies([ln for ln in lines if ln.row != 3 or ln.role not in ("nomor", "nama")], names)
    assert [[i["kode"] for i in c.indikator] for c in comps] == [["3.1", "3.2", "3.3"], ["3.1"]]


def test_a_laid_out_lines_words_left_of_the_indicator_codes_column_are_its_description():
    from pipeline.competency_table import _decode_choices, build_model, laid_splits, _items_of
    from pipeline.load import clean_lines
    # pdftotext -layout: the columns drift a character or two, and a full description line leaves one
    # space before the indicator column (`efektif nyelesaikan`)
    lines, _ = clean_lines(
        "1. Integritas   2   Mampu mengingatkan,      2.1 Mengingatkan rekan kerja\n"
        "                    yang partisipatif dan efektif nyelesaikan tugas mereka\n"
        "                    nilai, norma            dan etika organisasi\n"
        "                                           2.2 Menerapkan norma\n"
        "                    sasaran tim\n")
    rest = [ln.text.split() for ln in lines]
    rest[0] = rest[0][3:]  # the row number, name and level taken
    assert laid_splits(lines, rest) == [2, 4, 2, 0, 2]
    model = build_model(["Membantu orang lain menyelesaikan tugas mereka."], [])
    items = [_items_of(toks) for toks in rest]
    assert _decode_choices(items, model.holding_out(None), set(), laid=[2, 4, 2, 0, 2]) == (2, 4, 2, 0, 2)
    assert _decode_choices(items, model.holding_out(None), set()) != (2, 4, 2, 0, 2)  # the text alone misreads it
    # no code on any line of the row, or text that kept no layout: nothing to tell by
    assert laid_splits(lines[1:3], rest[1:3]) is None
    assert laid_splits([Line(1, "Mampu 2.1 Mengingatkan")], [["Mampu", "2.1", "Mengingatkan"]]) is None


def test_a_ruling_read_between_two_words_of_a_line_parts_its_columns():
    from pipeline.competency_table import _decode_choices, _items_of, build_model, ruled_splits
    from pipeline.load import clean_lines
    # psm 4: `nilai, norma, dan etika or- | dan etika ...`, the ruling between the description and indicator cells
    lines, _ = clean_lines("Mampu mengingatkan, 2.1 Mengingatkan rekan kerja untuk\n"
                           "nilai, norma, dan etika or- |bertindak sesuai dengan nilai,\n"
                           "ganisasi dan etika organisasi dalam\n"
                           "|Mampu mengingatkan\n")
    rest = [ln.text.split() for ln in lines]
    # a ruling before a line's first word parts the name or level from it: no split told
    assert ruled_splits(lines, rest) == [None, 5, None, None]
    # the name taken from the line's start leaves the ruling where it stood among the words left
    assert ruled_splits(lines[1:2], [rest[1][2:]]) == [3]
    # where the text alone reads `rekan kerja | untuk bertindak sesuai dengan nilai dan`, the ruling tells
    lines, _ = clean_lines("Mampu mengajak 2.1 Mengingatkan rekan kerja\n"
                           "rekan kerja untuk bertindak |sesuai dengan nilai dan\n"
                           "sesuai etika organisasi etika organisasi\n")
    model = build_model(["Mengingatkan rekan kerja untuk bertindak sesuai dengan nilai dan etika organisasi.",
                         "Mampu mengajak rekan kerja untuk bertindak sesuai etika organisasi."], [])
    rest = [ln.text.split() for ln in lines]
    items = [_items_of(toks) for toks in rest]
    assert _decode_choices(items, model.holding_out(None), set())[1] == 2
    assert _decode_choices(items, model.holding_out(None), set(), ruled=ruled_splits(lines, rest))[1] == 4


def test_a_name_word_is_not_taken_as_lost_when_it_opens_a_line_below():
    from pipeline.competency_table import _consume_name, _wrapped_name
    # pdftotext -layout by baseline: the name cell's lines between the description's; `data` beside
    # `kelembagaan dan` is one letter from the name's `daya`, whose `sumber` opens a line below
    texts = ["Pembinaan", "kelembagaan dan data dari pemangku kepentingan dan teknik pelayanan",
             "untuk dilanjutkan dengan berbagai pembinaan kelembagaan dan", "sumber daya",
             "penempatan bentuk layanan pembinaan sumber daya penempatan pada"]
    name = "Pembinaan Kelembagaan dan Sumber Daya Penempatan"
    assert _consume_name([t.split() for t in texts], name) == (6, [1, 2, 0, 2, 1])
    assert _wrapped_name([Line(i, t) for i, t in enumerate(texts)], 0, [("teknis", name)], "teknis") == name
    # a word OCR lost is still passed over: `Sumber` nowhere below
    assert _consume_name([["Pembinaan", "Kelembagaan", "dan", "Daya", "Penempatan"]], name) == (6, [5])


def test_a_number_that_skips_a_row_is_the_next_rows_when_that_row_holds_it_too():
    # psm 6: row 2's number misread `3` (`3 Pi yang ada`, as seed 3 read 8 as `9`), and row 3's `3)` further
    # down: 2 stays unread rather than every row after it numbered one too many
    lines = [Line(i, t) for i, t in enumerate([
        "A. Manajerial", "1) Integritas 2 Mampu 2.1 Mengingatkan", "Kerja sama Menumbuhkan 2.1 Membantu",
        "2.2 Berbagi informasi", "3 Pi yang ada sebelum", "Komunikasi Aktif menjalankan 2.1 Menggunakan",
        "3) 2 mangku kepentingan"])]
    rows = split_rows(lines, NAMES)
    assert [(r.nomor, r.nama) for r in rows] == [(1, "Integritas"), (None, "Kerja Sama"), (3, "Komunikasi")]
    lines[6] = Line(6, "2.2 Menyampaikan")  # no number in the row after: a row OCR lost between
    assert [r.nomor for r in split_rows(lines, NAMES)] == [1, 3, None]


def test_a_row_opened_by_its_names_first_words_keeps_that_name_when_the_rest_of_its_cell_is_elsewhere():
    from pipeline.competency_table import _Row, build_model, reconstruct_row
    # psm 3 put `gaan dan Sumber Daya` / `Penempatan` in another row's blocks: the row's first line
    # alone tells its name; the rest of that line is its description, not part of a name
    name = "Pembinaan Kelembagaan dan Sumber Daya Penempatan"
    row = _Row("teknis", 12, [Line(1, "Pembinaan Kelemba- Mengumpulkan serta me- 2.1 Menerapkan asas, metode"),
                              Line(2, "2.2 Aktif menjalin komunikasi")], name)
    comp = reconstruct_row(row, [("teknis", name)], build_model([], []), set())
    assert (comp.nama, comp.nama_sumber, comp.nama_dikenal) == (name, "Pembinaan Kelemba-", True)
    assert comp.deskripsi == "Mengumpulkan serta me-"
    # a first line that does not open with the name's first two words is read as before
    row = _Row("teknis", 12, [Line(1, "Pembinaan Mengumpulkan serta 2.1 Menerapkan")], name)
    assert reconstruct_row(row, [("teknis", name)], build_model([], []), set()).nama_dikenal is False


@pytest.mark.parametrize("text,want", [
    ("B. KOMPETENSI SOSIAL K ULTURAL", "sosial_kultural"),  # psm 3 split a word of the group row
    ("B. Sosial Kultural", "sosial_kultural"), ("C.Teknis", "teknis"), ("A. Manajcrial", "manajerial"),
    ("Teknis bidang antar kerja", None), ("sosial kultural dan teknis", None)])
def test_a_group_row_is_told_though_ocr_split_a_word_of_it(text, want):
    from pipeline.words import group_of
    assert group_of(text) == want


def test_a_level_digit_read_with_a_speck_as_a_second_digit_is_the_level_when_the_codes_agree():
    from pipeline.competency_table import _Row, build_model, reconstruct_row
    # pdftotext of psm 3's layer: `9. Perekat Bangsa 15 Peka memahami`, the level 1's cell with a speck
    names = [("sosial_kultural", "Perekat Bangsa")]
    row = _Row("sosial_kultural", 9, [Line(1, "Perekat Bangsa 15 Peka memahami dan me- 1.1 Mampu memahami,"),
                                      Line(2, "nerima kemajemukan 1.2 Terbuka, ingin belajar")], "Perekat Bangsa")
    comp = reconstruct_row(row, names, build_model([], []), set())
    assert (comp.level, comp.level_tercetak) == (1, 1) and comp.deskripsi.startswith("Peka memahami")
    # a ruling read as 1 before the digit: `13 Mempromosikan` where the codes are 3.n
    row3 = _Row("sosial_kultural", 9, [Line(1, "Perekat Bangsa 13 Mempromosikan, mengembangkan 3.1 Mempromosikan"),
                                       Line(2, "sikap toleransi 3.2 Menjadi mediator")], "Perekat Bangsa")
    assert reconstruct_row(row3, names, build_model([], []), set()).level_tercetak == 3
    # a number the codes do not carry is left where it stands
    row.lines[0] = Line(1, "Perekat Bangsa 25 Peka memahami dan me- 1.1 Mampu memahami,")
    assert reconstruct_row(row, names, build_model([], []), set()).deskripsi.startswith("25 Peka")


def test_a_lone_bare_digit_the_rows_codes_disagree_with_is_the_next_rows_number():
    # psm 3 (a number column, cells centred): `2` alone after row 1's indicators, then row 2's name;
    # codes 3.1, 3.2 say the level is 3, so the `2` is no level but row 2's number (as seed 3's `4`)
    lines = [Line(i, t) for i, t in enumerate([
        "A. Kompetensi Manajerial", "1. Integritas 3 Mampu 3.1 Mengingatkan", "3.2 Memberikan informasi",
        "organisasi", "2", "Kerja sama Menumbuhkan", "3.1 Membantu orang lain"])]
    rows = split_rows(lines, NAMES)
    assert [(r.nomor, r.nama) for r in rows] == [(1, "Integritas"), (2, "Kerja Sama")]
    assert "2" not in [ln.text for r in rows for ln in r.lines]
    # beside codes of level 2 a lone `2` may be the level: not taken as a number
    lines = [replace(ln, text=ln.text.replace("3.", "2.").replace(" 3 ", " 2 ")) for ln in lines]
    assert [r.nomor for r in split_rows(lines, NAMES)] == [1, None]


def test_a_row_number_set_apart_and_misread_takes_the_number_its_neighbours_count_to():
    # psm 3 (a number column, cells centred): `7)` read `1)` on a line of its own before row 7's name,
    # rows 6 and 8 numbered: the row is 7, and `1)` is kept for the log
    from pipeline.competency_table import build_model, reconstruct_row
    names = [("manajerial", "Pengembangan Diri dan Orang Lain"), ("manajerial", "Mengelola Perubahan"),
             ("manajerial", "Pengambilan Keputusan")]
    lines = [Line(i, t) for i, t in enumerate([
        "A. Kompetensi Manajerial", "6. Pengembangan diri", "dan orang lain", "2.1 Meningkatkan kemampuan",
        "hami penjelasan atau pengarahan", "1)", "Mengelola peruba-", "han", "Proaktif beradaptasi",
        "2.1 Menyesuaikan cara kerja", "Pengambilan kepu-", "tusan", "8)", "Menganalisis masalah",
        "2.1 Melakukan analisis"])]
    rows = split_rows(lines, names)
    assert [(r.nomor, r.nama) for r in rows] == [(6, "Pengembangan Diri dan Orang Lain"), (7, "Mengelola Perubahan"),
                                                (8, "Pengambilan Keputusan")]
    assert rows[1].nomor_terbaca == "1)" and "1)" not in [ln.text for r in rows for ln in r.lines]
    comp = reconstruct_row(rows[1], names, build_model([], [ln.text for ln in lines]), set())
    assert (comp.nomor_sumber, comp.nomor_terbaca) == (7, "1)")
    # a number that fits nowhere, with no neighbours agreeing (8 missing), is left alone
    del lines[12]
    assert [r.nomor for r in split_rows(lines, names)] == [6, None, None]


def test_an_indicator_code_a_poor_scan_garbled_further_is_read_as_its_code():
    """skj-7 poor scans: `.2.1 Menampilkan` (seed 7), `L1`/`L.1`/`.L1 Bertingkah` (seeds 11, 12: the
    level's 1 read as L), `4-1 Menyampaikan` (seed 12: 1.1 at level 1), `1. 2` (seed 7: read in two)."""
    from pipeline.competency_table import _code_of_line
    fixes: list[dict] = []
    assert _code_of_line(".2.1 Menampilkan sikap", 2, fixes, 1) == "2.1 Menampilkan sikap"
    assert _code_of_line("L1 Bertingkah laku", 1, fixes, 1) == "1.1 Bertingkah laku"
    assert _code_of_line("L.1 Bertingkah laku", 1, fixes, 1) == "1.1 Bertingkah laku"
    assert _code_of_line(".L1 Menyelesaikan tugas", 1, fixes, 1) == "1.1 Menyelesaikan tugas"
    assert _code_of_line("4-1 Menyampaikan informasi", 1, fixes, 1) == "1.1 Menyampaikan informasi"
    assert _code_of_line("1. 2 Melayani kebutuhan", 1, fixes, 2) == "1.2 Melayani kebutuhan"
    n = len(fixes)
    assert _code_of_line("4-1 Menyampaikan informasi", 1, fixes, 2) == "4-1 Menyampaikan informasi"  # not the next number
    assert _code_of_line("L1 Bertingkah laku", None, fixes, 1) == "L1 Bertingkah laku"  # the row's level unread
    assert _code_of_line("L1 bertingkah laku", 1, fixes, 1) == "L1 bertingkah laku"  # no capitalised word after it
    assert _code_of_line(".3.2 Menampilkan", 2, fixes, 1) == ".3.2 Menampilkan"  # another level, not the next number
    # a line that opens with a number, a degree or a range is no code (a review's cases)
    assert _code_of_line("S2 Kesehatan Masyarakat sesuai standar;", 2, fixes, 2) == "S2 Kesehatan Masyarakat sesuai standar;"
    assert _code_of_line("S1 Keperawatan atau Profesi Ners;", 3, fixes, 1) == "S1 Keperawatan atau Profesi Ners;"
    assert _code_of_line("12 Bulan terakhir dianalisis;", 2, fixes, 2) == "12 Bulan terakhir dianalisis;"
    assert _code_of_line("3-5 Tahun ke depan disusun;", 3, fixes, 3) == "3-5 Tahun ke depan disusun;"
    assert len(fixes) == n
    assert [f["before"] for f in fixes[:2]] == [".2.1 Menampilkan sikap", "L1 Bertingkah laku"]


def test_lower_case_words_after_an_opening_code_close_the_item_before():
    """skj-7 poor seed 7: the last line of item 1.1 (`politik`) and the first of 1.2, read as one line
    `1. 2 politik Melayani kebutuhan,`; the word goes back to the item it ends."""
    from pipeline.competency_table import _code_of_line, split_indicators, _items_of
    fixes: list[dict] = []
    before = _items_of("1.1 Mampu mengerjakan tugas kelompok/partai".split())
    line = _code_of_line("1. 2 politik Melayani kebutuhan,", 1, fixes, 2, before)
    assert line == "politik 1.2 Melayani kebutuhan,"
    stream = before + _items_of(line.split())
    assert [i["teks"] for i in split_indicators(stream, 1)] == [
        "Mampu mengerjakan tugas kelompok/partai politik", "Melayani kebutuhan"]
    assert fixes[-1]["before"] == "1.2 politik Melayani kebutuhan," and "politik" in fixes[-1]["what"]
    n = len(fixes)
    assert _code_of_line("1.1 politik Melayani", 1, fixes, 1, []) == "1.1 politik Melayani"  # no item before it
    assert _code_of_line("1.2 bahan informasi lowongan kerja", 1, fixes, 2, before) == "1.2 bahan informasi lowongan kerja"
    assert _code_of_line("1.2 dan data RPTKA", 1, fixes, 2, before) == "1.2 dan data RPTKA"  # an acronym opens no item
    # the item before ended at its separator, or the cell's items open in lower case: the words are this item's
    ended = _items_of("1.1 Mampu mengerjakan tugas;".split())
    assert _code_of_line("1.2 menerapkan Standar Operasional", 1, fixes, 2, ended) == "1.2 menerapkan Standar Operasional"
    lower = _items_of("1.1 menyusun rencana kerja".split())
    assert _code_of_line("1.2 menyusun laporan Kinerja Unit", 1, fixes, 2, lower) == "1.2 menyusun laporan Kinerja Unit"
    assert _code_of_line("1.2 e-Katalog Disusun sesuai", 1, fixes, 2, before) == "1.2 e-Katalog Disusun sesuai"
    assert len(fixes) == n


def test_a_teknis_name_cell_read_well_is_not_given_the_specks_of_its_garbled_diktum_item():
    """Poor scans of skj-7: the diktum item read `:3. Pengumpulan Data Pasar Kerja` (seed 11) or
    `Pemeliharaan Sistem Informasi Pasar Kerja. mika` (seed 8) while every table's name cell read
    the name alone; each row took the item's garble as its name and was lost. The name is the
    item's span the cell reads as, the item's casing kept; the change is logged on the row."""
    from pipeline.competency_table import listed_core, ruled_competencies
    from pipeline.model import Line as ModelLine

    def row(name: str):
        cells = [("nomor", 0, "10."), ("nama", 1, name), ("level", 2, "1"), ("deskripsi", 3, "Mampu mengumpulkan"),
                 ("indikator", 4, "1.1 Mengidentifikasi sumber data")]
        group = [ModelLine(100, "C. Teknis", row=0, role="group", col=0, page=1)]
        return group + [ModelLine(k, text, row=1, role=role, col=col, page=1) for k, (role, col, text) in enumerate(cells)]

    comp, = ruled_competencies(row("Pengumpulan data pasar kerja"), [("teknis", ":3. Pengumpulan Data Pasar Kerja")])
    assert (comp.nama, comp.nama_sumber, comp.nama_dikenal) == (
        "Pengumpulan Data Pasar Kerja", "Pengumpulan data pasar kerja", True)
    assert comp.perbaikan == [{"column": "nama", "before": ":3. Pengumpulan Data Pasar Kerja",
                               "after": "Pengumpulan Data Pasar Kerja", "why": "listed name's specks left out",
                               "what": "the name cell reads `Pengumpulan data pasar kerja`"}]
    comp, = ruled_competencies(row("Pergeliharaan Sistem Informasi | Pasar Kerja"),
                               [("teknis", "Pemeliharaan Sistem Informasi Pasar Kerja. mika")])
    assert comp.nama == "Pemeliharaan Sistem Informasi Pasar Kerja"
    # a name cell that prints the whole item keeps it; an abbreviation's stop is no item's end
    comp, = ruled_competencies(row("Analisis Data Tk. Lanjut"), [("teknis", "Analisis Data Tk. Lanjut")])
    assert (comp.nama, comp.perbaikan) == ("Analisis Data Tk. Lanjut", [])
    assert listed_core("Pengelolaan Data. Pasar Kerja") == "Pengelolaan Data"
    assert listed_core("Penyajian Informasi Pasar Kerja.") == "Penyajian Informasi Pasar Kerja."
    assert listed_core("Pengelolaan Adm. Keuangan Daerah") == "Pengelolaan Adm. Keuangan Daerah"  # `Adm.`


def test_a_row_named_in_another_kelompok_after_a_lost_group_row_takes_that_kelompok():
    """Poor scan (skj-1, held-out seed 15): the `C. Teknis` group row lost, the teknis rows ran on
    under the socio-cultural group. A name listed only as teknis is teknis, and so are the rows
    after it, a name the lists do not hold included; the change is logged on the row."""
    from pipeline.competency_table import ruled_competencies
    from pipeline.model import Line as ModelLine
    names = [("sosial_kultural", "Perekat Bangsa"), ("teknis", "Penempatan Tenaga Kerja")]

    def row(r: int, name: str) -> list:
        cells = [("nama", 1, name), ("level", 2, "2"), ("deskripsi", 3, "Mampu bekerja"),
                 ("indikator", 4, "2.1 Melaksanakan tugas")]
        return [ModelLine(r * 10 + k, text, row=r, role=role, col=col, page=1) for k, (role, col, text) in enumerate(cells)]

    group = [ModelLine(0, "B. Sosial Kultural", row=0, role="group", col=0, page=1)]
    comps = ruled_competencies(group + row(1, "Perekat Bangsa") + row(2, "Penempatan Tenaga Kerja")
                               + row(3, "Analisis Pasar Kerja"), names)
    assert [(c.nama, c.kelompok) for c in comps] == [
        ("Perekat Bangsa", "sosial_kultural"), ("Penempatan Tenaga Kerja", "teknis"), ("Analisis Pasar Kerja", "teknis")]
    assert [f["column"] for f in comps[1].perbaikan] == ["kelompok"] and comps[1].perbaikan[0]["before"] == "sosial_kultural"


def test_indicator_lines_read_into_an_empty_indicator_cell_s_name_cell_are_its_indicators():
    """Poor scan (skj-1, held-out seed 13): the ruling between the name and the indicator columns
    lost, `Komunikasi` / `2.1 Menggunakan ...` read as one name cell, the indicator cell empty."""
    from pipeline.competency_table import ruled_competencies
    from pipeline.model import Line as ModelLine
    cells = [("nama", 1, "Komunikasi"), ("nama", 1, "2.1 Menggunakan gaya komunikasi"), ("nama", 1, "informal"),
             ("nama", 1, "2.2 Mendengarkan pihak lain"), ("level", 2, "2"), ("deskripsi", 3, "Aktif menjalankan komunikasi")]
    group = [ModelLine(0, "A. Manajerial", row=0, role="group", col=0, page=1)]
    row = [ModelLine(k + 1, text, row=1, role=role, col=col, page=1) for k, (role, col, text) in enumerate(cells)]
    comp, = ruled_competencies(group + row, [("manajerial", "Komunikasi")])
    assert (comp.nama, comp.nama_dikenal) == ("Komunikasi", True)
    assert [(i["kode"], i["teks"]) for i in comp.indikator] == [
        ("2.1", "Menggunakan gaya komunikasi informal"), ("2.2", "Mendengarkan pihak lain")]
    assert comp.perbaikan[0]["why"] == "indicators read into the name cell"
    # a name cell whose second line opens with a number, its indicator cell read: stays the name
    row[1] = ModelLine(2, "2.1 Menggunakan gaya komunikasi", row=1, role="indikator", col=4, page=1)
    comp, = ruled_competencies(group + row, [("manajerial", "Komunikasi")])
    assert comp.indikator[0]["teks"].startswith("Menggunakan")


def test_a_code_s_remnant_opening_an_indicator_is_left_out_of_its_text():
    """Poor scans (held-out seeds): `“24 Menunjukkan`, `21 1 Mengingatkan`, `.2.1| Menampilkan`:
    what no code rule read is no text of the item (the item keeps its place and code), logged."""
    from pipeline.competency_table import ruled_competencies
    from pipeline.model import Line as ModelLine
    for first, text in (("“24 Menunjukkan sikap yakin", "Menunjukkan sikap yakin"),
                        ("21 1 Mengingatkan rekan kerja", "Mengingatkan rekan kerja"),
                        (".2.1| Menampilkan sikap", "Menampilkan sikap")):
        cells = [("nama", 1, "Integritas"), ("level", 2, "2"), ("deskripsi", 3, "Mampu mengingatkan"),
                 ("indikator", 4, first), ("indikator", 4, "2.2 Menerapkan norma")]
        row = [ModelLine(k, t, row=1, role=role, col=col, page=1) for k, (role, col, t) in enumerate(cells)]
        comp, = ruled_competencies(row, [("manajerial", "Integritas")])
        assert [i["teks"] for i in comp.indikator] == [text, "Menerapkan norma"], first
        assert [f["before"] for f in comp.perbaikan if f["column"] == "indikator"] == [first], first  # logged
    # an item opening with a number and a word in lower case keeps it (`3 bulan sekali`)
    cells = [("nama", 1, "Integritas"), ("level", 2, "2"), ("deskripsi", 3, "Mampu"),
             ("indikator", 4, "2.1 Melapor"), ("indikator", 4, "2.2 3 kali setahun")]
    row = [ModelLine(k, t, row=1, role=role, col=col, page=1) for k, (role, col, t) in enumerate(cells)]
    comp, = ruled_competencies(row, [("manajerial", "Integritas")])
    assert comp.indikator[1]["teks"] == "3 kali setahun"




def test_a_row_whose_name_cell_the_page_break_kept_whole_is_one_row_with_its_foot_part():
    """Text layer, layout seeds 51 and 61: a page break cut a row whose name cell the typesetter kept
    whole on the next page. The page's foot held the row's level and the first lines of its description
    and indicators under an empty name cell; the next page's first row held the name, no level, and the
    rest. Read apart, the foot part was a nameless competency and every row after it counted one on."""
    from pipeline.competency_table import ruled_competencies
    from pipeline.model import Line as ModelLine
    names = [("manajerial", "Komunikasi"), ("manajerial", "Pengembangan Diri dan Orang Lain"),
             ("manajerial", "Mengelola Perubahan")]
    cells = [
        (5, 1, "nama", 0, "5. Komunikasi"), (5, 1, "level", 1, "2"), (5, 1, "deskripsi", 2, "Menyampaikan"),
        (5, 1, "indikator", 3, "2.1 Menyampaikan informasi"),
        (5, 2, "level", 1, "2"), (5, 2, "deskripsi", 2, "Meningkatkan kemampuan"),
        (5, 2, "deskripsi", 2, "bawahan dengan memberi-"),
        (5, 2, "indikator", 3, "2.1 Meningkatkan kemampuan"), (5, 2, "indikator", 3, "bawahan dengan memberikan"),
        (6, 3, "header", 0, "Kompetensi"), (6, 3, "header", 1, "Level"),
        (6, 4, "nama", 0, "6. Pengembangan"), (6, 4, "nama", 0, "Diri dan Orang"), (6, 4, "nama", 0, "Lain"),
        (6, 4, "deskripsi", 2, "kan contoh"), (6, 4, "indikator", 3, "contoh dan petunjuk praktis"),
        (6, 4, "indikator", 3, "2.2 Membantu bawahan"),
        (6, 5, "nama", 0, "7. Mengelola Perubahan"), (6, 5, "level", 1, "2"), (6, 5, "deskripsi", 2, "Proaktif"),
        (6, 5, "indikator", 3, "2.1 Menyesuaikan cara kerja"),
    ]
    lines = [ModelLine(k, text, row=r, role=role, col=col, page=p) for k, (p, r, role, col, text) in enumerate(cells)]
    comps = ruled_competencies(lines, names)
    assert [(c.urutan, c.nomor_sumber, c.nama, c.level) for c in comps] == [
        (1, 5, "Komunikasi", 2), (2, 6, "Pengembangan Diri dan Orang Lain", 2), (3, 7, "Mengelola Perubahan", 2)]
    assert comps[1].deskripsi == "Meningkatkan kemampuan bawahan dengan memberi- kan contoh"
    assert comps[1].indikator == [{"kode": "2.1", "teks": "Meningkatkan kemampuan bawahan dengan memberikan contoh dan petunjuk praktis"},
                                  {"kode": "2.2", "teks": "Membantu bawahan"}]
    assert comps[1].halaman == [5, 6]
    # the next page's row whose indicators open afresh (`2.1`) is a row of its own, its level lost or not
    cells[14:17] = [(6, 4, "indikator", 3, "2.1 Membantu bawahan")]
    lines = [ModelLine(k, text, row=r, role=role, col=col, page=p) for k, (p, r, role, col, text) in enumerate(cells)]
    assert len(ruled_competencies(lines, names)) == 4
