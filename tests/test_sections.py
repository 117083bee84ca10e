"""Stage 3 on the real decree: four jenjang, each with its identity and parts."""

import pytest

from pipeline.errors import MissingPart
from pipeline.model import Line
from pipeline.sections import jenjang_of, split_sections


def test_four_keahlian_jenjang_in_order(sections):
    assert [s.jenjang for s in sections] == ["Ahli Pertama", "Ahli Muda", "Ahli Madya", "Ahli Utama"]
    assert {s.kategori for s in sections} == {"keahlian"}
    assert [s.nama_jabatan for s in sections][0] == "Pengantar Kerja Ahli Pertama"


def test_identity_block(sections):
    first, madya = sections[0], sections[2]
    assert first.identity["kelompok_jabatan"] == "Jabatan Fungsional"
    assert first.identity["urusan_pemerintahan"] == (
        "Bidang Ketenagakerjaan / Penempatan Tenaga Kerja dan Perluasan Kesempatan Kerja")
    assert first.identity["kode_jabatan"] is None  # printed empty
    assert madya.identity["urusan_pemerintahan"] == "Pengantar Kerja"


def test_parts_start_and_end_at_their_headings(sections):
    first = sections[0]
    assert first.ikhtisar[0].text.startswith("Melaksanakan kegiatan antar kerja melalui")
    assert first.competency_lines[0].no == 305  # the column header row
    assert first.requirement_lines[0].no == 746
    assert first.requirement_lines[-1].text == "daya penempatan."
    # "II. STANDAR KOMPET" / "ENSI": the broken heading leaves no fragment in the table
    assert sections[3].competency_lines[0].text == "Kompetensi"


@pytest.mark.parametrize("name,expected", [
    ("Pengantar Kerja Ahli Madya", ("Ahli Madya", "keahlian")),
    ("Pengantar Kerja Ahli Muda", ("Ahli Muda", "keahlian")),
    ("Pranata Komputer Terampil", ("Terampil", "keterampilan")),
    ("Arsiparis Penyelia", ("Penyelia", "keterampilan")),
    ("Pengantar Kerja", None),
])
def test_jenjang_of(name, expected):
    assert jenjang_of(name) == expected


def _section(jenjang: str, start: int) -> list[Line]:
    texts = ["Nama Jabatan", f"Pengantar Kerja {jenjang}", "I. IKHTISAR JABATAN", "Melaksanakan tugas.",
             "II. STANDAR KOMPETENSI", "A. Manajerial", "1. Integritas 2 Mampu", "III. PERSYARATAN JABATAN",
             "A. Pendidikan"]
    return [Line(start + i, t) for i, t in enumerate(texts)]


def test_a_gap_in_the_jenjang_sequence_is_reported():
    lines = _section("Ahli Pertama", 1) + _section("Ahli Madya", 100)
    with pytest.raises(MissingPart, match="missing jenjang section Ahli Muda"):
        split_sections(lines, "x.txt")


def test_a_section_without_competency_table_is_reported():
    lines = [ln for ln in _section("Ahli Pertama", 1) if "STANDAR" not in ln.text]
    with pytest.raises(MissingPart, match="Ahli Pertama has no competency table"):
        split_sections(lines, "x.txt")


def test_a_title_in_capitals_over_two_lines_heads_the_next_jenjang():
    first = _section("Ahli Pertama", 1)
    title = [Line(20, "STANDAR KOMPETENSI JABATAN FUNGSIONAL PRANATA INFORMASI PASAR"), Line(21, "KERJA")]
    sections = split_sections(first + [Line(10, "Kualitas kerja.")] + title + _section("Ahli Muda", 30), "x.txt")
    assert sections[0].requirement_lines[-1].text == "Kualitas kerja."


@pytest.mark.parametrize("line,expected", [
    ("Kode Jabatan : 12.3", ("kode_jabatan", "12.3")),
    ("Kode Jabatan 1 Pengantar", ("kode_jabatan", "Pengantar")),  # the colon read as `1`
    ("Kode Jabatan 1", ("kode_jabatan", "")),  # the colon read as `1`, the dash after it lost
    ("Kode Jabatan : 1", ("kode_jabatan", "1")),
])
def test_an_identity_colon_as_ocr_reads_it(line, expected):
    from pipeline.sections import _label_of
    assert _label_of(line) == expected


def test_an_identity_block_whose_nama_jabatan_label_ocr_lost_is_told_by_its_value():
    # Tesseract --psm 6 drops a shaded label cell: the position name stands alone before Kelompok Jabatan
    first = _section("Ahli Pertama", 1)
    second = _section("Ahli Muda", 100)
    second = second[1:2] + [Line(101, "Kelompok Jabatan Jabatan Fungsional")] + second[2:]
    sections = split_sections(first + second, "x.txt")
    assert [s.jenjang for s in sections] == ["Ahli Pertama", "Ahli Muda"]
    assert sections[1].nama_jabatan == "Pengantar Kerja Ahli Muda"
    assert sections[1].identity["kelompok_jabatan"] == "Jabatan Fungsional"


def test_a_heading_s_roman_number_ocr_misread_is_still_its_numbering():
    """Poor scan, seed 4: `II. IKHTISAR JABATAN` read `LL IKHTISAR JABATAN`, glued to the Kode Jabatan value."""
    from pipeline.sections import IKHTISAR_HEADING, is_heading
    assert is_heading("LL IKHTISAR JABATAN", IKHTISAR_HEADING)
    assert is_heading("Il. IKHTISAR JABATAN", IKHTISAR_HEADING)
    assert not is_heading("Lihat IKHTISAR JABATAN", IKHTISAR_HEADING)  # a word, no numbering


def test_a_heading_with_a_scan_s_specks_after_it_is_still_a_heading():
    """Poor scan, seed 3: `I. Ikhtisar Jabatan — “3` was taken for the Kode Jabatan's value, and
    the job summary was lost with it."""
    from pipeline.sections import COMPETENCY_HEADING, IKHTISAR_HEADING, is_heading
    assert is_heading("I. Ikhtisar Jabatan — “3", IKHTISAR_HEADING)
    assert is_heading("“IL Standar Kompetensi", COMPETENCY_HEADING)  # seed 3 again: the table ran into the summary
    assert not is_heading("Ikhtisar Jabatan adalah", IKHTISAR_HEADING)  # words after it: a sentence
    assert not is_heading("IKHTISAR JABATAN 12", IKHTISAR_HEADING)  # a number of its own
    # skj-7 poor seed 6: a heading in capitals, a stamp's noise after it; the summary ran into the table
    assert is_heading("STANDAR KOMPETENSI 5 Sak Se,", COMPETENCY_HEADING)
    assert not is_heading("Standar Kompetensi ini dan", COMPETENCY_HEADING)  # not in capitals: a sentence
    assert not is_heading("STANDAR KOMPETENSI JABATAN", COMPETENCY_HEADING)  # a longer word after it
    for words in ("DAN", "INI", "PNS", "ini"):  # a word after it, in capitals or lower case: no noise
        assert not is_heading(f"PERSYARATAN JABATAN {words}", "persyaratan jabatan"), words


@pytest.mark.parametrize("line,expected", [
    ("Namajabatan Ti Pengantar Kerja", ("nama_jabatan", "Ti Pengantar Kerja")),  # the label's words glued
    ("(Nemajabatan | Pengantar Kerja", ("nama_jabatan", "Pengantar Kerja")),  # a speck before it
    ("iketompokJabatan—— |: Jabatan fungsional.)", ("kelompok_jabatan", "Jabatan fungsional.)")),
    ("Jabatan Fungsional", None),
])
def test_an_identity_label_whose_words_ocr_glued(line, expected):
    from pipeline.sections import _label_of
    assert _label_of(line) == expected


def test_a_jenjang_whose_words_ocr_glued():
    assert jenjang_of("Pengantar Kerja AhiPertama") == ("Ahli Pertama", "keahlian")


def test_an_identity_block_read_column_by_column_pairs_labels_and_values():
    # psm 3 writes the label cells as a block, then the job summary, then the value cells
    texts = {1: "Nama Jabatan", 3: "Kelompok Jabatan", 5: "Urusan Pemerintahan", 7: "Kode Jabatan",
             9: "IKHTISAR JABATAN", 10: "Melaksanakan tugas.", 12: "JENJANG AHLI PERTAMA",
             14: "Pengantar Kerja Ahli Pertama", 16: "Jabatan Fungsional", 18: "Bidang Ketenagakerjaan dan",
             19: "Perluasan Kesempatan", 21: "Kerja", 23: "II. STANDAR KOMPETENSI", 24: "A. Manajerial",
             25: "1. Integritas 2 Mampu", 26: "III. PERSYARATAN JABATAN", 27: "A. Pendidikan"}
    sections = split_sections([Line(no, t) for no, t in texts.items()], "x.txt")
    assert sections[0].nama_jabatan == "Pengantar Kerja Ahli Pertama"
    assert sections[0].identity == {"kelompok_jabatan": "Jabatan Fungsional",
                                    "urusan_pemerintahan": "Bidang Ketenagakerjaan dan Perluasan Kesempatan Kerja",
                                    "kode_jabatan": None}
    assert [ln.text for ln in sections[0].ikhtisar] == ["Melaksanakan tugas."]


def test_a_position_name_lost_with_its_label_is_told_by_a_title_or_by_the_pangkat():
    # psm 6 drops the shaded Nama Jabatan row: a title in capitals above tells the jenjang ...
    texts = ["STANDAR KOMPETENSI JABATAN FUNGSIONAL PENGANTAR KERJA", "JENJANG AHLI MUDA", "NN",
             "Kelompok Jabatan Jabatan Fungsional", "I. IKHTISAR JABATAN", "Melaksanakan tugas.",
             "II. STANDAR KOMPETENSI", "1. Integritas 2 Mampu", "III. PERSYARATAN JABATAN", "D. Pangkat PNS",
             "- III/c (Penata)"]
    sections = split_sections([Line(i, t) for i, t in enumerate(texts)], "x.txt", "Pengantar Kerja")
    assert (sections[0].jenjang, sections[0].nama_jabatan) == ("Ahli Muda", "Pengantar Kerja Ahli Muda")
    assert sections[0].nama_terbaca == "JENJANG AHLI MUDA"
    assert sections[0].identity["kelompok_jabatan"] == "Jabatan Fungsional"
    # ... and without one, the golongan its pangkat rows name (III/a, III/b: Ahli Pertama, or Mahir,
    # the kategori the section's text names)
    texts = texts[:1] + texts[3:8] + ["Bidang ilmu relevan untuk Pengantar Kerja Ahli Pertama."] + texts[8:-1] + [
        "- Ill/a (Penata Muda)", "- III/b (Penata Muda Tk. I)"]
    sections = split_sections([Line(i, t) for i, t in enumerate(texts)], "x.txt", "Pengantar Kerja")
    assert (sections[0].jenjang, sections[0].nama_jabatan, sections[0].nama_terbaca) == (
        "Ahli Pertama", "Pengantar Kerja Ahli Pertama", "")
    texts[6] = "Bidang ilmu relevan untuk Pranata Mahir."
    assert split_sections([Line(i, t) for i, t in enumerate(texts)], "x.txt")[0].jenjang == "Mahir"


def test_a_garbled_position_name_is_the_functional_positions_and_its_jenjang():
    lines = _section("Ahli Pertama", 1)
    lines[1] = Line(2, "Ti Pengantar Kerja AhtiPertama")
    section = split_sections(lines, "x.txt", "Pengantar Kerja")[0]
    assert (section.nama_jabatan, section.nama_terbaca) == ("Pengantar Kerja Ahli Pertama", "Ti Pengantar Kerja AhtiPertama")
    assert split_sections(_section("Ahli Pertama", 1), "x.txt", "Pengantar Kerja")[0].nama_terbaca is None


def test_a_jenjang_title_of_two_words_after_a_speck_heads_the_next_jenjang():
    first = _section("Terampil", 1)
    title = [Line(20, "“85"), Line(21, "JENJANG MAHIR")]
    sections = split_sections(first + [Line(10, "Kualitas kerja.")] + title + _section("Mahir", 30), "x.txt")
    assert sections[0].requirement_lines[-1].text == "Kualitas kerja."


def test_a_position_name_read_whole_is_kept_though_the_functional_position_was_read_short():
    section = split_sections(_section("Ahli Pertama", 1), "x.txt", "Pengantar")[0]
    assert (section.nama_jabatan, section.nama_terbaca) == ("Pengantar Kerja Ahli Pertama", None)


@pytest.mark.parametrize("title", ["Plt. MENTERI PENDAYAGUNAAN", "Pit. MENTERI PENDAYAGUNAAN", "P1t MENTERI"])
def test_the_closing_block_ends_the_last_table_though_ocr_misread_plt(title):
    # Tesseract reads the acting minister's `Plt.` as `Pit.`: the title is no line of the indicator cell
    lines = _section("Ahli Pertama", 1) + [Line(10, "Kualitas kerja."), Line(11, title), Line(12, "ttd")]
    assert split_sections(lines, "x.txt")[0].requirement_lines[-1].text == "Kualitas kerja."


def test_a_line_below_a_whole_kelompok_is_the_urusan_whose_label_ocr_lost():
    # psm 6 drops the shaded label cells: `Urusan Pemerintahan` lost, its value below the kelompok's
    texts = ["STANDAR KOMPETENSI JABATAN FUNGSIONAL PENGANTAR KERJA", "Nama Jabatan : Pengantar Kerja Ahli Pertama",
             "Kelompok Jabatan Jabatan Fungsional", "Bidang Ketenagakerjaan/Informasi Pasar Kerja",
             "I. IKHTISAR JABATAN", "Melaksanakan tugas.", "II. STANDAR KOMPETENSI", "1. Integritas 2 Mampu",
             "III. PERSYARATAN JABATAN", "D. Pangkat PNS", "- III/a (Penata Muda)"]
    identity = split_sections([Line(i, t) for i, t in enumerate(texts)], "x.txt")[0].identity
    assert (identity["kelompok_jabatan"], identity["urusan_pemerintahan"]) == (
        "Jabatan Fungsional", "Bidang Ketenagakerjaan/Informasi Pasar Kerja")
    # a kelompok value wrapped over two lines is still the kelompok's
    texts[2:4] = ["Kelompok Jabatan Jabatan", "Fungsional"]
    identity = split_sections([Line(i, t) for i, t in enumerate(texts)], "x.txt")[0].identity
    assert (identity["kelompok_jabatan"], identity["urusan_pemerintahan"]) == ("Jabatan Fungsional", None)


@pytest.mark.parametrize("read, kept, dropped", [
    ("Ta", None, "Ta"), ("sinta", None, "sinta"), ("(-", None, "(-"), ("1 I-", None, "I-"), ("-", None, None),
    ("23", "23", None), ("10.2.4.1", "10.2.4.1", None), ("Belum ditetapkan", "Belum ditetapkan", None),
    # skj-7 poor seed 8: the `IKHTISAR JABATAN` heading below the empty cell, garbled, read into it
    ("Te IKHI ISAR JABATAN", None, "Te IKHI ISAR JABATAN"), ("BELUM DITETAPKAN", "BELUM DITETAPKAN", None),
    ("TIDAK ADA", "TIDAK ADA", None)])
def test_a_kode_jabatan_with_no_digit_is_an_empty_cell_read_as_specks(read, kept, dropped):
    # psm 4 of an empty (or dashed) kode jabatan cell: `Kode Jabatan Ta`, `Kode Jabatan sinta`, `1 I-` (its
    # colon read `1`); a value with a digit may be a code, and words are words: both stay as read
    lines = _section("Ahli Pertama", 1)
    lines.insert(2, Line(2, f"Kode Jabatan {read}"))
    section = split_sections(lines, "x.txt")[0]
    assert section.identity["kode_jabatan"] == kept
    assert section.identity_terbaca == ({"kode_jabatan": dropped} if dropped else {})


def test_an_identity_value_read_with_its_label_colon_as_specks_is_the_value_after_them():
    """skj-7 poor seeds 6 and 12: the colon and a ruling read `# 1` and `M1` before the value."""
    lines = _section("Ahli Pertama", 1)
    lines[0] = Line(0, "Nama Jabatan # 1 Pengantar Kerja Ahli Pertama")
    lines[1] = Line(1, "Kelompok Jabatan M1 Jabatan Fungsional")
    section = split_sections(lines, "x.txt", jabatan="Pengantar Kerja")[0]
    assert (section.nama_jabatan, section.nama_terbaca) == (
        "Pengantar Kerja Ahli Pertama", "# 1 Pengantar Kerja Ahli Pertama")
    assert section.identity["kelompok_jabatan"] == "Jabatan Fungsional"
    assert section.identity_terbaca == {"kelompok_jabatan": "M1 Jabatan Fungsional"}
    # a longer word before it is no speck: the value stays as read
    lines[1] = Line(1, "Kelompok Jabatan Bukan Jabatan Fungsional")
    section = split_sections(lines, "x.txt", jabatan="Pengantar Kerja")[0]
    assert section.identity["kelompok_jabatan"] == "Bukan Jabatan Fungsional" and section.identity_terbaca == {}


def test_a_position_name_that_lost_its_jenjang_takes_the_title_above_its_block():
    """Poor scan (skj-7, held-out seed 14): `Pranata Informasi Pasar Kerja` under `JENJANG TERAMPIL`,
    its jenjang lost; the section was refused (exit 5)."""
    lines = [Line(0, "JENJANG TERAMPIL")] + _section("Ahli Pertama", 1)
    lines[2] = Line(2, "Pranata Informasi Pasar Kerja")
    section = split_sections(lines, "x.txt", jabatan="Pranata Informasi Pasar Kerja")[0]
    assert (section.jenjang, section.nama_jabatan, section.nama_terbaca) == (
        "Terampil", "Pranata Informasi Pasar Kerja Terampil", "Pranata Informasi Pasar Kerja")
