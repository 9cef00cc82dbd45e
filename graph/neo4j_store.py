"""Neo4j backend over Bolt, for shared multi-user deployments, clusters and Aura."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from urllib.parse import unquote, urlsplit, urlunsplit

import neo4j
from neo4j.exceptions import Neo4jError, ServiceUnavailable

from graph.pipelined_writer import PipelinedWriter
from graph.schema import NODE_TYPES, REL_TYPES
from graph.store import BulkWriter, GraphStore, Row, StoreError


def split_credentials(url: str) -> tuple[str, tuple[str, str] | None]:
    """bolt://user:pass@host:7687 -> (bolt://host:7687, (user, pass))."""
    parts = urlsplit(url)
    if parts.username is None:
        return url, None
    netloc = parts.hostname or ""
    if parts.port:
        netloc += f":{parts.port}"
    clean = urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))
    return clean, (unquote(parts.username), unquote(parts.password or ""))


def _plain(value: Any) -> Any:
    """Neo4j temporal values to Python ones, so both stores answer alike."""
    if hasattr(value, "to_native"):
        return value.to_native()
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


class Neo4jStore(GraphStore):
    def __init__(self, url: str, database: str | None = None) -> None:
        address, auth = split_credentials(url)
        self.description = f"Neo4j at {address}" + (f" (database {database})" if database else "")
        self._driver = neo4j.GraphDatabase.driver(address, auth=auth)
        self._database = database
        try:
            self._driver.verify_connectivity()
        except (ServiceUnavailable, Neo4jError, ValueError) as error:
            self._driver.close()
            raise StoreError(f"cannot reach Neo4j at {address}: {error}") from error

    def setup_schema(self) -> None:
        for node in NODE_TYPES.values():
            self.execute(f"CREATE CONSTRAINT {node.label.lower()}_key IF NOT EXISTS "
                         f"FOR (n:{node.label}) REQUIRE n.key IS UNIQUE")
            for prop in node.indexed:
                self.execute(f"CREATE INDEX {node.label.lower()}_{prop} IF NOT EXISTS "
                             f"FOR (n:{node.label}) ON (n.{prop})")
            for name, props in node.composite:
                on = ", ".join(f"n.{prop}" for prop in props)
                self.execute(f"CREATE INDEX {node.label.lower()}_{name} IF NOT EXISTS "
                             f"FOR (n:{node.label}) ON ({on})")
        # Saved queries name indexes in hints, which fail while an index is still being built
        # (a store made by an older version gains new ones here).
        self.execute("CALL db.awaitIndexes(600)")

    def _run(self, cypher: str, params: Row | None) -> list[Row]:
        try:
            records, _, _ = self._driver.execute_query(
                cypher, params or {}, database_=self._database)
        except Neo4jError as error:
            raise StoreError(str(error), cypher) from error
        return [{k: _plain(v) for k, v in record.items()} for record in records]

    def query(self, cypher: str, params: Row | None = None) -> list[Row]:
        return self._run(cypher, params)

    def execute(self, cypher: str, params: Row | None = None) -> None:
        self._run(cypher, params)

    def _create_nodes(self, label: str, rows: Sequence[Row]) -> None:
        self.execute(f"UNWIND $rows AS r CREATE (n:{label}) SET n = r",
                     {"rows": [self._complete(label, row) for row in rows]})

    def _create_rels(self, name: str, ends: tuple[str, str], rows: Sequence[Row]) -> None:
        properties = REL_TYPES[name].properties
        start, end = ends
        payload = [{"from": r["from"], "to": r["to"],
                    "props": {p: r.get(p) for p in properties}} for r in rows]
        self.execute(
            f"UNWIND $rows AS r MATCH (a:{start} {{key: r.from}}) MATCH (b:{end} {{key: r.to}}) "
            f"CREATE (a)-[x:{name}]->(b) SET x = r.props",
            {"rows": payload},
        )

    def writer(self) -> BulkWriter:
        return PipelinedWriter(self)

    def clear(self) -> None:
        self._delete_in_batches("MATCH (n)")

    def delete_label(self, label: str) -> None:
        if label not in NODE_TYPES:
            raise StoreError(f"unknown node label {label!r}")
        self._delete_in_batches(f"MATCH (n:{label})")

    def _delete_in_batches(self, match: str) -> None:
        # One transaction per thousand nodes keeps a big delete inside the server's memory
        # pool; CALL { } IN TRANSACTIONS needs an implicit transaction, hence session.run.
        with self._driver.session(database=self._database) as session:
            session.run(f"{match} CALL (n) {{ DETACH DELETE n }} IN TRANSACTIONS OF 1000 ROWS"
                        ).consume()

    def close(self) -> None:
        self._driver.close()
