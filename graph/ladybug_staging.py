"""Bulk path of the embedded store: stage a load's new rows in Parquet, COPY once per table.

LadybugDB's COPY has a fixed cost per statement and is at its fastest on large
files, so a load streams its rows to disk (memory stays bounded) and copies
each table once at the end, nodes before relationships.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import pyarrow as pa
import pyarrow.parquet as pq

from graph.arrow_tables import arrow_table, node_schema, rel_schema
from graph.store import BulkWriter, Row

if TYPE_CHECKING:
    from graph.ladybug_store import LadybugStore


class StagedWriter(BulkWriter):
    def __init__(self, store: LadybugStore) -> None:
        super().__init__(store)
        self.lady = store
        self._folder = Path(tempfile.mkdtemp(prefix="staging-", dir=store.path.parent))
        self._files: dict[tuple[str, ...], tuple[Path, pq.ParquetWriter]] = {}

    def nodes(self, label: str, rows: Sequence[Row]) -> None:
        if rows:
            self._append((label,), node_schema(label), rows)

    def nodes_table(self, label: str, table: pa.Table) -> None:
        if table.num_rows:
            self._writer((label,), node_schema(label)).write_table(table)

    def rels_table(self, name: str, ends: tuple[str, str], table: pa.Table) -> None:
        if table.num_rows:
            schema = rel_schema(name)
            columns = [table[f.name].cast(f.type) if f.name in table.column_names
                       else pa.nulls(table.num_rows, f.type) for f in schema]
            self._writer((name, *ends), schema).write_table(pa.table(columns, schema=schema))

    def rels(self, name: str, ends: tuple[str, str], rows: Sequence[Row]) -> None:
        if rows:
            self._append((name, *ends), rel_schema(name), rows)

    def _append(self, table: tuple[str, ...], schema: pa.Schema, rows: Sequence[Row]) -> None:
        self._writer(table, schema).write_table(arrow_table(rows, schema))

    def _writer(self, table: tuple[str, ...], schema: pa.Schema) -> pq.ParquetWriter:
        if table not in self._files:
            path = self._folder / f"{'-'.join(table)}.parquet"
            self._files[table] = (path, pq.ParquetWriter(path, schema, compression="none"))
        return self._files[table][1]

    def flush(self) -> None:
        for _, writer in self._files.values():
            writer.close()
        started = time.perf_counter()
        try:
            for table, (path, _) in sorted(self._files.items(), key=lambda item: len(item[0])):
                self.lady.copy_file(table, path)
        finally:
            self._files = {}
            shutil.rmtree(self._folder, ignore_errors=True)
            self.lady.copy_seconds += time.perf_counter() - started

    def __exit__(self, kind: object, *exc: object) -> None:
        if kind is None:
            self.flush()
        else:
            for _, writer in self._files.values():
                writer.close()
            shutil.rmtree(self._folder, ignore_errors=True)
