"""The golden excerpts as a whole: a regression gate on the hand-checked figure."""

from tools.score import score_standard

# measured 234/244 (95.9%) when this gate was set; raise it as the reconstruction improves
MIN_ACCURACY = 0.95


def test_golden_excerpts_score(standard, golden):
    score = score_standard(standard, golden)
    assert score.total >= 240
    assert score.accuracy >= MIN_ACCURACY, [m[0] for m in score.misses]


def test_scorer_counts_a_wrong_field():
    key = {"decree": {"nomor": "SKJ.1", "tahun": 2022}}
    score = score_standard({"decree": {"nomor": "SKJ.1", "tahun": 2021}}, key)
    assert (score.right, [m[0] for m in score.misses]) == (1, ["decree.tahun"])
