"""Running a read with a timeout on each backend, without widening the store interface.

LadybugDB takes a per-connection timeout (`set_query_timeout`, milliseconds; each saved
query gets a connection of its own) and reports `Interrupted`; Neo4j takes a
per-transaction timeout through `neo4j.Query(text, timeout=...)` and reports a
transaction-timeout error.
"""

from __future__ import annotations

from typing import Any

from graph.store import GraphStore, Row, StoreError


class TimedOut(Exception):
    """The engine stopped the query at its timeout."""


def backend_of(store: GraphStore) -> str:
    return "neo4j" if type(store).__name__ == "Neo4jStore" else "ladybug"


def run_with_timeout(store: GraphStore, text: str, params: Row, seconds: float) -> list[Row]:
    if backend_of(store) == "neo4j":
        return _neo4j(store, text, params, seconds)
    return _ladybug(store, text, params, seconds)


def _ladybug(store: Any, text: str, params: Row, seconds: float) -> list[Row]:
    try:
        return list(store.query_apart(text, params, seconds))
    except StoreError as error:
        if "Interrupted" in str(error).splitlines()[0]:
            raise TimedOut(str(error)) from error
        raise


def _neo4j(store: Any, text: str, params: Row, seconds: float) -> list[Row]:
    import neo4j
    from neo4j.exceptions import Neo4jError

    from graph.neo4j_store import _plain

    try:
        with store._driver.session(database=store._database) as session:
            result = session.run(neo4j.Query(text, timeout=seconds), params)  # type: ignore[arg-type]
            return [{k: _plain(v) for k, v in record.items()} for record in result]
    except Neo4jError as error:
        if "TransactionTimedOut" in (error.code or "") or "timed out" in str(error).lower():
            raise TimedOut(str(error)) from error
        raise StoreError(str(error), text) from error
