"""Run the stages on one decree: raw file -> interim artefacts -> published output.

Each stage writes what it produced to `interim/<decree-id>/NN-stage.json` so a
person can inspect it (the validation report and Data Docs in `06-validation/`).
Nothing reaches `output/` unless every stage succeeded and the result satisfies
the contract; an output failing a critical expectation is written with status
`failed` (keeping the last good one inside it) and the run exits 2; see
`export.publish` for the atomic swap.

Once the decree's id is known and its tables are built, the run takes the decree's
lock (`export.decree_lock`) for everything it writes: its own interim folder (a hidden
staging folder, swapped in whole at the end, so two runs never mix their artefacts or
remove each other's validation pages), the validation report, the output.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
import time
import traceback
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from . import SCHEMA_VERSION, __version__, findings, validate
from .competency_table import Competency, build_model, cell_texts, group_rows, parse_competency_tables
from .decree import DecreeBody, parse_body
from .errors import DuplicateDecree, MissingPart, OutputError, SkjError, StageFailed, ValidationFailed
from .fragments import reattach, return_strays
from .export import check_contract, decree_lock, flat_tables, is_staging, make_staging, publish, recover, remove, \
    replace_folder
from .load import CleanText, load, scrub
from .lm import Counts, TrigramModel
from .pdf import PdfOptions, is_pdf, read_pdf
from .normalise import Correction, Normaliser, build_lexicon, indonesian_words, tokenizer
from .reading_order import restore_line_order
from .reference import dictionary
from .requirements_table import Requirements, parse_requirements
from .sections import JenjangSection, split_sections

Progress = Callable[[str], None]


@dataclass
class Result:
    decree_id: str
    output: Path | None
    jenjang: int
    kompetensi: int
    corrections: int
    seconds: dict[str, float] = field(default_factory=dict)
    up_to_date: bool = False  # the output was already made from this very file, code and expectations


def runtime_files() -> list[Path]:
    """Every file the extraction runs on: the whole package (its modules, subpackages and data,
    the shipped suites' copy included) and the expectation suites in use."""
    package = Path(__file__).resolve().parent
    files = [p for p in sorted(package.rglob("*")) if p.is_file() and "__pycache__" not in p.parts]
    return files + sorted(validate.expectations_dir().glob("*.json"))


def run_key(path: Path, options: PdfOptions) -> str:
    """What an output depends on: the input file's bytes and name, the pipeline's code and reference
    data, the expectation suites, the schema, and for a PDF the OCR choices and Tesseract's version.
    An output whose manifest holds the same key needs no rerun."""
    h = hashlib.sha256()
    try:
        with open(path, "rb") as fh:  # in pieces: a large PDF is not held in memory for its hash
            for block in iter(lambda: fh.read(1 << 20), b""):
                h.update(block)
    except OSError:
        return ""  # unreadable: the stages will say so
    h.update(path.name.encode())
    for part in runtime_files():
        h.update(part.name.encode() + part.read_bytes())
    h.update(SCHEMA_VERSION.encode())
    if is_pdf(path):
        from .ocr import OcrSettings

        h.update(f"ocr={options.ocr}".encode() + OcrSettings().key().encode())
    return h.hexdigest()


def up_to_date(key: str, out_root: Path) -> Result | None:
    """The published output already made with `key` (status ok), if any. Only outputs count:
    a folder named after the decree id its manifest records, never a hidden staging folder
    (a killed run's, which may hold a whole manifest) or a previous output being removed."""
    if not key:
        return None
    try:
        folders = sorted(p for p in out_root.iterdir() if not is_staging(p.name))
    except OSError:
        return None
    for folder in folders:
        done = _made_with(folder, key)
        if done is not None:
            return done
    return None


def _made_with(folder: Path, key: str) -> Result | None:
    """`folder` as an up-to-date Result when it is a good output made with `key`."""
    try:
        manifest = json.loads((folder / "manifest.json").read_text("utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(manifest, dict) or manifest.get("decree_id") != folder.name:
        return None
    if manifest.get("run_key") == key and manifest.get("status") == "ok" and (folder / "standard.json").is_file():
        jenjang = manifest.get("jenjang")
        return Result(folder.name, folder, len(jenjang) if isinstance(jenjang, list) else 0,
                      manifest.get("kompetensi", 0), manifest.get("corrections", 0), up_to_date=True)
    return None


def _claim(claimed: dict[str, str] | None, decree_id: str, source: str) -> None:
    """Note that `source` is decree `decree_id` in this run; refuse a second file of the same decree
    (it would replace the first one's output, and the summary would count both)."""
    if claimed is None:
        return
    first = claimed.setdefault(decree_id, source)
    if first != source:
        raise DuplicateDecree(f"same decree ({decree_id}) as {first}, read earlier in this run: not extracted "
                              f"(keep one of the two files)", source=source)


class _Clock:
    """Times each stage and reports it as it finishes."""

    def __init__(self, progress: Progress):
        self.progress = progress
        self.seconds: dict[str, float] = {}
        self._t = time.perf_counter()

    def done(self, stage: str, note: str = "") -> None:
        now = time.perf_counter()
        self.seconds[stage] = now - self._t
        self._t = now
        self.progress(f"  {stage:<10} {self.seconds[stage]:6.2f}s  {note}".rstrip())


def _write_interim(folder: Path, name: str, data: dict | list) -> None:
    try:
        (folder / name).write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    except OSError as exc:
        raise OutputError(f"cannot write {folder / name} ({exc.strerror or exc})") from None


class _DecreeWriter:
    """Everything one run writes for a decree, under the decree's lock (`export.decree_lock`,
    which first cleans up what killed runs left in the output folder). The run's interim
    artefacts go to its own hidden folder beside `interim_root/<id>`, swapped in whole when the
    block ends, or ends in a failure the run reports (a broken contract: its artefacts show why),
    and removed when it was interrupted or met a bug."""

    def __init__(self, out_root: Path, interim_root: Path, decree_id: str, progress: Progress):
        self.out_root, self.interim_root, self.decree_id, self.progress = out_root, interim_root, decree_id, progress
        self._held = ExitStack()
        self._interim: Path | None = None

    def __enter__(self) -> "_DecreeWriter":
        try:
            self._held.enter_context(decree_lock(self.out_root, self.decree_id, self.progress))
        except OSError as exc:
            raise OutputError(f"cannot write to {self.out_root} ({exc.strerror or exc})") from None
        return self

    def interim(self) -> Path:
        """This run's interim folder (made on first use)."""
        if self._interim is None:
            try:
                self.interim_root.mkdir(parents=True, exist_ok=True)
                recover(self.interim_root, self.decree_id)
                self._interim = make_staging(self.interim_root, self.decree_id)
            except OSError as exc:
                raise OutputError(f"cannot write to {self.interim_root} ({exc.strerror or exc})") from None
        return self._interim

    def __exit__(self, kind, value, trace) -> None:
        with self._held:
            if self._interim is None:
                return
            try:
                if kind is None or issubclass(kind, SkjError) and not issubclass(kind, OutputError):
                    target = self.interim_root / self.decree_id
                    try:
                        replace_folder(self._interim, target)
                    except OSError as exc:
                        raise OutputError(f"cannot write {target} ({exc.strerror or exc})") from None
            finally:
                remove(self._interim)  # not swapped in (an exception): this run's artefacts go


def name_candidates(body: DecreeBody) -> list[tuple[str, str]]:
    """Every competency name a row may carry: the dictionary's canonical names first, then the diktum's."""
    ref = dictionary()
    names = [(k, n) for k in ("manajerial", "sosial_kultural") for n in ref.names(k)]
    names += [("manajerial", n) for n in body.kompetensi_manajerial_diktum]
    names += [("sosial_kultural", n) for n in body.kompetensi_sosial_kultural_diktum]
    names += [("teknis", n) for n in body.kompetensi_teknis_diktum]
    return names


def _line_orderer(model: TrigramModel, decree: str, jenjang: str, moves: list[Correction]):
    """`order(lines, field)` for one jenjang: restore displaced lines of a one-column cell, logging each move."""
    def order(lines: list[str], field: str) -> list[str]:
        held = Counts()
        for text in lines:
            held.add(text.split())
        new, what = restore_line_order(lines, model.holding_out(held))
        if what:
            moves.append(Correction(decree, jenjang, field, " ".join(lines), " ".join(new), f"line order restored: {what}"))
        return new
    return order


def assemble(clean: CleanText, body: DecreeBody, sections: list[JenjangSection],
             tables: list[list[Competency]], reqs: list[Requirements], ikhtisar: list[list[str]]) -> dict:
    """The standard as the contract shapes it (text not yet normalised)."""
    decree = {k: v for k, v in body.to_json().items() if k != "lampiran_start"}
    decree["source"] = {"file": str(clean.path), "sha256": clean.sha256, "mode": clean.mode, "pages": clean.pages}
    if clean.mode != "text":
        decree["source"]["ocr_pages"] = clean.ocr_pages
        decree["source"]["layer_pages"] = clean.layer_pages
    jenjang = []
    for sec, comps, req, summary in zip(sections, tables, reqs, ikhtisar):
        jenjang.append({
            "nama_jabatan": sec.nama_jabatan,
            "jenjang": sec.jenjang,
            "kategori": sec.kategori,
            "kelompok_jabatan": sec.identity.get("kelompok_jabatan"),
            "urusan_pemerintahan": sec.identity.get("urusan_pemerintahan"),
            "kode_jabatan": sec.identity.get("kode_jabatan"),
            "ikhtisar_jabatan": " ".join(summary) or None,
            "kompetensi": [
                {
                    "kelompok": c.kelompok, "urutan": c.urutan, "nomor_sumber": c.nomor_sumber, "nama": c.nama,
                    "nama_sumber": c.nama_sumber, "level": c.level, "level_tercetak": c.level_tercetak,
                    "deskripsi": c.deskripsi, "indikator": c.indikator, "halaman": c.halaman,
                }
                for c in comps
            ],
            "persyaratan": {
                "pendidikan": req.pendidikan,
                "pelatihan": req.pelatihan,
                "pengalaman_kerja": req.pengalaman_kerja,
                "pangkat": req.pangkat,
                "indikator_kinerja_jabatan": req.indikator_kinerja_jabatan,
            },
        })
    return {"schema_version": SCHEMA_VERSION, "decree": decree, "jenjang": jenjang}


def normalise_standard(standard: dict, normaliser: Normaliser) -> None:
    """Repair every free-text field of the standard in place (names and codes are left alone)."""
    for j in standard["jenjang"]:
        name = j["jenjang"]
        for key in ("urusan_pemerintahan", "ikhtisar_jabatan"):
            j[key] = normaliser.text(j[key], name, key)
        for k in j["kompetensi"]:
            where = f"kompetensi[{k['urutan']}] {k['nama']}"
            k["deskripsi"] = normaliser.text(k["deskripsi"], name, f"{where} deskripsi")
            for ind in k["indikator"]:
                ind["teks"] = normaliser.text(ind["teks"], name, f"{where} indikator {ind['kode']}")
        req = j["persyaratan"]
        for key in ("jenjang_pendidikan", "bidang_ilmu"):
            req["pendidikan"][key] = normaliser.text(req["pendidikan"][key], name, f"pendidikan {key}")
        for n, p in enumerate(req["pelatihan"], start=1):
            p["nama"] = normaliser.text(p["nama"], name, f"pelatihan[{n}] nama")
        for n, p in enumerate(req["pengalaman_kerja"], start=1):
            p["uraian"] = normaliser.text(p["uraian"], name, f"pengalaman_kerja[{n}] uraian")
        req["indikator_kinerja_jabatan"] = normaliser.text(req["indikator_kinerja_jabatan"], name, "indikator_kinerja_jabatan")
        for p in req["pangkat"]:
            if p["golongan_sumber"] != p["golongan"]:
                normaliser.log(name, "pangkat golongan", p["golongan_sumber"], p["golongan"], "golongan read as roman numerals")


def _row_text(comp: Competency) -> str:
    """A row's description and indicators, as the corrections log shows a row's cells."""
    return " | ".join([comp.deskripsi or ""] + [i["teks"] for i in comp.indikator])


def warm_up() -> None:
    """Load the heavy libraries (spaCy's tokenizer, wordfreq's list, Great Expectations) once per process,
    so a decree's stage timings show its own work."""
    tokenizer()
    indonesian_words()
    validate.warm_up()


_warming: threading.Thread | None = None


def warm_up_in_background() -> None:
    """Start loading the libraries in a thread: a scanned decree's OCR (worker processes) runs
    meanwhile, so the seconds of loading are hidden behind it."""
    global _warming
    if _warming is None:
        _warming = threading.Thread(target=warm_up, name="skj-warm-up", daemon=True)
        _warming.start()


def _libraries_ready() -> bool:
    """Wait for a background warm-up, if one runs (a failure there shows again, properly, on first
    use); True when there was something to wait for."""
    if _warming is None or not _warming.is_alive():
        return False
    _warming.join()
    return True


@contextmanager
def _stage(name: str, source: str, interim_root: Path):
    """Run one stage: an exception it has no rule for becomes `StageFailed` (exit 8, one line naming
    the stage), its traceback kept in `interim_root/tracebacks/` for the bug report."""
    try:
        yield
    except SkjError:
        raise
    except Exception as exc:  # noqa: BLE001 - any condition a stage did not foresee, on any input
        log = None
        try:
            folder = interim_root / "tracebacks"
            folder.mkdir(parents=True, exist_ok=True)
            target = folder / f"{Path(source).name}.{name}.{os.getpid()}.txt"
            target.write_text("".join(traceback.format_exception(exc)), "utf-8")
            log = str(target)
        except OSError:
            pass
        raise StageFailed(name, exc, source=source, log=log) from exc


def extract(path: Path, out_root: Path, interim_root: Path, progress: Progress = lambda _: None,
            publish_output: bool = True, pdf_options: PdfOptions = PdfOptions(), force: bool = False,
            claimed: dict[str, str] | None = None) -> Result:
    """Extract one decree file (OCR text or PDF); raise an `SkjError` subclass on bad input
    (nothing published then). An output already made from this very file by this code is left
    as it is, unless `force`. `claimed` (decree id -> file) is the run's record of the decrees
    read so far: a second file of the same decree is refused (`DuplicateDecree`)."""
    source = str(path)
    key = run_key(path, pdf_options)
    if publish_output and not force:
        done = up_to_date(key, out_root)
        if done is not None:
            _claim(claimed, done.decree_id, source)
            progress(f"  up to date: {done.output} (same file, code and expectations; --force redoes it)")
            return done
    warm_up_in_background()
    clock = _Clock(progress)
    with _stage("load", source, interim_root):
        clean = scrub(read_pdf(path, pdf_options, progress)) if is_pdf(path) else load(path)
    layer = f", {len(clean.layer_pages)} from their text layer" if clean.layer_pages else ""
    pages = f", {clean.pages} pages ({len(clean.ocr_pages)} by OCR{layer})" if clean.pages else ""
    controls = sum(r.get("controls", 0) for r in clean.removed)
    controls = f" ({controls} control characters)" if controls else ""
    clock.done("load", f"{clean.mode}{pages}: {len(clean.lines)} lines, {len(clean.removed)} removals{controls}")
    if _libraries_ready():
        clock.done("libraries", "spaCy, wordfreq and Great Expectations loaded")
    with _stage("decree", source, interim_root):
        body = parse_body(clean.lines, source)
    _claim(claimed, body.id, source)
    clock.done("decree", f"{body.id}: {body.tentang}")
    with _stage("sections", source, interim_root):
        sections = split_sections(clean.lines[body.lampiran_start:], source)
    clock.done("sections", ", ".join(s.jenjang for s in sections))
    with _stage("tables", source, interim_root):
        tables, reqs, ikhtisar, moves = _tables(body, sections, clean)
    clock.done("tables", f"{sum(len(t) for t in tables)} competencies, "
                         f"{sum(len(c.indikator) for t in tables for c in t)} indicators, {len(moves)} displaced pieces put back")

    with _stage("normalise", source, interim_root):
        standard = assemble(clean, body, sections, tables, reqs, ikhtisar)
        normaliser = Normaliser(build_lexicon(dictionary().sentences(), [ln.text for ln in clean.lines]), body.id)
        normaliser.corrections.extend(moves)
        normalise_standard(standard, normaliser)
        corrections = [c.to_json() for c in normaliser.corrections]
    clock.done("normalise", f"{len(corrections)} corrections")
    with _stage("publish", source, interim_root):
        return _publish(path, key, out_root, interim_root, progress, publish_output, force, clock,
                        clean, body, sections, tables, reqs, standard, corrections)


def _tables(body: DecreeBody, sections: list[JenjangSection], clean: CleanText):
    """The competency and requirements tables and the ikhtisar of every jenjang, with the
    corrections their reading made."""
    source = str(clean.path)

    sentences = dictionary().sentences()
    all_text = [ln.text for ln in clean.lines]
    tables = parse_competency_tables([s.competency_lines for s in sections], name_candidates(body), sentences, all_text)
    for sec, comps in zip(sections, tables):
        if not comps:
            raise MissingPart(f"jenjang {sec.jenjang}: the competency table has no rows", source=source)
    moves: list[Correction] = []
    for sec, comps in zip(sections, tables):
        for comp in comps:
            for fix in comp.perbaikan:
                moves.append(Correction(body.id, sec.jenjang, f"kompetensi[{comp.urutan}] {comp.nama} {fix['column']}",
                                        fix["before"], fix["after"], f"line end put back: {fix['what']}"))
            if comp.nomor_terbaca is not None:
                moves.append(Correction(body.id, sec.jenjang, f"kompetensi[{comp.urutan}] {comp.nama} nomor_sumber",
                                        str(comp.nomor_terbaca), str(comp.nomor_sumber),
                                        "row number misread: the rows before and after it agree on another"))
            if comp.level_terbaca is not None:
                moves.append(Correction(body.id, sec.jenjang, f"kompetensi[{comp.urutan}] {comp.nama} level",
                                        str(comp.level_terbaca), str(comp.level),
                                        "level digit misread: the indicator codes agree on another level"))
        # a ruled table's cells hold what was printed in them: the moves between cells that undo
        # OCR's interleaving are for text input only
        text_rows = [c for c in comps if not c.ruled]
        for comp, before, what in reattach(text_rows):
            moves.append(Correction(body.id, sec.jenjang, f"kompetensi[{comp.urutan}] {comp.nama} deskripsi",
                                    before or "", comp.deskripsi or "", f"fragment moved: {what}"))
        for comp in text_rows:
            before = _row_text(comp)
            for what, after in return_strays(comp):
                moves.append(Correction(body.id, sec.jenjang, f"kompetensi[{comp.urutan}] {comp.nama} cells",
                                        before, after, f"word moved: {what}"))
                before = after
    model = build_model(sentences + [t for comps in tables for c in comps for t in cell_texts(c)], all_text)
    orderers = [_line_orderer(model, body.id, s.jenjang, moves) for s in sections]
    reqs = [parse_requirements(s.requirement_lines, order) for s, order in zip(sections, orderers)]
    ikhtisar = [order([ln.text for ln in s.ikhtisar], "ikhtisar_jabatan") for s, order in zip(sections, orderers)]
    return tables, reqs, ikhtisar, moves


def _publish(path, key, out_root, interim_root, progress, publish_output, force, clock,
             clean, body, sections, tables, reqs, standard, corrections) -> Result:
    """Check, validate and publish the standard (see `export.publish`)."""
    source = str(path)
    # from here on this run writes: one writer per decree at a time, in its own interim folder
    with _DecreeWriter(out_root, interim_root, body.id, progress) as writer:
        if publish_output and not force:
            done = _made_with(out_root / body.id, key)
            if done is not None:  # another run published this very file while this one read it
                progress(f"  up to date: {done.output} (published meanwhile by another run)")
                return done
        interim = writer.interim()
        _write_interim(interim, "01-clean.json", clean.to_json())
        _write_interim(interim, "02-decree.json", body.to_json())
        _write_interim(interim, "03-sections.json", [s.to_json() for s in sections])
        _write_interim(interim, "04-tables.json", [
            {"jenjang": s.jenjang, "kompetensi": [c.to_json() for c in t], "persyaratan": r.to_json()}
            for s, t, r in zip(sections, tables, reqs)
        ])
        _write_interim(interim, "05-normalised.json", {"standard": standard, "corrections": corrections})

        check_contract(standard, source)
        frames = flat_tables(standard, corrections)
        docs = interim / "06-validation"
        try:
            report = validate.check(frames, validate.parameters(frames, standard, [s.jenjang for s in sections]), docs)
        except OSError as exc:
            if exc.filename is None or not str(exc.filename).startswith(str(interim)):
                raise
            raise OutputError(f"cannot write {docs} ({exc.strerror or exc})") from None
        summary = report.summary()
        clock.done("validate", f"{summary['expectations']} expectations: {summary['critical_failed']} critical failed, "
                               f"{summary['warnings']} warnings")
        for line in report.lines():
            progress(f"    {line}")

        found = findings.find(standard, {s.jenjang: group_rows(s.competency_lines) for s in sections})
        output = None
        n_comp = sum(len(j["kompetensi"]) for j in standard["jenjang"])
        if publish_output:
            manifest = {
                "decree_id": body.id, "status": report.status, "skj_extract_version": __version__, "run_key": key,
                "schema_version": SCHEMA_VERSION, "source": standard["decree"]["source"],
                "jenjang": [j["jenjang"] for j in standard["jenjang"]], "kompetensi": n_comp,
                "corrections": len(corrections), "findings": len(found), "validation": summary,
            }
            output = publish(standard, frames, out_root, {
                "manifest.json": manifest, "findings.json": found, "findings.md": findings.to_markdown(standard, found),
            }, folders={"validation": docs}, failed=report.status == "failed")
        clock.done("export", str(output) if output else "(not published)")
    if report.status == "failed":
        first = report.lines()[0]
        where = f"; written with status failed to {output}" if output else ""
        raise ValidationFailed(f"{summary['critical_failed']} critical expectation(s) failed, first: {first}{where}",
                               source=source)
    return Result(body.id, output, len(standard["jenjang"]), n_comp, len(corrections), clock.seconds)
