"""Every saved query in one run: what `tradegraph findings` writes and `tradegraph risk` ranks.

Queries run in catalog order, except those declaring a `flagged` parameter of type
`list[string]` (broker-hub): they run last and receive the entity keys of every finding
the other queries returned, unless the caller gives that parameter a value. A query that
fails, times out or needs a parameter without a default is reported with its error (the
one JSON error shape) and the others still run. Queries marked `writes: true` are never run
here, and queries that return plain rows rather than findings are listed without findings.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from graph.store import GraphStore
from queries import catalog
from queries.errors import QueryError
from queries.runner import Finding, run
from queries.saved import SavedQuery

FLAGGED = "flagged"
LIMIT = 10_000


@dataclass
class QueryFindings:
    """One saved query's part of a findings run."""

    query: str
    typology: str
    severity: str
    findings: list[Finding] = field(default_factory=list)
    truncated: bool = False
    seconds: float = 0.0
    error: dict[str, Any] | None = None
    skipped: str = ""

    def as_dict(self) -> dict[str, Any]:
        shown: dict[str, Any] = {"query": self.query, "typology": self.typology,
                                 "findings": [f.as_dict() for f in self.findings],
                                 "severity": self.severity, "truncated": self.truncated,
                                 "seconds": round(self.seconds, 3)}
        if self.error:
            shown["error"] = self.error
        if self.skipped:
            shown["skipped"] = self.skipped
        return shown


def takes_flagged(query: SavedQuery) -> bool:
    parameter = query.parameter(FLAGGED)
    return parameter is not None and parameter.type == "list[string]"


def ordered(queries: dict[str, SavedQuery]) -> list[SavedQuery]:
    """Catalog order, the queries that read other queries' findings last."""
    return sorted(queries.values(), key=takes_flagged)


def run_all(store: GraphStore, queries: dict[str, SavedQuery] | None = None,
            params: dict[str, dict[str, Any]] | None = None, limit: int = LIMIT,
            progress: Callable[[SavedQuery], None] | None = None) -> list[QueryFindings]:
    """Run every saved query (per-query parameter values in params) and collect findings."""
    queries = catalog.load_all() if queries is None else queries
    params = params or {}
    done: list[QueryFindings] = []
    for query in ordered(queries):
        if progress:
            progress(query)
        given = dict(params.get(query.name, {}))
        if takes_flagged(query) and FLAGGED not in given:
            given[FLAGGED] = sorted(flagged_entities(done))
        done.append(run_one(store, query, given, limit))
    return done


def run_one(store: GraphStore, query: SavedQuery, given: dict[str, Any],
            limit: int) -> QueryFindings:
    part = QueryFindings(query.name, query.typology, query.severity)
    if query.writes:
        part.skipped = "writes to the graph; run it with `tradegraph query run --allow-writes`"
        return part
    try:
        result = run(store, query, given, limit)
    except QueryError as error:
        part.error = error.shape()["error"]
        return part
    part.truncated, part.seconds = result.truncated, result.seconds
    if result.findings is None:
        part.skipped = "returns rows, not findings (no entities, records and score columns)"
    else:
        part.findings = result.findings
    return part


def flagged_entities(parts: list[QueryFindings]) -> set[str]:
    return {entity for part in parts for finding in part.findings for entity in finding.entities}


def as_json_list(parts: list[QueryFindings]) -> list[dict[str, Any]]:
    return [part.as_dict() for part in parts]


def from_json_list(items: list[dict[str, Any]]) -> list[QueryFindings]:
    """A findings file read back (for `tradegraph risk --from FILE.json`)."""
    parts = []
    for item in items:
        found = [Finding(list(f["entities"]), list(f["records"]), float(f["score"]),
                         str(f["reason"])) for f in item.get("findings", [])]
        parts.append(QueryFindings(item["query"], item["typology"],
                                   item.get("severity", "medium"), found,
                                   bool(item.get("truncated")), float(item.get("seconds", 0)),
                                   item.get("error"), item.get("skipped", "")))
    return parts


def entity_names(store: GraphStore, keys: list[str]) -> dict[str, str]:
    """Entity key -> name, for showing a ranking."""
    rows = store.query("MATCH (e:Entity) WHERE e.key IN $keys RETURN e.key AS key, "
                       "e.name AS name", {"keys": keys})
    return {row["key"]: row["name"] or "" for row in rows}
