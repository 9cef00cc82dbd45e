"""A first load into an empty Neo4j database with `neo4j-admin database import`.

The batches are validated and turned into graph rows exactly as `ingest` does
(rejection reports and batch records included) but staged as the import tool's
CSV; then the tool writes the store files as a database no server knows while the
server stops (Community cannot stop one database alone), those files take the place
of the target's, the server starts again and the schema (constraints, indexes) is
built. The result is the graph a Bolt load of the same
batches makes; later batches load over Bolt as usual.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from neo4j.exceptions import DriverError

from graph.import_staging import ImportFiles, ImportStaging
from graph.neo4j_home import START_SECONDS, HomeError, Neo4jHome
from graph.neo4j_store import Neo4jStore
from graph.store import StoreError
from loaders.batch import BatchError
from loaders.ingest import DEFAULT_REPORTS, IngestResult, ingest

Refused = Callable[[Path, BatchError], None]
# The import tool writes this database, which no server serves, while the server stops.
IMPORTED_DATABASE = "tradegraph-bulk-import"


@dataclass
class BulkResult:
    results: list[IngestResult] = field(default_factory=list)
    refused: int = 0
    nodes: int = 0
    relationships: int = 0
    seconds: dict[str, float] = field(default_factory=dict)  # per step, wall clock


def target_database(url: str, database: str | None) -> str:
    """The database's name, after checking it is empty; the import replaces its files."""
    with Neo4jStore(url, database) as store:
        name = str(store.query("CALL db.info() YIELD name RETURN name")[0]["name"])
        if store.query("MATCH (n) RETURN 1 AS found LIMIT 1"):
            raise HomeError(f"database {name!r} is not empty: a bulk import only makes a new "
                            "graph (load further batches with a plain `tradegraph ingest`)")
    return name


def bulk_import(url: str, database: str | None, home: Path, folders: list[Path],
                encoding: str | None = None, report_dir: Path = DEFAULT_REPORTS,
                refused: Refused | None = None) -> BulkResult:
    """Every batch of `folders` into the empty database at `url`, whose server's home is
    `home`; the staged files go to the temporary folder ($TMPDIR) and are removed after."""
    server = Neo4jHome(home)
    server.check_serves(url)
    result = BulkResult()
    clock = time.perf_counter()
    name = target_database(url, database)
    if server.running_pid() is None:
        raise HomeError(f"{url} answers but the server of {server.path} is not running: "
                        "another server holds that port")
    _no_batch_twice(folders)
    folder = Path(tempfile.mkdtemp(prefix="tradegraph-import-"))
    try:
        staging = ImportStaging(folder)
        for batch in folders:
            try:
                result.results.append(ingest(staging, batch, encoding, report_dir))
            except BatchError as error:
                result.refused += 1
                if refused:
                    refused(batch, error)
        files = staging.finish()
        result.nodes, result.relationships = files.node_count, files.relationship_count
        clock = _lap(result, "stage", clock)
        if not result.results:
            return result  # every batch refused: nothing to import, the server keeps running
        _load(server, url, database, name, files, folder, result, clock)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    clock = time.perf_counter()
    with _online(url, database) as store:
        clock = _lap(result, "online", clock)
        store.setup_schema()  # constraints and indexes; waits until they are built
    _lap(result, "schema", clock)
    return result


def _load(server: Neo4jHome, url: str, database: str | None, name: str, files: ImportFiles,
          folder: Path, result: BulkResult, clock: float) -> None:
    """The tool writes a database no server knows while the server stops (Community cannot
    stop one database alone); then its files take the place of the target's, and the server
    starts on them. A failed import leaves the target's files as they were."""
    target_database(url, database)  # still empty after the staging's minutes?
    options = ["--skip-bad-relationships=false", "--strict=true", "--id-type=integer",
               "--array-delimiter=U+001F", f"--multiline-fields={str(files.multiline).lower()}",
               *files.arguments()]
    replaced: list[Path] = []
    with ThreadPoolExecutor(1) as pool:
        stopping = pool.submit(_timed, server.stop)
        try:
            server.import_full(IMPORTED_DATABASE, options, folder / "import.report")
            clock = _lap(result, "import", clock)
            result.seconds["stop"] = stopping.result()  # during the import
            replaced = server.replace_database(name, IMPORTED_DATABASE)
        except BaseException as failed:
            if stopping.exception() is None:  # waits for the stop
                _start_after(server, url, database, failed)  # back, on its own files
            raise
        finally:
            for files_of in server.database_files(IMPORTED_DATABASE):
                shutil.rmtree(files_of, ignore_errors=True)
        removing = pool.submit(_remove, replaced)  # while the server starts
        clock = time.perf_counter()
        server.start()
        _lap(result, "start", clock)
        removing.result()


def _timed(step: Callable[[], None]) -> float:
    started = time.perf_counter()
    step()
    return time.perf_counter() - started


def _remove(folders: list[Path]) -> None:
    for folder in folders:
        shutil.rmtree(folder, ignore_errors=True)


def _start_after(server: Neo4jHome, url: str, database: str | None,
                 failed: BaseException) -> None:
    """Start the server again and wait until it answers, so that the user's next command
    finds it as it was."""
    try:
        server.start()
        _online(url, database).close()
    except (HomeError, StoreError, DriverError) as error:
        raise HomeError(f"{failed}\nand then the server did not start again: {error}") \
            from failed


def _lap(result: BulkResult, step: str, since: float) -> float:
    now = time.perf_counter()
    result.seconds[step] = now - since
    return now


def _online(url: str, database: str | None) -> Neo4jStore:
    """The launcher returns before Bolt and the databases are up; wait for this one."""
    deadline = time.monotonic() + START_SECONDS
    while True:
        try:
            store = Neo4jStore(url, database)
        except StoreError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)
            continue
        try:
            store.query("RETURN 1 AS up")
            return store
        except (StoreError, DriverError):
            store.close()
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


def _no_batch_twice(folders: list[Path]) -> None:
    seen: set[Path] = set()
    for folder in folders:
        if folder.resolve() in seen:
            raise HomeError(f"{folder} is given twice: a bulk import loads each batch once")
        seen.add(folder.resolve())

