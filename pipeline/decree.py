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

from .errors import NotADecree
from .load import Line
from .words import capitalise_first, title_case

MONTHS = {
    "januari": 1, "februari": 2, "maret": 3, "april": 4, "mei": 5, "juni": 6, "juli": 7,
    "agustus": 8, "september": 9, "oktober": 10, "november": 11, "desember": 12, "nopember": 11,
}
NOMOR_TAHUN = re.compile(r"\bNOMOR\s+(?P<nomor>\S+)\s+TAHUN\s+(?P<tahun>\d{4})\b", re.IGNORECASE)
DITETAPKAN_DI = re.compile(r"^Ditetapkan\s+di\s+(?P<place>.+?)\s*$", re.IGNORECASE)
TANGGAL = re.compile(r"\btanggal\s+(?P<d>\d{1,2})\s+(?P<m>[A-Za-z]+)\s+(?P<y>\d{4})", re.IGNORECASE)
LAMPIRAN = re.compile(r"^LAMPIRAN\b")  # the heading is in capitals; "Lampiran yang ..." is body text
ITEM = re.compile(r"^(?P<letter>[a-z])\s*[.)]\s*(?P<text>.*)$")
DIKTUM_LIST = {
    "teknis": re.compile(r"^Kompetensi\s+teknis\s+sebagaimana", re.IGNORECASE),
    "manajerial": re.compile(r"^Kompetensi\s+manajerial\s+sebagaimana", re.IGNORECASE),
    "sosial_kultural": re.compile(r"^Kompetensi\s+sosial\s+kultural\s+sebagaimana", re.IGNORECASE),
}


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

    def to_json(self) -> dict:
        return asdict(self)


def decree_id(nomor: str, tahun: int) -> str:
    """Slug of a decree: `SKJ.1` of 2022 -> `skj-1-2022`."""
    slug = re.sub(r"[^a-z0-9]+", "-", nomor.lower()).strip("-")
    return f"{slug}-{tahun}"


def _heading(texts: list[str], source: str) -> tuple[int, str, int, str | None, str]:
    """Find NOMOR/TAHUN, the jenis peraturan above it and the TENTANG title below it."""
    for i, text in enumerate(texts[:80]):
        m = NOMOR_TAHUN.search(text)
        if not m:
            continue
        above: list[str] = []
        for prev in reversed(texts[max(0, i - 4) : i]):  # the heading runs up to its KEPUTUSAN/PERATURAN line
            above.insert(0, prev)
            if re.match(r"^(KEPUTUSAN|PERATURAN)\b", prev, re.IGNORECASE):
                break
        else:
            above = []
        jenis = " ".join(above)
        jenis = re.sub(r"\s+REPUBLIK\s+INDONESIA\s*$", "", jenis, flags=re.IGNORECASE)
        title = []
        for nxt in texts[i + 1 : i + 8]:
            if re.match(r"^TENTANG\b", nxt, re.IGNORECASE):
                rest = nxt[len("TENTANG"):].strip()
                if rest:
                    title.append(rest)
                continue
            if not nxt.isupper() or nxt.startswith("DENGAN RAHMAT"):
                break
            title.append(nxt)
        if not title:
            break
        return i, m.group("nomor"), int(m.group("tahun")), title_case(jenis) if jenis else None, title_case(" ".join(title))
    raise NotADecree("no decree heading (NOMOR .. TAHUN .. TENTANG ..) found", source=source)


def _diktum_items(texts: list[str], start: int) -> list[str]:
    """Collect the lettered items `a. ..; b. ..; dan c. ...` that follow a diktum sentence."""
    items: list[str] = []
    inline = re.search(r"\byaitu\s+(.+)$", texts[start], re.IGNORECASE)
    if inline:  # "... sebagaimana dimaksud ... yaitu perekat bangsa."
        return [_item_text(inline.group(1))]
    for text in texts[start + 1 : start + 40]:
        m = re.search(r"\byaitu\s+(.+)$", text, re.IGNORECASE)
        if m and not items:
            return [_item_text(m.group(1))]
        m = ITEM.match(text)
        if m:
            items.append(m.group("text"))
        elif items:
            if re.match(r"^[A-Z]", text) and items[-1].rstrip().endswith("."):
                break
            if re.match(r"^(KE[A-Z]+|Kompetensi|Standar)\b", text):
                break
            items[-1] += " " + text
        elif re.match(r"^(KE[A-Z]+|Kompetensi)\b", text):
            break
        if items and items[-1].rstrip().endswith("."):
            break
    return [_item_text(t) for t in items]


def _item_text(text: str) -> str:
    text = re.sub(r"[\s;,.]*(\bdan)?[\s;,.]*$", "", text.strip())
    return capitalise_first(" ".join(text.split()))


def parse_body(lines: list[Line], source: str) -> DecreeBody:
    """Stage entry point: read the body of the decree (everything before the Lampiran)."""
    texts = [ln.text for ln in lines]
    head_at, nomor, tahun, jenis, tentang = _heading(texts, source)
    m = re.search(r"Jabatan\s+Fungsional\s+(.+)$", tentang, re.IGNORECASE)
    if not re.search(r"Standar\s+Kompetensi\s+Jabatan", tentang, re.IGNORECASE) or not m:
        raise NotADecree(f"the decree is not a Standar Kompetensi Jabatan Fungsional ({tentang!r})", source=source)
    jabatan = m.group(1).strip()

    lampiran = next((i for i, t in enumerate(texts) if i > head_at and LAMPIRAN.match(t)), None)
    if lampiran is None:  # fall back to the first identity block
        lampiran = next((i for i, t in enumerate(texts) if re.match(r"^Nama\s+Jabatan\b", t, re.I)), len(texts))
    body = texts[:lampiran]

    place = date = signer = signer_title = None
    for i, text in enumerate(body):
        if place is None and (m := DITETAPKAN_DI.match(text)):
            place = m.group("place").strip(" ,.")
            for j in range(i, min(i + 3, len(body))):
                if (d := TANGGAL.search(body[j])) and d.group("m").lower() in MONTHS:
                    date = dt.date(int(d.group("y")), MONTHS[d.group("m").lower()], int(d.group("d"))).isoformat()
                    signer_title, signer = _signature(body[j + 1 :])
                    break

    lists = {}
    for key, pattern in DIKTUM_LIST.items():
        at = next((i for i, t in enumerate(body) if pattern.match(t)), None)
        lists[key] = _diktum_items(body, at) if at is not None else []

    return DecreeBody(
        id=decree_id(nomor, tahun), nomor=nomor, tahun=tahun, jenis_peraturan=jenis,
        tentang=tentang, jabatan_fungsional=jabatan, ditetapkan_di=place,
        tanggal_ditetapkan=date, penandatangan=signer, jabatan_penandatangan=signer_title,
        kompetensi_teknis_diktum=lists["teknis"],
        kompetensi_manajerial_diktum=lists["manajerial"],
        kompetensi_sosial_kultural_diktum=lists["sosial_kultural"],
        lampiran_start=lampiran,
    )


def _signature(after_date: list[str]) -> tuple[str | None, str | None]:
    """The signer's title (caps lines ending in a comma) and name (after `ttd`, or the next caps line)."""
    title: list[str] = []
    rest = after_date[:12]
    for k, text in enumerate(rest):
        if text.lower() in {"ttd", "ttd.", "t.t.d"}:
            name = rest[k + 1] if k + 1 < len(rest) else None
            return _signer_title(title), name
        title.append(text)
        if text.endswith(","):
            following = [t for t in rest[k + 1 :] if t.lower() not in {"ttd", "ttd."}]
            return _signer_title(title), following[0] if following else None
    return _signer_title(title) if title else None, None


def _signer_title(parts: list[str]) -> str | None:
    if not parts:
        return None
    words = " ".join(parts).rstrip(",").split()
    # keep abbreviations such as "Plt." as printed, title-case the rest
    head = [w for w in words[:1] if w.endswith(".") and not w.isupper()] if words else []
    rest = words[len(head):]
    return " ".join(head + [title_case(" ".join(rest))]) if rest else " ".join(head)
