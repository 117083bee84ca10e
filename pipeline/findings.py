"""Findings on the decree itself: where the published text is inconsistent or departs from the dictionary.

Decrees carry copy-paste and numbering errors. These checks read the extracted
standard (and the group rows of the competency tables) and report, for a data
steward to raise with the ministry:

- numbering: a row number that is not its position, a group letter out of sequence;
- level: a printed level that disagrees with the indicator codes;
- repetition: an indicator repeated word for word under another competency;
- diktum: a competency in the tables but not in the diktum list, or listed but never used;
- progression: a managerial competency whose level does not rise with the jenjang;
- dictionary: managerial and socio-cultural texts that differ from PermenPANRB 38/2017
  at the same level (a word-level diff).

Findings describe the source; they never change the extracted data.
"""

from __future__ import annotations

import string
from dataclasses import dataclass
from difflib import SequenceMatcher

from .reference import dictionary
from .model import DIKTUM_FIELDS
from .words import fold

GROUP_LETTERS = string.ascii_uppercase


@dataclass(frozen=True)
class FindingsSettings:
    """Every threshold of the findings, named (pdfplumber's TableSettings as the model)."""

    repeat_min_words: int = 4  # an indicator this long repeated under another competency is a copy, not a stock phrase
    diff_context: int = 3  # words of the decree kept on each side of a change in a word diff
    digest_shown: int = 12  # hex digits of the source's sha256 in the report: enough to tell files apart by eye


FINDINGS = FindingsSettings()


def _finding(kind: str, message: str, jenjang: str | None = None, kompetensi: str | None = None, **detail) -> dict:
    return {"jenis": kind, "jenjang": jenjang, "kompetensi": kompetensi, "pesan": message, "detail": detail}


def numbering(standard: dict, groups: dict[str, list[tuple[str | None, str, int]]]) -> list[dict]:
    out = []
    for j in standard["jenjang"]:
        for k in j["kompetensi"]:
            if k.get("nomor_sumber") is not None and k["nomor_sumber"] != k["urutan"]:
                out.append(_finding("penomoran", f"numbered {k['nomor_sumber']} where {k['urutan']} is meant",
                                    j["jenjang"], k["nama"], printed=k["nomor_sumber"], expected=k["urutan"]))
        for pos, (letter, kelompok, line) in enumerate(groups.get(j["jenjang"], [])):
            want = GROUP_LETTERS[pos]
            if letter and letter != want:
                out.append(_finding("penomoran", f"group '{kelompok}' lettered {letter}. where {want}. is meant",
                                    j["jenjang"], None, printed=letter, expected=want, line=line))
    return out


def levels(standard: dict) -> list[dict]:
    out = []
    for j in standard["jenjang"]:
        for k in j["kompetensi"]:
            codes = {int(i["kode"].split(".")[0]) for i in k["indikator"]}
            printed = k.get("level_tercetak")
            if printed is not None and codes and codes != {printed}:
                out.append(_finding("level", f"level printed {printed} but indicator codes are "
                                    + ", ".join(i["kode"] for i in k["indikator"]), j["jenjang"], k["nama"]))
    return out


def repeated_indicators(standard: dict, s: FindingsSettings = FINDINGS) -> list[dict]:
    seen: dict[str, tuple[str, str, str]] = {}
    out = []
    for j in standard["jenjang"]:
        for k in j["kompetensi"]:
            for i in k["indikator"]:
                key = fold(i["teks"])
                if len(key.split()) < s.repeat_min_words:
                    continue
                first = seen.setdefault(key, (j["jenjang"], k["nama"], i["kode"]))
                if first[1] != k["nama"]:
                    out.append(_finding("pengulangan", f"indicator {i['kode']} repeats word for word "
                                        f"{first[1]} {first[2]} ({first[0]})", j["jenjang"], k["nama"],
                                        teks=i["teks"]))
    return out


def diktum(standard: dict) -> list[dict]:
    decree = standard["decree"]
    out = []
    for kelompok in ("teknis", "manajerial", "sosial_kultural"):
        key = DIKTUM_FIELDS[kelompok]
        listed = decree.get(key) or []
        used = {k["nama"] for j in standard["jenjang"] for k in j["kompetensi"] if k["kelompok"] == kelompok}
        listed_folded = {fold(n) for n in listed}
        for name in sorted(used):
            if fold(name) not in listed_folded:
                out.append(_finding("diktum", f"'{name}' is in the tables but the diktum lists "
                                    + (", ".join(f"'{n}'" for n in listed) or "nothing"), None, name))
        used_folded = {fold(n) for n in used}
        for name in listed:
            if fold(name) not in used_folded and kelompok == "teknis":
                absent = [j["jenjang"] for j in standard["jenjang"]]
                out.append(_finding("diktum", f"'{name}' is listed in the diktum but used in no jenjang", None, name,
                                    jenjang_checked=absent))
    return out


def progression(standard: dict) -> list[dict]:
    out = []
    jenjang = standard["jenjang"]
    for lower, upper in zip(jenjang, jenjang[1:]):
        low = {k["nama"]: k["level"] for k in lower["kompetensi"] if k["kelompok"] == "manajerial"}
        for k in upper["kompetensi"]:
            if k["kelompok"] == "manajerial" and k["nama"] in low and k["level"] is not None \
                    and low[k["nama"]] is not None and k["level"] <= low[k["nama"]]:
                out.append(_finding("jenjang", f"level {k['level']} does not rise above {lower['jenjang']}'s "
                                    f"level {low[k['nama']]}", upper["jenjang"], k["nama"]))
    return out


def word_diff(got: str, want: str, s: FindingsSettings = FINDINGS) -> str | None:
    """A compact word-level diff of the decree (`got`) against the dictionary (`want`).

    Only the changes are shown, with a few words of context: `[-dictionary words-]`
    `{+decree words+}`, hunks joined by ` … `. None when the words agree (case and
    punctuation aside).
    """
    a, b = want.split(), got.split()
    fa, fb = [fold(w) for w in a], [fold(w) for w in b]
    ops = SequenceMatcher(None, fa, fb, autojunk=False).get_opcodes()
    if all(tag == "equal" for tag, *_ in ops):
        return None
    hunks = []
    for n, (tag, i1, i2, j1, j2) in enumerate(ops):
        if tag == "equal":
            words = b[j1:j2]
            if len(words) > 2 * s.diff_context:
                before = words[:s.diff_context] if n > 0 else []
                after = words[-s.diff_context:] if n < len(ops) - 1 else []
                hunks.append(" ".join(before) + (" … " if before or after else "") + " ".join(after))
            else:
                hunks.append(" ".join(words))
            continue
        if i2 > i1:
            hunks.append("[-" + " ".join(a[i1:i2]) + "-]")
        if j2 > j1:
            hunks.append("{+" + " ".join(b[j1:j2]) + "+}")
    return " ".join(h for h in hunks if h).strip()


def dictionary_differences(standard: dict, s: FindingsSettings = FINDINGS) -> list[dict]:
    ref = dictionary()
    out = []
    for j in standard["jenjang"]:
        for k in j["kompetensi"]:
            if k["kelompok"] == "teknis":
                continue
            texts = ref.level_texts(k["nama"], k["level"])
            if texts is None:
                continue
            ref_desc, ref_inds = texts
            diff = word_diff(k["deskripsi"] or "", ref_desc, s)
            if diff:
                out.append(_finding("kamus", "deskripsi differs from PermenPANRB 38/2017", j["jenjang"], k["nama"],
                                    level=k["level"], diff=diff))
            got = " ".join(i["teks"] for i in k["indikator"])
            want = " ".join(ref_inds)
            diff = word_diff(got, want, s)
            if diff:
                out.append(_finding("kamus", f"indicators differ from PermenPANRB 38/2017 "
                                    f"({len(k['indikator'])} in the decree, {len(ref_inds)} in the dictionary)",
                                    j["jenjang"], k["nama"], level=k["level"], diff=diff))
    return out


def find(standard: dict, groups: dict[str, list[tuple[str | None, str, int]]],
         s: FindingsSettings = FINDINGS) -> list[dict]:
    """Every finding on one decree, in report order."""
    return (numbering(standard, groups) + levels(standard) + repeated_indicators(standard, s) + diktum(standard)
            + progression(standard) + dictionary_differences(standard, s))


TITLES = {
    "penomoran": "Numbering", "level": "Level and indicator codes", "pengulangan": "Repeated indicators",
    "diktum": "Diktum list and tables", "jenjang": "Managerial levels across jenjang",
    "kamus": "Differences from the PermenPANRB 38/2017 dictionary",
}


def to_markdown(standard: dict, findings: list[dict], s: FindingsSettings = FINDINGS) -> str:
    d = standard["decree"]
    lines = [f"# Findings on {d['nomor']} / {d['tahun']}: {d['tentang']}", "",
             f"Source: `{d['source']['file']}` (sha256 {d['source']['sha256'][:s.digest_shown]}…). "
             "These are observations on the published decree, for raising with the issuer; "
             "the extracted dataset keeps the decree's text as printed.", ""]
    if not findings:
        lines.append("No findings.")
    for kind, title in TITLES.items():
        group = [f for f in findings if f["jenis"] == kind]
        if not group:
            continue
        lines += [f"## {title} ({len(group)})", ""]
        for f in group:
            where = " / ".join(x for x in (f["jenjang"], f["kompetensi"]) if x)
            lines.append(f"- **{where}**: {f['pesan']}" if where else f"- {f['pesan']}")
            if "diff" in f["detail"]:
                lines.append(f"  - `{f['detail']['diff']}`")
        lines.append("")
    return "\n".join(lines)
