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
    json.dumps(score.misses)  # the matrix writes every miss to its results file


def test_the_matrix_gate_names_a_worst_seed_below_its_floor_and_a_run_not_ok():
    from tools.score import gate
    cells = [{"decree": "d", "kind": "poor", "seed": s, "accuracy": a, "status": st, "exit_code": e}
             for s, a, st, e in ((1, 0.95, "ok", 0), (2, 0.931, "ok", 0), (3, 0.97, "failed", 2))]
    assert gate(cells, {"_about": "floors", "d": {"poor": 0.93, "text": 0.995}}) == ["d poor: seed 3 status failed (exit 2)"]
    assert gate(cells, {"d": {"poor": 0.94}}) == ["d poor: worst seed 2 93.1% < floor 94.0%",
                                                  "d poor: seed 3 status failed (exit 2)"]
