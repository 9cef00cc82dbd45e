"""A bulk write that fails fails the load, on both stores (Neo4j writes on a thread of its own)."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pytest

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
