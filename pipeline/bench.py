"""`make bench`: time the extraction stages and the whole `skj extract` command on every decree in raw/.

Prints per-stage seconds (best of several runs, so start-up noise is left out),
the whole command as a user runs it (a fresh process: interpreter start, imports,
extraction, validation, writing), and the peak memory of that process.
"""

from __future__ import annotations

import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .extract import extract

RUNS = 5


def main() -> int:
    raw = sorted(Path("raw").glob("*.txt"))
    if not raw:
        print("no decrees in raw/", file=sys.stderr)
        return 3
    for path in raw:
        best: dict[str, float] = {}
        with tempfile.TemporaryDirectory() as tmp:
            for _ in range(RUNS):
                result = extract(path, Path(tmp) / "out", Path(tmp) / "interim")
                for stage, sec in result.seconds.items():
                    best[stage] = min(sec, best.get(stage, sec))
            stages = {k: v for k, v in best.items() if k != "export"}
            print(f"{path.name}: {result.jenjang} jenjang, {result.kompetensi} competencies "
                  f"(best of {RUNS} runs)")
            for stage, sec in best.items():
                print(f"  {stage:<10} {sec * 1000:8.1f} ms")
            print(f"  {'extraction stages (load..normalise)':<36} {sum(stages.values()):6.3f} s   (target < 1 s)")

            started = time.perf_counter()
            proc = subprocess.run([sys.executable, "-m", "pipeline.cli", "extract", str(path), "--out",
                                   str(Path(tmp) / "cmd"), "--interim", str(Path(tmp) / "cmd-interim"), "-q"],
                                  capture_output=True, text=True)
            wall = time.perf_counter() - started
            peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
            status = "ok" if proc.returncode == 0 else f"exit {proc.returncode}"
            print(f"  {'whole `skj extract` command':<36} {wall:6.3f} s   ({status}), peak memory {peak:.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
