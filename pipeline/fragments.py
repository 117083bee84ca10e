"""Stage 4d: give back description fragments that OCR printed inside another row.

On a scanned page a block of a cell is sometimes read out of place, after the
cells of a later row (`dampak dari isu jangka panjang, ...` of Pelayanan Publik
read inside the Orientasi pada Hasil row). Managerial and socio-cultural rows copy
the national dictionary, so a description that lacks a stretch of its reference
text at that level, while another row of the same jenjang holds that stretch where
its own reference has nothing like it, gets the stretch back — the decree's own
words, moved, never the dictionary's. Every move is reported for the corrections log.
"""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher
from itertools import permutations
from typing import Callable

from .model import Competency
from .reference import dictionary
from .words import fold_word, join_cell_lines


@dataclass(frozen=True)
class FragmentsSettings:
    """Every threshold of the fragments' return, named (pdfplumber's TableSettings as the model)."""

    min_span: int = 4  # words: shorter gaps are left to the column decoder
    min_match: float = 0.8  # share of a gap's words a fragment must reproduce, in order
    span_slack: int = 2  # words a fragment found elsewhere may be shorter or longer than the gap it fills
    max_loose_blocks: int = 3  # blocks read outside the rows that one fragment may run over, in any order
    max_stray: int = 3  # words: a stray is a word or two the column decoder put on the wrong side of a line
    split_match: float = 0.85  # a stray head and a cell's word tail together must spell the reference word this closely
    doubled_match: float = 0.8  # a word and the next one in its cell spelled this alike: the decree's own doubled word
    tail_run: int = 8  # words: a split word's tail and the rest of its printed line, read into the neighbouring column


FRAGMENTS = FragmentsSettings()


def _words(text: str | None) -> list[str]:
    return (text or "").split()


def _keys(words: list[str]) -> list[str]:
    return [fold_word(w) for w in words]


def _similar(a: list[str], b: list[str]) -> float:
    return SequenceMatcher(None, a, b, autojunk=False).ratio() if a and b else 0.0


def _missing(got: list[str], ref: list[str], tags: tuple[str, ...], fits: Callable[[int], bool]) -> list[tuple[int, list[str]]]:
    """(insertion index in got, reference words) for each run of the reference that got lacks
    (opcode in `tags`, length passing `fits`)."""
    return [(j1, ref[i1:i2]) for tag, i1, i2, j1, j2 in SequenceMatcher(None, ref, got, autojunk=False).get_opcodes()
            if tag in tags and fits(i2 - i1)]


def _gaps(got: list[str], ref: list[str]) -> list[tuple[int, list[str]]]:
    """Each stretch of `min_span` or more reference words absent from got (lost or read as other words)."""
    return _missing(got, ref, ("delete", "replace"), lambda n: n >= FRAGMENTS.min_span)


def _best_span(words: list[str], want: list[str]) -> tuple[float, int, int] | None:
    keys = _keys(words)
    best = None
    for size in range(max(1, len(want) - FRAGMENTS.span_slack), len(want) + FRAGMENTS.span_slack + 1):
        for a in range(0, len(keys) - size + 1):
            score = _similar(keys[a : a + size], want)
            if best is None or score > best[0]:
                best = (score, a, a + size)
    return best


def _reference_texts(comp: Competency) -> list[list[str]]:
    texts = dictionary().level_texts(comp.nama, comp.level)
    if texts is None:
        return []
    return [_keys(t.split()) for t in [texts[0], *texts[1]]]


def reattach(table: list[Competency]) -> list[tuple[Competency, str, str]]:
    """Move displaced description fragments back within one jenjang's table.

    Returns (row, its description before the move, what moved) for each move.
    """
    moves = []
    for comp in table:
        refs = _reference_texts(comp)
        if not refs or not comp.deskripsi:
            continue
        got = _words(comp.deskripsi)
        before = comp.deskripsi
        for at, missing in reversed(_gaps(_keys(got), refs[0])):
            found = _find_elsewhere(table, comp, missing)
            if found is None:
                continue
            donor, field_index, a, b = found
            cells = [donor.deskripsi] + [i["teks"] for i in donor.indikator]
            donor_words = _words(cells[field_index])
            fragment = donor_words[a:b]
            rest = " ".join(donor_words[:a] + donor_words[b:])
            if field_index == 0:
                donor.deskripsi = rest or None
            else:
                donor.indikator[field_index - 1]["teks"] = rest
            got = got[:at] + fragment + got[at:]
            comp.deskripsi = " ".join(got)
            where = "deskripsi" if field_index == 0 else f"indikator {donor.indikator[field_index - 1]['kode']}"
            moves.append((comp, before, f"{' '.join(fragment)!r} taken back from {donor.nama} {where}"))
            before = comp.deskripsi
    return moves


def _find_elsewhere(table: list[Competency], comp: Competency, missing: list[str]):
    best = None
    for donor in table:
        if donor is comp:
            continue
        donor_refs = _reference_texts(donor)
        cells = [donor.deskripsi] + [i["teks"] for i in donor.indikator]
        for index, text in enumerate(cells):
            words = _words(text)
            span = _best_span(words, missing) if len(words) >= FRAGMENTS.min_span else None
            if span is None or span[0] < FRAGMENTS.min_match:
                continue
            piece = _keys(words[span[1] : span[2]])
            # the donor's own reference has this stretch: it is where it belongs
            if any(_similar(piece, ref[k : k + len(piece)]) >= FRAGMENTS.min_match
                   for ref in donor_refs for k in range(0, max(1, len(ref) - len(piece) + 1))):
                continue
            if best is None or span[0] > best[0]:
                best = (span[0], donor, index, span[1], span[2])
    return best[1:] if best else None


def put_back_loose(table: list[Competency], blocks: list[list[str]]) -> list[tuple[Competency, str, str]]:
    """Give back description fragments read outside every row: Tesseract's page segmentation (psm 3)
    may write some blocks of a table's first cells above its header, in any order (`ganisasi` /
    `mengajak rekan kerja` / `untuk bertindak sesuai` / `nilai, norma, dan etika or-`). A managerial
    or socio-cultural row whose description lacks a stretch of its dictionary text takes the stretch
    from those blocks, joined in the order that reads it best: the decree's own words, never the
    dictionary's. `blocks`: each block's lines; what is taken leaves them. Returns (row, its
    description before the move, what moved) for each move."""
    pool = [b for b in blocks if b]
    moves = []
    for comp in table:
        refs = _reference_texts(comp)
        if not refs or not pool:
            continue
        got = _words(comp.deskripsi)
        before = comp.deskripsi or ""
        for at, missing in reversed(_gaps(_keys(got), refs[0])):
            best = None
            for n in range(1, min(len(pool), FRAGMENTS.max_loose_blocks) + 1):
                for order in permutations(range(len(pool)), n):
                    words = join_cell_lines([ln for i in order for ln in pool[i]]).split()
                    found = _stretch_of(words, missing)
                    if found and (best is None or found[0] > best[0][0]):
                        best = (found, order, words)
            if best is None:
                continue
            (_, a, b), order, words = best
            fragment = words[a:b]
            pool = [blk for i, blk in enumerate(pool) if i not in order] + [
                [" ".join(rest)] for rest in (words[:a], words[b:]) if rest]
            got = got[:at] + fragment + got[at:]
            comp.deskripsi = " ".join(got)
            moves.append((comp, before, f"{' '.join(fragment)!r} read outside the table's rows"))
            before = comp.deskripsi
    return moves


def _stretch_of(words: list[str], missing: list[str]) -> tuple[tuple[int, float], int, int] | None:
    """The stretch of `words` that reproduces part of `missing` in order: ((words matched, share of the
    stretch matched), start, end), when it matches `min_span` words or more and `min_match` of itself."""
    blocks = [m for m in SequenceMatcher(None, missing, _keys(words), autojunk=False).get_matching_blocks() if m.size]
    matched = sum(m.size for m in blocks)
    if matched < FRAGMENTS.min_span:
        return None
    a, b = blocks[0].b, blocks[-1].b + blocks[-1].size
    share = matched / (b - a)
    return ((matched, share), a, b) if share >= FRAGMENTS.min_match else None


def _extras(got: list[str], ref: list[str]) -> list[tuple[int, int]]:
    """(start, end) in got of each short run of words the reference does not have there."""
    return [(j1, j2) for tag, i1, i2, j1, j2 in SequenceMatcher(None, ref, got, autojunk=False).get_opcodes()
            if tag == "insert" and j2 - j1 <= FRAGMENTS.max_stray]


def _holes(got: list[str], ref: list[str]) -> list[tuple[int, list[str]]]:
    """Each run of up to `max_stray` reference words simply missing from got."""
    return _missing(got, ref, ("delete",), lambda n: n <= FRAGMENTS.max_stray)


def _split_tail(got: list[str], ref: list[str], head: str) -> int | None:
    """Index in got of the tail of a word split over two lines (`kan` where the reference has
    `menginterpretasikan`) that `head` (`menginterpres-`) completes: the column decoder put the
    head in the neighbouring column."""
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, ref, got, autojunk=False).get_opcodes():
        if tag == "replace" and i2 - i1 == 1 and j2 - j1 == 1:
            whole, tail = ref[i1], got[j1]
            if len(tail) < len(whole) and _similar(list(head + tail), list(whole)) >= FRAGMENTS.split_match:
                return j1
    return None


RULING_READ = "|Il!"  # a table ruling OCR read glued before a tail's first letter (`Inyelesaikan`)


def _head_of(got: list[str], ref: list[str], tail: list[str]) -> tuple[int, int] | None:
    """(index in got, letters to drop before the tail) of the head of a word split over two lines
    (`me-`) that `tail` completes (`nyelesaikan`, the column decoder having put it, and the words after
    it on its line, in the neighbouring column): head and tail spell, within `split_match`, a word the
    reference has where the head stands, which begins with the head."""
    keys, tail_keys = _keys(got), _keys(tail)
    if not tail_keys or not tail_keys[0].isalpha():
        return None
    firsts = [(0, tail_keys[0])] + ([(1, tail_keys[0][1:])] if tail[0][0] in RULING_READ else [])
    best = None
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, ref, keys, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        for j in range(j1, j2):
            head = keys[j]
            if not (got[j].endswith("-") and got[j][:-1].isalpha() and len(head) >= 2):
                continue
            for drop, first in firsts:
                for want in ref[i1:i2]:
                    score = _similar(list(head + first), list(want))
                    if want.startswith(head) and score >= FRAGMENTS.split_match and (best is None or score > best[0]):
                        best = (score, (j, drop))
    return best[1] if best else None


def _join_tails(cells: list[list[str]], cell_refs: list[list[str]], names: list[str], done) -> None:
    """Each run of a cell's words beyond its dictionary text (up to `tail_run`) that opens with the
    tail of a word another cell of the row holds the hyphenated head of (`_head_of`) goes back there,
    joined to it."""
    for src, (words, ref) in enumerate(zip(cells, cell_refs)):
        runs = [(j1, j2) for tag, i1, i2, j1, j2 in SequenceMatcher(None, ref, _keys(words), autojunk=False).get_opcodes()
                if tag == "insert" and j2 - j1 <= FRAGMENTS.tail_run]
        for a, b in reversed(runs):
            tail = words[a:b]
            if _doubled(words, a):
                continue
            for dst, (other, other_ref) in enumerate(zip(cells, cell_refs)):
                if dst == src or (found := _head_of(other, other_ref, tail)) is None:
                    continue
                at, drop = found
                head = other[at]
                other[at:at + 1] = [head[:-1] + tail[0][drop:]] + tail[1:]
                del words[a:b]
                done(f"{' '.join(tail)!r} moved from {names[src]} to {names[dst]}, its first word the tail of {head!r}")
                break


def _doubled(words: list[str], at: int) -> bool:
    """The word at `at`, not hyphenated, and the next word in its cell spelled nearly alike
    (`menginterprestasi menginterpretasikan`): a word the decree printed twice, once misspelt, where
    it stands; not the head of a word split over two lines, which the line break hyphenates."""
    word = words[at]
    return (not word.endswith("-") and at + 1 < len(words) and len(word) >= 6
            and _similar(list(fold_word(word)), list(fold_word(words[at + 1]))) >= FRAGMENTS.doubled_match)


def _swapped(words: list[str], ref: list[str]) -> int | None:
    """Index i where words i and i+1 stand in the reverse of the reference's order and swapping them
    brings the cell closer to it: two one-word lines OCR read out of order (`mengurangi` / `atau`).
    Words with punctuation are left: `pidato, presentasi,` may be the decree's own list order."""
    got = _keys(words)
    pairs = set(zip(ref, ref[1:]))
    base = _similar(got, ref)
    for i in range(len(got) - 1):
        bare = words[i].isalpha() and words[i + 1].isalpha()
        if bare and got[i] != got[i + 1] and (got[i + 1], got[i]) in pairs and (got[i], got[i + 1]) not in pairs:
            if _similar(got[:i] + [got[i + 1], got[i]] + got[i + 2:], ref) > base:
                return i
    return None


def return_strays(comp: Competency) -> list[tuple[str, str]]:
    """Move a word or two between the cells of one row: words a cell has beyond its dictionary text,
    exactly the words another cell of the row lacks where its dictionary text has them (`pemangku`
    read into the description, missing from `oleh seluruh ... kepentingan`); the head of a word split
    over two lines joined back to its tail, or its tail (and the rest of its line) back to its head
    (`_join_tails`); two neighbouring words read in swapped order put back in
    the dictionary's. Returns each move with the row's text right after it (`desc | ind | ...`), so a
    row with several moves logs each one from what it changed."""
    refs = _reference_texts(comp)
    if not refs:
        return []
    cells = [_words(comp.deskripsi)] + [_words(i["teks"]) for i in comp.indikator]
    # each cell's reference: the description's, and for an indicator the most similar indicator text
    cell_refs = [refs[0]] + [max(refs[1:], key=lambda r, c=c: _similar(_keys(c), r)) if refs[1:] else []
                             for c in cells[1:]]
    names = ["deskripsi"] + [f"indikator {i['kode']}" for i in comp.indikator]
    moved: list[tuple[str, str]] = []

    def done(what: str) -> None:
        moved.append((what, " | ".join(" ".join(c) for c in cells)))

    for words, ref, name in zip(cells, cell_refs, names):
        while (i := _swapped(words, ref)) is not None:
            what = f"{words[i]!r} put after {words[i + 1]!r} in {name} (read in swapped order)"
            words[i], words[i + 1] = words[i + 1], words[i]
            done(what)
    for src, (words, ref) in enumerate(zip(cells, cell_refs)):
        for a, b in reversed(_extras(_keys(words), ref)):
            joiner = 0  # a leading `dan` joins list items (`...politik; dan`): it belongs to no cell
            if b - a > 1 and _keys(words[a:a + 1]) == ["dan"]:
                joiner = 1
            stray = _keys(words[a + joiner:b])
            for dst, (other, other_ref) in enumerate(zip(cells, cell_refs)):
                if dst == src:
                    continue
                hole = next((at for at, want in _holes(_keys(other), other_ref) if want == stray), None)
                if hole is not None:
                    other[hole:hole] = words[a + joiner:b]
                    dropped = f" (list joiner {words[a]!r} dropped)" if joiner else ""
                    what = f"{' '.join(words[a + joiner:b])!r} moved from {names[src]} to {names[dst]}{dropped}"
                elif b - a == 1 and not _doubled(words, a) and (
                        tail := _split_tail(_keys(other), other_ref, stray[0])) is not None:
                    what = f"{words[a]!r} moved from {names[src]} to {names[dst]}, joined to {other[tail]!r}"
                    other[tail] = words[a].rstrip("-") + other[tail]
                else:
                    continue
                del words[a:b]
                done(what)
                break
    _join_tails(cells, cell_refs, names, done)
    comp.deskripsi = " ".join(cells[0]) or None
    for item, words in zip(comp.indikator, cells[1:]):
        item["teks"] = " ".join(words)
    return moved
