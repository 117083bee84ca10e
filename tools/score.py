"""Score an extracted standard against an answer key, field by field.

A text field is right when its character error rate, after folding case,
punctuation and spaces, is at most 3%; numbers, codes and enums must be equal.
The key may hold a subset of the standard (golden excerpts): only the fields it
gives are scored. Items are matched by their keys: jenjang by name, competencies
by name, indicators by code, training and experience items by their order within
(status, jenis), pangkat by golongan.

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
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.model import DIKTUM_FIELDS
from pipeline.words import cer, fold

MAX_CER = 0.03


@dataclass
class Score:
    right: int = 0
    misses: list[tuple[str, object, object]] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.right + len(self.misses)

    @property
    def accuracy(self) -> float:
        return self.right / self.total if self.total else 0.0

    def check(self, where: str, got: object, want: object) -> None:
        if isinstance(want, str) and isinstance(got, str):
            ok = cer(got, want) <= MAX_CER
        else:
            ok = got == want
        if ok:
            self.right += 1
        else:
            self.misses.append((where, got, want))


MISSING = object()  # a field the standard lacks: wrong even where the key holds null


def _fields(score: Score, where: str, got: dict | None, want: dict, skip: set[str] = frozenset()) -> None:
    got = got or {}
    for key, value in want.items():
        if key.startswith("_") or key in skip or isinstance(value, (dict, list)):
            continue
        score.check(f"{where}.{key}", got.get(key, MISSING), value)


def _grouped(items: list[dict], keys: tuple[str, ...]) -> dict[tuple, list[dict]]:
    out: dict[tuple, list[dict]] = {}
    for it in items:
        out.setdefault(tuple(it.get(k) for k in keys), []).append(it)
    return out


def score_standard(got: dict, key: dict) -> Score:
    score = Score()
    _fields(score, "decree", got.get("decree"), key.get("decree", {}))
    for name in (DIKTUM_FIELDS[k] for k in ("teknis", "manajerial", "sosial_kultural")):
        want = key.get("decree", {}).get(name)
        have = got.get("decree", {}).get(name) or []
        for i, value in enumerate(want or []):
            score.check(f"decree.{name}[{i}]", have[i] if i < len(have) else None, value)
    by_jenjang = {j["jenjang"]: j for j in got.get("jenjang", [])}
    for kj in key.get("jenjang", []):
        gj = by_jenjang.get(kj["jenjang"], {})
        where = kj["jenjang"]
        _fields(score, where, gj, kj, skip={"jumlah_kompetensi"})
        if "jumlah_kompetensi" in kj:
            score.check(f"{where}.jumlah_kompetensi", len(gj.get("kompetensi", [])), kj["jumlah_kompetensi"])
        comps = {fold(c["nama"]): c for c in gj.get("kompetensi", [])}
        for kc in kj.get("kompetensi", []):
            gc = comps.get(fold(kc["nama"]))
            cw = f"{where}/{kc['nama']}"
            _fields(score, cw, gc, kc)
            inds = {i["kode"]: i["teks"] for i in (gc or {}).get("indikator", [])}
            for ki in kc.get("indikator", []):
                score.check(f"{cw}/{ki['kode']}", inds.get(ki["kode"]), ki["teks"])
            if "indikator" in kc:  # a competency not found at all counts here too: one denominator for every run
                score.check(f"{cw}.jumlah_indikator", len(gc["indikator"]) if gc else None, len(kc["indikator"]))
        kreq, greq = kj.get("persyaratan", {}), gj.get("persyaratan", {})
        if "pendidikan" in kreq:
            _fields(score, f"{where}/pendidikan", greq.get("pendidikan"), kreq["pendidikan"])
        if "indikator_kinerja_jabatan" in kreq:
            score.check(f"{where}/indikator_kinerja_jabatan", greq.get("indikator_kinerja_jabatan"),
                        kreq["indikator_kinerja_jabatan"])
        for table, keys in (("pelatihan", ("status_kepegawaian", "jenis")), ("pengalaman_kerja", ("status_kepegawaian",))):
            if table not in kreq:
                continue
            have = _grouped(greq.get(table, []), keys)
            for group, items in _grouped(kreq[table], keys).items():
                for n, item in enumerate(items):
                    g = have.get(group, [])
                    _fields(score, f"{where}/{table}{list(group)}[{n}]", g[n] if n < len(g) else None, item,
                            skip=set(keys))
        if "pangkat" in kreq:
            have = {(p["status_kepegawaian"], p["golongan"]): p for p in greq.get("pangkat", [])}
            for p in kreq["pangkat"]:
                g = have.get((p["status_kepegawaian"], p["golongan"]))
                score.check(f"{where}/pangkat {p['golongan']}", g is not None, True)
                score.check(f"{where}/pangkat {p['golongan']}.nama", (g or {}).get("nama"), p["nama"])
            score.check(f"{where}/pangkat count", len(greq.get("pangkat", [])), len(kreq["pangkat"]))
    return score


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
