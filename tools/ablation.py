"""One layout option at a time: the plain look (seed 0) with a single option changed, for every
value of every option in `tools.typeset.OPTIONS`, extracted and scored like a matrix cell.
Where the matrix's seeds change thirty options at once, this names the option that breaks the
reader.

    python -m tools.score --ablation [--kinds text] [-j 2]
"""

from __future__ import annotations

import re
import sys
from dataclasses import replace
from pathlib import Path

from .matrix import Inputs, run_matrix


def variants() -> list[tuple[str, object]]:
    from .typeset import OPTIONS, Layout

    plain = Layout()
    out: list[tuple[str, object]] = [("", None)]
    for name, choices in OPTIONS.items():
        out += [(name, value) for value in choices if value != getattr(plain, name)]
    return out


class AblationInputs(Inputs):
    def __init__(self, build: Path):
        super().__init__(build)
        self.variants = variants()

    def layout(self, seed: int):
        from .typeset import Layout

        name, value = self.variants[seed]
        return replace(Layout(), **{name: value}) if name else Layout()

    def label(self, seed: int) -> str:
        name, value = self.variants[seed]
        return f"{name}={value}" if name else "plain"

    def folder(self, source: str, seed: int) -> Path:
        slug = re.sub(r"[^A-Za-z0-9=.-]+", "_", self.label(seed))
        return self.build / Path(source).name.removesuffix(".standard.json") / f"v{seed:03d}-{slug}"


def run_ablation(kinds: tuple[str, ...], jobs: int, build: Path, keep: Path | None, out_json: Path | None,
                 validate: bool = True) -> dict:
    inputs = AblationInputs(build)
    result = run_matrix(list(range(len(inputs.variants))), kinds, jobs, build, keep,
                        out_json or build / "ablation.json", log=lambda m: print(m, flush=True), inputs=inputs,
                        validate=validate)
    result["variants"] = [inputs.label(i) for i in range(len(inputs.variants))]
    (out_json or build / "ablation.json").write_text(__import__("json").dumps(result, ensure_ascii=False, indent=1),
                                                     "utf-8")
    return result


def print_ablation(result: dict, file=sys.stdout) -> None:
    labels = result["variants"]
    decrees = sorted({c["decree"] for c in result["cells"]})
    for kind in result["kinds"]:
        print(f"\n== {kind}: the plain look with one option changed (fields right %, exit code when not 0)", file=file)
        print(f"{'option':<34} " + " ".join(f"{d[:22]:>24}" for d in decrees), file=file)
        for i, label in enumerate(labels):
            row = []
            for d in decrees:
                r = next((c for c in result["cells"] if c["kind"] == kind and c["decree"] == d and c["seed"] == i), None)
                mark = "" if r is None or r["exit_code"] == 0 else f" x{r['exit_code']}"
                pct = "" if r is None else f"{100 * r['accuracy']:.1f}"
                row.append(f"{pct:>18}{mark:>6}")
            print(f"{label[:34]:<34} " + " ".join(row), file=file)
