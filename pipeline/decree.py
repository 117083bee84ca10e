"""Stage 2: the decree's body — who issued what, when, and which competencies it names.

Every SKJ decree opens with the same legal frame: a heading (jenis peraturan,
NOMOR .. TAHUN .., TENTANG ..), considerations, the diktum (KESATU, KEDUA, ...)
whose items list the teknis, manajerial and sosial kultural competencies, and a
signature block (Ditetapkan di .., pada tanggal .., the signer). Those sentences
are formulaic, so they are found by their wording, not by line position — OCR
often pulls the diktum labels (KESATU ...) away from their text.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import asdict, dataclass, field

from rapidfuzz.distance import Levenshtein

from .errors import NotADecree
from .model import DIKTUM_FIELDS, Line
from .words import capitalise_first, find_phrase, fold, mostly_capitals, near, title_case

MONTHS = {
    "januari": 1, "februari": 2, "maret": 3, "april": 4, "mei": 5, "juni": 6, "juli": 7,
    "agustus": 8, "september": 9, "oktober": 10, "november": 11, "desember": 12, "nopember": 11,
}
# OCR reads O for 0, l or I for 1, S for 5 in the heading: the letters are allowed and read back as digits
# a scan's speck may stand on either side of the number (`NOMOR " SKJ.1 TAHUN 2022`)
NOMOR_TAHUN = re.compile(r"\bN\s*[O0]\s*M\s*[O0]\s*R\s*:?\s+(?:[^\w\s]{1,2}\s+)?(?P<nomor>\S+)\s+(?:[^\w\s]{1,2}\s+)?"
                         r"T\s*A\s*H\s*U\s*N\s*:?\s*"
                         r"(?P<tahun>[0-9OoIlS]{4})\b", re.IGNORECASE)
DIGITS = str.maketrans("OoIlS", "00115")
DITETAPKAN_DI = re.compile(r"^D\s*i\s*t\s*e\s*t\s*a\s*p\s*k\s*a\s*n\s+d\s*i\s+(?P<place>.+?)\s*$", re.IGNORECASE)
# the day, month and year may carry a scan's speck (`5: Septembef 2022`), `pada` may be glued on (`pellutanggal`)
TANGGAL = re.compile(r"t\s*a\s*n\s*g\s*g\s*a\s*l\s+(?P<d>[0-9OoIlS]{1,2})[\s.,:;'\"`*]*\s(?P<m>[A-Za-z]+)[\s.,:;'\"`*]*\s"
                     r"(?P<y>[0-9OoIlS]{4})", re.IGNORECASE)
TENTANG = re.compile(r"^T\s*E\s*N\s*T\s*A\s*N\s*G\b\s*:?", re.IGNORECASE)
# an item's letter; OCR capitalises it (`C)`) or doubles it (`Cc)`)
# `a.`, `b)`, `2.`, and as OCR reads them: `Cc)` (a doubled letter), `- a)` (a speck before it)
ITEM = re.compile(r"^(?:[^\w\s]{1,2}\s+)?(?P<letter>[a-zA-Z]|(?i:([a-z])\2)|\d{1,2})\s*[.)]\s*(?P<text>.*)$")
LIST_INTRO = re.compile(r"\b(?:(?:terdiri\s+)?atas|meliputi)\s*:?\s*$", re.IGNORECASE)
GARBLED_ITEM = re.compile(r"^[^\w\s]{1,2}\s+(?P<text>[A-Z].*)$")  # a letter OCR read as `?` or `£`
TRAILING_JUNK = re.compile(r"""\s*[;:,"'“”]\s*(?:\S{1,3}(?:\s+|$))+$""")  # `Integritas, 5`, `Perubahan: dan : ja`
# a diktum's label (`KEENAM`, `KEENAM :`) set before its text on the same line
# OCR's `KFENAM :` too, and its colon read as `1`, `l`, `I`, `|` or `;` (`KETIGA 1 Kompetensi`)
DIKTUM_LABEL = re.compile(r"^(?:KE[A-Z]{3,}\s*(?::|[1lI|;](?=\s+[A-Za-z]))?\s*|[A-Z]{5,}\s*:\s*|:\s*)")
# a skewed scan's line that reads the label column, then the list's first item, then the diktum's
# colon and sentence (`KETUJUH a) integritas: : Kompetensi manajerial ...`)
LABEL_STRAY = re.compile(r"^KE[A-Z]{3,}\s+(?P<stray>\S.*?)\s:\s+(?P<rest>\S.*)$")
# an item's letter OCR garbled into a mark and a character (`:3. Pengumpulan` for `a. Pengumpulan`)
GARBLED_MARKER = re.compile(r"^[^\w\s]{1,2}\w[.)]\s+(?=\S)")
DIKTUM_LIST = {
    "teknis": "kompetensi teknis",
    "manajerial": "kompetensi manajerial",
    "sosial_kultural": "kompetensi sosial kultural",
}
DIKTUM_VERB = re.compile(r"\b(sebagaimana|terdiri|yaitu|meliputi|adalah)\b", re.IGNORECASE)
CANONICAL_TITLE = "standar kompetensi jabatan fungsional"
ACTING = ("Plt.", "Plh.")  # an acting official signs as Pelaksana Tugas or Pelaksana Harian
TTD = re.compile(r"^[Tt]\.?\s*[TtIl1]\.?\s*[DdBb]\.?$")  # `ttd`, `TTD.`, `t.t.d`, OCR's `TID`


@dataclass
class DecreeBody:
    id: str
    nomor: str
    tahun: int
    jenis_peraturan: str | None
    tentang: str
    jabatan_fungsional: str
    ditetapkan_di: str | None
    tanggal_ditetapkan: str | None
    penandatangan: str | None
    jabatan_penandatangan: str | None
    kompetensi_teknis_diktum: list[str] = field(default_factory=list)
    kompetensi_manajerial_diktum: list[str] = field(default_factory=list)
    kompetensi_sosial_kultural_diktum: list[str] = field(default_factory=list)
    lampiran_start: int = 0  # index into the cleaned lines where the attachment (Lampiran) begins
    # fields as OCR read them where a cross-check put them right (field -> (as read, why))
    terbaca: dict[str, tuple[str, str]] = field(default_factory=dict)

    def to_json(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class DecreeSettings:
    """Every tolerance of the decree stage, named (pdfplumber's TableSettings as the model)."""

    heading_within: int = 80  # lines: the NOMOR .. TAHUN heading opens a decree's first page
    heading_above: int = 4  # lines above NOMOR the jenis peraturan may take (KEPUTUSAN MENTERI ... over 2-3 lines)
    title_below: int = 7  # lines below NOMOR the TENTANG title may run on
    word_tolerance: float = 0.2  # share of letters OCR may garble in a fixed word (keputusan, tentang, a month)
    title_tolerance: float = 0.25  # the same for the long fixed title `standar kompetensi jabatan fungsional`
    lampiran_tolerance: float = 0.13  # `LAMPIRAN` has 8 letters: one may be garbled, not two
    diktum_tolerance: float = 0.15  # a diktum's opening phrase (`kompetensi teknis`), one letter in seven
    titles_within: int = 400  # lines after the heading where the title is printed again (Menetapkan, Lampiran)
    title_lines: int = 3  # lines a repeated title may run on over
    diktum_sentence_lines: int = 2  # lines a diktum sentence may run on over before its items
    diktum_items_within: int = 39  # lines a diktum's lettered items may take, one item over a line or more
    date_within: int = 3  # lines below `Ditetapkan di` where its date stands
    signature_within: int = 12  # lines below the date where the signer's title and name stand
    issuer_tolerance: float = 0.2  # share of the issuer's letters a stamp over the signer's title may garble


DECREE = DecreeSettings()


def decree_id(nomor: str, tahun: int) -> str:
    """Slug of a decree: `SKJ.1` of 2022 -> `skj-1-2022`."""
    slug = re.sub(r"[^a-z0-9]+", "-", nomor.lower()).strip("-")
    return f"{slug}-{tahun}"


def _heading(texts: list[str], source: str, s: DecreeSettings = DECREE) -> tuple[int, str, int, str | None, str]:
    """Find NOMOR/TAHUN, the jenis peraturan above it and the TENTANG title below it."""
    for i, text in enumerate(texts[:s.heading_within]):
        m = NOMOR_TAHUN.search(text)
        if not m:
            continue
        above: list[str] = []
        for prev in reversed(texts[max(0, i - s.heading_above) : i]):  # the heading runs up to its KEPUTUSAN/PERATURAN line
            prev = _from_first_word(prev)  # `. KEPUTUSAN MENTERI`: a speck before it
            above.insert(0, prev)
            first = prev.split()[0] if prev.split() else ""
            if near(first, "keputusan", s.word_tolerance) or near(first, "peraturan", s.word_tolerance):
                break
        else:
            above = []
        jenis = " ".join(above)
        jenis = re.sub(r"\s+REPUBLIK\s+INDONESIA[\s:.,]*$", "", jenis, flags=re.IGNORECASE)
        title = []
        for nxt in texts[i + 1 : i + 1 + s.title_below]:
            if (t := TENTANG.match(nxt)) or near(nxt.split()[0], "tentang", s.word_tolerance):
                rest = nxt[t.end():].strip() if t else " ".join(nxt.split()[1:])
                if rest:
                    title.append(rest)
                continue
            if not mostly_capitals(nxt) or find_phrase(nxt, "dengan rahmat", s.word_tolerance) is not None:
                break
            title.append(nxt)
        if not title:
            break
        tahun = int(m.group("tahun").translate(DIGITS))
        return i, m.group("nomor"), tahun, title_case(jenis) if jenis else None, " ".join(title)
    raise NotADecree("no decree heading (NOMOR .. TAHUN .. TENTANG ..) found", source=source)


def _from_first_word(text: str) -> str:
    """The line from its first token with a letter (`. KEPUTUSAN` -> `KEPUTUSAN`)."""
    words = text.split()
    k = next((k for k, w in enumerate(words) if any(ch.isalpha() for ch in w)), len(words))
    return " ".join(words[k:])


def _agreed_number(texts: list[str], heading: str, tahun: int) -> str:
    """The decree's number as its printings read it: the heading's, unless the number printed
    again under the Lampiran heading (`NOMOR SKJ.1 TAHUN 2022`, in capitals unlike the decrees
    the considerations cite: `Nomor 1 Tahun 2022`) is read another way more often,
    or as often while the heading's reading is cut short (`SKJ.`: a number ends in a letter or
    a digit, where a scan lost the `1`)."""
    readings = [m.group("nomor") for t in texts if (m := NOMOR_TAHUN.search(t))  # in capitals: no citation
                and not any(ch.islower() for ch in m.group(0)) and int(m.group("tahun").translate(DIGITS)) == tahun]

    def weight(nomor: str) -> tuple[int, bool]:
        return readings.count(nomor), nomor[-1:].isalnum()

    best = max(sorted(set(readings)), key=weight, default=heading)
    return best if weight(best) > weight(heading) else heading


def _number_digits(nomor: str) -> str:
    """A decree number's last part after its series (`SKJ.l`: the `1` read as a letter) in digits,
    when it holds only digits and letters OCR reads for them, a digit or a lower-case l among them;
    a series of letters (`KEP.SOS`) or a Roman numeral (`KEP.III`) stays."""
    m = re.match(r"^(?P<head>.*[A-Za-z].*[./])(?P<tail>[0-9OoIlS|]+)$", nomor)
    tail = m.group("tail") if m else ""
    # a capital I alone is a Roman numeral (`KEP/M.PAN/II`, `800/SJ/I`): only a real digit beside the
    # look-alikes (`1O`, `l0`) or a lower-case l or a stroke (`SKJ.l`) tells a number
    if not m or tail.isdigit() or len(tail) > 3 or not re.search(r"[\dl|]", tail):
        return nomor
    return m.group("head") + tail.replace("|", "1").translate(DIGITS)


def _title(titles: list[str], source: str, s: DecreeSettings = DECREE) -> tuple[str, str]:
    """(tentang, jabatan fungsional) from the heading's title, its fixed words found through OCR
    noise and written out as the law names them (`STANDAR KOMPETENSI JABATAN F . Ungsional ...`,
    `St Andar Kompetensi Jabatan tentang Fungsional`). The title is printed again in the
    Menetapkan line and the Lampiran's heading: the first that reads is taken."""
    for title in titles:
        words = title.split()
        found = find_phrase(title, CANONICAL_TITLE, s.title_tolerance)
        if found is not None and len(words) > found[1]:
            jabatan = title_case(re.sub(r"^[\W\d_]+|[\W_]+$", "", " ".join(words[found[1]:])))  # OCR's `-.`
            return f"{title_case(CANONICAL_TITLE)} {jabatan}", jabatan
    raise NotADecree(f"the decree is not a Standar Kompetensi Jabatan Fungsional ({title_case(titles[0])!r})",
                     source=source)


def _other_titles(texts: list[str], start: int, s: DecreeSettings = DECREE) -> list[str]:
    """The title as printed again after the heading: `Menetapkan : KEPUTUSAN ... TENTANG STANDAR
    KOMPETENSI ...` and the Lampiran's `TENTANG ...`, each to its full stop or the end of its capitals."""
    out = []
    for i in range(start, min(len(texts), start + s.titles_within)):
        m = re.search(r"\bT\s*E\s*N\s*T\s*A\s*N\s*G\b\s*:?\s*(.*)$", texts[i])
        if not m or not mostly_capitals(texts[i]):
            continue
        parts = [m.group(1)]
        for nxt in texts[i + 1:i + 1 + s.title_lines]:
            if parts[-1].rstrip().endswith(".") or not mostly_capitals(nxt):
                break
            parts.append(nxt)
        out.append(" ".join(parts).rstrip(". "))
    return out


def _is_lampiran(text: str, s: DecreeSettings = DECREE) -> bool:
    """The attachment's heading `LAMPIRAN` (in capitals: "Lampiran yang ..." is body text)."""
    first = text.split()[0] if text.split() else ""
    return mostly_capitals(first) and (first.rstrip(":") == "LAMPIRAN" or near(first, "LAMPIRAN", s.lampiran_tolerance))


def _opens_diktum(text: str, phrase: str, s: DecreeSettings = DECREE) -> bool:
    """A diktum sentence that lists one kind of competency: `Kompetensi teknis sebagaimana ...
    terdiri atas:`, its label (`KEENAM :`) before it on the line or not."""
    rest = _sentence_of(text)[1]
    head = " ".join(rest.split()[: len(phrase.split())])
    return bool(head) and near(head, phrase, s.diktum_tolerance) and bool(DIKTUM_VERB.search(rest))


def _sentence_of(text: str) -> tuple[str | None, str]:
    """(an item read before the diktum's colon, the sentence after its label)."""
    if (m := LABEL_STRAY.match(text.strip())) and ITEM.match(m.group("stray")):
        return m.group("stray"), m.group("rest")
    return None, DIKTUM_LABEL.sub("", text.strip())


def _diktum_items(texts: list[str], start: int, s: DecreeSettings = DECREE) -> list[str]:
    """Collect the lettered items `a. ..; b. ..; dan c. ...` that follow a diktum sentence
    (on the lines after it, or after its `terdiri atas:` on the same line)."""
    stray, _ = _sentence_of(texts[start])
    items: list[str] = [ITEM.match(stray).group("text")] if stray else []
    sentence = texts[start]
    for more in texts[start + 1 : start + 1 + s.diktum_sentence_lines]:  # the sentence to its full stop, over a line break or two
        if sentence.rstrip().endswith(".") or ITEM.match(more) or DIKTUM_LABEL.match(more):
            break
        sentence += " " + more
    inline = re.search(r"\byaitu\s*:?\s+(.+)$", sentence, re.IGNORECASE)
    if inline and not ITEM.match(inline.group(1)):  # "... sebagaimana dimaksud ... yaitu perekat bangsa."
        return [_item_text(inline.group(1))]
    after = re.search(r"\b(?:terdiri\s+atas|meliputi)\s*:?\s*(?P<rest>\S.*)$", texts[start], re.IGNORECASE)
    if after and ITEM.match(after.group("rest")):  # "... terdiri atas: a. X; b. Y; dan c. Z."
        parts = re.split(r"(?:^|(?<=[;,.]))\s*(?:dan\s+)?(?:[a-z]|\d{1,2})\s*[.)]\s+", after.group("rest"))
        return [_item_text(p) for p in parts if p.strip()]
    unmarked: list[str] = []  # lines after the list's intro before its first lettered item
    skip = 0  # with an item read before it, the sentence's own lines after its first (to `terdiri atas:`)
    if stray and not LIST_INTRO.search(texts[start]):
        skip = next((k for k, t in enumerate(texts[start + 1 : start + 1 + s.diktum_sentence_lines], 1)
                     if LIST_INTRO.search(t)), 0)
    for text in texts[start + 1 + skip : start + 1 + s.diktum_items_within]:
        m = re.search(r"\byaitu\s+(.+)$", text, re.IGNORECASE)
        if m and not items:
            return [_item_text(m.group(1))]
        m = ITEM.match(text) or (GARBLED_ITEM.match(text) if items else None)
        if m:
            if not items and unmarked and (m.groupdict().get("letter") or "").lower() in ("b", "bb", "2"):
                # item a, its letter lost (`Perencanaan ...:` then `b) ...`) or garbled (`:3. Pengumpulan`)
                items.append(GARBLED_MARKER.sub("", " ".join(unmarked)))
            items.append(m.group("text"))
        elif items:
            if re.match(r"^[A-Z]", text) and items[-1].rstrip().endswith("."):
                break
            if re.match(r"^(KE[A-Z]+|Kompetensi|Standar)\b", text):
                break
            if re.match(r"^[A-Z]", text) and re.search(r"\w\s*[;:]$", items[-1].rstrip()):
                items.append(text)  # the item before ended at its separator: the next item, its letter lost
                continue
            items[-1] += " " + text
        elif re.match(r"^(KE[A-Z]+|Kompetensi)\b", text):
            break
        else:
            unmarked = [] if LIST_INTRO.search(text) else unmarked + [text]
        if items and re.search(r"\w\.$", items[-1].rstrip()):  # the list's full stop (not a speck: `Sama, .`)
            break
    # two items OCR joined on one line: `publik; £. Pengembangan` (the next item's letter garbled)
    split = [part for t in items for part in re.split(r"(?<=[;:,])\s+\S{1,2}\s*[.)]\s+(?=[A-Za-z])", t)]
    return [_item_text(t) for t in split]


def _item_text(text: str) -> str:
    text = TRAILING_JUNK.sub("", text.strip())
    text = re.sub(r"[\s;:,.]*(\bdan)?[\s;:,.]*$", "", text)
    return capitalise_first(" ".join(text.split()))


def parse_body(lines: list[Line], source: str, s: DecreeSettings = DECREE) -> DecreeBody:
    """Stage entry point: read the body of the decree (everything before the Lampiran)."""
    texts = [ln.text for ln in lines]
    head_at, nomor, tahun, jenis, title = _heading(texts, source, s)
    terbaca: dict[str, tuple[str, str]] = {}
    if (agreed := _agreed_number(texts, nomor, tahun)) != nomor:
        terbaca["nomor"] = (nomor, "decree number: the reading its other printings (under each Lampiran heading) agree on")
        nomor = agreed
    if (digits := _number_digits(nomor)) != nomor:
        read, why = terbaca.get("nomor", (nomor, ""))
        terbaca["nomor"] = (read, "; ".join(filter(None, [why, "letters OCR read for the digits of its last part"])))
        nomor = digits
    tentang, jabatan = _title([title] + _other_titles(texts, head_at + 1, s), source, s)

    lampiran = next((i for i, t in enumerate(texts) if i > head_at and _is_lampiran(t, s)), None)
    if lampiran is None:  # fall back to the first identity block
        lampiran = next((i for i, t in enumerate(texts) if re.match(r"^Nama\s+Jabatan\b", t, re.I)), len(texts))
    body = texts[:lampiran]

    place = date = signer = signer_title = None
    for i, text in enumerate(body):
        if place is None and (m := DITETAPKAN_DI.match(text)):
            place = m.group("place").strip(" ,.")
            for j in range(i, min(i + s.date_within, len(body))):
                if (d := TANGGAL.search(body[j])) and (month := _month(d.group("m"), s)):
                    day, year = (int(d.group(k).translate(DIGITS)) for k in ("d", "y"))
                    try:
                        date = dt.date(year, month, day).isoformat()
                    except ValueError:  # a day OCR garbled into no date
                        date = None
                    signer_title, signer = _signature(body[j + 1 :], s)
                    break

    lists = {}
    for key, phrase in DIKTUM_LIST.items():
        at = next((i for i, t in enumerate(body) if _opens_diktum(t, phrase, s)), None)
        lists[key] = _diktum_items(body, at, s) if at is not None else []

    if signer_title and (tidy := tidy_signer_title(signer_title, jenis, s)) != signer_title:
        terbaca["jabatan_penandatangan"] = (signer_title, "signer's title: specks dropped, the issuer's words as the heading prints them")
        signer_title = tidy
    return DecreeBody(
        id=decree_id(nomor, tahun), nomor=nomor, tahun=tahun, jenis_peraturan=jenis,
        tentang=tentang, jabatan_fungsional=jabatan, ditetapkan_di=place,
        tanggal_ditetapkan=date, penandatangan=signer, jabatan_penandatangan=signer_title,
        terbaca=terbaca,
        **{DIKTUM_FIELDS[kelompok]: names for kelompok, names in lists.items()},
        lampiran_start=lampiran,
    )


def _month(word: str, s: DecreeSettings = DECREE) -> int | None:
    """The month a (possibly OCR-garbled) Indonesian month name names."""
    w = word.lower()
    return MONTHS.get(w) or next((n for name, n in MONTHS.items() if near(w, name, s.word_tolerance)), None)


def _signature(after_date: list[str], s: DecreeSettings = DECREE) -> tuple[str | None, str | None]:
    """The signer's title (caps lines ending in a comma) and name (after `ttd`, or the next caps
    line). A speck after the comma (`INDONESIA, .`) still ends the title. When no line ends it
    (a stamp over the comma), the name is the last name line before `Salinan sesuai dengan
    aslinya` (the certified copy's own signature) and the title the lines before the name."""
    rest = after_date[:s.signature_within]
    copy_at = next((k for k, t in enumerate(rest) if find_phrase(t, "salinan sesuai", s.word_tolerance) is not None),
                   len(rest))
    rest = rest[:copy_at]
    title: list[str] = []
    for k, text in enumerate(rest):
        end = " ".join(t for t in text.split() if any(ch.isalnum() for ch in t) or "," in t)
        if TTD.match(text) or end.endswith(","):
            if not TTD.match(text):
                title.append(end)
            names = [_speckless(t) for t in rest[k + 1:] if not TTD.match(t)]
            return _signer_title(title), next((t for t in names if _a_name(t)), None)
        title.append(text)
    named = [k for k, t in enumerate(rest) if k and _a_name(_speckless(t))]
    if copy_at < len(after_date[:s.signature_within]) and named:
        return _signer_title(rest[:named[-1]]), _speckless(rest[named[-1]])
    return _signer_title(title) if title else None, None


def issuer_in_title(title: str, jenis: str, s: DecreeSettings = DECREE) -> str:
    """The signer's title with the issuer's words as the heading prints them.

    The signer signs as the office that issues the decree (`KEPUTUSAN MENTERI X` is signed by
    `[Plt.] Menteri X ...`), and the heading is printed clear of the stamp that lies over the
    signature. The run of the title's words nearest the issuer (`jenis` without its first word),
    within `issuer_tolerance` of its letters, is replaced by it; the rest (`Plt.`, `Republik
    Indonesia`) stays as read."""
    issuer = " ".join(jenis.split()[1:])
    words, target = title.split(), fold(issuer)
    if not target or len(words) < 2:
        return title
    best = None
    for i in range(len(words)):
        for j in range(i + 1, len(words) + 1):
            d = Levenshtein.distance(fold(" ".join(words[i:j])), target)
            if best is None or d < best[0]:
                best = (d, i, j)
    d, i, j = best
    if d == 0 or d > s.issuer_tolerance * len(target):
        return title
    return " ".join(words[:i] + [issuer] + words[j:])


def _speckless(text: str) -> str:
    """A line without the specks a scan put before it (`- MOH. MAHFUD MD`)."""
    return re.sub(r"^[^\w(]+\s*", "", text.strip())


def _a_name(text: str) -> bool:
    """A signer's name line: four letters or more, every word capitalised (`MOH. MAHFUD MD`,
    `Abdullah Azwar Anas`); not `ttd` that a stamp over it made `ea)`, nor a speck."""
    words = [w.strip("(),.") for w in text.split() if any(ch.isalpha() for ch in w)]
    return sum(ch.isalpha() for ch in text) >= 4 and all(w[:1].isupper() for w in words)


def _signer_title(parts: list[str]) -> str | None:
    if not parts:
        return None
    words = " ".join(parts).rstrip(",").split()
    # keep abbreviations such as "Plt." as printed, title-case the rest
    head = [w for w in words[:1] if w.endswith(".") and not w.isupper()] if words else []
    rest = words[len(head):]
    return " ".join(head + [title_case(" ".join(rest))]) if rest else " ".join(head)


def tidy_signer_title(title: str, jenis: str | None, s: DecreeSettings = DECREE) -> str:
    """The signer's title as read, put right where a stamp over it garbled it: tokens without a
    letter dropped (`:`, `206`), an acting official's abbreviation OCR misread (`Pit.` for
    `Plt.`), and the issuer's words from the heading (`issuer_in_title`)."""
    words = [w for w in title.split() if any(ch.isalpha() for ch in w)]
    if words and words[0].endswith(".") and not any(fold(a) == fold(words[0]) for a in ACTING):
        words[0] = next((a for a in ACTING if near(words[0], a, 0.34)), words[0])
    tidy = " ".join(words) or title
    return issuer_in_title(tidy, jenis, s) if jenis else tidy
