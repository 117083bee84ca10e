"""Stage 5: OCR repairs change damaged words only, and every change is logged."""

import pytest

from pipeline.normalise import Lexicon, Normaliser

LEX = Lexicon(
    texts=["pada pada pada kerjanya kerjanya kerjanya untuk untuk untuk di di di dalam dalam dalam "
           "kekuatan kekuatan kekuatan bertindak bertindak bertindak orang orang orang bahwa bahwa bahwa"],
    trusted=["menyelia memperhitungkan cara kelemahan sekitarnya"],
)


@pytest.mark.parametrize("text,want,rule", [
    ("memberi perhatian padal isu", "memberi perhatian pada isu", "table ruling read as a letter"),
    ("untuk Dbertindak sesuai", "untuk bertindak sesuai", "stray letter before a word"),
    ("di unit kerjanyauntuk mencoba", "di unit kerjanya untuk mencoba", "words run together"),
    ("hubungan/kekuata n kelompok", "hubungan/kekuatan kelompok", "word split by a line break"),
    ("mampu meny elia dan", "mampu menyelia dan", "word split by a line break"),
    ("kekuatan/kelemah- an anggota", "kekuatan/kelemahan anggota", "line-break hyphen"),
    ("dengan cara- cara yang", "dengan cara-cara yang", "line-break hyphen (reduplication kept)"),
])
def test_repairs_are_applied_and_logged(text, want, rule):
    n = Normaliser(LEX, "skj-x")
    assert n.text(text, "Ahli Muda", "f") == want
    assert [(c.rule, c.jenjang, c.field) for c in n.corrections] == [(rule, "Ahli Muda", "f")]
    assert n.corrections[0].original in text and n.corrections[0].replacement in want


@pytest.mark.parametrize("text", [
    "orang di sekitarnya",  # two real words stay two words
    "melalui RPTKA dan ASN golongan III/a",  # abbreviations and codes
    "kerja sama antarunit",
    "nilai-nilai organisasi",
])
def test_valid_words_are_never_changed(text):
    n = Normaliser(LEX, "skj-x")
    assert n.text(text, None, "f") == text
    assert n.corrections == []


def test_spacing_around_slashes_and_punctuation_is_tidied():
    n = Normaliser(LEX, "skj-x")
    assert n.text("tugas pemerintahan/ pelayanan publik , tim /kelompok", None, "f") == (
        "tugas pemerintahan/pelayanan publik, tim/kelompok")


def test_corrections_on_the_real_decree(extracted):
    import pandas as pd

    frame = pd.read_csv(extracted[1] / "corrections.csv")
    assert list(frame.columns) == ["decree", "jenjang", "field", "original", "replacement", "rule"]
    pairs = set(zip(frame["original"], frame["replacement"]))
    assert ("Dbertindak", "bertindak") in pairs  # line 311
    assert ("kerjanyauntuk", "kerjanya untuk") in pairs  # line 440
    assert ("berbagaialternatif", "berbagai alternatif") in pairs  # line 572
    assert ("I[II/c", "III/c") in pairs or ("[II/c", "III/c") in pairs  # line 1663
    # never turns two valid words into one
    assert not any(o.replace(" ", "") == r and o.split()[0] in {"di", "ke"} for o, r in pairs)


def test_words_the_word_list_splits_into_fragments_stay_whole():
    """wordfreq knows `mem`, `info`, `masi`, `ing`: a splitting or joining repair needs words the
    dictionary or the decree attests, so rare but valid words are left alone."""
    from pipeline.normalise import build_lexicon
    from pipeline.reference import dictionary

    n = Normaliser(build_lexicon(dictionary().sentences(), []), "skj-x")
    text = "memproyeksi memvalidasi pembimbingan pelaporannya mengalokasi infomasi designing stake holder"
    assert n.text(text, None, "f") == text
    assert n.corrections == []


def test_common_words_from_the_word_list_are_known_and_kept():
    from pipeline.normalise import build_lexicon, indonesian_words
    from pipeline.reference import dictionary

    assert {"dan", "dengan", "kebijakan", "rekomendasi"} <= indonesian_words()
    lex = build_lexicon(dictionary().sentences(), [])
    assert lex.known("Kebijakan") and not lex.known("kekuata")
    # "modal" ends in a ruling-like l after a real word ("moda"), but is itself a word
    n = Normaliser(lex, "skj-x")
    assert n.text("modal kerja", None, "f") == "modal kerja" and n.corrections == []


@pytest.mark.slow
def test_tokenizer_splits_exactly_as_spacys_fully_built_one(clean):
    """The tokenizer adds spaCy's hyphenated exceptions as texts need them; every split must still
    be spaCy's own: the real decree's lines, and exception words in many surroundings."""
    import random

    import spacy
    from spacy.lang.id import Indonesian

    from pipeline.normalise import Tokenizer

    full, lazy = spacy.blank("id").tokenizer, Tokenizer()
    keys = sorted(k for k in Indonesian.Defaults.tokenizer_exceptions if "-" in k)
    rng = random.Random(38)
    texts = [ln.text for ln in clean.lines] + [
        f"({k}), {k}nya {k.upper()} {k.capitalize()}-lah {k}-{rng.choice(keys)} se{k}. {k[:-1]} {k.replace('-', '- ')}"
        for k in rng.sample(keys, 400)
    ] + ["anak-anak", "mengalokasi-kan", "kelemah- an", "kupu-kupu, anak-anak", "-" * 300]
    for text in texts:
        assert [(t.text, t.whitespace_) for t in lazy(text)] == [(t.text, t.whitespace_) for t in full(text)], text
    assert [t.text for t in lazy("anak-anak mengalokasi-kan")] == ["anak-anak", "mengalokasi", "-", "kan"]


def test_letters_ocr_misread_are_put_right_and_a_typists_slip_is_kept():
    from pipeline.normalise import Lexicon, indonesian_words
    lex = Lexicon(["memverifikasi data " * 3, "informasi " * 3], [], indonesian_words())
    n = Normaliser(lex, "skj-x")
    # `nn` for `m`, `l` for `i`: glyphs of one shape; `infomasi` (a letter left out) is as printed
    assert n.text("Mennverifikasi data, memverifikasl infomasi", "Ahli Muda", "f") == \
        "Memverifikasi data, memverifikasi infomasi"
    assert [(c.original, c.replacement, c.rule) for c in n.corrections] == [
        ("Mennverifikasi", "Memverifikasi", "letters misread (nearest known word)"),
        ("memverifikasl", "memverifikasi", "letters misread (nearest known word)")]


@pytest.mark.parametrize("text,want", [
    ("Pelatihan bahasa asing ate aa", "Pelatihan bahasa asing"),  # psm 6 of the shaded tick cells
    ("Mengikuti dan lulus Pelatihan Dasar ee", "Mengikuti dan lulus Pelatihan Dasar"),
    ("Pengalaman di bidang Antar $/", "Pengalaman di bidang Antar"),
    ("Pelatihan SDM", "Pelatihan SDM"),  # an abbreviation in capitals
    ("Bekerja sama di", "Bekerja sama di"),  # a dictionary word (the decree repeating `Pe` makes it none)
    ("Pelatihan menulis (naskah dinas)", "Pelatihan menulis (naskah dinas)"),
    ("sesuai dengan kebutuhan jaba- tan", "sesuai dengan kebutuhan jaba- tan"),  # a word's end (text layer, seed 8)
])
def test_specks_of_the_tick_cells_at_a_requirements_end_are_dropped_and_logged(text, want):
    n = Normaliser(Lexicon(["Pe Pe Pe ee ee ee"], ["bekerja sama di dalam"]), "skj-x")
    assert n.cell_end(text, "Ahli Muda", "f") == want
    assert [(c.original, c.replacement) for c in n.corrections] == ([(text, want)] if want != text else [])


@pytest.mark.parametrize("text,digits,want", [
    ("won. Pelatihan Teknis lain sesuai dengan kebutuhan jabatan", False,  # poor scan, seed 9
     "Pelatihan Teknis lain sesuai dengan kebutuhan jabatan"),
    ("“ Membangun komitmen yang tinggi", False, "Membangun komitmen yang tinggi"),
    ("2 Meningkatkan kemampuan bawahan", True, "Meningkatkan kemampuan bawahan"),  # a code's remnant, seed 11
    ("3. | Memberikan tugas-tugas", True, "Memberikan tugas-tugas"),  # and a ruling (skj-7 poor seed 3)
    ("2 Meningkatkan kemampuan bawahan", False, "2 Meningkatkan kemampuan bawahan"),  # a number may open a requirement
    ("di Bidang Antar Kerja", False, "di Bidang Antar Kerja"),  # a dictionary word
    ("SDM Aparatur", False, "SDM Aparatur"),  # an abbreviation in capitals
    ("ee pelatihan dasar", False, "ee pelatihan dasar"),  # no capitalised word after it: a word's start?
])
def test_specks_before_a_cell_s_first_word_are_dropped_and_logged(text, digits, want):
    n = Normaliser(Lexicon(["ee ee ee"], ["bekerja sama di dalam"]), "skj-x")
    assert n.cell_start(text, "Ahli Muda", "f", digits=digits) == want
    assert [(c.original, c.replacement) for c in n.corrections] == ([(text, want)] if want != text else [])
