"""`make score`: the real decree against its golden key, the PDF front ends on typeset and scanned
fixtures, and the layout matrix; each extraction scored field by field (`tools.field_score`).

    python -m tools.score output/skj-1-2022/standard.json tests/data/groundtruth/skj-1-2022.golden.json

`--fixtures` scores the PDF front ends: each standard (our reading of every real
decree in output/, and the invented decrees in tests/data/fixtures/) is typeset
into a PDF (`tools.typeset`), extracted from its text layer, then scanned
(`tools.scan`) and extracted by OCR, and each extraction is scored against the
standard it was typeset from.

`--matrix` scores the worst case: every seed's layout (`tools.typeset.Layout.from_seed`)
x every fixture decree x every kind of input (text layer, scan grades, searchable
PDF, plain OCR text; see `tools.matrix`), a table per kind and all of it in JSON.

    python -m tools.score --matrix [--seeds 12] [--kinds text,good,office,poor] [-j 2] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .field_score import score_standard

FIXTURES = Path("tests/data/fixtures")


def fixture_sources() -> list[Path]:
    """Standards to typeset: our reading of each real decree in output/, then each invented decree."""
    sources = sorted(Path("output").glob("*/standard.json"))
    ids = {json.loads(p.read_text("utf-8"))["decree"]["id"] for p in sources}
    for path in sorted(FIXTURES.glob("*.standard.json")):
        if json.loads(path.read_text("utf-8"))["decree"]["id"] not in ids:
            sources.append(path)
    return sources


def score_fixtures(scan_too: bool, verbose: bool) -> int:
    import tempfile

    from pipeline.extract import extract
    from pipeline.stages import warm_up
    from pipeline.pdf import PdfOptions
    from .scan import scan
    from .typeset import answer_key, typeset

    warm_up()
    with tempfile.TemporaryDirectory(prefix="skj-score-") as tmp:
        for source in fixture_sources():
            standard = json.loads(source.read_text("utf-8"))
            key = answer_key(standard)
            pdf = typeset(standard, Path(tmp) / f"{standard['decree']['id']}.pdf")
            inputs = [("pdf-text", pdf)]
            if scan_too:
                scanned = pdf.with_suffix(".scan.pdf")
                scan(pdf, scanned)
                inputs.append(("scan", scanned))
            for kind, path in inputs:
                try:
                    result = extract(path, Path(tmp) / kind, Path(tmp) / "interim", pdf_options=PdfOptions(), force=True)
                    got = json.loads((result.output / "standard.json").read_text("utf-8"))
                except Exception as exc:  # report and go on: a score run shows every fixture
                    print(f"{source}  {kind:<8} failed: {exc}")
                    continue
                score = score_standard(got, key)
                print(f"{source}  {kind:<8} {score.right}/{score.total} fields right ({100 * score.accuracy:.1f}%)")
                if verbose:
                    for where, have, want in score.misses:
                        print(f"  MISS {where}\n    got:  {have}\n    want: {want}")
    return 0


def gate(cells: list[dict], floors: dict[str, dict[str, float]]) -> list[str]:
    """What falls below the floors: per decree and kind (of those run), the worst seed's accuracy
    under its floor, and every run whose status is not ok."""
    below = []
    for decree, kinds in floors.items():
        if decree.startswith("_"):  # a note (`_about`)
            continue
        for kind, floor in kinds.items():
            runs = [c for c in cells if c["decree"] == decree and c["kind"] == kind]
            if not runs:
                continue
            worst = min(runs, key=lambda c: (c["accuracy"], c["seed"]))
            if worst["accuracy"] < floor:
                below.append(f"{decree} {kind}: worst seed {worst['seed']} {100 * worst['accuracy']:.1f}% "
                             f"< floor {100 * floor:.1f}%")
            below += [f"{decree} {kind}: seed {c['seed']} status {c['status']} (exit {c['exit_code']})"
                      for c in runs if c["status"] != "ok" or c["exit_code"] != 0]
    return below


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m tools.score", description=__doc__.split("\n\n")[0])
    p.add_argument("standard", type=Path, nargs="?", help="an extracted standard.json")
    p.add_argument("key", type=Path, nargs="?", help="the answer key (full or golden excerpts)")
    p.add_argument("--fixtures", action="store_true",
                   help="typeset each real decree's reading (output/) and invented decree (tests/data/fixtures/), "
                        "extract and score it from its text layer and from a simulated scan")
    p.add_argument("--no-scan", action="store_true", help="with --fixtures: text-layer PDFs only")
    p.add_argument("-v", "--verbose", action="store_true", help="show each wrong field")
    p.add_argument("--matrix", action="store_true",
                   help="score every seed's layout x fixture decree x kind of input (see tools.matrix)")
    p.add_argument("--seeds", type=int, default=12, help="with --matrix: seeds 1..N (default 12)")
    p.add_argument("--first-seed", type=int, default=1, help="with --matrix: the first seed (default 1)")
    p.add_argument("--kinds", default="text,good,office,poor",
                   help="with --matrix: comma-separated, of text,good,office,poor,searchable,ocr-psm3,ocr-psm4,"
                        "ocr-psm6,ocr-pdftotext, or 'all' (default text,good,office,poor)")
    p.add_argument("-j", "--jobs", type=int, default=2, help="with --matrix: cells run in parallel (default 2)")
    p.add_argument("--keep", type=Path, help="with --matrix: keep each extraction's output and interim files here")
    p.add_argument("--build", type=Path, default=Path("build/matrix"),
                   help="with --matrix: where inputs are cached (default build/matrix)")
    p.add_argument("--json", type=Path, help="with --matrix: write the results here (default BUILD/results.json)")
    p.add_argument("--decrees", help="with --matrix/--ablation: only fixtures whose name holds one of these "
                                      "comma-separated words (default: every fixture)")
    p.add_argument("--no-validate", action="store_true",
                   help="with --matrix/--ablation: skip the Great Expectations checkpoint (same scores, status "
                        "'unvalidated', much faster)")
    p.add_argument("--gate", type=Path,
                   help="with --matrix: a JSON file of floors, {decree: {kind: worst accuracy}}; exit 1 when a "
                        "decree's worst seed of a kind falls below its floor or any run of it is not ok "
                        "(make score gates on tools/matrix-floors.json, the figures the README claims)")
    p.add_argument("--ablation", action="store_true",
                   help="the plain look with one layout option changed at a time, every option (see tools.ablation)")
    args = p.parse_args(argv)
    if args.decrees:
        from . import matrix

        matrix.ONLY[:] = [d.strip() for d in args.decrees.split(",") if d.strip()]
    if args.ablation:
        from .ablation import print_ablation, run_ablation

        kinds = tuple(k.strip() for k in (args.kinds if args.kinds != "text,good,office,poor" else "text").split(","))
        result = run_ablation(kinds, max(1, args.jobs), args.build.parent / "ablation" if args.build == Path("build/matrix")
                              else args.build, args.keep, args.json, validate=not args.no_validate)
        print_ablation(result)
        return 0
    if args.matrix:
        from .matrix import KINDS, print_report, run_matrix

        kinds = KINDS if args.kinds == "all" else tuple(k.strip() for k in args.kinds.split(",") if k.strip())
        unknown = [k for k in kinds if k not in KINDS]
        if unknown:
            p.error(f"unknown kind(s) {', '.join(unknown)}; known: {', '.join(KINDS)}")
        seeds = list(range(args.first_seed, args.first_seed + args.seeds))
        result = run_matrix(seeds, kinds, max(1, args.jobs), args.build, args.keep, args.json,
                            validate=not args.no_validate)
        print_report(result)
        print(f"results: {args.json or args.build / 'results.json'}")
        if args.gate:
            below = gate(result["cells"], json.loads(args.gate.read_text("utf-8")))
            for line in below:
                print(f"GATE {line}")
            print(f"gate {args.gate}: " + (f"{len(below)} below" if below else "every floor held"))
            return 1 if below else 0
        return 0
    if args.fixtures:
        return score_fixtures(not args.no_scan, args.verbose)
    if args.standard is None or args.key is None:
        p.error("give STANDARD and KEY, or --fixtures")
    got = json.loads(args.standard.read_text(encoding="utf-8"))
    key = json.loads(args.key.read_text(encoding="utf-8"))
    score = score_standard(got, key)
    if args.verbose:
        for where, have, want in score.misses:
            print(f"MISS {where}\n  got:  {have}\n  want: {want}")
    print(f"{score.right}/{score.total} fields right ({100 * score.accuracy:.1f}%), {len(score.misses)} wrong")
    return 0


if __name__ == "__main__":
    sys.exit(main())
