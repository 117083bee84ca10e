"""Test fixtures: what other tools make of a scanned decree.

`searchable`: the scan with an invisible Tesseract text layer over each page image, as
OCRmyPDF and scanner software publish them: per page `tesseract page.png out -l ind -c
textonly_pdf=1 pdf` (text render mode 3), merged over the page image with pypdf, page
sizes kept. `text`: the plain OCR text of the scan as another tool writes it, Tesseract
`--psm 3`, `4` or `6` of each page, pages joined with a form feed (as Tesseract's own
multi-page output) or blank lines. `pdftotext`: `pdftotext -layout` of a (searchable) PDF.
Tesseract runs one thread per page, pages in parallel (`jobs`).

    python -m tools.ocrtext searchable SCAN.pdf OUT.pdf
    python -m tools.ocrtext text SCAN.pdf OUT.txt [--psm 4] [--join blank]
    python -m tools.ocrtext pdftotext SEARCHABLE.pdf OUT.txt
"""

from __future__ import annotations

import argparse
import io
import os
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

JOINERS = {"formfeed": "\f", "blank": "\n\n\n"}


def page_images(pdf: Path) -> list[tuple[object, float, tuple[float, float]]]:
    """Each page's image (PIL, the scan's own pixels), its resolution and the page size in points."""
    from PIL import Image
    from pypdf import PdfReader

    out = []
    for page in PdfReader(str(pdf)).pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        images = page.images
        if images:
            img = Image.open(io.BytesIO(images[0].data))
            img.load()
        else:  # no image: render the page (a text-only page in a mixed PDF)
            import pypdfium2 as pdfium

            doc = pdfium.PdfDocument(str(pdf))
            img = doc[len(out)].render(scale=300 / 72).to_pil()
            doc.close()
        out.append((img, img.width / (width / 72), (width, height)))
    return out


def _tesseract(png: Path, base: Path, args: list[str]) -> None:
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    run = subprocess.run(["tesseract", str(png), str(base), "-l", "ind", *args], capture_output=True, text=True, env=env)
    if run.returncode != 0:
        raise RuntimeError(f"tesseract failed on {png}: {run.stderr.strip()[-300:]}")


def ocr_pages(pdf: Path, work: Path, jobs: int = 2, psms: tuple[int, ...] = (3,), searchable: bool = False) -> None:
    """Run Tesseract over each page of `pdf` once per `psm`, into `work/page-NNN.psmP.txt` (and, with
    `searchable`, `work/page-NNN.pdf`: the psm 3 run's invisible text layer). Pages already done are kept."""
    work.mkdir(parents=True, exist_ok=True)
    tasks = []
    for n, (img, dpi, _) in enumerate(page_images(pdf), start=1):
        png = work / f"page-{n:03d}.png"
        if not png.exists():
            img.save(png, dpi=(round(dpi), round(dpi)))
        for psm in psms:
            base = work / f"page-{n:03d}.psm{psm}"
            want_pdf = searchable and psm == 3
            if Path(f"{base}.txt").exists() and (not want_pdf or (work / f"page-{n:03d}.pdf").exists()):
                continue
            args = ["--psm", str(psm)] + (["-c", "textonly_pdf=1", "txt", "pdf"] if want_pdf else ["txt"])
            tasks.append((png, base, args, want_pdf, n))

    def one(task) -> None:
        png, base, args, want_pdf, n = task
        _tesseract(png, base, args)
        if want_pdf:
            Path(f"{base}.pdf").replace(work / f"page-{n:03d}.pdf")

    with ThreadPoolExecutor(max(1, jobs)) as pool:
        list(pool.map(one, tasks))


def searchable(scan_pdf: Path, out: Path, work: Path | None = None, jobs: int = 2) -> Path:
    """Write `scan_pdf` with an invisible Tesseract text layer over each page to `out`."""
    from pypdf import PdfReader, PdfWriter, Transformation

    with tempfile.TemporaryDirectory(prefix="skj-ocr-") as tmp:
        work = work or Path(tmp)
        ocr_pages(scan_pdf, work, jobs, (3,), searchable=True)
        writer = PdfWriter(clone_from=str(scan_pdf))
        for n, page in enumerate(writer.pages, start=1):
            text = PdfReader(str(work / f"page-{n:03d}.pdf")).pages[0]
            sx = float(page.mediabox.width) / float(text.mediabox.width)
            sy = float(page.mediabox.height) / float(text.mediabox.height)
            page.merge_transformed_page(text, Transformation().scale(sx, sy))
        tmp_out = out.with_name(out.name + ".tmp")
        with open(tmp_out, "wb") as fh:
            writer.write(fh)
        tmp_out.replace(out)
    return out


def ocr_text(scan_pdf: Path, out: Path, psm: int = 3, join: str = "formfeed", work: Path | None = None,
             jobs: int = 2) -> Path:
    """Write the plain OCR text of `scan_pdf` (Tesseract `--psm psm` of each page) to `out`."""
    with tempfile.TemporaryDirectory(prefix="skj-ocr-") as tmp:
        work = work or Path(tmp)
        ocr_pages(scan_pdf, work, jobs, (psm,))
        pages = sorted(work.glob(f"page-*.psm{psm}.txt"))
        texts = [p.read_text("utf-8").rstrip("\f").rstrip() + "\n" for p in pages]
        out.write_text(JOINERS[join].join(texts), "utf-8")
    return out


def pdftotext(pdf: Path, out: Path) -> Path:
    """`pdftotext -layout` of `pdf` (poppler-utils)."""
    run = subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", str(pdf), str(out)], capture_output=True, text=True)
    if run.returncode != 0:
        raise RuntimeError(f"pdftotext failed on {pdf}: {run.stderr.strip()}")
    return out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m tools.ocrtext", description=__doc__.split("\n\n")[0])
    sub = p.add_subparsers(dest="command", required=True)
    s = sub.add_parser("searchable", help="a scan with an invisible Tesseract text layer")
    s.add_argument("pdf_in", type=Path)
    s.add_argument("pdf_out", type=Path)
    s.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1)
    t = sub.add_parser("text", help="the plain Tesseract text of a scan")
    t.add_argument("pdf_in", type=Path)
    t.add_argument("txt_out", type=Path)
    t.add_argument("--psm", type=int, default=3, choices=(3, 4, 6))
    t.add_argument("--join", choices=tuple(JOINERS), default="formfeed")
    t.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1)
    x = sub.add_parser("pdftotext", help="pdftotext -layout of a PDF")
    x.add_argument("pdf_in", type=Path)
    x.add_argument("txt_out", type=Path)
    args = p.parse_args(argv)
    if args.command == "searchable":
        print(searchable(args.pdf_in, args.pdf_out, jobs=args.jobs))
    elif args.command == "text":
        print(ocr_text(args.pdf_in, args.txt_out, args.psm, args.join, jobs=args.jobs))
    else:
        print(pdftotext(args.pdf_in, args.txt_out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
