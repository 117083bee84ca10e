"""Stage 4d: description fragments OCR printed inside another row are given back."""

from pipeline.words import cer

from .conftest import kompetensi


def test_fragments_of_the_real_decree_go_back_to_their_rows(standard):
    # source lines 3073-3077 ("untuk / membangun / hubungan sosial / psikologis.") stand inside
    # Pengambilan Keputusan; they end the Perekat Bangsa description (line 3099 "Wakil pemerintah")
    assert kompetensi(standard, "Ahli Utama", "Perekat Bangsa")["deskripsi"] == (
        "Wakil pemerintah untuk membangun hubungan sosial psikologis.")
    assert "psikologis" not in kompetensi(standard, "Ahli Utama", "Pengambilan Keputusan")["indikator"][0]["teks"]
    # lines 2962-2966 ("dalam rangka / mendorong / manajemen / pembelajaran.") stand inside Pelayanan Publik
    assert kompetensi(standard, "Ahli Utama", "Pengembangan Diri dan Orang Lain")["deskripsi"] == (
        "Menyusun program pengembangan jangka panjang dalam rangka mendorong manajemen pembelajaran.")
    # lines 2853-2864 stand inside Orientasi pada Hasil
    pelayanan = kompetensi(standard, "Ahli Utama", "Pelayanan Publik")["deskripsi"]
    assert cer(pelayanan, "Mampu memonitor, mengevaluasi, memperhitungkan dan mengantisipasi dampak dari isu jangka "
                          "panjang, kesempatan, atau kekuatan politik dalam hal pelayanan kebutuhan pemangku "
                          "kepentingan yang transparan, objektif, dan profesional.") <= 0.03
    assert "isu jangka" not in kompetensi(standard, "Ahli Utama", "Orientasi pada Hasil")["indikator"][0]["teks"]


def test_stray_words_go_back_to_the_cell_of_their_row_that_lacks_them(standard):
    # source lines 2688-2703: "pemangku" is read before "seluruh", next to the description's last line
    integritas = kompetensi(standard, "Ahli Utama", "Integritas")
    assert integritas["deskripsi"].endswith("di tingkat nasional.")
    assert "dipatuhi oleh seluruh pemangku kepentingan" in integritas["indikator"][0]["teks"]
    # lines 2840-2852: "ditetapkan" ends indicator 4.1 ("... melebihi target yang ditetapkan")
    hasil = kompetensi(standard, "Ahli Utama", "Orientasi pada Hasil")
    assert hasil["deskripsi"].endswith("melebihi hasil kerja sebelumnya.")
    assert hasil["indikator"][0]["teks"].endswith("kinerja yang melebihi target yang ditetapkan")
    # lines 3061-3067 "masalah / mengandung / yang": the dictionary's "masalah yang mengandung"
    # lines 1962-1972 and 1986-1994: nothing goes on after the description's full stop, so neither
    # "dan" (the "...politik; dan" list joiner) nor "netral," is read into it; "netral," stays in
    # indicator 4.3 where the decree prints it (after "diskriminatif,", not the dictionary's place)
    pelayanan = kompetensi(standard, "Ahli Madya", "Pelayanan Publik")
    assert pelayanan["deskripsi"].endswith("transparan, objektif, dan profesional.")
    assert "tidak diskriminatif, netral, transparan" in pelayanan["indikator"][2]["teks"]
    keputusan = kompetensi(standard, "Ahli Utama", "Pengambilan Keputusan")
    assert keputusan["deskripsi"].startswith("Menyelesaikan masalah yang mengandung risiko tinggi")
    assert keputusan["indikator"][0]["teks"].startswith("Menyusun dan/atau memutuskan")


def test_moves_are_logged_with_the_text_before(extracted):
    import pandas as pd

    frame = pd.read_csv(extracted[1] / "corrections.csv")
    moved = frame[frame["rule"].str.startswith("fragment moved")]
    assert set(moved["field"]) == {"kompetensi[5] Pelayanan Publik deskripsi",
                                   "kompetensi[6] Pengembangan Diri dan Orang Lain deskripsi",
                                   "kompetensi[9] Perekat Bangsa deskripsi"}
    row = moved[moved["field"].str.contains("Perekat")].iloc[0]
    assert (row["original"], row["replacement"]) == ("Wakil pemerintah", "Wakil pemerintah untuk membangun hubungan sosial psikologis.")


def test_a_word_split_over_two_lines_is_joined_back_across_columns(standard):
    # source lines 389-392: the description's "menginterprestasi-" / "kan pesan" was split over two lines
    # and its head decoded into indicator 2.2, next to the indicator's own "menginterpretasikan"
    komunikasi = kompetensi(standard, "Ahli Pertama", "Komunikasi")
    assert "orang lain, menginterprestasikan pesan dengan respon" in komunikasi["deskripsi"]
    assert "menangkap dan menginterpretasikan pesan-pesan" in komunikasi["indikator"][1]["teks"]


def test_two_one_word_lines_read_in_swapped_order_are_put_back(standard):
    # source lines 1307-1313: "konflik / mengurangi / atau / dampak negatif": the dictionary's "konflik atau mengurangi"
    perekat = kompetensi(standard, "Ahli Muda", "Perekat Bangsa")
    assert perekat["indikator"][3]["teks"] == (
        "Menjadi mediator untuk menyelesaikan konflik atau mengurangi dampak negatif dari konflik atau potensi konflik")


def _row(nama, level, deskripsi, *indikator):
    from pipeline.competency_table import Competency

    return Competency("manajerial", 1, 1, nama, nama, True, level, level, deskripsi,
                      [{"kode": f"{level}.{k}", "teks": t} for k, t in enumerate(indikator, start=1)])


def test_stray_rules_leave_a_row_that_only_deviates_from_the_dictionary_alone():
    from pipeline.fragments import return_strays

    desc = ("Aktif menjalankan komunikasi secara formal dan informal; bersedia mendengarkan orang lain, "
            "memahami pesan dengan respon yang sesuai, mampu menyusun materi presentasi, pidato, naskah, laporan, dll")
    row = _row("Komunikasi", 2, desc,
               "Menggunakan gaya komunikasi informal untuk meningkatkan hubungan profesional",
               "Mendengarkan pihak lain secara aktif, menangkap dan memahami pesan-pesan dari orang lain, serta "
               "memberikan respon yang sesuai",
               "Membuat materi pidato, presentasi, draft naskah, laporan dll sesuai arahan pimpinan")
    # a word of the decree's own ('memahami') is no split word; list items with their commas in another
    # order ('pidato, presentasi,') are the decree's own order
    assert return_strays(row) == []
    assert row.deskripsi == desc


def test_split_word_and_swap_rules_on_a_constructed_row():
    from pipeline.fragments import return_strays

    row = _row("Komunikasi", 2,
               "Aktif menjalankan komunikasi secara formal dan informal; bersedia mendengarkan orang lain, "
               "tasikan pesan dengan respon yang sesuai, mampu menyusun materi presentasi, pidato, naskah, laporan, dll",
               "Menggunakan gaya komunikasi informal untuk meningkatkan hubungan profesional",
               "Mendengarkan pihak lain secara aktif, menangkap dan menginterpre- menginterpretasikan pesan-pesan dari "
               "orang lain, serta memberikan respon yang sesuai",
               "Membuat materi presentasi, pidato, draft naskah, laporan dll arahan sesuai pimpinan")
    moved = return_strays(row)
    assert "orang lain, menginterpretasikan pesan dengan" in row.deskripsi
    assert "menangkap dan menginterpretasikan pesan-pesan" in row.indikator[1]["teks"]
    assert row.indikator[2]["teks"].endswith("laporan dll sesuai arahan pimpinan")
    assert [what for what, _ in moved] == [
        "'arahan' put after 'sesuai' in indikator 2.3 (read in swapped order)",
        "'menginterpre-' moved from indikator 2.2 to deskripsi, joined to 'tasikan'"]
    # each move logs the row as it stood right after it: the swap alone, then the swap and the join
    after_swap, after_join = (row_text for _, row_text in moved)
    assert "laporan dll sesuai arahan pimpinan" in after_swap and "tasikan pesan" in after_swap
    assert "menginterpretasikan pesan dengan" not in after_swap
    assert "orang lain, menginterpretasikan pesan dengan" in after_join
    assert after_join == " | ".join([row.deskripsi] + [i["teks"] for i in row.indikator])


def test_description_blocks_read_above_the_tables_header_go_back_to_the_row_that_lacks_them():
    from pipeline.competency_table import loose_blocks, split_rows
    from pipeline.fragments import put_back_loose
    from pipeline.model import Line

    # psm 3 wrote the rest of Integritas' description above the header, its blocks in reverse order
    texts = {1: "ganisasi", 3: "mengajak rekan kerja", 4: "untuk bertindak sesuai", 5: "nilai, norma, dan etika or-",
             7: "Kompetensi Level Deskripsi Indikator Kompetensi", 8: "A. KOMPETENSI MANAJERIAL",
             9: "1. Integritas 2 Mampu mengingatkan, 2.1 Mengingatkan rekan kerja"}
    lines = [Line(no, t) for no, t in texts.items()]
    blocks = loose_blocks(lines, split_rows(lines, [("manajerial", "Integritas")]))
    assert blocks == [["ganisasi"], ["mengajak rekan kerja", "untuk bertindak sesuai", "nilai, norma, dan etika or-"]]
    row = _row("Integritas", 2, "Mampu mengingatkan,", "Mengingatkan rekan kerja")
    moves = put_back_loose([row], blocks)
    assert row.deskripsi == "Mampu mengingatkan, mengajak rekan kerja untuk bertindak sesuai nilai, norma, dan etika organisasi"
    assert [(before, what) for _, before, what in moves] == [("Mampu mengingatkan,", "'mengajak rekan kerja untuk "
                                                              "bertindak sesuai nilai, norma, dan etika organisasi' read outside the table's rows")]
    # a stretch of the description only (the rest read elsewhere), and nothing that is not the row's
    row = _row("Orientasi pada Hasil", 2, "Berupaya meningkatkan hasil kerja", "Menetapkan dan berupaya")
    put_back_loose([row], [["pribadi yang lebih tinggi dari standar", "yang ditetapkan, mencari, mencoba"],
                           ["jdih menpan go id dan seterusnya"]])
    assert row.deskripsi == ("Berupaya meningkatkan hasil kerja pribadi yang lebih tinggi dari standar yang "
                             "ditetapkan, mencari, mencoba")


def test_a_word_the_decree_printed_twice_is_no_split_head():
    from pipeline.fragments import return_strays

    # a decree printing `menginterprestasi menginterpretasikan` in indicator 2.2 and `kan pesan` in its
    # description (the skj-1 fixture, psm 4 seeds 2, 4, 6, 7, 9, 11): the unhyphenated first word, all but
    # repeated by the next, is a word printed twice where it stands, not the head of the description's `kan`
    desc = ("Aktif menjalankan komunikasi secara formal dan informal; bersedia mendengarkan orang lain, "
            "kan pesan dengan respon yang sesuai, mampu menyusun materi presentasi, pidato, naskah, laporan, dll")
    ind = ("Mendengarkan pihak lain secara aktif, menangkap dan menginterprestasi menginterpretasikan pesan-pesan "
           "dari orang lain, serta memberikan respon yang sesuai")
    row = _row("Komunikasi", 2, desc, "Menggunakan gaya komunikasi informal untuk meningkatkan hubungan profesional",
               ind, "Membuat materi presentasi, pidato, draft naskah, laporan dll sesuai arahan pimpinan")
    assert return_strays(row) == []
    assert (row.deskripsi, row.indikator[1]["teks"]) == (desc, ind)
    # hyphenated at the line end (the real decree's `menginterprestasi-` / `kan pesan`), it is the head
    row = _row("Komunikasi", 2, desc, "Menggunakan gaya komunikasi informal untuk meningkatkan hubungan profesional",
               ind.replace("menginterprestasi ", "menginterprestasi- "),
               "Membuat materi presentasi, pidato, draft naskah, laporan dll sesuai arahan pimpinan")
    assert [what for what, _ in return_strays(row)] == [
        "'menginterprestasi-' moved from indikator 2.2 to deskripsi, joined to 'kan'"]
    assert "orang lain, menginterprestasikan pesan dengan" in row.deskripsi


def test_a_split_words_tail_read_into_the_other_column_goes_back_to_its_head():
    from pipeline.fragments import return_strays

    # psm 4 seed 1: `Menumbuhkan tim kerja | 2.1 Membantu orang lain dalam me-` / `yang partisipatif dan
    # efektif Inyelesaikan tugas mereka untuk men-`: the tail `nyelesaikan` (a ruling read `I` before it)
    # decoded into the description, the indicator left with `me- tugas`
    row = _row("Kerja Sama", 2, "Menumbuhkan tim kerja yang partisipatif dan efektif Inyelesaikan",
               "Membantu orang lain dalam me- tugas mereka untuk mendukung sasaran tim",
               "Berbagi informasi yang relevan atau bermanfaat pada anggota tim, mempertimbangkan masukan dan "
               "keahlian anggota dalam tim/kelompok kerja serta bersedia untuk belajar dari orang lain",
               "Membangun komitmen yang tinggi untuk menyelesaikan tugas tim")
    moved = return_strays(row)
    assert row.deskripsi == "Menumbuhkan tim kerja yang partisipatif dan efektif"
    assert row.indikator[0]["teks"] == "Membantu orang lain dalam menyelesaikan tugas mereka untuk mendukung sasaran tim"
    assert [what for what, _ in moved] == [
        "'Inyelesaikan' moved from deskripsi to indikator 2.1, its first word the tail of 'me-'"]
    # the tail with the rest of its line (`me-` / `nyelesaikan tugas mereka`), the head alone in its cell's line
    row = _row("Kerja Sama", 2, "Menumbuhkan tim kerja yang partisipatif dan efektif nyelesaikan tugas mereka",
               "Membantu orang lain dalam me- untuk mendukung sasaran tim")
    return_strays(row)
    assert row.deskripsi == "Menumbuhkan tim kerja yang partisipatif dan efektif"
    assert row.indikator[0]["teks"] == "Membantu orang lain dalam menyelesaikan tugas mereka untuk mendukung sasaran tim"
    # words that spell no word with a head beside them stay where they were read
    row = _row("Kerja Sama", 2, "Menumbuhkan tim kerja yang partisipatif dan efektif sekali",
               "Membantu orang lain dalam me- tugas mereka untuk mendukung sasaran tim")
    assert return_strays(row) == [] and row.deskripsi.endswith("efektif sekali")
