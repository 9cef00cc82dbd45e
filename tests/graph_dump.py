"""Everything a store holds, as plain sorted data, so two loads can be compared in full."""

from __future__ import annotations

from typing import Any

from graph.schema import NODE_TYPES, REL_TYPES
from graph.store import GraphStore

# When a batch was first loaded differs between two loads; nothing else may.
UNCOMPARED = {"loaded_at"}


def _sortable(row: dict[str, Any]) -> tuple[str, ...]:
    return tuple(repr(row[k]) for k in sorted(row))


def dump(store: GraphStore) -> dict[str, list[dict[str, Any]]]:
    found: dict[str, list[dict[str, Any]]] = {}
    for label, node in NODE_TYPES.items():
        names = [p for p in node.properties if p not in UNCOMPARED]
        values = ", ".join(f"n.{p} AS {p}" for p in names)
        found[label] = sorted(store.query(f"MATCH (n:{label}) RETURN {values}"), key=_sortable)
    for name, rel in REL_TYPES.items():
        values = "".join(f", r.{p} AS {p}" for p in rel.properties)
        rows = store.query(f"MATCH (a)-[r:{name}]->(b) RETURN a.key AS start_key, b.key AS end_key"
                           f"{values}")
        found[name] = sorted(rows, key=_sortable)
    return found
