"""The scorer itself (the golden key's figure is held exactly in test_golden.py)."""

import json

from tools.field_score import score_standard


def test_scorer_counts_a_wrong_field():
    key = {"decree": {"nomor": "SKJ.1", "tahun": 2022}}
    score = score_standard({"decree": {"nomor": "SKJ.1", "tahun": 2021}}, key)
    assert (score.right, [m[0] for m in score.misses]) == (1, ["decree.tahun"])


def test_a_field_the_standard_lacks_is_wrong_even_where_the_key_holds_null():
    key = {"jenjang": [{"jenjang": "Ahli Muda", "kode_jabatan": None, "kategori": "keahlian",
                        "kompetensi": [{"nama": "Integritas", "nomor_sumber": None, "level": 3}]}]}
    dropped = {"jenjang": [{"jenjang": "Ahli Muda", "kategori": "keahlian", "kompetensi": []}]}
    score = score_standard(dropped, key)
    assert (score.right, sorted(m[0] for m in score.misses)) == (2, [
        "Ahli Muda.kode_jabatan", "Ahli Muda/Integritas.level", "Ahli Muda/Integritas.nama",
        "Ahli Muda/Integritas.nomor_sumber"])
    assert score_standard(key, key).accuracy == 1.0
