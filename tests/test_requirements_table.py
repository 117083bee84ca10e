"""Stage 4b: the requirements tables of the real decree."""

import pytest

from pipeline.model import Line
from pipeline.requirements_table import _tick_of, golongan_of_pangkat, parse_requirements
from pipeline.words import cer

from .conftest import jenjang


def test_ahli_pertama_requirements_table_against_golden(standard, golden):
    got = jenjang(standard, "Ahli Pertama")["persyaratan"]
    want = golden["jenjang"][0]["persyaratan"]
    for key in ("jenjang_pendidikan", "bidang_ilmu"):
        assert cer(got["pendidikan"][key], want["pendidikan"][key]) <= 0.03, key
    assert len(got["pelatihan"]) == len(want["pelatihan"])
    for g, w in zip(got["pelatihan"], want["pelatihan"]):
        assert (g["status_kepegawaian"], g["jenis"], g["tingkat_pentingnya"]) == (
            w["status_kepegawaian"], w["jenis"], w["tingkat_pentingnya"]), w["nama"]
        assert cer(g["nama"], w["nama"]) <= 0.03
    assert [p["status_kepegawaian"] for p in got["pengalaman_kerja"]] == ["PNS", "PNS", "PPPK"]
    for g, w in zip(got["pengalaman_kerja"], want["pengalaman_kerja"]):
        assert cer(g["uraian"], w["uraian"]) <= 0.03
    assert [(p["golongan"], p["nama"]) for p in got["pangkat"]] == [("III/a", "Penata Muda"), ("III/b", "Penata Muda Tk. I")]
    assert cer(got["indikator_kinerja_jabatan"], want["indikator_kinerja_jabatan"]) <= 0.03


def test_pangkat_of_every_jenjang(standard):
    pangkat = {j["jenjang"]: [p["golongan"] for p in j["persyaratan"]["pangkat"]] for j in standard["jenjang"]}
    assert pangkat == {"Ahli Pertama": ["III/a", "III/b"], "Ahli Muda": ["III/c", "III/d"],
                       "Ahli Madya": ["IV/a", "IV/b", "IV/c"], "Ahli Utama": ["IV/e", "IV/d"]}


def test_every_jenjang_has_ten_trainings_and_pppk_experience(standard):
    for j in standard["jenjang"]:
        req = j["persyaratan"]
        assert len(req["pelatihan"]) == 10, j["jenjang"]
        assert [p["jenis"] for p in req["pelatihan"] if p["status_kepegawaian"] == "PPPK"] == [
            "manajerial", "teknis", "fungsional"]
        assert req["pengalaman_kerja"][-1]["status_kepegawaian"] == "PPPK"
        assert req["pendidikan"]["jenjang_pendidikan"].startswith("Berijazah paling rendah")


@pytest.mark.parametrize("tokens,want", [
    (["Pelatihan", "-", "-", "V4"], (["Pelatihan"], "perlu", True)),
    (["Budaya", "-", "J", "-"], (["Budaya"], "penting", True)),
    (["pelatihan", "¢", "-", "-"], (["pelatihan"], "mutlak", True)),
    (["dalam", "4", "-", "-"], (["dalam"], "mutlak", True)),
    (["Memiliki", "pengalaman", "V4"], (["Memiliki", "pengalaman"], None, True)),  # column lost
    (["paling", "sedikit", "2", "(dua)"], (["paling", "sedikit", "2", "(dua)"], None, False)),
])
def test_tick_columns(tokens, want):
    assert _tick_of(tokens) == want


def test_sections_are_found_in_order_despite_misread_letters():
    lines = [Line(i, t) for i, t in enumerate([
        "A.Pendidikan", "1.Jenjang", "Berijazah paling rendah magister", "P.Bidang Ilmu", "Hukum",
        "G.Pelatihan PNS", "1. Manajerial", "a. Pelatihan Budaya - v -", "3.", "Fungsional", "Pendidikan dan",
        "pelatihan berjenjang", "H.Pengala-", "man Kerja", "PNS", "Memiliki pengalaman v - -",
        "[. Pangkat", "PNS", "- I[II/c (Penata)", "PPPK", "J.Indikator Kinerja Jabatan Kualitas kerja."])]
    req = parse_requirements(lines)
    assert req.pendidikan == {"jenjang_pendidikan": "Berijazah paling rendah magister", "bidang_ilmu": "Hukum"}
    assert [(p["jenis"], p["nama"], p["tingkat_pentingnya"]) for p in req.pelatihan] == [
        ("manajerial", "Pelatihan Budaya", "penting"), ("fungsional", "Pendidikan dan pelatihan berjenjang", None)]
    assert req.pengalaman_kerja == [{"status_kepegawaian": "PNS", "uraian": "Memiliki pengalaman", "tingkat_pentingnya": "mutlak"}]
    assert [(p["golongan"], p["nama"]) for p in req.pangkat] == [("III/c", "Penata")]
    assert req.indikator_kinerja_jabatan == "Kualitas kerja."


def test_a_garbled_golongan_numeral_is_read_from_its_pangkat_name():
    lines = [Line(i, t) for i, t in enumerate([
        "D. Pangkat", "PNS", "- IT/c (Pengatur)", "- Hl/a (Penata Muda)", "- TII/b (Penata Muda Tk. I)",
        "- IV/x (Pembina)", "- Xy/d (Nama Lain)", "E. Indikator Kinerja Jabatan Kualitas kerja."])]
    req = parse_requirements(lines)
    # a numeral that reads cleanly and a name that agrees, or a garbled numeral the name settles;
    # a letter outside a-e or an unknown name with a garbled numeral is not a golongan
    assert [(p["golongan"], p["golongan_sumber"], p["nama"]) for p in req.pangkat] == [
        ("II/c", "IT/c", "Pengatur"), ("III/a", "Hl/a", "Penata Muda"), ("III/b", "TII/b", "Penata Muda Tk. I")]


def test_a_pangkat_item_whose_golongan_ocr_lost_takes_it_from_its_name():
    from pipeline.requirements_table import pangkat_entries, pangkat_name
    got = pangkat_entries("- Ill/a (Penata Muda) - (Penata Muda Tk. I)", "PNS")
    assert [(p["golongan"], p["golongan_sumber"], p["nama"]) for p in got] == [
        ("III/a", "Ill/a", "Penata Muda"), ("III/b", "", "Penata Muda Tk. I")]
    # names after their golongan, comma-separated, are no orphan items; an unknown name is left alone
    got = pangkat_entries("III/c - Penata, III/d - Penata Tk. I", "PNS")
    assert [(p["golongan"], p["nama"]) for p in got] == [("III/c", "Penata"), ("III/d", "Penata Tk. I")]
    got = pangkat_entries("- (Penata Muda) - Hl/b (Penata Muda Tk. I)", "PNS")
    assert [(p["golongan"], p["golongan_sumber"], p["nama"]) for p in got] == [
        ("III/a", "", "Penata Muda"), ("III/b", "Hl/b", "Penata Muda Tk. I")]
    got = pangkat_entries("- III/a - Penata Muda", "PNS")
    assert [(p["golongan"], p["nama"]) for p in got] == [("III/a", "Penata Muda")]
    # a golongan before its name, the first item's golongan lost: the names say which side they go on
    got = pangkat_entries("- Penata Muda Il/b - Penata Muda Tk. I", "PNS")
    assert [(p["golongan"], p["golongan_sumber"], p["nama"]) for p in got] == [
        ("III/a", "", "Penata Muda"), ("III/b", "Il/b", "Penata Muda Tk. I")]
    got = pangkat_entries("Penata Muda (III/a), Penata Muda Tk. I", "PNS")
    assert [(p["golongan"], p["golongan_sumber"]) for p in got] == [("III/a", "III/a"), ("III/b", "")]
    # an item naming no pangkat is kept with the item before it, not dropped
    got = pangkat_entries("- III/a (Penata Muda) - (Kepala Seksi)", "PNS")
    assert [(p["golongan"], p["nama"]) for p in got] == [("III/a", "Penata Muda - Kepala Seksi")]
    # poor scan, seed 10: specks after a name, and `Tk. I` read `Tk. !`, merged two items into one
    got = pangkat_entries("- Il/a (Penata Muda) . $ - (Penata Muda Tk. !)", "PNS")
    assert [(p["golongan"], p["golongan_sumber"], p["nama"]) for p in got] == [
        ("III/a", "Il/a", "Penata Muda"), ("III/b", "", "Penata Muda Tk. !")]
    assert pangkat_name("Penata Muda Tk. !") == pangkat_name("Penata Muda Tk. l") == "Penata Muda Tk. I"


@pytest.mark.parametrize("nama,golongan", [
    ("Penata Muda Tk. I", "III/b"), ("Pembina Tingkat I", "IV/b"), ("Pembina Utama", "IV/e"),
    ("Pengatur Tk.1", "II/d"), ("Juru", "I/c"), ("Kepala Seksi", None), (None, None), ("Penata Tk. |", "III/d"),
])
def test_golongan_of_pangkat(nama, golongan):
    assert golongan_of_pangkat(nama) == golongan


def test_a_training_group_number_misread_as_a_stroke_keeps_its_jenis():
    lines = [Line(i, t) for i, t in enumerate([
        "B. Pelatihan", "PNS", "|. Manajerial", "a. Pelatihan Budaya Integritas - v -", "2. Teknis",
        "a. Pelatihan bahasa asing - - v", "C. Pengalaman Kerja", "PNS", "Memiliki pengalaman v - -"])]
    req = parse_requirements(lines)
    assert [(p["jenis"], p["nama"], p["tingkat_pentingnya"]) for p in req.pelatihan] == [
        ("manajerial", "Pelatihan Budaya Integritas", "penting"), ("teknis", "Pelatihan bahasa asing", "perlu")]


def test_a_training_kind_whose_number_ocr_lost_is_still_a_kind():
    from pipeline.model import Line as ModelLine
    from pipeline.requirements_table import ruled_requirements
    rows = [("jenis", "B. Pelatihan"), ("uraian", "PNS"), ("uraian", "1. Manajerial"),
            ("uraian", "a. Pelatihan Budaya Integritas"), ("uraian", "N . Teknis"), ("uraian", "a. Pelatihan bahasa asing")]  # `2.` read as `N .`
    lines = []
    for r, (role, text) in enumerate(rows):
        lines.append(ModelLine(r, text, row=r, role=role, col=0 if role == "jenis" else 1))
        if text.startswith("a."):  # the items carry the ticks, a kind's row none
            lines.append(ModelLine(r, "✓", row=r, role="perlu", col=4, mark=True))
    req = ruled_requirements(lines)
    assert [(p["jenis"], p["nama"], p["tingkat_pentingnya"]) for p in req.pelatihan] == [
        ("manajerial", "Pelatihan Budaya Integritas", "perlu"), ("teknis", "Pelatihan bahasa asing", "perlu")]


def test_a_training_kind_hyphenated_in_its_narrow_sub_label_cell_is_still_a_kind():
    """Text layer, layout seed 36: the sub-label column hyphenates `1. Manaje-` / `rial` and
    `3. Fungsio-` / `nal`; both kinds' items were lost or filed under the kind before."""
    from pipeline.model import Line as ModelLine
    from pipeline.requirements_table import ruled_requirements
    rows = [(0, [("jenis", 0, "Pelatihan"), ("uraian", 1, "PNS")]),
            (1, [("uraian", 1, "1. Manaje-"), ("uraian", 1, "rial"), ("uraian", 2, "a. Pelatihan pengembangan diri"),
                 ("perlu", 5, "✓")]),
            (2, [("uraian", 1, "2. Teknis"), ("uraian", 2, "a. Pelatihan bahasa asing"), ("penting", 4, "✓")]),
            (3, [("uraian", 1, "3. Fungsio-"), ("uraian", 1, "nal"), ("uraian", 2, "Pendidikan dan pelatihan dasar"),
                 ("mutlak", 3, "✓")])]
    lines = [ModelLine(r * 10 + k, text, row=r, role=role, col=col, mark=role in ("mutlak", "penting", "perlu"))
             for r, cells in rows for k, (role, col, text) in enumerate(cells)]
    req = ruled_requirements(lines)
    assert [(p["jenis"], p["nama"], p["tingkat_pentingnya"]) for p in req.pelatihan] == [
        ("manajerial", "Pelatihan pengembangan diri", "perlu"), ("teknis", "Pelatihan bahasa asing", "penting"),
        ("fungsional", "Pendidikan dan pelatihan dasar", "mutlak")]


@pytest.mark.parametrize("kind_row", ['"1, Manajerial -', "1, Manajerial", "“1. Manajerial"])
def test_a_training_kind_read_with_a_comma_or_a_speck_before_it_is_still_a_kind(kind_row):
    """Poor scan, seed 10: `"1, Manajerial -`, with a speck's tick beside it, lost both PNS manajerial items."""
    from pipeline.model import Line as ModelLine
    from pipeline.requirements_table import ruled_requirements
    rows = [("jenis", "B. Pelatihan"), ("uraian", "PNS"), ("uraian", kind_row),
            ("uraian", "a. Pelatihan Budaya Integritas"), ("uraian", "2. Teknis"), ("uraian", "a. Pelatihan bahasa asing")]
    lines = []
    for r, (role, text) in enumerate(rows):
        lines.append(ModelLine(r, text, row=r, role=role, col=0 if role == "jenis" else 1))
        if text.startswith(("a.", kind_row)):  # the speck beside the kind read as a tick too
            lines.append(ModelLine(r, "✓", row=r, role="penting", col=3, mark=True))
    req = ruled_requirements(lines)
    assert [(p["jenis"], p["nama"], p["tingkat_pentingnya"]) for p in req.pelatihan] == [
        ("manajerial", "Pelatihan Budaya Integritas", "penting"), ("teknis", "Pelatihan bahasa asing", "penting")]


def test_a_numbered_line_with_a_comma_is_no_training_kind_without_its_label():
    lines = [Line(i, t) for i, t in enumerate([
        "B. Pelatihan", "PNS", "1. Manajerial", "a. Pelatihan Budaya Integritas - v -", "2, 3 dan 4 bulan - - v",
        "C. Pengalaman Kerja", "PNS", "Memiliki pengalaman v - -"])]
    req = parse_requirements(lines)
    assert [p["jenis"] for p in req.pelatihan] == ["manajerial"]


@pytest.mark.parametrize("letter", ["C.", "CG:", "GC.", "(.", "Cc."])
def test_a_requirements_section_whose_letter_ocr_garbled_is_found_by_its_words(letter):
    """Office scan, seed 7: `C. Pengalaman Kerja` read `CG:` / `Pengalaman` / `Kerja` lost all six pengalaman fields; poor seed 7 read `Cc.`."""
    from pipeline.requirements_table import _section_of
    assert _section_of([letter, "Pengalaman", "Kerja"]) == ("pengalaman_kerja", 3)
    assert _section_of(["Memiliki", "pengalaman", "kerja"]) is None  # a sentence about experience opens none


@pytest.mark.parametrize("tokens,want", [
    # beside one tick, what OCR made of the empty cells' dashes (psm 4 of a scan)
    (["Korupsi", "2", "V", "5"], (["Korupsi"], "penting", True)),
    (["Kerja", "53", "v", "3"], (["Kerja"], "penting", True)),
    (["Sipil", "V", "2", "sa"], (["Sipil"], "mutlak", True)),
    (["Kerja", "v", "-", "2"], (["Kerja"], "mutlak", True)),
    (["Kerja", "x", "-", "-"], (["Kerja"], "mutlak", True)),
    (["Manage-", "-", "-", "/"], (["Manage-"], "perlu", True)),  # a check mark read as its long stroke
    (["Antar", "v", "5", "2"], (["Antar"], "mutlak", True)),
    # a cross read twice, beside what OCR made of one empty cell (psm 3, psm 6): a tick whose column is lost
    (["wawanca-", "5:", "Xx"], (["wawanca-"], None, True)),
    (["pelatihan", "Xx", "-"], (["pelatihan"], None, True)),
    (["singkat", "2", "(dua)", "5"], (["singkat", "2", "(dua)", "5"], None, False)),  # no tick: text
    (["bekerja", "di", "v"], (["bekerja", "di"], None, True)),  # letters only with three cells read
])
def test_tick_columns_through_what_ocr_made_of_empty_cells(tokens, want):
    assert _tick_of(tokens) == want


def test_an_item_letter_ocr_read_as_a_capital_opens_an_item():
    lines = [Line(i, t) for i, t in enumerate([
        "B. Pelatihan PNS", "2. Teknis", "b. Pendidikan dan pelatihan adminstrasi", "C. Pelatihan menulis"])]
    req = parse_requirements(lines)
    assert [p["nama"] for p in req.pelatihan] == ["Pendidikan dan pelatihan adminstrasi", "Pelatihan menulis"]


def test_tick_cells_read_alone_a_bracketed_status_and_a_label_over_three_lines():
    lines = [Line(i, t) for i, t in enumerate([
        "C. Pengalaman", "Kerja", "PNS", "110-", "a. Mengikuti dan lulus Pelatihan Dasar", "b. Memiliki paling singkat",
        "2", "(dua) tahun", "D. Pangkat (PNS", "- Ill/a (Penata Muda)", "E. Indikator Kualitas penyiapan,",
        "Kinerja pelaksanaan kegiatan", "Jabatan tenaga kerja."])]
    req = parse_requirements(lines)
    assert [p["uraian"] for p in req.pengalaman_kerja] == ["Mengikuti dan lulus Pelatihan Dasar",
                                                          "Memiliki paling singkat 2 (dua) tahun"]
    assert [(p["status_kepegawaian"], p["golongan"]) for p in req.pangkat] == [("PNS", "III/a")]
    assert req.indikator_kinerja_jabatan == "Kualitas penyiapan, pelaksanaan kegiatan tenaga kerja."


def test_a_training_list_whose_label_column_ocr_lost():
    # psm 6 drops the shaded label cells (`B. Pelatihan`, `PNS`, `1. Manajerial`, `2. Teknis`): the list
    # follows the education text, its items under PNS, their kinds counted by the lettering starting over
    lines = [Line(i, t) for i, t in enumerate([
        "A. Pendidikan 1. Jenjang: Berijazah sarjana", "2. Bidang Ilmu: Manajemen, Hukum.",
        "a. Pelatihan pengembangan diri v", "b. Pelatihan Budaya Integritas", "a. Pelatihan bahasa asing",
        "b. Pendidikan dan pelatihan adminstrasi", "C. Pengalaman Kerja", "a. Mengikuti dan lulus Pelatihan Dasar"])]
    req = parse_requirements(lines)
    assert req.pendidikan["bidang_ilmu"] == "Manajemen, Hukum."
    assert [(p["status_kepegawaian"], p["jenis"], p["nama"]) for p in req.pelatihan] == [
        ("PNS", "manajerial", "Pelatihan pengembangan diri"), ("PNS", "manajerial", "Pelatihan Budaya Integritas"),
        ("PNS", "teknis", "Pelatihan bahasa asing"), ("PNS", "teknis", "Pendidikan dan pelatihan adminstrasi")]
    assert [(p["status_kepegawaian"], p["uraian"]) for p in req.pengalaman_kerja] == [
        ("PNS", "Mengikuti dan lulus Pelatihan Dasar")]


def test_a_label_split_over_two_lines_beside_its_text():
    # pdftotext -layout: `2. Bidang` / `Ilmu` in the label column, the text beside; `Kiner-` / `ja Jabatan`
    lines = [Line(i, t) for i, t in enumerate([
        "A. Pendidikan 1. Jenjang Diploma tiga", "2. Bidang Statistika, Manajemen Informatika,",
        "Ilmu Ekonomi, atau bidang pendidikan", "lain yang relevan.", "E. Indikator Kiner- Ketepatan pengumpu-",
        "ja Jabatan lan data pasar kerja."])]
    req = parse_requirements(lines)
    assert req.pendidikan == {"jenjang_pendidikan": "Diploma tiga", "bidang_ilmu":
                              "Statistika, Manajemen Informatika, Ekonomi, atau bidang pendidikan lain yang relevan."}
    assert req.indikator_kinerja_jabatan == "Ketepatan pengumpulan data pasar kerja."


def test_a_section_letter_with_its_label_on_the_line_below():
    # pdftotext -layout: `A.            1. Jenjang: Berijazah ...` / `Pendidikan    sarjana ...`
    lines = [Line(i, t) for i, t in enumerate([
        "A. 1. Jenjang: Berijazah paling rendah", "Pendidikan sarjana atau diploma empat",
        "2. Bidang Ilmu: Manajemen, Hukum."])]
    req = parse_requirements(lines)
    assert req.pendidikan == {"jenjang_pendidikan": "Berijazah paling rendah sarjana atau diploma empat",
                              "bidang_ilmu": "Manajemen, Hukum."}


@pytest.mark.parametrize("text,key,taken", [
    ('1.Jenjang " Berijazah paling rendah', "jenjang_pendidikan", 2),  # poor seed 1: glued, a speck after it
    ("1. Jenjang : Berijazah", "jenjang_pendidikan", 3),
    ("2.Bidang Ilmu: Manajemen", "bidang_ilmu", 2),
    ("|. Jenjang", "jenjang_pendidikan", 2), ("2, Bidang Ilmu", "bidang_ilmu", 3),  # poor seed 3: `1.` and `2.` garbled
    ("2 Jenjang: Berijazah paling rendah", "jenjang_pendidikan", 2),  # skj-7 poor seed 7: `1.` read `2`, its dot lost
    ("Berijazah paling rendah", None, 0),
])
def test_a_pendidikan_label_with_its_number_glued_on_or_a_speck_after_it(text, key, taken):
    from pipeline.requirements_table import PENDIDIKAN_LABELS, _label
    found = {k: _label(text, labels) for k, labels in PENDIDIKAN_LABELS.items()}
    assert {k: n for k, n in found.items() if n} == ({key: taken} if key else {})


def test_a_field_of_study_read_into_the_level_s_cell_is_set_apart_at_its_label():
    """skj-7 poor seed 2: the ruling between the two pendidikan rows lost, one cell read
    `Berijazah paling rendah diploma tiga 2, Bidang Ilmu: Statistika, ...`."""
    from pipeline.requirements_table import _bidang_apart
    got = _bidang_apart({"jenjang_pendidikan": "Berijazah paling rendah diploma tiga 2, Bidang Ilmu: Statistika, "
                         "Manajemen Informatika, Ekonomi.", "bidang_ilmu": None})
    assert got == {"jenjang_pendidikan": "Berijazah paling rendah diploma tiga",
                   "bidang_ilmu": "Statistika, Manajemen Informatika, Ekonomi."}
    kept = {"jenjang_pendidikan": "Sarjana di bidang ilmu hukum", "bidang_ilmu": None}  # a sentence, no label
    assert _bidang_apart(kept) == kept
    both = {"jenjang_pendidikan": "Sarjana 2. Bidang Ilmu: Hukum", "bidang_ilmu": "Hukum"}  # its own cell holds it
    assert _bidang_apart(both) == both


def test_a_field_of_study_set_apart_is_logged_and_keeps_where_it_was_read():
    from pipeline.model import Line as ModelLine
    from pipeline.requirements_table import ruled_requirements
    cell = "Berijazah paling rendah diploma tiga 2, Bidang Ilmu: Statistika, Ekonomi."
    lines = [ModelLine(0, "A. Pendidikan", row=0, role="jenis", col=0, page=9, box=(50, 100, 120, 112)),
             ModelLine(1, "1. Jenjang", row=1, role="uraian", col=1, page=9, box=(130, 100, 200, 112)),
             ModelLine(2, cell, row=1, role="uraian", col=2, page=9, box=(210, 100, 400, 124))]
    req = ruled_requirements(lines)
    assert req.pendidikan == {"jenjang_pendidikan": "Berijazah paling rendah diploma tiga",
                              "bidang_ilmu": "Statistika, Ekonomi."}
    assert [(f["field"], f["before"], f["after"]) for f in req.perbaikan] == [
        ("pendidikan jenjang_pendidikan", cell, "Berijazah paling rendah diploma tiga"),
        ("pendidikan bidang_ilmu", "", "Statistika, Ekonomi.")]
    assert req.asal["pendidikan"]["bidang_ilmu"] == req.asal["pendidikan"]["jenjang_pendidikan"]
    assert req.asal["pendidikan"]["bidang_ilmu"]["kotak"] == [{"halaman": 9, "bbox": [210, 100, 400, 124]}]


def test_a_word_in_lower_case_near_a_label_goes_on_the_sentence_it_is_in():
    # psm 4 of a narrow cell: `diangkat` opens a line and is one letter from `pangkat`; it is no label
    lines = [Line(i, t) for i, t in enumerate([
        "C. Pengalaman Kerja", "PNS", "b. Memiliki pengalaman paling singkat 2", "(dua) tahun, bagi ASN yang",
        "diangkat dalam jabatan fung-", "sional Pengantar Kerja.", "PPPK", "Pengalaman paling sedikit 2 tahun",
        "Pangkat PNS Ill/a - Penata Muda"])]
    req = parse_requirements(lines)
    assert [(p["status_kepegawaian"], p["uraian"]) for p in req.pengalaman_kerja] == [
        ("PNS", "Memiliki pengalaman paling singkat 2 (dua) tahun, bagi ASN yang diangkat dalam jabatan "
                "fung- sional Pengantar Kerja."),
        ("PPPK", "Pengalaman paling sedikit 2 tahun")]
    assert [(p["status_kepegawaian"], p["golongan"]) for p in req.pangkat] == [("PNS", "III/a")]


def test_training_kinds_starting_over_under_pns_open_the_pppk_list_whose_heading_ocr_lost():
    # psm 6 drops the shaded `PPPK` row: `1. Manajerial` after `3. Fungsional` is the second status's list
    lines = [Line(i, t) for i, t in enumerate([
        "B. Pelatihan PNS", "1. Manajerial a. Pelatihan pengembangan diri", "2. Teknis a. Pelatihan bahasa asing",
        "3. Fungsional Pendidikan & pelatihan dasar", "|. Manajerial Pelatihan Manajerial sesuai",
        "2. Teknis Pelatihan Teknis bidang Antar Kerja", "C. Pengalaman Kerja PNS", "a. Mengikuti Pelatihan Dasar"])]
    req = parse_requirements(lines)
    assert [(p["status_kepegawaian"], p["jenis"]) for p in req.pelatihan] == [
        ("PNS", "manajerial"), ("PNS", "teknis"), ("PNS", "fungsional"), ("PPPK", "manajerial"), ("PPPK", "teknis")]
    assert [p["status_kepegawaian"] for p in req.pengalaman_kerja] == ["PNS"]


def test_a_digit_ending_an_items_line_is_an_empty_tick_cell_unless_its_number_word_follows():
    # psm 6 reads the empty tick cells beside an item's line as a digit (`Integritas 5`, `sesuai 5,`);
    # a number the text prints is followed by its word in brackets (`2` / `(dua) tahun`)
    lines = [Line(i, t) for i, t in enumerate([
        "B. Pelatihan PNS", "1. Manajerial b. Pelatihan Budaya Integritas 5", "dan Anti Korupsi",
        "C. Pengalaman Kerja PNS", "a. Pengalaman paling sedikit 2", "(dua) tahun di bidang 7", "Antar Kerja"])]
    req = parse_requirements(lines)
    assert [p["nama"] for p in req.pelatihan] == ["Pelatihan Budaya Integritas dan Anti Korupsi"]
    assert [p["uraian"] for p in req.pengalaman_kerja] == ["Pengalaman paling sedikit 2 (dua) tahun di bidang Antar Kerja"]


def test_the_header_repeated_atop_a_page_is_no_cells_text():
    # psm 4 seed 6: the table runs on to a new page after `1. Jenjang`, its header repeated there
    lines = [Line(i, t) for i, t in enumerate([
        "Jenis Persyaratan Uraian Tingkat Pentingnya terhadap Jabatan", "A. Pendidikan 1. Jenjang Berijazah paling",
        "rendah sarjana atau diploma empat", "Jenis Persyaratan Uraian Mutlak | Penting | Perlu",
        "(1) (2) (3) “4 (5) (6)", "2. Bidang Ilmu Manajemen, Psikologi,", "B. Pelatihan PNS",
        "1. Manajerial a. Pelatihan pengembangan diri - - v"])]
    req = parse_requirements(lines)
    assert req.pendidikan["jenjang_pendidikan"] == "Berijazah paling rendah sarjana atau diploma empat"
    assert req.pendidikan["bidang_ilmu"] == "Manajemen, Psikologi,"
    # words of a cell that only look like the header's are kept: `Jabatan` alone, `Penting` in a sentence
    from pipeline.requirements_table import _repeated_header
    assert not _repeated_header(["Jabatan"]) and not _repeated_header("Penting untuk jabatan".split())


def test_an_item_letter_read_as_a_letter_pair_still_opens_its_item():
    # psm 3 seed 1: `c.` read `Cc.`; the item ran on the one before and every later item slid up a place
    lines = [Line(i, t) for i, t in enumerate([
        "B. Pelatihan PNS", "1. Manajerial a. Pelatihan pengembangan diri", "2. Teknis a. Pelatihan bahasa asing",
        "b. Pendidikan dan pelatihan adminstrasi bidang Antar Kerja", "Cc. Pelatihan menulis (naskah dinas,",
        "karya tulis/ilmiah)", "d. Pelatihan Teknis lain sesuai dengan kebutuhan jabatan"])]
    teknis = [p["nama"] for p in parse_requirements(lines).pelatihan if p["jenis"] == "teknis"]
    assert teknis == ["Pelatihan bahasa asing", "Pendidikan dan pelatihan adminstrasi bidang Antar Kerja",
                      "Pelatihan menulis (naskah dinas, karya tulis/ilmiah)",
                      "Pelatihan Teknis lain sesuai dengan kebutuhan jabatan"]


def test_a_golongan_whose_slash_ocr_lost_or_read_as_a_stroke_is_still_a_golongan():
    """skj-7 poor seeds 6 and 12: `II/c` read `.IVc`, `III/c` read `NWc`, `III/a` read `IlVa` (which glued two
    pangkat into one, `Penata Muda, IlVa Penata Muda Tk. I`); the name settles the numeral."""
    from pipeline.requirements_table import pangkat_entries
    got = pangkat_entries(".IVc - Pengatur II/d - Pengatur Tk. I", "PNS")
    assert [(p["golongan"], p["golongan_sumber"], p["nama"]) for p in got] == [
        ("II/c", "IVc", "Pengatur"), ("II/d", "II/d", "Pengatur Tk. I")]
    got = pangkat_entries("NWc - Penata Il/d - Penata Tk. I", "PNS")
    assert [(p["golongan"], p["golongan_sumber"], p["nama"]) for p in got] == [
        ("III/c", "NWc", "Penata"), ("III/d", "Il/d", "Penata Tk. I")]
    got = pangkat_entries("Penata Muda, IlVa Penata Muda Tk. I, Ill/b", "PNS")
    assert [(p["golongan"], p["golongan_sumber"], p["nama"]) for p in got] == [
        ("III/a", "IlVa", "Penata Muda"), ("III/b", "Ill/b", "Penata Muda Tk. I")]
    # capitals OCR made of the strokes (skj-7 poor seeds 2, 3: `- HVc (Penata)`, `- UVd (Penata Tk. 1)`, `- Mc (Pengatur)`)
    got = pangkat_entries("- HVc (Penata) - UVd (Penata Tk. I)", "PNS")
    assert [(p["golongan"], p["golongan_sumber"]) for p in got] == [("III/c", "HVc"), ("III/d", "UVd")]
    got = pangkat_entries("- Mc (Pengatur) - (Pengatur Tk. I)", "PNS")
    assert [(p["golongan"], p["golongan_sumber"]) for p in got] == [("II/c", "Mc"), ("II/d", "")]
    # in a dashed list too
    got = pangkat_entries("- IIIb (Penata Muda Tk. I) - Ill/c (Penata)", "PNS")
    assert [(p["golongan"], p["nama"]) for p in got] == [("III/b", "Penata Muda Tk. I"), ("III/c", "Penata")]


def test_a_pangkat_cell_whose_golongan_ocr_lost_every_one_is_read_from_its_names():
    """skj-7 poor seed 12: `Pengatur, II/c` / `Pengatur Tk. I, II/d` read `Pengatur,` / `Pengatur Tk. I,`."""
    from pipeline.requirements_table import pangkat_entries
    got = pangkat_entries("Pengatur, Pengatur Tk. I,", "PNS")
    assert [(p["golongan"], p["golongan_sumber"], p["nama"]) for p in got] == [
        ("II/c", "", "Pengatur"), ("II/d", "", "Pengatur Tk. I")]
    got = pangkat_entries("Pembina Utama Muda; Pembina Utama Madya", "PNS")
    assert [p["golongan"] for p in got] == ["IV/c", "IV/d"]
    # a sentence naming a pangkat, or a golongan read that is none, is no list of pangkat
    assert pangkat_entries("diangkat dalam pangkat Penata", "PNS") == []
    assert pangkat_entries("- IV/x (Pembina)", "PNS") == []


def test_pangkat_whose_status_label_ocr_lost_are_pns_ranks_and_logged():
    """skj-7 poor seed 7, Penyelia: the `PNS` row above the pangkat lost; no pangkat was read."""
    from pipeline.model import Line as ModelLine
    from pipeline.requirements_table import ruled_requirements
    rows = [("jenis", "C. Pengalaman Kerja"), ("uraian", "PNS"), ("uraian", "a. Memiliki pengalaman"),
            ("jenis", "D. Pangkat"), ("uraian", "- Il/c (Penata)"), ("uraian", "- Ill/d (Penata Tk. I)"),
            ("jenis", "E. Indikator Kinerja Jabatan"), ("uraian", "Kualitas kerja.")]
    lines, row = [], 0
    for n, (role, text) in enumerate(rows):
        row += role == "jenis" or text.startswith(("PNS", "a."))
        lines.append(ModelLine(n, text, row=row, role=role, col=0 if role == "jenis" else 1))
    req = ruled_requirements(lines)
    assert [(p["status_kepegawaian"], p["golongan"], p["nama"]) for p in req.pangkat] == [
        ("PNS", "III/c", "Penata"), ("PNS", "III/d", "Penata Tk. I")]
    assert [(f["field"], f["before"], f["after"]) for f in req.perbaikan] == [("pangkat status_kepegawaian", "", "PNS")]
    # from OCR text the same
    req = parse_requirements([Line(i, t) for i, t in enumerate([
        "D. Pangkat - Il/c (Penata)", "- Ill/d (Penata Tk. I)", "E. Indikator Kinerja Jabatan Kualitas kerja."])])
    assert [(p["status_kepegawaian"], p["golongan"]) for p in req.pangkat] == [("PNS", "III/c"), ("PNS", "III/d")]
    assert [f["after"] for f in req.perbaikan] == ["PNS"]


def test_a_speck_before_a_status_in_the_sub_label_column_keeps_the_status():
    """skj-7 poor seed 6, Terampil: the sub-label cell read `1` / `PNS`; all four PNS trainings were lost."""
    from pipeline.model import Line as ModelLine
    from pipeline.requirements_table import ruled_requirements
    lines = [ModelLine(0, "Pelatihan", row=0, role="jenis", col=0), ModelLine(1, "1", row=0, role="uraian", col=1),
             ModelLine(2, "PNS", row=0, role="uraian", col=1),
             ModelLine(3, "1. Manajerial", row=1, role="uraian", col=1),
             ModelLine(4, "Pelatihan pelayanan prima", row=1, role="uraian", col=2),
             ModelLine(5, "✓", row=1, role="perlu", col=5, mark=True),
             ModelLine(6, "2. Teknis", row=2, role="uraian", col=1),
             ModelLine(7, "a. Pelatihan aplikasi pengolah angka", row=2, role="uraian", col=2),
             ModelLine(8, "✓", row=2, role="penting", col=4, mark=True),
             ModelLine(9, "PPPK", row=3, role="uraian", col=1),
             ModelLine(10, "1 Teknis", row=4, role="uraian", col=1),  # `2.` read as a bare `1`
             ModelLine(11, "Pelatihan teknis bidang informasi", row=4, role="uraian", col=2),
             ModelLine(12, "✓", row=4, role="penting", col=4, mark=True)]
    req = ruled_requirements(lines)
    assert [(p["status_kepegawaian"], p["jenis"], p["nama"], p["tingkat_pentingnya"]) for p in req.pelatihan] == [
        ("PNS", "manajerial", "Pelatihan pelayanan prima", "perlu"),
        ("PNS", "teknis", "Pelatihan aplikasi pengolah angka", "penting"),
        ("PPPK", "teknis", "Pelatihan teknis bidang informasi", "penting")]


def test_a_training_kind_misread_in_its_sub_label_cell_is_the_kind_it_is_near_and_logged():
    """skj-7 poor seed 6, Penyelia: `3. Fungsional` read `3. Fungsipnal`; its training went on as a teknis one."""
    from pipeline.model import Line as ModelLine
    from pipeline.requirements_table import ruled_requirements
    lines = [ModelLine(0, "Pelatihan", row=0, role="jenis", col=0), ModelLine(1, "PNS", row=0, role="uraian", col=1),
             ModelLine(2, "2. Teknis", row=1, role="uraian", col=1),
             ModelLine(3, "a. Pelatihan perencanaan tenaga kerja", row=1, role="uraian", col=2),
             ModelLine(4, "✓", row=1, role="penting", col=4, mark=True),
             ModelLine(5, "3. Fungsipnal", row=2, role="uraian", col=1),
             ModelLine(6, "Pelatihan penjenjangan", row=2, role="uraian", col=2),
             ModelLine(7, "✓", row=2, role="mutlak", col=3, mark=True),
             # in the text's own column a word near a kind is the item's (`Teknik`), not a kind
             ModelLine(8, "4. Teknik wawancara", row=3, role="uraian", col=2),
             ModelLine(9, "✓", row=3, role="perlu", col=5, mark=True)]
    req = ruled_requirements(lines)
    assert [(p["jenis"], p["nama"], p["tingkat_pentingnya"]) for p in req.pelatihan] == [
        ("teknis", "Pelatihan perencanaan tenaga kerja", "penting"), ("fungsional", "Pelatihan penjenjangan", "mutlak"),
        ("fungsional", "4. Teknik wawancara", "perlu")]
    assert [(f["field"], f["before"], f["after"]) for f in req.perbaikan] == [("pelatihan jenis", "3. Fungsipnal", "fungsional")]


def test_a_pangkat_name_alone_on_the_line_below_its_golongan_is_that_item_s_name():
    """OCR text, one line each: `- III/a` / `(Penata Muda)`; the name's line, read from the name alone,
    names the golongan already listed (a golongan is listed once per status)."""
    req = parse_requirements([Line(i, t) for i, t in enumerate([
        "D. Pangkat PNS", "- III/a", "(Penata Muda)", "- III/b", "(Penata Muda Tk. I)",
        "E. Indikator Kinerja Jabatan Kualitas kerja."])])
    assert [(p["golongan"], p["nama"]) for p in req.pangkat] == [("III/a", "Penata Muda"), ("III/b", "Penata Muda Tk. I")]
    assert len(req.asal["pangkat"]) == 2
