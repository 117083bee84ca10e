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


def _column(*lines):
    from pipeline.reading_order import ColumnLine

    # (text, opens a text block of its own)
    return [ColumnLine(text.split(), opens, True) for text, opens in lines]


def test_the_cut_off_end_of_a_printed_line_goes_back():
    from pipeline.reading_order import rejoin_cut_lines

    sentences = ["Membuat surat resmi yang sistematis dan tidak menimbulkan pemahaman yang berbeda",
                 "Membuat proposal yang rinci dan lengkap"]
    model = build_model(sentences, [])
    # source lines 996-1010: 'tidak menimbulkan' / 'pemahaman yang' cut, their ends emitted after 'Membuat'
    column = _column(("Membuat surat resmi", False), ("yang sistematis dan", False), ("tidak", False),
                     ("pemahaman", False), ("berbeda; dan", False), ("Membuat", True), ("menimbulkan", True),
                     ("yang", True), ("proposal", True), ("yang rinci dan lengkap.", True))
    moves = rejoin_cut_lines(column, model.holding_out(None), 22)
    assert [" ".join(c.words) for c in column] == [
        "Membuat surat resmi", "yang sistematis dan", "tidak menimbulkan", "pemahaman yang", "berbeda; dan",
        "Membuat", "proposal", "yang rinci dan lengkap."]
    assert len(moves) == 2


def test_a_line_is_rejoined_only_where_the_layout_allows_it():
    from pipeline.reading_order import rejoin_cut_lines

    model = build_model(["Membuat surat resmi yang sistematis dan tidak menimbulkan pemahaman yang berbeda"], [])
    lines = (("yang sistematis dan", False), ("tidak", False), ("pemahaman", False), ("berbeda;", False),
             ("Membuat", True), ("menimbulkan", True))
    # inside a text block (no blank line before it): read where OCR put it
    column = _column(*lines[:-1], ("menimbulkan", False))
    assert rejoin_cut_lines(column, model.holding_out(None), 22) == []
    # too wide to have shared the line
    column = _column(*lines)
    assert rejoin_cut_lines(column, model.holding_out(None), 12) == []
    # a list element with its comma is the decree's own order
    column = _column(*lines[:-1], ("menimbulkan,", True))
    assert rejoin_cut_lines(column, model.holding_out(None), 22) == []


def test_a_held_out_text_takes_its_follower_types_with_it():
    import math

    from pipeline.lm import Counts, TrigramModel

    model = TrigramModel.train([], [["akan", "diberikan"], ["akan", "untuk"], ["mekanisme"]])
    held = Counts()
    held.add(["akan", "untuk"])
    scorer = model.holding_out(held)
    assert scorer.lost_bi["akan"] == 1
    # held out, 'akan' was seen once with one follower type: the mass left for a word never seen
    # after it is that of two occurrences with two types, not of one occurrence with two types
    assert math.isclose(scorer.logp("mekanisme", ("akan",)), model.holding_out(None).logp("mekanisme", ("akan",)))
