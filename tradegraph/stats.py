"""What is in the graph: nodes and relationships per type, records and rejections per source."""

from __future__ import annotations

from typing import Any

from graph.schema import RECORD_LABELS
from graph.store import GraphStore


def collect(store: GraphStore) -> dict[str, Any]:
    counts = store.counts()
    return {"store": store.description, **counts, "sources": per_source(store)}


def per_source(store: GraphStore) -> dict[str, dict[str, Any]]:
    sources: dict[str, dict[str, Any]] = {}
    for row in store.query("MATCH (s:Source) RETURN s.key AS id, s.name AS name, "
                           "s.agency_type AS agency_type ORDER BY id"):
        sources[row["id"]] = {"name": row["name"], "agency_type": row["agency_type"],
                              "records": {}, "batches": 0, "rejected": 0}
    for kind, label in RECORD_LABELS.items():
        for row in store.query(f"MATCH (n:{label}) RETURN n.source AS source, count(n) AS n"):
            sources.setdefault(row["source"], _empty())["records"][kind] = int(row["n"])
    for row in store.query("MATCH (b:Batch) RETURN b.source AS source, count(b) AS batches, "
                           "sum(b.rejected) AS rejected"):
        entry = sources.setdefault(row["source"], _empty())
        entry["batches"], entry["rejected"] = int(row["batches"]), int(row["rejected"] or 0)
    return sources


def _empty() -> dict[str, Any]:
    return {"name": None, "agency_type": None, "records": {}, "batches": 0, "rejected": 0}
