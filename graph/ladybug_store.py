"""Embedded LadybugDB backend: one folder on disk, no server, the default store."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import ladybug
import pyarrow as pa

from graph.arrow_tables import arrow_table, node_schema, rel_schema
from graph.schema import NODE_TYPES, REL_TYPES
from graph.store import BulkWriter, GraphStore, Row, StoreError, _known_label

# COPY has a fixed cost of tens of milliseconds; below this many rows CREATE is cheaper.
COPY_THRESHOLD = 1000
# The engine's page cache; bounded so a big load stays well under 2 GiB of memory.
BUFFER_POOL_MIB = int(os.environ.get("TRADEGRAPH_BUFFER_POOL_MIB", "512"))


def _columns(properties: dict[str, str]) -> str:
    return ", ".join(f"{name} {kind}" for name, kind in properties.items())


def _rows(result: Any) -> list[Row]:
    try:
        names = result.get_column_names()
        rows = []
        while result.has_next():
            rows.append(dict(zip(names, result.get_next(), strict=True)))
        return rows
    finally:
        result.close()


class LadybugStore(GraphStore):
    def __init__(self, folder: Path, read_only: bool = False) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.path = folder / "graph.lbug"
        self.description = f"LadybugDB at {self.path}"
        self.pool_mib = BUFFER_POOL_MIB
        self._db = ladybug.Database(str(self.path), read_only=read_only,
                                    buffer_pool_size=self.pool_mib << 20)
        self._conn = ladybug.Connection(self._db)
        self.copy_seconds = 0.0  # time spent in bulk COPY, reported by the benchmarks

    def state_folder(self) -> Path:
        return self.path.parent / "resolver-state"

    def setup_schema(self) -> None:
        for node in NODE_TYPES.values():
            self.execute(f"CREATE NODE TABLE IF NOT EXISTS {node.label}"
                         f"({_columns(node.properties)}, PRIMARY KEY(key))")
        for rel in REL_TYPES.values():
            ends = ", ".join(f"FROM {a} TO {b}" for a, b in rel.ends)
            props = f", {_columns(rel.properties)}" if rel.properties else ""
            self.execute(f"CREATE REL TABLE IF NOT EXISTS {rel.name}({ends}{props})")
        self._add_new_columns()

    def _add_new_columns(self) -> None:
        """A store made by an older tradegraph gets the properties added since (empty), so
        upgrading never means reloading every batch."""
        tables = [(node.label, node.properties) for node in NODE_TYPES.values()]
        tables += [(rel.name, rel.properties) for rel in REL_TYPES.values()]
        for name, properties in tables:
            have = {row["name"] for row in self.query(f"CALL table_info('{name}') RETURN name")}
            for prop, kind in properties.items():
                if prop not in have:
                    self.execute(f"ALTER TABLE {name} ADD {prop} {kind}")

    def _run(self, cypher: str, params: Row | None) -> Any:
        try:
            return self._conn.execute(cypher, params or {})
        except RuntimeError as error:
            raise StoreError(str(error), cypher) from error

    def query(self, cypher: str, params: Row | None = None) -> list[Row]:
        return _rows(self._run(cypher, params))

    def query_apart(self, cypher: str, params: Row | None, seconds: float) -> list[Row]:
        """A read on a connection of its own, stopped after `seconds`. The engine keeps some
        of what a query held until its connection closes: a run of heavy saved queries on
        one connection fills the buffer pool; one connection each does not."""
        connection = ladybug.Connection(self._db)
        try:
            connection.set_query_timeout(max(1, int(seconds * 1000)))
            try:
                result = connection.execute(cypher, params or {})
            except RuntimeError as error:
                raise StoreError(str(error), cypher) from error
            return _rows(result)
        finally:
            connection.close()

    def columns(self, cypher: str, params: Row | None = None) -> dict[str, list[Any]]:
        result = self._run(cypher, params)
        names = result.get_column_names()
        if not result.has_next():
            return {name: [] for name in names}
        return dict(result.get_as_arrow().to_pydict())

    def arrow(self, cypher: str, params: Row | None = None) -> pa.Table:
        result = self._run(cypher, params)
        try:
            if not result.has_next():
                return pa.table({name: [] for name in result.get_column_names()})
            return result.get_as_arrow()
        finally:
            result.close()

    def execute(self, cypher: str, params: Row | None = None) -> None:
        self._run(cypher, params).close()

    def _typed(self, expression: str, kind: str) -> str:
        # Parameter types are inferred from values: an all-null column would bind as STRING.
        return expression if kind == "STRING" else f"CAST({expression} AS {kind})"

    def _fields(self, properties: dict[str, str]) -> str:
        return ", ".join(f"{p}: {self._typed(f'r.{p}', t)}" for p, t in properties.items())

    def _create_nodes(self, label: str, rows: Sequence[Row]) -> None:
        properties = NODE_TYPES[label].properties
        if len(rows) < COPY_THRESHOLD:
            self.execute(f"UNWIND $rows AS r CREATE (:{label} {{{self._fields(properties)}}})",
                         {"rows": [self._complete(label, row) for row in rows]})
            return
        arrow_rows = arrow_table(rows, node_schema(label))  # noqa: F841 - COPY reads it by name
        self.execute(f"COPY {label} FROM arrow_rows")

    def _create_rels(self, name: str, ends: tuple[str, str], rows: Sequence[Row]) -> None:
        properties = REL_TYPES[name].properties
        start, end = ends
        if len(rows) < COPY_THRESHOLD:
            self.execute(
                # Two MATCH clauses: the engine seeks each end by key; one MATCH of both
                # patterns joins them by scanning (minutes for a few thousand rows).
                f"UNWIND $rows AS r MATCH (a:{start} {{key: r.from}}) "
                f"MATCH (b:{end} {{key: r.to}}) "
                f"CREATE (a)-[:{name} {{{self._fields(properties)}}}]->(b)",
                {"rows": [{p: row.get(p) for p in ("from", "to", *properties)} for row in rows]},
            )
            return
        arrow_rows = arrow_table(rows, rel_schema(name))  # noqa: F841 - COPY reads it by name
        self.execute(f"COPY {name} FROM arrow_rows (from='{start}', to='{end}')")

    def delete_label(self, label: str) -> None:
        # Entities and their links are rebuilt whole: dropping their tables and making them
        # again is near instant, where deleting a million nodes and edges takes minutes.
        label = _known_label(label)
        rels = [rel for rel in REL_TYPES.values() if any(label in ends for ends in rel.ends)]
        if all(all(label in ends for ends in rel.ends) for rel in rels):
            for rel in rels:
                self.execute(f"DROP TABLE {rel.name}")
            self.execute(f"DROP TABLE {label}")
            self.setup_schema()
            return
        for rel in rels:
            for start, end in rel.ends:
                if label in (start, end):
                    self.execute(f"MATCH (:{start})-[r:{rel.name}]->(:{end}) DELETE r")
        self.execute(f"MATCH (n:{label}) DELETE n")

    def writer(self) -> BulkWriter:
        from graph.ladybug_staging import StagedWriter

        return StagedWriter(self)

    def copy_file(self, table: tuple[str, ...], paths: list[Path]) -> None:
        """COPY staged Parquet files in one statement (our own temporary files, never a
        user's paths)."""
        source = "[" + ", ".join(f"'{path}'" for path in paths) + "]"
        if len(table) == 1:
            self.execute(f"COPY {table[0]} FROM {source}")
        else:
            name, start, end = table
            self.execute(f"COPY {name} FROM {source} (from='{start}', to='{end}')")

    def clear(self) -> None:
        for rel in REL_TYPES:
            self.execute(f"MATCH ()-[r:{rel}]->() DELETE r")
        for label in NODE_TYPES:
            self.execute(f"MATCH (n:{label}) DELETE n")

    def close(self) -> None:
        self._conn.close()
        self._db.close()
