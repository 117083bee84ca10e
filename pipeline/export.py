"""Stage 7: check the standard against the output contract and publish it atomically.

`standard.json` follows the downstream teams' JSON Schema (a copy ships in
`pipeline/data/`); it is validated before anything is written. The flat tables
repeat the keys (decree id, jenjang, names) on every row so each opens alone in
pandas or a spreadsheet. Everything is written into a temporary folder beside the
target and swapped in at the end: a failed run leaves the previous output whole.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

import pandas as pd
from jsonschema import Draft202012Validator, FormatChecker

from .errors import OutputError, ValidationFailed
from .reference import contract_schema

TABLES = ("jenjang", "kompetensi", "indikator", "pelatihan", "pengalaman_kerja", "pangkat", "corrections")


def check_contract(standard: dict, source: str) -> None:
    """Raise ValidationFailed naming the first places where the standard breaks the contract."""
    validator = Draft202012Validator(contract_schema(), format_checker=FormatChecker())
    errors = sorted(validator.iter_errors(standard), key=lambda e: list(e.absolute_path))
    if errors:
        where = "; ".join(
            f"{'/'.join(str(p) for p in e.absolute_path) or '(top)'}: {e.message}" for e in errors[:3]
        )
        more = f" (+{len(errors) - 3} more)" if len(errors) > 3 else ""
        raise ValidationFailed(f"output breaks the contract: {where}{more}", source=source)


def flat_tables(standard: dict, corrections: list[dict]) -> dict[str, pd.DataFrame]:
    """The standard as one DataFrame per table, one row per item, keys repeated."""
    did = standard["decree"]["id"]
    rows: dict[str, list[dict]] = {name: [] for name in TABLES}
    for order, j in enumerate(standard["jenjang"], start=1):
        key = {"decree_id": did, "jenjang": j["jenjang"]}
        req = j["persyaratan"]
        rows["jenjang"].append({
            **key, "urutan_jenjang": order, "nama_jabatan": j["nama_jabatan"], "kategori": j.get("kategori"),
            "kelompok_jabatan": j.get("kelompok_jabatan"), "urusan_pemerintahan": j.get("urusan_pemerintahan"),
            "kode_jabatan": j.get("kode_jabatan"), "ikhtisar_jabatan": j.get("ikhtisar_jabatan"),
            "jenjang_pendidikan": req["pendidikan"]["jenjang_pendidikan"],
            "bidang_ilmu": req["pendidikan"]["bidang_ilmu"],
            "indikator_kinerja_jabatan": req.get("indikator_kinerja_jabatan"),
            "jumlah_kompetensi": len(j["kompetensi"]),
        })
        for k in j["kompetensi"]:
            rows["kompetensi"].append({
                **key, "kelompok": k["kelompok"], "urutan": k["urutan"], "nomor_sumber": k.get("nomor_sumber"),
                "nama": k["nama"], "level": k["level"], "level_tercetak": k.get("level_tercetak"),
                "deskripsi": k["deskripsi"], "jumlah_indikator": len(k["indikator"]),
                "halaman": " ".join(str(p) for p in k.get("halaman", [])) or None,
            })
            for n, ind in enumerate(k["indikator"], start=1):
                rows["indikator"].append({
                    **key, "kelompok": k["kelompok"], "kompetensi": k["nama"], "level": k["level"],
                    "urutan": n, "kode": ind["kode"], "teks": ind["teks"],
                })
        for n, p in enumerate(req["pelatihan"], start=1):
            rows["pelatihan"].append({**key, "status_kepegawaian": p["status_kepegawaian"], "jenis": p["jenis"],
                                      "urutan": n, "nama": p["nama"], "tingkat_pentingnya": p.get("tingkat_pentingnya")})
        for n, p in enumerate(req["pengalaman_kerja"], start=1):
            rows["pengalaman_kerja"].append({**key, "status_kepegawaian": p["status_kepegawaian"], "urutan": n,
                                             "uraian": p["uraian"], "tingkat_pentingnya": p.get("tingkat_pentingnya")})
        for p in req["pangkat"]:
            rows["pangkat"].append({**key, "status_kepegawaian": p["status_kepegawaian"],
                                    "golongan": p["golongan"], "nama": p.get("nama")})
    rows["corrections"] = corrections
    columns = {
        "corrections": ["decree", "jenjang", "field", "original", "replacement", "rule"],
    }
    frames = {}
    for name, data in rows.items():
        frame = pd.DataFrame(data, columns=columns.get(name)) if not data else pd.DataFrame(data)
        for col in ("nomor_sumber", "level", "level_tercetak"):
            if col in frame:
                frame[col] = frame[col].astype("Int64")
        frames[name] = frame
    return frames


def _write_json(path: Path, data: dict | list) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def read_tables(folder: Path, names: tuple[str, ...]) -> dict[str, pd.DataFrame]:
    """Flat tables as written by `publish` (only empty cells are null: a text `NA` stays text;
    codes stay text: `2.10` is not the number 2.1)."""
    return {n: pd.read_csv(folder / f"{n}.csv", keep_default_na=False, na_values=[""], encoding="utf-8",
                           dtype={"kode": "string"})
            for n in names}


def publish(standard: dict, frames: dict[str, pd.DataFrame], out_root: Path,
            extra: dict[str, dict | list | str] | None = None, folders: dict[str, Path] | None = None,
            failed: bool = False) -> Path:
    """Write `out_root/<decree id>/` whole, replacing an earlier output only once all is written.

    `extra` maps further file names to JSON data, or to text for a `.md` file; `folders`
    maps sub-folder names to folders copied in (the validation report). A `failed`
    output (it broke a critical expectation) still replaces the folder so the steward
    can inspect it, but the last good output it replaces is kept inside it as
    `last-good/`: a failed run never loses good data.
    """
    target = out_root / standard["decree"]["id"]
    try:
        out_root.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".tmp", dir=out_root))
    except OSError as exc:
        raise OutputError(f"cannot write to {out_root} ({exc.strerror})") from None
    try:
        _write_json(staging / "standard.json", standard)
        for name, frame in frames.items():
            frame.to_csv(staging / f"{name}.csv", index=False, encoding="utf-8")
        for name, data in (extra or {}).items():
            if isinstance(data, str):
                (staging / name).write_text(data, encoding="utf-8")
            else:
                _write_json(staging / name, data)
        for name, folder in (folders or {}).items():
            shutil.copytree(folder, staging / name)
        if failed:
            _keep_last_good(target, staging)
        _swap_in(staging, target)
    except BaseException as exc:
        shutil.rmtree(staging, ignore_errors=True)
        if isinstance(exc, OSError):
            raise OutputError(f"cannot write {target} ({exc.strerror})") from None
        raise
    return target


LAST_GOOD = "last-good"


def _output_status(folder: Path) -> str | None:
    """The `status` an output folder's manifest records, or None when there is none."""
    try:
        return json.loads((folder / "manifest.json").read_text("utf-8")).get("status")
    except (OSError, ValueError):
        return None


def _keep_last_good(target: Path, staging: Path) -> None:
    """Carry the newest good output into a failed one: the folder itself if it was good,
    else the `last-good/` a previous failed run already kept."""
    if _output_status(target) == "ok":
        shutil.copytree(target, staging / LAST_GOOD)
    elif (target / LAST_GOOD).is_dir():
        shutil.copytree(target / LAST_GOOD, staging / LAST_GOOD)


def _swap_in(staging: Path, target: Path) -> None:
    old = None
    if target.exists():
        old = target.with_name(f".{target.name}.{os.getpid()}.old")
        os.replace(target, old)
    try:
        os.replace(staging, target)
    except OSError:
        if old is not None:
            os.replace(old, target)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
