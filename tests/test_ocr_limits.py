"""The OCR front end under hostile PDFs and kills: bounded memory, no process outliving its run,
pages turned by 90 or 180 degrees read upright."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from pipeline import ocr
from pipeline.cli import main

from .conftest import ROOT
from tools.hostile import write_pdf

needs_tesseract = pytest.mark.skipif(shutil.which("tesseract") is None, reason="Tesseract is installed by `make setup`")
FIXTURES = ROOT / "tests" / "data" / "fixtures"
GIB = 1 << 30


# ---------------------------------------------------------------- process trees

def _children() -> dict[int, list[int]]:
    kids: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            kids.setdefault(int(stat.rsplit(")", 1)[1].split()[1]), []).append(int(entry))
    return kids


def descendants(pid: int) -> set[int]:
    kids, found, todo = _children(), set(), [pid]
    while todo:
        for child in kids.get(todo.pop(), []):
            found.add(child)
            todo.append(child)
    return found


def _identity(pid: int) -> tuple[str, str] | None:
    """(start time, command) of a live process, None when it is gone (or a zombie, which holds nothing)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
        command = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return None
    fields = stat.rsplit(")", 1)[1].split()
    return None if fields[0] in "ZX" else (fields[19], command)


def tree_rss(pid: int) -> int:
    total = 0
    for p in {pid} | descendants(pid):
        try:
            total += int(Path(f"/proc/{p}/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE")
        except OSError:
            pass
    return total


def peak_memory(args: list[str], cwd: Path) -> tuple[int, str, int]:
    """Run the command line; (exit code, stderr, peak of the summed resident memory of its process tree,
    sampled every 20 ms: the command, its OCR workers and their Tesseract together)."""
    proc = subprocess.Popen([sys.executable, "-m", "pipeline.cli", *args], cwd=cwd, stderr=subprocess.PIPE,
                            text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    peak = 0
    while proc.poll() is None:
        peak = max(peak, tree_rss(proc.pid))
        time.sleep(0.02)
    return proc.returncode, proc.stderr.read(), peak


# ---------------------------------------------------------------- memory bounds

HOSTILE = {
    "a blank 50 x 50 inch page": ([(3600, 3600)], None, "page 1 measures 50 x 50 inches: too large to read"),
    "a blank 200 x 200 inch page": ([(14400, 14400)], None, "page 1 measures 200 x 200 inches: too large to read"),
    "a 20000 x 20000 RGB image on four pages": ([(595, 842)] * 4, (20000, 20000, 3),
                                                "page 1 holds an image of 20000 x 20000 pixels"),
}


@needs_tesseract
@pytest.mark.slow
@pytest.mark.parametrize("name", HOSTILE)
def test_a_hostile_pdf_is_refused_on_one_line_within_the_memory_bound(tmp_path, name):
    pages, image, message = HOSTILE[name]
    pdf = write_pdf(tmp_path / "hostile.pdf", pages, image)
    code, stderr, peak = peak_memory(["extract", str(pdf), "--out", "out", "--interim", "interim", "--no-cache", "-q"],
                                     tmp_path)
    print(f"\n{name}: exit {code}, peak memory {peak / 2**20:.0f} MiB (process tree)")
    assert code == 3, stderr
    lines = [ln for ln in stderr.splitlines() if ln.startswith("error:")]
    assert len(lines) == 1 and message in lines[0], stderr
    assert peak < 1.5 * GIB
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


@pytest.mark.slow
def test_a_large_page_is_rendered_within_the_pixel_bound(tmp_path):
    pdf = write_pdf(tmp_path / "large.pdf", [(1800, 1800)])  # 25 x 25 inches: 56 MP at 300 dpi
    dpi = ocr.page_dpi((1800, 1800), 300)
    assert ocr.MIN_DPI <= dpi < 300
    pixels, size = ocr.render(pdf, 0, 300)
    assert pixels.size <= ocr.MAX_PAGE_PIXELS and size == (1800, 1800)
    assert ocr.page_dpi((595, 842), 300) == 300  # an A4 page keeps the full resolution


def test_the_renderer_itself_refuses_a_huge_image(tmp_path):
    pdf = write_pdf(tmp_path / "image.pdf", [(595, 842)], (8000, 8000, 1))  # 64 MP
    from pipeline.errors import UnreadableInput

    with pytest.raises(UnreadableInput, match="an image of 8000 x 8000 pixels"):
        ocr.render(pdf, 0, 300)


# ---------------------------------------------------------------- no process outlives its run

@pytest.fixture(scope="module")
def scanned(tmp_path_factory):
    """The real decree's Ahli Pertama typeset and scanned (6 pages, a few seconds of OCR each)."""
    from tools.scan import ScanSettings, scan
    from tools.typeset import typeset

    folder = tmp_path_factory.mktemp("scan")
    standard = json.loads((FIXTURES / "skj-1-2022-ahli-pertama.standard.json").read_text("utf-8"))
    pdf = typeset(standard, folder / "decree.pdf")
    return scan(pdf, folder / "scan.pdf", ScanSettings(dpi=250, seed=3)) and folder / "scan.pdf"


@needs_tesseract
@pytest.mark.slow
@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM])
def test_no_process_of_a_run_outlives_it_by_two_seconds(scanned, tmp_path, sig):
    proc = subprocess.Popen([sys.executable, "-m", "pipeline.cli", "extract", str(scanned), "--out", "out",
                             "--interim", "interim", "--no-cache", "--jobs", "2"], cwd=tmp_path, stderr=subprocess.PIPE,
                            text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    seen: dict[int, tuple[str, str]] = {}
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:  # until both workers run Tesseract
        for pid in descendants(proc.pid):
            if pid not in seen and (who := _identity(pid)) is not None:
                seen[pid] = who
        running = [p for p, (_, cmd) in seen.items() if cmd.startswith("tesseract") and _identity(p)]
        if len(running) >= 2:
            break
        time.sleep(0.05)
    assert len([c for _, c in seen.values() if "multiprocessing" in c]) >= 2, seen  # the workers (and the tracker)
    os.kill(proc.pid, sig)
    code = proc.wait(timeout=30)
    gone_by = time.monotonic() + 2.0
    while time.monotonic() < gone_by and any(_identity(p) == who for p, who in seen.items()):
        time.sleep(0.05)
    left = {p: who[1][:80] for p, who in seen.items() if _identity(p) == who}
    assert not left, f"still running 2 s after {sig.name}: {left}"
    if sig == signal.SIGTERM:
        errors = [ln for ln in proc.stderr.read().splitlines() if ln.startswith("error:")]
        assert code == 143 and errors == [
            "error: terminated (SIGTERM): stopped; the decree being extracted keeps its earlier output"]
        assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


@needs_tesseract
@pytest.mark.slow
def test_jobs_bounds_the_page_passes_while_a_spare_worker_prepares_the_next_page(scanned, tmp_path):
    """`--jobs 1`: never two Tesseract page passes at once, yet two workers take turns at them
    (the spare one renders and finds rulings meanwhile)."""
    log, real = tmp_path / "passes.log", shutil.which("tesseract")
    shim = tmp_path / "bin" / "tesseract"  # the real Tesseract, its page passes (`--psm 3`) logged
    shim.parent.mkdir()
    shim.write_text(f"""#!/bin/sh
case "$*" in *"--psm 3"*) ;; *) exec "{real}" "$@" ;; esac
echo "start $(date +%s.%N) $PPID" >> "{log}"
"{real}" "$@"; rc=$?
echo "end $(date +%s.%N) $PPID" >> "{log}"
exit $rc
""")
    shim.chmod(0o755)
    from pypdf import PdfReader, PdfWriter

    three = PdfWriter()  # three pages are enough to see two workers take turns
    for page in PdfReader(scanned).pages[:3]:
        three.add_page(page)
    three.write(tmp_path / "three.pdf")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PATH": f"{shim.parent}:{os.environ['PATH']}"}
    subprocess.run([sys.executable, "-m", "pipeline.cli", "extract", "three.pdf", "--out", "out", "--interim",
                    "interim", "--no-cache", "--jobs", "1", "-q"], cwd=tmp_path, env=env, check=False, timeout=600)
    events = sorted((float(t), kind, int(pid)) for kind, t, pid in (ln.split() for ln in log.read_text().splitlines()))
    assert sum(kind == "start" for _, kind, _ in events) >= 3  # a page pass per page (a turned page: two)
    running = most = 0
    for _, kind, _ in events:
        running += 1 if kind == "start" else -1
        most = max(most, running)
    assert most == 1
    assert len({pid for _, _, pid in events}) == 2


# ---------------------------------------------------------------- pages turned by 90 or 180 degrees

@pytest.mark.slow
def test_text_pages_turned_by_their_rotate_go_to_ocr(tmp_path):
    import pdfplumber
    from pypdf import PdfWriter

    from pipeline.pdf import has_text_layer
    from tools.typeset import typeset

    standard = json.loads((FIXTURES / "skj-1-2022-ahli-pertama.standard.json").read_text("utf-8"))
    pdf = typeset(standard, tmp_path / "decree.pdf")
    for degrees, upright in ((0, True), (90, False), (180, False), (270, False)):
        writer = PdfWriter(clone_from=str(pdf))
        for page in writer.pages:
            page.rotate(degrees)
        writer.write(tmp_path / f"r{degrees}.pdf")
        with pdfplumber.open(tmp_path / f"r{degrees}.pdf") as doc:
            assert [has_text_layer(p) for p in doc.pages] == [upright] * len(doc.pages), degrees


def test_tall_words_or_low_confidence_say_a_page_is_turned():
    upright = [["Kompetensi", 100, 100, 300, 130, 96.0]] * 8
    sideways = [["Kompetensi", 100, 100, 130, 300, 95.0]] * 8
    upside_down = [["ueduduryip", 100, 100, 300, 130, 21.0]] * 8
    assert not ocr.looks_turned(upright)
    assert ocr.looks_turned(sideways) and ocr.looks_turned(upside_down)
    assert not ocr.looks_turned(upside_down[:3])  # too few words to judge: a stamp, a signature


@needs_tesseract
@pytest.mark.slow
def test_orientation_detection_turns_each_way_back(scanned):
    pixels, _ = ocr.render(scanned, 0, 300)
    for turn in (90, 180, 270):
        turned = np.ascontiguousarray(np.rot90(pixels, turn // 90))  # turned counter-clockwise
        assert ocr.orientation(turned) == turn  # degrees clockwise that make it upright
    assert ocr.orientation(pixels) == 0
    assert ocr.orientation(np.full((3508, 2480), 255, dtype=np.uint8)) == 0  # blank: nothing to tell


@needs_tesseract
@pytest.mark.slow
def test_a_scanned_decree_with_turned_pages_reads_back(tmp_path, monkeypatch):
    from pypdf import PdfWriter

    from tools.field_score import score_standard
    from tools.scan import ScanSettings, scan
    from tools.typeset import answer_key, typeset

    standard = json.loads((FIXTURES / "skj-7-2025-pranata-informasi-pasar-kerja.standard.json").read_text("utf-8"))
    standard["jenjang"] = standard["jenjang"][2:]  # Penyelia: body + one jenjang keeps the test short
    scan(typeset(standard, tmp_path / "decree.pdf"), tmp_path / "scan.pdf", ScanSettings(dpi=250, seed=11))
    writer = PdfWriter(clone_from=str(tmp_path / "scan.pdf"))
    for n, page in enumerate(writer.pages):  # every page turned: 90, 180, 270, 90, ... degrees
        page.rotate(90 * (n % 3 + 1))
    writer.write(tmp_path / "turned.pdf")
    monkeypatch.setenv("SKJ_CACHE_DIR", str(tmp_path / "cache"))
    assert main(["extract", str(tmp_path / "turned.pdf"), "--out", str(tmp_path / "out"), "--interim",
                 str(tmp_path / "i"), "-q", "--jobs", "2"]) == 0
    got = json.loads((tmp_path / "out" / "skj-7-2025" / "standard.json").read_text("utf-8"))
    assert score_standard(got, answer_key(standard)).accuracy >= 0.97
