"""Score an extracted standard against an answer key, field by field.

A text field is right when its character error rate, after folding case,
punctuation and spaces, is at most 3%; numbers, codes and enums must be equal.
The key may hold a subset of the standard (golden excerpts): only the fields it
gives are scored. Items are matched by their keys: jenjang by name, competencies
by name, indicators by code, training and experience items by their order within
(status, jenis), pangkat by golongan.

The scorer of `make score` (`tools.score`), the matrix (`tools.matrix`) and the golden test.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pipeline.model import DIKTUM_FIELDS
from pipeline.words import cer, fold

MAX_CER = 0.03


@dataclass
class Score:
    right: int = 0
    misses: list[tuple[str, object, object]] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.right + len(self.misses)

    @property
    def accuracy(self) -> float:
        return self.right / self.total if self.total else 0.0

    def check(self, where: str, got: object, want: object) -> None:
        if isinstance(want, str) and isinstance(got, str):
            ok = cer(got, want) <= MAX_CER
        else:
            ok = got == want
        if ok:
            self.right += 1
        else:
            self.misses.append((where, got, want))


MISSING = "(no such field)"  # what a miss records for a field the standard lacks


def _fields(score: Score, where: str, got: dict | None, want: dict, skip: set[str] = frozenset()) -> None:
    """Every scalar field the key gives; one the standard lacks is wrong even where the key holds null."""
    got = got or {}
    for key, value in want.items():
        if key.startswith("_") or key in skip or isinstance(value, (dict, list)):
            continue
        if key in got:
            score.check(f"{where}.{key}", got[key], value)
        else:
            score.misses.append((f"{where}.{key}", MISSING, value))


def _grouped(items: list[dict], keys: tuple[str, ...]) -> dict[tuple, list[dict]]:
    out: dict[tuple, list[dict]] = {}
    for it in items:
        out.setdefault(tuple(it.get(k) for k in keys), []).append(it)
    return out


def score_standard(got: dict, key: dict) -> Score:
    score = Score()
    _fields(score, "decree", got.get("decree"), key.get("decree", {}))
    for name in (DIKTUM_FIELDS[k] for k in ("teknis", "manajerial", "sosial_kultural")):
        want = key.get("decree", {}).get(name)
        have = got.get("decree", {}).get(name) or []
        for i, value in enumerate(want or []):
            score.check(f"decree.{name}[{i}]", have[i] if i < len(have) else None, value)
    by_jenjang = {j["jenjang"]: j for j in got.get("jenjang", [])}
    for kj in key.get("jenjang", []):
        gj = by_jenjang.get(kj["jenjang"], {})
        where = kj["jenjang"]
        _fields(score, where, gj, kj, skip={"jumlah_kompetensi"})
        if "jumlah_kompetensi" in kj:
            score.check(f"{where}.jumlah_kompetensi", len(gj.get("kompetensi", [])), kj["jumlah_kompetensi"])
        comps = {fold(c["nama"]): c for c in gj.get("kompetensi", [])}
        for kc in kj.get("kompetensi", []):
            gc = comps.get(fold(kc["nama"]))
            cw = f"{where}/{kc['nama']}"
            _fields(score, cw, gc, kc)
            inds = {i["kode"]: i["teks"] for i in (gc or {}).get("indikator", [])}
            for ki in kc.get("indikator", []):
                score.check(f"{cw}/{ki['kode']}", inds.get(ki["kode"]), ki["teks"])
            if "indikator" in kc:  # a competency not found at all counts here too: one denominator for every run
                score.check(f"{cw}.jumlah_indikator", len(gc["indikator"]) if gc else None, len(kc["indikator"]))
        kreq, greq = kj.get("persyaratan", {}), gj.get("persyaratan", {})
        if "pendidikan" in kreq:
            _fields(score, f"{where}/pendidikan", greq.get("pendidikan"), kreq["pendidikan"])
        if "indikator_kinerja_jabatan" in kreq:
            score.check(f"{where}/indikator_kinerja_jabatan", greq.get("indikator_kinerja_jabatan"),
                        kreq["indikator_kinerja_jabatan"])
        for table, keys in (("pelatihan", ("status_kepegawaian", "jenis")), ("pengalaman_kerja", ("status_kepegawaian",))):
            if table not in kreq:
                continue
            have = _grouped(greq.get(table, []), keys)
            for group, items in _grouped(kreq[table], keys).items():
                for n, item in enumerate(items):
                    g = have.get(group, [])
                    _fields(score, f"{where}/{table}{list(group)}[{n}]", g[n] if n < len(g) else None, item,
                            skip=set(keys))
        if "pangkat" in kreq:
            have = {(p["status_kepegawaian"], p["golongan"]): p for p in greq.get("pangkat", [])}
            for p in kreq["pangkat"]:
                g = have.get((p["status_kepegawaian"], p["golongan"]))
                score.check(f"{where}/pangkat {p['golongan']}", g is not None, True)
                score.check(f"{where}/pangkat {p['golongan']}.nama", (g or {}).get("nama"), p["nama"])
            score.check(f"{where}/pangkat count", len(greq.get("pangkat", [])), len(kreq["pangkat"]))
    return score
