"""The resolution export: which entity each party mention was resolved to.

One row per party mention, `source,record_id,role,entity_id` as in the contribution
spec's "Resolution export": role is empty for the records that are parties themselves
(companies, persons, watchlist entries), `importer | exporter | declarant` for a
declaration's parties and `party` for an enforcement case's. Two rows share an
entity_id exactly when the resolver decided they are the same real-world party.
"""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

from graph.schema import ENTITY, MENTION_RELS, REL_TYPES
from graph.store import GraphStore

COLUMNS = ("source", "record_id", "role", "entity_id")


class ResolutionRow(NamedTuple):
    source: str
    record_id: str
    role: str
    entity_id: str


def _mention_query(rel: str) -> str:
    # Labels and relationship names come from graph.schema only, never from input.
    if rel not in REL_TYPES:
        raise ValueError(f"unknown relationship type {rel!r}")
    return (f"MATCH (r)-[:{rel}]->(e:{ENTITY}) "
            "RETURN r.source AS source, r.record_id AS record_id, e.key AS entity_id")


def resolution_rows(store: GraphStore) -> Iterator[ResolutionRow]:
    """Every party mention in the graph with its entity, sorted by (source, record_id, role)."""
    rows: list[ResolutionRow] = []
    for role, rel in MENTION_RELS.items():
        rows.extend(ResolutionRow(str(row["source"]), str(row["record_id"]), role,
                                  str(row["entity_id"]))
                    for row in store.query(_mention_query(rel)))
    rows.sort()
    return iter(rows)


def write_resolution(store: GraphStore, path: Path) -> dict[str, int]:
    """Write the export to `path` (UTF-8, header first); returns rows written per role."""
    counts: Counter[str] = Counter()
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file, lineterminator="\n")
        writer.writerow(COLUMNS)
        for row in resolution_rows(store):
            writer.writerow(row)
            counts[row.role] += 1
    return {role: counts[role] for role in MENTION_RELS}
