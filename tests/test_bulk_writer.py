"""A bulk write that fails fails the load, on both stores (Neo4j writes on a thread of its own)."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pytest

from graph import ladybug_staging
from graph.ladybug_store import LadybugStore
from graph.store import GraphStore, StoreError


def test_a_failed_bulk_write_is_raised_and_nothing_after_it_is_written(store: GraphStore) -> None:
    with pytest.raises(StoreError), store.writer() as bulk:
        # The same keys twice: the key constraint refuses the whole write.
        bulk.nodes("Source", [{"key": f"dup-{i % 1500}", "name": "twice"} for i in range(3000)])
        bulk.nodes("Phone", [{"key": f"+84{i:09d}", "value": str(i)} for i in range(25_000)])
        bulk.nodes("Email", [{"key": "after@example.com", "value": "after@example.com"}])
    assert store.count_nodes("Phone") == 0
    assert store.count_nodes("Email") == 0


def test_relationships_find_the_nodes_written_before_them(store: GraphStore) -> None:
    link = {"score": 1.0, "method": "rule", "evidence": "test"}
    with store.writer() as bulk:  # over 20,000 rows: several writes on Neo4j
        for chunk in range(4):
            keys = [f"c{chunk}-{i}" for i in range(4000)]
            bulk.nodes("CompanyRecord", [{"key": k, "name": k} for k in keys])
            bulk.nodes("Entity", [{"key": f"e-{k}", "name": k} for k in keys])
            bulk.rels("RESOLVES_TO", ("CompanyRecord", "Entity"),
                      [{"from": k, "to": f"e-{k}", **link} for k in keys])
    assert store.count_rels("RESOLVES_TO") == 16_000


def test_a_failed_staging_write_fails_the_load(tmp_path: Path) -> None:
    """The embedded store stages on a thread of its own: a write that fails there (a full
    disk; here a table shaped unlike its file) fails the load, and nothing is copied."""
    store = LadybugStore(tmp_path / "db")
    store.setup_schema()
    phones = pa.table({"key": ["+84901234567"], "value": ["0901234567"]})
    with pytest.raises(ValueError), store.writer() as bulk:
        bulk.nodes_table("Phone", phones)
        bulk.nodes_table("Phone", phones.select(["value", "key"]))
        bulk.nodes_table("Email", pa.table({"key": ["a@b.vn"], "value": ["a@b.vn"]}))
    assert store.count_nodes("Phone") == 0
    assert store.count_nodes("Email") == 0
    store.close()


def test_a_load_bigger_than_one_copy_statement_keeps_every_row(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The embedded store copies a big table in several statements, the later ones into a
    table that already holds rows (here: files of 1,000 rows, 2,400 rows a statement)."""
    monkeypatch.setattr(ladybug_staging, "CHUNK_ROWS", 1000)
    statements: list[tuple[str, ...]] = []
    copy_file = LadybugStore.copy_file

    def counted(self: LadybugStore, table: tuple[str, ...], paths: list[Path]) -> None:
        statements.append(table)
        copy_file(self, table, paths)

    monkeypatch.setattr(LadybugStore, "copy_file", counted)
    store = LadybugStore(tmp_path / "db")
    store.pool_mib = 1
    store.setup_schema()
    link = {"score": 0.5, "method": "rule", "evidence": "test"}
    keys = [f"c{i}" for i in range(10_000)]
    with store.writer() as bulk:
        for chunk in range(0, len(keys), 2500):
            part = keys[chunk:chunk + 2500]
            bulk.nodes("CompanyRecord", [{"key": k, "name": k.upper()} for k in part])
            bulk.nodes("Entity", [{"key": f"e-{k}", "name": k} for k in part])
            bulk.rels("RESOLVES_TO", ("CompanyRecord", "Entity"),
                      [{"from": k, "to": f"e-{k}", **link} for k in part])
    assert statements.count(("CompanyRecord",)) == 5  # files of 1,000 rows, two a statement
    nodes_last = max(i for i, table in enumerate(statements) if len(table) == 1)
    assert all(len(table) == 3 for table in statements[nodes_last + 1:])  # then the links
    assert store.count_nodes("CompanyRecord") == store.count_nodes("Entity") == 10_000
    assert store.count_rels("RESOLVES_TO") == 10_000
    pairs = store.query("MATCH (c:CompanyRecord)-[r:RESOLVES_TO]->(e:Entity) "
                        "WHERE c.name = upper(e.name) AND r.score = 0.5 RETURN count(*) AS n")
    assert pairs == [{"n": 10_000}]
    store.close()
