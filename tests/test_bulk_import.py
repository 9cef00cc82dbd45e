"""`ingest --bulk-import`: neo4j-admin import makes the graph a Bolt load makes.

The import stops the server whose home it is given, so these tests never use the
suite's shared server for it: they start a second, small one of their own
(scripts/neo4j.sh with NEO4J_CACHE=.cache/neo4j-import-test, on the suite's port
+ 100 unless TRADEGRAPH_TEST_BULK_PORT says otherwise) and stop it at the end. The
Bolt load they compare with goes to the suite's server.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from typer.testing import CliRunner

from graph.import_staging import DuplicateRecord, ImportFiles, ImportStaging
from graph.neo4j_home import HomeError, Neo4jHome
from graph.neo4j_store import Neo4jStore
from graph.store import GraphStore
from loaders.bulk_import import IMPORTED_DATABASE, bulk_import
from loaders.ingest import ingest
from loaders.report import REPORT_NAME
from queries.findings import run_all
from resolvers.rebuild import resolve
from tests import corpus
from tests.conftest import NEO4J_URL, neo4j_store
from tests.graph_dump import dump
from tests.lookups import sample_declarations, walks
from tradegraph.cli import app, batch_folders

pytestmark = pytest.mark.neo4j
ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / ".cache" / "neo4j-import-test"
HOME = CACHE / "home"


def _script(command: str, port: int) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NEO4J_CACHE": str(CACHE), "NEO4J_BOLT_PORT": str(port),
           "NEO4J_HEAP": "512m", "NEO4J_PAGECACHE": "256m", "PYTHON": sys.executable}
    return subprocess.run([str(ROOT / "scripts" / "neo4j.sh"), command], env=env,
                          capture_output=True, text=True, check=False)


@pytest.fixture(scope="module")
def import_server() -> Iterator[str]:
    """The Bolt URL of a server of our own, whose home the import may stop and start."""
    neo4j_store(empty=False).close()  # skips, or fails under CI, as the other Neo4j tests do
    assert NEO4J_URL
    port = int(os.environ.get("TRADEGRAPH_TEST_BULK_PORT",
                              (urlsplit(NEO4J_URL).port or 7687) + 100))
    started = _script("start", port)
    try:
        assert started.returncode == 0, started.stderr
        yield started.stdout.strip().splitlines()[-1]
    finally:
        _script("stop", port)  # also after a failed start: it may have left a process


def _emptied(url: str) -> str:
    with Neo4jStore(url) as store:
        store.clear()
    return url


def _batches(root: Path, demo: Path) -> tuple[list[Path], Path]:
    """The demo batches but the last, a batch of broken values and one of multi-line quoted
    fields; and the last demo batch, loaded later."""
    shutil.copytree(demo / "batches", root / "demo")
    *first, later = batch_folders([root / "demo"])
    return [*first, corpus.bad_values(root / "bad"),
            corpus.multiline_fields(root / "multiline")], later


def _bolt_loaded(folders: list[Path]) -> GraphStore:
    """The Bolt load, in the same order (a provisional entity is named by its first mention)."""
    store = neo4j_store(empty=True)
    store.setup_schema()
    for folder in folders:
        ingest(store, folder)
    return store


def _findings(store: GraphStore) -> dict[str, list[tuple[list[str], list[str], float]]]:
    return {part.query: sorted((sorted(f.entities),
                                sorted(f"{r['source']}:{r['record_id']}" for r in f.records),
                                round(f.score, 6)) for f in part.findings)
            for part in run_all(store)}


def test_bulk_import_makes_the_graph_a_bolt_load_makes(import_server: str, demo_dir: Path,
                                                        tmp_path: Path) -> None:
    imported, later = _batches(tmp_path / "bulk", demo_dir)
    side = Neo4jHome(HOME).database_files(IMPORTED_DATABASE)
    for folder in side:  # what an interrupted import would have left: overwritten
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "left-over").write_text("x")
    done = bulk_import(_emptied(import_server), None, HOME, imported)
    assert done.refused == 0 and done.nodes > 0 and done.relationships > 0
    # The imported files took the target's place; neither they nor the replaced ones linger.
    for folder in side:
        assert not folder.exists()
        assert not list(folder.parent.glob("*.replaced-*"))
    # Bad rows are still rejected with file, line and field, and reported beside the batch.
    bad = next(r for r in done.results if r.folder.name == "bad-values")
    assert {(r.file, r.line, r.field) for r in bad.rejections} >= {
        ("declarations.csv", 3, "date"), ("declarations.csv", 7, "origin_country")}
    assert bad.report == bad.folder / REPORT_NAME and bad.report.is_file()
    bolt_first, bolt_later = _batches(tmp_path / "bolt", demo_dir)
    with _bolt_loaded([*bolt_first, bolt_later]) as bolt, Neo4jStore(import_server) as bulk:
        # A later batch loads over Bolt on top of the imported graph, as on any other.
        ingest(bulk, later)
        assert bulk.counts() == bolt.counts()
        assert dump(bulk) == dump(bolt)  # every node and relationship, every property's value
        batch = "MATCH (b:Batch) WHERE b.rejected > 0 RETURN b.key AS key, b.rows AS rows, " \
            "b.rejected AS rejected, b.files AS files, b.status AS status ORDER BY key"
        assert bulk.query(batch) == bolt.query(batch) != []
        keys = sample_declarations(bolt, 100)
        assert walks(bulk, keys) == walks(bolt, keys)
        resolve(bulk)
        resolve(bolt)
        assert bulk.counts() == bolt.counts()
        assert _findings(bulk) == _findings(bolt)


def test_a_database_that_is_not_empty_is_refused_and_left_running(import_server: str,
                                                                  tmp_path: Path) -> None:
    with Neo4jStore(import_server) as store:
        store.clear()
        store.setup_schema()
        ingest(store, corpus.extra_columns(tmp_path / "first"))
        before = store.counts()
    with pytest.raises(HomeError, match="is not empty"):
        bulk_import(import_server, None, HOME, [corpus.bad_values(tmp_path / "next")])
    with Neo4jStore(import_server) as store:
        assert store.counts() == before


def test_the_same_record_in_two_batches_is_refused_before_the_server_stops(
        import_server: str, tmp_path: Path) -> None:
    folders = [corpus.multiline_fields(tmp_path / "a"), corpus.extra_columns(tmp_path / "b")]
    pid = Neo4jHome(HOME).running_pid()
    with pytest.raises(DuplicateRecord, match="CompanyRecord 'test-agency:C1' comes twice"):
        bulk_import(_emptied(import_server), None, HOME, folders)
    assert Neo4jHome(HOME).running_pid() == pid


def test_nothing_to_import_leaves_the_server_alone(import_server: str, tmp_path: Path) -> None:
    pid = Neo4jHome(HOME).running_pid()
    refused: list[Path] = []
    no_source = corpus.write_batch(tmp_path, "no-source", {"companies.csv": "record_id\n"},
                                   source=None)
    done = bulk_import(_emptied(import_server), None, HOME, [no_source],
                       refused=lambda folder, error: refused.append(folder))
    assert (done.refused, refused, done.results) == (1, [no_source], [])
    assert Neo4jHome(HOME).running_pid() == pid


def test_a_home_that_is_not_the_servers_is_refused(import_server: str, tmp_path: Path) -> None:
    with pytest.raises(HomeError, match="not found"):
        bulk_import(import_server, None, tmp_path / "nowhere", [])
    with pytest.raises(HomeError, match="not a Neo4j home"):
        bulk_import(import_server, None, tmp_path, [])
    assert NEO4J_URL
    with pytest.raises(HomeError, match="listens on port"):
        bulk_import(NEO4J_URL, None, HOME, [])


def test_the_command_names_what_is_wrong(import_server: str, tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["ingest", str(corpus.bad_values(tmp_path)),
                                      "--store", import_server, "--bulk-import",
                                      str(tmp_path / "no-home")])
    assert result.exit_code == 2
    assert "not found" in result.stderr


def test_a_failed_import_brings_the_server_back_on_its_own_files(
        import_server: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The tool refuses a relationship to a node it was not given (our staging never writes
    one; here one is added to the staged files): the server comes back on the target's files,
    and the tool's half-written database is gone."""
    finish = ImportStaging.finish

    def with_a_dangling_relationship(staging: ImportStaging) -> ImportFiles:
        files = finish(staging)
        data = files.relationships[0][2]
        first = data.read_text(encoding="utf-8").splitlines()[0]
        with data.open("a", encoding="utf-8") as out:
            out.write("987654321" + first[first.index(","):] + "\n")
        return files

    monkeypatch.setattr(ImportStaging, "finish", with_a_dangling_relationship)
    url = _emptied(import_server)
    with Neo4jStore(url) as store:
        store.setup_schema()
        before = store.counts()
    pid = Neo4jHome(HOME).running_pid()
    with pytest.raises(HomeError, match="neo4j-admin database import failed") as failed:
        bulk_import(url, None, HOME, [corpus.extra_columns(tmp_path / "batch")])
    assert "Error in input data" in str(failed.value)  # the tool's own reason, from its log
    assert Neo4jHome(HOME).running_pid() not in (None, pid)  # stopped, then started again
    with Neo4jStore(url) as store:  # up and answering when the error is raised
        assert store.counts() == before
    for folder in Neo4jHome(HOME).database_files(IMPORTED_DATABASE):
        assert not folder.exists()
