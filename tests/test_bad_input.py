"""Broken batches from partner agencies: every problem is named, the good rows still load.

Each test writes one batch of tests/corpus.py into a tmp folder, loads it into a
fresh embedded store and checks the rejection (file, line, field, key words of
the reason) and the record ids that reached the graph.
"""

from __future__ import annotations

import csv
import json
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from graph.ladybug_store import LadybugStore
from graph.schema import RECORD_LABELS
from graph.store import GraphStore
from loaders.batch import BatchError, open_batch
from loaders.ingest import IngestResult, ingest
from loaders.report import REPORT_NAME, Rejection
from tests import corpus

ROOT = Path(__file__).resolve().parents[1]
SOURCE = corpus.SOURCE_ID


# --- helpers -------------------------------------------------------------------------------

@pytest.fixture
def store(tmp_path: Path) -> Iterator[LadybugStore]:
    graph = LadybugStore(tmp_path / "db")
    graph.setup_schema()
    yield graph
    graph.close()


def ids(store: LadybugStore, label: str = "CompanyRecord") -> set[str]:
    assert label in RECORD_LABELS.values()
    rows = store.query(f"MATCH (n:{label}) RETURN n.record_id AS id", {})
    return {row["id"] for row in rows}


def node(store: LadybugStore, record_id: str, label: str = "CompanyRecord") -> dict[str, Any]:
    assert label in RECORD_LABELS.values()
    rows = store.query(f"MATCH (n:{label} {{key: $key}}) RETURN n.name AS name, "
                       "n.extra AS extra, n.address AS address, n.row_hash AS row_hash",
                       {"key": f"{SOURCE}:{record_id}"})
    assert len(rows) == 1, f"{record_id} not in the graph once: {rows}"
    return rows[0]


def rejected(result: IngestResult, file: str, line: int, field: str | None = None) -> Rejection:
    """The one rejection at file:line (and field, when given)."""
    found = [r for r in result.rejections if r.file == file and r.line == line
             and (field is None or r.field == field)]
    assert len(found) == 1, f"expected one rejection at {file}:{line} {field or ''}, " \
                            f"got {found}; all: {[str(r) for r in result.rejections]}"
    return found[0]


def says(rejection: Rejection, *words: str) -> None:
    for word in words:
        assert word.lower() in rejection.reason.lower(), f"{word!r} not in {rejection}"


def report_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def load(store: LadybugStore, folder: Path, **options: Any) -> IngestResult:
    return ingest(store, folder, **options)


# --- encodings -----------------------------------------------------------------------------

def test_latin1_row_is_rejected_naming_the_encoding_and_other_rows_load(
        store: LadybugStore, tmp_path: Path) -> None:
    result = load(store, corpus.latin1_mixed(tmp_path))
    says(rejected(result, "companies.csv", 3), "UTF-8", "Latin-1", "--encoding")
    assert len(result.rejections) == 1
    assert ids(store) == {"C1", "C3"}


@pytest.mark.parametrize("encoding", ["cp1252", "latin-1"])
def test_latin1_file_loads_with_declared_encoding(
        store: LadybugStore, tmp_path: Path, encoding: str) -> None:
    result = load(store, corpus.latin1_mixed(tmp_path), encoding=encoding)
    assert result.rejections == []
    assert ids(store) == {"C1", "C2", "C3"}
    assert node(store, "C2")["name"] == corpus.LATIN1_NAME


def test_utf16_file_is_rejected_naming_utf16_and_other_files_load(
        store: LadybugStore, tmp_path: Path) -> None:
    result = load(store, corpus.utf16(tmp_path))
    says(rejected(result, "companies.csv", 1), "UTF-16", "--encoding utf-16")
    assert len(result.rejections) == 1
    assert ids(store) == set()
    assert ids(store, "PersonRecord") == {"P1"}


def test_utf16_file_loads_with_declared_encoding(store: LadybugStore, tmp_path: Path) -> None:
    result = load(store, corpus.utf16(tmp_path, with_utf8_neighbour=False), encoding="utf-16")
    assert result.rejections == []
    assert ids(store) == {"C1", "C2"}
    assert node(store, "C1")["name"] == "Công ty TNHH Minh Phát"


def test_utf8_bom_is_tolerated_in_csv_and_jsonl(store: LadybugStore, tmp_path: Path) -> None:
    result = load(store, corpus.utf8_bom(tmp_path))
    assert result.rejections == []
    assert node(store, "C1")["name"] == "Công ty TNHH Minh Phát"
    assert ids(store, "Declaration") == {"D1"}


# --- structure -----------------------------------------------------------------------------

def test_missing_required_column_is_named_at_line_1_and_other_files_load(
        store: LadybugStore, tmp_path: Path) -> None:
    result = load(store, corpus.missing_column(tmp_path))
    says(rejected(result, "companies.csv", 1, "name"), "required column missing")
    assert len(result.rejections) == 1
    assert ids(store) == set()
    assert ids(store, "PersonRecord") == {"P1"}


def test_empty_and_header_only_files_are_reported_and_other_files_load(
        store: LadybugStore, tmp_path: Path) -> None:
    result = load(store, corpus.empty_files(tmp_path))
    says(rejected(result, "companies.csv", 1), "empty")
    says(rejected(result, "persons.csv", 1), "header only")
    says(rejected(result, "watchlist.jsonl", 1), "empty")
    assert len(result.rejections) == 3
    assert ids(store, "Declaration") == {"D1"}


def test_rows_with_too_many_or_too_few_fields_are_rejected(
        store: LadybugStore, tmp_path: Path) -> None:
    result = load(store, corpus.ragged_rows(tmp_path))
    says(rejected(result, "companies.csv", 3), "7 fields", "header has 6")
    says(rejected(result, "companies.csv", 4), "2 fields", "header has 6")
    assert len(result.rejections) == 2
    assert ids(store) == {"C1", "C4"}


def test_quoted_newlines_and_commas_parse_and_later_lines_keep_physical_numbers(
        store: LadybugStore, tmp_path: Path) -> None:
    result = load(store, corpus.multiline_fields(tmp_path))
    says(rejected(result, "companies.csv", 4, "country"), "XX")
    says(rejected(result, "companies.csv", 8, "registered_on"), "2024-02-30")
    says(rejected(result, "companies.csv", 10, "country"), "Vietnam")
    assert len(result.rejections) == 3
    assert ids(store) == {"C1", "C3", "C5"}
    # Whitespace inside text is normalised to single spaces; commas and quotes survive.
    assert node(store, "C1")["name"] == 'Acme, Trading and Shipping "Co"'
    assert node(store, "C3")["address"] == "12 Le Loi, District 1, Ho Chi Minh City"


def test_unknown_columns_are_kept_in_extra_and_not_rejected(
        store: LadybugStore, tmp_path: Path) -> None:
    result = load(store, corpus.extra_columns(tmp_path))
    assert result.rejections == []
    assert json.loads(node(store, "C1")["extra"]) == {"internal_ref": "ref-001",
                                                      "risk note": "checked, ok"}
    assert node(store, "C2")["extra"] is None


def test_unknown_files_are_reported_not_read_and_the_rest_loads(
        store: LadybugStore, tmp_path: Path) -> None:
    result = load(store, corpus.unknown_files(tmp_path))
    says(rejected(result, "notes.txt", 0), "unknown file", "not read")
    says(rejected(result, "companies.xlsx", 0), "unknown file", "not read")
    # persons.csv and persons.jsonl: the first in name order is read, the other reported.
    says(rejected(result, "persons.jsonl", 0), "persons.csv", "not read")
    assert len(result.rejections) == 3
    assert ids(store) == {"C1"}
    assert ids(store, "PersonRecord") == {"P2"}


# --- values --------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def bad_values(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[IngestResult, set]]:
    root = tmp_path_factory.mktemp("bad-values")
    graph = LadybugStore(root / "db")
    graph.setup_schema()
    result = ingest(graph, corpus.bad_values(root))
    yield result, ids(graph, "Declaration")
    graph.close()


@pytest.mark.parametrize(("line", "case"), [(n + 3, case) for n, case in
                                            enumerate(corpus.BAD_VALUE_CASES)],
                         ids=[f"{c[1]}={c[2]!r}" for c in corpus.BAD_VALUE_CASES])
def test_bad_value_is_rejected_naming_file_line_and_field(
        bad_values: tuple[IngestResult, set], line: int,
        case: tuple[str, str, str, tuple[str, ...]]) -> None:
    result, loaded = bad_values
    record_id, field, _, words = case
    says(rejected(result, "declarations.csv", line, field), *words)
    assert record_id not in loaded


def test_valid_rows_beside_bad_values_load(bad_values: tuple[IngestResult, set]) -> None:
    result, loaded = bad_values
    assert loaded == {"D0", "D99"}
    assert len(result.rejections) == len(corpus.BAD_VALUE_CASES)


def test_bad_status_missing_name_and_missing_record_id_are_rejected(
        store: LadybugStore, tmp_path: Path) -> None:
    result = load(store, corpus.bad_company_values(tmp_path))
    says(rejected(result, "companies.csv", 3, "status"), "closed", "active")
    says(rejected(result, "companies.csv", 4, "name"), "required", "missing")
    says(rejected(result, "companies.csv", 5, "record_id"), "required", "missing")
    assert len(result.rejections) == 3
    assert ids(store) == {"C1", "C5"}


def test_duplicate_record_id_keeps_the_first_within_and_across_files(
        store: LadybugStore, tmp_path: Path) -> None:
    result = load(store, corpus.duplicates(tmp_path))
    says(rejected(result, "companies.csv", 4, "record_id"), "duplicate", "companies.csv line 2")
    says(rejected(result, "persons.csv", 3, "record_id"), "duplicate", "companies.csv line 3")
    assert len(result.rejections) == 2
    assert node(store, "C1")["name"] == "First Co"
    assert node(store, "C2")["name"] == "Second Co"
    assert ids(store, "PersonRecord") == {"P1"}


def test_roles_pointing_nowhere_or_at_a_rejected_company_are_rejected(
        store: LadybugStore, tmp_path: Path) -> None:
    result = load(store, corpus.dangling_roles(tmp_path))
    says(rejected(result, "companies.csv", 3, "country"), "Vietnam")
    says(rejected(result, "roles.csv", 3, "holder_record_id"), "no loaded")
    says(rejected(result, "roles.csv", 4, "company_record_id"), "no loaded company")
    says(rejected(result, "roles.csv", 5, "company_record_id"), "no loaded company")
    says(rejected(result, "roles.csv", 7, "role"), "boss", "director")
    assert len(result.rejections) == 5
    assert ids(store, "RoleRecord") == {"R1", "R5"}
    edges = store.query("MATCH (a)-[r:HAS_ROLE]->(c:CompanyRecord) "
                        "RETURN a.record_id AS holder, c.record_id AS company, r.role AS role", {})
    assert sorted((e["holder"], e["company"], e["role"]) for e in edges) == [
        ("C1", "C1", "shareholder"), ("P1", "C1", "director")]


@pytest.mark.parametrize("column", ["name", "note"])
def test_one_mb_field_is_rejected_by_name_and_the_next_row_loads(
        store: LadybugStore, tmp_path: Path, column: str) -> None:
    folder = corpus.huge_field(tmp_path, column)
    result = load(store, folder)
    problem = rejected(result, "companies.csv", 3, column)
    says(problem, "characters long", "at most")
    assert len(problem.value) < 1000
    assert ids(store) == {"C1", "C3"}
    report = folder / REPORT_NAME
    assert report.stat().st_size < 10_000
    assert "A" * 1000 not in report.read_text(encoding="utf-8")


def test_formula_text_in_a_valid_row_is_loaded_as_literal_text(
        store: LadybugStore, tmp_path: Path) -> None:
    load(store, corpus.formulas(tmp_path))
    assert node(store, "C1")["name"] == corpus.FORMULA


def test_report_cells_starting_like_a_formula_are_quoted(
        store: LadybugStore, tmp_path: Path) -> None:
    folder = corpus.formulas(tmp_path)
    result = load(store, folder)
    assert {(r.line, r.field) for r in result.rejections} == {(3, "registered_on"),
                                                               (4, "country")}
    rows = report_rows(folder / REPORT_NAME)
    values = {row["field"]: row["value"] for row in rows}
    assert values == {"registered_on": "'=HYPERLINK(\"http://x\")", "country": "'@SUM(A1)"}
    for row in rows:
        assert not any(cell.startswith(("=", "+", "-", "@")) for cell in row.values())


def test_jsonl_non_objects_invalid_json_and_blank_lines(
        store: LadybugStore, tmp_path: Path) -> None:
    result = load(store, corpus.jsonl_shapes(tmp_path))
    file = "declarations.jsonl"
    says(rejected(result, file, 2), "JSON array", "not an object")
    says(rejected(result, file, 4), "JSON string", "not an object")
    says(rejected(result, file, 5), "JSON number", "not an object")
    says(rejected(result, file, 6), "not valid JSON")
    says(rejected(result, file, 9, "importer_name"), "required", "missing")
    assert len(result.rejections) == 5
    assert ids(store, "Declaration") == {"D1", "D2"}


# --- source.yaml ---------------------------------------------------------------------------

@pytest.mark.parametrize("case", sorted(corpus.BAD_SOURCES))
def test_bad_source_yaml_stops_the_batch_naming_file_and_field(
        store: LadybugStore, tmp_path: Path, case: str) -> None:
    folder = corpus.bad_source(tmp_path, case)
    with pytest.raises(BatchError) as error:
        open_batch(folder)
    for word in corpus.BAD_SOURCES[case][1]:
        assert word.lower() in str(error.value).lower()
    with pytest.raises(BatchError):
        load(store, folder)
    assert store.count_nodes("Source") == 0
    assert ids(store) == set()


# --- the rejection report ------------------------------------------------------------------

def test_report_is_written_in_the_batch_folder(store: LadybugStore, tmp_path: Path) -> None:
    folder = corpus.dangling_roles(tmp_path)
    result = load(store, folder)
    assert result.report == folder / REPORT_NAME
    with result.report.open(encoding="utf-8", newline="") as handle:
        assert next(csv.reader(handle)) == ["file", "line", "field", "value", "reason"]
    rows = report_rows(result.report)
    assert [(r["file"], int(r["line"]), r["field"]) for r in rows] == [
        (r.file, r.line, r.field) for r in result.rejections]


def test_report_goes_to_report_dir_when_the_batch_folder_is_not_writable(
        store: LadybugStore, tmp_path: Path) -> None:
    folder = corpus.dangling_roles(tmp_path)
    (folder / REPORT_NAME).mkdir()  # writing the report there fails, as on a read-only share
    elsewhere = tmp_path / "reports"
    result = load(store, folder, report_dir=elsewhere)
    assert result.report is not None and result.report.parent == elsewhere
    assert len(report_rows(result.report)) == len(result.rejections) == 5
    assert ids(store, "RoleRecord") == {"R1", "R5"}


# --- reloads and interrupted loads ---------------------------------------------------------

def snapshot(store: GraphStore) -> dict[str, Any]:
    """What a load leaves behind: counts of every type, and each record's key and row hash."""
    records = {}
    for label in RECORD_LABELS.values():
        rows = store.query(f"MATCH (n:{label}) RETURN n.key AS key, n.row_hash AS h", {})
        records[label] = sorted((row["key"], row["h"]) for row in rows)
    roles = store.query("MATCH (a)-[r:HAS_ROLE]->(c) RETURN a.key AS a, c.key AS c, "
                        "r.record AS record", {})
    return {"counts": store.counts(), "records": records,
            "roles": sorted((r["a"], r["c"], r["record"]) for r in roles)}


def test_reloading_a_broken_batch_changes_nothing(store: LadybugStore, tmp_path: Path) -> None:
    folder = corpus.mixed(tmp_path)
    first = load(store, folder)
    before = snapshot(store)
    second = load(store, folder)
    assert snapshot(store) == before
    assert [str(r) for r in second.rejections] == [str(r) for r in first.rejections]
    assert all(w.created == w.updated == 0 for w in second.loaded.values())


CHILD = """
import os, signal, sys
from pathlib import Path
from graph.ladybug_store import LadybugStore
from loaders import ingest as loader

db, folder, mode, after = sys.argv[1], Path(sys.argv[2]), sys.argv[3], int(sys.argv[4])
store = LadybugStore(Path(db))
store.setup_schema()
calls = {"n": 0}

def die_after(n):
    calls["n"] += 1
    if calls["n"] == n:
        os.kill(os.getpid(), signal.SIGKILL)

progress = None
if mode == "between-chunks":
    progress = lambda kind, rows: die_after(after)
else:  # during the bulk copy at the end: some tables written, the rest not
    copy_file = store.copy_file
    def killing_copy_file(table, path):
        die_after(after)
        copy_file(table, path)
    store.copy_file = killing_copy_file
loader.ingest(store, folder, chunk=50, progress=progress)
print("not killed")
"""


def killed_load(db: Path, folder: Path, mode: str, after: int) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", CHILD, str(db), str(folder), mode, str(after)],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == -signal.SIGKILL, done.stdout + done.stderr


@pytest.fixture(scope="module")
def big_batch(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, dict]]:
    """A generated batch of 4 x 600 rows and the graph one clean load of it gives."""
    root = tmp_path_factory.mktemp("big")
    folder = corpus.generated(root, 600)
    clean = LadybugStore(root / "clean-db")
    clean.setup_schema()
    ingest(clean, folder, chunk=50)
    yield folder, snapshot(clean)
    clean.close()


@pytest.mark.parametrize(("mode", "after"), [
    ("between-chunks", 30),  # killed in persons.csv, after 30 chunks of 50 were read
    ("copy", 3),  # killed in the bulk copy: some record tables written, no edges
    ("copy", 12),  # killed late in the bulk copy: records and some edges written
])
def test_interrupted_load_then_reload_equals_one_clean_load(
        tmp_path: Path, big_batch: tuple[Path, dict], mode: str, after: int) -> None:
    folder, clean = big_batch
    killed_load(tmp_path / "db", folder, mode, after)
    with LadybugStore(tmp_path / "db") as half:
        status = half.query("MATCH (b:Batch) RETURN b.status AS status")
        assert status == [{"status": "loading"}]
        assert snapshot(half) != clean
        if mode == "copy":
            assert half.count_nodes("CompanyRecord") > 0
    with LadybugStore(tmp_path / "db") as again:
        ingest(again, folder, chunk=50)
        assert snapshot(again) == clean
