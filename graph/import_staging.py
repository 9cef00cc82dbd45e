"""A load's graph rows as `neo4j-admin database import` CSV, for a first load into Neo4j.

`ImportStaging` stands in for an empty Neo4j database during a normal `ingest`:
validation, record rows, provisional entities, attribute nodes and batch records
are built exactly as for any store, but every new node and relationship is
appended to one CSV file per table instead of being written. Reads find nothing
(the target database is empty) except the keys this staging already holds, which
is what the writer asks when it shares entity and attribute nodes between batches.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from graph.arrow_tables import arrow_table, node_schema, rel_schema
from graph.schema import NODE_TYPES, REL_TYPES
from graph.store import BulkWriter, GraphStore, Row, StoreError

# Between the elements of a list property (aliases): a character no text field keeps.
ARRAY_DELIMITER = "\x1f"
IMPORT_TYPES = {"STRING": "string", "DATE": "date", "DOUBLE": "double", "INT64": "long",
                "STRING[]": "string[]"}
Table = tuple[str, ...]  # (label,) or (relationship, start label, end label)


class DuplicateRecord(StoreError):
    """Two rows of one import make the same node: the import tool cannot update a node."""


def header(table: Table) -> str:
    """The import tool's header: a node's ID is its row number in its label's own ID space
    (integer IDs: the tool maps them without the string IDs' encoding and sorting; the key
    stays an ordinary property), and a relationship's ends name the ID spaces of its start
    and end labels."""
    if len(table) == 1:
        label = table[0]
        columns = [f":ID({label})"] + [f"{p}:{IMPORT_TYPES[t]}"
                                       for p, t in NODE_TYPES[label].properties.items()]
    else:
        name, start, end = table
        columns = [f":START_ID({start})", f":END_ID({end})"]
        columns += [f"{p}:{IMPORT_TYPES[t]}" for p, t in REL_TYPES[name].properties.items()]
    return ",".join(columns) + "\n"


def _flat(table: pa.Table) -> pa.Table:
    """Lists as one delimited string (null stays null, so the property is absent as over
    Bolt); the CSV writer quotes every string and leaves nulls empty, so "" stays ""."""
    columns = []
    for name, column in zip(table.column_names, table.columns, strict=True):
        if pa.types.is_list(column.type):
            # Loaded text has its whitespace folded, and Python counts \x1f as whitespace.
            if pc.any(pc.match_substring(pc.list_flatten(column), ARRAY_DELIMITER)).as_py():
                raise StoreError(f"a value of {name} holds U+001F, the import's list delimiter")
            column = pc.binary_join(column, ARRAY_DELIMITER)
        columns.append(column)
    return pa.table(columns, names=table.column_names)


def _multiline(table: pa.Table) -> bool:
    """Whether a string holds a line break. The characters of a string column's values lie
    in one buffer per chunk, searched whole (a twentieth of a regex per value's time); a
    sliced chunk's buffer may hold more than its values, which can only say yes wrongly
    (the tool then reads multi-line fields, slower but right)."""
    for column in table.columns:
        if pa.types.is_string(column.type):
            for chunk in column.chunks:
                buffer = chunk.buffers()[2]
                text = buffer.to_pybytes() if buffer is not None else b""
                if b"\n" in text or b"\r" in text:
                    return True
    return False


@dataclass
class ImportFiles:
    """What the import tool is given: per table, its header file then its data file."""
    nodes: list[tuple[str, Path, Path]]  # label, header, data
    relationships: list[tuple[str, Path, Path]]  # type, header, data
    multiline: bool
    node_count: int
    relationship_count: int

    def arguments(self) -> list[str]:
        """One group per table: each relationship table names its own ID spaces."""
        return ([f"--nodes={label}={head},{data}" for label, head, data in self.nodes]
                + [f"--relationships={name}={head},{data}"
                   for name, head, data in self.relationships])


class CsvWriter(BulkWriter):
    """Appends each table's rows to its CSV as they come; only relationships whose end
    nodes are not staged yet wait, for the end of the import."""

    def __init__(self, staging: ImportStaging) -> None:
        super().__init__(staging)
        self.staging = staging
        self._open: dict[Table, tuple[Path, pacsv.CSVWriter]] = {}
        self.multiline = False
        self.rows: dict[Table, int] = {}
        self._waiting: list[tuple[Table, pa.Table]] = []

    def nodes(self, label: str, rows: Sequence[Row]) -> None:
        if rows:
            self.nodes_table(label, arrow_table(rows, node_schema(label)))

    def nodes_table(self, label: str, table: pa.Table) -> None:
        if table.num_rows:
            first = self.staging.claim(label, table["key"].to_pylist())
            ids = pa.array(np.arange(first, first + table.num_rows, dtype=np.int64))
            self._append((label,), table.select(node_schema(label).names)
                         .add_column(0, "id", ids))

    def rels(self, name: str, ends: tuple[str, str], rows: Sequence[Row]) -> None:
        if rows:
            self.rels_table(name, ends, arrow_table(rows, rel_schema(name)))

    def rels_table(self, name: str, ends: tuple[str, str], table: pa.Table) -> None:
        if ends not in REL_TYPES[name].ends:
            raise StoreError(f"{name} does not join {ends[0]} to {ends[1]}")
        if table.num_rows:
            schema = rel_schema(name)
            columns = [table[f.name].cast(f.type) if f.name in table.column_names
                       else pa.nulls(table.num_rows, f.type) for f in schema]
            self._linked((name, *ends), pa.table(columns, schema=schema), final=False)

    def _linked(self, table: Table, rows: pa.Table, final: bool) -> None:
        """Relationship rows with their ends' keys replaced by node IDs; rows with an end
        not staged yet wait (and at the end of the import are refused)."""
        _, start, end = table
        starts = self.staging.ids(start, rows["from"])
        ends = self.staging.ids(end, rows["to"])
        found = pc.and_(pc.is_valid(starts), pc.is_valid(ends))
        if not pc.all(found).as_py():
            missing = rows.filter(pc.invert(found))
            if final:
                raise StoreError(f"{table[0]} from {start} {missing['from'][0].as_py()!r} to "
                                 f"{end} {missing['to'][0].as_py()!r}: no such node staged")
            self._waiting.append((table, missing))
            rows, starts, ends = rows.filter(found), starts.filter(found), ends.filter(found)
        if rows.num_rows:
            self._append(table, rows.set_column(0, "from", starts).set_column(1, "to", ends))

    def _append(self, table: Table, rows: pa.Table) -> None:
        flat = _flat(rows)
        self.multiline = self.multiline or _multiline(flat)
        if table not in self._open:
            path = self.staging.folder / f"{'-'.join(table)}.csv"
            (self.staging.folder / f"{'-'.join(table)}.header.csv").write_text(
                header(table), encoding="utf-8")
            options = pacsv.WriteOptions(include_header=False)
            self._open[table] = (path, pacsv.CSVWriter(path, flat.schema, write_options=options))
        self._open[table][1].write_table(flat)
        self.rows[table] = self.rows.get(table, 0) + rows.num_rows

    def flush(self) -> None:
        """Each batch's load ends with a flush; the files stay open for the next batch."""

    def __exit__(self, kind: object, *exc: object) -> None:
        pass

    def close(self) -> ImportFiles:
        waiting, self._waiting = self._waiting, []
        for table, rows in waiting:
            self._linked(table, rows, final=True)
        nodes: list[tuple[str, Path, Path]] = []
        rels: list[tuple[str, Path, Path]] = []
        for table, (path, writer) in self._open.items():
            writer.close()
            head = path.with_name(f"{'-'.join(table)}.header.csv")
            (nodes if len(table) == 1 else rels).append((table[0], head, path))
        self._open = {}
        return ImportFiles(nodes, rels, self.multiline,
                           sum(n for t, n in self.rows.items() if len(t) == 1),
                           sum(n for t, n in self.rows.items() if len(t) > 1))


class ImportStaging(GraphStore):
    """An empty Neo4j database as the loaders see it, staged to CSV in `folder`."""

    def __init__(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.folder = folder
        self.description = f"neo4j-admin import files in {folder}"
        self._keys: dict[str, dict[str, int]] = {}  # per label, key: import ID
        self._singles: dict[str, dict[str, Row]] = {}  # Source and Batch: rewritten in place
        self._writer = CsvWriter(self)

    def claim(self, label: str, keys: list[str]) -> int:
        """Remember the keys staged under a label and number them on from the label's last
        ID; returns the first. A key staged twice is refused, since the import tool keeps
        one node per ID and a normal load would update it in place."""
        held = self._keys.setdefault(label, {})
        before = len(held)
        clash = held.keys() & keys
        held.update(zip(keys, range(before, before + len(keys)), strict=True))
        if clash or len(held) - before != len(keys):
            twice = sorted(clash) or [k for k, n in Counter(keys).items() if n > 1]
            raise DuplicateRecord(
                f"{label} {twice[0]!r} comes twice in this import (the same record in "
                "two batches?): a bulk import loads each record once; import the first batch "
                "and load the later one with a normal `tradegraph ingest`")
        return before

    def ids(self, label: str, keys: pa.ChunkedArray) -> pa.Array:
        """The import IDs of the nodes staged under these keys; null for a key not staged."""
        held = self._keys.get(label, {})
        return pa.array([held.get(key) for key in keys.to_pylist()], pa.int64())

    # --- what the loaders read ---------------------------------------------------------
    def existing(self, label: str, keys: Iterable[str]) -> dict[str, str | None]:
        held = self._keys.get(label, {})
        single = self._singles.get(label, {})
        return {key: None for key in keys if key in held or key in single}

    def query(self, cypher: str, params: Row | None = None) -> list[Row]:
        return []  # the database is empty; what this load staged is asked for by key

    def holds_any(self, label: str) -> bool:
        return bool(self._keys.get(label) or self._singles.get(label))

    def execute(self, cypher: str, params: Row | None = None) -> None:
        # Only deletes reach here (registered-agent links are redone after each load): on an
        # empty database they change nothing. Anything else would be lost, so refuse it.
        if not cypher.lstrip().startswith("MATCH") or " DELETE " not in f" {cypher} ":
            raise StoreError("a bulk import cannot run this write", cypher)

    def put_node(self, label: str, node: Row) -> None:
        self._singles.setdefault(label, {})[node["key"]] = dict(node)

    # --- the bulk path -------------------------------------------------------------------
    def writer(self) -> BulkWriter:
        return self._writer

    def _create_nodes(self, label: str, rows: Sequence[Row]) -> None:
        self._writer.nodes(label, rows)

    def _create_rels(self, name: str, ends: tuple[str, str], rows: Sequence[Row]) -> None:
        self._writer.rels(name, ends, rows)

    def finish(self) -> ImportFiles:
        """Close the files; the import tool can read them from now on."""
        for label, nodes in self._singles.items():
            self._writer.nodes(label, list(nodes.values()))
        self._singles = {}
        return self._writer.close()

    def setup_schema(self) -> None:
        pass  # made on the server after the import (graph/schema.py via Neo4jStore)

    def clear(self) -> None:
        raise StoreError("an import staging is never cleared")

    def close(self) -> None:
        pass

