"""Test fixtures: typeset a decree PDF from a `standard.json`, in the published layout.

The PDF front ends need decrees whose every field is known. This module prints a
standard back into the form KemenPAN-RB publishes: the legal body (heading,
diktum lists, signature), then per jenjang the identity block, the ikhtisar, the
ruled 4-column competency table and the 5-column requirements table with ticks,
on portrait A4 pages with `- N -` page numbers and the `jdih.menpan.go.id`
watermark line. Long rows split across pages and the header row repeats, as in
the real decrees. The standard it was made from is the answer key.

    python -m tools.typeset STANDARD.json OUT.pdf
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

FONT, BOLD = "Times-Roman", "Times-Bold"  # a serif like the decrees' Bookman; built into every PDF reader
BODY = ParagraphStyle("body", fontName=FONT, fontSize=11, leading=14)
CENTER = ParagraphStyle("center", parent=BODY, alignment=TA_CENTER)
HEAD = ParagraphStyle("head", parent=CENTER, fontName=BOLD)
CELL = ParagraphStyle("cell", parent=BODY, fontSize=10, leading=12.5)
CELL_C = ParagraphStyle("cellc", parent=CELL, alignment=TA_CENTER)
TICK_HEAD = ParagraphStyle("tickhead", parent=CELL_C, fontSize=8, leading=10)
MONTHS = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
          "November", "Desember")
LETTERS = "abcdefghijklmnopqrstuvwxyz"
GROUPS = (("manajerial", "Manajerial"), ("sosial_kultural", "Sosial Kultural"), ("teknis", "Teknis"))
TICKS = ("mutlak", "penting", "perlu")
JENIS = (("manajerial", "Manajerial"), ("teknis", "Teknis"), ("fungsional", "Fungsional"))
GRID = TableStyle([("GRID", (0, 0), (-1, -1), 0.6, colors.black), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                   ("LINEBELOW", (0, 0), (-1, 0), 0.6, colors.black),  # kept under a header repeated over a split row
                   ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3)])


def _p(text: str, style: ParagraphStyle = CELL) -> Paragraph:
    return Paragraph(escape(text or ""), style)


def _date(iso: str | None) -> str:
    if not iso:
        return ""
    y, m, d = (int(x) for x in iso.split("-"))
    return f"{d} {MONTHS[m - 1]} {y}"


def _items(names: list[str]) -> list[Paragraph]:
    out = []
    for n, name in enumerate(names):
        end = "." if n == len(names) - 1 else ("; dan" if n == len(names) - 2 else ";")
        out.append(Paragraph(f"{LETTERS[n]}. {escape(name)}{end}", ParagraphStyle("it", parent=BODY, leftIndent=24)))
    return out


def body(decree: dict) -> list:
    """The legal frame: heading, considerations, diktum lists, signature."""
    tentang = decree["tentang"]
    jenis = (decree.get("jenis_peraturan") or "Keputusan Menteri").upper()
    out = [_p("SALINAN", BODY), Spacer(1, 6),
           _p("MENTERI PENDAYAGUNAAN APARATUR NEGARA DAN REFORMASI BIROKRASI REPUBLIK INDONESIA", HEAD),
           Spacer(1, 12), _p(jenis, HEAD), _p(f"NOMOR {decree['nomor']} TAHUN {decree['tahun']}", HEAD),
           _p("TENTANG", HEAD), _p(tentang.upper(), HEAD), Spacer(1, 12),
           _p("DENGAN RAHMAT TUHAN YANG MAHA ESA", HEAD), Spacer(1, 12),
           _p(f"Menimbang : bahwa untuk melaksanakan ketentuan Peraturan Menteri Pendayagunaan Aparatur Negara "
              f"dan Reformasi Birokrasi Nomor 38 Tahun 2017 tentang Standar Kompetensi Jabatan Aparatur Sipil "
              f"Negara, perlu menetapkan keputusan tentang {tentang};", BODY), Spacer(1, 6),
           _p("Mengingat : Peraturan Menteri Pendayagunaan Aparatur Negara dan Reformasi Birokrasi Nomor 38 "
              "Tahun 2017 tentang Standar Kompetensi Jabatan Aparatur Sipil Negara;", BODY), Spacer(1, 12),
           _p("MEMUTUSKAN:", HEAD),
           _p(f"Menetapkan : {jenis} TENTANG {tentang.upper()}.", BODY), Spacer(1, 6),
           _p(f"KESATU : Ruang lingkup {tentang} berlaku bagi Aparatur Sipil Negara.", BODY), Spacer(1, 6),
           _p("KEDUA : Kompetensi jabatan terdiri atas kompetensi teknis, kompetensi manajerial, dan "
              "kompetensi sosial kultural.", BODY), Spacer(1, 6),
           _p("KETIGA :", BODY),
           _p("Kompetensi teknis sebagaimana dimaksud pada Diktum Kedua terdiri atas:", BODY)]
    out += _items(decree.get("kompetensi_teknis_diktum") or [])
    out += [Spacer(1, 6), _p("Kompetensi manajerial sebagaimana dimaksud pada Diktum Kedua terdiri atas:", BODY)]
    out += _items(decree.get("kompetensi_manajerial_diktum") or [])
    sk = decree.get("kompetensi_sosial_kultural_diktum") or []
    out += [Spacer(1, 6), _p("Kompetensi sosial kultural sebagaimana dimaksud pada Diktum Kedua yaitu "
                             f"{', '.join(s.lower() for s in sk)}.", BODY), Spacer(1, 6),
            _p(f"KEEMPAT : Rincian {tentang} tercantum dalam Lampiran yang merupakan bagian tidak terpisahkan "
               "dari Keputusan Menteri ini.", BODY), Spacer(1, 18)]
    sign = ParagraphStyle("sign", parent=BODY, leftIndent=240)
    out += [Paragraph(f"Ditetapkan di {escape(decree.get('ditetapkan_di') or '')}", sign),
            Paragraph(f"pada tanggal {_date(decree.get('tanggal_ditetapkan'))}", sign), Spacer(1, 12),
            Paragraph(escape((decree.get("jabatan_penandatangan") or "").upper()) + ",", sign), Spacer(1, 6),
            Paragraph("ttd", sign), Spacer(1, 6), Paragraph(escape(decree.get("penandatangan") or ""), sign)]
    return out


def _competency_table(j: dict, width: float) -> Table:
    rows = [[_p("Kompetensi", CELL_C), _p("Level", CELL_C), _p("Deskripsi", CELL_C), _p("Indikator Kompetensi", CELL_C)]]
    style = [("ALIGN", (1, 0), (1, -1), "CENTER")]
    number = 0  # rows are numbered on through the groups, as the decrees do
    for n, (kelompok, label) in enumerate(GROUPS):
        comps = [k for k in j["kompetensi"] if k["kelompok"] == kelompok]
        if not comps:
            continue
        rows.append([_p(f"{'ABC'[n]}. {label}", ParagraphStyle("g", parent=CELL, fontName=BOLD)), "", "", ""])
        style.append(("SPAN", (0, len(rows) - 1), (-1, len(rows) - 1)))
        for k in comps:
            number += 1
            indicators = [_p(f"{ind['kode']} {ind['teks']}") for ind in k["indikator"]]
            rows.append([_p(f"{number}. {k.get('nama_sumber') or k['nama']}"), _p(str(k["level"]), CELL_C),
                         _p(k.get("deskripsi") or ""), indicators])
    table = Table(rows, colWidths=[0.22 * width, 0.08 * width, 0.28 * width, 0.42 * width], repeatRows=1,
                  splitInRow=1)
    table.setStyle(GRID)
    table.setStyle(TableStyle(style))
    return table


def _tick_cells(value: str | None) -> list:
    return [_p("v" if value == t else "-", CELL_C) for t in TICKS]


def _by_status(items: list[dict]) -> list[tuple[str, list[dict]]]:
    """(status, its items) for PNS then PPPK, leaving out a status without items."""
    groups = [(status, [p for p in items if p["status_kepegawaian"] == status]) for status in ("PNS", "PPPK")]
    return [(status, group) for status, group in groups if group]


def _lettered(i: int, text: str, count: int) -> str:
    """`a. text`, `b. text` in a list of several; a lone item unlettered."""
    return f"{LETTERS[i]}. {text}" if count > 1 else text


def _requirements_table(j: dict, width: float) -> Table:
    req = j["persyaratan"]
    w = [0.19 * width, 0.18 * width, 0.38 * width, 0.083 * width, 0.083 * width, 0.083 * width]
    rows = [[_p("Jenis Persyaratan", CELL_C), _p("Uraian", CELL_C), "", _p("Mutlak", TICK_HEAD), _p("Penting", TICK_HEAD),
             _p("Perlu", TICK_HEAD)]]
    style = [("SPAN", (1, 0), (2, 0))]
    pend = req["pendidikan"]
    rows.append([_p("A. Pendidikan"), _p("1. Jenjang"), _p(pend.get("jenjang_pendidikan") or ""), "", "", ""])
    rows.append(["", _p("2. Bidang Ilmu"), _p(pend.get("bidang_ilmu") or ""), "", "", ""])
    for n, (status, items) in enumerate(_by_status(req["pelatihan"])):
        rows.append([_p("B. Pelatihan") if n == 0 else "", _p(status), "", "", "", ""])
        for k, (jenis, label) in enumerate(JENIS, start=1):
            of_kind = [p for p in items if p["jenis"] == jenis]
            for i, p in enumerate(of_kind):
                rows.append(["", _p(f"{k}. {label}") if i == 0 else "", _p(_lettered(i, p["nama"], len(of_kind))),
                             *_tick_cells(p.get("tingkat_pentingnya"))])
    for n, (status, items) in enumerate(_by_status(req["pengalaman_kerja"])):
        rows.append([_p("C. Pengalaman Kerja") if n == 0 else "", _p(status), "", "", "", ""])
        for i, p in enumerate(items):
            rows.append(["", "", _p(_lettered(i, p["uraian"], len(items))), *_tick_cells(p.get("tingkat_pentingnya"))])
    for n, (status, items) in enumerate(_by_status(req["pangkat"])):
        text = "<br/>".join(f"- {escape(p['golongan'])} ({escape(p.get('nama') or '')})" for p in items)
        rows.append([_p("D. Pangkat") if n == 0 else "", _p(status), Paragraph(text, CELL), "", "", ""])
    rows.append([_p("E. Indikator Kinerja Jabatan"), _p(req.get("indikator_kinerja_jabatan") or ""), "", "", "", ""])
    style.append(("SPAN", (1, len(rows) - 1), (2, len(rows) - 1)))
    table = Table(rows, colWidths=w, repeatRows=1, splitInRow=1)
    table.setStyle(GRID)
    table.setStyle(TableStyle(style))
    return table


def lampiran(standard: dict, width: float) -> list:
    d = standard["decree"]
    out = [PageBreak(), Paragraph(
        f"LAMPIRAN<br/>KEPUTUSAN MENTERI PENDAYAGUNAAN APARATUR NEGARA DAN REFORMASI BIROKRASI REPUBLIK INDONESIA"
        f"<br/>NOMOR {escape(d['nomor'])} TAHUN {d['tahun']}<br/>TENTANG {escape(d['tentang'].upper())}",
        ParagraphStyle("lamp", parent=BODY, leftIndent=230, fontSize=10, leading=12.5)), Spacer(1, 12)]
    for n, j in enumerate(standard["jenjang"]):
        if n:
            out.append(PageBreak())
        out += [_p(d["tentang"].upper(), HEAD), Spacer(1, 8)]
        ident = [[_p("Nama Jabatan"), _p(j["nama_jabatan"])], [_p("Kelompok Jabatan"), _p(j.get("kelompok_jabatan") or "")],
                 [_p("Urusan Pemerintahan"), _p(j.get("urusan_pemerintahan") or "")], [_p("Kode Jabatan"), _p(j.get("kode_jabatan") or "")]]
        t = Table(ident, colWidths=[0.3 * width, 0.7 * width])
        t.setStyle(GRID)
        out += [t, Spacer(1, 8), _p("I. IKHTISAR JABATAN", ParagraphStyle("h", parent=BODY, fontName=BOLD))]
        t = Table([[_p("Ikhtisar Jabatan"), _p(j.get("ikhtisar_jabatan") or "")]], colWidths=[0.3 * width, 0.7 * width])
        t.setStyle(GRID)
        out += [t, Spacer(1, 8), _p("II. STANDAR KOMPETENSI", ParagraphStyle("h", parent=BODY, fontName=BOLD)),
                _competency_table(j, width), Spacer(1, 8),
                _p("III. PERSYARATAN JABATAN", ParagraphStyle("h", parent=BODY, fontName=BOLD)),
                _requirements_table(j, width)]
    return out


def _furniture(canvas, doc) -> None:
    """Page number `- N -` at the top (from page 2) and the watermark line at the foot."""
    canvas.saveState()
    canvas.setFont(FONT, 10)
    if doc.page > 1:
        canvas.drawCentredString(A4[0] / 2, A4[1] - 12 * mm, f"- {doc.page} -")
    canvas.setFillColor(colors.grey)
    canvas.setFont(FONT, 8)
    canvas.drawString(20 * mm, 8 * mm, "jdih.menpan.go.id")
    canvas.restoreState()


def answer_key(standard: dict) -> dict:
    """The standard as the typeset decree prints it: the fields kept "as printed"
    (row numbers, levels, names, golongan) are what the PDF shows."""
    key = json.loads(json.dumps(standard))
    for j in key["jenjang"]:
        number = 0
        for kelompok, _ in GROUPS:
            for k in (k for k in j["kompetensi"] if k["kelompok"] == kelompok):
                number += 1
                k["nomor_sumber"], k["level_tercetak"] = number, k["level"]
                k["nama_sumber"] = k.get("nama_sumber") or k["nama"]
        for p in j["persyaratan"]["pangkat"]:
            p["golongan_sumber"] = p["golongan"]
    return key


def typeset(standard: dict, out: Path) -> Path:
    """Write the decree PDF for `standard` to `out` (atomically) and return it."""
    doc = SimpleDocTemplate(str(out) + ".tmp", pagesize=A4, leftMargin=25 * mm, rightMargin=20 * mm,
                            topMargin=20 * mm, bottomMargin=18 * mm, title=standard["decree"]["tentang"],
                            author="skj-extract fixture generator")
    doc.build(body(standard["decree"]) + lampiran(standard, doc.width), onFirstPage=_furniture, onLaterPages=_furniture)
    Path(str(out) + ".tmp").replace(out)
    return out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m tools.typeset", description=__doc__.split("\n\n")[0])
    p.add_argument("standard", type=Path, help="a standard.json (the answer key)")
    p.add_argument("out", type=Path, help="the PDF to write; its answer key goes beside it as OUT.key.json")
    args = p.parse_args(argv)
    standard = json.loads(args.standard.read_text("utf-8"))
    typeset(standard, args.out)
    args.out.with_suffix(".key.json").write_text(json.dumps(answer_key(standard), ensure_ascii=False, indent=1), "utf-8")
    print(args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
