"""Stage 4b: rebuild the requirements table (Persyaratan Jabatan) from OCR lines.

The table's rows are fixed by PermenPANRB 38/2017: Pendidikan (Jenjang, Bidang
Ilmu), Pelatihan (per PNS / PPPK: Manajerial, Teknis, Fungsional items),
Pengalaman Kerja (per PNS / PPPK), Pangkat (golongan per PNS / PPPK) and
Indikator Kinerja Jabatan. Their headings are found by their words (the letters
A-E are often misread, `Pengala-` / `man Kerja` splits). The importance of a
training or experience item is ticked in one of three columns Mutlak | Penting |
Perlu; OCR keeps it as a run like `- - V4` at the end of the item's first line,
whose position gives the column. A lone tick with no dashes has lost its column
and yields null, never a guess.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Callable

from .load import Line
from .words import fold, fold_word, near

TICK = re.compile(r"^(?:[vV]|[vVN]4|[NJ]|¢|4|√|✓|✔|[vV]{2})$")
EMPTY = re.compile(r"^[-—–~]$")
TINGKAT = ("mutlak", "penting", "perlu")
SECTION_WORDS = {
    "pendidikan": ["pendidikan"],
    "pelatihan": ["pelatihan"],
    "pengalaman_kerja": ["pengalaman", "kerja"],
    "pangkat": ["pangkat"],
    "indikator_kinerja_jabatan": ["indikator", "kinerja", "jabatan"],
}
ORDER = list(SECTION_WORDS)
JENIS = {"manajerial": "manajerial", "teknis": "teknis", "fungsional": "fungsional"}
JENIS_BY_NUMBER = {"1": "manajerial", "2": "teknis", "3": "fungsional"}
STATUS = {"pns": "PNS", "pppk": "PPPK"}
ITEM = re.compile(r"^(?:[a-h]\s*[.)]|\.)\s*(?=\S)")
NUMBERED = re.compile(r"^(?P<n>[1-3|lI\]])\s*\.\s*(?P<rest>.*)$")  # `|.`, `l.`, `I.`, `].`: a 1 misread
GOLONGAN = re.compile(r"(?P<g>[Il1\[|]{1,3}V?|IV|V)\s*/\s*(?P<r>[a-eA-E])\b")
# a golongan whose numeral OCR garbled (`IT/c`, `Hl/a`, `TII/b`): a short token of stroke-like letters
GARBLED_GOLONGAN = re.compile(r"(?<![\w/])(?P<g>[A-Za-z1\[|!]{1,4})\s*/\s*(?P<r>[a-eA-E])\b")
# the civil-service ranks (pangkat) of each golongan, fixed nationally (PP 99/2000, as BKN lists them)
PANGKAT_GOLONGAN = {
    "juru muda": "I/a", "juru muda tingkat i": "I/b", "juru": "I/c", "juru tingkat i": "I/d",
    "pengatur muda": "II/a", "pengatur muda tingkat i": "II/b", "pengatur": "II/c", "pengatur tingkat i": "II/d",
    "penata muda": "III/a", "penata muda tingkat i": "III/b", "penata": "III/c", "penata tingkat i": "III/d",
    "pembina": "IV/a", "pembina tingkat i": "IV/b", "pembina utama muda": "IV/c", "pembina utama madya": "IV/d",
    "pembina utama": "IV/e",
}
PAREN = re.compile(r"\(([^)]*)\)")


@dataclass
class Requirements:
    pendidikan: dict = field(default_factory=lambda: {"jenjang_pendidikan": None, "bidang_ilmu": None})
    pelatihan: list[dict] = field(default_factory=list)
    pengalaman_kerja: list[dict] = field(default_factory=list)
    pangkat: list[dict] = field(default_factory=list)
    indikator_kinerja_jabatan: str | None = None
    baris: dict = field(default_factory=dict)  # section -> first source line, for locating corrections

    def to_json(self) -> dict:
        return asdict(self)


def _tick_of(tokens: list[str]) -> tuple[list[str], str | None, bool]:
    """Strip a trailing tick run; return (remaining tokens, tingkat or None, whether a run was there)."""
    k = len(tokens)
    while k > 0 and (TICK.match(tokens[k - 1]) or EMPTY.match(tokens[k - 1])) and len(tokens) - k < 3:
        k -= 1
    run = tokens[k:]
    if not run or run == ["4"]:  # a lone "4" is more likely a number than a tick
        return tokens, None, False
    ticks = [i for i, t in enumerate(run) if TICK.match(t)]
    if len(run) == 3 and len(ticks) == 1:
        return tokens[:k], TINGKAT[ticks[0]], True
    return tokens[:k], None, True


def _section_of(tokens: list[str]) -> tuple[str, int] | None:
    """(section, tokens taken) when the line opens a requirements section (`C.Pengalama`, `E.Indikator Kinerja`)."""
    if not tokens:
        return None
    toks = list(tokens)
    m = re.match(r"^[A-Z\[]?\s*[.,]\s*(\S.*)$", toks[0])
    lead = 0
    if m:
        toks[0] = m.group(1)
    elif len(toks) > 1 and re.fullmatch(r"[A-Z\[]\s*[.,]?|[.,]", toks[0]):
        lead = 1
    head = [fold_word(t) for t in toks[lead:lead + 3]]
    for key, words in SECTION_WORDS.items():
        first = head[0] if head else ""
        if first and (near(first, words[0], 0.25) or (len(first) >= 6 and words[0].startswith(first.rstrip("-")))):
            taken = lead + 1
            for w in words[1:]:
                if taken < len(tokens) and near(fold_word(tokens[taken]), w, 0.25):
                    taken += 1
            return key, taken
    return None


def _join(parts: list[str]) -> str | None:
    text = " ".join(" ".join(parts).split())
    return text or None


Order = Callable[[list[str], str], list[str]]


def keep_order(lines: list[str], _field: str) -> list[str]:
    return lines


TICK_ROLES = ("mutlak", "penting", "perlu")


def row_ticks(lines: list[Line]) -> dict[int, str | None]:
    """PDF input: the tingkat each table row ticks, from its tick cells' marks (the marked
    column's role; None when no cell or more than one is marked)."""
    marked: dict[int, list[str]] = {}
    for ln in lines:
        if ln.role in TICK_ROLES:
            marked.setdefault(ln.row, [])
            if ln.mark:
                marked[ln.row].append(ln.role)
    return {row: (roles[0] if len(roles) == 1 else None) for row, roles in marked.items()}


def parse_requirements(lines: list[Line], order: Order = keep_order) -> Requirements:
    """Stage entry point for one jenjang's requirements table.

    From a PDF's ruled table each table row is an item and its tick is read from the
    marked tick cell; the text after the table's last row (a closing block, a signature)
    is no part of it. From OCR text, items start at their letters and ticks are read from
    runs like `- - V4`. `order(lines, field)` may put back lines OCR displaced inside a
    one-column cell (see `reading_order`); by default the OCR order is kept.
    """
    ticks = row_ticks(lines)
    if ticks:
        last = max(i for i, ln in enumerate(lines) if ln.row is not None)
        lines = [ln for ln in lines[:last + 1] if ln.role not in TICK_ROLES and ln.role != "header"]
    req = Requirements()
    sections: dict[str, list[tuple[Line, list[str]]]] = {}
    current = None
    rest: list[str] = []  # heading words a line break pushed to the next line
    for ln in lines:
        tokens = ln.text.split()
        found = _section_of(tokens)
        # sections come in their fixed order: "Pendidikan dan pelatihan ..." inside Pelatihan is an item
        if found and ORDER.index(found[0]) > (ORDER.index(current) if current else -1):
            current, taken = found
            req.baris[current] = ln.no
            sections.setdefault(current, [])
            heading = [fold_word(t) for t in re.sub(r"^[A-Z\[]?\s*[.,]\s*", "", " ".join(tokens[:taken])).split()]
            words = SECTION_WORDS[current]
            rest = [w for w in words if not any(near(h, w, 0.25) or w.startswith(h) for h in heading if len(h) > 2)]
            tokens = tokens[taken:]
        elif rest:
            # "Pengalama" / "n Kerja", "E. Indikator Kinerja" / "Jabatan": the heading's rest opens this line
            k = 1 if len(tokens) > 1 and len(fold_word(tokens[0])) <= 3 and any(
                near(fold_word(tokens[1]), w, 0.25) for w in rest) else 0
            taken = k
            for w in rest:
                if taken < len(tokens) and near(fold_word(tokens[taken]), w, 0.25):
                    taken += 1
            if taken > k:
                tokens = tokens[taken:]
            rest = []
        if current and tokens:
            sections[current].append((ln, tokens))

    req.pendidikan = _pendidikan(sections.get("pendidikan", []), order)
    req.pelatihan = _items(sections.get("pelatihan", []), True, order, "pelatihan", ticks)
    req.pengalaman_kerja = [
        {"status_kepegawaian": it["status_kepegawaian"], "uraian": it["nama"], "tingkat_pentingnya": it["tingkat_pentingnya"]}
        for it in _items(sections.get("pengalaman_kerja", []), False, order, "pengalaman_kerja", ticks)
    ]
    req.pangkat = _pangkat(sections.get("pangkat", []))
    req.indikator_kinerja_jabatan = _join([" ".join(t) for _, t in sections.get("indikator_kinerja_jabatan", [])])
    return req


def _pendidikan(rows: list[tuple[Line, list[str]]], order: Order) -> dict:
    """`1. Jenjang` text, then `2. Bidang Ilmu` text (the label may be split or misread: `P.Bidang`)."""
    parts: dict[str, list[str]] = {"jenjang_pendidikan": [], "bidang_ilmu": []}
    current = None
    for _, tokens in rows:
        words = [fold_word(t) for t in tokens]
        line: dict[str, list[str]] = {}
        i = 0
        while i < len(tokens):
            w = words[i]
            nxt = words[i + 1] if i + 1 < len(words) else ""
            if w in {"jenjang", "1jenjang"} or (w.endswith("jenjang") and len(w) <= 9):
                current, i = "jenjang_pendidikan", i + 1
                continue
            if w.endswith("bidang") and len(w) <= 8 and (nxt == "ilmu" or i == len(tokens) - 1):
                current, i = "bidang_ilmu", i + (2 if nxt == "ilmu" else 1)
                continue
            if current == "bidang_ilmu" and w == "ilmu" and not parts["bidang_ilmu"]:
                i += 1
                continue
            if re.fullmatch(r"\d\s*\.?", tokens[i]) and nxt in {"jenjang", "bidang"}:
                i += 1
                continue
            if current:
                line.setdefault(current, []).append(tokens[i])
            i += 1
        for key, toks in line.items():
            parts[key].append(" ".join(toks))
    return {k: _join(order(v, f"pendidikan {k}")) for k, v in parts.items()}


def _items(rows: list[tuple[Line, list[str]]], with_jenis: bool, order: Order, field: str,
           ticks: dict[int, str | None] | None = None) -> list[dict]:
    """Items under status headings (PNS, PPPK) and, for training, jenis headings (1. Manajerial ...).
    `ticks`: the tingkat of each table row (PDF input), where each row is an item."""
    items: list[dict] = []
    status = None
    jenis = None
    jenis_pending = False
    current = None
    row_open = None  # PDF input: the table row whose first text has not yet started an item
    previous_row = None
    for ln, tokens in rows:
        tokens = list(tokens)
        if ticks and ln.row != previous_row:
            row_open = previous_row = ln.row
        # status heading, alone or leading the line ("PPPK", "PNS Memiliki ...", "PPPK-")
        st = STATUS.get(fold_word(tokens[0]))
        if st:
            status, current = st, None
            tokens = tokens[1:]
            if not tokens:
                continue
        if with_jenis:
            m = NUMBERED.match(" ".join(tokens))
            rest = m.group("rest").split() if m else []
            word = fold_word(rest[0]) if rest else ""
            if m and (m.group("n").isdigit() or word in JENIS):  # `|. Manajerial`: a misread 1 with its label
                if word in JENIS:
                    jenis, jenis_pending, tokens = JENIS[word], False, rest[1:]
                else:  # "3. Pendidikan dan v" / "Fungsional pelatihan": the label slipped to the next line
                    jenis, jenis_pending, tokens = JENIS_BY_NUMBER[m.group("n")], True, rest
                current = None
            elif jenis_pending and tokens and fold_word(tokens[0]) in JENIS:
                jenis_pending = False
                tokens = tokens[1:]
            if not tokens:
                continue
        if ticks:
            tingkat, had_tick = ticks.get(ln.row), ln.row in ticks
            starts_item = ln.row == row_open
        else:
            tokens, tingkat, had_tick = _tick_of(tokens)
        text = " ".join(tokens)
        if not ticks:
            starts_item = bool(ITEM.match(text)) or current is None
        if ITEM.match(text):
            text = ITEM.sub("", text)
        if not status or (with_jenis and not jenis):
            continue
        if starts_item and text:
            current = {"status_kepegawaian": status, "nama": [text], "_ticks": [tingkat] if had_tick else []}
            if with_jenis:
                current["jenis"] = jenis
            items.append(current)
            row_open = None
        elif current is not None:
            if text:
                current["nama"].append(text)
            if had_tick and not ticks:
                current["_ticks"].append(tingkat)
    _pass_extra_ticks_on(items)
    for it in items:
        read = it.pop("_ticks")
        it["tingkat_pentingnya"] = read[0] if read else None
        it["nama"] = " ".join(" ".join(order(it["nama"], f"{field} {it['status_kepegawaian']}")).split())
    keys = ["status_kepegawaian", "jenis", "nama", "tingkat_pentingnya"]
    return [{k: it[k] for k in keys if k in it} for it in items]


def _pass_extra_ticks_on(items: list[dict]) -> None:
    """Ticks are read in row order: a second tick run on one item belongs to the next, tickless, item."""
    for here, nxt in zip(items, items[1:]):
        if len(here["_ticks"]) > 1 and not nxt["_ticks"] and here["status_kepegawaian"] == nxt["status_kepegawaian"]:
            nxt["_ticks"] = here["_ticks"][1:]
            del here["_ticks"][1:]


def golongan_of_pangkat(nama: str | None) -> str | None:
    """The golongan a pangkat name belongs to (`Penata Muda Tk. I` -> III/b), None for an unknown name."""
    if not nama:
        return None
    key = re.sub(r"\btk\b", "tingkat", fold(nama).replace("1", "i"))
    return PANGKAT_GOLONGAN.get(" ".join(key.split()))


def _pangkat(rows: list[tuple[Line, list[str]]]) -> list[dict]:
    """Golongan with their pangkat names. A numeral OCR garbled is read from the pangkat name,
    which names one golongan only, when the name's letter is the one printed."""
    out = []
    status = None
    for _, tokens in rows:
        text = " ".join(tokens)
        head = re.match(r"^(PNS|PPPK)\b\s*-?\s*", text)
        if head:
            status = head.group(1)
            text = text[head.end():]
        for m in GARBLED_GOLONGAN.finditer(text):
            if status is None:
                continue
            paren = PAREN.search(text, m.end())
            if paren and GARBLED_GOLONGAN.search(text, m.end(), paren.start()):
                paren = None  # the parenthesis belongs to the next golongan
            nama = " ".join(paren.group(1).split()) if paren else None
            letter = m.group("r").lower()
            clean = GOLONGAN.fullmatch(m.group(0).strip())
            roman = re.sub(r"[l1\[|]", "I", clean.group("g")) if clean else None
            by_name = golongan_of_pangkat(nama)
            if by_name and by_name.endswith(f"/{letter}") and by_name != f"{roman}/{letter}":
                roman = by_name.split("/")[0]  # the name decides a garbled or misread numeral
            if roman not in {"I", "II", "III", "IV"}:
                continue
            out.append({"status_kepegawaian": status, "golongan": f"{roman}/{letter}", "nama": nama,
                        "golongan_sumber": m.group(0)})
    return out
