"""The scorer itself (the golden key's figure is held exactly in test_golden.py)."""

from tools.score import score_standard


def test_scorer_counts_a_wrong_field():
    key = {"decree": {"nomor": "SKJ.1", "tahun": 2022}}
    score = score_standard({"decree": {"nomor": "SKJ.1", "tahun": 2021}}, key)
    assert (score.right, [m[0] for m in score.misses]) == (1, ["decree.tahun"])
