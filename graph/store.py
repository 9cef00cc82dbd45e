"""One store interface: the shared logic lives here, each backend implements a few hooks.

Writes are idempotent by key: a node is created once, a changed record is
updated in place, an unchanged one is left alone. Labels and relationship names
come from graph.schema, never from user input; values always travel as parameters.
"""

from __future__ import annotations

import hashlib
import os
from abc import ABC, abstractmethod
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa

from graph.schema import NODE_TYPES, RECORD_LABELS, REL_TYPES

Row = dict[str, Any]


class StoreError(RuntimeError):
    """A store call failed; carries the Cypher so the failure can be reproduced."""

    def __init__(self, message: str, cypher: str = "") -> None:
        super().__init__(f"{message}\n  while running: {' '.join(cypher.split())[:500]}"
                         if cypher else message)
        self.cypher = cypher


@dataclass
class Written:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def add(self, other: Written) -> None:
        self.created += other.created
        self.updated += other.updated
        self.unchanged += other.unchanged


def _known_label(label: str) -> str:
    if label not in NODE_TYPES:
        raise StoreError(f"unknown node label {label!r}")
    return label


def _known_rel(name: str) -> str:
    if name not in REL_TYPES:
        raise StoreError(f"unknown relationship type {name!r}")
    return name


class GraphStore(ABC):
    """Schema set-up, idempotent batched writes and parameterised reads."""

    description: str = ""

    # --- hooks each backend implements -------------------------------------------------
    @abstractmethod
    def setup_schema(self) -> None: ...

    @abstractmethod
    def query(self, cypher: str, params: Row | None = None) -> list[Row]:
        """Run a read and return its rows as dicts keyed by the RETURN aliases."""

    def columns(self, cypher: str, params: Row | None = None) -> dict[str, list[Any]]:
        """Run a read and return its result column by column (big reads: no dict per row)."""
        rows = self.query(cypher, params)
        names = list(rows[0]) if rows else []
        return {name: [row[name] for row in rows] for name in names}

    def arrow(self, cypher: str, params: Row | None = None) -> pa.Table:
        """Run a read and return its result as an Arrow table: a million rows of strings
        take a tenth of the memory they take as Python objects."""
        found = self.columns(cypher, params)
        return pa.table(found) if found else pa.table({})

    @abstractmethod
    def execute(self, cypher: str, params: Row | None = None) -> None:
        """Run a write."""

    @abstractmethod
    def _create_nodes(self, label: str, rows: Sequence[Row]) -> None:
        """Create nodes known not to exist yet (bulk path)."""

    @abstractmethod
    def _create_rels(self, name: str, ends: tuple[str, str], rows: Sequence[Row]) -> None:
        """Create relationships; each row has `from` and `to` keys plus properties."""

    @abstractmethod
    def close(self) -> None: ...

    @abstractmethod
    def clear(self) -> None:
        """Delete every node and relationship (tests and `--fresh` only)."""

    def state_folder(self) -> Path:
        """Where the resolver keeps what an incremental run needs (resolvers/state.py). A
        server's is local to this machine: another client's run finds it out of date."""
        home = Path(os.environ.get("TRADEGRAPH_CACHE", Path.home() / ".cache" / "tradegraph"))
        name = hashlib.blake2b(self.description.encode(), digest_size=8).hexdigest()
        return home / "resolver-state" / name

    def _typed(self, expression: str, kind: str) -> str:
        """A parameter expression as the schema type; engines that infer types override it."""
        return expression

    # --- shared logic -------------------------------------------------------------------
    def __enter__(self) -> GraphStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def existing(self, label: str, keys: Iterable[str]) -> dict[str, str | None]:
        """Map each key that exists to its row_hash (None for nodes without one)."""
        has_hash = "row_hash" in NODE_TYPES[_known_label(label)].properties
        value = "n.row_hash" if has_hash else "NULL"
        rows = self.query(
            f"UNWIND $keys AS k MATCH (n:{label} {{key: k}}) RETURN n.key AS key, {value} AS h",
            {"keys": list(keys)},
        )
        return {row["key"]: row["h"] for row in rows}

    def holds_any(self, label: str) -> bool:
        return bool(self.query(f"MATCH (n:{_known_label(label)}) RETURN n.key AS key LIMIT 1"))

    def ensure_nodes(self, label: str, rows: Sequence[Row]) -> int:
        """Create the nodes whose key is not there yet; returns how many were new."""
        unique = {row["key"]: row for row in rows}
        found = self.existing(label, unique)
        new = [row for key, row in unique.items() if key not in found]
        if new:
            self.create_nodes(label, new)
        return len(new)

    def put_node(self, label: str, node: Row) -> None:
        """Create the node, or overwrite its properties when it exists."""
        if self.ensure_nodes(label, [node]) == 0:
            self.update_nodes(label, [node])

    def update_nodes(self, label: str, rows: Sequence[Row]) -> None:
        properties = {p: t for p, t in NODE_TYPES[_known_label(label)].properties.items()
                      if p != "key"}
        assignments = ", ".join(f"n.{p} = {self._typed(f'r.{p}', t)}"
                                for p, t in properties.items())
        self.execute(f"UNWIND $rows AS r MATCH (n:{label} {{key: r.key}}) SET {assignments}",
                     {"rows": [self._complete(label, row) for row in rows]})

    def delete_owned(self, label: str, keys: Sequence[str]) -> None:
        """Remove every relationship these records made, before they are rewritten."""
        for rel in REL_TYPES.values():
            if not rel.owned_by(_known_label(label)):
                continue
            if rel.owner:
                match = f"MATCH ()-[r:{rel.name}]->() WHERE r.record IN $keys"
            else:
                match = f"UNWIND $keys AS k MATCH (n:{label} {{key: k}})-[r:{rel.name}]->()"
            self.execute(f"{match} DELETE r", {"keys": list(keys)})

    def delete_label(self, label: str) -> None:
        """Delete every node of a derived label with its relationships (entities on re-resolve)."""
        self.execute(f"MATCH (n:{_known_label(label)}) DETACH DELETE n")

    def purge_batch(self, batch_id: str) -> None:
        """Delete what a load of this batch wrote, so a load that died half way can start over."""
        for label in RECORD_LABELS.values():
            rows = self.query(f"MATCH (n:{label}) WHERE n.batch = $batch RETURN n.key AS key",
                              {"batch": batch_id})
            keys = [row["key"] for row in rows]
            if keys:
                self.delete_owned(label, keys)
                self.execute(f"MATCH (n:{label}) WHERE n.batch = $batch DETACH DELETE n",
                             {"batch": batch_id})

    def writer(self) -> BulkWriter:
        return BulkWriter(self)

    def create_rels(self, name: str, ends: tuple[str, str], rows: Sequence[Row]) -> None:
        if ends not in REL_TYPES[_known_rel(name)].ends:
            raise StoreError(f"{name} does not join {ends[0]} to {ends[1]}")
        if rows:
            self._create_rels(name, ends, rows)

    def create_nodes(self, label: str, rows: Sequence[Row]) -> None:
        if rows:
            self._create_nodes(_known_label(label), rows)

    def count_nodes(self, label: str) -> int:
        rows = self.query(f"MATCH (n:{_known_label(label)}) RETURN count(n) AS n")
        return int(rows[0]["n"])

    def count_rels(self, name: str) -> int:
        rows = self.query(f"MATCH ()-[r:{_known_rel(name)}]->() RETURN count(r) AS n")
        return int(rows[0]["n"])

    def counts(self) -> dict[str, dict[str, int]]:
        return {
            "nodes": {label: self.count_nodes(label) for label in NODE_TYPES},
            "relationships": {name: self.count_rels(name) for name in REL_TYPES},
        }

    @staticmethod
    def _complete(label: str, row: Row) -> Row:
        """Every schema property present (None when unknown), so both engines see one shape."""
        return {name: row.get(name) for name in NODE_TYPES[label].properties}


class BulkWriter:
    """Collects new nodes and relationships and writes them in big batches, nodes first, so
    every relationship finds its ends. Backends with a faster bulk path override it."""

    def __init__(self, store: GraphStore, batch_rows: int = 20_000) -> None:
        self.store = store
        self.batch_rows = batch_rows
        self._nodes: dict[str, list[Row]] = {}
        self._rels: dict[tuple[str, str, str], list[Row]] = {}
        self._buffered = 0

    def __enter__(self) -> BulkWriter:
        return self

    def __exit__(self, kind: object, *exc: object) -> None:
        if kind is None:
            self.flush()

    def nodes(self, label: str, rows: Sequence[Row]) -> None:
        self._nodes.setdefault(_known_label(label), []).extend(rows)
        self._grew(len(rows))

    def nodes_table(self, label: str, table: pa.Table) -> None:
        """New nodes as an Arrow table shaped like the label's schema."""
        self.nodes(label, table.to_pylist())

    def rels_table(self, name: str, ends: tuple[str, str], table: pa.Table) -> None:
        """New relationships as an Arrow table: `from`, `to` and some of the properties."""
        self.rels(name, ends, table.to_pylist())

    def rels(self, name: str, ends: tuple[str, str], rows: Sequence[Row]) -> None:
        if ends not in REL_TYPES[_known_rel(name)].ends:
            raise StoreError(f"{name} does not join {ends[0]} to {ends[1]}")
        self._rels.setdefault((name, *ends), []).extend(rows)
        self._grew(len(rows))

    def _grew(self, rows: int) -> None:
        self._buffered += rows
        if self._buffered >= self.batch_rows:
            self.flush()

    def flush(self) -> None:
        nodes, rels = self._take()
        self._write(nodes, rels)

    def _take(self) -> tuple[dict[str, list[Row]], dict[tuple[str, str, str], list[Row]]]:
        """What is buffered, leaving the buffers empty."""
        nodes, rels = self._nodes, self._rels
        self._nodes, self._rels, self._buffered = {}, {}, 0
        return nodes, rels

    def _write(self, nodes: dict[str, list[Row]],
               rels: dict[tuple[str, str, str], list[Row]]) -> None:
        for label, rows in nodes.items():
            self.store.create_nodes(label, rows)
        for (name, start, end), rows in rels.items():
            self.store.create_rels(name, (start, end), rows)
