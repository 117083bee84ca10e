"""The layout stage: ruled tables read as structure (rows, cells, column roles), whatever the layout.

Pages are built by hand here (words with boxes, grids of cell boxes), so each rule is seen alone:
roles from the header words and not from column widths, a header-less continuation inheriting
the roles of the table it continues, rows the page break cut, tick marks of every kind, page
furniture inside a cell.
"""

from __future__ import annotations

from pipeline.layout import Grid, PageWords, Word, header_role, page_lines


def words(*items):
    """Words (text, x, y), each 5 pt per character wide and 10 pt high."""
    return [Word(t, x, x + 5 * len(t), y, y + 10) for t, x, y in items]


def row(top: float, bottom: float, edges: list[float]) -> list[tuple]:
    return [(a, top, b, bottom) for a, b in zip(edges, edges[1:])]


# Kompetensi | Level | Deskripsi | Indikator: a level column 15% wide (not "narrow")
EDGES = [70, 170, 240, 360, 540]


def test_header_words_name_the_columns_whatever_their_widths():
    header = words(("Kompetensi", 72, 62), ("Level", 172, 62), ("Deskripsi", 242, 62), ("Indikator", 362, 62),
                   ("Kompetensi", 410, 62))
    body = words(("1.", 72, 85), ("Integritas", 85, 85), ("2", 200, 85), ("Mampu", 242, 85), ("mengajak", 242, 98),
                 ("2.1", 362, 85), ("Mengingatkan", 380, 85), ("rekan", 362, 98))
    page = PageWords(1, header + body, [Grid([row(60, 80, EDGES), row(80, 300, EDGES)])], 842)
    lines, _ = page_lines([page])
    got = [(ln.text, ln.role) for ln in lines]
    assert got == [("Kompetensi", "header"), ("Level", "header"), ("Deskripsi", "header"),
                   ("Indikator Kompetensi", "header"),
                   ("1. Integritas", "nama"), ("2", "level"), ("Mampu", "deskripsi"), ("mengajak", "deskripsi"),
                   ("2.1 Mengingatkan", "indikator"), ("rekan", "indikator")]
    assert len({ln.row for ln in lines if ln.role != "header"}) == 1
    assert lines[4].box == (72, 85, 85 + 50, 95)  # PDF points of the line's words


def test_a_row_the_page_break_cut_keeps_one_row_and_a_headerless_continuation_its_roles():
    header = words(("Kompetensi", 72, 62), ("Level", 172, 62), ("Deskripsi", 242, 62), ("Indikator", 362, 62))
    page1 = PageWords(1, header + words(("1.", 72, 85), ("Integritas", 85, 85), ("2", 200, 85), ("Mampu", 242, 85),
                                        ("2.1", 362, 85), ("Mengingatkan", 380, 85)),
                      [Grid([row(60, 80, EDGES), row(80, 800, EDGES)])], 842)
    # next page: no repeated header, the name cell empty: the rest of row 1, then row 2
    page2 = PageWords(2, words(("-", 290, 20), ("2", 296, 20), ("-", 304, 20), ("rekan", 242, 65),
                               ("kerja", 362, 65), ("2.2", 362, 78), ("Menerapkan", 380, 78),
                               ("2.", 72, 130), ("Kerja", 85, 130), ("Sama", 115, 130), ("2", 200, 130)),
                      [Grid([row(60, 120, EDGES), row(120, 200, EDGES)])], 842)
    lines, removed = page_lines([page1, page2])
    rows = {}
    for ln in lines:
        rows.setdefault(ln.row, []).append((ln.text, ln.role, ln.page))
    body = [r for k, r in rows.items() if k is not None and r[0][1] != "header"]
    assert body[0] == [("1. Integritas", "nama", 1), ("2", "level", 1), ("Mampu", "deskripsi", 1),
                       ("rekan", "deskripsi", 2), ("2.1 Mengingatkan", "indikator", 1), ("kerja", "indikator", 2),
                       ("2.2 Menerapkan", "indikator", 2)]
    assert body[1] == [("2. Kerja Sama", "nama", 2), ("2", "level", 2)]
    assert removed == [{"page": 2, "text": "- 2 -", "why": "page number"}]


def test_a_row_number_left_alone_at_a_page_foot_joins_its_row():
    header = words(("No", 72, 62), ("Kompetensi", 92, 62), ("Level", 172, 62), ("Deskripsi", 242, 62),
                   ("Indikator", 362, 62))
    edges = [70, 90] + EDGES[1:]
    page1 = PageWords(1, header + words(("7.", 72, 790)), [Grid([row(60, 80, edges), row(780, 800, edges)])], 842)
    page2 = PageWords(2, words(("Mengelola", 92, 65), ("Perubahan", 92, 78), ("3", 200, 65), ("Proaktif", 242, 65),
                               ("3.1", 362, 65), ("Menyesuaikan", 380, 65)),
                      [Grid([row(60, 120, edges)])], 842)
    lines, _ = page_lines([page1, page2])
    body = [(ln.text, ln.role, ln.page) for ln in lines if ln.role != "header"]
    assert body == [("7.", "nomor", 1), ("Mengelola", "nama", 2), ("Perubahan", "nama", 2), ("3", "level", 2),
                    ("Proaktif", "deskripsi", 2), ("3.1 Menyesuaikan", "indikator", 2)]
    assert len({ln.row for ln in lines if ln.role != "header"}) == 1


TICK_EDGES = [70, 160, 420, 460, 500, 540]


def _requirements(tick_words, marks=(), ink=None):
    header = words(("Jenis", 72, 62), ("Persyaratan", 100, 62), ("Uraian", 170, 62), ("Mutlak", 422, 62),
                   ("Penting", 462, 62), ("Perlu", 502, 62))
    body = words(("B.", 72, 85), ("Pelatihan", 85, 85), ("a.", 162, 85), ("Pelatihan", 175, 85), ("teknis", 225, 85))
    grid = Grid([row(60, 80, TICK_EDGES), row(80, 120, TICK_EDGES)], ink)
    return PageWords(1, header + body + tick_words, [grid], 842, list(marks))


def test_a_tick_is_any_glyph_a_drawn_mark_or_a_scan_s_ink():
    for glyph in ("✓", "✔", "√", "V", "v", "X", "x"):  # the glyph in the Penting column, dashes elsewhere
        lines, _ = page_lines([_requirements(words(("-", 435, 85), (glyph, 478, 85), ("-", 515, 85)))])
        assert [(ln.role, ln.mark) for ln in lines if ln.role in ("mutlak", "penting", "perlu")] == [
            ("mutlak", False), ("penting", True), ("perlu", False)], glyph
    # a check mark drawn as a path: no glyph at all, a small object inside the Perlu cell
    lines, _ = page_lines([_requirements([], marks=[(512, 88, 522, 98)])])
    assert [ln.role for ln in lines if ln.mark] == ["perlu"]
    # a scan: the Mutlak cell holds clearly the most ink
    ink = [[None] * 5, [0, 9000, 160, 22, 25]]
    lines, _ = page_lines([_requirements([], ink=ink)], scanned={1})
    assert [ln.role for ln in lines if ln.mark] == ["mutlak"]
    ink = [[None] * 5, [0, 9000, 60, 50, 25]]  # no clear tick: none is read
    lines, _ = page_lines([_requirements([], ink=ink)], scanned={1})
    assert not any(ln.mark for ln in lines)


def test_the_watermark_is_taken_out_of_the_cell_ocr_read_it_into():
    header = words(("Kompetensi", 72, 62), ("Level", 172, 62), ("Deskripsi", 242, 62), ("Indikator", 362, 62))
    body = words(("1.", 72, 85), ("Integritas", 85, 85), ("2", 200, 85), ("organisasi", 242, 805),
                 ("Jt", 300, 805), ("lih.menpan.go.id", 315, 805), ("2.1", 362, 85), ("Mengingatkan", 380, 85))
    page = PageWords(1, header + body, [Grid([row(60, 80, EDGES), row(80, 830, EDGES)])], 842)
    lines, removed = page_lines([page])
    assert [ln.text for ln in lines if ln.role == "deskripsi"] == ["organisasi"]
    assert removed == [{"page": 1, "text": "Jt lih.menpan.go.id", "why": "watermark"}]


def test_header_words_are_read_through_ocr_noise():
    assert header_role("Kompetcnsi") == "nama"
    assert header_role("INDIKATOR KOMPETENSI") == "indikator"
    assert header_role("Indikator Perilaku") == "indikator"
    assert header_role("Levcl") == "level"
    assert header_role("Tingkat Pentingnya terhadap Jabatan") == "tingkat"
    assert header_role("Penting") == "penting"
    assert header_role("No.") == "nomor"
    assert header_role("Integritas") is None
    assert header_role("2.1 Mengingatkan") is None


def test_a_tick_column_whose_header_ocr_lost_takes_its_place_in_the_order():
    header = words(("Jenis", 72, 62), ("Persyaratan", 100, 62), ("Uraian", 170, 62), ("Mutlak", 422, 62),
                   ("Penting", 462, 62))  # `Perlu` not read
    body = words(("a.", 162, 85), ("Pelatihan", 175, 85), ("teknis", 225, 85), ("v", 515, 85))
    page = PageWords(1, header + body, [Grid([row(60, 80, TICK_EDGES), row(80, 120, TICK_EDGES)])], 842)
    lines, _ = page_lines([page])
    assert [(ln.role, ln.mark) for ln in lines if ln.role in ("mutlak", "penting", "perlu")] == [
        ("mutlak", False), ("penting", False), ("perlu", True)]


def test_a_headerless_table_s_columns_are_read_from_their_content():
    """No header at all: the row numbers count up (1, 2, 3 ...), the level column repeats digits
    1-5, the indicator column opens with codes; the name is left of the level, the description
    between level and indicators."""
    from pipeline.layout import _content_roles

    numbers = [str(n) for n in range(1, 10)]
    levels = ["2", "2", "3", "2", "2", "3", "3", "2", "2"]
    names = ["Integritas", "Kerja Sama", "Komunikasi"] * 3
    descs = ["Mampu bertindak", "Menumbuhkan tim", "Aktif"] * 3
    inds = [f"{lv}.1 Mengingatkan rekan" for lv in levels]
    assert _content_roles([numbers, names, levels, descs, inds]) == {
        0: "nomor", 1: "nama", 2: "level", 3: "deskripsi", 4: "indikator"}
    assert _content_roles([names, levels, descs, inds]) == {0: "nama", 1: "level", 2: "deskripsi", 3: "indikator"}


def test_a_header_row_and_its_column_numbers_read_through_specks():
    from pipeline.layout import _Cell, _Text, _is_header

    def row(*texts):
        return [_Cell(k, k, [_Text(t, 3)] if t else [], (0.0, 0.0, 1.0, 1.0), 3) for k, t in enumerate(texts)]

    # a speck beside a header word (`2 Deskripsi`) as a 150-dpi scan gave it
    assert _is_header(row("No", "Kompetensi", "Lev el", "2 Deskripsi", "Indikator Kompetensi 1")) == {
        0: "nomor", 1: "nama", 2: "level", 3: "deskripsi", 4: "indikator"}
    # the row numbering the columns, garbled past reading: still no data row
    assert _is_header(row("(1 33", "P3", "4", "2.14)", "(5) g")) == {}
    # a data row is none
    assert _is_header(row("1", "Integritas", "2", "Mampu mengingatkan", "2.1 Mengingatkan rekan")) is None


def test_a_speck_ocr_read_as_a_glyph_far_smaller_than_the_type_is_no_text():
    """Poor scan, seed 1: a 2.6 pt `5` under `1. Integritas` (type ~8 pt) made the name `Integritas 5`."""
    def ocr(*items, height=8.0):
        return [Word(t, x, x + 5 * len(t), y, y + height, 90.0) for t, x, y in items]

    header = ocr(("Kompetensi", 72, 62), ("Level", 172, 62), ("Deskripsi", 242, 62), ("Indikator", 362, 62))
    body = ocr(("1.", 72, 85), ("Integritas", 85, 85), ("2", 200, 85), ("Mampu", 242, 85), ("2.1", 362, 85),
               ("Mengingatkan", 380, 85), ("a.", 242, 98))
    specks = ocr(("5", 140, 106), ("CA", 250, 120), height=2.6)
    page = PageWords(1, header + body + specks, [Grid([row(60, 80, EDGES), row(80, 300, EDGES)])], 842)
    lines, removed = page_lines([page], scanned={1})
    assert [(ln.text, ln.role) for ln in lines if ln.role in ("nama", "deskripsi")] == [
        ("1. Integritas", "nama"), ("Mampu", "deskripsi"), ("a.", "deskripsi")]  # a short word of full height stays
    assert removed == [{"page": 1, "text": "5 CA", "why": "speck"}]


def test_a_scrap_ocr_read_at_a_page_foot_does_not_end_the_table_the_next_page_goes_on_with():
    """Poor scan (skj-7, seed 3): `un` at the foot of page 5 (a garbled page number) cut the table
    there; page 6's headerless rows lost their columns."""
    header = words(("Kompetensi", 72, 62), ("Level", 172, 62), ("Deskripsi", 242, 62), ("Indikator", 362, 62))
    page1 = PageWords(1, header + words(("8.", 72, 85), ("Pengambilan", 85, 85), ("2", 200, 85), ("un", 295, 806)),
                      [Grid([row(60, 80, EDGES), row(80, 760, EDGES)])], 842)
    page2 = PageWords(2, words(("9.", 72, 65), ("Perekat", 85, 65), ("2", 200, 65), ("Peka", 242, 65),
                               ("2.1", 362, 65), ("Mampu", 380, 65)), [Grid([row(60, 120, EDGES)])], 842)
    lines, _ = page_lines([page1, page2])
    assert [(ln.text, ln.role) for ln in lines if ln.page == 2] == [
        ("9. Perekat", "nama"), ("2", "level"), ("Peka", "deskripsi"), ("2.1 Mampu", "indikator")]
    assert ("un", None) in [(ln.text, ln.role) for ln in lines]  # kept, as a free line


def test_a_speck_below_the_page_s_last_table_above_its_foot_does_not_end_the_table():
    """Poor scan (skj-1, held-out seed 16): a `1` read from a speck under the table, above the page's
    foot; the row the page break cut lost its rest (the next page's indicator lines became a row of
    their own, with no name) and the repeated header was taken for a new table's."""
    header = words(("No", 72, 62), ("Kompetensi", 92, 62), ("Level", 172, 62), ("Deskripsi", 242, 62),
                   ("Indikator", 362, 62))
    edges = [70, 90, 170, 240, 360, 540]
    page1 = PageWords(1, header + words(("5.", 72, 85), ("Pelayanan", 92, 85), ("2", 200, 85), ("Mampu", 242, 85),
                                        ("2.3", 362, 85), ("Mampu", 380, 85), ("perhatian", 362, 700),
                                        ("1", 300, 740)),
                      [Grid([row(60, 80, edges), row(80, 720, edges)])], 842)
    page2 = PageWords(2, header + words(("kepentingan", 362, 85), ("publik", 362, 98),
                                        ("6.", 72, 130), ("Pengembangan", 92, 130), ("2", 200, 130)),
                      [Grid([row(60, 80, edges), row(80, 120, edges), row(120, 200, edges)])], 842)
    lines, _ = page_lines([page1, page2])
    rows: dict = {}
    for ln in lines:
        if ln.row is not None and ln.role != "header":
            rows.setdefault(ln.row, []).append(ln.text)
    assert list(rows.values()) == [["5.", "Pelayanan", "2", "Mampu", "2.3 Mampu", "perhatian", "kepentingan", "publik"],
                                   ["6.", "Pengembangan", "2"]]
    assert sum(ln.role == "header" for ln in lines) == 5  # the header once: page 2's repeats it
    assert ("1", None) in [(ln.text, ln.role) for ln in lines]  # kept, as a free line


def test_a_column_numbering_row_with_a_ruling_read_beside_a_number_is_no_competency_row():
    """Poor scan (skj-7, seed 8): the row `(1) (2) (3) (4)` under the header read `“w | (2) | (3) |`
    (a ruling read as `|`, `(1)` garbled, `(4)` lost); it became a first competency row named `“w`
    that shifted every row's order by one."""
    header = words(("Kompetensi", 72, 62), ("Level", 172, 62), ("Deskripsi", 242, 62), ("Indikator", 362, 62))
    numbering = words(("“w", 100, 82), ("(2)", 190, 82), ("(3)", 290, 82), ("|", 320, 82))
    body = words(("1.", 72, 102), ("Integritas", 85, 102), ("1", 200, 102), ("Mampu", 242, 102),
                 ("1.1", 362, 102), ("Bertingkah", 380, 102))
    page = PageWords(4, header + numbering + body,
                     [Grid([row(60, 78, EDGES), row(78, 96, EDGES), row(96, 200, EDGES)])], 842)
    lines, removed = page_lines([page], scanned={4})
    assert [(ln.text, ln.role) for ln in lines if ln.role not in ("header", None)] == [
        ("1. Integritas", "nama"), ("1", "level"), ("Mampu", "deskripsi"), ("1.1 Bertingkah", "indikator")]
    assert {"page": 4, "text": "“w | (2) | (3) |",
            "why": "column numbering row (rulings read beside its numbers)"} in removed
    # a row's number and level alone (a stub the page break cut) do not count up: still a row
    from pipeline.layout import _Cell, _Text, _ruled_numbering

    def cells(*texts):
        return [_Cell(k, k, [_Text(t, 3)] if t else [], (0.0, 0.0, 1.0, 1.0), 3) for k, t in enumerate(texts)]

    assert _ruled_numbering(cells("“w", "(2)", "(3) |", ""))
    assert not _ruled_numbering(cells("5.", "2", "(1) |"))
    assert not _ruled_numbering(cells("5.", "Integritas", "2 |"))
    assert not _ruled_numbering(cells("2.", "3 |", "“w"))  # a stub counting up, not its columns' numbers
    assert not _ruled_numbering(cells("1.", "2 |", "“w"))  # its columns', but two, no brackets: a stub
    assert _ruled_numbering(cells("1", "2 |", "3", "4"))  # four columns numbered without brackets


def test_a_competency_row_of_specks_only_is_no_row():
    """A scan's speck between two rulings (`“w` in the name cell, `(3) |` beside the description's
    ruling): no word, no code, no row number or level of its own, so no competency row. A row
    holding only its number and level (the page break cut the rest) stays, to be joined."""
    header = words(("Kompetensi", 72, 62), ("Level", 172, 62), ("Deskripsi", 242, 62), ("Indikator", 362, 62))
    first = words(("1.", 72, 82), ("Integritas", 85, 82), ("1", 200, 82), ("Mampu", 242, 82),
                  ("1.1", 362, 82), ("Bertingkah", 380, 82))
    specks = words(("“w", 100, 122), ("(3)", 290, 122), ("|", 320, 122))
    second = words(("2.", 72, 142), ("Kerja", 85, 142), ("1", 200, 142), ("Berpartisipasi", 242, 142),
                   ("1.1", 362, 142), ("Mendengarkan", 380, 142))
    stub = words(("3.", 72, 182), ("1", 200, 182))
    grid = Grid([row(60, 78, EDGES), row(78, 118, EDGES), row(118, 138, EDGES), row(138, 178, EDGES),
                 row(178, 198, EDGES)])
    lines, removed = page_lines([PageWords(5, header + first + specks + second + stub, [grid], 842)], scanned={5})
    assert [(ln.text, ln.row) for ln in lines if ln.role in ("nama", "nomor", "level")] == [
        ("1. Integritas", 2), ("1", 2), ("2. Kerja", 3), ("1", 3), ("3.", 4), ("1", 4)]
    assert {"page": 5, "text": "“w | (3) |",
            "why": "competency table row of specks only (no word, number or level)"} in removed


def test_a_check_glyph_in_a_tick_column_a_little_wider_than_narrow_is_still_a_mark():
    """Layout seed 58430 (F4, DejaVu Serif 12 pt): the Penting column, 10.4% of the table, was taken for a text
    cell and its `✓` for a speck; four ticks were lost."""
    edges = [70, 160, 410, 455, 505, 545]  # Penting 50 of 475 pt
    header = words(("Jenis", 72, 62), ("Persyaratan", 100, 62), ("Uraian", 170, 62), ("Mutlak", 412, 62),
                   ("Penting", 457, 62), ("Perlu", 507, 62))
    body = words(("B.", 72, 85), ("Pelatihan", 85, 85), ("a.", 162, 85), ("Pelatihan", 175, 85), ("teknis", 225, 85))
    for glyph in ("✓", "✔", "√"):
        ticks = words(("-", 430, 85), (glyph, 478, 85), ("-", 520, 85))
        page = PageWords(1, header + body + ticks, [Grid([row(60, 80, edges), row(80, 120, edges)])], 842)
        lines, _ = page_lines([page])
        assert [(ln.role, ln.mark) for ln in lines if ln.role in ("mutlak", "penting", "perlu")] == [
            ("mutlak", False), ("penting", True), ("perlu", False)], glyph


def test_a_requirement_row_the_page_break_cut_keeps_its_sub_label_apart_from_its_text():
    """Text layer, layout seed 79: `3.` / `Fungsional` (the training kind) and `Pelatihan fungsional
    bidang informasi` / `pasar kerja` (its item), both cells cut by the page break. The sub-label and
    the item text share the role `uraian`: the sub-label's rest on the next page went on the item's
    text (`... informasi Fungsional pasar kerja`) and the kind was lost with it."""
    edges = [70, 150, 230, 420, 460, 500, 540]
    header = words(("Jenis", 72, 62), ("Uraian", 240, 62), ("Mutlak", 422, 62), ("Penting", 462, 62),
                   ("Perlu", 502, 62))
    head_row = [(70, 60, 150, 80), (150, 60, 420, 80), None, (420, 60, 460, 80), (460, 60, 500, 80), (500, 60, 540, 80)]
    body = words(("B.", 72, 85), ("Pelatihan", 85, 85), ("PPPK", 152, 85), ("3.", 152, 785), ("Pelatihan", 232, 785),
                 ("fungsional", 282, 785), ("v", 515, 785))
    page1 = PageWords(1, header + body, [Grid([head_row, [(70, 80, 150, 780), (150, 80, 540, 780), None, None, None, None],
                                                row(780, 800, edges)])], 842)
    page2 = PageWords(2, header + words(("Fungsional", 152, 85), ("pasar", 232, 85), ("kerja", 262, 85)),
                      [Grid([head_row, row(80, 100, edges)])], 842)
    lines, _ = page_lines([page1, page2])
    got = [(ln.text, ln.role, ln.col, ln.page) for ln in lines if ln.role == "uraian"]
    assert got[-4:] == [("3.", "uraian", 1, 1), ("Fungsional", "uraian", 1, 2),
                        ("Pelatihan fungsional", "uraian", 2, 1), ("pasar kerja", "uraian", 2, 2)]
    assert len({ln.row for ln in lines if ln.text in ("3.", "Fungsional", "pasar kerja")}) == 1
