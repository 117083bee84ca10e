"""Findings on the real decree (checked against the source text) and on injected faults."""

import copy

from pipeline.findings import find, levels, word_diff


def _about(findings, kind, jenjang=None, kompetensi=None):
    return [f for f in findings if f["jenis"] == kind and (jenjang is None or f["jenjang"] == jenjang)
            and (kompetensi is None or f["kompetensi"] == kompetensi)]


def test_findings_on_the_real_decree(extracted):
    import json

    folder = extracted[1]
    found = json.loads((folder / "findings.json").read_text(encoding="utf-8"))
    # line 1265 "10. Perekat Bangsa" where 9 is meant
    assert _about(found, "penomoran", "Ahli Muda", "Perekat Bangsa")[0]["detail"] == {"printed": 10, "expected": 9}
    # line 1317 "D. Teknis" (C. meant); lines 1711/2109/2178 "C. Manajerial", "D.Sosial Kultural", "E.Teknis"
    letters = {(f["jenjang"], f["detail"]["printed"]) for f in found if f["jenis"] == "penomoran" and not f["kompetensi"]}
    assert letters == {("Ahli Muda", "D"), ("Ahli Madya", "C"), ("Ahli Madya", "D"), ("Ahli Madya", "E")}
    # lines 3086-3097: Pengambilan Keputusan 4.2/4.3 of Ahli Utama copy Mengelola Perubahan's indicators
    repeated = _about(found, "pengulangan", "Ahli Utama", "Pengambilan Keputusan")
    assert len(repeated) == 2 and all("Mengelola Perubahan" in f["pesan"] for f in repeated)
    # the diktum says "perekat kebangsaan" (line 201), the tables "Perekat Bangsa"
    assert _about(found, "diktum", kompetensi="Perekat Bangsa")
    # Ahli Utama reuses the level-4 rows of Ahli Madya for seven managerial competencies
    assert len(_about(found, "jenjang", "Ahli Utama")) == 7
    # Mengelola Perubahan 2.2 (line 541-544): "menerima perubahan" where the dictionary has "menghadapi"
    diff = _about(found, "kamus", "Ahli Pertama", "Mengelola Perubahan")[0]["detail"]["diff"]
    assert "[-menghadapi-] {+menerima+}" in diff
    report = (folder / "findings.md").read_text(encoding="utf-8")
    assert report.startswith("# Findings on SKJ.1 / 2022")
    assert "## Numbering" in report and "## Repeated indicators" in report


def test_a_printed_level_that_disagrees_with_its_codes(standard):
    broken = copy.deepcopy(standard)
    row = broken["jenjang"][0]["kompetensi"][0]
    row["level_tercetak"] = 3  # the codes stay 2.1-2.3
    assert [f["kompetensi"] for f in levels(broken)] == ["Integritas"]
    assert levels(standard) == []


def test_no_findings_for_a_consistent_standard():
    standard = {
        "decree": {"kompetensi_teknis_diktum": ["Analisis Data"], "kompetensi_manajerial_diktum": [],
                   "kompetensi_sosial_kultural_diktum": []},
        "jenjang": [{"jenjang": "Ahli Pertama", "kompetensi": [{
            "kelompok": "teknis", "urutan": 1, "nomor_sumber": 1, "nama": "Analisis Data", "level": 1,
            "level_tercetak": 1, "deskripsi": "Mampu mengolah data",
            "indikator": [{"kode": "1.1", "teks": "Mengolah data sesuai pedoman yang berlaku"}]}]}],
    }
    assert find(standard, {"Ahli Pertama": [("A", "teknis", 1)]}) == []


def test_word_diff_shows_only_the_changes():
    assert word_diff("Mengembangkan kemampuan diri untuk menerima perubahan",
                     "Mengembangkan kemampuan diri untuk menghadapi perubahan") == (
        "Mengembangkan kemampuan diri untuk [-menghadapi-] {+menerima+} perubahan")
    long_context = "satu dua tiga empat lima enam tujuh delapan"
    assert word_diff(f"{long_context} menerima perubahan", f"{long_context} menghadapi perubahan") == (
        "… enam tujuh delapan [-menghadapi-] {+menerima+} perubahan")
    assert word_diff("Sama, persis.", "sama persis") is None
