"""The national competency dictionary (PermenPANRB 38/2017) shipped with the package.

Decrees copy the managerial and socio-cultural rows from this dictionary, so it
serves three stages: canonical competency names (table rows), clean sentences
for the language model (column reconstruction) and a lexicon (normalisation).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources

KELOMPOK = ("manajerial", "sosial_kultural", "teknis")


@dataclass(frozen=True)
class Dictionary:
    entries: tuple[dict, ...]

    def names(self, kelompok: str) -> list[str]:
        return [e["nama"] for e in self.entries if e["kelompok"] == kelompok]

    def level(self, nama: str, level: int) -> dict | None:
        for e in self.entries:
            if e["nama"] == nama:
                return next((lv for lv in e["level"] if lv["level"] == level), None)
        return None

    def level_texts(self, nama: str, level: int | None) -> tuple[str, list[str]] | None:
        """(deskripsi, indicator texts) of a competency at a level, or None when the dictionary lacks it."""
        entry = self.level(nama, level) if level else None
        return (entry["deskripsi"], [i["teks"] for i in entry["indikator"]]) if entry else None

    def sentences(self) -> list[str]:
        """Every definition, level description and indicator: clean text for training."""
        out = []
        for e in self.entries:
            out.append(e["definisi"])
            for lv in e["level"]:
                out.append(lv["deskripsi"])
                out.extend(ind["teks"] for ind in lv["indikator"])
        return out


@cache
def dictionary() -> Dictionary:
    data = resources.files("pipeline.data").joinpath("kamus-kompetensi-permenpanrb-38-2017.json").read_text("utf-8")
    return Dictionary(tuple(json.loads(data)["kompetensi"]))


def _data(name: str) -> dict:
    return json.loads(resources.files("pipeline.data").joinpath(name).read_text("utf-8"))


@cache
def pangkat_golongan() -> dict[str, str]:
    """The civil-service ranks (pangkat, folded) and the golongan each is fixed to nationally (PP 99/2000)."""
    return _data("pangkat-golongan.json")["pangkat_golongan"]


@cache
def jenjang_ladders() -> dict[str, list[str]]:
    """The jenjang of each kategori (keterampilan, keahlian), lowest first."""
    return _data("jenjang.json")["jenjang"]


@cache
def jenjang_golongan() -> dict[str, list[str]]:
    """The golongan (PNS) each jenjang is held at (`Ahli Pertama`: III/a, III/b)."""
    return _data("jenjang.json")["golongan"]


@cache
def contract_schema() -> dict:
    """The output contract (a copy of the downstream teams' JSON Schema)."""
    data = resources.files("pipeline.data").joinpath("skj-standard.schema.json").read_text("utf-8")
    return json.loads(data)
