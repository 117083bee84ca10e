"""The review page: every extracted cell beside the page it was read from, doubtful ones flagged.

A steward decides whether to publish a decree. Reading CSV files against a 30-70 page PDF
is slow; looking is fast. `write(folder, source)` turns a staged output folder (standard.json
with its `asal` provenance, corrections.csv, findings.json, validation/report.json,
manifest.json) into `review.html`: one self-contained page (plain HTML, CSS and a little
inline JavaScript, nothing fetched) with the page images beside it in `review/` (rendered
by poppler's `pdftoppm` at a low resolution). Per jenjang it rebuilds the competency and
requirements tables; selecting a cell (click, hover, Tab) shows its page with the cell's box
drawn, or for a text file the source lines it came from. A cell is flagged where a
correction was made (original and replacement shown), where its OCR confidence is low,
where a validation expectation failed on its value, or where a finding names it; `n` / `p`
step through the flagged cells, and the summary on top lists the ones to check first.

It is called on the staging folder, before the output is published, so the page is part of
the same atomic publication as the data it describes.
"""

from __future__ import annotations

import csv
import html
import json
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class ReviewSettings:
    """Every threshold of the review page, named (pdfplumber's TableSettings as the model)."""

    dpi: int = 80  # page images: enough to see a cell's text at the viewer's width, small files (tens of kB a page)
    size_decimals: int = 1  # a page's size (points) handed to the viewer, to a tenth of a point: enough for its boxes
    grey_levels: int = 16  # grey levels a page image keeps: a scan's noise does not bloat the PNG files
    png_compression: int = 3  # zlib level (0-9) of the page images: quick to write, the files small already in 16 greys
    low_mean: float = 80.0  # OCR: a cell whose words' mean confidence is below this is flagged
    low_min: float = 40.0  # ... or whose least confident word is below this
    unread_confidence: float = 100  # a cell without OCR confidence sorts as a sure one among cells flagged alike
    first: int = 12  # cells listed under "check first": the summary stays one screen


REVIEW = ReviewSettings()
SEVERITY = {"critical": 5, "warning": 4, "correction": 3, "ocr": 2, "finding": 1}  # the decree's own faults last


@dataclass
class Cell:
    id: str
    label: str  # where it is, in words: `Ahli Pertama · Integritas · deskripsi`
    text: str
    asal: dict | None
    values: dict = field(default_factory=dict)  # (table, column) -> the value the CSV files hold
    flags: list[tuple[str, str]] = field(default_factory=list)  # (kind, message)

    def flag(self, kind: str, message: str) -> None:
        if (kind, message) not in self.flags:
            self.flags.append((kind, message))

    def weight(self, s: ReviewSettings = REVIEW) -> tuple:
        """Where the cell stands in the "check first" list: graver flags, more flags, lower OCR confidence first."""
        conf = (self.asal or {}).get("ocr_conf_min")
        return (-max((SEVERITY[k] for k, _ in self.flags), default=0), -len(self.flags),
                conf if conf is not None else s.unread_confidence)


def _text(value) -> str:
    return "" if value is None else str(value)


# ---------------------------------------------------------------- cells

def _cells(standard: dict) -> tuple[list[dict], dict[str, Cell]]:
    """Per jenjang the table layout (rows of cell ids) and every cell by id."""
    cells: dict[str, Cell] = {}
    layout = []

    def add(cid: str, label: str, text, asal, **values) -> str:
        cells[cid] = Cell(cid, label, _text(text), asal, {tuple(k.split("__")): v for k, v in values.items()})
        return cid

    for jn, j in enumerate(standard["jenjang"]):
        name = j["jenjang"]
        rows = []
        for k in j["kompetensi"]:
            where = f"{name} · {k['nama']}"
            base = f"j{jn}-k{k['urutan']}"
            asal = k.get("asal") or {}
            rows.append({
                "urutan": k["urutan"], "kelompok": k["kelompok"], "nomor": k.get("nomor_sumber"),
                "nama": add(f"{base}-nama", f"{where} · nama", k["nama"], asal.get("nama"), kompetensi__nama=k["nama"]),
                "level": add(f"{base}-level", f"{where} · level", k["level"], asal.get("level"),
                             kompetensi__level=k["level"], kompetensi__level_tercetak=k.get("level_tercetak")),
                "deskripsi": add(f"{base}-deskripsi", f"{where} · deskripsi", k["deskripsi"], asal.get("deskripsi"),
                                 kompetensi__deskripsi=k["deskripsi"]),
                "indikator": [add(f"{base}-i{n}", f"{where} · indikator {i['kode']}", i["teks"], i.get("asal"),
                                  indikator__teks=i["teks"], indikator__kode=i["kode"])
                              for n, i in enumerate(k["indikator"], start=1)],
                "kode": [i["kode"] for i in k["indikator"]],
            })
        req = j["persyaratan"]
        rasal = req.get("asal") or {}
        reqs = []
        for key, label in (("jenjang_pendidikan", "Jenjang pendidikan"), ("bidang_ilmu", "Bidang ilmu")):
            reqs.append(("Pendidikan", label, None, add(f"j{jn}-pend-{key}", f"{name} · pendidikan {key}",
                                                       req["pendidikan"].get(key), rasal.get(key),
                                                       **{f"jenjang__{key}": req["pendidikan"].get(key)})))
        for n, p in enumerate(req["pelatihan"], start=1):
            reqs.append(("Pelatihan", f"{p['status_kepegawaian']} · {p['jenis']}", p.get("tingkat_pentingnya"),
                         add(f"j{jn}-pel-{n}", f"{name} · pelatihan {n}", p["nama"], p.get("asal"),
                             pelatihan__nama=p["nama"], pelatihan__tingkat_pentingnya=p.get("tingkat_pentingnya"))))
        for n, p in enumerate(req["pengalaman_kerja"], start=1):
            reqs.append(("Pengalaman kerja", p["status_kepegawaian"], p.get("tingkat_pentingnya"),
                         add(f"j{jn}-pk-{n}", f"{name} · pengalaman kerja {n}", p["uraian"], p.get("asal"),
                             pengalaman_kerja__uraian=p["uraian"],
                             pengalaman_kerja__tingkat_pentingnya=p.get("tingkat_pentingnya"))))
        for n, p in enumerate(req["pangkat"], start=1):
            text = f"{p['golongan']} ({p['nama']})" if p.get("nama") else p["golongan"]
            reqs.append(("Pangkat", p["status_kepegawaian"], None,
                         add(f"j{jn}-pg-{n}", f"{name} · pangkat {n}", text, p.get("asal"),
                             pangkat__golongan=p["golongan"], pangkat__nama=p.get("nama"))))
        reqs.append(("Indikator kinerja jabatan", "", None,
                     add(f"j{jn}-ikj", f"{name} · indikator kinerja jabatan", req.get("indikator_kinerja_jabatan"),
                         rasal.get("indikator_kinerja_jabatan"),
                         jenjang__indikator_kinerja_jabatan=req.get("indikator_kinerja_jabatan"))))
        layout.append({"jenjang": name, "nama_jabatan": j.get("nama_jabatan"), "rows": rows, "reqs": reqs})
    return layout, cells


# ---------------------------------------------------------------- flags

FIELD = re.compile(r"^kompetensi\[(?P<n>\d+)\] .+? (?P<what>deskripsi|indikator(?: (?P<kode>\S+))?|level|"
                   r"nomor_sumber|cells|nama)$")


def _correction_cells(fix: dict, standard: dict) -> list[str]:
    """The ids of the cells a corrections.csv row concerns (empty: the summary lists it alone)."""
    jn = next((n for n, j in enumerate(standard["jenjang"]) if j["jenjang"] == fix.get("jenjang")), None)
    if jn is None:
        return []
    where = fix.get("field") or ""
    m = FIELD.match(where)
    if m:
        n = int(m.group("n"))
        k = next((k for k in standard["jenjang"][jn]["kompetensi"] if k["urutan"] == n), None)
        if k is None:
            return []
        base, what = f"j{jn}-k{n}", m.group("what")
        if m.group("kode"):
            return [f"{base}-i{i}" for i, ind in enumerate(k["indikator"], start=1) if ind["kode"] == m.group("kode")]
        if what == "indikator":  # a line end put back in the indicator cell: the row's indicators
            return [f"{base}-i{i}" for i in range(1, len(k["indikator"]) + 1)]
        if what == "cells":
            return [f"{base}-deskripsi"] + [f"{base}-i{i}" for i in range(1, len(k["indikator"]) + 1)]
        return [f"{base}-{'nama' if what in ('nama', 'nomor_sumber') else what}"]
    req = standard["jenjang"][jn]["persyaratan"]
    if m := re.match(r"^(pelatihan|pengalaman_kerja)\[(\d+)\]", where):
        return [f"j{jn}-{'pel' if m.group(1) == 'pelatihan' else 'pk'}-{m.group(2)}"]
    if m := re.match(r"^(pelatihan|pengalaman_kerja) (PNS|PPPK)$", where):  # a cell's lines put back in order
        key = m.group(1)
        return [f"j{jn}-{'pel' if key == 'pelatihan' else 'pk'}-{n}" for n, p in enumerate(req[key], start=1)
                if p["status_kepegawaian"] == m.group(2)]
    if m := re.match(r"^pendidikan (jenjang_pendidikan|bidang_ilmu)$", where):
        return [f"j{jn}-pend-{m.group(1)}"]
    if where == "indikator_kinerja_jabatan":
        return [f"j{jn}-ikj"]
    if where == "pangkat status_kepegawaian":  # the status a pangkat list was given
        return [f"j{jn}-pg-{n}" for n, p in enumerate(req["pangkat"], start=1) if p["status_kepegawaian"] == fix.get("replacement")]
    if where == "pangkat golongan":
        return [f"j{jn}-pg-{n}" for n, p in enumerate(req["pangkat"], start=1) if p["golongan"] == fix.get("replacement")]
    return []


def _flag(cells: dict[str, Cell], standard: dict, corrections: list[dict], report: dict, found: list[dict],
          s: ReviewSettings = REVIEW) -> dict:
    """Flag the cells; return what concerns no single cell, for the summary."""
    loose: dict[str, list] = {"corrections": [], "validation": [], "findings": []}
    for fix in corrections:
        ids = _correction_cells(fix, standard)
        for cid in ids:
            cells[cid].flag("correction", f"corrected ({fix.get('rule')}): {fix.get('original')!r} → {fix.get('replacement')!r}")
        if not ids:
            loose["corrections"].append(fix)
    for cell in cells.values():
        asal = cell.asal or {}
        mean, low = asal.get("ocr_conf_rata"), asal.get("ocr_conf_min")
        if cell.text and mean is not None and (mean < s.low_mean or low < s.low_min):
            cell.flag("ocr", f"low OCR confidence: mean {mean:g}, lowest word {low:g}")
    for o in report.get("results", []):
        if o.get("success"):
            continue
        kind = "critical" if o.get("severity") == "critical" else "warning"
        sample = {_text(v) for v in o.get("unexpected_sample") or []}
        hit = [c for c in cells.values() if sample and _text(c.values.get((o.get("table"), o.get("column")), None)) in sample
               and (o.get("table"), o.get("column")) in c.values]
        for c in hit:
            c.flag(kind, f"validation {kind}: {o.get('table')}.{o.get('column')} {o.get('expectation')} ({o.get('why')})")
        if not hit:
            loose["validation"].append(o)
    for f in found:
        jn = next((n for n, j in enumerate(standard["jenjang"]) if j["jenjang"] == f.get("jenjang")), None)
        target = None
        if jn is not None and f.get("kompetensi"):
            k = next((k for k in standard["jenjang"][jn]["kompetensi"] if k["nama"] == f["kompetensi"]), None)
            if k is not None:
                teks = (f.get("detail") or {}).get("teks")
                inds = [i for i, ind in enumerate(k["indikator"], start=1) if teks and ind["teks"] == teks]
                target = f"j{jn}-k{k['urutan']}-i{inds[0]}" if inds else f"j{jn}-k{k['urutan']}-nama"
        if target in cells:
            cells[target].flag("finding", f"finding ({f.get('jenis')}): {f.get('pesan')}")
        else:
            loose["findings"].append(f)
    return loose


# ---------------------------------------------------------------- page images

def _scan_image(page, size: tuple[int, int]):
    """A scanned page's thumbnail straight from its JPEG, decoded at a fraction of its size (the
    JPEG's own DCT scaling: a tenth of the time pdftoppm takes to render a 250 dpi scan); None
    when the page is not one upright JPEG filling it."""
    import io

    from PIL import Image

    from .ocr import full_page_image

    image = full_page_image(page)
    if image is None:
        return None
    try:
        if image.get_filters() != ["DCTDecode"]:
            return None
        pil = Image.open(io.BytesIO(bytes(image.get_data(decode_simple=False))))
        pil.draft("L", size)
        return pil.convert("L").resize(size, Image.Resampling.BOX)
    except Exception:  # noqa: BLE001 - anything PIL cannot read: pdftoppm renders it
        return None


def render_pages(pdf: Path, folder: Path, s: ReviewSettings = REVIEW) -> dict[int, dict]:
    """Every page of the PDF as a grey PNG in `folder`: page -> {src, w, h} (w, h in points). A
    scan's page from its JPEG, any other page rendered by pdftoppm; 16 grey levels keep a scan's
    noise from bloating the files. A page neither can read has no image (the viewer says so)."""
    import pypdfium2 as pdfium

    dpi = s.dpi
    folder.mkdir(parents=True, exist_ok=True)
    exe = shutil.which("pdftoppm")
    pages: dict[int, dict] = {}
    try:
        doc = pdfium.PdfDocument(str(pdf))
    except Exception:  # noqa: BLE001 - the source is gone or unreadable now: a page without images
        return pages
    try:
        for index in range(len(doc)):
            n = index + 1
            page = doc[index]
            w, h = page.get_size()
            size = (max(1, round(w * dpi / 72)), max(1, round(h * dpi / 72)))
            target = folder / f"page-{n:03d}.png"
            image = _scan_image(page, size)
            if image is None and exe is not None:
                with tempfile.TemporaryDirectory(dir=folder.parent, prefix=".page-") as tmp:
                    done = subprocess.run([exe, "-r", str(dpi), "-gray", "-png", "-singlefile", "-f", str(n), "-l", str(n),
                                           str(pdf), str(Path(tmp) / "p")], capture_output=True)
                    if done.returncode == 0 and (Path(tmp) / "p.png").is_file():
                        from PIL import Image

                        image = Image.open(Path(tmp) / "p.png").convert("L")
                        image.load()
            if image is None:
                continue
            step, scale = 256 // s.grey_levels, 255 // (s.grey_levels - 1)  # 16 levels: 0, 17, ... 255
            image.point(lambda v: (v // step) * scale).save(target, compress_level=s.png_compression)
            pages[n] = {"src": f"{folder.name}/{target.name}",
                        "w": round(w, s.size_decimals), "h": round(h, s.size_decimals)}
    finally:
        doc.close()
    return pages


# ---------------------------------------------------------------- the page

def _read(folder: Path, name: str, default):
    path = folder / name
    if not path.is_file():
        return default
    if name.endswith(".csv"):
        with open(path, encoding="utf-8", newline="") as fh:
            return list(csv.DictReader(fh))
    return json.loads(path.read_text("utf-8"))


def write(folder: Path, source: Path, s: ReviewSettings = REVIEW) -> Path:
    """Write `folder/review.html` (and the page images in `folder/review/`) for the output staged
    in `folder`, read from `source`."""
    standard = _read(folder, "standard.json", None)
    corrections = _read(folder, "corrections.csv", [])
    report = _read(folder / "validation", "report.json", {})
    found = _read(folder, "findings.json", [])
    manifest = _read(folder, "manifest.json", {})
    layout, cells = _cells(standard)
    loose = _flag(cells, standard, corrections, report, found, s)
    mode = standard["decree"]["source"].get("mode")
    pages, lines = {}, None
    if mode == "text":
        try:
            lines = Path(source).read_text("utf-8", errors="replace").splitlines()
        except OSError:
            lines = []
    else:
        pages = render_pages(Path(source), folder / "review", s)
    page = _html(standard, manifest, report, layout, cells, loose, pages, lines, len(corrections), len(found), s)
    target = folder / "review.html"
    target.write_text(page, encoding="utf-8")
    return target


def _e(value) -> str:
    return html.escape(_text(value))


def _cell(cells: dict[str, Cell], cid: str, tag: str = "td", extra: str = "", prefix: str = "") -> str:
    c = cells[cid]
    kinds = " ".join(sorted({f"flag-{k}" for k, _ in c.flags}))
    cls = f"cell{' flag ' + kinds if c.flags else ''}"
    notes = "".join(f'<div class="note note-{k}">{_e(m)}</div>' for k, m in c.flags)
    return (f'<{tag} class="{cls}" data-cell="{cid}" tabindex="0"{extra}>{prefix}'
            f'<span class="val">{_e(c.text) or "<i>(empty)</i>"}</span>{notes}</{tag}>')


def _html(standard, manifest, report, layout, cells, loose, pages, lines, n_corr, n_found,
          s: ReviewSettings = REVIEW) -> str:
    decree = standard["decree"]
    status = manifest.get("status") or report.get("status") or "?"
    validation = manifest.get("validation") or {k: report.get(k) for k in ("status", "expectations", "critical_failed",
                                                                           "warnings")}
    flagged = sorted((c for c in cells.values() if c.flags), key=lambda c: c.weight(s))
    kinds = {}
    for c in flagged:
        for k, _ in c.flags:
            kinds[k] = kinds.get(k, 0) + 1
    n_comp = sum(len(j["rows"]) for j in layout)
    n_ind = sum(len(r["indikator"]) for j in layout for r in j["rows"])
    out = [f"""<!doctype html>
<html lang="id"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Review: {_e(decree.get('id'))}</title>
<style>{CSS}</style></head>
<body>
<header class="summary">
<h1>Review: {_e(decree.get('nomor'))}/{_e(decree.get('tahun'))} · {_e(decree.get('tentang'))}</h1>
<p class="status status-{_e(status)}">status <b>{_e(status)}</b> · source {_e(decree['source'].get('mode'))}
{f"· {decree['source'].get('pages')} pages" if decree['source'].get('pages') else ''} · {len(layout)} jenjang ·
{n_comp} competencies · {n_ind} indicators · {n_corr} corrections · {n_found} findings</p>
<p>validation: {_e(validation.get('expectations'))} expectations, {_e(validation.get('critical_failed'))} critical failed,
{_e(validation.get('warnings'))} warnings · flagged cells: <b id="flag-count">{len(flagged)}</b>
({", ".join(f"{v} {k}" for k, v in sorted(kinds.items())) or "none"})</p>
<p class="keys">Click, hover or Tab to a cell to see where it was read. Keys: <kbd>n</kbd> next flagged cell,
<kbd>p</kbd> previous.</p>"""]
    if flagged:
        out.append("<details open><summary>Cells to check first</summary><ol class=\"first\">")
        for c in flagged[:s.first]:
            out.append(f'<li><a href="#{c.id}" data-goto="{c.id}">{_e(c.label)}</a>: {_e(c.flags[0][1])}</li>')
        out.append("</ol></details>")
    if loose["validation"]:
        out.append("<details><summary>Validation results on no single cell</summary><ul>")
        out += [f"<li>{_e(o.get('severity'))}: {_e(o.get('table'))}.{_e(o.get('column'))} {_e(o.get('expectation'))} "
                f"({_e(o.get('why'))}) {_e(o.get('unexpected_sample'))}</li>" for o in loose["validation"]]
        out.append("</ul></details>")
    if loose["findings"]:
        out.append("<details><summary>Findings on the decree as a whole</summary><ul>")
        out += [f"<li>{_e(f.get('jenis'))}: {_e(f.get('pesan'))}</li>" for f in loose["findings"]]
        out.append("</ul></details>")
    if loose["corrections"]:
        out.append("<details><summary>Corrections outside the tables</summary><ul>")
        out += [f"<li>{_e(f.get('jenjang'))} · {_e(f.get('field'))}: {_e(f.get('original'))!s} → "
                f"{_e(f.get('replacement'))} ({_e(f.get('rule'))})</li>" for f in loose["corrections"]]
        out.append("</ul></details>")
    out.append('</header>\n<div class="main"><main class="tables">')
    for jn, j in enumerate(layout):
        out.append(f'<section class="jenjang" id="j{jn}"><h2>{_e(j["nama_jabatan"] or j["jenjang"])}</h2>')
        out.append(f'<table class="kompetensi" data-jenjang="{_e(j["jenjang"])}"><thead><tr><th>No</th><th>Kompetensi</th>'
                   '<th>Level</th><th>Deskripsi</th><th>Indikator</th></tr></thead><tbody>')
        group = None
        for r in j["rows"]:
            if r["kelompok"] != group:
                group = r["kelompok"]
                out.append(f'<tr class="group"><th colspan="5">{_e(group.replace("_", " ").title())}</th></tr>')
            inds = "".join(_cell(cells, cid, "div", prefix=f"<b>{_e(kode)}</b> ") for cid, kode in zip(r["indikator"], r["kode"]))
            out.append(f'<tr class="row" id="j{jn}-k{r["urutan"]}"><td class="no">{_e(r["nomor"])}</td>'
                       f'{_cell(cells, r["nama"])}{_cell(cells, r["level"])}'
                       f'{_cell(cells, r["deskripsi"])}<td class="inds">{inds}</td></tr>')
        out.append('</tbody></table>')
        out.append(f'<table class="persyaratan" data-jenjang="{_e(j["jenjang"])}"><thead><tr><th>Persyaratan</th><th></th>'
                   '<th>Uraian</th><th>Tingkat</th></tr></thead><tbody>')
        for section, sub, tingkat, cid in j["reqs"]:
            out.append(f'<tr class="req"><th>{_e(section)}</th><td class="sub">{_e(sub)}</td>{_cell(cells, cid)}'
                       f'<td class="tick">{_e(tingkat)}</td></tr>')
        out.append('</tbody></table></section>')
    out.append('</main><aside class="viewer" id="viewer" aria-live="polite"><div id="viewer-title">'
               'Select a cell to see where it was read.</div><div id="viewer-body"></div></aside></div>')
    data = {
        "cells": {c.id: {"label": c.label, "asal": c.asal} for c in cells.values()},
        "pages": {str(k): v for k, v in pages.items()},
        "lines": lines,
        "mode": decree["source"].get("mode"),
    }
    blob = json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
    out.append(f'<script type="application/json" id="skj-data">{blob}</script>\n<script>{JS}</script>\n</body></html>\n')
    return "\n".join(out)


CSS = """
*{box-sizing:border-box}
body{font:14px/1.4 system-ui,-apple-system,"DejaVu Sans",sans-serif;margin:0;color:#1d1d1d;background:#fafafa}
header.summary{padding:12px 20px;background:#fff;border-bottom:1px solid #ccc}
h1{font-size:20px;margin:0 0 6px}
h2{font-size:17px;margin:18px 0 8px}
.status-ok b{color:#17692b}.status-failed b{color:#b00020}
kbd{border:1px solid #aaa;border-radius:3px;padding:0 4px;background:#f3f3f3}
ol.first li,details li{margin:2px 0}
.main{display:flex;align-items:flex-start}
main.tables{flex:1 1 58%;padding:0 20px 40px;min-width:0}
aside.viewer{flex:0 0 42%;position:sticky;top:0;height:100vh;overflow:auto;border-left:1px solid #ccc;background:#eee;padding:8px}
#viewer-title{font-weight:600;margin-bottom:6px}
table{border-collapse:collapse;width:100%;background:#fff;margin-bottom:14px}
th,td{border:1px solid #bbb;padding:4px 6px;vertical-align:top;text-align:left}
thead th{background:#e8e8e8}
tr.group th{background:#f1f1f1;font-style:italic}
td.no,td.tick{white-space:nowrap}
.cell{cursor:pointer}
div.cell{padding:2px 0;border-bottom:1px dotted #ddd}
div.cell:last-child{border-bottom:0}
.cell:hover,.cell:focus{outline:2px solid #3a7bd5;outline-offset:-2px}
.cell.selected{background:#dbe9ff}
.flag{box-shadow:inset 4px 0 0 #d08c00}
.flag-ocr{background:#fff6d6}.flag-correction{background:#fdeee0}.flag-finding{background:#eef3ff}
.flag-warning{background:#ffe7cc}.flag-critical{background:#ffd6d6;box-shadow:inset 4px 0 0 #b00020}
.note{font-size:11px;color:#6a4a00;margin-top:2px}
.note-critical{color:#b00020}.note-finding{color:#2a4a8a}
.pagebox{position:relative;width:100%;margin:0 0 10px;background:#fff;box-shadow:0 0 3px #999}
.pagebox img{display:block;width:100%;height:100%}
.crop{position:relative;height:240px;overflow:hidden;margin:0 0 8px;background:#fff;border:1px solid #999}
.crop .pagebox{position:absolute;margin:0;box-shadow:none}
.pagebox .box{position:absolute;border:2px solid #e00000;background:rgba(255,0,0,.08);pointer-events:none}
.pagelabel{font-size:12px;color:#444;margin:4px 0}
pre.lines{background:#fff;padding:6px;white-space:pre-wrap;font:12px/1.35 "DejaVu Sans Mono",monospace}
pre.lines span{display:block}pre.lines .hit{background:#ffe08a}
@media print{
  aside.viewer,.keys,details summary::marker{display:none}
  .main{display:block} main.tables{padding:0}
  body{background:#fff;font-size:10pt}
  tr{break-inside:avoid}
  .cell,.flag{-webkit-print-color-adjust:exact;print-color-adjust:exact}
  details{display:block} details>*{display:block}
}
"""

JS = """
(function(){
var D=JSON.parse(document.getElementById('skj-data').textContent);
var title=document.getElementById('viewer-title'),body=document.getElementById('viewer-body');
var flagged=Array.prototype.slice.call(document.querySelectorAll('.cell.flag'));
var current=null,at=-1;
function el(tag,cls,text){var e=document.createElement(tag);if(cls)e.className=cls;if(text!=null)e.textContent=text;return e;}
function show(cell){
  if(current)current.classList.remove('selected');
  current=cell;cell.classList.add('selected');
  var c=D.cells[cell.dataset.cell]||{},a=c.asal||{};
  title.textContent=c.label||'';
  body.textContent='';
  var first=null;
  (a.kotak||[]).forEach(function(k){
    var p=D.pages[String(k.halaman)];
    body.appendChild(el('div','pagelabel','page '+k.halaman+(a.ocr_conf_rata!=null?' · OCR confidence mean '+a.ocr_conf_rata+', lowest word '+a.ocr_conf_min:'')));
    if(!p){body.appendChild(el('div','pagelabel','(no page image)'));return;}
    var b=k.bbox;
    function page(){
      var box=el('div','pagebox');box.style.aspectRatio=p.w+' / '+p.h;
      var img=el('img');img.src=p.src;img.alt='page '+k.halaman;box.appendChild(img);
      var r=el('div','box');
      r.style.left=(100*b[0]/p.w)+'%';r.style.top=(100*b[1]/p.h)+'%';
      r.style.width=(100*(b[2]-b[0])/p.w)+'%';r.style.height=(100*(b[3]-b[1])/p.h)+'%';
      box.appendChild(r);return box;
    }
    // the cell's neighbourhood, magnified, then the whole page
    var crop=el('div','crop'),zoomed=page();crop.appendChild(zoomed);body.appendChild(crop);
    var W=crop.clientWidth,H=crop.clientHeight,Z=Math.max(1.2,Math.min(2.5,0.9*W/((b[2]-b[0])/p.w*W)));
    zoomed.style.width=(100*Z)+'%';
    var cx=(b[0]+b[2])/2/p.w*W*Z,cy=(b[1]+b[3])/2/p.h*W*Z*p.h/p.w;
    zoomed.style.left=Math.min(0,Math.max(W-W*Z,W/2-cx))+'px';zoomed.style.top=Math.min(0,H/2-cy)+'px';
    body.appendChild(page());
  });
  if(!(a.kotak||[]).length&&a.baris&&D.lines){
    var lo=Math.max(1,a.baris[0]-2),hi=Math.min(D.lines.length,a.baris[1]+2),pre=el('pre','lines');
    body.appendChild(el('div','pagelabel','source lines '+a.baris[0]+'-'+a.baris[1]));
    for(var n=lo;n<=hi;n++){pre.appendChild(el('span',n>=a.baris[0]&&n<=a.baris[1]?'hit':'',String(n).padStart(5)+'  '+D.lines[n-1]));}
    body.appendChild(pre);first=pre.querySelector('.hit');
  }
  if(!(a.kotak||[]).length&&!(a.baris&&D.lines))body.appendChild(el('div','pagelabel','(no provenance recorded for this cell)'));
  if(first){var v=document.getElementById('viewer');v.scrollTop=Math.max(0,first.offsetTop+first.parentNode.offsetTop-80);}
  else document.getElementById('viewer').scrollTop=0;
}
document.addEventListener('click',function(e){
  var g=e.target.closest('[data-goto]');
  if(g){e.preventDefault();var t=document.querySelector('[data-cell="'+g.dataset.goto+'"]');if(t){go(t);}return;}
  var c=e.target.closest('.cell');if(c)show(c);
});
document.addEventListener('mouseover',function(e){var c=e.target.closest('.cell');if(c&&c!==current)show(c);});
document.addEventListener('focusin',function(e){var c=e.target.closest('.cell');if(c&&c!==current)show(c);});
function go(t){at=flagged.indexOf(t);t.scrollIntoView({block:'center'});t.focus({preventScroll:true});show(t);}
document.addEventListener('keydown',function(e){
  if(e.ctrlKey||e.metaKey||e.altKey||!flagged.length)return;
  if(e.key==='n'||e.key==='p'){
    if(current&&flagged.indexOf(current)>=0)at=flagged.indexOf(current);
    at=e.key==='n'?(at+1)%flagged.length:(at-1+flagged.length)%flagged.length;
    go(flagged[at]);e.preventDefault();
  }
});
})();
"""
