"""Stage 4c: lines OCR displaced inside one-column cells are put back, and only those."""

from pipeline.competency_table import build_model
from pipeline.reading_order import restore_line_order
from pipeline.words import cer

from .conftest import jenjang


def test_displaced_lines_of_the_real_decree_are_put_back(standard):
    # source lines 1696-1706: "Membuat" ... "antar kerja." / "pedoman" / "pelaksanaan dan"
    assert jenjang(standard, "Ahli Madya")["ikhtisar_jabatan"].startswith(
        "Membuat pedoman pelaksanaan dan pengembangan kegiatan antar kerja berdasarkan proyeksi data")
    # source lines 2594-2613: "lain." printed before the end of its sentence
    uraian = jenjang(standard, "Ahli Madya")["persyaratan"]["pengalaman_kerja"][0]["uraian"]
    assert uraian.endswith("melalui perpindahan dari jabatan lain.")
    # source lines 1544-1556: "Muda untuk" read before "Fungsional Pengantar Kerja Ahli"
    bidang = jenjang(standard, "Ahli Muda")["persyaratan"]["pendidikan"]["bidang_ilmu"]
    assert cer(bidang, "Manajemen, Psikologi, Hukum, Ekonomi, Sosial – Politik, Administrasi atau bidang pendidikan "
                       "lain yang relevan dengan tugas jabatan yang ditetapkan oleh Instansi Pembina untuk Jabatan "
                       "Fungsional Pengantar Kerja Ahli Muda untuk perpindahan jabatan lain.") <= 0.03


def test_moves_are_logged_as_corrections(extracted):
    import pandas as pd

    frame = pd.read_csv(extracted[1] / "corrections.csv")
    moved = frame[frame["rule"].str.startswith("line order restored")]
    assert set(zip(moved["jenjang"], moved["field"])) == {
        ("Ahli Madya", "ikhtisar_jabatan"), ("Ahli Madya", "pengalaman_kerja PNS"), ("Ahli Muda", "pendidikan bidang_ilmu")}


def test_a_cell_in_order_is_left_alone():
    text = ["Melaksanakan kegiatan antar kerja melalui", "pelaksanaan penempatan tenaga kerja,",
            "perluasan kesempatan kerja, dan pembinaan", "kelembagaan sesuai dengan rencana kerja."]
    model = build_model([" ".join(text)], text)
    assert restore_line_order(text, model.holding_out(None)) == (text, None)
