"""The information ceiling of plain OCR text: how many printed row numbers, printed levels and
ticks a reader could get at most, because the text holds them at all (issue 18).

    python -m tools.ocrceiling [--build build/matrix] [--seeds 12] [--decrees skj-1]
                               [--kinds ocr-psm3,ocr-psm4,ocr-psm6,ocr-pdftotext]

Upper bounds, counted per cell against its answer key:
- nomor_sumber: a row's printed number stands as a token of its own (`4`, `4)`, `4.`, `(4)`,
  `4»`) in the competency tables (from the LAMPIRAN to the requirements table);
- level_tercetak: as many rows with printed level L as there are lone `L` tokens there (`2`, `2,`;
  not `2)`), less one for each row numbered L whose number stands only bare;
- tingkat_pentingnya: a ticked item's column can be told from the text: `pdftotext -layout`, a
  tick mark right of the Uraian column (its column by position, at best: pdftotext sets each line's
  characters apart by its own measure, so a tick may stand left of its column's heading); psm 3/4/6, a run of three cells at
  the end of a line (a tick and two empty cells' dashes or readings of two characters at most), the only way the order of
  words on a line tells the column. A tick alone tells only that a cell was ticked.
Then per kind the share of all the key's fields a reader could get at most (every other field
taken as attainable), worst cell and mean: what the issue's target can be held against.
"""

from __future__ import annotations

import argparse
import json
import re
from collections import Counter
from pathlib import Path

from pipeline.requirements_table import EMPTY, TICK, TICK_JUNK

NUMBER = r"^[(\[|«»\"“]?{n}[)\]».,:|]*$"
LEVEL = r"^[(\[|]?{n}[.,:;]?$"
BARE = r"^{n}$"


def _regions(lines: list[str]) -> tuple[list[str], list[str]]:
    start = next((i for i, ln in enumerate(lines) if ln.strip().upper().startswith("LAMPIRAN")), 0)
    req = max((i for i, ln in enumerate(lines) if re.search(r"Persyaratan\s+Jabatan", ln, re.IGNORECASE)), default=len(lines))
    return lines[start:req], lines[req:]


def _tokens(lines: list[str]) -> list[str]:
    return [t for ln in lines for t in ln.split()]


def _rows(key: dict) -> list[dict]:
    return [k for j in key["jenjang"] for k in j["kompetensi"]]


def _ticked(key: dict) -> int:
    return sum(1 for j in key["jenjang"] for part in ("pelatihan", "pengalaman_kerja")
               for it in (j.get("persyaratan", {}).get(part) or []) if it.get("tingkat_pentingnya"))


def _tick_columns_laid(lines: list[str]) -> int:
    """pdftotext -layout: marks right of the Uraian column, below the `Mutlak Penting Perlu` header."""
    head = next((ln for ln in lines if re.search(r"Mutlak|Penting\s+Perlu", ln, re.IGNORECASE)), None)
    if head is None:
        return 0
    at = re.search(r"Mutlak|Penting", head, re.IGNORECASE).start() - 2
    n = 0
    for ln in lines[lines.index(head) + 1:]:
        right = ln[at:].split() if len(ln) > at else []
        if right and not re.search(r"[a-z]{3}", " ".join(right)) and any(TICK.match(t) for t in right):
            n += 1
    return n


def _tick_runs(lines: list[str]) -> int:
    n = 0
    for ln in lines:
        toks = ln.split()[-3:]
        if len(toks) == 3 and sum(1 for t in toks if TICK.match(t)) == 1 and all(
                TICK.match(t) or EMPTY.match(t) or TICK_JUNK.match(t) or len(t) <= 2 for t in toks):
            n += 1
    return n


def ceiling(text: str, key: dict, kind: str) -> dict[str, tuple[int, int]]:
    """field -> (fields the text could give at most, fields in the key)."""
    comp, req = _regions(text.splitlines())
    toks = _tokens(comp)
    rows = _rows(key)
    numbers = [r["nomor_sumber"] for r in rows if r.get("nomor_sumber") is not None]
    found = {n for n in set(numbers) if any(re.match(NUMBER.format(n=n), t) for t in toks)}
    got_num = sum(1 for n in numbers if n in found)
    levels = Counter(r["level_tercetak"] for r in rows if r.get("level_tercetak") is not None)
    got_lvl = 0
    for lv, want in levels.items():
        have = sum(1 for t in toks if re.match(LEVEL.format(n=lv), t))
        bare_only = sum(1 for n in set(numbers) if n == lv and not any(
            re.match(NUMBER.format(n=n), t) and not re.match(LEVEL.format(n=n), t) for t in toks))
        got_lvl += min(want, max(0, have - bare_only))
    ticked = _ticked(key)
    columns = _tick_columns_laid(req) if kind == "ocr-pdftotext" else _tick_runs(req)
    return {"nomor_sumber": (got_num, len(numbers)), "level_tercetak": (got_lvl, sum(levels.values())),
            "tingkat_pentingnya": (min(ticked, columns), ticked)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--build", default="build/matrix")
    ap.add_argument("--seeds", type=int, default=12)
    ap.add_argument("--decrees", default="skj-1")
    ap.add_argument("--kinds", default="ocr-psm3,ocr-psm4,ocr-psm6,ocr-pdftotext")
    args = ap.parse_args(argv)
    from tools.matrix import FIXTURES, Inputs

    inputs = Inputs(Path(args.build))
    sources = [str(p) for p in sorted(FIXTURES.glob("*.standard.json"))
               if any(w in p.name for w in args.decrees.split(","))]
    from tools.field_score import score_standard

    print(f"{'kind':15} {'field':20} {'in text':>8} {'in key':>7}  share")
    for kind in args.kinds.split(","):
        total: dict[str, list[int]] = {}
        best: list[tuple[float, int, str]] = []  # per cell: the share of all fields a reader could get at most
        for source in sources:
            for seed in range(1, args.seeds + 1):
                path = inputs.ocr_dir(source, seed) / f"{kind}.txt"
                key = json.loads(inputs.key(source, seed).read_text("utf-8"))
                fields = score_standard(key, key).total
                lost = 0
                for f, (a, b) in ceiling(path.read_text("utf-8"), key, kind).items():
                    t = total.setdefault(f, [0, 0])
                    t[0] += a
                    t[1] += b
                    lost += b - a
                best.append(((fields - lost) / fields, seed, Path(source).name.split(".")[0]))
        for f, (a, b) in total.items():
            print(f"{kind:15} {f:20} {a:8} {b:7}  {a / b if b else 0:.0%}")
        worst = min(best)
        print(f"{kind:15} {'all fields, at most':20} worst {worst[0]:.1%} (seed {worst[1]} {worst[2]}), "
              f"mean {sum(b[0] for b in best) / len(best):.1%}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
