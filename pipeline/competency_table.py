"""Stage 4a: rebuild the competency table (Kompetensi | Level | Deskripsi | Indikator) from OCR lines.

OCR of a ruled four-column table comes out in two ways, often within one row:
row by row, each printed line carrying the ends of several cells
(`1. Integritas 2 Mampu 2.1Mengingatkan rekan kerja`), or column by column
(`2.1` / `2.2` / `2.3` / `Menyesuaikan cara ...`). The reconstruction leans on
what every SKJ decree shares rather than on one file's lines: the table's layout (codes,
top-aligned cells, justified lines of a column's width, OCR's ways of reading them) and
the form of its sentences (a description is one sentence or phrase; an indicator is a list
item opening with a capitalised verb and closing with `;`, `; dan` or `.`). No rule names
a word of one decree, so each holds for the interleaved OCR text of any decree:

1. rows: group rows (`A. Manajerial`, letters often wrong) and numbered row
   starts; a row runs to the next row start.
2. name column: the competency's name is known in advance (the decree's diktum,
   the PermenPANRB 38/2017 dictionary) and sits at the left of the row's first
   lines, so its words are consumed from line starts.
3. level column: a lone digit after the name on the first line (`S` read for 5).
4. indicator codes `L.n` open the indicator column: on a line, what stands left of
   an inline code is description, what follows is indicator.
5. every other line is split in two (description prefix, indicator suffix) where the
   trigram model (`lm`) finds both columns read most fluently, decoded with a beam
   over the row's lines; a row's own lines are held out of the model. The description
   is scored as one sentence (it ends once, where an end is likely; no list items in it);
   each column's share of a line fits that column's width, estimated from the table's
   own lines. In each column, the end of a printed line that OCR cut off and emitted a
   few lines later is put back (`reading_order.rejoin_cut_lines`).
6. the indicator column is cut into one indicator per code, at inline codes and at
   the list punctuation (`;`, `; dan`, `.`) that ends an indicator.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import NamedTuple

from rapidfuzz.distance import Levenshtein

from .lm import Counts, Scorer, TrigramModel, lm_tokens
from .fragments import put_back_loose
from .model import Competency, Line
from .provenance import of_lines
from .reading_order import ColumnLine, rejoin_cut_lines
from .reference import dictionary
from .words import fold, fold_word, group_of, indonesian_words, join_cell_lines, near

ROW_START = re.compile(r"^(?P<num>\d{1,2}|[SIl])\s*[.,]\s*(?P<rest>[(\[|]?[A-Za-z].*)$")
# (a ruling OCR read as `1` stuck before it: `12.1` for `|2.1`; its dot read as a colon: `2:1`)
CODE = re.compile(r"""^[(\[{|“"'‘]?1?(?P<level>[1-5S])[.,:'’](?P<n>\d{1,2})(?![\d/])[.,;:)]?(?P<rest>\S*)$""")  # a mark before it: a ruling, a speck
LEVEL = {"1": 1, "2": 2, "3": 3, "4": 4, "5": 5, "S": 5}
LEVEL_SPECKED = re.compile(r"^[1-5]\d[.,:;)]?$")  # a level digit and a speck read as a digit beside it
LEVEL_CELL = {**LEVEL, "l": 1, "I": 1, "|": 1, "!": 1, "]": 1}  # a level cell's lone 1, as OCR reads it
HEADER_WORDS = {"kompetensi", "level", "deskripsi", "indikator"}
COLUMN_NUMBERS = re.compile(r"^(?:[(\[]?\d[)\]]?\s+){2,}[(\[]?\d[)\]]?$")  # three or more: `(1) (2) (3) (4)`
BEAM = 8
CODE_KINDS = ("code", "code-alone")  # a code followed by text on its line / a code on a line of its own
# Layout priors, in log-probability units (nats) added to the model's score:
# indicator text before any code is unusual (codes lead the indicator column), and a
# description that stopped for a line of indicator text rarely resumes (cells are top-aligned).
# Resuming is one event, charged once (more the longer the description was silent), plus a
# smaller charge per line it then goes on: OCR that displaces a block of one column into the
# other (two lines of an indicator inside the description block) makes the description resume
# once and run on for many lines, which a charge on every line would forbid.
IND_BEFORE_CODE = -1.0
DESC_REOPENED = -4.0
IND_RESUMED = -4.0  # the indicator column resuming, without a code, after two or more description lines
DESC_RESUMED_LINE = -2.0  # per line the resumed description goes on
SILENCE = -0.5  # and per line the description stayed silent while indicators ran (at most MAX_SILENCE)
MAX_SILENCE = 24
SENTENCE_BROKEN = -4.0  # a cell's text going on in lower case after a full stop (the description: any text)
SHORT_LINE_SPLIT = -3.0  # a line no wider than one column split between two columns
ITEM_UNOPENED = -4.0  # indicator text opening in lower case, continuing no item
ITEM_IN_DESC = -3.0  # a list item inside the description (a capitalised word after `;`, or its end `;`)
FULLNESS = -0.05  # per character a split line's shares fall short of typical lines more than they must
LINE_TOO_WIDE = -3.0  # a column's share of a line a tenth wider than that column holds (in proportion)
CAP_PERCENTILE, CAP_MARGIN = 0.9, 1.15  # a column holds about 15% more than its 90th-percentile line
DESC_MISSING = -8.0  # a row whose description the decoder left empty (every row has one)
LAYOUT_OFF = -10.0  # a laid-out line split elsewhere than where its words' columns set the indicators apart
RULING_OFF = -4.0  # a line split elsewhere than at a table ruling OCR read inside it (`nilai, norma | dan etika`)
CODE_ALIGN = 2  # characters: pdftotext -layout shifts a column's lines by a character or two
HINT = 1.5  # per word pair that the dictionary puts in this column (or in the other one)


@dataclass(frozen=True)
class CompetencySettings:
    """Every threshold of the competency table, named (pdfplumber's TableSettings as the model); the
    decoder's layout priors above stay module constants, one block."""

    opening_words: int = 2  # a known name's first words that open a row at a line's start (`Pembinaan Kelemba-`)
    opening_tolerance: float = 0.16  # share of those words' letters OCR may garble
    wrapped_tolerance: float = 0.1  # a wrapped name's first word, read closely: a description's verb looks like it
    name_tolerance: float = 0.26  # share of a name word's letters OCR may garble, the row's lines read against a name
    exact_word: int = 4  # letters of a name word below which it must be read exactly (`dan`, `Diri`)
    hyphen_stem: int = 3  # letters a name word cut at a line end (`peru-`) keeps at least
    top_level: int = 5  # levels run 1 to 5: a lone number above is a row number, not a level
    name_lines: int = 8  # a row's lines a name cell may run over
    lost_word_reach: int = 2  # lines below that may open with a name word read as lost on this line
    name_misses: int = 3  # lines without a name word the name may pass over (the other cells' lines between)
    name_min_words: int = 2  # words of a name of several a row must match, one lost at most
    desc_unopened: float = -2.0  # nats: a description opening in lower case (the indicators' charge is ITEM_UNOPENED)
    item_goes_on: float = -1.5  # nats: text going on in lower case after a list item's end (`;`), not with `dan`
    capital_after_comma: float = -1.0  # nats: a capitalised word (no acronym, no proper word) going on after `,`
    capital_inside: float = -3.0  # nats: ... going on after any other word
    wide_steps: int = 10  # LINE_TOO_WIDE is charged per tenth of a column a line's share runs over
    ind_pause: int = 2  # lines the indicators stay silent before their resuming without a code costs IND_RESUMED
    agreeing_codes: int = 2  # distinct indicator codes that must agree on a level to overrule the printed digit
    remnant_tokens: int = 2  # tokens of a garbled code's remnant that may open an indicator's text
    stray_words: int = 2  # lower-case words after an opening code that may still close the item before it
    min_sample: int = 5  # lines known to be one column's needed for its width or capacity (fewer: no estimate)
    level_within: int = 3  # lines after the name where the level digit may stand
    known_tolerance: float = 0.12  # share of a whole name cell's letters OCR may garble to read as a known name
    part_words: int = 2  # words of a name cell OCR cut short to read as part of a known name ...
    part_letters: int = 6  # ... or letters of a single word, long enough to name little else
    part_share: float = 0.5  # share of the known name's words the cut cell keeps at least
    lead_speck: int = 2  # characters of a token before a name a garbled row number may leave (`te`)
    speck_word: int = 4  # letters of a speck run read as a word after a managerial name (`Nana`)
    level_similarity: float = 0.8  # a description this like a level's dictionary text tells a lost level
    level_rows: int = 2  # rows of its group that must agree on a level to give it to a row that lost its own
    proper_repeats: int = 2  # times a word must be capitalised inside sentences to be a proper word ...
    proper_share: float = 0.5  # ... and the share of its inside-sentence uses it must be capitalised in


COMPETENCY = CompetencySettings()


@dataclass
class _Row:
    kelompok: str
    nomor: int | None
    lines: list[Line]
    nama: str | None = None  # the known name the row opened with, when rows were told by names
    level: int | None = None  # a level digit read beside a number set apart from the name (centred cells)
    nomor_terbaca: str | None = None  # a number set apart that OCR misread, when the rows beside it count to another


# ---------------------------------------------------------------- rows

def group_rows(lines: list[Line]) -> list[tuple[str | None, str, int]]:
    """(printed letter, kelompok, source line) of each group row (`D. Teknis` -> ("D", "teknis", n))."""
    out = []
    for ln in lines:
        group = group_of(ln.text)
        if group:
            m = re.match(r"^\s*([A-Z])\s*[.,]", ln.text)
            out.append((m.group(1) if m else None, group, ln.no))
    return out


BARE_START = re.compile(r"^[(\[|»]?\s*(?P<num>\d{1,2})\s*[)\]|]?\s+(?P<rest>[A-Za-z].*)$")  # `1 Integritas`, `(1) Integritas`, `1) Integritas`


def _opens_name(text: str, candidates: list[tuple[str, str]], kelompok: str | None) -> str | None:
    """The known name (diktum, dictionary) a line opens with, its words as written (capitalised first
    word), or None. Two-word and longer names must match at least two words on the line."""
    tokens = text.split()
    while tokens and not any(ch.isalnum() for ch in tokens[0]):  # a ruling or speck read as `»`, `|`
        tokens = tokens[1:]
    if tokens:  # a ruling read as a bracket stuck to the name: `(Integritas`
        tokens[0] = tokens[0].lstrip("([{|»")
    if not tokens or not tokens[0][:1].isupper():
        return None
    best = None
    for k, name in candidates:
        words = fold(name).split()
        need = min(len(words), COMPETENCY.opening_words)
        if len(tokens) < need or not all(_name_match(t, w, COMPETENCY.opening_tolerance) or _hyphen_prefix(t, w)
                                         for t, w in zip(tokens[:need], words[:need])):
            continue
        if best is None or (k == kelompok, len(words)) > best[0]:
            best = ((k == kelompok, len(words)), name)
    return best[1] if best else None


SPECK = re.compile(r"^(?:[A-Z]{1,2}|[^\w\s]{1,2})$")  # what a scan's dirt reads as: a letter or two, a mark
WRAP_REACH = 6  # lines a name cell wrapped in a narrow column may run over


def _wrapped_name(lines: list[Line], at: int, candidates: list[tuple[str, str]], kelompok: str | None) -> str | None:
    """A known name of two or more words whose cell wrapped in a narrow name column: its first word
    opens this line and the rest open the lines after it (`Pelayanan Mampu mensuperv` / `publik
    isi/mengawasi`, the description beside it), every word of it found at the starts of the lines
    after it (a row number set beside them aside), never two lines in a row without one (pdftotext
    sets the other columns' lines between the name's); its first word read closely, for a
    description's verb may look like it (`Mengembangkan`, `Pengembangan`)."""
    tokens = [JUNK_LEAD.sub("", ln.text).split() for ln in lines[at:at + WRAP_REACH]]
    if not tokens[0] or not tokens[0][0][:1].isupper():
        return None
    best = None
    for k, name in candidates:
        words = fold(name).split()
        if len(words) < 2 or not _name_match(tokens[0][0], words[0], COMPETENCY.wrapped_tolerance):
            continue
        matched, taken = _consume_name(tokens, name)
        last = max(i for i, n in enumerate(taken) if n)
        span = taken[:last + 1]
        if matched == len(words) and last > 0 and not any(a == b == 0 for a, b in zip(span, span[1:])) \
                and (best is None or (k == kelompok, len(words)) > best[0]):
            best = ((k == kelompok, len(words)), name)
    return best[1] if best else None


JUNK_LEAD = re.compile(r"^(?:[^\w\s]+\s+)+")  # tokens with no letter or digit opening a line


def _hyphen_prefix(token: str, word: str) -> bool:
    """`peru-` at a line end, the start of a name's word that hyphenation cut (`perubahan`)."""
    stem = fold_word(token.rstrip("-")) if token.endswith("-") else ""
    return len(stem) >= COMPETENCY.hyphen_stem and fold_word(word).startswith(stem)


def split_rows(lines: list[Line], candidates: list[tuple[str, str]] = ()) -> list[_Row]:
    """Group rows set the kelompok; numbered lines start rows. A row number is printed `1.`, or
    bare, `1)` or `(1)`, in the name cell or a column of its own; a bare number starts a row only
    where it counts on from the last row (or skips one, a row whose start OCR lost, or restarts at 1
    in a new group) and a known name follows it, for a lone digit may be a level. A table whose number column OCR read apart from
    the names (numbers vertically centred in their cells, psm 3's column blocks) has rows that
    open with a known name and no number: such a line starts a row too, when it names a
    competency other than the current row's; right after a numbered line naming none, it is that
    row's name, printed a line below its number."""
    rows: list[_Row] = []
    orphans: list[Line] = []
    preamble: list[Line] = []  # lines before the first group row or row: `_deal_blocks`
    kelompok = None
    for at, ln in enumerate(lines):
        group = group_of(ln.text)
        if group:
            kelompok = group
            continue
        words = set(fold(ln.text).split())
        if words and words <= HEADER_WORDS | {"no"}:  # the column header, first or repeated on a new page
            continue
        if COLUMN_NUMBERS.match(ln.text):  # the header's column numbers `(1) (2) (3) (4)`, repeated too
            continue
        if not kelompok:
            # a table whose first group row OCR lost (a shaded row Tesseract's single-block mode
            # drops): the group of the known name its first row opens with
            start = ROW_START.match(ln.text) or BARE_START.match(ln.text)
            first = _opens_name(start.group("rest") if start else ln.text, candidates, None) if candidates else None
            kelompok = next((k for k, name in candidates if name == first), None)
            if not kelompok:
                preamble.append(ln)
                continue
        m = ROW_START.match(ln.text)
        if m and not CODE.match(ln.text.split()[0]):
            num = m.group("num")
            nomor = int(num) if num.isdigit() else LEVEL.get(num.upper().replace("I", "1").replace("L", "1"))
            name = _opens_name(m.group("rest"), candidates, kelompok) if candidates else None
            rows.append(_Row(kelompok, nomor, [replace(ln, text=m.group("rest"))], name))
            continue
        b = BARE_START.match(ln.text)
        if b and candidates:
            last = rows[-1].nomor if rows else None
            expected = {1, len(rows) + 1} | ({last + 1, last + 2} if last is not None else set())  # (a row lost)
            name = _opens_name(b.group("rest"), candidates, kelompok)
            if int(b.group("num")) in expected and name and (not rows or rows[-1].nama != name):
                rows.append(_Row(kelompok, int(b.group("num")), [replace(ln, text=b.group("rest"))], name))
                continue
        name = (_opens_name(ln.text, candidates, kelompok) or _wrapped_name(lines, at, candidates, kelompok)) \
            if candidates else None
        if name and not any(r.nama == name for r in rows):
            if rows and rows[-1].nama is None and rows[-1].nomor is not None and len(rows[-1].lines) == 1:
                # the row's number stood a line above its name (`6. Meningkatkan ...` / `Pengembangan ...`)
                rows[-1].nama = name
                rows[-1].lines.append(ln)
                continue
            rows.append(_Row(kelompok, None, [replace(ln, text=JUNK_LEAD.sub("", ln.text))], name))
            continue
        if rows:
            rows[-1].lines.append(ln)
        else:
            orphans.append(ln)
    _deal_blocks(preamble, rows)
    if rows and orphans:  # lines above the first row's number and name: `_pull_first_line`
        _pull_first_line(_Row(rows[0].kelompok, None, [orphans[0]] + orphans), rows[0])
    for prev, row in zip(rows, rows[1:]):
        _pull_first_line(prev, row)
    last = (0, -1)  # the last row number known, and its row's index
    for k, row in enumerate(rows):
        if row.nomor is None:
            _number_apart(row, last[0] + k - last[1], rows[k - 1] if k else None, rows[k + 1] if k + 1 < len(rows) else None)
        if row.nomor is not None:
            last = (row.nomor, k)
    _misread_numbers(rows)
    return rows


def _deal_blocks(preamble: list[Line], rows: list[_Row]) -> None:
    """Tesseract's automatic segmentation (psm 3) may write the right-hand columns of a page's first
    rows (description and indicators) as blocks before the left-hand ones (number, name, level), which
    then stand as rows holding their name line only. The blocks read before the first row are those
    rows' cells, in order: a row's cells end where, after its indicators began, a block (a blank line
    before it) opens with a capitalised word and no code, the next row's description. Dealt only when
    there are exactly as many as there are such rows."""
    empty = []
    for row in rows:
        if len(row.lines) > 1:
            break
        empty.append(row)
    if not empty or not any(CODE.match(t) for ln in preamble for t in ln.text.split()[:1]):
        return
    segments: list[list[Line]] = [[]]
    coded = False
    for prev, ln in zip([None] + preamble, preamble):
        first = ln.text.split()[0]
        opens = prev is not None and ln.no - prev.no > 1 and not CODE.match(first) and _capital(first)
        if coded and opens:
            segments.append([])
            coded = False
        segments[-1].append(ln)
        coded = coded or bool(CODE.match(first))
    if len(segments) == len(empty):
        for row, segment in zip(empty, segments):
            row.lines.extend(segment)


def _pull_first_line(prev: _Row, row: _Row) -> None:
    """A row whose number and name sit a little below its cells' first line (pdftotext's order by
    baseline: `Mampu memastikan ... 3.1 Memastikan` / `1 Integritas`): its start line holds
    the name alone, and the line before it, left in the row above, opens the indicators with the
    first code (`L.1`); that line is this row's."""
    if len(prev.lines) < 2 or len(row.lines[0].text.split()) > len(fold(row.nama or "").split()) + 1:
        return
    tokens = prev.lines[-1].text.split()
    if any((m := CODE.match(t)) and m.group("n") == "1" for t in tokens):
        row.lines.insert(1, prev.lines.pop())


NUMBER_APART = re.compile(r"^[(\[]?(?P<num>\d{1,2})\s*[)\]».,|]*$")


def _line_numbers(row: _Row) -> set[int]:
    """The numbers opening a row's lines (`9)`, `9 Pi yang ada`), and its own number."""
    found = {int(m.group("num")) for ln in row.lines
             if (toks := JUNK_LEAD.sub("", ln.text).split()) and (m := NUMBER_APART.match(toks[0]))}
    return found | ({row.nomor} if row.nomor is not None else set())


def _number_apart(row: _Row, expected: int, before: _Row | None = None, after: _Row | None = None) -> None:
    """A row told by its name whose number OCR read further down (a number vertically centred in
    its cell, `3) 1 yang sama`): a line of the row opening with the number this row should have
    gives it, and the lone digit after it, the level set beside it; both leave the line. The number
    counts on from the last row number known, or skips one: a row OCR lost (its name unread) between.
    Alone on its line (psm 3's blocks: `9)`), it must look like a number, not a level digit; alone
    at the end of the row above (`before`), it was printed before this row's name: it is this row's. A
    number that skips one is the row after's (`after`) when that row holds it too: a misread digit
    (`9 Pi yang` for 8) would number every row after it one too many."""
    places = [(row, i) for i in range(len(row.lines))]
    if before is not None and len(before.lines) > 1:
        places.insert(0, (before, len(before.lines) - 1))
    for owner, i in places:
        ln = owner.lines[i]
        tokens = JUNK_LEAD.sub("", ln.text).split()
        m = NUMBER_APART.match(tokens[0]) if tokens else None
        lone = len(tokens) == 1
        # alone on its line, a number must look like one: `9)`, `9.`, or more than a level (`10`), or
        # a bare digit the rows' indicator codes say is not their level (`4` beside codes 2.1, 2.2)
        if m and lone and not (tokens[0][-1] in ").," or int(m.group("num")) > COMPETENCY.top_level
                               or _not_the_level(int(m.group("num")), row, before)):
            m = None
        if owner is before and not lone or owner is row and lone and i == len(row.lines) - 1:
            m = None  # only a lone number moves down a row; one ending this row is the next one's
        if not m or int(m.group("num")) not in (expected, expected + 1):
            continue
        if int(m.group("num")) == expected + 1 and after is not None and expected + 1 in _line_numbers(after):
            continue
        expected = int(m.group("num"))
        tokens = tokens[1:]
        if len(tokens) > 1 and tokens[0] in LEVEL:
            row.level, tokens = LEVEL[tokens[0]], tokens[1:]
        row.nomor = expected
        if tokens:
            owner.lines[i] = replace(ln, text=" ".join(tokens))
        else:
            del owner.lines[i]
        return


def _code_levels(row: _Row) -> set[int]:
    """The levels of the indicator codes opening a row's lines (`2.1 Mengingatkan` -> 2)."""
    return {LEVEL[m.group("level")] for ln in row.lines
            if (toks := JUNK_LEAD.sub("", ln.text).split()) and (m := CODE.match(toks[0]))}


def _not_the_level(digit: int, *rows: _Row | None) -> bool:
    """A lone bare digit beside rows whose indicator codes all carry one level, another than it:
    not a level set apart (a level agrees with its row's codes), so a row number."""
    levels = set().union(*(_code_levels(r) for r in rows if r is not None))
    return len(levels) == 1 and digit not in levels


NUMBER_MARKED = re.compile(r"^[(\[]?\d{1,2}\s*[)\]»]$")  # a row number's look: `7)`, `(7)`, `7»`, not a level


def _misread_numbers(rows: list[_Row]) -> None:
    """A row left without a number that holds a number set apart on a line of its own (`1)`; or the
    row above ends with it, printed before this row's name) which counts to nothing: a misread
    digit (`7)` read `1)`) when the rows beside it agree on what it must be (6 _1)_ 8), as
    `_mend_numbers` mends a scan's; it takes their number, and the reading is kept for the log."""
    for k in range(1, len(rows) - 1):
        before, row, after = rows[k - 1], rows[k], rows[k + 1]
        if row.nomor is not None or None in (before.nomor, after.nomor) or before.nomor + 2 != after.nomor:
            continue
        places = [(row, i) for i in range(len(row.lines) - 1)]
        if len(before.lines) > 1:
            places.insert(0, (before, len(before.lines) - 1))
        for owner, i in places:
            text = JUNK_LEAD.sub("", owner.lines[i].text).strip()
            if NUMBER_MARKED.match(text):
                row.nomor, row.nomor_terbaca = before.nomor + 1, text
                del owner.lines[i]
                break


# ---------------------------------------------------------------- name and level

def _name_match(token: str, name_word: str, tolerance: float = COMPETENCY.name_tolerance) -> bool:
    t, w = fold_word(token), fold_word(name_word)
    if not t:
        return False
    return t == w or (len(w) >= COMPETENCY.exact_word and near(t, w, tolerance))


def _consume_name(tokens: list[list[str]], name: str) -> tuple[int, list[int]]:
    """Match a name's words at the starts of the row's lines: (words matched, tokens taken per line).
    A row number set apart from the name (`9 Bangsa`, a number centred in its cell) may open a later
    line before the name's next word: it goes with the name. A name word cut at a line end, with its
    hyphen (`peruba-`, the description beside it) or without (`Pengembanga` alone on its line, a
    narrow column's edge), goes on at the next line's start (`han`, `n`); a speck before a word
    (`AA Asing`) is passed over."""
    words = fold(name).split()
    j = 0
    taken = [0] * len(tokens)
    misses = 0
    carried = False  # the line opens with the tail of a name word hyphenated on the line before
    for li, toks in enumerate(tokens[:COMPETENCY.name_lines]):
        k = 1 if carried else 0
        carried = False
        if li and 0 < j < len(words) and len(toks) > k + 1 and NUMBER_APART.match(toks[k]) \
                and _name_match(toks[k + 1], words[j]):
            k += 1
        while j < len(words) and k < len(toks):
            nxt = tokens[li + 1] if li + 1 < len(tokens) else []
            cut = (toks[k].endswith("-") or k == len(toks) - 1) and bool(nxt)  # at the cell's edge
            joined = fold_word(toks[k].rstrip("-") + nxt[0]) if nxt else ""
            if joined == words[j] or cut and not _name_match(toks[k], words[j]) and _name_match(joined, words[j]):
                j, k, carried = j + 1, k + 1, True  # `peruba-` / `han`: the word's tail opens the next line
                break
            if _name_match(toks[k], words[j]):
                j, k = j + 1, k + 1
            elif k + 1 < len(toks) and SPECK.match(toks[k]) and _name_match(toks[k + 1], words[j]):
                k += 1  # a speck before the word (`AA Asing`)
            elif j + 1 < len(words) and _name_match(toks[k], words[j + 1]) and not any(
                    later and _name_match(later[0], words[j])
                    for later in tokens[li + 1:li + 1 + COMPETENCY.lost_word_reach]):
                j, k = j + 2, k + 1  # a word lost by OCR; not one that opens a line below (`data` / `sumber daya`)
            else:
                break
        taken[li] = k
        if li == 0 and k == 0:
            return 0, taken
        if j == len(words):
            if carried:
                taken[li + 1] = 1
            break
        if k == 0:
            misses += 1
            if misses > COMPETENCY.name_misses:
                break
    return j, taken


def _best_name(tokens: list[list[str]], candidates: list[tuple[str, str]]) -> tuple[str, str, list[int]] | None:
    """(canonical name, its kelompok, tokens taken per line) of the best-matching known name."""
    best = None
    for kelompok, name in candidates:
        n_words = len(fold(name).split())
        matched, taken = _consume_name(tokens, name)
        if matched == 0 or matched < max(1, n_words - 1) or (n_words > 1 and matched < COMPETENCY.name_min_words):
            continue
        key = (matched / n_words, matched)
        if best is None or key > best[0]:
            best = (key, name, kelompok, taken)
    return (best[1], best[2], best[3]) if best else None


def _name_start(tokens: list[list[str]], nama: str, candidates: list[tuple[str, str]]) -> tuple[str, str, list[int]] | None:
    """The known name that opened the row (`split_rows`: its first two words, `Pembinaan Kelemba-`) when the
    rest of its cell is nowhere in the row's lines (psm 3 put that block in another row's): those words
    on the first line are the name's, the row keeps its name rather than a first line read as one."""
    words = fold(nama).split()
    k = 0
    while k < min(len(words), len(tokens[0])) and (_name_match(tokens[0][k], words[k]) or _hyphen_prefix(tokens[0][k], words[k])):
        k += 1
    if k < min(len(words), COMPETENCY.opening_words):
        return None
    kelompok = next(kel for kel, name in candidates if name == nama)
    return nama, kelompok, [k] + [0] * (len(tokens) - 1)


def _fallback_name(first: list[str]) -> int:
    """Tokens of an unknown name on the first line: up to a level digit or an indicator code."""
    for k, tok in enumerate(first):
        if k and (tok in LEVEL or CODE.match(tok)):
            return k
    return len(first)


# ---------------------------------------------------------------- columns

@dataclass(frozen=True)
class _Col:
    """A column's text so far, as the decoder needs it: model history and the last raw words."""

    hist: tuple[str, ...] = ()
    last: tuple[str, ...] = ()


def _capital(word: str) -> bool:
    return word[:1].isupper()


def _ends_list_item(last: tuple[str, ...]) -> bool:
    """Do these last words close a list item (`...;`, `...:`, `...; dan`)?"""
    if not last:
        return False
    return last[-1].endswith((";", ":")) or (
        fold_word(last[-1]) == "dan" and len(last) > 1 and last[-2].endswith((";", ","))
    )


def _item_start(word: str, proper: set[str]) -> bool:
    """A capitalised word that is no acronym or proper word: how a list item (an indicator) opens."""
    return _capital(word) and not word.isupper() and fold_word(word) not in proper


def _desc_cost(last: tuple[str, ...], first: str, proper: set[str]) -> float:
    """Penalty for the description going on with `first` after `last`: a description is one sentence
    or phrase, so nothing follows its full stop, and a capitalised word after `;` opens a list item,
    the indicator column's form (a description holds one rarely: 1 of the dictionary's 45)."""
    if not last:
        return 0.0
    if last[-1].endswith("."):
        return SENTENCE_BROKEN
    if _ends_list_item(last) and _item_start(first, proper):
        return ITEM_IN_DESC
    return 0.0


def _join_cost(col: _Col, first: str, proper: set[str], desc: bool = False) -> float:
    """Penalty for a fragment starting with `first` continuing this column (case after punctuation)."""
    if not col.last:  # a cell opens with a capital; an indicator list in lower case continues no item
        return 0.0 if _capital(first) else (COMPETENCY.desc_unopened if desc else ITEM_UNOPENED)
    if desc and (cost := _desc_cost(col.last, first, proper)):
        return cost
    prev = col.last[-1]
    if prev.endswith("."):  # a full stop ends a cell's sentence
        return 0.0 if _capital(first) else SENTENCE_BROKEN
    if _ends_list_item(col.last):
        return 0.0 if _capital(first) or fold_word(first) == "dan" else COMPETENCY.item_goes_on
    if _capital(first) and not first.isupper() and fold_word(first) not in proper:
        return COMPETENCY.capital_after_comma if prev.endswith(",") else COMPETENCY.capital_inside
    return 0.0


@dataclass(frozen=True)
class ColumnHint:
    """Word pairs the reference text places in one column of this row (dictionary rows only).

    A managerial or socio-cultural row copies the national dictionary's description and
    indicators at its level, so a pair such as "kerja yang menantang" that the dictionary
    has in the description is evidence for that column; a pair both columns share is none.
    """

    own: frozenset
    other: frozenset

    @classmethod
    def of(cls, own_texts: list[str], other_texts: list[str]) -> "ColumnHint":
        def pairs(texts: list[str]) -> set:
            out = set()
            for t in texts:
                toks = lm_tokens(t.split())
                out.update(zip(toks, toks[1:]))
            return out

        a, b = pairs(own_texts), pairs(other_texts)
        return cls(frozenset(a - b), frozenset(b - a))

    def score(self, hist: tuple[str, ...], words: list[str]) -> float:
        toks = list(hist[-1:]) + lm_tokens(words)
        total = 0.0
        for pair in zip(toks, toks[1:]):
            if pair in self.own:
                total += HINT
            elif pair in self.other:
                total -= HINT
        return total


def _extend(col: _Col, words: list[str], scorer: Scorer, proper: set[str],
            hint: ColumnHint | None = None, desc: bool = False) -> tuple[float, _Col]:
    if not words:
        return 0.0, col
    cost = _join_cost(col, words[0], proper, desc)
    if hint is not None:
        cost += hint.score(col.hist, words)
    for k in range(1, len(words)):  # the same rules inside the fragment: "formal. dan teguran" is two columns
        if desc:
            cost += _desc_cost(tuple(words[max(0, k - 2):k]), words[k], proper)
        elif words[k - 1].endswith(".") and not _capital(words[k]):
            cost += SENTENCE_BROKEN
    lp, hist = scorer.score(words, col.hist)
    return cost + lp, _Col(hist, (col.last + tuple(words))[-2:])


class ColumnWidths(NamedTuple):
    """What the table's lines tell of its columns, in characters (None where too few lines tell)."""

    desc_cap: float | None = None  # the most a description line holds
    ind_cap: float | None = None  # the most an indicator line holds
    desc_typical: float | None = None  # a typical (median) description line


class _State(NamedTuple):
    """Where the decoder stands after some lines: both columns, whether an indicator code was seen,
    whether the description has stopped (for indicator text or a code), and for how many lines."""

    desc: _Col = _Col()
    ind: _Col = _Col()
    seen: bool = False
    closed: bool = False
    silent: int = 0
    side_by_side: bool = False  # the last line certainly held words of both columns
    ind_paused: int = 0  # lines (up to 2) read wholly into the description since the indicators had text


@dataclass(frozen=True)
class _Line:
    """One line as the decoder reads it: its words, and where its first indicator code stands."""

    words: tuple[str, ...]
    first_code: int | None  # index in the line's items
    inline: bool  # that code is followed by text on its line: it opens a new item here
    options: tuple[int, ...]  # how many words the description may take
    laid: int | None = None  # laid-out text: how many words stand left of the indicator column
    ruled: int | None = None  # how many words stand left of a ruling OCR read inside the line

    @classmethod
    def of(cls, items: list[tuple[str, str]], laid: int | None = None, ruled: int | None = None) -> "_Line":
        first_code = next((i for i, (kind, _) in enumerate(items) if kind in CODE_KINDS), None)
        words = tuple(text for kind, text in items if kind == "word")
        if first_code is not None:  # all words up to an inline code are description
            options = (sum(1 for kind, _ in items[:first_code] if kind == "word"),)
        else:
            options = tuple(range(len(words) + 1))
        return cls(words, first_code, first_code is not None and items[first_code][0] == "code", options, laid, ruled)


def _too_wide(length: int, cap: float) -> float:
    """Penalty for a column's share of a line `length` characters long where the column holds `cap`:
    growing with the excess (a tenth too wide costs LINE_TOO_WIDE)."""
    return LINE_TOO_WIDE * COMPETENCY.wide_steps * (length / cap - 1) if length > cap else 0.0


class _Decoder:
    """The scoring of column choices for one row, with each column extension memoised (many beam
    states share a description or an indicator column)."""

    def __init__(self, scorer: Scorer, proper: set[str], hints: tuple[ColumnHint, ColumnHint] | None,
                 width: float | None, caps: ColumnWidths = ColumnWidths()):
        self.scorer, self.proper, self.hints, self.width, self.caps = scorer, proper, hints, width, caps
        self.memo: dict = {}

    def extend(self, col: _Col, words: tuple[str, ...], desc: bool) -> tuple[float, _Col]:
        key = (col, words, desc)
        if key not in self.memo:
            hint = self.hints[0 if desc else 1] if self.hints else None
            self.memo[key] = _extend(col, list(words), self.scorer, self.proper, hint, desc)
        return self.memo[key]

    def fullness(self, line: _Line, k: int) -> float:
        """A justified cell's lines fill their column but for its last: of the ways to split a line
        between the two columns, those leaving both shares nearer a typical line of their column
        are likelier. Relative to the line's best split, so it never weighs splitting against not."""
        typical = (self.caps.desc_typical or self.width, self.width)
        if not typical[1]:
            return 0.0

        def shortfall(j: int) -> float:
            parts = (line.words[:j], line.words[j:])
            return sum(max(0.0, t - len(" ".join(p))) for t, p in zip(typical, parts))

        key = ("fullness", line.words)
        if key not in self.memo:
            self.memo[key] = min(shortfall(j) for j in range(1, len(line.words)))
        return FULLNESS * (shortfall(k) - self.memo[key])

    def step(self, st: _State, line: _Line, k: int) -> tuple[float, _State]:
        """Score of giving a line's first k words to the description and the rest to the indicators."""
        words = line.words
        s1, d2 = self.extend(st.desc, words[:k], True)
        ind_words = words[k:]
        s2, i2 = self.extend(_Col() if line.inline else st.ind, ind_words, False)
        penalty = 0.0 if line.laid is None or k == line.laid else LAYOUT_OFF
        if line.ruled is not None and k != line.ruled:
            penalty += RULING_OFF
        both = bool(words[:k]) and bool(ind_words)
        if both and not st.side_by_side and self.width and line.first_code is None \
                and len(" ".join(words)) <= self.width:
            # a line no wider than one column rarely holds two, unless the line above certainly
            # held both: cells read side by side go on side by side until one of them ends
            penalty += SHORT_LINE_SPLIT
        if both:
            penalty += self.fullness(line, k)
        # certainly both: description words before a printed code, or more than a column holds
        widest = max((cap for cap in (self.caps.desc_cap, self.caps.ind_cap) if cap), default=None)
        certain = both and ((line.inline and k > 0) or (widest is not None and len(" ".join(words)) > widest))
        if ind_words and not (st.seen or line.first_code is not None):
            penalty += IND_BEFORE_CODE
        # a printed line holds at most a column's width of each column: a share wider than that
        # is two columns' words (`yang akan untuk menentukan` where a column holds ~20 characters)
        desc_cap, ind_cap = self.caps.desc_cap, self.caps.ind_cap
        if k and desc_cap:
            penalty += _too_wide(len(" ".join(words[:k])), desc_cap)
        if ind_words and ind_cap and line.first_code is None:
            penalty += _too_wide(len(" ".join(ind_words)), ind_cap)
        if k and st.closed:
            penalty += DESC_RESUMED_LINE
            if st.silent:
                penalty += DESC_REOPENED + SILENCE * min(st.silent, MAX_SILENCE)
        if ind_words and line.first_code is None and st.ind_paused >= COMPETENCY.ind_pause:
            # the same for the indicators: stopped for whole lines of the description, they resume at
            # a printed code (the next item) or after a line's pause, not in the middle of a block
            penalty += IND_RESUMED
        closed = st.closed or (k == 0 and (bool(ind_words) or line.first_code is not None))
        if line.first_code is not None or ind_words or not st.ind.last:
            paused = 0
        else:
            paused = min(st.ind_paused + 1, COMPETENCY.ind_pause)
        return s1 + s2 + penalty, _State(d2, i2, st.seen or line.first_code is not None, closed,
                                         0 if k else st.silent + 1, certain, paused)


def _final(st: _State, scorer: Scorer) -> float:
    """The description is one sentence or phrase: it must end as one (not on `yang`, `untuk`, `dan`),
    and not as a list item does (`;`, `; dan`); a row without one is no row."""
    if not st.desc.last:
        return DESC_MISSING
    return scorer.end(st.desc.hist) + (ITEM_IN_DESC if _ends_list_item(st.desc.last) else 0.0)


def _decode_choices(lines: list[list[tuple[str, str]]], scorer: Scorer, proper: set[str],
                    hints: tuple[ColumnHint, ColumnHint] | None = None,
                    width: float | None = None, caps: ColumnWidths = ColumnWidths(),
                    laid: list[int | None] | None = None, ruled: list[int | None] | None = None) -> tuple[int, ...]:
    """How many of each line's words go to the description (a prefix), best overall; `laid`, `ruled`: per
    line, the split its layout or a ruling read inside it shows, or None."""
    # beam items: (score, state, choices). Interleaved OCR resumes the description a few lines
    # after the indicators start; column-after-column OCR does not resume it at all: the longer
    # the description has been silent, the less likely a line's words are its continuation.
    decoder = _Decoder(scorer, proper, hints, width, caps)
    beam = [(0.0, _State(), ())]
    for n, items in enumerate(lines):
        line = _Line.of(items, laid[n] if laid else None, ruled[n] if ruled else None)
        grown = []
        for score, st, choices in beam:
            for k in line.options:
                gain, new = decoder.step(st, line, k)
                grown.append((score + gain, new, choices + (k,)))
        grown.sort(key=lambda b: -b[0])
        beam, states = [], set()
        for item in grown:  # one entry per decoder state: the best way to reach it
            if item[1] not in states:
                states.add(item[1])
                beam.append(item)
                if len(beam) == BEAM:
                    break
    return max(beam, key=lambda b: b[0] + _final(b[1], scorer))[-1]


def _decode_columns(lines: list[list[tuple[str, str]]], scorer: Scorer, proper: set[str],
                    hints: tuple[ColumnHint, ColumnHint] | None = None,
                    width: float | None = None, caps: ColumnWidths = ColumnWidths(),
                    laid: list[int | None] | None = None, ruled: list[int | None] | None = None
                    ) -> list[tuple[list[str], list[tuple[str, str]]]]:
    """Assign each line's words to description (a prefix) or indicator (the rest), best overall:
    for each line, (its description words, its indicator items)."""
    choices = _decode_choices(lines, scorer, proper, hints, width, caps, laid, ruled)
    out = []
    for items, k in zip(lines, choices):
        desc: list[str] = []
        ind: list[tuple[str, str]] = []
        seen_words = 0
        for kind, text in items:
            if kind == "word" and seen_words < k:
                desc.append(text)
                seen_words += 1
            else:
                ind.append((kind, text))
                if kind == "word":
                    seen_words += 1
        out.append((desc, ind))
    return out


def _rejoin_columns(row: _Row, taken: list[int], split: list[tuple[list[str], list[tuple[str, str]]]],
                    scorer: Scorer, width: float | None) -> tuple[list[str], list[tuple[str, str]], list[dict]]:
    """The description's words and the indicator stream, with the ends of lines OCR cut off and
    emitted late put back in each column (`reading_order.rejoin_cut_lines`), and what was moved."""
    desc_lines, ind_lines = [], []
    for i, (ln, (desc, ind)) in enumerate(zip(row.lines, split)):
        opens = i > 0 and ln.no - row.lines[i - 1].no > 1
        words = [text for kind, text in ind if kind == "word"]
        coded = any(kind in CODE_KINDS for kind, _ in ind)
        alone = taken[i] == 0  # no name word on the line
        desc_lines.append(ColumnLine(list(desc), opens, alone and not ind, no=i))
        ind_lines.append(ColumnLine(words, opens, alone and not desc and not coded, coded, no=i))
    moves = []
    for column, lines in (("deskripsi", desc_lines), ("indikator", ind_lines)):
        before = " ".join(w for c in lines for w in c.words)
        for m in rejoin_cut_lines(lines, scorer, width):
            after = " ".join(w for c in lines for w in c.words)
            moves.append({"column": column, "what": m, "before": before, "after": after})
            before = after
    # the indicator stream from the repaired lines: a line keeps its codes and words, a rejoined
    # line's end follows them, a line whose words moved away is gone (it had no code)
    stream: list[tuple[str, str]] = []
    for c in ind_lines:
        items = split[c.no][1]
        n_words = sum(1 for kind, _ in items if kind == "word")
        stream += items + [("word", w) for w in c.words[n_words:]]
    return [w for c in desc_lines for w in c.words], stream, moves


# ---------------------------------------------------------------- indicators

def _ends_item(words: list[str], b: int) -> bool:
    """Does an indicator end just before word b (list punctuation `;`, `; dan`, `.`)?"""
    prev = words[b - 1]
    if prev.endswith((";", ".", ":")):
        return True
    return fold_word(prev) == "dan" and b >= 2 and words[b - 2].endswith((";", ","))


def _opens_item(word: str) -> bool:
    """Can an indicator item open with this word? A capitalised word (a verb: `Menyusun`), not an
    acronym, which also stands mid-sentence (`RPTKA`, `SDM`)."""
    return _capital(word) and not word.isupper()


def split_indicators(stream: list[tuple[str, str]], level: int | None,
                     spans: list[tuple[int, int]] | None = None) -> list[dict]:
    """Cut the indicator column into (code, text) items; `spans`, when given, receives each
    item's word range (start, end) among the stream's words."""
    words: list[str] = []
    inline_at: dict[int, str] = {}  # word index -> code printed right before it
    codes: list[str] = []
    for kind, text in stream:
        if kind in CODE_KINDS:
            if text not in codes:
                codes.append(text)
            if kind == "code":
                inline_at.setdefault(len(words), text)
        else:
            words.append(text)
    if not words:
        if spans is not None:
            spans.extend((0, 0) for _ in codes)
        return [{"kode": c, "teks": ""} for c in codes]
    lv = level or (int(codes[0][0]) if codes else None)
    numbers = sorted({int(c.split(".")[1]) for c in codes if lv and c.startswith(f"{lv}.")})
    # codes the OCR dropped: a run that starts after 1 or skips a number
    n_items = max(numbers) if numbers else max(len(codes), 1)

    strong = [b for b in range(1, len(words)) if _ends_item(words, b) and _capital(words[b])]
    inline = [b for b in inline_at if 0 < b < len(words)]
    chosen = sorted(set(inline))
    for b in strong:
        if len(chosen) >= n_items - 1:
            break
        if b not in chosen:
            chosen.append(b)
    if len(chosen) < n_items - 1:  # fall back to any word that can open an item
        for b in range(1, len(words)):
            if len(chosen) >= n_items - 1:
                break
            if _opens_item(words[b]) and b not in chosen:
                chosen.append(b)
    bounds = [0] + sorted(chosen)[: max(n_items - 1, 0)] + [len(words)]
    items = []
    for i, (a, b) in enumerate(zip(bounds, bounds[1:])):
        code = f"{lv}.{i + 1}" if lv else (codes[i] if i < len(codes) else None)
        items.append({"kode": code, "teks": strip_list_end(" ".join(words[a:b]))})
        if spans is not None:
            spans.append((a, b))
    return items


def strip_list_end(text: str) -> str:
    """Drop the list punctuation that joins items (`...;`, `...; dan`, final `.`), which belongs to no item."""
    return re.sub(r"\s*(?:[;,:]\s*dan)?[\s;,.:]*$", "", text)


# ---------------------------------------------------------------- rows to competencies

def _tokens_of(line: Line) -> list[str]:
    return line.text.split()


def _items_of(tokens: list[str]) -> list[tuple[str, str]]:
    """Words and indicator codes of a line (`2.1Mengingatkan` gives a code and a word)."""
    items: list[tuple[str, str]] = []
    for tok in tokens:
        m = CODE.match(tok)
        if m:
            items.append(("code", f"{LEVEL[m.group('level')]}.{int(m.group('n'))}"))
            if m.group("rest"):
                items.append(("word", m.group("rest")))
        else:
            items.append(("word", tok))
    # a code with no text after it on its line was printed in a column of codes
    return [("code-alone", text) if kind == "code" and all(k != "word" for k, _ in items[i:]) else (kind, text)
            for i, (kind, text) in enumerate(items)]


def cell_texts(comp: Competency) -> list[str]:
    return [t for t in [comp.deskripsi or ""] + [i["teks"] for i in comp.indikator] if t]


def _hints(nama: str, known: bool, level: int | None, lines_items: list[list[tuple[str, str]]]) -> tuple[ColumnHint, ColumnHint] | None:
    """Column hints from the dictionary entry of this competency at this row's level, if it has one."""
    if not known:
        return None
    if level is None:
        level = level_of_codes([t for items in lines_items for kind, t in items if kind in CODE_KINDS])
    texts = dictionary().level_texts(nama, level)
    if texts is None:
        return None
    desc, inds = [texts[0]], texts[1]
    return ColumnHint.of(desc, inds), ColumnHint.of(inds, desc)


def level_of_codes(codes: list[str]) -> int | None:
    """The level most indicator codes of a row carry (`3.1`, `3.2` -> 3)."""
    levels = [int(c[0]) for c in codes]
    return max(set(levels), key=levels.count) if levels else None


def row_level(printed: int | None, codes: list[str]) -> tuple[int | None, bool]:
    """The row's level and whether the printed digit was misread: the level as printed, unless two or
    more distinct indicator codes agree on another level (one lone digit is the likelier misreading:
    `5` for `3`); the codes' level when the digit was lost."""
    by_codes = level_of_codes(codes)
    if printed is None:
        return by_codes, False
    agreeing = {c for c in codes if int(c[0]) == by_codes}
    if by_codes is not None and by_codes != printed and len(agreeing) >= COMPETENCY.agreeing_codes:
        return by_codes, True
    return printed, False


def column_width(lines: list[Line]) -> float | None:
    """Typical width (characters) of one column's line: the median line that opens with an indicator code.

    A line that starts with a code has nothing to its left, so it holds one column only.
    """
    widths = sorted(len(ln.text) for ln in lines if CODE.match(ln.text.split()[0]) and len(ln.text.split()) > 1)
    return float(widths[len(widths) // 2]) if len(widths) >= COMPETENCY.min_sample else None


def _capacity(lengths: list[int]) -> float | None:
    """How many characters a column's line can hold, from the lengths of lines known to be one
    column's: a little more than the 90th percentile (a justified line's characters vary with its
    letters' widths)."""
    if len(lengths) < COMPETENCY.min_sample:
        return None
    ordered = sorted(lengths)
    return ordered[int(CAP_PERCENTILE * (len(ordered) - 1))] * CAP_MARGIN


def _median(lengths: list[int]) -> float | None:
    return float(sorted(lengths)[len(lengths) // 2]) if len(lengths) >= COMPETENCY.min_sample else None


def indicator_capacity(lines: list[Line]) -> float | None:
    """Characters the indicator column holds: from lines that open with a code (one column only)."""
    return _capacity([len(ln.text) for ln in lines if CODE.match(ln.text.split()[0]) and len(ln.text.split()) > 1])


def _level_apart(rest: list[list[str]]) -> int | None:
    """A level digit set apart from the name, vertically centred in its cell: a lone digit opening a
    later line of the row (`2 2.2 Menerapkan`, `2 materi presentasi`), the level the row's indicator
    codes carry (a digit that disagrees may be any number); it leaves its line."""
    by_codes = level_of_codes([f"{LEVEL[m.group('level')]}" for toks in rest for t in toks if (m := CODE.match(t))])
    for toks in rest[1:]:
        if toks and toks[0] in LEVEL and LEVEL[toks[0]] == by_codes:
            del toks[0]
            return by_codes
    return None


def _word_columns(line: Line, tokens: list[str]) -> list[int] | None:
    """The file column of each of `tokens`, the line's last tokens (a row number or name cut from its
    start), when the line kept its layout."""
    if line.xs is None or len(line.xs) < len(tokens):
        return None
    return list(line.xs[len(line.xs) - len(tokens):])


def laid_splits(lines: list[Line], rest: list[list[str]]) -> list[int | None] | None:
    """Text that kept its page's layout (`pdftotext -layout`) shows where the indicator column starts: at
    the column its codes stand at (the nearest line's code: the offset drifts down a page). Per line, how
    many of its words stand left of that column, where the line's layout and a code tell."""
    cols = [_word_columns(ln, toks) for ln, toks in zip(lines, rest)]
    codes = [(i, next((x for t, x in zip(toks, xs) if CODE.match(t)), None))
             for i, (toks, xs) in enumerate(zip(rest, cols)) if xs]
    codes = [(i, x) for i, x in codes if x is not None]
    if not codes:
        return None
    out: list[int | None] = []
    for i, (toks, xs) in enumerate(zip(rest, cols)):
        if not xs:
            out.append(None)
            continue
        start = min(codes, key=lambda c: (abs(c[0] - i), c[0]))[1] - CODE_ALIGN
        out.append(sum(1 for t, x in zip(toks, xs) if x < start and _gives_word(t)))
    return out


def _gives_word(token: str) -> bool:
    """Does a token give the decoder a word? All but a bare code (`2.1Mengingatkan` gives one)."""
    m = CODE.match(token)
    return not m or bool(m.group("rest"))


def ruled_splits(lines: list[Line], rest: list[list[str]]) -> list[int | None]:
    """Per line, how many of its words stand left of a table ruling OCR read inside it (`|`, removed by
    `load`): the rightmost, as the indicators are the rightmost column; None where no ruling stands
    between two of the line's words (one before the first word parts the name or level from it)."""
    out: list[int | None] = []
    for ln, toks in zip(lines, rest):
        inside = [len(toks) - after for after in ln.rulings if 0 < after < len(toks)]
        out.append(sum(1 for t in toks[:max(inside)] if _gives_word(t)) if inside else None)
    return out


def reconstruct_row(row: _Row, candidates: list[tuple[str, str]], model: TrigramModel, proper: set[str],
                    own_cells: list[str] = (), width: float | None = None,
                    caps: ColumnWidths = ColumnWidths(),
                    desc_lines: list[int] | None = None) -> Competency:
    """One row's competency. `caps`: the characters each column holds (description, indicator);
    `desc_lines`, when given, collects the lengths of the lines read wholly into the description."""
    tokens = [_tokens_of(ln) for ln in row.lines]
    own = [c for c in candidates if c[0] == row.kelompok] or candidates
    found = _best_name(tokens, own) or _best_name(tokens, candidates)
    if not found and row.nama and len(tokens) > 1:  # its name opens the row's second line (`split_rows`)
        later = _best_name(tokens[1:], [c for c in candidates if c[1] == row.nama])
        found = (later[0], later[1], [0] + later[2]) if later else None
    if not found and row.nama:
        found = _name_start(tokens, row.nama, candidates)
    if found:
        nama, kelompok, taken = found
        known = True
    else:
        taken = [_fallback_name(tokens[0])] + [0] * (len(tokens) - 1)
        nama = " ".join(tokens[0][: taken[0]])
        kelompok, known = row.kelompok, False
    # (a row number set apart inside the name's lines is no part of it)
    nama_sumber = join_cell_lines([" ".join(t for i, t in enumerate(toks[:k]) if not (li and not i and NUMBER_APART.match(t)))
                                   for li, (toks, k) in enumerate(zip(tokens, taken)) if k])
    rest = [toks[k:] for toks, k in zip(tokens, taken)]

    # the level stands right after the name: on the first line, or opening the next one
    level_printed = None
    first = next((i for i, toks in enumerate(rest[:COMPETENCY.level_within]) if toks), None)
    # (`2,` `2:`: a ruling or speck read beside the digit)
    if first is not None and rest[first][0].rstrip(".,:;)") in LEVEL and (len(rest[first]) > 1 or len(rest) > first + 1):
        level_printed = LEVEL[rest[first][0].rstrip(".,:;)")]
        rest[first] = rest[first][1:]
    elif first is not None and len(rest[first]) > 1 and LEVEL_SPECKED.match(rest[first][0]) and (by_codes := level_of_codes(
            [str(LEVEL[m.group("level")]) for toks in rest for t in toks if (m := CODE.match(t))])) is not None \
            and (int(rest[first][0][0]) == by_codes or rest[first][0][:2] == f"1{by_codes}"):
        # `Perekat Bangsa 15 Peka memahami`, `13 Mempromosikan`: the level digit with a speck or a ruling
        # read as a digit beside it, the level the row's codes carry; a description opens with a word
        level_printed = by_codes
        rest[first] = rest[first][1:]
    if level_printed is None:
        level_printed = row.level if row.level is not None else _level_apart(rest)

    held = Counts()
    for toks in tokens:
        held.add(toks)
    for text in own_cells:  # this row's own first-pass cells, when the model was retrained on them
        held.add(text.split(), sentence=True)
    scorer = model.holding_out(held)
    lines_items = [_items_of(toks) for toks in rest]
    split = _decode_columns(lines_items, scorer, proper, _hints(nama, known, level_printed, lines_items), width, caps,
                            laid_splits(row.lines, rest), ruled_splits(row.lines, rest))
    if desc_lines is not None:
        desc_lines.extend(len(" ".join(desc)) for (desc, ind), k in zip(split, taken) if desc and not ind and not k)
    desc, ind_stream, repairs = _rejoin_columns(row, taken, split, scorer, width)

    level, misread = row_level(level_printed, [text for kind, text in ind_stream if kind in CODE_KINDS])
    indikator = split_indicators(ind_stream, level)
    pages = sorted({ln.page for ln in row.lines if ln.page is not None})
    # the columns were told apart from the text, not the page: every cell comes from the row's lines
    whole = of_lines(row.lines)
    return Competency(
        kelompok=kelompok, urutan=0, nomor_sumber=row.nomor, nama=nama, nama_sumber=nama_sumber,
        nama_dikenal=known, level=level, level_tercetak=level if misread else level_printed,
        deskripsi=re.sub(r"[\s;,]+$", "", " ".join(desc)) or None, indikator=indikator, halaman=pages,
        baris=[row.lines[0].no, row.lines[-1].no], level_terbaca=level_printed if misread else None,
        nomor_terbaca=row.nomor_terbaca, perbaikan=repairs,
        asal={"nama": whole, "level": whole, "deskripsi": whole, "indikator": [whole for _ in indikator]},
    )


# ---------------------------------------------------------------- ruled rows (PDF input)

# a row number leading the name cell, a scan's speck or quote about it (`.13. Pemeliharaan`, `11' Pengolahan`)
ROW_NUMBER = re.compile(r"""^[.,'"“”‘’]?(?P<num>\d{1,2}|[Il])\s*[.,)'"“”‘’]?\s+(?=\S)|^[.,'"“”‘’]?(?P<alone>\d{1,2})\s*[.,)]?$""")


def is_ruled(lines: list[Line]) -> bool:
    """Lines read from a ruled table whose columns are known (PDF input): then the rows and
    columns come from the geometry, not from the text."""
    roles = {ln.role for ln in lines}
    return "indikator" in roles and bool(roles & {"nama", "deskripsi"})


def _known_name(text: str, kelompok: str | None, candidates: list[tuple[str, str]]) -> tuple[str, str] | None:
    """(canonical name, its kelompok) when a name cell reads as a known name (the dictionary's or
    the diktum's), however OCR or the typist cased and spaced it."""
    folded = fold(text)
    if not folded:
        return None
    best = None
    for k, name in sorted(candidates, key=lambda c: c[0] != kelompok):
        target = fold(name)
        if folded == target:
            return name, k
        if near(folded, target, COMPETENCY.known_tolerance):
            d = Levenshtein.normalized_similarity(folded, target)
            if best is None or d > best[0]:
                best = (d, name, k)
    if best:
        if best[2] == "teknis" and _reads_as_words(text, best[1]):
            return " ".join(text.split()), best[2]
        return best[1], best[2]
    # a name cell OCR lost a line or a word of (`Penggunaan Tenaga Kerja Asing`): the one known
    # name of which it is a run of whole words, at least half of them (its printed form is kept
    # in nama_sumber)
    # (a single word only when long enough to name little else; of the row's own kelompok when known)
    words = folded.split()
    inside = {(name, k) for k, name in candidates
              if (len(words) >= COMPETENCY.part_words or len(folded) >= COMPETENCY.part_letters)
              and (kelompok is None or k == kelompok)
              and len(words) >= COMPETENCY.part_share * len(fold(name).split()) and f" {folded} " in f" {fold(name)} "}
    return inside.pop() if len(inside) == 1 else None


CELL_END_SPECK = re.compile(r"^\W+$|^(?=.*[\W\d_])\S{1,3}$")  # no letter at all, or a letter or two with marks or digits


def _closer(trimmed: str, read: str, name: str) -> bool:
    """Is the trimmed reading of a name cell nearer the known name than the cell as read?"""
    return Levenshtein.normalized_similarity(fold(trimmed), fold(name)) > \
        Levenshtein.normalized_similarity(fold(read), fold(name))


def _without_specks(text: str, kelompok: str | None = None) -> list[str]:
    """A name cell's text without what a scan may have left around the name, for a second try
    at a known name: tokens at its end with no letter, or of three characters at most with a
    mark or a digit among them (`Na:`, `."`, `2`, `A9`); then also a token of one or two
    characters before it (`te` for a garbled row number `1.`), or of three with a mark or a digit
    (`Ta:`). In a managerial or socio-cultural
    row, whose name is the dictionary's by law, also a last word of four letters at most after it
    (`Pengambilan Keputusan Nana`: a speck run read as a word)."""
    words = text.split()
    while words and CELL_END_SPECK.match(words[-1]):
        words.pop()
    tries = [" ".join(words)] if len(words) < len(text.split()) else []
    if len(words) > 1 and (len(words[0]) <= COMPETENCY.lead_speck or CELL_END_SPECK.match(words[0])):
        tries.append(" ".join(words[1:]))
    if kelompok in ("manajerial", "sosial_kultural") and len(words) > 1 and len(words[-1]) <= COMPETENCY.speck_word:
        tries.append(" ".join(words[:-1]))
    return tries


def listed_core(item: str) -> str:
    """A listed name (a diktum item, read once, often OCR'd worse than the table) without what its
    reading left around the name: tokens with no letter before it (a garbled list number, `:3.`),
    and whatever follows a full stop inside it (`Kerja. mika`: a speck read as a word after the
    item's end); the item itself when there is nothing of the kind. A name holds neither."""
    words = item.split()
    while len(words) > 1 and not any(ch.isalpha() for ch in words[0]):
        words.pop(0)
    stop = next((k for k, w in enumerate(words[:-1]) if w.endswith(".") and w.rstrip(".")[-1:].isalpha()
                 and len(w.rstrip(".")) > 3), None)  # `Kerja.`, not `Tk.`, `Adm.`: of three letters at most
    if stop is not None:
        words = words[:stop + 1]
    core = " ".join(words).rstrip(".") if words != item.split() else item
    return core if core.strip() else item


def _reads_as_words(text: str, listed: str) -> bool:
    """A teknis name cell that differs from its diktum item only by words that are all real
    words (`dan` against the diktum's `dari`): both are readings of print, the cell is the
    name, and the diktum (listed once, often OCR'd worse) only a cross-check. The dictionary's
    manajerial and sosial kultural names are no reading and always win."""
    cell, item = fold(text).split(), fold(listed).split()
    differ = [a for a, b in zip(cell, item) if a != b]
    return len(cell) == len(item) and all(w in indonesian_words() for w in differ)


def ruled_competencies(lines: list[Line], candidates: list[tuple[str, str]]) -> list[Competency]:
    """The competency rows of one jenjang's table read from its cells: one row per table row, each
    cell's role from its column. A group row (or a group label set between tables) sets the kelompok."""
    rows: list[list[Line]] = []
    joined: dict[int, list[Line]] = {}  # a row's part the layout did not join -> the row it goes on
    for ln in lines:
        if ln.row is not None and ln.row in joined:
            joined[ln.row].append(ln)
        elif ln.row is not None and rows and rows[-1][0].row == ln.row:
            rows[-1].append(ln)
        elif ln.row is not None and (before := _last_row(rows)) is not None and _goes_on(before, ln, lines):
            before.append(ln)  # past a repeated header and a page's foot line: a page break cut the row
            joined[ln.row] = before
        else:
            rows.append([ln])
    _name_kept_whole(rows)
    kelompok = None
    comps: list[Competency] = []
    for row in rows:
        roles = {ln.role for ln in row}
        text = " ".join(ln.text for ln in row)
        if "header" in roles:
            continue
        group = group_of(text) if not any(CODE.match(t) for ln in row for t in ln.text.split()[:1]) else None
        if group and ("group" in roles or row[0].row is None or roles <= {"nama", "nomor", None}):
            kelompok = group
            continue
        if row[0].row is None or not roles & {"nama", "deskripsi", "indikator"}:
            continue  # a free line inside the table's section (a note, a title): no row
        comps.append(_ruled_row(row, kelompok, candidates))
        if any(fix["column"] == "kelompok" for fix in comps[-1].perbaikan):
            kelompok = comps[-1].kelompok  # the lost group row's kelompok holds for the rows after it
    for i, comp in enumerate(comps, start=1):
        comp.urutan = i
    if any(ln.conf is not None for ln in lines):
        _mend_numbers(comps)
    _infer_levels(comps)
    return comps


def _last_row(rows: list[list[Line]]) -> list[Line] | None:
    """The last competency row so far, past a repeated header and free lines (a page's foot)."""
    for row in reversed(rows):
        if row[0].row is not None and not any(x.role == "header" for x in row):
            return row
    return None


def _name_kept_whole(rows: list[list[Line]]) -> None:
    """A page break cut a row whose name cell the typesetter would not break: the row's level and the
    first lines of its description and indicators close one page with its name cell empty, and the
    next page's first row holds the whole name, no level, and the rest of the cells (its indicators
    open on no code, or on the code after the foot part's last). The two parts are one row; the foot
    part's lines come first."""
    def has(row: list[Line], *roles: str) -> bool:
        return any(x.role in roles and x.text.strip() for x in row)

    def first_code(row: list[Line]) -> re.Match | None:
        first = next((x for x in row if x.role == "indikator" and x.text.split()), None)
        return CODE.match(first.text.split()[0]) if first is not None else None

    i = 0
    while i < len(rows):
        foot = rows[i]
        if foot[0].row is None or has(foot, "header", "group", "nama", "nomor") \
                or not has(foot, "level", "deskripsi", "indikator"):
            i += 1
            continue
        # the next table row, past a repeated header and free lines (a page's foot and head)
        j = next((k for k in range(i + 1, len(rows)) if rows[k][0].row is not None
                  and not any(x.role == "header" for x in rows[k])), None)
        if j is None:
            break
        rest = rows[j]
        foot_pages = [x.page for x in foot if x.page is not None]
        rest_pages = [x.page for x in rest if x.page is not None]
        if not (foot_pages and rest_pages and min(rest_pages) > max(foot_pages)) \
                or not has(rest, "nama") or has(rest, "level", "group"):
            i += 1
            continue
        m = first_code(rest)
        codes = [c for x in foot if x.role == "indikator" for t in x.text.split()[:1] if (c := CODE.match(t))]
        if m is not None and not (codes and m.group("level") == codes[-1].group("level")
                                  and int(m.group("n")) == int(codes[-1].group("n")) + 1):
            i += 1
            continue  # the next row's own indicators, numbered afresh: a row of its own
        rows[j] = foot + rest
        del rows[i]


def _goes_on(before: list[Line], ln: Line, lines: list[Line]) -> bool:
    """`ln` opens a row with no name whose indicators go on with the codes of the row before
    (`3.1`, `3.2` then, on the next page, `3.3`): the rest of that row. A number in it is the
    row before's when that row has none (printed at the page's foot, below the row's name)."""
    part = [x for x in lines if x.row == ln.row]
    numbered = any(x.role == "nomor" and x.text.strip() for x in before)  # a number of its own: the row before's
    if part[0] is not ln or any(x.role in ("nama", "header", "group") and x.text.strip() for x in part) \
            or (numbered and any(x.role == "nomor" and x.text.strip() for x in part)):
        return False
    codes = [m for x in before if x.role == "indikator" for t in x.text.split()[:1] if (m := CODE.match(t))]
    first = next((x for x in part if x.role == "indikator"), None)
    m = CODE.match(first.text.split()[0]) if first is not None and first.text.split() else None
    return bool(codes and m) and m.group("level") == codes[-1].group("level") \
        and int(m.group("n")) == int(codes[-1].group("n")) + 1


def _mend_numbers(comps: list[Competency]) -> None:
    """A scanned row number that OCR misread (`4)` as `5)`, `7` as `1`) stands alone against its
    neighbours, which agree on what it must be (3 _5_ 5, 6 _1_ 8): it takes their number, and the
    reading is kept for the log. A decree's own misnumbering runs on from where it went wrong
    (8, 10, 11), so its neighbours do not agree and it is left as printed."""
    numbers = [c.nomor_sumber for c in comps]
    for i in range(1, len(comps) - 1):
        before, here, after = numbers[i - 1], numbers[i], numbers[i + 1]
        if None not in (before, after) and before + 2 == after and here != before + 1:
            comps[i].nomor_terbaca, comps[i].nomor_sumber = "" if here is None else str(here), before + 1
    # the first or last row's number OCR lost (`te Integritas`): the two rows beside it count to it
    if len(comps) >= 3 and numbers[0] is None and None not in numbers[1:3] and numbers[1] + 1 == numbers[2] > 2:
        comps[0].nomor_terbaca, comps[0].nomor_sumber = "", numbers[1] - 1
    if len(comps) >= 3 and numbers[-1] is None and None not in numbers[-3:-1] and numbers[-3] + 1 == numbers[-2]:
        comps[-1].nomor_terbaca, comps[-1].nomor_sumber = "", numbers[-2] + 1


def _ruled_row(row: list[Line], kelompok: str | None, candidates: list[tuple[str, str]]) -> Competency:
    row, merged = _indicators_out_of_name(row)

    def cell(role: str) -> list[str]:
        return [ln.text for ln in row if ln.role == role]

    name_text = join_cell_lines(cell("nama"))
    number_text = " ".join(cell("nomor")).strip()
    m = ROW_NUMBER.match(name_text)
    if m and not number_text:
        number_text, name_text = (m.group("num") or m.group("alone")), name_text[m.end():].strip()
    nomor = None
    if number_text:
        digits = re.sub(r"[^0-9Il]", "", number_text).replace("I", "1").replace("l", "1")
        nomor = int(digits) if digits.isdigit() else None
    level_text = [t.strip(".,;:()\"'“”") for t in " ".join(cell("level")).split()]  # `2.`, `"1` read for `2`, `1`
    level_printed = next((LEVEL_CELL[t] for t in level_text if t in LEVEL_CELL), None)
    if not cell("level"):  # no level column: the level may close the name cell (`Integritas 2`)
        tail = re.match(r"^(?P<name>.*\S)\s+(?P<level>[1-5S])$", name_text)
        if tail:
            name_text, level_printed = tail.group("name"), LEVEL[tail.group("level")]
    name_text = " ".join(name_text.split())
    found = _known_name(name_text, kelompok, candidates)
    for trimmed in _without_specks(name_text, kelompok):
        # `Mengelola perubahan Na: ." 2 .`, `te Integritas`: specks, the level, a lost `1.`; the name
        # known without them, or known with them but closer without (`Ta: Pengolahan dan ...`)
        again = _known_name(trimmed, kelompok, candidates)
        if again and (not found or again == found and _closer(trimmed, name_text, found[0])):
            name_text, found = trimmed, again
            break
    fixes: list[dict] = []
    if merged:
        fixes.append({"column": "indikator", "before": "", "after": merged, "why": "indicators read into the name cell",
                      "what": "its lines from the first indicator code on, the indicator cell empty"})
    # the cell reads as a listed name without what the list's reading left around it (`:3.`, `. mika`):
    # the name is that much of it (found or not with them: `Pergeliharaan ...` is near the name alone)
    cored = {(k, core): name for k, name in candidates if fold(core := listed_core(name)) != fold(name)}
    if cored and (not found or found in {(name, k) for (k, _), name in cored.items()}) \
            and (again := _known_name(name_text, found[1] if found else kelompok, list(cored))):
        listed = max((name for (k, core), name in cored.items() if k == again[1]),
                     key=lambda name: Levenshtein.normalized_similarity(fold(listed_core(name)), fold(again[0])))
        fixes.append({"column": "nama", "before": listed, "after": again[0], "why": "listed name's specks left out",
                      "what": f"the name cell reads `{name_text}`"})
        found = again
    nama, known = (found[0], True) if found else (" ".join(name_text.split()), False)
    if found and kelompok is not None and found[1] != kelompok:
        # a name known only in another kelompok (`Penempatan Tenaga Kerja ...`, a teknis diktum item,
        # under the socio-cultural group): the group row before it was lost (OCR, a page break)
        fixes.append({"column": "kelompok", "before": kelompok, "after": found[1], "why": "group row lost",
                      "what": f"the name `{found[0]}` is listed as {found[1]}"})
        kelompok = found[1]
    if found and kelompok is None:
        kelompok = found[1]
    ind_source = [ln for ln in row if ln.role == "indikator"]
    ind_stream: list[tuple[str, str]] = []
    word_line: list[int] = []  # the indicator cell's line each of its words was read from
    for k, ln in enumerate(ind_source):
        next_n = 1 + sum(kind in CODE_KINDS for kind, _ in ind_stream)
        for item in _items_of(_code_of_line(ln.text, level_printed, fixes, next_n, ind_stream).split()):
            ind_stream.append(item)
            if item[0] == "word":
                word_line.append(k)
    level, misread = row_level(level_printed, [text for kind, text in ind_stream if kind in CODE_KINDS])
    desc = " ".join(" ".join(cell("deskripsi")).split())
    pages = sorted({ln.page for ln in row if ln.page is not None})
    comp = Competency(
        kelompok=kelompok or "teknis", urutan=0, nomor_sumber=nomor, nama=nama,
        nama_sumber=" ".join(name_text.split()), nama_dikenal=known, level=level,
        level_tercetak=level if misread else level_printed,
        deskripsi=re.sub(r"[\s;,]+$", "", desc) or None, indikator=[],
        halaman=pages, baris=[row[0].no, row[-1].no], level_terbaca=level_printed if misread else None,
        ruled=True, perbaikan=fixes,
    )
    name_lines = [ln for ln in row if ln.role in ("nama", "nomor")]
    level_lines = [ln for ln in row if ln.role == "level"] or name_lines  # no level column: it closes the name
    comp.asal = {"nama": of_lines(name_lines), "level": of_lines(level_lines),
                 "deskripsi": of_lines(ln for ln in row if ln.role == "deskripsi")}
    comp._stream, comp._source = ind_stream, (ind_source, word_line)  # for a level found later (`_infer_levels`)
    _split_ruled_indicators(comp)
    return comp


def _indicators_out_of_name(row: list[Line]) -> tuple[list[Line], str]:
    """A row whose indicator cell is empty while its name cell goes on with lines opening with an
    indicator code (`Komunikasi` / `2.1 Menggunakan ...`: a ruling between the columns lost on a
    poor scan): those lines are the indicators. Returns the row and the text moved ('' if none)."""
    if any(ln.role == "indikator" for ln in row):
        return row, ""
    names = [ln for ln in row if ln.role == "nama"]
    at = next((k for k, ln in enumerate(names) if k and ln.text.split() and CODE.match(ln.text.split()[0])), None)
    if at is None:
        return row, ""
    moved = {id(ln) for ln in names[at:]}
    return ([replace(ln, role="indikator") if id(ln) in moved else ln for ln in row],
            " ".join(ln.text for ln in names[at:]))


def _split_ruled_indicators(comp: Competency) -> None:
    """A ruled row's indicators, each with the lines of the indicator cell its words were read from."""
    lines, word_line = comp._source
    bounds: list[tuple[int, int]] = []
    comp.indikator = split_indicators(comp._stream, comp.level, bounds)
    for item in comp.indikator:  # a code's remnant no rule read as the code (`“24`, `21 1`): no text of the item
        tokens = item["teks"].split()
        k = next((i for i, t in enumerate(tokens[:COMPETENCY.remnant_tokens + 1]) if not REMNANT.match(t)), 0)
        if 0 < k < len(tokens) and _opens_item(tokens[k]):
            comp.perbaikan.append({"column": "indikator", "before": item["teks"], "after": " ".join(tokens[k:]),
                                   "why": "a code's remnant left out", "what": f"{' '.join(tokens[:k])!r} before item {item['kode']}"})
            item["teks"] = " ".join(tokens[k:])
    comp.asal["indikator"] = [of_lines(lines[word_line[a]:word_line[b - 1] + 1]) if b > a else of_lines(lines)
                              for a, b in bounds]


ONE_MISREAD_CODE = re.compile(r"^[|lI!][.,](?P<n>\d{1,2})$")
NUMBER_LOST_CODE = re.compile(r"^(?P<level>[1-5])(?:[.,:][^\d\s.,]?)?$")  # `2.T`, `2.Y`, `2`, `1.`: its number garbled or lost
DOTLESS_CODE = re.compile(r"^(?P<level>[1-5])(?P<n>\d{1,2})(?P<rest>[.,:;]?)$")
# a code as poor scans garble it: a speck before it (`.2.1`), its level digit read as a letter or
# another digit (`L1`, `L.1`, `.L1`, `4-1` for 1.1), its dot read as a dash or lost
GARBLED_CODE = re.compile(r"^(?P<lead>[.,:;'‘’“\"]*)(?P<level>[1-5LlIiJ|!\]\[])(?P<sep>[.,:\-–·]?)(?P<n>\d{1,2})[.,:;)|]?$")
REMNANT = re.compile(r"^[\W\d_]*\d[\W\d_]*$")  # digits and marks only: what is left of a code OCR garbled
STROKES = set("LlIiJ|!][")  # what OCR reads for a code's 1 (`L1`, `.L1`, `|.1`)
SPLIT_CODE = (re.compile(r"^[1-5][.,:]$"), re.compile(r"^\d{1,2}$"))  # `1. 2 Melayani`: the code read in two


def _code_of_line(text: str, level: int | None, fixes: list[dict], next_n: int = 1,
                  stream: list[tuple[str, str]] | None = None) -> str:
    """An indicator line opening with a code OCR garbled: its dot lost (`21 Membantu` for `2.1
    Membantu`: a two- or three-digit number whose first digit is the row's level, or a level where
    the row's was not read), its 1 read as a stroke (`|.1` at level 1), or its number garbled or
    lost (`2.T Mengingatkan`, `2 Meningkatkan`, at the row's printed level: the cell's next
    number, `next_n`), read in two (`1. 2`), a speck before it (`.2.1`), its level misread (`L1`,
    `4-1`). Each followed by a capitalised word, each logged. `stream`, the cell's items so far,
    tells whether lower-case words after the code closed the item before (`_strays_back`)."""
    return _strays_back(_code_read(text, level, fixes, next_n), stream or [], fixes)


def _code_read(text: str, level: int | None, fixes: list[dict], next_n: int) -> str:
    tokens = text.split()
    if len(tokens) > 2 and level is not None and SPLIT_CODE[0].match(tokens[0]) and SPLIT_CODE[1].match(tokens[1]) \
            and int(tokens[0][0]) == level and int(tokens[1]) == next_n:
        return _recoded(text, 2, f"{level}.{next_n}", "read in two", fixes)
    if len(tokens) > 2 and re.fullmatch(r"[1-5][.,:]", tokens[0]) and re.fullmatch(r"[|lI!]", tokens[1]) \
            and level is not None and int(tokens[0][0]) == level and _capital(tokens[2]):
        # `3. | Memberikan`: the code's 1 read apart, as a stroke
        return _recoded(text, 2, f"{level}.1", "its 1 a stroke apart", fixes)
    m = NUMBER_LOST_CODE.match(tokens[0]) if len(tokens) > 1 else None
    dotted = bool(m) and tokens[0][1:2] in (".", ",", ":")  # `1. bahan`: a code's form, its number lost
    if m and (_capital(tokens[1]) or dotted) and level is not None and int(m.group("level")) == level:
        return _recoded(text, 1, f"{level}.{next_n}", "its number garbled; the cell's next", fixes)
    m = DOTLESS_CODE.match(tokens[0]) if len(tokens) > 1 else None
    if m and _capital(tokens[1]) and (level is None or int(m.group("level")) == level):
        return _recoded(text, 1, f"{m.group('level')}.{m.group('n')}", "its dot lost", fixes)
    m = ONE_MISREAD_CODE.match(tokens[0]) if len(tokens) > 1 else None
    if m and _capital(tokens[1]) and level in (None, 1):  # `|.1 Menyelesaikan` at level 1: the 1 read as a stroke
        return _recoded(text, 1, f"1.{m.group('n')}", "its 1 read as a stroke", fixes)
    m = GARBLED_CODE.match(tokens[0]) if len(tokens) > 1 and not CODE.match(tokens[0]) else None
    if m and level is not None and _capital(tokens[1]):
        n, lv, sep = int(m.group("n")), m.group("level"), m.group("sep")
        if m.group("lead") and LEVEL.get(lv) == level and sep in (".", ",", ":") and n >= next_n:
            return _recoded(text, 1, f"{level}.{n}", "a speck before it", fixes)  # `.2.1`
        # `L1`, `.L1` (the 1 a stroke) or `4-1` (a digit, a mark apart) at level 1, the cell's next item:
        # not a number (`12 Bulan`), nor a degree (`S1 Keperawatan`), nor a range (`3-5 Tahun`, not next)
        if n == next_n and (lv in STROKES or lv.isdigit() and sep):
            return _recoded(text, 1, f"{level}.{n}", "its level misread; the cell's next number", fixes)
    return text


def _strays_back(text: str, stream: list[tuple[str, str]], fixes: list[dict]) -> str:
    """A word or two in lower case between a line's opening code and the capitalised word that opens
    its item (`1.2 politik Melayani`) closed the item before: a skewed scan read the last line of
    that item and the first of this one as one line. They go back before the code, unless the item
    before ended (`...;`), or the cell's items open in lower case (a decree's style: `1.1 menyusun`)."""
    tokens = text.split()
    words = [t for kind, t in stream if kind == "word"]
    code = CODE.match(tokens[0]) if tokens else None
    if not words or not code or code.group("rest") or words[-1].endswith((";", ".", ":")) or words[0][:1].islower():
        return text
    k = next((i for i, t in enumerate(tokens[1:COMPETENCY.stray_words + 2], 1) if not t[:1].islower()), None)
    if k is None or k == 1 or not _opens_item(tokens[k]) or any("-" in t for t in tokens[1:k]):
        return text
    after = " ".join(tokens[1:k] + tokens[:1] + tokens[k:])
    fixes.append({"column": "indikator", "what": f"{' '.join(tokens[1:k])!r} after code {tokens[0]} closes the item before it",
                  "before": text, "after": after})
    return after


def _recoded(text: str, read: int, code: str, why: str, fixes: list[dict]) -> str:
    """The line with its first `read` tokens (the code as OCR read it) replaced by `code`, logged in `fixes`."""
    tokens = text.split()
    after = " ".join([code] + tokens[read:])
    fixes.append({"column": "indikator", "what": f"code {' '.join(tokens[:read])!r} read as {code} ({why})",
                  "before": text, "after": after})
    return after


def _infer_levels(comps: list[Competency]) -> None:
    """A row whose level neither its level cell nor its indicator codes tell (OCR lost both) takes
    the dictionary level its description matches (managerial and socio-cultural rows), else the
    level the other rows of its group agree on; its indicators are numbered at that level."""
    from rapidfuzz import fuzz

    for comp in comps:
        if comp.level is not None:
            continue
        best = None
        for level in range(1, COMPETENCY.top_level + 1):
            texts = dictionary().level_texts(comp.nama, level) if comp.nama_dikenal else None
            if texts and comp.deskripsi:
                sim = fuzz.ratio(fold(comp.deskripsi), fold(texts[0])) / 100
                if sim >= COMPETENCY.level_similarity and (best is None or sim > best[0]):
                    best = (sim, level, "its description is the dictionary's at that level")
        if best is None:
            others = [c.level for c in comps if c.kelompok == comp.kelompok and c.level is not None]
            if others and others.count(max(set(others), key=others.count)) >= COMPETENCY.level_rows:
                best = (0, max(set(others), key=others.count), f"the other {comp.kelompok} rows' level")
        if best is not None:
            comp.level = best[1]
            _split_ruled_indicators(comp)
            comp.perbaikan.append({"column": "level", "what": f"level not read: {best[2]}", "before": "",
                                   "after": str(comp.level)})


def proper_words(texts: list[str]) -> set[str]:
    """Words written with a capital inside sentences more often than not (Antar Kerja, RPTKA ...)."""
    upper: dict[str, int] = {}
    total: dict[str, int] = {}
    for text in texts:
        toks = text.split()
        for prev, tok in zip(toks, toks[1:]):
            f = fold_word(tok)
            if not f or prev.endswith((".", ";", ":")) or not prev[:1].islower():
                continue
            total[f] = total.get(f, 0) + 1
            if _capital(tok):
                upper[f] = upper.get(f, 0) + 1
    return {w for w, n in upper.items() if n >= COMPETENCY.proper_repeats and n / total[w] > COMPETENCY.proper_share}


def build_model(dictionary_sentences: list[str], decree_lines: list[str]) -> TrigramModel:
    """The column model: dictionary sentences plus every line of the decree."""
    return TrigramModel.train([s.split() for s in dictionary_sentences], [t.split() for t in decree_lines])


def parse_competency_tables(tables: list[list[Line]], candidates: list[tuple[str, str]],
                            sentences: list[str], decree_lines: list[str]) -> list[list[Competency]]:
    """Stage entry point: the competency rows of every jenjang's table, in document order.

    Two passes. The first model knows the decree only line by line, so it has never
    seen a phrase that a line break cuts. The second is retrained on the first pass's
    cells, which restores those phrases (each row still held out from its own text).
    """
    ruled = {i: ruled_competencies(lines, candidates) for i, lines in enumerate(tables) if is_ruled(lines)}
    text = [i for i in range(len(tables)) if i not in ruled]
    proper = proper_words(decree_lines + sentences)
    rows = {i: split_rows(tables[i], candidates) for i in text}
    model = build_model(sentences, decree_lines)
    widths = {i: column_width(tables[i]) for i in text}
    ind_caps = {i: indicator_capacity(tables[i]) for i in text}
    desc_lengths: dict[int, list[int]] = {i: [] for i in text}
    first = {i: [reconstruct_row(r, candidates, model, proper, (), widths[i], ColumnWidths(None, ind_caps[i]),
                                 desc_lengths[i]) for r in rows[i]] for i in text}
    caps = {i: ColumnWidths(_capacity(desc_lengths[i]), ind_caps[i], _median(desc_lengths[i])) for i in text}
    cells = {i: [cell_texts(c) for c in first[i]] for i in text}
    if text:
        model = build_model(sentences + [t for i in text for group in cells[i] for t in group], decree_lines)
    out = []
    for i in range(len(tables)):
        if i in ruled:
            out.append(ruled[i])
            continue
        comps = []
        for n, (row, own) in enumerate(zip(rows[i], cells[i]), start=1):
            comp = reconstruct_row(row, candidates, model, proper, own, widths[i], caps[i])
            comp.urutan = n
            comps.append(comp)
        _put_back_loose(comps, loose_blocks(tables[i], rows[i]))
        out.append(comps)
    return out


def loose_blocks(lines: list[Line], rows: list[_Row]) -> list[list[str]]:
    """The table's lines that no row took (psm 3's blocks above the header, `_deal_blocks` dealt none of
    them), as blocks of consecutive lines; no header, group row or line without a word."""
    placed = {ln.no for row in rows for ln in row.lines}
    blocks: list[list[str]] = []
    last = None
    for ln in lines:
        words = set(fold(ln.text).split())
        if ln.no in placed or group_of(ln.text) or words <= HEADER_WORDS | {"no"} or COLUMN_NUMBERS.match(ln.text) \
                or not re.search(r"[A-Za-z]{3}", ln.text):
            continue
        if last is None or ln.no - last > 1:
            blocks.append([])
        blocks[-1].append(ln.text)
        last = ln.no
    return blocks


def _put_back_loose(comps: list[Competency], blocks: list[list[str]]) -> None:
    """The description fragments in lines no row took go back to the rows that lack them (`fragments`),
    each move recorded on its row for the corrections log."""
    for comp, before, what in put_back_loose(comps, blocks):
        comp.perbaikan.append({"column": "deskripsi", "what": what, "before": before, "after": comp.deskripsi,
                               "why": "fragment put back"})


__all__ = ["Competency", "parse_competency_tables", "build_model", "cell_texts", "proper_words", "split_indicators"]
