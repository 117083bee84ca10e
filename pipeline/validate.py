"""Stage 6: validate the flat tables with Great Expectations before anything is published.

The expectation suites live as GX JSON in `expectations/<table>.json`, one per flat
table, each expectation with a `severity` (critical or warning) and a `meta.why`.
Some checks need values a row does not hold by itself (the level in an indicator
code, the step between two jenjang, how many managerial rows a jenjang has, the
share of known words in a text), so `validation_frames` derives those columns
first; a suite refers to them by name. Values that depend on the decree (its
competency names, its jenjang) are passed to the checkpoint as expectation
parameters. The result: a `Report` (status `ok` or `failed`), `report.json` and
GX Data Docs HTML written into one folder.
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import warnings
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path

import pandas as pd

from .errors import OutputError, UnreadableInput
from .export import atomic_folder, cannot_write, decree_lock, is_staging, prune, read_tables, write_json
from .words import indonesian_words
from .reference import dictionary
from .sections import JENJANG_ORDER
from .model import DIKTUM_FIELDS
from .words import fold

SUITES = ("jenjang", "kompetensi", "indikator", "pelatihan", "pengalaman_kerja", "pangkat")
TEXT_COLUMNS = {
    "jenjang": ("ikhtisar_jabatan", "bidang_ilmu"),
    "kompetensi": ("deskripsi",),
    "indikator": ("teks",),
    "pelatihan": ("nama",),
    "pengalaman_kerja": ("uraian",),
}


@dataclass(frozen=True)
class ValidateSettings:
    """Every threshold of the validation stage, named (pdfplumber's TableSettings as the model)."""

    repeated: int = 3  # a word the output repeats this often is the decree's own vocabulary (known, for the share)
    similarity_digits: int = 3  # decimals kept of a description's similarity to the dictionary (0-1): finer is noise
    sample: int = 5  # unexpected values kept per failed expectation in report.json
    terminal_sample: int = 3  # of those, shown on a failed expectation's one line in the terminal


VALIDATE = ValidateSettings()


def expectations_dir() -> Path:
    """The suites: SKJ_EXPECTATIONS_DIR if set; else the copy an installed wheel carries in
    `pipeline/data/expectations/` (setup.py copies it there at build time); else, in a source
    checkout, `expectations/` at the project root, the suites' source of truth."""
    if os.environ.get("SKJ_EXPECTATIONS_DIR"):
        return Path(os.environ["SKJ_EXPECTATIONS_DIR"])
    shipped = Path(str(resources.files("pipeline") / "data" / "expectations"))
    if shipped.is_dir():
        return shipped
    return Path(__file__).resolve().parent.parent / "expectations"


def load_suites() -> dict[str, dict]:
    folder = expectations_dir()
    return {name: json.loads((folder / f"{name}.json").read_text("utf-8")) for name in SUITES}


# ---------------------------------------------------------------- derived columns

_WORD = re.compile(r"[A-Za-z]+")


def _known_share(text: object, lexicon: set[str]) -> float | None:
    """Share of a text's words in the lexicon; abbreviations (all capitals) count as known."""
    if not isinstance(text, str):
        return None
    words = [w for w in _WORD.findall(text) if not (len(w) > 1 and w.isupper())]
    if not words:
        return 1.0
    return sum(w.lower() in lexicon for w in words) / len(words)


@cache
def _base_lexicon() -> frozenset[str]:
    ref = {w.lower() for s in dictionary().sentences() for w in _WORD.findall(s)}
    return indonesian_words() | ref


def _lexicon(frames: dict[str, pd.DataFrame], s: ValidateSettings = VALIDATE) -> set[str]:
    counts: Counter = Counter()
    for table, columns in TEXT_COLUMNS.items():
        for col in columns:
            for text in frames[table][col].dropna():
                counts.update(w.lower() for w in _WORD.findall(str(text)))
    return set(_base_lexicon()) | {w for w, n in counts.items() if n >= s.repeated}


def _rank(jenjang: object) -> int | None:
    for ladder in JENJANG_ORDER.values():
        if jenjang in ladder:
            return ladder.index(jenjang) + 1
    return None


def validation_frames(frames: dict[str, pd.DataFrame], s: ValidateSettings = VALIDATE) -> dict[str, pd.DataFrame]:
    """Copies of the flat tables with the derived columns the suites check."""
    out = {name: frames[name].copy() for name in SUITES}
    lexicon = _lexicon(out, s)
    for table, columns in TEXT_COLUMNS.items():
        for col in columns:
            out[table][f"{col}__kata_dikenal"] = [_known_share(v, lexicon) for v in out[table][col]]

    jen, komp, ind = out["jenjang"], out["kompetensi"], out["indikator"]
    ranks = [_rank(j) for j in jen["jenjang"]]
    # the first jenjang may be any grade; each next one must be exactly one grade up
    jen["langkah_jenjang"] = [1 if n == 0 else (r - p if r and p else None)
                              for n, (p, r) in enumerate(zip([None] + ranks[:-1], ranks))]
    for kelompok in ("manajerial", "sosial_kultural", "teknis"):
        per = komp[komp["kelompok"] == kelompok].groupby("jenjang").size()
        jen[f"jumlah_{kelompok}"] = [int(per.get(j, 0)) for j in jen["jenjang"]]

    komp["deskripsi__jumlah_kata"] = [len(str(v).split()) if isinstance(v, str) else None for v in komp["deskripsi"]]
    komp["deskripsi__kemiripan_kamus"] = [_dictionary_similarity(n, lv, d, s) for n, lv, d in
                                          zip(komp["nama"], komp["level"], komp["deskripsi"])]
    descriptions = {(j, k): fold(d) for j, k, d in zip(komp["jenjang"], komp["nama"], komp["deskripsi"])
                    if isinstance(d, str)}
    ind["teks__sama_dengan_deskripsi"] = [isinstance(t, str) and descriptions.get((j, k)) == fold(t)
                                          for j, k, t in zip(ind["jenjang"], ind["kompetensi"], ind["teks"])]
    code = ind["kode"].astype("string").str.extract(r"^(\d+)\.(\d+)$")
    ind["kode_level"] = pd.to_numeric(code[0], errors="coerce").astype("Int64")
    ind["kode_nomor"] = pd.to_numeric(code[1], errors="coerce").astype("Int64")
    for col in ("level", "urutan"):
        ind[col] = _numbers(ind[col])
    rows = set(zip(komp["jenjang"], komp["nama"]))
    ind["kompetensi_dikenal"] = [(j, k) in rows for j, k in zip(ind["jenjang"], ind["kompetensi"])]
    return out


def _dictionary_similarity(nama: object, level: object, deskripsi: object,
                           s: ValidateSettings = VALIDATE) -> float | None:
    """How close a managerial or socio-cultural description is to PermenPANRB 38/2017's text for
    that competency at that level (0-1); None where the dictionary has no such text (teknis rows).
    Decrees copy the dictionary with small changes; a cell from another column, or the text of
    another level or competency, is far from it."""
    from rapidfuzz import fuzz

    try:
        texts = dictionary().level_texts(str(nama), int(level))
    except (TypeError, ValueError):
        return None
    if texts is None or not isinstance(deskripsi, str):
        return None
    return round(fuzz.ratio(fold(deskripsi), fold(texts[0])) / 100, s.similarity_digits)


def _numbers(column: pd.Series) -> pd.Series:
    """A column as whole numbers (Int64) when every value is one; else as floats, so that a 2.5
    stays 2.5 for the expectations to catch (a cast to Int64 would fail outright)."""
    values = pd.to_numeric(column, errors="coerce")
    known = values.dropna()
    return values.astype("Int64") if (known == known.round()).all() else values


def parameters(frames: dict[str, pd.DataFrame], standard: dict, manifest_jenjang: list[str]) -> dict:
    """The decree-dependent values the suites compare against."""
    decree = standard.get("decree") if isinstance(standard.get("decree"), dict) else {}
    names = {n for k in ("manajerial", "sosial_kultural") for n in dictionary().names(k)}
    for key in DIKTUM_FIELDS.values():
        listed = decree.get(key)
        if isinstance(listed, list):
            names.update(n for n in listed if isinstance(n, str))
    return {
        "nama_kompetensi": sorted(names),
        "jenjang_tabel": [j for j in frames["jenjang"]["jenjang"].dropna()],
        "jenjang_manifest": [j for j in manifest_jenjang if isinstance(j, str)]
        if isinstance(manifest_jenjang, list) else [],
    }


# ---------------------------------------------------------------- checkpoint

@dataclass
class Outcome:
    table: str
    expectation: str
    column: str | None
    severity: str
    success: bool
    why: str
    unexpected_count: int | None = None
    unexpected_sample: list = field(default_factory=list)


@dataclass
class Report:
    outcomes: list[Outcome]

    @property
    def failed_critical(self) -> list[Outcome]:
        return [o for o in self.outcomes if not o.success and o.severity == "critical"]

    @property
    def warnings(self) -> list[Outcome]:
        return [o for o in self.outcomes if not o.success and o.severity != "critical"]

    @property
    def status(self) -> str:
        return "failed" if self.failed_critical else "ok"

    def summary(self) -> dict:
        return {"status": self.status, "expectations": len(self.outcomes),
                "critical_failed": len(self.failed_critical), "warnings": len(self.warnings)}

    def to_json(self) -> dict:
        return {**self.summary(), "results": [o.__dict__ for o in self.outcomes]}

    def lines(self, s: ValidateSettings = VALIDATE) -> list[str]:
        """One line per failed expectation, critical first, for the terminal."""
        out = []
        for o in self.failed_critical + self.warnings:
            sample = ", ".join(repr(v) for v in o.unexpected_sample[:s.terminal_sample])
            where = f"{o.table}.{o.column}" if o.column else o.table
            count = f"{o.unexpected_count} rows" if o.unexpected_count else "failed"
            out.append(f"{o.severity:<8} {where}: {o.expectation} ({count}{': ' + sample if sample else ''})")
        return out


def _quiet_gx() -> None:
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    logging.getLogger("great_expectations").setLevel(logging.ERROR)
    warnings.filterwarnings("ignore", module="great_expectations")


def check(frames: dict[str, pd.DataFrame], params: dict, docs_dir: Path | None = None,
          s: ValidateSettings = VALIDATE) -> Report:
    """Run the checkpoint over the tables; write report.json and Data Docs into `docs_dir`."""
    _quiet_gx()
    import great_expectations as gx
    from great_expectations.data_context.types.base import (
        DataContextConfig, InMemoryStoreBackendDefaults, ProgressBarsConfig)

    config = DataContextConfig(store_backend_defaults=InMemoryStoreBackendDefaults(), analytics_enabled=False,
                               progress_bars=ProgressBarsConfig(globally=False))
    context = gx.get_context(project_config=config, mode="ephemeral")
    if docs_dir is not None:
        docs_dir.mkdir(parents=True, exist_ok=True)
        context.add_data_docs_site("skj", {
            "class_name": "SiteBuilder", "show_how_to_buttons": False,
            "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
            "store_backend": {"class_name": "TupleFilesystemStoreBackend", "base_directory": str(docs_dir.resolve())},
        })

    source = context.data_sources.add_pandas("skj")
    data = validation_frames(frames, s)
    suites = load_suites()
    definitions, batches = [], {}
    for name in SUITES:
        spec = suites[name]
        suite = context.suites.add(gx.ExpectationSuite(name=spec["name"], expectations=spec["expectations"],
                                                       meta=spec.get("meta")))
        batch = source.add_dataframe_asset(name).add_batch_definition_whole_dataframe(name)
        definitions.append(context.validation_definitions.add(
            gx.ValidationDefinition(name=name, data=batch, suite=suite)))
        batches[name] = data[name]

    # each table is its own DataFrame, so each definition runs with its own batch parameters (a
    # checkpoint would hand one set to all, and costs a second of (de)serialising them here); the
    # results go to the context's store, from which the Data Docs site is built once at the end
    outcomes: list[Outcome] = []
    for name, definition in zip(SUITES, definitions):
        # BASIC holds all a report keeps (the unexpected count, the first unexpected values);
        # SUMMARY would also count every unexpected value, a third of the run's time
        result = definition.run(batch_parameters={"dataframe": batches[name]}, expectation_parameters=params,
                                result_format="BASIC")
        for r in result.results:
            cfg = r.expectation_config
            kw = cfg.kwargs
            column = kw.get("column") or ",".join(kw.get("column_list") or []) or \
                ",".join(c for c in (kw.get("column_A"), kw.get("column_B")) if c) or None
            outcomes.append(Outcome(
                table=name, expectation=cfg.type, column=column, severity=str(getattr(cfg.severity, "value", cfg.severity)),
                success=bool(r.success), why=(cfg.meta or {}).get("why", ""),
                unexpected_count=r.result.get("unexpected_count"),
                unexpected_sample=[_plain(v) for v in (r.result.get("partial_unexpected_list") or [])[:s.sample]],
            ))
    report = Report(outcomes)
    if docs_dir is not None:
        context.build_data_docs(site_names=["skj"])
        write_json(docs_dir / "report.json", report.to_json())
        (docs_dir / "summary.html").write_text(summary_html(report, docs_dir), "utf-8")
    return report


def summary_html(report: Report, docs_dir: Path) -> str:
    """One self-contained page (no scripts, no CDN: it opens offline) listing every
    expectation with its severity, result and reason, linking each table's Data Docs page."""
    from html import escape

    pages = {p.stem.removeprefix("skj-"): p.relative_to(docs_dir).as_posix()
             for p in (docs_dir / "validations").rglob("*.html")}
    s = report.summary()
    rows = []
    for o in sorted(report.outcomes, key=lambda o: (o.success, o.severity != "critical", o.table)):
        result = "passed" if o.success else "FAILED"
        colour = "#1b7f3b" if o.success else ("#b00020" if o.severity == "critical" else "#a36a00")
        sample = ", ".join(escape(repr(v)) for v in o.unexpected_sample)
        table = f'<a href="{escape(pages[o.table])}">{o.table}</a>' if o.table in pages else o.table
        rows.append(f"<tr><td style='color:{colour};font-weight:bold'>{result}</td><td>{o.severity}</td>"
                    f"<td>{table}</td><td>{escape(o.column or '')}</td><td>{escape(o.expectation)}</td>"
                    f"<td>{o.unexpected_count if o.unexpected_count is not None else ''}</td><td>{sample}</td>"
                    f"<td>{escape(o.why)}</td></tr>")
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>skj-extract validation: {s['status']}</title>
<style>body{{font-family:sans-serif;margin:2em}}table{{border-collapse:collapse}}
td,th{{border:1px solid #ccc;padding:4px 8px;vertical-align:top;font-size:14px}}th{{background:#eee}}</style></head>
<body><h1>Validation: {s['status']}</h1>
<p>{s['expectations']} expectations, {s['critical_failed']} critical failed, {s['warnings']} warnings.
A failed critical expectation stops publication (manifest status <code>failed</code>); warnings are reported only.
Great Expectations' own Data Docs: <a href="index.html">index.html</a> (its styling loads from the internet).</p>
<table><tr><th>result</th><th>severity</th><th>table</th><th>column</th><th>expectation</th><th>unexpected rows</th>
<th>sample</th><th>why</th></tr>
{chr(10).join(rows)}
</table></body></html>
"""


def _plain(value: object) -> object:
    """A JSON-friendly unexpected value (GX hands back numpy scalars, NaN for nulls, dicts)."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and value != value:
        return None
    return value if isinstance(value, (str, int, float, bool, list)) or value is None else str(value)


def warm_up() -> None:
    """Import Great Expectations now (about 3 s, once per process) rather than inside a decree's timing."""
    _quiet_gx()
    import great_expectations  # noqa: F401


# the columns `validation_frames` derives from (the suites name the rest; a missing one fails its expectation)
NEEDED = {
    "jenjang": ("jenjang",), "kompetensi": ("jenjang", "kelompok", "nama"),
    "indikator": ("jenjang", "kompetensi", "kode", "level", "urutan"),
}


def check_into(frames: dict[str, pd.DataFrame], params: dict, docs: Path, within: Path) -> "Report":
    """`check`, its Data Docs written to `docs` inside the run's folder `within`: that folder
    failing to be written is an output error (exit 6), not a bug."""
    try:
        return check(frames, params, docs)
    except OSError as exc:
        if exc.filename is None or not str(exc.filename).startswith(str(within)):
            raise
        raise OutputError(f"cannot write {docs} ({exc.strerror or exc})") from None


def validate_folder(folder: Path) -> Report:
    """Re-run the checkpoint on a published output folder (`skj validate`).

    The folder is replaced whole, as `publish` replaces it: a copy with the new
    `validation/` report and the manifest's new `status` and `validation` summary is
    swapped in at once, under the decree's lock (so it never races an extraction
    publishing the same decree). A folder that cannot be written is refused before the
    checkpoint runs (exit 6); one that is not an output, or whose files are damaged,
    is unreadable input (exit 3).
    """
    needed = ["standard.json", "manifest.json"] + [f"{n}.csv" for n in SUITES]
    if not folder.is_dir():
        raise UnreadableInput("no such output folder", source=str(folder))
    folder = folder.resolve()
    missing = [n for n in needed if not (folder / n).is_file()]
    if missing:
        raise UnreadableInput(f"not an skj output folder (missing {', '.join(missing)})", source=str(folder))
    for where in (folder, folder.parent):
        problem = cannot_write(where)
        if problem is not None:
            raise OutputError(f"cannot update the output ({where} cannot be written: {problem})", source=str(folder))
    try:
        with decree_lock(folder.parent, folder.name):
            standard, manifest, frames = _read_output(folder)
            with atomic_folder(folder.parent, folder.name) as staging:
                shutil.copytree(folder, staging, symlinks=True, dirs_exist_ok=True,
                                ignore=lambda where, names: {n for n in names if Path(where) == folder
                                                             and (n == "validation" or is_staging(n))})
                report = check(frames, parameters(frames, standard, manifest.get("jenjang") or []),
                               staging / "validation")
                manifest.update(status=report.status, validation=report.summary())
                write_json(staging / "manifest.json", manifest)
            prune(folder.parent, folder.name)
    except OSError as exc:
        raise OutputError(f"cannot update the output ({exc.strerror or exc})", source=str(folder)) from None
    return report


def _read_output(folder: Path) -> tuple[dict, dict, dict[str, pd.DataFrame]]:
    """An output folder's standard, manifest and flat tables, refusing what no `publish` wrote."""
    def read_object(name: str) -> dict:
        try:
            data = json.loads((folder / name).read_text("utf-8"))
        except (ValueError, OSError) as exc:
            raise UnreadableInput(f"cannot read {name} ({exc})", source=str(folder)) from None
        if not isinstance(data, dict):
            raise UnreadableInput(f"not an skj output folder ({name} is not a JSON object)", source=str(folder))
        return data

    standard, manifest = read_object("standard.json"), read_object("manifest.json")
    if not isinstance(standard.get("decree"), dict):
        raise UnreadableInput("not an skj output folder (standard.json has no decree object)", source=str(folder))
    try:
        frames = read_tables(folder, SUITES)
    except (ValueError, OSError, pd.errors.ParserError) as exc:
        raise UnreadableInput(f"cannot read the output ({exc})", source=str(folder)) from None
    lacking = [f"{table}.csv lacks {col}" for table, cols in NEEDED.items() for col in cols
               if col not in frames[table]] + \
              [f"{table}.csv lacks {col}" for table, cols in TEXT_COLUMNS.items() for col in cols
               if col not in frames[table]]
    if lacking:
        raise UnreadableInput(f"not an skj output folder ({'; '.join(lacking)})", source=str(folder))
    return standard, manifest, frames


__all__ = ["Report", "check", "load_suites", "parameters", "validate_folder", "validation_frames", "warm_up"]
