"""Walks an investigator takes from a declaration, as read-only Cypher shared by the tests."""

from __future__ import annotations

from typing import Any

from graph.store import GraphStore

IMPORTER_DECLARATIONS = """
MATCH (d:Declaration)-[:IMPORTER]->(e:Entity) WHERE d.key IN $keys
MATCH (e)<-[:IMPORTER]-(other:Declaration)
RETURN d.key AS declaration, e.key AS importer, count(other) AS declarations
ORDER BY declaration
"""
IMPORTER_PEOPLE = """
MATCH (d:Declaration)-[:IMPORTER]->(:Entity)<-[:RESOLVES_TO]-(:CompanyRecord)
      <-[r:HAS_ROLE]-(p:PersonRecord)
WHERE d.key IN $keys
RETURN DISTINCT d.key AS declaration, p.name AS person, r.role AS role
ORDER BY declaration, person, role
"""
IMPORTER_ADDRESSES = """
MATCH (d:Declaration)-[:IMPORTER]->(:Entity)<-[:RESOLVES_TO]-(:CompanyRecord)
      -[:HAS_ADDRESS]->(a:Address)
WHERE d.key IN $keys
RETURN DISTINCT d.key AS declaration, a.key AS address
ORDER BY declaration, address
"""


def sample_declarations(store: GraphStore, limit: int = 50) -> list[str]:
    rows = store.query("MATCH (d:Declaration) RETURN d.key AS key ORDER BY key LIMIT $n",
                       {"n": limit})
    return [row["key"] for row in rows]


def walks(store: GraphStore, keys: list[str]) -> dict[str, list[dict[str, Any]]]:
    return {
        name: store.query(cypher, {"keys": keys})
        for name, cypher in (("declarations", IMPORTER_DECLARATIONS),
                             ("people", IMPORTER_PEOPLE), ("addresses", IMPORTER_ADDRESSES))
    }


def record_hashes(store: GraphStore, label: str) -> dict[str, str]:
    rows = store.query(f"MATCH (n:{label}) RETURN n.key AS key, n.row_hash AS h")
    return {row["key"]: row["h"] for row in rows}
