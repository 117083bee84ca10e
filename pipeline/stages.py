"""The extraction stages as the runner (`extract.py`) calls them: each reads the `Document`
the stages before it filled, fills its own fields, logs its repairs in the document's one
`CorrectionLog`, and returns the note its progress line shows. The work itself is in the
stage modules (load, decree, sections, competency_table, requirements_table, normalise);
here they are wired to the document.
"""

from __future__ import annotations

import copy

import threading

from . import SCHEMA_VERSION, provenance, validate
from .competency_table import Competency, build_model, cell_texts, parse_competency_tables
from .decree import parse_body
from .errors import MissingPart
from .fragments import reattach, return_strays
from .lm import Counts, TrigramModel
from .load import load as load_text, scrub
from .document import Document
from .model import DIKTUM_FIELDS, CorrectionLog
from .normalise import Normaliser, build_lexicon, indonesian_words, tokenizer
from .pdf import is_pdf, read_pdf
from .reading_order import restore_line_order
from .reference import dictionary
from .requirements_table import pangkat_name, parse_requirements
from .sections import split_sections


def load(doc: Document) -> str:
    """The cleaned lines of the text file, or of the PDF's pages."""
    doc.clean = clean = scrub(read_pdf(doc.path, doc.options, doc.progress)) if is_pdf(doc.path) else load_text(doc.path)
    layer = f", {len(clean.layer_pages)} from their text layer" if clean.layer_pages else ""
    pages = f", {clean.pages} pages ({len(clean.ocr_pages)} by OCR{layer})" if clean.pages else ""
    controls = sum(r.get("controls", 0) for r in clean.removed)
    controls = f" ({controls} control characters)" if controls else ""
    return f"{clean.mode}{pages}: {len(clean.lines)} lines, {len(clean.removed)} removals{controls}"


def decree(doc: Document) -> str:
    """The decree's body: its id (the corrections log's key from here on) and diktum lists."""
    doc.body = parse_body(doc.clean.lines, doc.source)
    doc.corrections.decree = doc.body.id
    doc.claim(doc.body.id)
    for key, (read, why) in doc.body.terbaca.items():
        doc.corrections.add(None, key, read, str(getattr(doc.body, key)), why)
    return f"{doc.body.id}: {doc.body.tentang}"


IDENTITY_READINGS = {  # why an identity value read was set aside (sections._split_one)
    "kode_jabatan": "no code: what OCR made of an empty cell",
    "kelompok_jabatan": "kind of position: the specks read before it dropped",
}


def sections(doc: Document) -> str:
    doc.sections = split_sections(doc.clean.lines[doc.body.lampiran_start:], doc.source, doc.body.jabatan_fungsional)
    for s in doc.sections:
        if s.nama_terbaca is not None:
            doc.corrections.add(s.jenjang, "nama_jabatan", s.nama_terbaca, s.nama_jabatan,
                                "position name: the functional position's name and the jenjang")
        for key, read in s.identity_terbaca.items():
            doc.corrections.add(s.jenjang, key, read, s.identity.get(key) or "", IDENTITY_READINGS[key])
    return ", ".join(s.jenjang for s in doc.sections)


def name_candidates(body) -> list[tuple[str, str]]:
    """Every competency name a row may carry: the dictionary's canonical names first, then the diktum's."""
    ref = dictionary()
    names = [(k, n) for k in ("manajerial", "sosial_kultural") for n in ref.names(k)]
    for kelompok in ("manajerial", "sosial_kultural", "teknis"):
        names += [(kelompok, n) for n in getattr(body, DIKTUM_FIELDS[kelompok])]
    return names


def tables(doc: Document) -> str:
    """The competency and requirements tables and the ikhtisar of every jenjang."""
    log, body = doc.corrections, doc.body
    sentences = dictionary().sentences()
    all_text = [ln.text for ln in doc.clean.lines]
    doc.tables = parse_competency_tables([s.competency_lines for s in doc.sections], name_candidates(body),
                                         sentences, all_text)
    for sec, comps in zip(doc.sections, doc.tables):
        if not comps:
            raise MissingPart(f"jenjang {sec.jenjang}: the competency table has no rows", source=doc.source)
    for sec, comps in zip(doc.sections, doc.tables):
        _log_row_repairs(sec.jenjang, comps, log)
    model = build_model(sentences + [t for comps in doc.tables for c in comps for t in cell_texts(c)], all_text)
    orderers = [_line_orderer(model, s.jenjang, log) for s in doc.sections]
    doc.reqs = [parse_requirements(s.requirement_lines, order) for s, order in zip(doc.sections, orderers)]
    for sec, req in zip(doc.sections, doc.reqs):
        for fix in req.perbaikan:
            log.add(sec.jenjang, fix["field"], fix["before"], fix["after"], fix["why"])
    doc.ikhtisar = [order([ln.text for ln in s.ikhtisar], "ikhtisar_jabatan") for s, order in zip(doc.sections, orderers)]
    return (f"{sum(len(t) for t in doc.tables)} competencies, "
            f"{sum(len(c.indikator) for t in doc.tables for c in t)} indicators, {len(log)} displaced pieces put back")


def _log_row_repairs(jenjang: str, comps: list[Competency], log: CorrectionLog) -> None:
    """The competency table's own repairs (recorded on each row), then the moves between cells."""
    for comp in comps:
        where = f"kompetensi[{comp.urutan}] {comp.nama}"
        for fix in comp.perbaikan:
            log.add(jenjang, f"{where} {fix['column']}", fix["before"], fix["after"],
                    f"{fix.get('why', 'line end put back')}: {fix['what']}")
        if comp.nomor_terbaca is not None:
            log.add(jenjang, f"{where} nomor_sumber", comp.nomor_terbaca, str(comp.nomor_sumber),
                    "row number misread or lost: the rows beside it count to another")
        if comp.level_terbaca is not None:
            log.add(jenjang, f"{where} level", str(comp.level_terbaca), str(comp.level),
                    "level digit misread: the indicator codes agree on another level")
    # a ruled table's cells hold what was printed in them: the moves between cells that undo
    # OCR's interleaving are for text input only
    text_rows = [c for c in comps if not c.ruled]
    for comp, before, what in reattach(text_rows):
        log.add(jenjang, f"kompetensi[{comp.urutan}] {comp.nama} deskripsi", before or "", comp.deskripsi or "",
                f"fragment moved: {what}")
    for comp in text_rows:
        before = _row_text(comp)
        for what, after in return_strays(comp):
            log.add(jenjang, f"kompetensi[{comp.urutan}] {comp.nama} cells", before, after, f"word moved: {what}")
            before = after


def _row_text(comp: Competency) -> str:
    """A row's description and indicators, as the corrections log shows a row's cells."""
    return " | ".join([comp.deskripsi or ""] + [i["teks"] for i in comp.indikator])


def _line_orderer(model: TrigramModel, jenjang: str, log: CorrectionLog):
    """`order(lines, field)` for one jenjang: restore displaced lines of a one-column cell, logging each move."""
    def order(lines: list[str], field: str) -> list[str]:
        held = Counts()
        for text in lines:
            held.add(text.split())
        new, what = restore_line_order(lines, model.holding_out(held))
        if what:
            log.add(jenjang, field, " ".join(lines), " ".join(new), f"line order restored: {what}")
        return new
    return order


def normalise(doc: Document) -> str:
    """The free text repaired against the lexicon (each repair logged), then the contract's dict,
    built once from the document."""
    lexicon = build_lexicon(dictionary().sentences(), [ln.text for ln in doc.clean.lines])
    doc.repaired = repair(doc, Normaliser(lexicon, doc.corrections))
    doc.standard = assemble(doc)
    return f"{len(doc.corrections)} corrections"


def repair(doc: Document, normaliser: Normaliser) -> list[dict]:
    """Every free-text field of every jenjang repaired (names and codes are left alone), as copies:
    the tables stage's rows and requirements stay as read, for its interim file to show."""
    out = []
    for sec, comps, req, summary in zip(doc.sections, doc.tables, doc.reqs, doc.ikhtisar):
        name = sec.jenjang
        fixed: dict = {key: normaliser.text(value, name, key) for key, value in (
            ("urusan_pemerintahan", sec.identity.get("urusan_pemerintahan")),
            ("ikhtisar_jabatan", " ".join(summary) or None))}
        fixed["kompetensi"] = []
        for c in comps:
            where = f"kompetensi[{c.urutan}] {c.nama}"
            deskripsi = normaliser.text(c.deskripsi, name, f"{where} deskripsi")
            indikator = copy.deepcopy(c.indikator)
            for ind in indikator:
                field = f"{where} indikator {ind['kode']}"
                ind["teks"] = normaliser.text(normaliser.cell_start(ind["teks"], name, field, digits=True), name, field)
            fixed["kompetensi"].append((deskripsi, indikator))

        def requirement(value: str | None, field: str) -> str | None:  # a cell beside the tick cells
            return normaliser.text(normaliser.cell_start(normaliser.cell_end(value, name, field), name, field), name, field)

        pendidikan = copy.deepcopy(req.pendidikan)
        for key in ("jenjang_pendidikan", "bidang_ilmu"):
            pendidikan[key] = requirement(pendidikan[key], f"pendidikan {key}")
        pelatihan = copy.deepcopy(req.pelatihan)
        for n, p in enumerate(pelatihan, start=1):
            p["nama"] = requirement(p["nama"], f"pelatihan[{n}] nama")
        pengalaman_kerja = copy.deepcopy(req.pengalaman_kerja)
        for n, p in enumerate(pengalaman_kerja, start=1):
            p["uraian"] = requirement(p["uraian"], f"pengalaman_kerja[{n}] uraian")
        kinerja = requirement(req.indikator_kinerja_jabatan, "indikator_kinerja_jabatan")
        pangkat = copy.deepcopy(req.pangkat)
        for p in pangkat:
            if p["nama"] and (named := pangkat_name(p["nama"])) != p["nama"]:
                normaliser.log(name, "pangkat nama", p["nama"], named, "the I of `Tk. I` misread")
                p["nama"] = named
            if p["golongan_sumber"] != p["golongan"]:
                why = "golongan read as roman numerals" if p["golongan_sumber"] else "golongan not read; taken from its pangkat name"
                normaliser.log(name, "pangkat golongan", p["golongan_sumber"], p["golongan"], why)
        fixed["persyaratan"] = {"pendidikan": pendidikan, "pelatihan": pelatihan, "pengalaman_kerja": pengalaman_kerja,
                                "pangkat": pangkat, "indikator_kinerja_jabatan": kinerja}
        out.append(fixed)
    return out


def assemble(doc: Document) -> dict:
    """The standard as the contract shapes it, built once: the document's values, their free text
    as the normalise stage repaired it (`repair`), and beside each value where it was read (its
    `asal`, `provenance`)."""
    clean = doc.clean
    decree = {k: v for k, v in doc.body.to_json().items() if k not in ("lampiran_start", "terbaca")}
    decree["source"] = {"file": str(clean.path), "sha256": clean.sha256, "mode": clean.mode, "pages": clean.pages}
    if clean.mode != "text":
        decree["source"]["ocr_pages"] = clean.ocr_pages
        decree["source"]["layer_pages"] = clean.layer_pages
    jenjang = []
    for sec, comps, req, fixed in zip(doc.sections, doc.tables, doc.reqs, doc.repaired):
        got = req.asal or {}
        pend = got.get("pendidikan", {})
        persyaratan = fixed["persyaratan"]
        jenjang.append({
            "nama_jabatan": sec.nama_jabatan,
            "jenjang": sec.jenjang,
            "kategori": sec.kategori,
            "kelompok_jabatan": sec.identity.get("kelompok_jabatan"),
            "urusan_pemerintahan": fixed["urusan_pemerintahan"],
            "kode_jabatan": sec.identity.get("kode_jabatan"),
            "ikhtisar_jabatan": fixed["ikhtisar_jabatan"],
            "kompetensi": [
                {
                    "kelompok": c.kelompok, "urutan": c.urutan, "nomor_sumber": c.nomor_sumber, "nama": c.nama,
                    "nama_sumber": c.nama_sumber, "level": c.level, "level_tercetak": c.level_tercetak,
                    "deskripsi": deskripsi, "indikator": _with_asal(indikator, c.asal.get("indikator", [])),
                    "halaman": list(c.halaman), "asal": {key: c.asal.get(key) for key in ("nama", "level", "deskripsi")},
                }
                for c, (deskripsi, indikator) in zip(comps, fixed["kompetensi"])
            ],
            "persyaratan": {
                "pendidikan": persyaratan["pendidikan"],
                **{key: _with_asal(persyaratan[key], got.get(key, []))
                   for key in ("pelatihan", "pengalaman_kerja", "pangkat")},
                "indikator_kinerja_jabatan": persyaratan["indikator_kinerja_jabatan"],
                "asal": {"jenjang_pendidikan": pend.get("jenjang_pendidikan"), "bidang_ilmu": pend.get("bidang_ilmu"),
                         "indikator_kinerja_jabatan": got.get("indikator_kinerja_jabatan")},
            },
            "asal": {"ikhtisar_jabatan": provenance.of_lines(sec.ikhtisar)},
        })
    return {"schema_version": SCHEMA_VERSION, "decree": decree, "jenjang": jenjang}


def _with_asal(items: list[dict], asal: list) -> list[dict]:
    """The items, each with its provenance record as its last field (those the table read one for)."""
    return [{**item, "asal": a} for item, a in zip(items, asal)] + [dict(item) for item in items[len(asal):]]


def tables_json(doc: Document) -> list[dict]:
    """The tables stage's artefact (04-tables.json)."""
    return [{"jenjang": s.jenjang, "kompetensi": [c.to_json() for c in t], "persyaratan": r.to_json()}
            for s, t, r in zip(doc.sections, doc.tables, doc.reqs)]


# ---------------------------------------------------------------- the heavy libraries

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


def libraries_ready() -> bool:
    """Wait for a background warm-up, if one runs (a failure there shows again, properly, on first
    use); True when there was something to wait for."""
    if _warming is None or not _warming.is_alive():
        return False
    _warming.join()
    return True
