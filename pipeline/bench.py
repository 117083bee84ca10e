"""`make bench`: time the extraction stages and the whole `skj extract` command on every decree in raw/.

Prints the one-off cost of loading the libraries (spaCy, wordfreq's list, Great
Expectations: paid once per process, whatever the number of decrees), per-stage
seconds (best of several runs, so start-up noise is left out), the validation
stage's share of a decree's run, the whole command as a user runs it (a fresh
process: interpreter start, imports, extraction, validation, writing), and the
peak memory of that process.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .extract import extract
from .normalise import indonesian_words, tokenizer
from .validate import warm_up as load_gx

RUNS = 5
ROUNDS = 2  # scanned-decree timings: best of this many


def main() -> int:
    raw = sorted(Path("raw").glob("*.txt"))
    if not raw:
        print("no decrees in raw/", file=sys.stderr)
        return 3
    print("library loading (once per process)")
    for name, load in (("spaCy tokenizer", tokenizer), ("wordfreq list", indonesian_words),
                       ("Great Expectations", load_gx)):
        started = time.perf_counter()
        load()
        print(f"  {name:<20} {time.perf_counter() - started:6.3f} s")
    for path in raw:
        best: dict[str, float] = {}
        with tempfile.TemporaryDirectory() as tmp:
            for _ in range(RUNS):
                result = extract(path, Path(tmp) / "out", Path(tmp) / "interim")
                for stage, sec in result.seconds.items():
                    best[stage] = min(sec, best.get(stage, sec))
            stages = {k: v for k, v in best.items() if k not in ("validate", "export")}
            print(f"{path.name}: {result.jenjang} jenjang, {result.kompetensi} competencies "
                  f"(best of {RUNS} runs)")
            for stage, sec in best.items():
                print(f"  {stage:<10} {sec * 1000:8.1f} ms")
            print(f"  {'extraction stages (load..normalise)':<36} {sum(stages.values()):6.3f} s   (target < 1 s)")
            share = best["validate"] / sum(best.values())
            print(f"  {'validation (GX checkpoint + docs)':<36} {best['validate']:6.3f} s   "
                  f"({share:.0%} of the decree's stages, libraries loaded)")

            started = time.perf_counter()
            proc = subprocess.run([sys.executable, "-m", "pipeline.cli", "extract", str(path), "--out",
                                   str(Path(tmp) / "cmd"), "--interim", str(Path(tmp) / "cmd-interim"), "-q"],
                                  capture_output=True, text=True)
            wall = time.perf_counter() - started
            peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
            status = "ok" if proc.returncode == 0 else f"exit {proc.returncode}"
            print(f"  {'whole `skj extract` command':<36} {wall:6.3f} s   ({status}), peak memory {peak:.0f} MiB")
    bench_scanned()
    return 0


def bench_scanned() -> None:
    """A whole scanned decree: the real decree typeset from its extraction, then scanned."""
    from .ocr import OcrSettings, render
    from .scan import scan
    from .typeset import typeset

    source = Path("output/skj-1-2022/standard.json")
    if not source.is_file():
        print("(scanned-decree bench skipped: run `make run` first for output/skj-1-2022)")
        return
    if shutil.which("tesseract") is None:
        print("(scanned-decree bench skipped: tesseract not installed)")
        return
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        typeset(json.loads(source.read_text("utf-8")), tmp / "typeset.pdf")
        scan(tmp / "typeset.pdf", tmp / "scan.pdf")
        import pypdfium2 as pdfium

        pages = len(pdfium.PdfDocument(str(tmp / "scan.pdf")))
        print(f"scanned decree (the real one typeset and scanned): {pages} pages")

        def run(jobs: int, cache: str, *extra: str) -> float:
            env = dict(os.environ, SKJ_CACHE_DIR=str(tmp / cache))
            started = time.perf_counter()
            subprocess.run([sys.executable, "-m", "pipeline.cli", "extract", str(tmp / "scan.pdf"), "--out",
                            str(tmp / f"out-{cache}"), "--interim", str(tmp / "interim"), "-q", "--jobs", str(jobs),
                            *extra], env=env, capture_output=True, text=True)
            return time.perf_counter() - started

        from PIL import Image

        settings = OcrSettings()
        images = []
        for index in range(pages):  # the very images the pipeline reads
            pixels, _ = render(tmp / "scan.pdf", index, settings.dpi)
            path = tmp / f"page{index}.png"
            Image.fromarray(pixels).save(path)
            images.append(path)

        def bare() -> float:
            started = time.perf_counter()
            for path in images:
                subprocess.run(["tesseract", str(path), "stdout", "-l", settings.lang, "--psm", str(settings.psm)],
                               capture_output=True, env=dict(os.environ, OMP_THREAD_LIMIT="1"))
            return time.perf_counter() - started

        # the machine may be shared: each measurement is the best of ROUNDS, taken in turns,
        # so a slow spell cannot favour one side of a ratio
        times: dict[str, list[float]] = {"one": [], "bare": [], "two": []}
        for r in range(ROUNDS):
            times["one"].append(run(1, f"cache1-{r}"))
            times["bare"].append(bare())
            times["two"].append(run(2, f"cache2-{r}"))
        one, tess, two = (min(times[k]) for k in ("one", "bare", "two"))
        again = run(2, "cache2-0")  # the output is up to date: nothing to do
        forced = run(2, "cache2-0", "--force")  # every stage again, the pages from the OCR cache
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(f"  (best of {ROUNDS} rounds, taken in turns)")
        print(f"  pipeline, 1 worker        {one / pages:6.2f} s/page  ({one:.1f} s)")
        print(f"  bare tesseract, 1 thread  {tess / pages:6.2f} s/page  (ratio pipeline/tesseract {one / tess:.2f}, "
              f"target <= 1.2)")
        print(f"  pipeline, 2 workers       {two / pages:6.2f} s/page  (speedup {one / two:.2f}x, target >= 1.7)")
        print(f"  rerun, unchanged PDF      {again:6.1f} s       ({again / two:.0%} of the first run, target <= 10%; "
              f"output up to date)")
        print(f"  rerun with --force        {forced:6.1f} s       ({forced / two:.0%}: OCR from the cache, every other "
              f"stage again)")
        print(f"  peak memory (largest child process) {peak:.0f} MiB")


if __name__ == "__main__":
    sys.exit(main())
