"""Stage 1 on the real decree: page furniture removed, everything else kept."""

from pipeline.load import clean_lines


def test_page_numbers_and_watermarks_are_removed(clean):
    texts = [ln.text for ln in clean.lines]
    assert not any("jdih" in t for t in texts)
    assert "- 19 -" not in texts and "-25 -" not in texts
    removed = {(r["line"], r["why"]) for r in clean.removed}
    # source lines 1103 ("- 19 -") and 1444 ("-25 -"); the watermark at 321, 1098, 1439
    assert {(1103, "page number"), (1444, "page number")} <= removed
    assert {(321, "watermark"), (1098, "watermark"), (1439, "watermark")} <= removed


def test_lines_keep_their_source_line_numbers(clean):
    by_no = {ln.no: ln.text for ln in clean.lines}
    assert by_no[309] == "1. Integritas 2 Mampu 2.1Mengingatkan rekan kerja"
    assert by_no[10] == "NOMOR SKJ.1 TAHUN 2022"


def test_ocr_text_claims_no_page(clean, standard):
    # "- 19 -" (line 1103) opens page 19, but no later line says where it ends: a text line has no page
    assert all(ln.page is None for ln in clean.lines)
    assert all(k["halaman"] == [] for j in standard["jenjang"] for k in j["kompetensi"])


def test_stray_rulings_are_stripped_but_inner_brackets_kept():
    lines, removed = clean_lines("organisasi dalam|\n|3.2 Menganalisis secara\n- I[II/c (Penata)\n")
    assert [ln.text for ln in lines] == ["organisasi dalam", "3.2 Menganalisis secara", "- I[II/c (Penata)"]
    assert len(removed) == 2


def test_a_watermark_whose_first_letter_ocr_lost_is_removed():
    from pipeline.load import clean_lines
    lines, removed = clean_lines("Komunikasi, dih.menpan.go.id\nlain")
    assert [ln.text for ln in lines] == ["Komunikasi,", "lain"]
    assert removed[0]["why"] == "watermark"


def test_text_that_kept_its_layout_keeps_each_words_column():
    # pdftotext -layout: lines indented, cells set apart by runs of spaces
    raw = ("PERSYARATAN JABATAN\n"
           "1. Integritas     2    Mampu mengingatkan,      2.1 Mengingatkan rekan\n"
           "                       mengajak rekan kerja     bertindak sesuai\n")
    lines, _ = clean_lines(raw)
    assert lines[1].text == "1. Integritas 2 Mampu mengingatkan, 2.1 Mengingatkan rekan"
    assert lines[1].xs == (0, 3, 18, 23, 29, 48, 52, 65)
    assert lines[2].xs == (23, 32, 38, 48, 58)
    # Tesseract's plain text puts one space between words: no layout to keep
    lines, _ = clean_lines("1. Integritas 2 Mampu mengingatkan, 2.1 Mengingatkan\nmengajak rekan kerja bertindak\n")
    assert all(ln.xs is None for ln in lines)


def test_a_ruling_read_inside_a_line_is_kept_as_where_it_stood():
    # Tesseract psm 4 reads the ruling between two cells as `|`, alone or stuck to a word
    lines, _ = clean_lines("nilai, norma, dan etika organisasi |dan etika organisasi dalam\n"
                           "1. Integritas 2 |Mampu mengingatkan, mengajak|| 2.1 Mengingatkan\n")
    assert lines[0].text == "nilai, norma, dan etika organisasi dan etika organisasi dalam"
    assert lines[0].rulings == (4,)  # four words after it
    assert lines[1].rulings == (5, 2)


def test_a_ruling_read_as_an_opening_bracket_stuck_to_a_word_is_no_text():
    # psm 4: the ruling at an indicator cell's left read as `(`, stuck to the word it stands before
    lines, removed = clean_lines("nilai, norma, dan etika or- (tuasi dan kondisi, mengajak\n"
                                 "ganisasi untuk bertindak sesuai etika dan kode\n")
    assert lines[0].text == "nilai, norma, dan etika or- tuasi dan kondisi, mengajak"
    assert lines[0].rulings == (4,)
    assert removed[0]["why"] == "table ruling read as text"
    # a printed bracket closes within a few lines (blank lines between), or before the next one opens
    text = "a. Pelatihan pengembangan diri (contoh: Building\n\nPositive Attitudes and\n\nStress Management)\n"
    assert [ln.text for ln in clean_lines(text)[0]][0] == "a. Pelatihan pengembangan diri (contoh: Building"
    lines, _ = clean_lines("paling singkat 2 (dua) tahun (aktif\n")
    assert lines[0].text == "paling singkat 2 (dua) tahun aktif"


def test_a_ruling_read_between_two_words_without_a_space_and_a_page_number_without_its_dashes():
    # psm 4: `me-|2.1`, `unit|nisasi` (a ruling stuck to the words of both cells); a golongan's `I|/a` is kept
    lines, removed = clean_lines("Mampu mengolah dan me-|2.1 Menghitung indikator\n- I|/a (Penata Muda)\n"
                                 "pelayanan publik di lingkup unit|nisasi (aliansi\natau persaingan)\n365\n")
    assert [ln.text for ln in lines] == ["Mampu mengolah dan me- 2.1 Menghitung indikator", "- I|/a (Penata Muda)",
                                         "pelayanan publik di lingkup unit nisasi (aliansi", "atau persaingan)"]
    assert lines[0].rulings == (3,) and lines[2].rulings == (2,)
    # a page number printed without its dashes, or whose dashes OCR lost: three digits alone on a line
    assert {"line": 5, "text": "365", "why": "page number"} in removed
    assert [ln.text for ln in clean_lines("10\n2\n")[0]] == ["10", "2"]  # a row number, a level: kept
