"""Bulk path of the embedded store: stage a load's new rows in Parquet, COPY once per table.

A load streams its rows to disk (memory stays bounded) and copies each table at
the end, nodes before relationships, in as few statements as the page cache
allows: the engine checkpoints after every statement, and a checkpoint after a
COPY into a table that already holds rows rewrites much of what it holds (ten
COPYs of one batch's relationships took four times the CPU of one).
"""

from __future__ import annotations

import queue
import shutil
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

import pyarrow as pa
import pyarrow.parquet as pq

from graph.arrow_tables import arrow_table, node_schema, rel_schema
from graph.store import BulkWriter, Row

if TYPE_CHECKING:
    from graph.ladybug_store import LadybugStore

# Rows per staged file.
CHUNK_ROWS = 200_000
# Rows per COPY statement, per MiB of the engine's page cache, which holds a statement's
# rows: 6 million identifier links overflowed the default 512 MiB, 2 million mention links
# did not. A table's second statement costs about twice its first per row (the checkpoint
# after it rewrites what the table held): with 600,000 rows a statement, a million-row file
# spent 21.9 s in COPY, with a statement per table 14.6 s.
COPY_ROWS_PER_MIB = 2_400


class StagedWriter(BulkWriter):
    def __init__(self, store: LadybugStore) -> None:
        super().__init__(store)
        self.lady = store
        self._folder = Path(tempfile.mkdtemp(prefix="staging-", dir=store.path.parent))
        self._files: dict[tuple[str, ...], tuple[Path, pq.ParquetWriter]] = {}
        self._rows: dict[tuple[str, ...], int] = {}  # rows in each table's open file
        self._full: list[tuple[tuple[str, ...], Path]] = []  # files of CHUNK_ROWS, closed
        self._disk = _DiskThread()

    def nodes(self, label: str, rows: Sequence[Row]) -> None:
        if rows:
            self._append((label,), node_schema(label), rows)

    def nodes_table(self, label: str, table: pa.Table) -> None:
        if table.num_rows:
            self._stage((label,), node_schema(label), table)

    def rels_table(self, name: str, ends: tuple[str, str], table: pa.Table) -> None:
        if table.num_rows:
            schema = rel_schema(name)
            columns = [table[f.name].cast(f.type) if f.name in table.column_names
                       else pa.nulls(table.num_rows, f.type) for f in schema]
            self._stage((name, *ends), schema, pa.table(columns, schema=schema))

    def rels(self, name: str, ends: tuple[str, str], rows: Sequence[Row]) -> None:
        if rows:
            self._append((name, *ends), rel_schema(name), rows)

    def _append(self, table: tuple[str, ...], schema: pa.Schema, rows: Sequence[Row]) -> None:
        self._stage(table, schema, arrow_table(rows, schema))

    def _writer(self, table: tuple[str, ...], schema: pa.Schema) -> pq.ParquetWriter:
        if table in self._files and self._rows[table] >= CHUNK_ROWS:
            self._disk.put(self._files[table][1].close)
            self._full.append((table, self._files.pop(table)[0]))
        if table not in self._files:
            path = self._folder / f"{'-'.join(table)}-{len(self._full)}.parquet"
            self._files[table] = (path, pq.ParquetWriter(path, schema, compression="none"))
            self._rows[table] = 0
        return self._files[table][1]

    def _stage(self, table: tuple[str, ...], schema: pa.Schema, rows: pa.Table) -> None:
        start = 0
        while start < rows.num_rows:
            writer = self._writer(table, schema)
            piece = rows.slice(start, CHUNK_ROWS - self._rows[table])
            self._disk.put(partial(writer.write_table, piece))
            self._rows[table] += piece.num_rows
            start += piece.num_rows

    def flush(self) -> None:
        for _, writer in self._files.values():
            self._disk.put(writer.close)
        self._disk.finish()
        files = self._full + [(table, path) for table, (path, _) in self._files.items()]
        started = time.perf_counter()
        try:
            for table, paths in _statements(files, COPY_ROWS_PER_MIB * self.lady.pool_mib):
                self.lady.copy_file(table, paths)
        finally:
            self._files, self._full, self._rows = {}, [], {}
            shutil.rmtree(self._folder, ignore_errors=True)
            self.lady.copy_seconds += time.perf_counter() - started

    def __exit__(self, kind: object, *exc: object) -> None:
        if kind is None:
            self.flush()
        else:
            self._disk.finish(raising=False)
            for _, writer in self._files.values():
                writer.close()
            self._files, self._full, self._rows = {}, [], {}
            shutil.rmtree(self._folder, ignore_errors=True)


class _DiskThread:
    """Writes the staged Parquet files on a thread of its own: encoding and writing them
    releases the interpreter, so a load maps its next rows meanwhile (about 1 s of a
    scale-10 load). At most a few tables wait, so memory stays bounded."""

    def __init__(self) -> None:
        self._jobs: queue.Queue[Callable[[], object] | None] = queue.Queue(maxsize=8)
        self._error: BaseException | None = None
        self._thread: threading.Thread | None = None

    def put(self, job: Callable[[], object]) -> None:
        self._raise()
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, daemon=True)
            self._thread.start()
        self._jobs.put(job)

    def finish(self, raising: bool = True) -> None:
        """Wait for every job; the thread ends (a later put starts another)."""
        if self._thread is not None:
            self._jobs.put(None)
            self._thread.join()
            self._thread = None
        if raising:
            self._raise()

    def _run(self) -> None:
        while (job := self._jobs.get()) is not None:
            if self._error is None:  # after a failure, the rest are dropped
                try:
                    job()
                except BaseException as error:  # re-raised on the loading thread
                    self._error = error

    def _raise(self) -> None:
        if self._error is not None:
            error, self._error = self._error, None
            raise error


def _statements(files: list[tuple[tuple[str, ...], Path]], most: int
                ) -> list[tuple[tuple[str, ...], list[Path]]]:
    """The files of each table in runs of at most `most` rows, node tables first: a
    relationship's ends were staged before it."""
    runs: dict[tuple[str, ...], list[tuple[list[Path], int]]] = {}
    for table, path in files:
        rows = pq.ParquetFile(path).metadata.num_rows
        table_runs = runs.setdefault(table, [([], 0)])
        if table_runs[-1][0] and table_runs[-1][1] + rows > most:
            table_runs.append(([], 0))
        paths, held = table_runs[-1]
        table_runs[-1] = ([*paths, path], held + rows)
    ordered = sorted(runs.items(), key=lambda item: len(item[0]))
    return [(table, paths) for table, table_runs in ordered for paths, _ in table_runs]
