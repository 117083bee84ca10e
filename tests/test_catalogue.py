"""The catalogue (`skj catalogue`): the good outputs of two decrees merged, typed and keyed.

The two decrees: the real one (SKJ.1/2022, extracted in the test session) and the invented
keterampilan decree (SKJ.7/2025) typeset from its fixture standard and extracted from the PDF's
text layer. Every check below reads the files as a downstream user would (pandas, Frictionless).
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

from pipeline import catalogue as cat
from pipeline.catalogue import DECREE_TABLES, TABLES, build, read_table, supersede
from pipeline.cli import main
from pipeline.errors import UnreadableInput, ValidationFailed
from pipeline.export import COLUMNS
from pipeline.extract import extract

from .conftest import ROOT

pytestmark = pytest.mark.slow  # whole extractions of two decrees, Frictionless and Parquet round trips

KETERAMPILAN = ROOT / "tests" / "data" / "fixtures" / "skj-7-2025-pranata-informasi-pasar-kerja.standard.json"


@pytest.fixture(scope="module")
def fixture_output(tmp_path_factory):
    """The invented keterampilan decree typeset from its standard and extracted from the PDF's text layer."""
    from tools.typeset import typeset

    folder = tmp_path_factory.mktemp("keterampilan")
    pdf = typeset(json.loads(KETERAMPILAN.read_text("utf-8")), folder / "skj-7-2025.pdf")
    result = extract(pdf, folder / "output", folder / "interim")
    return result.output


def copy_output(folder: Path, root: Path, name: str | None = None) -> Path:
    """A copy of a decree output under `root` (its validation pages left out)."""
    return Path(shutil.copytree(folder, root / (name or folder.name), ignore=shutil.ignore_patterns("validation")))


def edit_json(path: Path, change) -> None:
    data = json.loads(path.read_text("utf-8"))
    change(data)
    path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")


def renamed(folder: Path, root: Path, decree_id: str, **decree) -> Path:
    """A copy of an output as another decree: its id (folder, manifest, standard) and decree fields changed."""
    out = copy_output(folder, root, decree_id)
    edit_json(out / "manifest.json", lambda m: m.update(decree_id=decree_id))
    edit_json(out / "standard.json", lambda s: s["decree"].update(id=decree_id, **decree))
    return out


@pytest.fixture(scope="module")
def two(extracted, fixture_output, tmp_path_factory):
    """An output root holding the two decrees, and its catalogue."""
    root = tmp_path_factory.mktemp("two") / "output"
    root.mkdir()
    folders = [copy_output(extracted[1], root), copy_output(fixture_output, root)]
    return root, folders, build(root)


def primary_key_holds(frame: pd.DataFrame, key: list[str]) -> bool:
    return not frame[key].isna().any(axis=None) and not frame.duplicated(key).any()


def foreign_key_holds(frame: pd.DataFrame, fields: list[str], target: pd.DataFrame, reference: list[str]) -> bool:
    rows = frame[fields].dropna(how="all")
    have = set(map(tuple, target[reference].astype(object).values))
    return all(tuple(r) in have for r in rows.astype(object).values)


def test_the_catalogue_holds_every_row_of_both_decrees(two):
    root, folders, result = two
    catalogue = root / "catalogue"
    assert result.path == catalogue and sorted(result.decrees) == ["skj-1-2022", "skj-7-2025"]
    assert result.skipped == [] and read_table(catalogue, "skipped").empty
    for table in DECREE_TABLES:
        per_decree = sum(len(pd.read_csv(f / f"{table}.csv")) for f in folders)
        assert per_decree > 0
        assert len(read_table(catalogue, table)) == len(read_table(catalogue, table, "csv")) == per_decree, table
        assert result.rows[table] == per_decree
    decrees = read_table(catalogue, "decrees").set_index("decree_id")
    assert list(decrees.index) == ["skj-1-2022", "skj-7-2025"]
    assert decrees.loc["skj-1-2022", "jumlah_kompetensi"] == 53 and decrees.loc["skj-7-2025", "jumlah_jenjang"] == 3
    assert list(decrees["status"]) == ["current", "current"] and decrees["superseded_by"].isna().all()
    for folder in folders:  # the source file and its sha256, as the manifest records them
        source = json.loads((folder / "manifest.json").read_text("utf-8"))["source"]
        row = decrees.loc[folder.name]
        assert (row["source_file"], row["source_sha256"], row["source_mode"]) == \
            (source["file"], source["sha256"], source["mode"])
    assert decrees.loc["skj-7-2025", "source_mode"] == "pdf-text" and decrees.loc["skj-7-2025", "source_pages"] > 1
    # the rows are the decree's own: the fixture's competencies and codes, as its standard.json has them
    standard = json.loads((folders[1] / "standard.json").read_text("utf-8"))
    ind = read_table(catalogue, "indikator")
    mine = ind[ind["decree_id"] == "skj-7-2025"]
    assert list(mine["kode"]) == [i["kode"] for j in standard["jenjang"] for k in j["kompetensi"] for i in k["indikator"]]


def test_primary_and_foreign_keys_hold(two):
    catalogue = two[0] / "catalogue"
    frames = {name: read_table(catalogue, name) for name in TABLES}
    for name, table in TABLES.items():
        assert primary_key_holds(frames[name], list(table.primary_key)), name
        for fk in table.foreign_keys:
            target = frames[fk.resource or name]
            assert foreign_key_holds(frames[name], list(fk.fields), target, list(fk.reference)), (name, fk)
    # the keys the brief names, spelled out
    assert primary_key_holds(frames["decrees"], ["decree_id"])
    assert primary_key_holds(frames["jenjang"], ["decree_id", "jenjang"])
    assert primary_key_holds(frames["kompetensi"], ["decree_id", "jenjang", "nama"])
    assert primary_key_holds(frames["kompetensi"], ["decree_id", "jenjang", "urutan"])
    assert primary_key_holds(frames["indikator"], ["decree_id", "jenjang", "kompetensi", "kode"])
    assert foreign_key_holds(frames["indikator"], ["decree_id", "jenjang", "kompetensi"],
                             frames["kompetensi"], ["decree_id", "jenjang", "nama"])
    for name in ("jenjang", "corrections"):
        assert foreign_key_holds(frames[name], ["decree_id"], frames["decrees"], ["decree_id"])
    assert cat.problems(frames) == []


def test_frictionless_validates_the_datapackage(two):
    root, folders, _ = two
    datapackage = root / "catalogue" / "datapackage.json"
    report = cat.validate(datapackage)
    assert report.valid, report.flatten(["taskName", "rowNumber", "fieldName", "type", "note"])[:5]
    descriptor = json.loads(datapackage.read_text("utf-8"))
    names = [r["name"] for r in descriptor["resources"]]
    assert names == list(TABLES) + [f"{n}-parquet" for n in TABLES]
    assert {r["path"] for r in descriptor["resources"]} == \
        {f"{n}.{ext}" for n in TABLES for ext in ("csv", "parquet")} == \
        {p.name for p in (root / "catalogue").iterdir()} - {"datapackage.json"}
    kompetensi = next(r for r in descriptor["resources"] if r["name"] == "kompetensi")
    assert kompetensi["schema"]["primaryKey"] == ["decree_id", "jenjang", "nama"]
    assert kompetensi["schema"]["foreignKeys"] == [{"fields": ["decree_id", "jenjang"], "reference": {
        "resource": "jenjang", "fields": ["decree_id", "jenjang"]}}]
    assert kompetensi["hash"].startswith("sha256:")
    sources = {s["decree_id"]: s for s in descriptor["sources"]}
    for folder in folders:
        manifest = json.loads((folder / "manifest.json").read_text("utf-8"))
        assert (sources[folder.name]["path"], sources[folder.name]["sha256"]) == \
            (manifest["source"]["file"], manifest["source"]["sha256"])


def test_a_broken_catalogue_fails_frictionless(two, tmp_path):
    """The validation the tests rely on does catch a broken key, type and hash."""
    catalogue = Path(shutil.copytree(two[0] / "catalogue", tmp_path / "catalogue"))
    kompetensi = pd.read_csv(catalogue / "kompetensi.csv", dtype=str)
    kompetensi.loc[1, "nama"] = kompetensi.loc[0, "nama"]  # a repeated primary key
    kompetensi.loc[2, "level"] = "two"
    kompetensi.to_csv(catalogue / "kompetensi.csv", index=False)
    errors = {row[0] for row in cat.validate(catalogue / "datapackage.json").flatten(["type"])}
    assert {"primary-key", "type-error", "hash-count"} <= errors
    # the check before publishing: Frictionless on the CSV files, the Parquet files read back
    with pytest.raises(ValidationFailed, match="fails frictionless validation"):
        cat._validate(catalogue, {}, print)
    frames = {name: read_table(two[0] / "catalogue", name, "csv") for name in TABLES}
    shutil.copy(two[0] / "catalogue" / "kompetensi.csv", catalogue / "kompetensi.csv")
    cat._validate(catalogue, frames, print)
    indikator = frames["indikator"].assign(kode=frames["indikator"]["kode"].astype(float))  # 2.10 read as 2.1
    indikator.to_parquet(catalogue / "indikator.parquet")
    with pytest.raises(ValidationFailed, match="indikator.parquet does not read back as its table"):
        cat._validate(catalogue, frames, print)


def test_pandas_reads_every_parquet_file_with_the_declared_types(two):
    catalogue = two[0] / "catalogue"
    descriptor = json.loads((catalogue / "datapackage.json").read_text("utf-8"))
    for resource in descriptor["resources"]:
        if resource["format"] != "parquet":
            continue
        frame = pd.read_parquet(catalogue / resource["path"])
        fields = resource["schema"]["fields"]
        assert list(frame.columns) == [f["name"] for f in fields]
        for f in fields:
            col, required = frame[f["name"]], f.get("constraints", {}).get("required", False)
            where = f"{resource['path']}:{f['name']}"
            if f["type"] == "integer":
                assert pd.api.types.is_integer_dtype(col), where
                assert str(col.dtype) == ("int64" if required else "Int64"), where
            elif f["type"] == "string":
                assert pd.api.types.is_string_dtype(col), where
                assert all(isinstance(v, str) for v in col.dropna()), where
            elif f["type"] == "number":
                assert str(col.dtype) == "Float64", where
            else:
                assert f["type"] == "date" and all(type(v) is dt.date for v in col.dropna()), where
            if required:
                assert col.notna().all(), where
        # the CSV read with the declared types is the same table
        name = resource["name"].removesuffix("-parquet")
        pd.testing.assert_frame_equal(frame, read_table(catalogue, name, "csv"))
    ind = pd.read_parquet(catalogue / "indikator.parquet")
    assert ind["kode"].str.fullmatch(r"[1-5]\.\d+").all()
    decrees = pd.read_parquet(catalogue / "decrees.parquet").set_index("decree_id")
    assert decrees.loc["skj-1-2022", "tanggal_ditetapkan"] == dt.date(2022, 9, 5)
    assert decrees.loc["skj-7-2025", "tanggal_ditetapkan"] == dt.date(2025, 3, 14)
    assert decrees.loc["skj-1-2022", "tahun"] == 2022


def test_every_flat_table_column_is_in_the_catalogue():
    for name in DECREE_TABLES:
        columns = [cat.RENAMED.get(name, {}).get(c, c) for c in COLUMNS[name]] + list(cat.ADDED.get(name, ()))
        assert sorted(columns) == sorted(TABLES[name].columns), name
        assert all(f.description for f in TABLES[name].fields)


def test_failed_and_broken_outputs_are_left_out_and_listed(extracted, fixture_output, tmp_path, capsys):
    root = tmp_path / "output"
    root.mkdir()
    copy_output(extracted[1], root)
    failed = renamed(fixture_output, root, "skj-9-2024", tahun=2024)
    edit_json(failed / "manifest.json", lambda m: m.update(status="failed", validation={
        "status": "failed", "expectations": 124, "critical_failed": 2, "warnings": 0}))
    (failed / "validation").mkdir()
    (failed / "validation" / "report.json").write_text(json.dumps({"results": [
        {"table": "kompetensi", "column": "level", "expectation": "expect_column_values_to_be_between",
         "severity": "critical", "success": False}]}), "utf-8")
    broken = renamed(fixture_output, root, "skj-8-2024", tahun=2024)  # a repeated rank breaks pangkat's key
    edit_json(broken / "standard.json", lambda s: s["jenjang"][0]["persyaratan"]["pangkat"].append(
        dict(s["jenjang"][0]["persyaratan"]["pangkat"][0])))
    (root / "notes").mkdir()  # not an output
    (root / "notes" / "readme.txt").write_text("x", "utf-8")
    (root / ".skj-5-2023.0123456789abcdef.tmp").mkdir()  # a staging folder: never an output, never listed

    assert main(["catalogue", str(root), "-q"]) == 0
    err = capsys.readouterr().err
    assert "left out of the catalogue: skj-9-2024: failed: 2 critical expectation(s) failed, first: " \
           "kompetensi.level: expect_column_values_to_be_between" in err
    assert f"catalogue {root / 'catalogue'}: 1 decree, 3 left out; rows: 4 jenjang, 53 kompetensi" in err
    catalogue = root / "catalogue"
    assert list(read_table(catalogue, "decrees")["decree_id"]) == ["skj-1-2022"]
    for table in DECREE_TABLES:
        assert set(read_table(catalogue, table)["decree_id"]) == {"skj-1-2022"}, table
    skipped = read_table(catalogue, "skipped").set_index("folder")
    assert list(skipped.index) == ["notes", "skj-8-2024", "skj-9-2024"]
    assert skipped.loc["skj-9-2024", "status"] == "failed" and skipped.loc["skj-9-2024", "decree_id"] == "skj-9-2024"
    assert skipped.loc["skj-9-2024", "source_sha256"] == \
        json.loads((failed / "manifest.json").read_text("utf-8"))["source"]["sha256"]
    assert skipped.loc["skj-8-2024", "status"] == "rejected" and "pangkat: primary key" in skipped.loc["skj-8-2024", "reason"]
    assert skipped.loc["notes", "status"] == "unreadable" and "no manifest.json" in skipped.loc["notes", "reason"]
    descriptor = json.loads((catalogue / "datapackage.json").read_text("utf-8"))
    assert [s["folder"] for s in descriptor["skj_catalogue"]["skipped"]] == ["notes", "skj-8-2024", "skj-9-2024"]
    assert cat.validate(catalogue / "datapackage.json").valid


def test_the_later_decree_of_a_position_supersedes_the_earlier(two, tmp_path):
    root = tmp_path / "output"
    shutil.copytree(two[0], root, ignore=shutil.ignore_patterns("catalogue"))
    renamed(root / "skj-1-2022", root, "skj-3-2024", nomor="SKJ.3", tahun=2024, tanggal_ditetapkan="2024-01-10",
            jabatan_fungsional="Pengantar  kerja")  # the same position, as another decree may spell it
    result = build(root)
    assert result.superseded == 1
    catalogue = root / "catalogue"
    decrees = read_table(catalogue, "decrees").set_index("decree_id")
    assert decrees.loc["skj-1-2022", ["status", "superseded_by"]].tolist() == ["superseded", "skj-3-2024"]
    assert decrees.loc["skj-3-2024", "status"] == "current" and pd.isna(decrees.loc["skj-3-2024", "superseded_by"])
    assert decrees.loc["skj-7-2025", "status"] == "current"  # another position
    kompetensi = read_table(catalogue, "kompetensi")  # both kept, whole
    assert (kompetensi["decree_id"] == "skj-1-2022").sum() == (kompetensi["decree_id"] == "skj-3-2024").sum() == 53
    assert cat.validate(catalogue / "datapackage.json").valid
    # the current standard of every position: a join on the root table
    current = kompetensi.merge(decrees[decrees["status"] == "current"].reset_index()[["decree_id"]])
    assert set(current["decree_id"]) == {"skj-3-2024", "skj-7-2025"}


def test_supersession_order_within_a_year():
    rows = pd.DataFrame([
        {"decree_id": "a", "nomor": "SKJ.4", "tahun": 2023, "jabatan_fungsional": "Arsiparis", "tanggal_ditetapkan": dt.date(2023, 5, 1)},
        {"decree_id": "b", "nomor": "SKJ.2", "tahun": 2023, "jabatan_fungsional": "ARSIPARIS", "tanggal_ditetapkan": dt.date(2023, 9, 1)},
        {"decree_id": "c", "nomor": "SKJ.9", "tahun": 2023, "jabatan_fungsional": "Arsiparis", "tanggal_ditetapkan": None},
        {"decree_id": "d", "nomor": "SKJ.1", "tahun": 2021, "jabatan_fungsional": "Arsiparis", "tanggal_ditetapkan": dt.date(2021, 12, 1)},
        {"decree_id": "e", "nomor": "SKJ.1", "tahun": 2020, "jabatan_fungsional": "Pustakawan", "tanggal_ditetapkan": None},
    ])
    out = supersede(rows).set_index("decree_id")
    # 2021 < 2023 undated < 2023-05-01 < 2023-09-01; another position stands alone
    assert {k: None if pd.isna(v) else v for k, v in out["superseded_by"].items()} == \
        {"a": "b", "b": None, "c": "a", "d": "c", "e": None}
    assert out["status"].to_dict() == {"a": "superseded", "b": "current", "c": "superseded", "d": "superseded",
                                       "e": "current"}


def test_the_command_is_up_to_date_on_unchanged_outputs_and_explains_itself(two, capsys):
    root = two[0]
    before = (root / "catalogue" / "datapackage.json").read_bytes()
    assert main(["catalogue", str(root)]) == 0
    assert "up to date: 2 decrees" in capsys.readouterr().err
    assert (root / "catalogue" / "datapackage.json").read_bytes() == before
    with pytest.raises(SystemExit) as exc:
        main(["catalogue", "--help"])
    assert exc.value.code == 0
    out = capsys.readouterr().out
    assert "datapackage.json" in out and "superseded" in out and "exit codes" in out


def test_a_folder_without_outputs_is_a_one_line_error(tmp_path, capsys):
    (tmp_path / "empty" / "stray").mkdir(parents=True)
    assert main(["catalogue", str(tmp_path / "empty")]) == 3
    assert capsys.readouterr().err.strip().splitlines() == \
        [f"error: {tmp_path / 'empty'}: no decree outputs to catalogue (no folder with a manifest.json)"]
    assert main(["catalogue", str(tmp_path / "missing")]) == 3
    assert capsys.readouterr().err.strip() == f"error: {tmp_path / 'missing'}: no such folder"
    assert not (tmp_path / "empty" / "catalogue").exists() and not (tmp_path / "missing").exists()
    with pytest.raises(UnreadableInput):
        build(tmp_path / "empty")


def test_skj_run_ends_with_the_catalogue(two, tmp_path, monkeypatch, capsys):
    import pipeline.cli as cli

    raw, out = tmp_path / "raw", tmp_path / "output"
    raw.mkdir()
    (raw / "decree.txt").write_text("x", "utf-8")
    shutil.copytree(two[0], out, ignore=shutil.ignore_patterns("catalogue"))
    monkeypatch.setattr(cli, "_run", lambda paths, args: 0)  # the extraction itself is tested elsewhere
    assert main(["run", "--raw", str(raw), "--out", str(out), "--interim", str(tmp_path / "interim"), "-q"]) == 0
    assert f"catalogue {out / 'catalogue'}: 2 decrees" in capsys.readouterr().err
    assert len(read_table(out / "catalogue", "decrees")) == 2
    empty = tmp_path / "nothing"
    empty.mkdir()
    assert main(["run", "--raw", str(raw), "--out", str(empty), "--interim", str(tmp_path / "interim"), "-q"]) == 0
    assert "no catalogue: " in capsys.readouterr().err  # a note, not an error, at the end of a run


def test_a_failed_build_leaves_the_published_catalogue_whole(two, tmp_path, monkeypatch):
    root = tmp_path / "output"
    shutil.copytree(two[0], root)
    renamed(root / "skj-7-2025", root, "skj-8-2025", nomor="SKJ.8", tanggal_ditetapkan="2025-06-01")
    before = {p.name: p.read_bytes() for p in (root / "catalogue").iterdir()}

    def invalid(folder, frames, progress, *settings):
        raise ValidationFailed("the catalogue fails frictionless validation, not published: test")

    monkeypatch.setattr(cat, "_validate", invalid)
    with pytest.raises(ValidationFailed):
        build(root)
    assert main(["catalogue", str(root)]) == 2
    monkeypatch.undo()

    def killed(frames, folder, key, *settings):  # a crash half-way through writing
        (folder / "decrees.csv").write_text("half", "utf-8")
        raise KeyboardInterrupt

    monkeypatch.setattr(cat, "write", killed)
    with pytest.raises(KeyboardInterrupt):
        build(root)
    assert {p.name: p.read_bytes() for p in (root / "catalogue").iterdir()} == before
    assert not [p for p in root.iterdir() if p.name.startswith(".catalogue")]  # no staging folder, no lock left
    monkeypatch.undo()
    assert len(build(root).decrees) == 3  # the next build publishes
    assert not [p for p in root.iterdir() if p.name.startswith(".catalogue") and not p.name.endswith(".old")]
