"""Stage 3: cut the Lampiran into one section per jenjang, and each section into its parts.

Every jenjang section of an SKJ Lampiran has the same skeleton:

    Nama Jabatan / Kelompok Jabatan / Urusan Pemerintah(an) / Kode Jabatan   identity block
    I.  IKHTISAR JABATAN                                                     job summary
    II. STANDAR KOMPETENSI    (table: Kompetensi | Level | Deskripsi | Indikator)
    III. PERSYARATAN JABATAN  (table: Jenis | Uraian | Mutlak | Penting | Perlu)

Headings are found by their words (OCR breaks them: `STANDAR KOMPET` / `ENSI`,
`VI. .PERSYARATAN`), never by their roman numbers, which decrees misnumber.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from rapidfuzz.distance import Levenshtein

from .errors import MissingPart
from .model import Line
from .reference import jenjang_golongan, jenjang_ladders
from .words import find_phrase, fold, fold_word, indonesian_words, mostly_capitals, near

JENJANG_ORDER = jenjang_ladders()  # pipeline/data/jenjang.json
IDENTITY_LABELS = {
    "nama_jabatan": "nama jabatan",
    "kelompok_jabatan": "kelompok jabatan",
    "urusan_pemerintahan": "urusan pemerintah",
    "kode_jabatan": "kode jabatan",
}
# the kinds of position (UU 20/2023 on the civil service): a kelompok jabatan value is one of them, whole
KELOMPOK_JABATAN = {"jabatan fungsional", "jabatan administrasi", "jabatan pimpinan tinggi", "jabatan pelaksana"}
IKHTISAR_HEADING = "ikhtisar jabatan"
COMPETENCY_HEADING = "standar kompetensi"
REQUIREMENT_HEADING = "persyaratan jabatan"
COLON_READINGS = {":", ";", "1", "l", "I", "|", "i", "!", "."}
# a kode jabatan is a code (digits and dots): a value with no digit, a few letters or marks (`Ta`,
# `sinta`, `(-`), is what OCR made of an empty or dashed cell and its shading
KODE_SPECKS = re.compile(r"^[^\d\s]{1,6}(?:\s+[^\d\s]{1,2})?$")
ROMAN_ONLY = re.compile(r"^[IVX]+\s*\.?$")
JUNK_LEAD = re.compile(r"^[^\w\s]+\s*")  # a ruling or speck read before a line's first word
NUMBERING = re.compile(r"^(?:[IVXivxLl1|]+|[A-Za-z]|\d{1,2})\s*[.,)]?$")  # a heading's `II.`, `B.`, `2)`, OCR's `Il.`, `LL`
COMPETENCY_ROLES = {"nomor", "nama", "level", "deskripsi", "indikator"}
REQUIREMENT_ROLES = {"jenis", "uraian", "mutlak", "penting", "perlu"}
# the closing block after the last table: the minister's title (`Plt.` as OCR may read it: `Pit.`, `P1t.`),
# `ttd`, the copy's certification
CLOSING = re.compile(r"^(?:(?:P[l1Ii|!]t\.?\s+|Pj\.?\s+)?MENTERI\b|t\.?\s*t\.?\s*d\.?$|Salinan\s+sesuai|"
                     r"KEPALA\s+BIRO|Ditetapkan\s+di\b|NIP\.?\b)", re.IGNORECASE)


@dataclass(frozen=True)
class SectionsSettings:
    """Every threshold of the sections stage, named (pdfplumber's TableSettings as the model)."""

    heading_noise: int = 3  # short tokens a scan's specks make after a heading in capitals
    noise_chars: int = 3  # the characters each of them holds at most
    heading_letters: int = 8  # letters of a kode value that make it a heading's words rather than specks
    heading_capitals: float = 0.8  # share of them in capitals (OCR reads a capital or two as lower case)
    label_tolerance: float = 0.15  # an identity label, its words glued (`namajabatan`): one letter in seven garbled
    jenjang_tolerance: float = 0.2  # a jenjang's name ending a position name (`Ahli Pertama`): two letters in ten
    label_above: int = 3  # lines above `Kelompok Jabatan` where its block's `Nama Jabatan` label may stand
    title_above: int = 3  # lines above `Kelompok Jabatan` where a title naming the jenjang may stand (label lost)
    label_run: int = 2  # identity labels with no value, in a run, that make a column OCR read apart from its values
    value_reach: int = 40  # lines after a column of identity labels where their values may stand
    urusan_short_line: int = 4  # words: a short line a blank line set apart still ends the urusan's value
    title_words: int = 3  # words in capitals before an identity block that make a title (fewer do if they name a jenjang)
    heading_words: int = 7  # words on a heading's line at most: the phrase, its numbering and a scan's specks
    heading_tolerance: float = 0.2  # share of a heading phrase's letters OCR may garble (`IKHT1SAR`)
    heading_tail_words: int = 2  # words on the next line that may be a broken heading's end (`ENSI`)


SECTIONS = SectionsSettings()


@dataclass
class JenjangSection:
    """The lines of one jenjang, already divided into the parts every decree has."""

    nama_jabatan: str
    jenjang: str
    kategori: str
    identity: dict[str, str | None]
    ikhtisar: list[Line] = field(default_factory=list)
    competency_lines: list[Line] = field(default_factory=list)
    requirement_lines: list[Line] = field(default_factory=list)
    nama_terbaca: str | None = None  # the position name as read, when the functional position's name replaced it
    identity_terbaca: dict[str, str] = field(default_factory=dict)  # identity values set aside or trimmed, as read

    def to_json(self) -> dict:
        def dump(lines: list[Line]) -> list[dict]:
            return [{"no": ln.no, "page": ln.page, "text": ln.text} for ln in lines]

        return {
            "nama_jabatan": self.nama_jabatan, "nama_terbaca": self.nama_terbaca, "jenjang": self.jenjang,
            "kategori": self.kategori,
            "identity": self.identity, "ikhtisar": dump(self.ikhtisar),
            "competency_lines": dump(self.competency_lines),
            "requirement_lines": dump(self.requirement_lines),
        }


def _label_of(text: str, s: SectionsSettings = SECTIONS) -> tuple[str, str] | None:
    """(field, value on the same line) when the line starts with an identity label. OCR may glue the
    label's words (`Namajabatan`, `iKelompokJabatan——`) and set a ruling's speck before it (`(Nama`):
    the label is compared with its spaces and the specks around its letters folded away."""
    tokens = JUNK_LEAD.sub("", text).split()
    for key, label in IDENTITY_LABELS.items():
        target = label.replace(" ", "")
        for n in range(len(label.split()), 0, -1):
            head = "".join(fold_word(t) for t in tokens[:n])
            if len(tokens) < n or not (head == target or near(head, target, s.label_tolerance)):
                continue
            rest = tokens[n:]
            # the separator, as printed or as OCR reads a colon (`1`, `l`, `|`)
            # (a lone `1` with no colon printed is the colon, its value a dash OCR lost)
            if rest and (rest[0] == ":" or rest[0] in COLON_READINGS):
                rest = rest[1:]
            return key, " ".join(rest).lstrip(":").strip()
    return None


def jenjang_of(nama_jabatan: str, s: SectionsSettings = SECTIONS) -> tuple[str, str] | None:
    """(jenjang, kategori) named at the end of a position name such as 'Pengantar Kerja Ahli Muda'
    (its words as OCR may glue them: `Kerja AhliPertama`)."""
    words = fold(nama_jabatan).split()
    best = None
    for kategori, names in JENJANG_ORDER.items():
        for name in names:
            target = fold(name).replace(" ", "")
            for n in range(1, len(name.split()) + 1):
                tail = "".join(words[-n:])
                if len(words) >= n and near(tail, target, s.jenjang_tolerance):
                    distance = Levenshtein.distance(tail, target)
                    if best is None or distance < best[0]:
                        best = (distance, name, kategori)
    return (best[1], best[2]) if best else None


def _identity(lines: list[Line], s: SectionsSettings = SECTIONS) -> dict[str, str | None]:
    values: dict[str, list[str]] = {}
    current = None
    for ln in lines:
        found = _label_of(ln.text, s)
        if found:
            current, rest = found
            values[current] = [rest] if rest else []
        elif current == "kelompok_jabatan" and fold(" ".join(values[current])) in KELOMPOK_JABATAN \
                and "urusan_pemerintahan" not in values:
            # the kelompok read whole, a line below it is the urusan's, whose label OCR lost (psm 6's shaded cells)
            current = "urusan_pemerintahan"
            values[current] = [ln.text]
        elif current and not ROMAN_ONLY.match(ln.text):
            values[current].append(ln.text)
    # a value printed as a dash (`Kode Jabatan : -`) is an empty one
    joined = {key: " ".join(values.get(key, [])).strip() for key in IDENTITY_LABELS}
    return {key: (v if v and not re.fullmatch(r"[-–—.:]+", v) else None) for key, v in joined.items()}


def _a_heading(kode: str, s: SectionsSettings = SECTIONS) -> bool:
    """A kode jabatan with no digit, in capitals, not all words (`Te IKHI ISAR JABATAN`): the heading
    below an empty cell, garbled past recognising, read into it (`BELUM ADA`, `Belum ditetapkan`
    are words and stay)."""
    words = [fold_word(w) for w in kode.split() if fold_word(w)]
    return not any(ch.isdigit() for ch in kode) and sum(ch.isalpha() for ch in kode) >= s.heading_letters \
        and mostly_capitals(kode, s.heading_capitals) and not all(w in indonesian_words() for w in words)


def _kelompok_after_specks(value: str | None) -> str | None:
    """A kelompok jabatan read with specks before it (`M1 Jabatan Fungsional`, a colon and a ruling):
    the kind of position it ends with, as printed; None when the value is one whole or none."""
    if not value or fold(value) in KELOMPOK_JABATAN:
        return None
    words = value.split()
    for n in range(len(words) - 1, 0, -1):
        head, tail = words[:-n], words[-n:]
        if fold(" ".join(tail)) in KELOMPOK_JABATAN and all(len(fold(w)) <= 2 for w in head):
            return " ".join(tail)
    return None


def split_sections(lines: list[Line], source: str, jabatan: str | None = None,
                   s: SectionsSettings = SECTIONS) -> list[JenjangSection]:
    """Stage entry point: the jenjang sections of the Lampiran, in document order. `jabatan`, the
    decree's functional position, names each jenjang's position (`nama_terbaca` keeps a name read
    otherwise: garbled, or lost with its label)."""
    lines = _unlabelled_names(_label_column(lines, s), s)
    starts = [i for i, ln in enumerate(lines) if (lab := _label_of(ln.text, s)) and lab[0] == "nama_jabatan"]
    if not starts:
        raise MissingPart("no jenjang section (no 'Nama Jabatan' in the Lampiran)", source=source)
    sections = []
    for k, start in enumerate(starts):
        end = starts[k + 1] if k + 1 < len(starts) else len(lines)
        # a title in capitals just before the next identity block heads that jenjang, not this one
        if k + 1 < len(starts):
            end = _title_start(lines, start, end, s)
        # a title in capitals just above the block naming its jenjang (`JENJANG TERAMPIL`): the jenjang
        # when the position's name lost it (`Pranata Informasi Pasar Kerja`)
        title = next((lines[i].text for i in range(start - 1, max(-1, start - s.title_above - 1), -1)
                      if _in_capitals(lines[i].text) and jenjang_of(lines[i].text, s)), None)
        sections.append(_split_one(lines[start:end], source, jabatan, s, title))
    _check_jenjang_set(sections, source)
    return sections


def _unlabelled_names(lines: list[Line], s: SectionsSettings = SECTIONS) -> list[Line]:
    """An identity block whose `Nama Jabatan` label OCR lost (a shaded label cell Tesseract's
    single-block mode drops) still opens where `Kelompok Jabatan` stands. Its value, a position name
    ending in a jenjang, on the line before is read as the labelled one; lost with its label, a title
    in capitals naming the jenjang just above (`JENJANG AHLI PERTAMA`) gives it (in a `Nama Jabatan`
    line set before `Kelompok Jabatan`); else the block opens with an empty `Nama Jabatan` line (the
    jenjang is then told by the pangkat, `_jenjang_of_golongan`)."""
    out = list(lines)
    for i in range(len(lines) - 1, 0, -1):
        lab = _label_of(lines[i].text, s)
        if not lab or lab[0] != "kelompok_jabatan":
            continue
        near_labels = [_label_of(ln.text, s) for ln in lines[max(0, i - s.label_above):i]]
        if any(x and x[0] == "nama_jabatan" for x in near_labels):
            continue
        if jenjang_of(lines[i - 1].text, s) and not _label_of(lines[i - 1].text, s):
            out[i - 1] = replace(lines[i - 1], text=f"Nama Jabatan : {lines[i - 1].text}")
            continue
        title = next((k for k in range(i - 1, max(-1, i - s.title_above - 1), -1)
                      if _in_capitals(lines[k].text) and jenjang_of(lines[k].text, s)), None)
        named = f"Nama Jabatan : {lines[title].text}" if title is not None else "Nama Jabatan :"
        out.insert(i, replace(lines[i], text=named))
    return out


GOLONGAN = re.compile(r"(?<![\w/])(?P<g>IV|I{1,3}|[Il1|]{1,3})\s*/\s*(?P<r>[a-e])\b")


def _jenjang_of_golongan(lines: list[Line]) -> tuple[str, str] | None:
    """(jenjang, kategori) that the golongan a section names (its pangkat rows: `III/a - Penata Muda`)
    belong to, each jenjang being held at fixed golongan nationally: for a section whose position name OCR
    lost. Of two kategori holding them (Mahir and Ahli Pertama both at III/a), the one whose jenjang
    the section's text names more often."""
    found = {f"{re.sub('[l1|]', 'I', m.group('g'))}/{m.group('r')}" for ln in lines for m in GOLONGAN.finditer(ln.text)}
    fits = [(name, kategori) for kategori, names in JENJANG_ORDER.items() for name in names
            if found and found <= set(jenjang_golongan()[name])]
    if not fits:
        return None
    text = fold(" ".join(ln.text for ln in lines))
    return max(fits, key=lambda f: sum(text.count(fold(n)) for n in JENJANG_ORDER[f[1]]))


CODE_VALUE = re.compile(r"^[-–—.:\d\s/]+$")  # a kode jabatan as printed: digits and dots, or a dash


def _label_column(lines: list[Line], s: SectionsSettings = SECTIONS) -> list[Line]:
    """An identity block that OCR read column by column (Tesseract's automatic segmentation, psm 3,
    writes the label cells as one block, the value cells as another, sometimes after the job
    summary): two or more labels with no value stand in a run. Their values are found after it,
    before the competency heading, in the labels' order: the position name (the line ending in a
    jenjang; in capitals only if no other does, for a title in capitals ends in one too), the
    kelompok on the next line, the urusan on the lines after it (its text block, and a short line
    set apart from it), a code or dash the kode. Each value is put on its label's line and leaves
    its own place; a title in capitals read between the labels and the values goes back above them."""
    out = list(lines)
    i = 0
    while i < len(out):
        run: list[tuple[str, int]] = []
        while i + len(run) < len(out) and (lab := _label_of(out[i + len(run)].text, s)) and not lab[1] \
                and lab[0] not in {key for key, _ in run}:
            run.append((lab[0], i + len(run)))
        if len(run) < s.label_run or run[0][0] != "nama_jabatan":
            i += max(len(run), 1)
            continue
        start = i + len(run)
        region = []
        for k in range(start, min(len(out), start + s.value_reach)):
            if _label_of(out[k].text, s) or is_heading(out[k].text, COMPETENCY_HEADING, s):
                break
            region.append(k)
        names = [k for k in region if jenjang_of(out[k].text, s) and not _in_capitals(out[k].text)] or \
                [k for k in region if jenjang_of(out[k].text, s)]
        if not names:
            i = start
            continue
        values = _deal_values(out, [key for key, _ in run], names[0], region[-1], s)
        labels = dict(run)
        for key, taken in values.items():
            at = labels[key]
            out[at] = replace(out[at], text=f"{out[at].text} : {' '.join(out[k].text for k in taken)}")
        gone = {k for taken in values.values() for k in taken}
        # a title in capitals read between the labels and their values was printed above the block
        titles = [k for k in range(start, names[0]) if _in_capitals(out[k].text) and not any(
            is_heading(out[k].text, h, s) for h in (IKHTISAR_HEADING, COMPETENCY_HEADING))]
        out = out[:i] + [out[k] for k in titles] + [ln for k, ln in enumerate(out[i:], start=i)
                                                    if k not in gone and k not in titles]
        i = start
    return out


def _deal_values(lines: list[Line], keys: list[str], nama: int, last: int,
                 s: SectionsSettings = SECTIONS) -> dict[str, list[int]]:
    """The lines (indices) of each label's value, from the position name's line on (`_label_column`)."""
    def stops(k: int) -> bool:
        text = lines[k].text
        return k > last or _in_capitals(text) or any(is_heading(text, h, s) for h in
                                                       (IKHTISAR_HEADING, COMPETENCY_HEADING, REQUIREMENT_HEADING))

    values: dict[str, list[int]] = {"nama_jabatan": [nama]}
    k = nama + 1
    for key in keys[keys.index("nama_jabatan") + 1:]:
        if stops(k):
            break
        if key == "kode_jabatan" or CODE_VALUE.match(lines[k].text):
            if CODE_VALUE.match(lines[k].text) and key == "kode_jabatan":
                values[key] = [k]
                k += 1
            continue
        taken = [k]
        if key == "urusan_pemerintahan":  # its text block, and a short line a blank line set apart
            while not stops(k + 1) and not CODE_VALUE.match(lines[k + 1].text) and (
                    lines[k + 1].no == lines[k].no + 1 or len(lines[k + 1].text.split()) <= s.urusan_short_line
                    and not lines[k + 1].text.endswith(".")):
                k += 1
                taken.append(k)
        values[key] = taken
        k += 1
    return values


def _title_start(lines: list[Line], start: int, end: int, s: SectionsSettings = SECTIONS) -> int:
    """Where a title ending at `end` begins: `STANDAR KOMPETENSI JABATAN FUNGSIONAL ... PASAR` / `KERJA`,
    lines all in capitals holding three or more words together, or naming a jenjang (`JENJANG MAHIR`),
    specks without a letter among them; `end` when there is none."""
    top = end
    while top - 1 > start and (_in_capitals(lines[top - 1].text) or not any(ch.isalpha() for ch in lines[top - 1].text)):
        top -= 1
    titled = any(_in_capitals(ln.text) and jenjang_of(ln.text, s) for ln in lines[top:end])
    return top if titled or sum(len(ln.text.split()) for ln in lines[top:end]) >= s.title_words else end


def _in_capitals(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return bool(letters) and all(ch.isupper() for ch in letters)


SPECK_TOKEN = re.compile(r"^[^\w]{1,3}$|^[^\w]{0,2}\d[^\w]{0,2}$")  # `:`, `—`, `“3`: no letter, no word


def is_heading(text: str, phrase: str, s: SectionsSettings = SECTIONS) -> bool:
    """A section heading: the phrase, spelled through OCR noise (`STANDAR KOMPET` / `ENSI`,
    `IKHT1SAR`), alone on its line but for its numbering (`II.`, `B.`), a closing colon and the
    specks a scan left around it (`I. Ikhtisar Jabatan — “3`, `“IL Standar Kompetensi`: tokens of no
    letter, three marks at most)."""
    tokens = text.split()
    if not tokens or len(tokens) > s.heading_words:
        return False
    found = find_phrase(text, phrase, s.heading_tolerance)
    if found is None:
        return False
    before, after = tokens[: found[0]], tokens[found[1]:]
    # a heading in capitals may carry a scan's noise after it (`STANDAR KOMPETENSI 5 Sak Se,`): a few
    # short tokens, a letter among them (a number alone is a page's), none a word in capitals or in
    # lower case (`DAN`, `PNS`, `ini`), where a sentence's words would not be in capitals
    noise = _in_capitals(" ".join(tokens[found[0]:found[1]])) and len(after) <= s.heading_noise \
        and all(len(t) <= s.noise_chars and not (t.isalpha() and (t.isupper() or t.islower())) for t in after) \
        and any(ch.isalpha() for t in after for ch in t)
    return all(NUMBERING.match(t.lstrip("\"'“”‘’")) or re.fullmatch(r"[^\w]{1,3}", t) for t in before) \
        and (noise or all(SPECK_TOKEN.match(t) for t in after))


def _find(lines: list[Line], phrase: str, after: int = 0, s: SectionsSettings = SECTIONS) -> tuple[int, int] | None:
    """(first, last) line of a heading, not in a known table column: a heading set or broken over
    two lines (`II.` / `STANDAR KOMPETENSI`, `STANDAR KOMPET` / `ENSI`) spans both."""
    for i in range(after, len(lines)):
        if lines[i].role is not None:
            continue
        if is_heading(lines[i].text, phrase, s):
            return i, i
        if i + 1 < len(lines) and len(lines[i + 1].text.split()) <= s.heading_tail_words and lines[i + 1].role is None \
                and is_heading(f"{lines[i].text} {lines[i + 1].text}", phrase, s):
            return i, i + 1
    return None


def _table_start(lines: list[Line], roles: set[str], after: int) -> tuple[int, int] | None:
    """PDF input with a heading OCR lost: where the table whose columns have these roles begins
    (its header row included), as the place of the heading it lacks."""
    at = next((i for i in range(after, len(lines)) if lines[i].role in roles), None)
    if at is None:
        return None
    while at > after and lines[at - 1].role == "header":
        at -= 1
    return at, at - 1  # an empty heading just before the table


def _split_one(lines: list[Line], source: str, jabatan: str | None = None,
               s: SectionsSettings = SECTIONS, title: str | None = None) -> JenjangSection:
    ikh = _find(lines, IKHTISAR_HEADING, 0, s)
    comp = _find(lines, COMPETENCY_HEADING, ikh[1] + 1 if ikh else 0, s)
    if comp is None:
        comp = _table_start(lines, COMPETENCY_ROLES, ikh[1] + 1 if ikh else 0)
    req = _find(lines, REQUIREMENT_HEADING, comp[1] + 1 if comp else 0, s)
    if req is None and comp is not None:
        req = _table_start(lines, REQUIREMENT_ROLES, comp[1] + 1)
    end = next((i for i in range(req[1] + 1 if req else 0, len(lines))
                if lines[i].row is None and CLOSING.match(lines[i].text)), len(lines))
    identity_end = ikh[0] if ikh else (comp[0] if comp else len(lines))
    identity = _identity(lines[:identity_end], s)
    identity_terbaca = {}
    if identity.get("kode_jabatan") and (KODE_SPECKS.match(identity["kode_jabatan"])
                                         or _a_heading(identity["kode_jabatan"], s)):
        identity_terbaca["kode_jabatan"], identity["kode_jabatan"] = identity["kode_jabatan"], None
    if (kelompok := _kelompok_after_specks(identity.get("kelompok_jabatan"))) is not None:
        identity_terbaca["kelompok_jabatan"], identity["kelompok_jabatan"] = identity["kelompok_jabatan"], kelompok
    nama = identity.pop("nama_jabatan") or ""
    found = jenjang_of(nama, s) or (jenjang_of(title, s) if title else None) or _jenjang_of_golongan(lines)
    where = f"line {lines[0].no}"
    if not found:
        raise MissingPart(f"jenjang section at {where} names no known jenjang ({nama!r})", source=source)
    jenjang, kategori = found
    nama_terbaca = None
    garbled = not fold(nama).endswith(fold(jenjang)) or _in_capitals(nama)  # lost, misread, or a title's
    # or the name whole after specks its label's colon left (`# 1 Pranata ... Mahir`)
    garbled = garbled or bool(jabatan) and fold(nama).endswith(" " + fold(f"{jabatan} {jenjang}"))
    if jabatan and garbled and fold(nama) != fold(f"{jabatan} {jenjang}"):
        # every position's name is its functional position's followed by its jenjang
        nama_terbaca, nama = nama, f"{jabatan} {jenjang}"
    if comp is None:
        raise MissingPart(f"jenjang {jenjang} has no competency table (STANDAR KOMPETENSI)", source=source)
    if req is None:
        raise MissingPart(f"jenjang {jenjang} has no requirements table (PERSYARATAN JABATAN)", source=source)

    ikhtisar = []
    if ikh is not None:
        for ln in lines[ikh[1] + 1 : comp[0]]:
            if is_heading(ln.text, IKHTISAR_HEADING, s) or ROMAN_ONLY.match(ln.text):
                continue
            if ln.text.startswith("Ikhtisar Jabatan"):
                ln = replace(ln, text=ln.text[len("Ikhtisar Jabatan"):].lstrip(" :"))
            ikhtisar.append(ln)
    competency = [ln for ln in lines[comp[1] + 1:req[0]] if not ROMAN_ONLY.match(ln.text)]
    return JenjangSection(nama, jenjang, kategori, identity, ikhtisar, competency, lines[req[1] + 1 : end],
                          nama_terbaca, identity_terbaca)


def _check_jenjang_set(sections: list[JenjangSection], source: str) -> None:
    """Jenjang come in the fixed order of their category without gaps or repeats."""
    kategori = {s.kategori for s in sections}
    if len(kategori) > 1:
        raise MissingPart("jenjang of both categories (keterampilan and keahlian) in one decree", source=source)
    order = JENJANG_ORDER[kategori.pop()]
    seen = [order.index(s.jenjang) for s in sections]
    if len(set(seen)) != len(seen):
        dup = next(s.jenjang for s in sections if seen.count(order.index(s.jenjang)) > 1)
        raise MissingPart(f"jenjang {dup} appears twice", source=source)
    if seen != sorted(seen):
        raise MissingPart("jenjang sections are out of order: " + ", ".join(s.jenjang for s in sections), source=source)
    gaps = [order[i] for i in range(min(seen), max(seen)) if i not in seen]
    if gaps:
        raise MissingPart("missing jenjang section " + ", ".join(gaps), source=source)
