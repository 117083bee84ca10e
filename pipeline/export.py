"""Stage 7: check the standard against the output contract and publish it atomically.

`standard.json` follows the downstream teams' JSON Schema (a copy ships in
`pipeline/data/`); it is validated before anything is written. The flat tables
repeat the keys (decree id, jenjang, names) on every row so each opens alone in
pandas or a spreadsheet.

Publishing survives any kill. Everything is written into a staging folder beside
the target (`.<id>.<random>.tmp`), then staging and target trade places in one
step (`renameat2(RENAME_EXCHANGE)`): a reader finds the old output or the new one
at the path, whole, never neither. The old one stays whole a while, hidden as
`.<id>.<random>.old` (a reader listing it when it was replaced still gets all of
it), until a later writer removes it. Hidden folders are never taken for outputs;
whatever a killed run left is removed by the next writer of that decree. Writers of one decree take
its lock (`.<id>.lock`, flock) in turn. Folders are created with the umask's
permissions (readable by group and others under the usual 022).
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import functools
import json
import os
import re
import secrets
import shutil
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

import pandas as pd
from jsonschema import Draft202012Validator, FormatChecker

try:
    import fcntl
except ImportError:  # not a POSIX system: writers are not serialised
    fcntl = None

from .errors import OutputError, SkjError, ValidationFailed
from .provenance import FLAT_COLUMNS, flat, merge
from .reference import contract_schema

TABLES = ("jenjang", "kompetensi", "indikator", "pelatihan", "pengalaman_kerja", "pangkat", "corrections")


@dataclass(frozen=True)
class ExportSettings:
    """Every constant of the export stage, named (pdfplumber's TableSettings as the model)."""

    contract_errors_shown: int = 3  # places a broken contract's message names (the rest counted): one terminal line
    json_indent: int = 2  # spaces per level in the published JSON files: read by people as well as programs
    interim_indent: int = 1  # the same in the interim artefacts: large files, one space per level keeps them small
    token_bytes: int = 8  # random bytes in a staging or replaced folder's name: no two writers ever pick one name
    probe_token_bytes: int = 4  # random bytes in a writability probe's name (beside the process id)
    grace: float = 60.0  # seconds a replaced output stays whole, hidden, for readers still listing or reading it


EXPORT = ExportSettings()


def check_contract(standard: dict, source: str, s: ExportSettings = EXPORT) -> None:
    """Raise ValidationFailed naming the first places where the standard breaks the contract."""
    validator = Draft202012Validator(contract_schema(), format_checker=FormatChecker())
    errors = sorted(validator.iter_errors(standard), key=lambda e: list(e.absolute_path))
    if errors:
        shown = s.contract_errors_shown
        where = "; ".join(
            f"{'/'.join(str(p) for p in e.absolute_path) or '(top)'}: {e.message}" for e in errors[:shown]
        )
        more = f" (+{len(errors) - shown} more)" if len(errors) > shown else ""
        raise ValidationFailed(f"output breaks the contract: {where}{more}", source=source)


KEY = ["decree_id", "jenjang"]
COLUMNS = {  # every flat table's columns, in order
    "jenjang": KEY + ["urutan_jenjang", "nama_jabatan", "kategori", "kelompok_jabatan", "urusan_pemerintahan",
                      "kode_jabatan", "ikhtisar_jabatan", "jenjang_pendidikan", "bidang_ilmu",
                      "indikator_kinerja_jabatan", "jumlah_kompetensi"],
    "kompetensi": KEY + ["kelompok", "urutan", "nomor_sumber", "nama", "level", "level_tercetak", "deskripsi",
                         "jumlah_indikator", "halaman"],
    "indikator": KEY + ["kelompok", "kompetensi", "level", "urutan", "kode", "teks"],
    "pelatihan": KEY + ["status_kepegawaian", "jenis", "urutan", "nama", "tingkat_pentingnya"],
    "pengalaman_kerja": KEY + ["status_kepegawaian", "urutan", "uraian", "tingkat_pentingnya"],
    "pangkat": KEY + ["status_kepegawaian", "golongan", "nama"],
    "corrections": ["decree", "jenjang", "field", "original", "replacement", "rule"],
}
# provenance (`provenance.flat`), added at the end of the tables of values read from cells: pages,
# boxes (PDF points), OCR confidence (mean, lowest word), source lines
for _name in ("kompetensi", "indikator", "pelatihan", "pengalaman_kerja", "pangkat"):
    COLUMNS[_name] = COLUMNS[_name] + FLAT_COLUMNS


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
                **flat(merge(*(k.get("asal") or {}).values())),
            })
            for n, ind in enumerate(k["indikator"], start=1):
                rows["indikator"].append({
                    **key, "kelompok": k["kelompok"], "kompetensi": k["nama"], "level": k["level"],
                    "urutan": n, "kode": ind["kode"], "teks": ind["teks"], **flat(ind.get("asal")),
                })
        for n, p in enumerate(req["pelatihan"], start=1):
            rows["pelatihan"].append({**key, "status_kepegawaian": p["status_kepegawaian"], "jenis": p["jenis"],
                                      "urutan": n, "nama": p["nama"], "tingkat_pentingnya": p.get("tingkat_pentingnya"),
                                      **flat(p.get("asal"))})
        for n, p in enumerate(req["pengalaman_kerja"], start=1):
            rows["pengalaman_kerja"].append({**key, "status_kepegawaian": p["status_kepegawaian"], "urutan": n,
                                             "uraian": p["uraian"], "tingkat_pentingnya": p.get("tingkat_pentingnya"),
                                             **flat(p.get("asal"))})
        for p in req["pangkat"]:
            rows["pangkat"].append({**key, "status_kepegawaian": p["status_kepegawaian"],
                                    "golongan": p["golongan"], "nama": p.get("nama"), **flat(p.get("asal"))})
    rows["corrections"] = corrections
    frames = {}
    for name, data in rows.items():
        frame = pd.DataFrame(data, columns=COLUMNS[name])  # a table without rows keeps its header
        for col in ("nomor_sumber", "level", "level_tercetak"):
            if col in frame:
                frame[col] = frame[col].astype("Int64")
        frames[name] = frame
    return frames


def write_json(path: Path, data: dict | list, indent: int = EXPORT.json_indent) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=indent) + "\n", encoding="utf-8")


def read_tables(folder: Path, names: tuple[str, ...]) -> dict[str, pd.DataFrame]:
    """Flat tables as written by `publish` (only empty cells are null: a text `NA` stays text;
    codes stay text: `2.10` is not the number 2.1)."""
    return {n: pd.read_csv(folder / f"{n}.csv", keep_default_na=False, na_values=[""], encoding="utf-8",
                           dtype={"kode": "string"})
            for n in names}


def publish(standard: dict, frames: dict[str, pd.DataFrame], out_root: Path,
            extra: dict[str, dict | list | str] | None = None, folders: dict[str, Path] | None = None,
            failed: bool = False, staged: Callable[[Path], None] | None = None) -> Path:
    """Write `out_root/<decree id>/` whole, replacing an earlier output only once all is written.

    `extra` maps further file names to JSON data, or to text for a `.md` file; `folders`
    maps sub-folder names to folders copied in (the validation report). A `failed`
    output (it broke a critical expectation) still replaces the folder so the steward
    can inspect it, but the last good output it replaces is kept inside it as
    `last-good/`: a failed run never loses good data. `staged(folder)`, when given, is
    called once everything is written into the staging folder and may add files derived
    from them (the review page), which are published in the same step. Holds the decree's lock (taken
    here unless this thread holds it already).
    """
    target = out_root / standard["decree"]["id"]
    try:
        with decree_lock(out_root, target.name):
            with atomic_folder(out_root, target.name) as staging:
                write_json(staging / "standard.json", standard)
                for name, frame in frames.items():
                    frame.to_csv(staging / f"{name}.csv", index=False, encoding="utf-8")
                for name, data in (extra or {}).items():
                    if isinstance(data, str):
                        (staging / name).write_text(data, encoding="utf-8")
                    else:
                        write_json(staging / name, data)
                for name, folder in (folders or {}).items():
                    shutil.copytree(folder, staging / name, symlinks=True)
                if staged is not None:
                    staged(staging)
                if failed:
                    _keep_last_good(target, staging)
            prune(out_root, target.name)
    except OSError as exc:
        raise OutputError(f"cannot write {target} ({exc.strerror or exc})") from None
    return target


LAST_GOOD = "last-good"


def _output_status(folder: Path) -> str | None:
    """The `status` an output folder's manifest records, or None when there is none."""
    try:
        manifest = json.loads((folder / "manifest.json").read_text("utf-8"))
    except (OSError, ValueError):
        return None
    return manifest.get("status") if isinstance(manifest, dict) else None


def _keep_last_good(target: Path, staging: Path) -> None:
    """Carry the newest good output into a failed one: the folder itself if it was good,
    else the `last-good/` a previous failed run already kept."""
    if _output_status(target) == "ok":
        shutil.copytree(target, staging / LAST_GOOD, symlinks=True, ignore=_top_level(target, LAST_GOOD))
    elif (target / LAST_GOOD).is_dir():
        shutil.copytree(target / LAST_GOOD, staging / LAST_GOOD, symlinks=True)


def _top_level(root: Path, *names: str, hidden: bool = True) -> Callable[[str, list[str]], set[str]]:
    """A copytree `ignore` leaving out `names` (and hidden entries) of `root` itself, nothing deeper."""
    def ignore(folder: str, entries: list[str]) -> set[str]:
        if Path(folder) != root:
            return set()
        return {e for e in entries if e in names or (hidden and e.startswith("."))}
    return ignore


# ---------------------------------------------------------------- crash-safe folders

# a staging folder: `.<name>.<token>.tmp`; `.old` is a previous output moved aside by the two-rename
# fallback (and by versions before the atomic exchange); the token never holds a dot
_LEFTOVER = r"^\.{name}\.[A-Za-z0-9_]+\.(tmp|old)$"


def make_staging(root: Path, name: str, kind: str = "tmp", s: ExportSettings = EXPORT) -> Path:
    """A new, empty, hidden folder beside `root/name`, created with the umask's permissions
    (tempfile.mkdtemp's would be 0700: other users could not read the published folder)."""
    while True:
        path = root / f".{name}.{secrets.token_hex(s.token_bytes)}.{kind}"
        try:
            os.mkdir(path, 0o777)
            return path
        except FileExistsError:
            continue


@contextlib.contextmanager
def atomic_folder(root: Path, name: str, keep: bool = True,
           swap_anyway: Callable[[BaseException], bool] = lambda _exc: False) -> Iterator[Path]:
    """The one atomic write of a folder: everything goes into a hidden staging folder beside
    `root/name`, swapped in whole (`replace_folder`, keeping the replaced one with `keep`) when
    the block ends; when it ends in an exception, the staging folder is removed unswapped
    (unless `swap_anyway(exception)`: a failure whose artefacts show why)."""
    staging = make_staging(root, name)
    try:
        try:
            yield staging
        except BaseException as exc:
            if swap_anyway(exc):
                replace_folder(staging, root / name, keep=keep)
            raise
        replace_folder(staging, root / name, keep=keep)
    finally:
        remove(staging)  # not swapped in; or, after an exchange without `keep`, the replaced folder


class DecreeWriter:
    """Everything one run writes for a decree, under the decree's lock (`decree_lock`, which
    first cleans up what killed runs left in the output folder). The run's interim artefacts
    go to its own hidden folder beside `interim_root/<id>`, swapped in whole when the block
    ends, or ends in a failure the run reports (an `SkjError` other than `OutputError`: a
    broken contract's artefacts show why), and removed when it was interrupted or met a bug."""

    def __init__(self, out_root: Path, interim_root: Path, decree_id: str, progress: Callable[[str], None],
                 s: ExportSettings = EXPORT):
        self.out_root, self.interim_root, self.decree_id, self.progress = out_root, interim_root, decree_id, progress
        self.s = s
        self._held = contextlib.ExitStack()
        self._interim: Path | None = None

    def __enter__(self) -> "DecreeWriter":
        try:
            self._held.enter_context(decree_lock(self.out_root, self.decree_id, self.progress))
        except OSError as exc:
            raise OutputError(f"cannot write to {self.out_root} ({exc.strerror or exc})") from None
        return self

    def interim(self) -> Path:
        """This run's interim folder (made on first use)."""
        if self._interim is None:
            reported = lambda exc: isinstance(exc, SkjError) and not isinstance(exc, OutputError)  # noqa: E731
            try:
                self.interim_root.mkdir(parents=True, exist_ok=True)
                recover(self.interim_root, self.decree_id)
                self._interim = self._held.enter_context(
                    atomic_folder(self.interim_root, self.decree_id, keep=False, swap_anyway=reported))
            except OSError as exc:
                raise OutputError(f"cannot write to {self.interim_root} ({exc.strerror or exc})") from None
        return self._interim

    def write_json(self, name: str, data: dict | list) -> None:
        """One interim artefact."""
        try:
            write_json(self.interim() / name, data, indent=self.s.interim_indent)
        except OSError as exc:
            raise OutputError(f"cannot write {self.interim() / name} ({exc.strerror or exc})") from None

    def __exit__(self, kind, value, trace) -> bool:
        try:
            return self._held.__exit__(kind, value, trace)
        except OSError as exc:
            target = self.interim_root / self.decree_id
            raise OutputError(f"cannot write {target} ({exc.strerror or exc})") from None


def is_staging(name: str) -> bool:
    """A hidden folder name: staging, a lock, a previous output being removed; never an output."""
    return name.startswith(".")


def leftovers(root: Path, name: str) -> list[Path]:
    """Staging and moved-aside folders of `root/name` that a killed or failed run left behind."""
    pattern = re.compile(_LEFTOVER.format(name=re.escape(name)))
    try:
        return sorted(root / e for e in os.listdir(root) if pattern.match(e))
    except FileNotFoundError:
        return []


def recover(root: Path, name: str) -> None:
    """Undo what a killed writer of `root/name` left, holding the decree's lock (so no live
    writer owns any of it): a previous output moved aside by an interrupted two-rename swap
    goes back to the path; staging folders are removed, replaced outputs past their grace too."""
    found = leftovers(root, name)
    target = root / name
    if not os.path.lexists(target):
        moved = [p for p in found if p.name.endswith(".old") and (p / "manifest.json").is_file()]
        if moved:
            back = max(moved, key=_age_key)
            os.rename(back, target)
    for path in found:
        if path.name.endswith(".tmp"):
            remove(path)
    prune(root, name)


def prune(root: Path, name: str, s: ExportSettings = EXPORT) -> None:
    """Remove the replaced outputs of `root/name` (`.old`) but the newest one, and that one too
    once it was replaced more than `s.grace` seconds ago."""
    replaced = sorted((p for p in leftovers(root, name) if p.name.endswith(".old")), key=_age_key)
    now = time.time()
    for n, path in enumerate(replaced):
        if n < len(replaced) - 1 or now - _age_key(path) > s.grace:
            remove(path)


def _age_key(path: Path) -> float:
    """When a folder was moved where it is (a rename changes its ctime)."""
    try:
        return path.stat().st_ctime
    except OSError:
        return 0.0


def remove(path: Path) -> None:
    """Remove a folder (or a file, or a symlink) if it is there."""
    try:
        if path.is_symlink() or not path.is_dir():
            path.unlink()
        else:
            shutil.rmtree(path, ignore_errors=True)
    except FileNotFoundError:
        pass


def replace_folder(staging: Path, target: Path, keep: bool = False, s: ExportSettings = EXPORT) -> None:
    """Put the folder `staging` at `target` in one step.

    With RENAME_EXCHANGE the two trade places atomically: `target` is at every instant
    the old folder or the new one. Without it (a file system lacking the exchange, such
    as NFS) the old folder is moved aside and the new one moved in: a kill between the
    two leaves `target` missing, and the next writer of the decree (`recover`) moves
    the old folder back. The replaced folder is removed, or with `keep` left whole as
    `.<name>.<token>.old` for readers that were listing or reading it when it was
    replaced (`prune` removes it later, once its grace has passed).
    """
    if not os.path.lexists(target):
        try:
            os.rename(staging, target)
            return
        except OSError as exc:
            if exc.errno not in (errno.EEXIST, errno.ENOTEMPTY):
                raise  # else it appeared meanwhile (a writer not taking the lock): exchange
    old = target.with_name(f".{target.name}.{secrets.token_hex(s.token_bytes)}.old")
    if _exchange(staging, target):
        if not keep:
            remove(staging)  # the previous output
            return
        try:
            os.rename(staging, old)  # killed before this: a staging name, removed by the next writer
        except OSError:
            remove(staging)
        return
    os.rename(target, old)
    try:
        os.rename(staging, target)
    except BaseException:
        if not os.path.lexists(target):
            os.rename(old, target)
        raise
    if not keep:
        remove(old)


_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


@functools.cache
def _renameat2():
    """glibc's renameat2 (Linux 3.15+, glibc 2.28+), or None."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        function = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return None
    function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    function.restype = ctypes.c_int
    return function


def _exchange(a: Path, b: Path) -> bool:
    """Swap two existing paths atomically; False when the system or the file system cannot."""
    renameat2 = _renameat2()
    if renameat2 is None:
        return False
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP, errno.ENOTSUP):
        return False
    raise OSError(err, os.strerror(err), os.fspath(b))


# ---------------------------------------------------------------- per-decree lock

_held = threading.local()


@contextlib.contextmanager
def decree_lock(root: Path, name: str, progress: Callable[[str], None] | None = None) -> Iterator[None]:
    """Hold the lock of `root/name` (flock on `root/.name.lock`): one writer of a decree at a time,
    across processes and threads. Leftovers of killed writers are cleaned up (`recover`) on
    entry. Reentrant within a thread. The lock file is removed on release (a waiter that then
    holds a removed file's lock notices and takes the new one), so no lock file stays behind.
    """
    root.mkdir(parents=True, exist_ok=True)
    path = root / f".{name}.lock"
    key = os.path.abspath(path)
    held = getattr(_held, "keys", None)
    if held is None:
        held = _held.keys = set()
    if key in held:
        yield
        return
    fd = _acquire(path, name, progress)
    held.add(key)
    try:
        recover(root, name)
        yield
    finally:
        held.discard(key)
        with contextlib.suppress(OSError):
            os.unlink(path)
        os.close(fd)


_NO_LOCKS = {errno.ENOLCK, errno.EOPNOTSUPP, errno.ENOTSUP, errno.ENOSYS, errno.EINVAL}


def _acquire(path: Path, name: str, progress: Callable[[str], None] | None) -> int:
    told = False
    while True:
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o666)
        except PermissionError:  # another user's lock file: a read-only descriptor locks as well
            fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
        try:
            try:
                if fcntl is not None:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                if progress is not None and not told:
                    progress(f"  waiting for another run writing {name}")
                    told = True
                fcntl.flock(fd, fcntl.LOCK_EX)
            except OSError as exc:
                if exc.errno not in _NO_LOCKS:
                    raise
                return fd  # a file system without locks: writers are not serialised, publishing stays atomic
            mine = os.fstat(fd)
            try:
                now = os.stat(path)
            except FileNotFoundError:
                now = None
        except BaseException:
            os.close(fd)
            raise
        if now is not None and (now.st_dev, now.st_ino) == (mine.st_dev, mine.st_ino):
            return fd
        os.close(fd)  # the holder removed this file on release: lock the current one


# ---------------------------------------------------------------- writability, checked before any work

def cannot_write(folder: Path, s: ExportSettings = EXPORT) -> str | None:
    """None when files can be created in `folder` (created if missing), else why not. Tried for
    real (a probe file), not guessed from permission bits: root, read-only mounts, full disks."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        probe = folder / f".skj-probe.{os.getpid()}.{secrets.token_hex(s.probe_token_bytes)}"
        with open(probe, "wb") as fh:
            fh.write(b"skj")
        probe.unlink()
    except OSError as exc:
        return exc.strerror or str(exc)
    return None
