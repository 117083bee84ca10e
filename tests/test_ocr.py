"""The scanned-page reader's own rules, on page images drawn here (300 dpi, white paper):
rulings found in the pixels, and cells the page pass left unread read again."""

from __future__ import annotations

import shutil

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from pipeline import ocr
from pipeline.layout import Grid

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
SCALE = 72 / 300  # points per pixel at 300 dpi


def page(width: int = 2400, height: int = 1400) -> tuple[Image.Image, ImageDraw.ImageDraw]:
    img = Image.new("L", (width, height), 255)
    return img, ImageDraw.Draw(img)


def table(draw: ImageDraw.ImageDraw, columns: list[int], rows: list[int], spanning: tuple[int, ...] = ()) -> None:
    """A ruled table, 3 px rulings: every row ruling across it, the outer column rulings down
    it, the inner ones through every row but the `spanning` ones (by index: a group label row)."""
    for y in rows:
        draw.line([(columns[0], y), (columns[-1], y)], fill=0, width=3)
    for x in (columns[0], columns[-1]):
        draw.line([(x, rows[0]), (x, rows[-1])], fill=0, width=3)
    for i, (top, bottom) in enumerate(zip(rows, rows[1:])):
        for x in columns[1:-1] if i not in spanning else []:
            draw.line([(x, top), (x, bottom)], fill=0, width=3)


def test_a_header_row_shorter_than_the_page_wide_ruling_minimum_keeps_its_column_rulings():
    img, draw = page()
    # a 55 px header row (the page-wide minimum is 72 px), then a group row spanning the table
    columns, rows = [200, 700, 900, 1500, 2200], [300, 355, 410, 800, 1100]
    table(draw, columns, rows, spanning=(1,))
    draw.text((230, 312), "Kompetensi", font=ImageFont.truetype(FONT, 30), fill=0)
    _, horizontal, vertical = ocr.rulings(np.asarray(img))
    assert [round(y) for y, _, _ in sorted(horizontal)] == pytest.approx(rows, abs=2)
    header = sorted(round(x) for x, top, bottom in vertical if top <= 305 and bottom >= 350)
    assert header == pytest.approx(columns, abs=2)  # the inner three only by the short-row rule
    group = sorted(round(x) for x, top, bottom in vertical if top <= 360 and bottom >= 405)
    assert group == pytest.approx([200, 2200], abs=2)  # none invented across the spanning row


def test_text_touching_neither_ruling_of_its_short_row_is_no_column_ruling():
    img, draw = page()
    columns, rows = [200, 2200], [300, 360, 700]
    table(draw, columns, rows)
    draw.line([(800, 312), (800, 348)], fill=0, width=4)  # a tall bar of text in the row, clear of both rulings
    _, _, vertical = ocr.rulings(np.asarray(img))
    assert sorted(round(x) for x, _, _ in vertical) == pytest.approx(columns, abs=2)


def cell_page(text: str) -> tuple[np.ndarray, Grid, tuple]:
    """A two-column table whose second cell holds `text` (32 px type); the grid in points."""
    img, draw = page(1600, 700)
    table(draw, [100, 1000, 1500], [100, 400])
    draw.text((130, 150), text, font=ImageFont.truetype(FONT, 34), fill=0)
    first = (100 * SCALE, 100 * SCALE, 1000 * SCALE, 400 * SCALE)
    second = (1000 * SCALE, 100 * SCALE, 1500 * SCALE, 400 * SCALE)
    pixels = np.asarray(img).copy()
    pixels[[100, 400], :] = 255  # the rulings erased, as before OCR
    return pixels, Grid([[first, second]]), first


@pytest.mark.skipif(shutil.which("tesseract") is None, reason="Tesseract is installed by `make setup`")
def test_a_cell_the_page_pass_left_unread_is_read_on_its_own():
    pixels, grid, first = cell_page("1. Integritas")
    words = ocr.read_missed_cells(pixels, [grid], [], SCALE, ocr.OcrSettings())
    assert [w[0] for w in words] == ["1.", "Integritas"]
    for w in words:  # placed where they are printed, inside the cell
        assert first[0] + 5 < w[1] < w[3] < first[0] + 120 and first[1] + 5 < w[2] < w[4] < first[1] + 25


def test_a_cell_the_page_pass_read_is_not_read_again(monkeypatch):
    pixels, grid, first = cell_page("Integritas")
    read = [["Integritas", 130 * SCALE, 150 * SCALE, 300 * SCALE, 185 * SCALE, 96.0]]
    monkeypatch.setattr(ocr, "_read_pieces", lambda *a: pytest.fail("a read cell was read again"))
    assert ocr.read_missed_cells(pixels, [grid], read, SCALE, ocr.OcrSettings()) == read


def test_specks_alone_in_a_cell_are_not_text_to_read(monkeypatch):
    pixels, grid, _ = cell_page("")
    for x, y in [(300, 200), (500, 300), (700, 250), (1200, 200)]:
        pixels[y:y + 5, x:x + 5] = 0  # specks of a poor scan, smaller than a letter
    monkeypatch.setattr(ocr, "_read_pieces", lambda *a: pytest.fail("specks were read as text"))
    assert ocr.read_missed_cells(pixels, [grid], [], SCALE, ocr.OcrSettings()) == []


def test_a_coloured_stamp_over_black_print_is_left_out_of_the_grey_page():
    img = Image.new("RGB", (900, 300), (246, 244, 238))  # slightly tinted paper
    draw = ImageDraw.Draw(img)
    draw.text((60, 110), "MOH. MAHFUD MD", font=ImageFont.truetype(FONT, 60), fill=(10, 10, 10))
    for ink in [(40, 60, 170), (90, 60, 150), (80, 90, 130)]:  # blue, violet, grey-blue stamp ink
        draw.ellipse([(40, 20), (600, 280)], outline=ink, width=12)
        grey = ocr.print_grey(np.asarray(img))
        assert grey[150, 40:52].min() >= 170, ink  # the stamp's ring: light enough for Otsu to drop
        assert grey[25:35, 300].min() >= 170, ink
    assert grey[100:200, 60:700].min() <= 40  # the print stays black
    assert grey[5, 5] >= 250  # the paper white


def test_a_tick_cell_s_ink_is_its_mark_s_not_a_speck_s_nor_a_dash_s():
    """Poor scan, seed 11: a 10 px speck held 146 dark pixels, more than the row's tick (109)."""
    img, draw = page(1600, 400)
    columns, rows = [100, 1000, 1150, 1300, 1450], [100, 200]
    table(draw, columns, rows)
    draw.line([(1180, 150), (1200, 175), (1240, 120)], fill=0, width=5)  # a drawn tick, 55 px tall
    draw.line([(1350, 150), (1400, 150)], fill=0, width=4)  # a dash
    draw.rectangle([(1030, 140), (1040, 150)], fill=0)  # a speck: 11 x 11 px, 121 dark pixels
    pixels = np.asarray(img).copy()
    pixels[[100, 200], :] = 255
    grid = Grid([[(a * SCALE, 100 * SCALE, b * SCALE, 200 * SCALE) for a, b in zip(columns, columns[1:])]])
    _, inks = ocr.read_narrow_cells(pixels, [grid], [], SCALE, ocr.OcrSettings())
    speck, tick, dash = inks[0][0][1:]
    assert tick > 150 and speck == 0 and dash == 0, inks


def test_a_light_printed_level_digit_is_ink_on_a_poor_scan():
    """Poor scan, seed 12: the level column's `2`, printed mid-grey (half a poor scan's ink pixels
    are above 120), broke at a fixed level of 128 into blobs under 16 px, so the cell looked empty
    and its level was lost. The page's own ink level (Otsu's) keeps the digit whole."""
    img, draw = page(1600, 400)
    columns, rows = [100, 1000, 1150, 1500], [100, 300]
    table(draw, columns, rows)
    draw.text((1110, 130), "2", font=ImageFont.truetype(FONT, 40), fill=0)  # 29 px tall
    draw.text((130, 130), "Komunikasi", font=ImageFont.truetype(FONT, 40), fill=0)
    # printed light and blurred by the scan: the ink's darkest core ~110, its edges paper grey
    pixels = 110 + np.asarray(img.filter(ImageFilter.GaussianBlur(2)), dtype=np.float64) * (145 / 255)
    pixels = pixels.astype(np.uint8)
    pixels[95:106, :] = pixels[295:306, :] = 255
    grid = Grid([[(a * SCALE, 100 * SCALE, b * SCALE, 300 * SCALE) for a, b in zip(columns, columns[1:])]])
    dark = ocr.ink_level(pixels)
    assert 150 < dark <= ocr.MAX_INK_LEVEL
    assert ocr.read_narrow_cells(pixels, [grid], [], SCALE, ocr.OcrSettings())[1][0][0][1] == 0  # at 128: no ink
    _, inks = ocr.read_narrow_cells(pixels, [grid], [], SCALE, ocr.OcrSettings(), dark)
    assert inks[0][0][1] > 200
    black = np.where(pixels < 200, 0, 255).astype(np.uint8)  # the same page printed black
    assert ocr.ink_level(black) == ocr.MIN_INK_LEVEL


@pytest.mark.parametrize("tilt", [-1.8, 0.0, 1.2])
def test_the_skew_found_turns_text_rows_level_again(tilt):
    img, draw = page(2000, 1400)
    for y in range(150, 1250, 60):
        draw.text((150, y), "Kompetensi teknis yang harus dimiliki " * 2, font=ImageFont.truetype(FONT, 32), fill=0)
    tilted = np.asarray(img.rotate(tilt, fillcolor=255))  # PIL turns counter-clockwise
    assert ocr.skew_angle(tilted, 3.0) == pytest.approx(-tilt, abs=0.15)


@pytest.mark.skipif(shutil.which("tesseract") is None, reason="Tesseract is installed by `make setup`")
def test_a_level_digit_is_read_without_the_specks_above_and_below_it():
    """Poor scan, seed 3: the level cell's crop ran from a speck 100 px above the `2` to one 150 px
    below it, and Tesseract read the digit as `3`. Only letter-tall glyphs set the crop."""
    img, draw = page(1600, 800)
    columns, rows = [100, 1000, 1150, 1500], [100, 700]
    table(draw, columns, rows)
    draw.text((1110, 130), "2", font=ImageFont.truetype(FONT, 40), fill=0)
    for x, y in [(1120, 300), (1100, 520), (1130, 640), (1070, 410)]:
        draw.rectangle([(x, y), (x + 5, y + 5)], fill=0)  # specks, 6 px
    pixels = np.asarray(img).copy()
    pixels[[100, 700], :] = 255
    grid = Grid([[(a * SCALE, 100 * SCALE, b * SCALE, 700 * SCALE) for a, b in zip(columns, columns[1:])]])
    piece = ocr._trim(pixels[104:696, 1004:1146])
    assert piece.shape[0] < 80  # the digit's height and the margins, not the specks'
    words, _ = ocr.read_narrow_cells(pixels, [grid], [], SCALE, ocr.OcrSettings())
    assert [w[0] for w in words] == ["2"]
