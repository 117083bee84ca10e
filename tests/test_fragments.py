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
    # lines 1962-1972 and 1988-1990: "dan" (the "...politik; dan" list joiner) and "netral," end up after the
    # description's full stop; "netral" goes to indicator 4.3, the joiner belongs to no cell
    pelayanan = kompetensi(standard, "Ahli Madya", "Pelayanan Publik")
    assert pelayanan["deskripsi"].endswith("transparan, objektif, dan profesional.")
    assert "netral" in pelayanan["indikator"][2]["teks"].split()
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
