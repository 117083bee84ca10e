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
from dataclasses import asdict, dataclass, field, replace
from typing import Callable

from .model import Line
from .provenance import of_lines
from .reference import pangkat_golongan
from .words import fold, fold_word, join_cell_lines, near


@dataclass(frozen=True)
class RequirementsSettings:
    """Every threshold of the requirements table, named (pdfplumber's TableSettings as the model)."""

    tick_cells: int = 3  # tick cells ending an item's line (mutlak, penting, perlu): a tick run reads at most three
    cut_stem: int = 3  # letters a label word cut at its line end (`Kiner-`) keeps at least
    label_tolerance: float = 0.25  # share of a section label word's letters OCR may garble (`Pengalarnan`)
    cut_label: int = 6  # letters a label word cut short (`Pengala`) keeps to be that word
    short_word: int = 2  # letters of a speck or a cut word's piece: no heading or training kind word is this short
    rest_lead: int = 3  # letters of a speck or letter before a heading's rest on the next line (`n Kerja`)
    jenjang_label: int = 9  # letters of `jenjang` with a number or speck glued before it (`1jenjang`)
    bidang_label: int = 8  # letters of `bidang` with specks glued before it (`p.bidang`)
    pendidikan_label_tolerance: float = 0.2  # a pendidikan label in a ruled row (`Jenjang Pendidikan`)
    kind_tolerance: float = 0.2  # a training kind's word misread in its numbered sub-label cell (`3. Fungsipnal`)


REQUIREMENTS = RequirementsSettings()

# `/`: a check mark's long stroke alone; `Xx`: a cross read twice
TICK = re.compile(r"^(?:[vV]|[vVN]4|[NJ]|¢|4|√|✓|✔|[vV]{2}|[xX✗✘]|[xX]{2}|/)$")
EMPTY = re.compile(r"^[-—–~]$")
TINGKAT = ("mutlak", "penting", "perlu")
# the table's header, repeated atop a page the table runs on to: its words, and its column numbers
HEADER_WORDS = {"jenis", "persyaratan", "uraian", "tingkat", "pentingnya", "terhadap", "jabatan", *TINGKAT}
HEADER_KEYS = {"persyaratan", "uraian", *TINGKAT}  # one of them at least: `Jabatan` alone is a label's rest
COLUMN_NUMBER = re.compile(r"^[(\[“\"'‘]?\d[)\]”\"'’]?$")  # `(4)`, OCR's `“4`
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
KINDS = list(JENIS_BY_NUMBER.values())
STATUS = {"pns": "PNS", "pppk": "PPPK"}
FIRST_ITEM = re.compile(r"^a\s*[.)]\s*\S")  # a lettered list starting (over)
# OCR may read the letter as a capital (`C.`), or as a letter pair (`Cc.`, as ITEM_MARK reads a ruled cell's)
ITEM = re.compile(r"^(?:[a-hA-H]\s*[.)]|(?i:([a-h])\1)\s*[.)]|\.)\s*(?=\S)")
# `1.`, and as OCR reads it: `|.`, `l.`, `I.`, `].` (a 1 misread), `1,` (its dot), `"1.` (a speck before it)
NUMBERED = re.compile(r"^[\"'`“”‘’]?(?P<n>[1-3|lI\]])\s*(?P<sep>[.,])\s*(?P<rest>.*)$")
GOLONGAN = re.compile(r"(?P<g>[Il1\[|]{1,3}V?|IV|V)\s*/\s*(?P<r>[a-eA-E])\b")
# a golongan whose numeral OCR garbled (`IT/c`, `Hl/a`, `TII/b`): a short token of stroke-like letters; or
# whose slash it lost or read as a stroke too (`IVc` for II/c, `IlVa` for III/a, `Mc`, `HVc`, `UVd`): one to four
# capitals or strokes and the letter a-e in lower case glued on (no word of a pangkat name has that shape)
STROKES = r"[A-Z1\[\]|!l]{1,4}"
GARBLED_GOLONGAN = re.compile(
    rf"(?<![\w/])(?P<g>[A-Za-z1\[|!]{{1,4}}(?=\s*/)|{STROKES}(?=[a-e]\b))\s*/?\s*(?P<r>[a-eA-E])\b")
# the civil-service ranks (pangkat) of each golongan, fixed nationally (PP 99/2000, as BKN lists them)
PANGKAT_GOLONGAN = pangkat_golongan()
PAREN = re.compile(r"\(([^)]*)\)")


@dataclass
class Requirements:
    pendidikan: dict = field(default_factory=lambda: {"jenjang_pendidikan": None, "bidang_ilmu": None})
    pelatihan: list[dict] = field(default_factory=list)
    pengalaman_kerja: list[dict] = field(default_factory=list)
    pangkat: list[dict] = field(default_factory=list)
    indikator_kinerja_jabatan: str | None = None
    baris: dict = field(default_factory=dict)  # section -> first source line, for locating corrections
    # the table's own repairs, logged by the tables stage: field, before, after, why
    perbaikan: list[dict] = field(default_factory=list)
    # where each value was read (`provenance.of_lines`): pendidikan {key: asal}, one per item of
    # pelatihan, pengalaman_kerja and pangkat, and indikator_kinerja_jabatan
    asal: dict = field(default_factory=dict)

    def to_json(self) -> dict:
        return asdict(self)


# what OCR makes of an empty tick cell's dash or shading beside a tick: a digit or two, a speck
# (`2 V 5`, `53 v 3`, `v - 2`), or with three cells read, two letters (`V 2 sa`)
TICK_JUNK = re.compile(r"^(?:\d{1,2}[.,:;]?|[^\w\s]{1,2})$")
SHORT_LETTERS = re.compile(r"^[a-z]{1,2}$")
LONE_DIGIT = re.compile(r"^\d[.,]?$")


def _repeated_header(tokens: list[str]) -> bool:
    """The header repeated atop a page the table runs on to (`Jenis Persyaratan Uraian Mutlak | Penting
    | Perlu`, `(1) (2) (3) “4 (5) (6)`): no cell's text."""
    words = [w for w in (fold_word(t) for t in tokens) if w]
    if len(words) >= 2 and set(words) <= HEADER_WORDS and set(words) & HEADER_KEYS:
        return True
    return len(tokens) >= 3 and all(COLUMN_NUMBER.match(t) for t in tokens)


def _tick_of(tokens: list[str], s: RequirementsSettings = REQUIREMENTS) -> tuple[list[str], str | None, bool]:
    """Strip a trailing tick run; return (remaining tokens, tingkat or None, whether a run was there).
    The run is the last three cells' readings: ticks and dashes, and beside one tick what OCR made of
    an empty cell (`TICK_JUNK`; two letters only when all three cells were read). Three cells with
    one tick give its column."""
    def start(reads) -> int:
        k = len(tokens)
        while k > 0 and len(tokens) - k < s.tick_cells and reads(tokens[k - 1]):
            k -= 1
        return k

    k = start(lambda t: TICK.match(t) or EMPTY.match(t) or TICK_JUNK.match(t) or SHORT_LETTERS.match(t))
    run = tokens[k:]
    letters = any(SHORT_LETTERS.match(t) for t in run)
    if sum(1 for t in run if TICK.match(t)) != 1 or (letters and len(run) < s.tick_cells):
        k = start(lambda t: TICK.match(t) or EMPTY.match(t))  # ticks and dashes only
        run = tokens[k:]
    if not run or run == ["4"]:  # a lone "4" is more likely a number than a tick
        return tokens, None, False
    ticks = [i for i, t in enumerate(run) if TICK.match(t)]
    if len(run) == s.tick_cells and len(ticks) == 1:
        return tokens[:k], TINGKAT[ticks[0]], True
    return tokens[:k], None, True


def _cut_word(token: str, word: str, s: RequirementsSettings = REQUIREMENTS) -> bool:
    """`Kiner-`: a label word hyphenated at its cell's line end, the rest on the next line."""
    stem = fold_word(token)
    return token.endswith("-") and len(stem) >= s.cut_stem and word.startswith(stem)


def _section_of(tokens: list[str], s: RequirementsSettings = REQUIREMENTS) -> tuple[str, int] | None:
    """(section, tokens taken) when the line opens a requirements section (`C.Pengalama`, `E.Indikator Kinerja`)."""
    if not tokens:
        return None
    toks = list(tokens)
    m = re.match(r"^[A-Z\[]?\s*[.,]\s*(\S.*)$", toks[0])
    lead = 0
    if m:
        toks[0] = m.group(1)
    elif len(toks) > 1 and re.fullmatch(r"(?:[A-Z\[(]{1,2}|[A-Z][a-z])\s*[.,:;]?|[.,]", toks[0]):
        lead = 1  # the section's letter, alone or as OCR read it (`C`, `CG:`, `GC.`, `Cc.`, `(.`)
    head = [fold_word(t) for t in toks[lead:lead + 3]]
    # a label is printed capitalised: a word in lower case that is near one (`diangkat`, `pangkat`) goes on a
    # sentence of the cell beside it, unless it is the label's word itself
    lower = bool(toks[lead:lead + 1]) and toks[lead][:1].islower() and not m
    for key, words in SECTION_WORDS.items():
        first = head[0] if head else ""
        if lower and first != words[0]:
            continue
        if first and (near(first, words[0], s.label_tolerance) or (
                len(first) >= s.cut_label and words[0].startswith(first.rstrip("-")))):
            taken = lead + 1
            for w in words[1:]:
                if taken < len(tokens) and (near(fold_word(tokens[taken]), w, s.label_tolerance)
                                            or _cut_word(tokens[taken], w, s)):
                    taken += 1
            return key, taken
    return None


def _join(parts: list[str]) -> str | None:
    text = " ".join(" ".join(parts).split())
    return text or None


Order = Callable[[list[str], str], list[str]]


def keep_order(lines: list[str], _field: str) -> list[str]:
    return lines


def parse_requirements(lines: list[Line], order: Order = keep_order,
                       s: RequirementsSettings = REQUIREMENTS) -> Requirements:
    """Stage entry point for one jenjang's requirements table.

    From a PDF's ruled table the rows and cells are read as such (`ruled_requirements`).
    From OCR text, section labels are found by their words, items start at their letters
    and ticks are read from runs like `- - V4`; `order(lines, field)` may put back lines
    OCR displaced inside a one-column cell (see `reading_order`); by default the OCR order
    is kept.
    """
    if any(ln.role in TICK_ROLES for ln in lines):
        return ruled_requirements(lines, s)
    req = Requirements()
    sections: dict[str, list[tuple[Line, list[str]]]] = {}
    current = None
    rest: list[str] = []  # heading words a line break pushed to the next line
    for ln in _label_below_letter(lines, s):
        tokens = ln.text.split()
        if current and _repeated_header(tokens):
            continue
        found = _section_of(tokens, s)
        # sections come in their fixed order: "Pendidikan dan pelatihan ..." inside Pelatihan is an item
        if found and ORDER.index(found[0]) > (ORDER.index(current) if current else -1):
            current, taken = found
            req.baris[current] = ln.no
            sections.setdefault(current, [])
            heading = [fold_word(t) for t in re.sub(r"^[A-Z\[]?\s*[.,]\s*", "", " ".join(tokens[:taken])).split()]
            words = SECTION_WORDS[current]
            rest = [w for w in words if not any(near(h, w, s.label_tolerance) or w.startswith(h)
                                                for h in heading if len(h) > s.short_word)]
            tokens = tokens[taken:]
        elif rest:
            # "Pengalama" / "n Kerja", "E. Indikator Kinerja" / "Jabatan": the heading's rest opens this line
            k = 1 if len(tokens) > 1 and len(fold_word(tokens[0])) <= s.rest_lead and any(
                near(fold_word(tokens[1]), w, s.label_tolerance) for w in rest) else 0
            taken = k
            for w in rest:
                if taken < len(tokens) and (near(fold_word(tokens[taken]), w, s.label_tolerance)
                                            or _cut_word(tokens[taken], w, s)):
                    taken += 1
            if taken > k:
                tokens = tokens[taken:]
            # a label cell of three lines (`E. Indikator` / `Kinerja` / `Jabatan`) beside its text
            rest = rest[taken - k:] if taken > k else []
        if current == "pendidikan" and "pelatihan" not in sections and _opens_training(tokens):
            # a lettered list or a training kind opens no education text (`1. Jenjang`): the training
            # list, whose label OCR lost with its shaded cell
            current = "pelatihan"
            req.baris[current] = ln.no
            sections[current] = []
        if current and tokens:
            sections[current].append((ln, tokens))

    asal: dict = {"pendidikan": {}}
    req.pendidikan = _pendidikan(sections.get("pendidikan", []), order, asal["pendidikan"], s)
    req.pelatihan = _items(sections.get("pelatihan", []), True, order, "pelatihan", asal.setdefault("pelatihan", []), s)
    req.pengalaman_kerja = [
        {"status_kepegawaian": it["status_kepegawaian"], "uraian": it["nama"], "tingkat_pentingnya": it["tingkat_pentingnya"]}
        for it in _items(sections.get("pengalaman_kerja", []), False, order, "pengalaman_kerja",
                         asal.setdefault("pengalaman_kerja", []), s)
    ]
    req.pangkat = _pangkat(sections.get("pangkat", []), asal.setdefault("pangkat", []), req.perbaikan)
    req.indikator_kinerja_jabatan = join_cell_lines([" ".join(t) for _, t in sections.get("indikator_kinerja_jabatan", [])]) or None
    asal["indikator_kinerja_jabatan"] = of_lines(ln for ln, _ in sections.get("indikator_kinerja_jabatan", []))
    req.asal = asal
    return req


def _near_kind(word: str, s: RequirementsSettings = REQUIREMENTS) -> str | None:
    """The one training kind (`manajerial`, `teknis`, `fungsional`) a misread word is near (`fungsipnal`)."""
    found = [k for k in KINDS if near(word, k, s.kind_tolerance)]
    return found[0] if len(found) == 1 else None


def _opens_training(tokens: list[str]) -> bool:
    """A line that opens a training list: a lettered item `a.`, or a kind `1. Manajerial`."""
    m = NUMBERED.match(" ".join(tokens))
    kind = m.group("rest").split()[:1] if m else []
    return bool(FIRST_ITEM.match(" ".join(tokens))) or bool(kind and fold_word(kind[0]) in JENIS)


SECTION_LETTER = re.compile(r"^[A-E]\s*[.,]$")


def _label_below_letter(lines: list[Line], s: RequirementsSettings = REQUIREMENTS) -> list[Line]:
    """A section's letter opening a line of the text beside it, its label on the next line (a label
    cell's text set lower: `A. 1. Jenjang: Berijazah ...` / `Pendidikan sarjana ...`): the label is
    read where its letter stands."""
    out = list(lines)
    for i in range(len(out) - 1):
        tokens, below = out[i].text.split(), out[i + 1].text.split()
        if len(tokens) < 2 or not SECTION_LETTER.match(tokens[0]) or _section_of(tokens, s):
            continue
        found = _section_of(below, s)
        if found:
            out[i] = replace(out[i], text=" ".join([tokens[0]] + below[:found[1]] + tokens[1:]))
            out[i + 1] = replace(out[i + 1], text=" ".join(below[found[1]:]))
    return [ln for ln in out if ln.text]


def _pendidikan(rows: list[tuple[Line, list[str]]], order: Order, asal: dict | None = None,
                s: RequirementsSettings = REQUIREMENTS) -> dict:
    """`1. Jenjang` text, then `2. Bidang Ilmu` text (the label may be split or misread: `P.Bidang`);
    `asal` receives each field's provenance."""
    parts: dict[str, list[str]] = {"jenjang_pendidikan": [], "bidang_ilmu": []}
    sources: dict[str, list[Line]] = {k: [] for k in parts}
    current = None
    ilmu_pending = False  # `Bidang` taken without its `Ilmu`: the label's rest may open the next line
    for ln, tokens in rows:
        words = [fold_word(t) for t in tokens]
        line: dict[str, list[str]] = {}
        i = 1 if ilmu_pending and words[:1] == ["ilmu"] else 0
        ilmu_pending = False
        while i < len(tokens):
            w = words[i]
            nxt = words[i + 1] if i + 1 < len(words) else ""
            if w in {"jenjang", "1jenjang"} or (w.endswith("jenjang") and len(w) <= s.jenjang_label):
                current, i = "jenjang_pendidikan", i + 1
                continue
            numbered = i > 0 and re.fullmatch(r"\d\s*\.?", tokens[i - 1])  # `2. Bidang` / `Ilmu`, its value beside
            if w.endswith("bidang") and len(w) <= s.bidang_label and (nxt == "ilmu" or numbered or len(tokens) == 1):
                current, i, ilmu_pending = "bidang_ilmu", i + (2 if nxt == "ilmu" else 1), nxt != "ilmu"
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
            sources[key].append(ln)
    if asal is not None:
        asal.update({k: of_lines(v) for k, v in sources.items()})
    return {k: _join(order(v, f"pendidikan {k}")) for k, v in parts.items()}


def _items(rows: list[tuple[Line, list[str]]], with_jenis: bool, order: Order, field: str,
           asal: list | None = None, s: RequirementsSettings = REQUIREMENTS) -> list[dict]:
    """Items under status headings (PNS, PPPK) and, for training, jenis headings (1. Manajerial ...);
    `asal` receives each item's provenance. Items before any status heading (a shaded label column
    OCR lost) are under PNS, the status every decree lists first, their kinds counted by their
    lettering starting over at `a.` (manajerial, teknis, fungsional, the fixed order)."""
    items: list[dict] = []
    status = None
    jenis = None
    jenis_pending = False
    current = None
    labels_lost = False  # the label column OCR lost: statuses and kinds are told from the items
    lettered: set[str] = set()  # the kinds whose lettered list has started
    numbered = None  # the last kind read by its label under the current status heading
    for n, (ln, tokens) in enumerate(rows):
        tokens = list(tokens)
        # status heading, alone or leading the line ("PPPK", "PNS Memiliki ...", "PPPK-")
        st = STATUS.get(fold_word(tokens[0]))
        if st:
            status, current, labels_lost, numbered = st, None, False, None
            tokens = tokens[1:]
            if not tokens:
                continue
        if with_jenis:
            m = NUMBERED.match(" ".join(tokens))
            rest = m.group("rest").split() if m else []
            word = fold_word(rest[0]) if rest else ""
            # `|. Manajerial`: a misread 1 with its label; `3.` alone: its label on the next line
            if m and ((m.group("n").isdigit() and m.group("sep") == ".") or word in JENIS):
                kind = JENIS.get(word) or JENIS_BY_NUMBER.get(m.group("n"))
                if status == "PNS" and numbered and kind and KINDS.index(kind) <= KINDS.index(numbered):
                    status = "PPPK"  # the kinds start over: the second status's list, its heading lost
                numbered = kind or numbered
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
        tokens, tingkat, had_tick = _tick_of(tokens, s)
        if not had_tick and len(tokens) > 1 and LONE_DIGIT.match(tokens[-1]) and not (
                n + 1 < len(rows) and rows[n + 1][1][0].startswith("(")):
            tokens = tokens[:-1]  # an empty tick cell read as a digit (`Integritas 5`), no number (`2` / `(dua)`)
        text = " ".join(tokens)
        if not NAME_CHARS.search(text) and (current is None or not text.isdigit()):
            text, tokens = "", []  # what OCR made of the tick cells alone (`110-`): no text (a number going on an item is)
        starts_item = bool(ITEM.match(text)) or current is None
        if not status and starts_item and text and not items:
            status, labels_lost = "PNS", True  # its heading lost: the status every decree lists first
        if with_jenis and labels_lost and FIRST_ITEM.match(text):  # the lettering starts (over): a kind
            if jenis is None or jenis in lettered:
                jenis = KINDS[min(KINDS.index(jenis) + 1, len(KINDS) - 1)] if jenis else KINDS[0]
            lettered.add(jenis)
        if ITEM.match(text):
            text = ITEM.sub("", text)
        if not status or (with_jenis and not jenis):
            continue
        if starts_item and text:
            current = {"status_kepegawaian": status, "nama": [text], "_ticks": [tingkat] if had_tick else [],
                       "_lines": [ln]}
            if with_jenis:
                current["jenis"] = jenis
            items.append(current)
        elif current is not None:
            current["_lines"].append(ln)
            if text:
                current["nama"].append(text)
            if had_tick:
                current["_ticks"].append(tingkat)
    _pass_extra_ticks_on(items)
    for it in items:
        lines = it.pop("_lines")
        if asal is not None:
            asal.append(of_lines(lines))
        ticks = it.pop("_ticks")
        it["tingkat_pentingnya"] = ticks[0] if ticks else None
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
    key = re.sub(r"\btk\b", "tingkat", fold(pangkat_name(nama)).replace("1", "i"))
    return PANGKAT_GOLONGAN.get(" ".join(key.split()))


def _pangkat(rows: list[tuple[Line, list[str]]], asal: list | None = None,
             perbaikan: list[dict] | None = None) -> list[dict]:
    """Golongan with their pangkat names, per status heading (PNS / PPPK); `asal` receives each one's provenance;
    pangkat listed before any status heading was read are PNS ranks (logged to `perbaikan`)."""
    out = []
    status = None
    for ln, tokens in rows:
        text = " ".join(tokens)
        head = re.match(r"^[(\[|]?(PNS|PPPK)\b\s*-?\s*", text)  # a ruling read before it: `(PNS`
        if head:
            status = head.group(1)
            text = text[head.end():]
        status = _status_of_pangkat(status, text, perbaikan if perbaikan is not None else [])
        if status is not None:
            for entry in pangkat_entries(text, status):
                same = next((o for o in out if (o["status_kepegawaian"], o["golongan"]) == (status, entry["golongan"])), None)
                if same is not None:  # a golongan is listed once: its name alone on the next line (`- III/a` /
                    same["nama"] = same["nama"] or entry["nama"]  # `(Penata Muda)`) is that item's name
                    continue
                out.append(entry)
                if asal is not None:
                    asal.append(of_lines([ln]))
    return out


NAME_CHARS = re.compile(r"[A-Za-z]{2,}")


def pangkat_entries(text: str, status: str) -> list[dict]:
    """Each golongan in `text` with its pangkat name, whichever side of it the name is printed on
    (`- III/a (Penata Muda)`, `Penata Muda (III/a)`, `Penata Muda, III/a`, `III/a - Penata Muda`).
    A numeral OCR garbled (`IT/c`, `Hl/a`) is read from the name, which names one golongan only,
    when the name's letter is the one printed."""
    items = [x for x in LIST_DASH.split(text) if x.strip()]
    if len(items) > 1 and all(len(GARBLED_GOLONGAN.findall(x)) <= 1 for x in items):
        # a dashed list: each item on its own, a golongan either side of its name, or none printed
        out: list[dict] = []
        for item in items:
            if GARBLED_GOLONGAN.search(item):
                out.extend(pangkat_entries(item, status))
            elif golongan_of_pangkat(_clean_name(item)):
                out.append(_from_name(_clean_name(item), status))
            elif out and _clean_name(item):  # no pangkat name: text of the item before, kept
                out[-1]["nama"] = " - ".join(x for x in (out[-1]["nama"], _clean_name(item)) if x)
        return out
    matches = [m for m in GARBLED_GOLONGAN.finditer(text)]
    if not matches:
        return _names_only(text, status)
    pieces = [text[:matches[0].start()]] + [text[a.end():b.start()] for a, b in zip(matches, matches[1:])] \
        + [text[matches[-1].end():]]
    def agree(names: list[str]) -> int:  # how many names name the golongan letter they stand by
        return sum(bool((g := golongan_of_pangkat(_clean_name(n))) and g.endswith("/" + m.group("r").lower()))
                   for n, m in zip(names, matches))

    before, after = agree(pieces[:-1]), agree(pieces[1:])
    # names first when the names before each golongan agree with it better, or (a tie) when text
    # stands before the first golongan
    names_before = before > after or (before == after and bool(NAME_CHARS.search(pieces[0])))
    out = []
    lead = _clean_name(pieces[-1] if names_before else pieces[0])
    if golongan_of_pangkat(lead) and not names_before:  # an item before the first golongan, its own lost
        out.append(_from_name(lead, status))
    for i, m in enumerate(matches):
        raw = pieces[i] if names_before else pieces[i + 1]
        nama = _clean_name(raw) or None
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
    if golongan_of_pangkat(lead) and names_before:  # an item after the last golongan, its own lost
        out.append(_from_name(lead, status))
    return out


# a pangkat name of the national list (`PANGKAT_GOLONGAN`), as printed: `Tk. I` or `Tingkat I`, its I as OCR
# may read it (`Tk. |`, `Tk. !`, `Tk.1`)
_BASES = sorted({k.removesuffix(" tingkat i") for k in PANGKAT_GOLONGAN}, key=len, reverse=True)
PANGKAT_NAME = re.compile(r"(?<!\w)(?:" + "|".join(r"\s+".join(b.split()) for b in _BASES)
                          + r")(?:\s+(?:Tk\.?|Tingkat)\s*[I!|l1](?!\w))?(?!\w)", re.IGNORECASE)
PROSE_WORD = re.compile(r"[a-z]{3,}")


def _names_only(text: str, status: str) -> list[dict]:
    """A pangkat cell where no golongan was read (`Pengatur, Pengatur Tk. I,`: OCR lost each one): every pangkat
    name of the national list names its golongan, when the cell holds nothing else but separators and
    specks: no word of a sentence beside the names, and no golongan read that is none (`IV/x`)."""
    names = list(PANGKAT_NAME.finditer(text))
    rest = PANGKAT_NAME.sub(" ", text)
    if not names or PROSE_WORD.search(rest) or "/" in rest:
        return []
    return [_from_name(m.group(0), status) for m in names if golongan_of_pangkat(m.group(0))]


def _from_name(nama: str, status: str) -> dict:
    """An item whose golongan was not read: taken from its pangkat name (logged as '' -> golongan)."""
    return {"status_kepegawaian": status, "golongan": golongan_of_pangkat(nama), "nama": nama, "golongan_sumber": ""}


# a list item's dash inside a cell's text: before a golongan or a bracketed name (not `III/c - Penata`)
LIST_DASH = re.compile(rf"(?:^|\s)[-–—•]\s*(?=\(|[A-Za-z1\[|!]{{1,4}}\s*/\s*[a-eA-E]\b|{STROKES}[a-e]\b)")


def _clean_name(raw: str) -> str:
    """A pangkat name as printed, without its brackets and the specks a scan left after it (`. $`)."""
    text = re.sub(r"^[\s,;:()\-–—]+|[\s,;:()\-–—]+$", "", raw).replace("(", " ").replace(")", " ")
    words = text.split()
    while len(words) > 1 and not any(ch.isalnum() or ch in "!|" for ch in words[-1]):
        words.pop()
    return " ".join(words)


def pangkat_name(nama: str) -> str:
    """The `I` of `Tk. I` that OCR read as `!`, `|`, `l` or `1` put back (the normalise stage logs it)."""
    return re.sub(r"(\bTk\.?\s*)[!|l1]$", r"\1I", nama)


def _status_of_pangkat(status: str | None, text: str, perbaikan: list[dict]) -> str | None:
    """The status a pangkat text is listed under: the label read before it, else, when the text lists
    pangkat and no status label was read (OCR lost `PNS`), PNS, whose ranks the national pangkat
    names are (PP 99/2000); logged."""
    if status is not None or not _lists_pangkat(text):
        return status
    perbaikan.append({"field": "pangkat status_kepegawaian", "before": "", "after": "PNS",
                      "why": f"status label not read before the pangkat `{text}`: pangkat names are PNS ranks"})
    return "PNS"


def _lists_pangkat(text: str) -> bool:
    """The text names golongan with pangkat names (`III/a - Penata Muda`), nothing else."""
    entries = pangkat_entries(text, "PNS")
    return bool(entries) and all(golongan_of_pangkat(e["nama"]) for e in entries)


# ---------------------------------------------------------------- ruled tables (PDF input)

TICK_ROLES = ("mutlak", "penting", "perlu")
# an item's letter (`a.`, `b)`), as OCR may double it (`Cc.`)
ITEM_MARK = re.compile(r"^(?:[A-Za-z]|(?i:([a-z])\1))\s*[.)]\s+(?=\S)")
PENDIDIKAN_LABELS = {"jenjang_pendidikan": ("jenjang", "jenjang pendidikan", "kualifikasi pendidikan"),
                     "bidang_ilmu": ("bidang ilmu", "bidang studi", "jurusan")}


def _rows(lines: list[Line]) -> list[list[Line]]:
    rows: list[list[Line]] = []
    for ln in lines:
        if ln.row is None or ln.role in ("header", "group"):
            continue
        if rows and rows[-1][0].row == ln.row:
            rows[-1].append(ln)
        else:
            rows.append([ln])
    return rows


def _label(text: str, labels: tuple[str, ...], s: RequirementsSettings = REQUIREMENTS) -> int:
    """How many leading tokens of `text` spell one of the labels (`1. Jenjang :`, `1.Jenjang "`:
    the number glued on, a speck after it), 0 for none."""
    tokens = text.split()
    glued = bool(tokens) and re.fullmatch(r"(?:\d|[a-z])[.)]\S+", tokens[0]) is not None
    if glued:
        tokens = [tokens[0][:2], tokens[0][2:]] + tokens[1:]
    # `1.`, OCR's `|.`, `2,`, or a number whose dot OCR lost (`2 Jenjang:`)
    lead = 1 if tokens and re.fullmatch(r"(?:\d|[a-z]|[|!lI])\s*[.,)]|[-•]|\d", tokens[0]) else 0
    for label in sorted(labels, key=lambda x: -len(x.split())):
        n = len(label.split())
        head = " ".join(tokens[lead:lead + n])
        if head and (fold(head) == label or near(head, label, s.pendidikan_label_tolerance)):
            k = lead + n
            if k < len(tokens) and re.fullmatch(r"[^\w\s]{1,2}", tokens[k]):  # `:`, `-`, a speck
                k += 1
            return k - glued
    return 0


# the label as a label prints it (capitalised), not the words in a sentence (`sarjana di bidang ilmu hukum`)
INNER_BIDANG = re.compile(r"\s+(?:\d\s*[.,)]\s*)?(?:Bidang\s+[Ii]lmu|BIDANG\s+ILMU|Bidang\s+[Ss]tudi|Jurusan)\s*[:.]?\s+")


def _bidang_apart(pendidikan: dict) -> dict:
    """The field of study read into the level's cell (`diploma tiga 2, Bidang Ilmu: Statistika ...`:
    the ruling between their rows lost) set apart at its label, when no cell of its own holds it."""
    level, field_ = pendidikan.get("jenjang_pendidikan"), pendidikan.get("bidang_ilmu")
    m = INNER_BIDANG.search(level or "")
    if field_ or not m:
        return pendidikan
    return {**pendidikan, "jenjang_pendidikan": level[:m.start()].strip() or None,
            "bidang_ilmu": level[m.end():].strip() or None}


def ruled_requirements(lines: list[Line], s: RequirementsSettings = REQUIREMENTS) -> Requirements:
    """The requirements table of a PDF read row by row: the label column (`Jenis Persyaratan`)
    names the section; the first of two `Uraian` columns, or the leading words of the text,
    holds the sub-label (`1. Jenjang`, `PNS`, `1. Manajerial`); the text cell is the item; the
    tick is the marked tick column. Text after the table's last row (a closing block, a
    signature) is no part of it."""
    req = Requirements()
    rows = _rows(lines)
    section = status = jenis = None
    uraian_cols = sorted({ln.col for ln in lines if ln.role == "uraian" and ln.col is not None})
    sub_col = uraian_cols[0] if len(uraian_cols) > 1 else None
    kinerja: list[str] = []
    pendidikan: dict[str, list[str]] = {"jenjang_pendidikan": [], "bidang_ilmu": []}
    sources: dict[str, list[Line]] = {"jenjang_pendidikan": [], "bidang_ilmu": [], "indikator_kinerja_jabatan": []}
    asal: dict = {"pelatihan": [], "pengalaman_kerja": [], "pangkat": []}
    pend_key = None
    for row in rows:
        label = join_cell_lines([ln.text for ln in row if ln.role == "jenis"])
        if label:
            # the label cell holds nothing else: its letter (`C.`, OCR's `(.`) and marks go
            words = [w for w in label.split() if len(fold_word(w)) > 1]
            found = _section_of(words, s) if words else None
            if found:
                if found[0] != section:
                    status = jenis = pend_key = None
                section = found[0]
                req.baris.setdefault(section, row[0].no)
        in_sub = [ln for ln in row if ln.role == "uraian" and sub_col is not None and ln.col == sub_col and ln.span == 1]
        sub = join_cell_lines([ln.text for ln in in_sub])  # a narrow cell hyphenates its label (`Manaje-` / `rial`)
        body_lines = [ln for ln in row if ln.role == "uraian" and ln not in in_sub]
        text_lines = [ln.text for ln in body_lines]
        marked = [ln.role for ln in row if ln.role in TICK_ROLES and ln.mark]
        where = of_lines(body_lines + [ln for ln in row if ln.role in TICK_ROLES and ln.mark])
        tingkat = marked[0] if len(marked) == 1 else None
        # sub-labels: a status, a training kind, a pendidikan label, in the sub column or leading the text
        words = (sub + " " + " ".join(text_lines)).split() if sub else " ".join(text_lines).split()
        in_sub = len(sub.split())
        taken = 0
        while taken < len(words):
            st = STATUS.get(fold_word(words[taken]))
            if st:
                status, taken = st, taken + 1
                continue
            if taken + 1 < len(words) and not any(ch.isalpha() for ch in words[taken]) and (
                    STATUS.get(fold_word(words[taken + 1]))
                    or (taken + 1 < in_sub and fold_word(words[taken + 1]) in JENIS)):
                taken += 1  # a speck or a stray number before a sub-label (`1` / `PNS`): no label of its own
                continue
            if section == "pelatihan":
                joined = " ".join(words[taken:])
                m = NUMBERED.match(joined)
                rest = m.group("rest").split() if m else []
                word = fold_word(rest[0]) if rest else (fold_word(words[taken]) if not m else "")
                upto = taken + len(joined[:m.start("rest") + len(rest[0])].split()) if rest else taken
                if m and rest and word not in JENIS and upto <= in_sub and (kind := _near_kind(word, s)):
                    # the kind's word misread in the sub-label cell, which holds nothing else: the one of the
                    # three kinds it is near (logged)
                    req.perbaikan.append({"field": "pelatihan jenis", "before": " ".join(words[taken:upto]),
                                          "after": kind, "why": "training kind's label misread: the kind it is near"})
                    word = kind
                if m and word in JENIS:  # the tokens up to the kind's word (`1.`, `Manajerial` or `1.Manajerial`)
                    jenis, taken = JENIS[word], upto
                    continue
                if not m and word in JENIS and taken < max(in_sub, 1):
                    jenis, taken = JENIS[word], taken + 1
                    continue
            if section == "pendidikan":
                for key, labels in PENDIDIKAN_LABELS.items():
                    k = _label(" ".join(words[taken:]), labels, s)
                    if k:
                        pend_key, taken = key, taken + k
                        break
                else:
                    break
                continue
            break
        taken = max(taken, in_sub)  # the sub column holds labels only
        body = " ".join(words[taken:]).strip()
        body = ITEM_MARK.sub("", body)
        if section == "pengalaman_kerja" and not label and not marked and _lists_pangkat(body):
            # the pangkat rows follow the experience rows; OCR lost their label (and the PNS before
            # the first, the status every decree lists first)
            section, status = "pangkat", status if taken else "PNS"
            req.baris.setdefault(section, row[0].no)
        if section in ("pelatihan", "pengalaman_kerja") and not NAME_CHARS.search(body):
            body = ""  # a stub of numbers and specks (`1) 2`): no item
        kind_words = [w for w in body.split() if len(w) > s.short_word]
        if section == "pelatihan" and not marked and len(kind_words) == 1 and fold_word(kind_words[0]) in JENIS:
            jenis, body = JENIS[fold_word(kind_words[0])], ""  # a training kind whose number OCR lost (`Teknis`)
        if section == "pendidikan" and pend_key and body:
            pendidikan[pend_key].append(body)
            sources[pend_key].extend(body_lines)
        elif section in ("pelatihan", "pengalaman_kerja") and status and body and (section != "pelatihan" or jenis):
            item = {"status_kepegawaian": status, "nama": body, "tingkat_pentingnya": tingkat}
            asal[section].append(where)
            if section == "pelatihan":
                item["jenis"] = jenis
                req.pelatihan.append(item)
            else:
                req.pengalaman_kerja.append({"status_kepegawaian": status, "uraian": body,
                                             "tingkat_pentingnya": tingkat})
        elif section == "pangkat" and body and (status := _status_of_pangkat(status, body, req.perbaikan)):
            found = pangkat_entries(body, status)
            req.pangkat.extend(found)
            asal["pangkat"].extend(of_lines(body_lines) for _ in found)
        elif section == "indikator_kinerja_jabatan" and body:
            kinerja.append(body)
            sources["indikator_kinerja_jabatan"].extend(body_lines)
    read = {k: _join(v) for k, v in pendidikan.items()}
    req.pendidikan = _bidang_apart(read)
    if req.pendidikan != read:  # both came from the level's cell
        sources["bidang_ilmu"] = sources["jenjang_pendidikan"]
        why = "field of study read into the level's cell (the ruling between them lost): set apart at its label"
        req.perbaikan += [{"field": f"pendidikan {k}", "before": read[k] or "", "after": req.pendidikan[k] or "",
                           "why": why} for k in ("jenjang_pendidikan", "bidang_ilmu")]
    req.pelatihan = [{k: it[k] for k in ("status_kepegawaian", "jenis", "nama", "tingkat_pentingnya")}
                     for it in req.pelatihan]
    req.indikator_kinerja_jabatan = _join(kinerja)
    asal["pendidikan"] = {k: of_lines(sources[k]) for k in ("jenjang_pendidikan", "bidang_ilmu")}
    asal["indikator_kinerja_jabatan"] = of_lines(sources["indikator_kinerja_jabatan"])
    req.asal = asal
    return req
