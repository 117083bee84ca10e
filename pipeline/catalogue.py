"""The catalogue: every good decree output merged into one typed, keyed dataset (`skj catalogue`).

Every decree folder of an output root whose manifest says `status: ok` is read (under the
decree's lock, so never half-way through a publication) and its tables appended to
`<root>/catalogue/`: one table per kind of row, each as CSV and as Parquet, and a Frictionless
`datapackage.json` describing them (field types, primary keys, foreign keys, the source decree
files and their sha256). The root table is `decrees`, one row per decree; where two decrees
set the standard of one position (the same jabatan fungsional), the later one is `current`
and the earlier `superseded` (with `superseded_by`), both kept. Folders left out (a failed
validation, a damaged or inconsistent output) are listed in `skipped` with their reason.

The tables are derived from each decree's `standard.json` (the contract, typed JSON) by
`export.flat_tables`, so they have the per-decree CSV files' columns and rows, plus
`corrections.csv` read as written. The table specifications below are the one source of the
field types, constraints and keys: the CSV and Parquet files, the Parquet schema, the
datapackage and the checks a decree must pass before it joins (a decree that would break a
key or a constraint is left out and listed, never published) all come from them. The
finished catalogue is validated with Frictionless before it is published, and published as
a decree output is (`export.replace_folder`: written whole into a hidden staging folder,
then exchanged with `catalogue/` in one step, under the lock `.catalogue.lock`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import re
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pandas as pd

from . import SCHEMA_VERSION, __version__
from .errors import OutputError, UnreadableInput, ValidationFailed
from .export import COLUMNS, check_contract, decree_lock, flat_tables, is_staging, make_staging, prune, remove, \
    replace_folder
from .reference import contract_schema

NAME = "catalogue"  # the catalogue's folder in the output root
Progress = Callable[[str], None]


@dataclass(frozen=True)
class CatalogueSettings:
    """Every constant of the catalogue, named (pdfplumber's TableSettings as the model)."""

    examples_shown: int = 3  # values or rows named where a table breaks a constraint or a key (the rest counted)
    problems_shown: int = 3  # of a left-out decree's problems, named in its `skipped` reason: one readable line
    frictionless_errors_shown: int = 3  # of Frictionless's errors, named when it refuses the catalogue
    message_chars: int = 300  # of pandas' message when a Parquet file does not read back as its table
    datapackage_indent: int = 2  # spaces per level in datapackage.json: read by people as well as programs


CATALOGUE = CatalogueSettings()


# ---------------------------------------------------------------- table specifications

@dataclass(frozen=True)
class Field:
    name: str
    type: str  # string | integer | number | date
    description: str
    required: bool = False
    enum: tuple | None = None
    pattern: str | None = None
    minimum: int | None = None
    maximum: int | None = None

    def descriptor(self) -> dict:
        out: dict = {"name": self.name, "type": self.type, "description": self.description}
        constraints = {k: v for k, v in (("required", self.required or None), ("enum", list(self.enum or []) or None),
                                         ("pattern", self.pattern), ("minimum", self.minimum),
                                         ("maximum", self.maximum)) if v is not None}
        if constraints:
            out["constraints"] = constraints
        return out


@dataclass(frozen=True)
class ForeignKey:
    fields: tuple[str, ...]
    resource: str  # the referenced table ("" for the table itself)
    reference: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    name: str
    title: str
    description: str
    fields: tuple[Field, ...]
    primary_key: tuple[str, ...]
    foreign_keys: tuple[ForeignKey, ...] = ()

    @property
    def columns(self) -> list[str]:
        return [f.name for f in self.fields]


def _contract_item(*path: str) -> dict:
    """A property of the output contract's schema, e.g. ("jenjang", "jenjang")."""
    node = contract_schema()["properties"]
    for n, key in enumerate(path):
        node = node[key]
        if n < len(path) - 1:
            node = node["items"]["properties"] if node.get("type") == "array" else node["properties"]
    return node


def _enum(*path: str) -> tuple:
    return tuple(v for v in _contract_item(*path)["enum"] if v is not None)


def _bounds(*path: str) -> dict:
    """The contract's minimum and maximum of a number, as a Field's keywords."""
    node = _contract_item(*path)
    return {k: node[k] for k in ("minimum", "maximum") if k in node}


def _specs() -> dict[str, Table]:
    jenjang_names = _enum("jenjang", "jenjang")
    tingkat = _enum("jenjang", "persyaratan", "pelatihan", "tingkat_pentingnya")
    status_kepegawaian = _enum("jenjang", "persyaratan", "pelatihan", "status_kepegawaian")
    decree_id = Field("decree_id", "string", "the decree's id (its nomor and tahun, e.g. skj-1-2022): the name of "
                      "its folder in the output root", True, pattern=_contract_item("decree", "id")["pattern"])
    jenjang = Field("jenjang", "string", "the grade (jenjang) of the position", True, enum=jenjang_names)
    tingkat_f = Field("tingkat_pentingnya", "string", "how important the requirement is, from the ticked column "
                      "(Mutlak | Penting | Perlu); empty where no tick could be read", enum=tingkat)
    status_f = Field("status_kepegawaian", "string", "the kind of civil servant the requirement is for: PNS (civil "
                     "servant) or PPPK (government employee on contract)", True, enum=status_kepegawaian)
    to_decree = ForeignKey(("decree_id",), "decrees", ("decree_id",))
    to_jenjang = ForeignKey(("decree_id", "jenjang"), "jenjang", ("decree_id", "jenjang"))
    per_jenjang = "the position within the jenjang's list, from 1 in the decree's order"
    tables = [
        Table("decrees", "Decrees", "One row per decree (the root of the catalogue): its identity, its source file "
              "and sha256, and whether it is the current standard of its position or superseded by a later one.", (
            decree_id,
            Field("nomor", "string", "the decree's number as printed, e.g. SKJ.1", True),
            Field("tahun", "integer", "the year of the decree", True, **_bounds("decree", "tahun")),
            Field("jenis_peraturan", "string", "the kind of regulation, e.g. Keputusan Menteri Pendayagunaan Aparatur "
                  "Negara dan Reformasi Birokrasi"),
            Field("tentang", "string", "the decree's subject, e.g. Standar Kompetensi Jabatan Fungsional Pengantar "
                  "Kerja", True),
            Field("jabatan_fungsional", "string", "the functional position the decree sets the standard of; decrees "
                  "of one position (compared case- and space-insensitively) supersede each other", True),
            Field("ditetapkan_di", "string", "where the decree was enacted"),
            Field("tanggal_ditetapkan", "date", "the date the decree was enacted"),
            Field("penandatangan", "string", "who signed it"),
            Field("jabatan_penandatangan", "string", "the signer's office"),
            Field("jumlah_jenjang", "integer", "rows of the decree in table jenjang", True, minimum=1),
            Field("jumlah_kompetensi", "integer", "rows of the decree in table kompetensi", True, minimum=0),
            Field("jumlah_indikator", "integer", "rows of the decree in table indikator", True, minimum=0),
            Field("status", "string", "current: the latest decree of its position (by tahun, then "
                  "tanggal_ditetapkan, then nomor); superseded: a later decree of the position exists", True,
                  enum=("current", "superseded")),
            Field("superseded_by", "string", "the decree of the same position that came next, for a superseded "
                  "decree"),
            Field("source_file", "string", "the file the decree was extracted from, as given to skj", True),
            Field("source_sha256", "string", "the SHA-256 of that file", True, pattern="^[0-9a-f]{64}$"),
            Field("source_mode", "string", "how it was read: text (OCR text), pdf-text (a PDF's text layer), "
                  "pdf-ocr (a scanned PDF read by OCR)", True, enum=_enum("decree", "source", "mode")),
            Field("source_pages", "integer", "pages of the source PDF", minimum=1),
            Field("schema_version", "string", "the version of the output contract the decree's standard.json "
                  "follows", True),
            Field("skj_extract_version", "string", "the version of skj-extract that extracted it"),
            Field("run_key", "string", "the extraction's run key (the input file, code, reference data and "
                  "expectations it was made from)"),
            Field("peringatan_validasi", "integer", "warnings the validation reported for the decree (it passed "
                  "every critical expectation)", minimum=0),
        ), ("decree_id",), (ForeignKey(("superseded_by",), "", ("decree_id",)),)),
        Table("jenjang", "Jenjang", "One row per grade (jenjang) of a decree: the identity block, the job "
              "summary (ikhtisar), the education requirement and the performance indicator.", (
            decree_id, jenjang,
            Field("urutan_jenjang", "integer", "the jenjang's position in the decree, from 1", True, minimum=1),
            Field("nama_jabatan", "string", "the position's name with its grade, e.g. Pengantar Kerja Ahli "
                  "Pertama", True),
            Field("kategori", "string", "keterampilan (skilled grades) or keahlian (expert grades)",
                  enum=_enum("jenjang", "kategori")),
            Field("kelompok_jabatan", "string", "the identity block's kelompok jabatan"),
            Field("urusan_pemerintahan", "string", "the identity block's area of government affairs"),
            Field("kode_jabatan", "string", "the identity block's position code"),
            Field("ikhtisar_jabatan", "string", "the job summary"),
            Field("jenjang_pendidikan", "string", "the required level of education"),
            Field("bidang_ilmu", "string", "the required fields of study"),
            Field("indikator_kinerja_jabatan", "string", "the position's performance indicator"),
            Field("jumlah_kompetensi", "integer", "rows of the jenjang in table kompetensi", True, minimum=0),
        ), ("decree_id", "jenjang"), (to_decree,)),
        Table("kompetensi", "Kompetensi", "One row per competency a jenjang requires: its group, name, level and "
              "description.", (
            decree_id, jenjang,
            Field("kelompok", "string", "the group: manajerial, sosial_kultural or teknis", True,
                  enum=_enum("jenjang", "kompetensi", "kelompok")),
            Field("urutan", "integer", "the row's position in the jenjang's competency table, from 1 (unique "
                  "within the jenjang)", True, minimum=1),
            Field("nomor_sumber", "integer", "the row number the decree prints, which may be wrong"),
            Field("nama", "string", "the competency's canonical name (unique within the jenjang)", True),
            Field("level", "integer", "the required level, 1 to 5", **_bounds("jenjang", "kompetensi", "level")),
            Field("level_tercetak", "integer", "the level as printed; empty where OCR lost it"),
            Field("deskripsi", "string", "the description of the competency at that level"),
            Field("jumlah_indikator", "integer", "rows of the competency in table indikator", True, minimum=0),
            Field("halaman", "string", "the source pages the row spans, separated by spaces, where known"),
        ), ("decree_id", "jenjang", "nama"), (to_jenjang,)),
        Table("indikator", "Indikator", "One row per behavioural indicator of a competency.", (
            decree_id, jenjang,
            Field("kelompok", "string", "the competency's group", True, enum=_enum("jenjang", "kompetensi", "kelompok")),
            Field("kompetensi", "string", "the competency's name (kompetensi.nama)", True),
            Field("level", "integer", "the competency's level", **_bounds("jenjang", "kompetensi", "level")),
            Field("urutan", "integer", "the indicator's position within the competency, from 1", True, minimum=1),
            Field("kode", "string", "the code as printed, level.number, e.g. 2.1 or 2.10 (text: 2.10 is not 2.1)",
                  True, pattern=_contract_item("jenjang", "kompetensi", "indikator", "kode")["pattern"]),
            Field("teks", "string", "the indicator's text", True),
        ), ("decree_id", "jenjang", "kompetensi", "kode"),
            (ForeignKey(("decree_id", "jenjang", "kompetensi"), "kompetensi", ("decree_id", "jenjang", "nama")),)),
        Table("pelatihan", "Pelatihan", "One row per training requirement of a jenjang.", (
            decree_id, jenjang, status_f,
            Field("jenis", "string", "the kind of training: manajerial, teknis or fungsional", True,
                  enum=_enum("jenjang", "persyaratan", "pelatihan", "jenis")),
            Field("urutan", "integer", per_jenjang, True, minimum=1),
            Field("nama", "string", "the training", True),
            tingkat_f,
        ), ("decree_id", "jenjang", "urutan"), (to_jenjang,)),
        Table("pengalaman_kerja", "Pengalaman kerja", "One row per work-experience requirement of a jenjang.", (
            decree_id, jenjang, status_f,
            Field("urutan", "integer", per_jenjang, True, minimum=1),
            Field("uraian", "string", "the experience required", True),
            tingkat_f,
        ), ("decree_id", "jenjang", "urutan"), (to_jenjang,)),
        Table("pangkat", "Pangkat", "One row per rank (pangkat and golongan) a jenjang is held at.", (
            decree_id, jenjang, status_f,
            Field("golongan", "string", "the civil-service grade, e.g. III/a", True,
                  pattern=_contract_item("jenjang", "persyaratan", "pangkat", "golongan")["pattern"]),
            Field("nama", "string", "the rank's name, e.g. Penata Muda"),
        ), ("decree_id", "jenjang", "status_kepegawaian", "golongan"), (to_jenjang,)),
        Table("corrections", "Corrections", "One row per automatic repair the extraction made to a decree's text "
              "(the decree's corrections.csv; its column decree is decree_id here).", (
            decree_id,
            Field("urutan", "integer", "the repair's position in the decree's log, from 1", True, minimum=1),
            Field("jenjang", "string", "the jenjang the repair is in, where it is in one"),
            Field("field", "string", "where: the field or table cell repaired", True),
            Field("original", "string", "the text before"),
            Field("replacement", "string", "the text after"),
            Field("rule", "string", "the rule that made the repair", True),
        ), ("decree_id", "urutan"), (to_decree,)),
        Table("skipped", "Skipped", "One row per folder of the output root left out of the catalogue, with why "
              "(failed: its extraction failed a critical expectation; unreadable: not a whole skj output; "
              "rejected: its tables break the contract, a key or a constraint of the catalogue).", (
            Field("folder", "string", "the folder's name in the output root", True),
            Field("decree_id", "string", "the decree's id, where its manifest names it"),
            Field("status", "string", "why, in a word", True, enum=("failed", "unreadable", "rejected")),
            Field("reason", "string", "why, in a line", True),
            Field("source_file", "string", "the file the folder was extracted from, where known"),
            Field("source_sha256", "string", "the SHA-256 of that file, where known"),
        ), ("folder",)),
    ]
    # provenance, as each decree's CSV files end with it (`provenance.flat`): where the values were read
    provenance = (
        Field("asal_halaman", "string", "the source pages the values were read from, separated by spaces"),
        Field("asal_kotak", "string", "their boxes: page: x0 top x1 bottom (PDF points), separated by ;"),
        Field("ocr_conf_rata", "number", "Tesseract's mean confidence over the words read (0-100; empty where "
              "not read by OCR)", minimum=0, maximum=100),
        Field("ocr_conf_min", "number", "the lowest confidence of a word read", minimum=0, maximum=100),
        Field("asal_baris", "string", "the lines of the cleaned source text the values came from, first-last"),
    )
    for n, t in enumerate(tables):
        if t.name in ("kompetensi", "indikator", "pelatihan", "pengalaman_kerja", "pangkat"):
            tables[n] = Table(t.name, t.title, t.description, t.fields + provenance, t.primary_key, t.foreign_keys)
    return {t.name: t for t in tables}


TABLES: dict[str, Table] = _specs()
DECREE_TABLES = ("jenjang", "kompetensi", "indikator", "pelatihan", "pengalaman_kerja", "pangkat", "corrections")
# the per-decree flat tables' columns the catalogue renames or adds
RENAMED = {"corrections": {"decree": "decree_id"}}
ADDED = {"corrections": ("urutan",)}
PARQUET_SUFFIX = "-parquet"  # a table's Parquet resource in the datapackage: `<table>-parquet`


def read_table(catalogue: Path, name: str, fmt: str = "parquet") -> pd.DataFrame:
    """A catalogue table read with its declared types, from its Parquet or its CSV file: integers as
    int64 (Int64 where the field may be empty), codes and other text as strings, dates as datetime.date."""
    table = TABLES[name]
    if fmt == "parquet":
        return pd.read_parquet(catalogue / f"{name}.parquet")
    frame = pd.read_csv(catalogue / f"{name}.csv", dtype={f.name: "string" for f in table.fields},
                        keep_default_na=False, na_values=[""], encoding="utf-8")
    return _typed(frame.astype(object).where(frame.notna(), None), table)


# ---------------------------------------------------------------- types and constraints

def _blank(value: object) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and value != value)


def _typed(frame: pd.DataFrame, table: Table) -> pd.DataFrame:
    """`frame` with the table's columns in order and their declared types; empty text is null."""
    out = {}
    for f in table.fields:
        values = [None if _blank(v) or v == "" else v for v in frame[f.name]]
        if f.type == "integer":
            ints = [v if v is None else int(v) for v in values]
            if any(isinstance(v, float) and not v.is_integer() for v in values):
                raise ValueError(f"{table.name}.{f.name}: not a whole number")
            series = pd.Series(pd.array(ints, dtype="Int64"), name=f.name)
            out[f.name] = series.astype("int64") if f.required and not series.isna().any() else series
        elif f.type == "number":
            out[f.name] = pd.Series(pd.array([v if v is None else float(v) for v in values], dtype="Float64"),
                                    name=f.name)
        elif f.type == "date":
            out[f.name] = pd.Series([v if v is None or isinstance(v, dt.date) else dt.date.fromisoformat(str(v))
                                     for v in values], dtype=object, name=f.name)
        else:
            out[f.name] = pd.Series([v if v is None else str(v) for v in values], dtype="str", name=f.name)
    return pd.DataFrame(out, columns=table.columns) if len(frame) else _empty(table)


def _empty(table: Table) -> pd.DataFrame:
    kinds = {"integer": "int64", "number": "Float64", "date": object, "string": "str"}
    return pd.DataFrame({f.name: pd.Series([], dtype=kinds[f.type] if f.required or f.type != "integer" else "Int64")
                         for f in table.fields})


def problems(frames: dict[str, pd.DataFrame], s: CatalogueSettings = CATALOGUE) -> list[str]:
    """Where typed tables break their fields' constraints, primary keys or foreign keys (the checks
    `frictionless validate` makes), at most `s.examples_shown` examples per table and check."""
    limit = s.examples_shown
    found: list[str] = []
    for name, frame in frames.items():
        table = TABLES[name]
        for f in table.fields:
            col = frame[f.name]
            bad: list = []
            if f.required:
                bad += ["(empty)"] * int(col.isna().sum())
            known = col.dropna()
            if f.enum:
                bad += [v for v in known if v not in f.enum]
            if f.pattern:
                rx = re.compile(f.pattern)
                bad += [v for v in known if not rx.fullmatch(str(v))]
            if f.minimum is not None:
                bad += [v for v in known if v < f.minimum]
            if f.maximum is not None:
                bad += [v for v in known if v > f.maximum]
            if bad:
                found.append(f"{name}.{f.name}: {len(bad)} value(s) break its constraints, e.g. "
                             f"{', '.join(repr(v) for v in bad[:limit])}")
        key = list(table.primary_key)
        if frame[key].isna().any(axis=None):
            found.append(f"{name}: an empty primary key ({', '.join(key)})")
        dup = frame[frame.duplicated(key, keep=False)]
        if len(dup):
            found.append(f"{name}: primary key ({', '.join(key)}) repeated: "
                         f"{'; '.join(' / '.join(map(str, r)) for r in dup[key].drop_duplicates().values[:limit])}")
        for fk in table.foreign_keys:
            target = frames.get(fk.resource or name)
            if target is None:
                continue
            have = set(map(tuple, target[list(fk.reference)].astype(object).values))
            rows = frame[list(fk.fields)].astype(object)
            rows = rows[rows.notna().any(axis=1)]
            missing = [tuple(r) for r in rows.values if tuple(r) not in have]
            if missing:
                found.append(f"{name}: {len(missing)} row(s) refer to no {fk.resource or name} row "
                             f"({', '.join(fk.fields)} -> {', '.join(fk.reference)}), e.g. "
                             f"{'; '.join(' / '.join(map(str, m)) for m in missing[:limit])}")
    return found


# ---------------------------------------------------------------- reading the decree outputs

READ = ("manifest.json", "standard.json", "corrections.csv")


@dataclass
class Folder:
    """One folder of the output root as read under its lock: its files' bytes, and why it is left out."""
    name: str
    files: dict[str, bytes] = field(default_factory=dict)
    manifest: dict | None = None
    standard: dict | None = None
    status: str | None = None  # None: taken; else failed / unreadable / rejected
    reason: str | None = None
    frames: dict[str, pd.DataFrame] | None = None

    def skip(self, status: str, reason: str) -> None:
        self.status, self.reason = status, reason

    @property
    def source(self) -> dict:
        for doc in (self.manifest, (self.standard or {}).get("decree") if isinstance(self.standard, dict) else None):
            if isinstance(doc, dict) and isinstance(doc.get("source"), dict):
                return doc["source"]
        return {}

    def skipped_row(self) -> dict:
        did = self.manifest.get("decree_id") if isinstance(self.manifest, dict) else None
        return {"folder": self.name, "decree_id": did if isinstance(did, str) else None, "status": self.status,
                "reason": self.reason, "source_file": self.source.get("file"), "source_sha256": self.source.get("sha256")}


def output_folders(root: Path) -> list[str]:
    """The folders of `root` that may be decree outputs: not hidden (staging, replaced), not the catalogue."""
    return sorted(e.name for e in root.iterdir() if e.is_dir() and not is_staging(e.name) and e.name != NAME)


def _read_folder(root: Path, name: str) -> Folder:
    """The files of `root/name` the catalogue uses, read under the decree's lock (no publication
    in between: all from one output)."""
    folder = Folder(name)
    with decree_lock(root, name):
        for file in READ + ("validation/report.json",):
            try:
                folder.files[file] = (root / name / file).read_bytes()
            except FileNotFoundError:
                pass
    return folder


def _json(data: bytes | None) -> dict | None:
    try:
        value = json.loads(data.decode("utf-8")) if data is not None else None
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def _first_failure(report: dict | None) -> str:
    for r in (report or {}).get("results", []):
        if isinstance(r, dict) and not r.get("success") and r.get("severity") == "critical":
            where = f"{r.get('table')}.{r['column']}" if r.get("column") else r.get("table")
            return f", first: {where}: {r.get('expectation')}"
    return ""


def _examine(folder: Folder, s: CatalogueSettings = CATALOGUE) -> None:
    """Parse a folder's files and derive its typed tables, or say why it is left out."""
    folder.manifest = _json(folder.files.get("manifest.json"))
    if "manifest.json" not in folder.files:
        return folder.skip("unreadable", "no manifest.json: not an skj output folder")
    if folder.manifest is None:
        return folder.skip("unreadable", "manifest.json is not a JSON object")
    if folder.manifest.get("decree_id") != folder.name:
        return folder.skip("unreadable", f"manifest.json names decree {folder.manifest.get('decree_id')!r}, "
                                         f"not the folder's {folder.name!r}")
    status = folder.manifest.get("status")
    if status != "ok":
        summary = folder.manifest.get("validation") if isinstance(folder.manifest.get("validation"), dict) else {}
        if status == "failed":
            n = summary.get("critical_failed")
            count = f"{n} critical expectation(s) failed" if n is not None else "its validation failed"
            return folder.skip("failed", count + _first_failure(_json(folder.files.get("validation/report.json"))))
        return folder.skip("rejected", f"status {status!r} in manifest.json, not ok")
    folder.standard = _json(folder.files.get("standard.json"))
    if folder.standard is None:
        return folder.skip("unreadable", "standard.json is missing or not a JSON object")
    try:
        check_contract(folder.standard, folder.name)
    except ValidationFailed as exc:
        return folder.skip("rejected", exc.message)
    if folder.standard["decree"]["id"] != folder.name:
        return folder.skip("unreadable", f"standard.json is decree {folder.standard['decree']['id']!r}, "
                                         f"not the folder's {folder.name!r}")
    if "corrections.csv" not in folder.files:
        return folder.skip("unreadable", "no corrections.csv")
    try:
        corrections = pd.read_csv(io.BytesIO(folder.files["corrections.csv"]), keep_default_na=False,
                                  na_values=[""], encoding="utf-8", dtype=str)
    except (ValueError, pd.errors.ParserError) as exc:
        return folder.skip("unreadable", f"corrections.csv cannot be read ({exc})")
    if list(corrections.columns) != COLUMNS["corrections"]:
        return folder.skip("unreadable", f"corrections.csv has columns {', '.join(corrections.columns)}")
    try:
        folder.frames = decree_frames(folder.standard, folder.manifest, corrections)
    except (ValueError, TypeError, KeyError) as exc:
        return folder.skip("rejected", f"its tables cannot take the catalogue's types ({exc})")
    found = problems(folder.frames, s)
    if found:
        folder.frames = None
        return folder.skip("rejected", "; ".join(found[:s.problems_shown]))


def decree_frames(standard: dict, manifest: dict, corrections: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """One decree's rows of every catalogue table but `skipped`, typed (the decree row without its
    supersession, set once all decrees are known)."""
    records = corrections.astype(object).where(corrections.notna(), None).to_dict("records")
    flat = flat_tables(standard, records)
    frames = {}
    for name in DECREE_TABLES:
        frame = flat[name].rename(columns=RENAMED.get(name, {}))
        if name == "corrections":
            frame["decree_id"] = standard["decree"]["id"]
            frame["urutan"] = range(1, len(frame) + 1)
        frames[name] = _typed(frame, TABLES[name])
    d = standard["decree"]
    source = d["source"]
    validation = manifest.get("validation") if isinstance(manifest.get("validation"), dict) else {}
    row = {
        "decree_id": d["id"], "nomor": d["nomor"], "tahun": d["tahun"], "jenis_peraturan": d.get("jenis_peraturan"),
        "tentang": d["tentang"], "jabatan_fungsional": d["jabatan_fungsional"], "ditetapkan_di": d.get("ditetapkan_di"),
        "tanggal_ditetapkan": d.get("tanggal_ditetapkan"), "penandatangan": d.get("penandatangan"),
        "jabatan_penandatangan": d.get("jabatan_penandatangan"), "jumlah_jenjang": len(frames["jenjang"]),
        "jumlah_kompetensi": len(frames["kompetensi"]), "jumlah_indikator": len(frames["indikator"]),
        "status": "current", "superseded_by": None, "source_file": source["file"], "source_sha256": source["sha256"],
        "source_mode": source["mode"], "source_pages": source.get("pages"),
        "schema_version": standard.get("schema_version"), "skj_extract_version": manifest.get("skj_extract_version"),
        "run_key": manifest.get("run_key"), "peringatan_validasi": validation.get("warnings"),
    }
    frames["decrees"] = _typed(pd.DataFrame([row]), TABLES["decrees"])
    return frames


def position_key(jabatan: str) -> str:
    """Decrees of one position: their jabatan fungsional compared without case, accents or extra spaces."""
    return " ".join(unicodedata.normalize("NFKC", jabatan).casefold().split())


def _nomor_number(nomor: object) -> int:
    digits = re.findall(r"\d+", str(nomor or ""))
    return int(digits[-1]) if digits else 0


def supersede(decrees: pd.DataFrame) -> pd.DataFrame:
    """Mark each position's latest decree current and the earlier ones superseded by the next.
    Later means: a later tahun; in one year, a later tanggal_ditetapkan (a decree without a date
    counts as the year's first), then a higher nomor; then the decree id, so the order is total."""
    out = decrees.copy()
    out["status"] = "current"
    out["superseded_by"] = pd.Series([None] * len(out), dtype="str", index=out.index)
    order = sorted(out.index, key=lambda i: (
        position_key(out.at[i, "jabatan_fungsional"]), int(out.at[i, "tahun"]),
        out.at[i, "tanggal_ditetapkan"] or dt.date.min, _nomor_number(out.at[i, "nomor"]), out.at[i, "decree_id"]))
    for earlier, later in zip(order, order[1:]):
        if position_key(out.at[earlier, "jabatan_fungsional"]) == position_key(out.at[later, "jabatan_fungsional"]):
            out.at[earlier, "status"] = "superseded"
            out.at[earlier, "superseded_by"] = out.at[later, "decree_id"]
    return out


# ---------------------------------------------------------------- building and publishing

@dataclass
class Catalogue:
    path: Path
    decrees: list[str]
    skipped: list[dict]
    rows: dict[str, int]
    superseded: int = 0
    up_to_date: bool = False
    seconds: float = 0.0

    def line(self) -> str:
        """The one-line summary the command prints."""
        left = f", {len(self.skipped)} left out" if self.skipped else ""
        old = f" ({self.superseded} superseded)" if self.superseded else ""
        decrees = f"{len(self.decrees)} decree{'' if len(self.decrees) == 1 else 's'}{old}{left}"
        if self.up_to_date:
            return f"catalogue {self.path} up to date: {decrees}"
        rows = ", ".join(f"{n} {t}" for t, n in self.rows.items() if t not in ("decrees", "skipped"))
        return f"catalogue {self.path}: {decrees}; rows: {rows}; datapackage.json valid; {self.seconds:.1f}s"


def _code_key() -> bytes:
    """What the catalogue's files depend on besides the decree outputs: this code and the contract."""
    here = Path(__file__).resolve().parent
    parts = [here / "catalogue.py", here / "export.py", here / "data" / "skj-standard.schema.json"]
    return b"".join(p.name.encode() + p.read_bytes() for p in parts) + __version__.encode() + SCHEMA_VERSION.encode()


def catalogue_key(folders: list[Folder]) -> str:
    h = hashlib.sha256(_code_key())
    for folder in folders:
        h.update(b"\0folder\0" + folder.name.encode())
        for name in sorted(folder.files):
            h.update(b"\0" + name.encode() + b"\0" + hashlib.sha256(folder.files[name]).digest())
    return h.hexdigest()


def _published_key(target: Path) -> str | None:
    meta = _json((target / "datapackage.json").read_bytes()) if (target / "datapackage.json").is_file() else None
    info = (meta or {}).get("skj_catalogue")
    return info.get("key") if isinstance(info, dict) else None


def build(root: Path, progress: Progress = lambda _m: None, force: bool = False,
          s: CatalogueSettings = CATALOGUE) -> Catalogue:
    """Merge every good decree output of `root` into `root/catalogue/` (see the module's docstring).
    Raises UnreadableInput when `root` holds no decree output, OutputError when it cannot be written."""
    started = time.perf_counter()
    if not root.is_dir():
        raise UnreadableInput("no such folder", source=str(root))
    target = root / NAME
    try:
        with decree_lock(root, NAME):
            folders = [_read_folder(root, name) for name in output_folders(root)]
            if not any("manifest.json" in f.files for f in folders):
                raise UnreadableInput("no decree outputs to catalogue (no folder with a manifest.json)",
                                      source=str(root))
            key = catalogue_key(folders)
            for folder in folders:
                _examine(folder, s)
            taken = [f for f in folders if f.status is None]
            skipped = [f.skipped_row() for f in folders if f.status is not None]
            if not force and _published_key(target) == key:
                decrees = pd.read_csv(target / "decrees.csv", usecols=["status"], dtype=str)
                return Catalogue(target, [f.name for f in taken], skipped, {}, int((decrees["status"] == "superseded").sum()),
                                 up_to_date=True, seconds=time.perf_counter() - started)
            frames = merge(taken, skipped, s)
            staging = make_staging(root, NAME)
            try:
                write(frames, staging, key, s)
                _validate(staging, frames, progress, s)
                replace_folder(staging, target, keep=True)
            except BaseException:
                remove(staging)
                raise
            prune(root, NAME)
    except OSError as exc:
        raise OutputError(f"cannot write {target} ({exc.strerror or exc})") from None
    rows = {name: len(frame) for name, frame in frames.items()}
    return Catalogue(target, [f.name for f in taken], skipped, rows, int((frames["decrees"]["status"] == "superseded").sum()),
                     seconds=time.perf_counter() - started)


def merge(taken: list[Folder], skipped: list[dict], s: CatalogueSettings = CATALOGUE) -> dict[str, pd.DataFrame]:
    """Every catalogue table: the taken decrees' rows one decree after another (in folder order)."""
    frames = {}
    for name in ("decrees",) + DECREE_TABLES:
        parts = [f.frames[name] for f in taken if len(f.frames[name])]
        frames[name] = _typed(pd.concat(parts, ignore_index=True), TABLES[name]) if parts else _empty(TABLES[name])
    frames["decrees"] = _typed(supersede(frames["decrees"]), TABLES["decrees"]) if len(frames["decrees"]) \
        else frames["decrees"]
    frames["skipped"] = _typed(pd.DataFrame(skipped, columns=TABLES["skipped"].columns), TABLES["skipped"])
    found = problems(frames, s)
    if found:  # each decree passed alone: a bug in merging
        raise AssertionError("the merged catalogue breaks its keys: " + "; ".join(found))
    return frames


def _arrow_schema(table: Table):
    import pyarrow as pa

    kinds = {"string": pa.string(), "integer": pa.int64(), "number": pa.float64(), "date": pa.date32()}
    return pa.schema([pa.field(f.name, kinds[f.type], nullable=not f.required,
                               metadata={"description": f.description}) for f in table.fields],
                     metadata={"description": table.description})


def _resource(table: Table, fmt: str, path: Path) -> dict:
    suffix = PARQUET_SUFFIX if fmt == "parquet" else ""
    schema: dict = {"fields": [f.descriptor() for f in table.fields], "missingValues": [""],
                    "primaryKey": list(table.primary_key)}
    if table.foreign_keys:
        schema["foreignKeys"] = [{"fields": list(fk.fields), "reference": {
            "resource": fk.resource + suffix if fk.resource else "", "fields": list(fk.reference)}}
            for fk in table.foreign_keys]
    resource = {"name": table.name + suffix, "type": "table", "path": path.name, "format": fmt,
                "mediatype": "text/csv" if fmt == "csv" else "application/vnd.apache.parquet",
                "title": table.title + (" (Parquet)" if fmt == "parquet" else ""), "description": table.description}
    if fmt == "csv":
        data = path.read_bytes()
        resource.update(encoding="utf-8", bytes=len(data), hash="sha256:" + hashlib.sha256(data).hexdigest(),
                        dialect={"delimiter": ",", "quoteChar": '"', "header": True})
    resource["schema"] = schema
    return resource


def write(frames: dict[str, pd.DataFrame], folder: Path, key: str, s: CatalogueSettings = CATALOGUE) -> dict:
    """Write every table as CSV and Parquet and the datapackage describing them into `folder`."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    resources = {"csv": [], "parquet": []}
    for name, table in TABLES.items():
        frame = frames[name]
        csv, parquet = folder / f"{name}.csv", folder / f"{name}.parquet"
        frame.to_csv(csv, index=False, encoding="utf-8", lineterminator="\n")
        pq.write_table(pa.Table.from_pandas(frame, schema=_arrow_schema(table), preserve_index=False), parquet)
        resources["csv"].append(_resource(table, "csv", csv))
        resources["parquet"].append(_resource(table, "parquet", parquet))
    decrees = frames["decrees"]
    descriptor = {
        "$schema": "https://datapackage.org/profiles/2.0/datapackage.json",
        "name": "skj-catalogue",
        "title": "Standar Kompetensi Jabatan: catalogue of extracted decrees",
        "description": "The competency standards (SKJ) of Indonesian functional positions, extracted from the "
                       "decrees listed in `sources` by skj-extract: one row per decree, jenjang, competency, "
                       "indicator and requirement. Each table is given as CSV (resource `<table>`) and as Parquet "
                       "(resource `<table>-parquet`), with the same fields and keys. Folders left out are listed "
                       "in `skipped`.",
        "created": dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z"),
        "sources": [{"title": f"{r.nomor}/{r.tahun} {r.tentang}", "path": r.source_file, "decree_id": r.decree_id,
                     "sha256": r.source_sha256} for r in decrees.itertuples()],
        "resources": resources["csv"] + resources["parquet"],
        "skj_catalogue": {
            "key": key, "skj_extract_version": __version__,
            "decrees": [{"decree_id": r.decree_id, "status": r.status, "superseded_by": r.superseded_by}
                        for r in decrees.itertuples()],
            "skipped": [{k: r[k] for k in ("folder", "status", "reason")}
                        for r in frames["skipped"].to_dict("records")],
        },
    }
    text = json.dumps(descriptor, ensure_ascii=False, indent=s.datapackage_indent) + "\n"
    (folder / "datapackage.json").write_text(text, "utf-8")
    return descriptor


def validate(datapackage: Path, formats: tuple[str, ...] = ("csv", "parquet")):
    """Frictionless's report on a catalogue's resources of the given formats (types, constraints,
    primary and foreign keys, the CSV files' sizes and hashes), as `frictionless validate` makes it."""
    import frictionless

    descriptor = json.loads(datapackage.read_text("utf-8"))
    descriptor["resources"] = [r for r in descriptor["resources"] if r.get("format") in formats]
    return frictionless.Package(descriptor, basepath=str(datapackage.parent)).validate()


def _validate(folder: Path, frames: dict[str, pd.DataFrame], progress: Progress,
              s: CatalogueSettings = CATALOGUE) -> None:
    """Refuse to publish a catalogue that fails Frictionless: its CSV resources are validated (the
    Parquet ones too would take three times as long), and each Parquet file must read back, with
    pandas, as the very table its CSV file was written from."""
    started = time.perf_counter()
    report = validate(folder / "datapackage.json", ("csv",))
    if not report.valid:
        rows = report.flatten(["taskName", "rowNumber", "fieldName", "type", "note"])
        first = "; ".join(" ".join(str(c) for c in r if c is not None) for r in rows[:s.frictionless_errors_shown])
        raise ValidationFailed(f"the catalogue fails frictionless validation, not published: {first}",
                               source=str(folder.parent / NAME))
    for name, frame in frames.items():
        try:
            pd.testing.assert_frame_equal(pd.read_parquet(folder / f"{name}.parquet"), frame)
        except AssertionError as exc:
            why = " ".join(str(exc).split())[:s.message_chars]
            raise ValidationFailed(f"{name}.parquet does not read back as its table, not published: {why}",
                                   source=str(folder.parent / NAME)) from None
    progress(f"  datapackage.json valid ({len(report.tasks)} CSV resources by Frictionless, "
             f"{len(frames)} Parquet files read back) in {time.perf_counter() - started:.1f}s")


__all__ = ["TABLES", "Catalogue", "build", "problems", "read_table", "supersede", "validate"]
