"""Run a saved query: typed parameters, a timeout, a row cap, and findings when it returns them.

The query text is used as written (plus a `LIMIT` on its final RETURN); every value
reaches the engine as a parameter. The row cap is the one number written into the text:
it is an int the runner computes, and LadybugDB plans a `LIMIT $parameter` far worse
(a UNION query ran 20 times slower).
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from typing import Any

from graph.store import GraphStore, Row, StoreError
from queries import catalog, scan
from queries.backends import TimedOut, backend_of, run_with_timeout
from queries.errors import ParameterError, QueryFailed, QueryTimeout, WriteNotAllowed
from queries.params import convert
from queries.saved import SavedQuery

FINDING_COLUMNS = ("entities", "records", "score")
PLACEHOLDER = re.compile(r"\{(\w+)\}")


@dataclass(frozen=True)
class Finding:
    entities: list[str]
    records: list[dict[str, str]]
    score: float
    reason: str

    def as_dict(self) -> dict[str, Any]:
        return {"entities": self.entities, "records": self.records, "score": self.score,
                "reason": self.reason}


@dataclass
class Result:
    query: str
    rows: list[Row]
    truncated: bool
    limit: int
    backend: str
    seconds: float
    parameters: dict[str, Any] = field(default_factory=dict)
    findings: list[Finding] | None = None


def bind(query: SavedQuery, given: dict[str, Any]) -> dict[str, Any]:
    """Declared parameters as their types: given values (often strings) over the defaults."""
    for name in given:
        if query.parameter(name) is None:
            known = ", ".join(p.name for p in query.parameters) or "none"
            raise ParameterError(f"{query.name} has no parameter {name!r} (known: {known})",
                                 query=query.name, file=str(query.path), field=name)
    return {p.name: _value(query, p.name, p.type, given.get(p.name, p.default))
            for p in query.parameters}


def _value(query: SavedQuery, name: str, kind: str, value: Any) -> Any:
    if value is None:
        raise ParameterError(f"parameter {name} needs a value", query=query.name,
                             file=str(query.path), field=name)
    try:
        return convert(kind, value)
    except ValueError as error:
        raise ParameterError(f"parameter {name}: {error}", query=query.name,
                             file=str(query.path), field=name) from None


def capped(text: str, limit: int) -> str:
    """The text with a row cap of limit + 1 when its final RETURN has no LIMIT of its own."""
    if scan.returns_rows(text) and not scan.ends_with_limit(text):
        return f"{text}\nLIMIT {int(limit) + 1:d}"
    return text


def execute(store: GraphStore, query: SavedQuery, params: dict[str, Any],
            limit: int) -> list[Row]:
    text = capped(query.text_for(backend_of(store)), limit)
    try:
        return run_with_timeout(store, text, params, query.timeout)
    except TimedOut:
        raise QueryTimeout(f"query {query.name} ran past its timeout of {query.timeout:g} s",
                           query=query.name, file=str(query.path), field="timeout") from None
    except StoreError as error:
        raise QueryFailed(f"query {query.name} failed: {str(error).splitlines()[0]}",
                          query=query.name, file=str(query.path)) from None


def run(store: GraphStore, query: SavedQuery | str, params: dict[str, Any] | None = None,
        limit: int = 1000, allow_writes: bool = False) -> Result:
    """Run a saved query (or the one of that name) with values given as text or as values."""
    query = catalog.get(query) if isinstance(query, str) else query
    if limit < 1:
        raise ParameterError("limit must be at least 1", query=query.name, field="limit")
    if query.writes and not allow_writes:
        raise WriteNotAllowed(f"{query.name} writes to the graph; run it as an admin "
                              "(allow_writes)", query=query.name, file=str(query.path),
                              field="writes")
    values = bind(query, params or {})
    started = time.perf_counter()
    rows = execute(store, query, values, limit)
    result = Result(query.name, rows[:limit], len(rows) > limit, limit, backend_of(store),
                    time.perf_counter() - started, values)
    if returns_findings(query.text_for(result.backend), rows):
        result.findings = [finding(query, row) for row in result.rows]
    return result


def returns_findings(text: str, rows: list[Row]) -> bool:
    """The rows carry the finding columns (judged from the RETURN clause when there are none)."""
    if rows:
        return all(column in rows[0] for column in FINDING_COLUMNS)
    names = scan.final_return(text)
    return all(re.search(rf"\b{column}\b", names) for column in FINDING_COLUMNS)


def finding(query: SavedQuery, row: Row) -> Finding:
    return Finding(entities=[str(e) for e in row["entities"] or []],
                   records=[record_ref(r) for r in row["records"] or []],
                   score=float(row["score"] or 0.0), reason=reason(query, row))


def record_ref(record: Any) -> dict[str, str]:
    """{source, record_id} from such a map or from a "source:record_id" key."""
    if isinstance(record, dict):
        return {"source": str(record["source"]), "record_id": str(record["record_id"])}
    source, _, record_id = str(record).partition(":")
    return {"source": source, "record_id": record_id}


def reason(query: SavedQuery, row: Row) -> str:
    """The row's `reason` column, else the header's reason template filled from the row."""
    if row.get("reason"):
        return str(row["reason"])
    return PLACEHOLDER.sub(lambda m: _shown(row.get(m.group(1), m.group(0))), query.reason)


def _shown(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:,.2f}".rstrip("0").rstrip(".")
    if isinstance(value, list):
        return ", ".join(map(str, value))
    return str(value)
