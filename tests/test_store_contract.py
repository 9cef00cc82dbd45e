"""One contract, both stores: the same batches make the same graph; reloading changes nothing."""

from __future__ import annotations

import csv
import os
import shutil
from pathlib import Path

import pytest

from graph.ladybug_store import LadybugStore
from graph.schema import QUERY_COMPOSITE_INDEXES, RECORD_LABELS
from graph.store import GraphStore
from loaders.ingest import ingest
from resolvers.rebuild import resolve
from tests.conftest import StoreFactory, neo4j_store
from tests.lookups import record_hashes, sample_declarations, walks
from tradegraph.cli import batch_folders

INJECTION = "x'}) DETACH DELETE n //"


def load_all(store: GraphStore, demo: Path) -> None:
    for folder in batch_folders([demo / "batches"]):
        result = ingest(store, folder)
        assert result.rejections == [], f"{folder.name}: {result.rejections[:3]}"


def test_demo_loads_every_kind_with_provenance(store: GraphStore, demo_dir: Path) -> None:
    load_all(store, demo_dir)
    counts = store.counts()
    for label in RECORD_LABELS.values():
        assert counts["nodes"][label] > 0, label
    row = store.query("MATCH (d:Declaration) RETURN d.source AS source, d.kind AS kind, "
                      "d.batch AS batch, d.loaded_at AS at, d.visibility AS visibility LIMIT 1")[0]
    assert row["source"] == "customs-declarations" and row["kind"] == "declarations"
    assert row["batch"].startswith("customs-declarations-") and row["at"]
    assert row["visibility"] == "shared"


def test_loading_twice_changes_nothing(store_factory: StoreFactory, demo_dir: Path) -> None:
    store = store_factory()
    load_all(store, demo_dir)
    first = store.counts(), record_hashes(store, "Declaration")
    store = store_factory()
    load_all(store, demo_dir)
    assert (store.counts(), record_hashes(store, "Declaration")) == first


def test_graph_walks_from_declaration_to_importer_network(store: GraphStore,
                                                          demo_dir: Path) -> None:
    load_all(store, demo_dir)
    keys = sample_declarations(store, 400)
    found = walks(store, keys)
    assert all(row["declarations"] >= 1 for row in found["declarations"])
    assert any(row["declarations"] > 1 for row in found["declarations"])
    assert found["people"], "some importers have directors reachable through the registry"
    assert found["addresses"]


def rename_first_company(batch: Path) -> str:
    """The batch's first company renamed "Renamed Trading Co., Ltd" in its companies.csv;
    its record_id."""
    path = batch / "companies.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    rows[0]["name"] = "Renamed Trading Co., Ltd"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return rows[0]["record_id"]


def test_changed_record_is_updated_in_place(store: GraphStore, demo_dir: Path,
                                            tmp_path: Path) -> None:
    batch = tmp_path / "tax"
    shutil.copytree(demo_dir / "batches" / "tax-authority", batch)
    ingest(store, batch)
    renamed = rename_first_company(batch)
    result = ingest(store, batch)
    assert (result.loaded["companies"].updated, result.loaded["companies"].created) == (1, 0)
    node = store.query("MATCH (c:CompanyRecord {key: $k})-[:RESOLVES_TO]->(e:Entity) "
                       "RETURN c.name AS name, count(e) AS links",
                       {"k": f"tax-authority:{renamed}"})
    assert node == [{"name": "Renamed Trading Co., Ltd", "links": 1}]


def test_cypher_in_values_is_plain_data(store: GraphStore, tmp_path: Path) -> None:
    batch = tmp_path / "b"
    batch.mkdir()
    (batch / "source.yaml").write_text("id: test-source\nagency_type: tax\n")
    (batch / "companies.csv").write_text(
        f'record_id,name\n"{INJECTION}","{INJECTION}"\nC2,Other Co\n', encoding="utf-8")
    result = ingest(store, batch)
    assert result.rejections == []
    rows = store.query("MATCH (c:CompanyRecord) RETURN c.record_id AS id, c.name AS name "
                       "ORDER BY id")
    assert rows == [{"id": "C2", "name": "Other Co"}, {"id": INJECTION, "name": INJECTION}]


@pytest.mark.neo4j
def test_both_stores_hold_the_same_graph(demo_dir: Path, tmp_path: Path) -> None:
    embedded, server = LadybugStore(tmp_path / "graph"), neo4j_store(empty=True)
    try:
        for store in (embedded, server):
            store.setup_schema()
            load_all(store, demo_dir)
        assert embedded.counts() == server.counts()
        keys = sample_declarations(embedded, 400)
        assert walks(embedded, keys) == walks(server, keys)
        for label in RECORD_LABELS.values():
            assert record_hashes(embedded, label) == record_hashes(server, label), label
    finally:
        embedded.close()
        server.close()


@pytest.mark.neo4j
def test_neo4j_indexes_the_declaration_values_the_queries_read() -> None:
    """Without them the unit-value and split-shipment queries read every declaration node
    (several seconds at scale 10)."""
    server = neo4j_store(empty=True)
    try:
        server.setup_schema()
        rows = server.query("SHOW INDEXES YIELD name, properties RETURN name, properties")
        held = {row["name"]: row["properties"] for row in rows}
        for name, properties in QUERY_COMPOSITE_INDEXES["Declaration"]:
            assert held[f"declaration_{name}"] == list(properties)
        assert held["declaration_date"] == ["date"]
    finally:
        server.close()


def test_store_from_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tradegraph.config import open_store

    monkeypatch.setenv("TRADEGRAPH_STORE", str(tmp_path / "env-store"))
    with open_store() as store:
        assert str(tmp_path / "env-store") in store.description
    assert os.path.exists(tmp_path / "env-store" / "graph.lbug")


def write_registry(folder: Path, company_name: str, role: str) -> Path:
    folder.mkdir(exist_ok=True)
    (folder / "source.yaml").write_text("id: registry\nagency_type: business-registry\n")
    (folder / "companies.csv").write_text(
        f'record_id,name\nC1,"{company_name}"\nC2,Holding Co\n', encoding="utf-8")
    (folder / "persons.csv").write_text("record_id,name\nP1,Nguyen Van An\n", encoding="utf-8")
    (folder / "roles.csv").write_text(
        f"record_id,holder_record_id,company_record_id,role\nR1,C1,C2,shareholder\n"
        f"R2,P1,C1,{role}\n", encoding="utf-8")
    return folder


def roles_in(store: GraphStore) -> list[tuple[str, str, str]]:
    rows = store.query("MATCH (h)-[r:HAS_ROLE]->(c:CompanyRecord) "
                       "RETURN h.record_id AS holder, r.role AS role, c.record_id AS company")
    return sorted((r["holder"], r["role"], r["company"]) for r in rows)


def test_changed_rows_rewrite_their_own_edges_only(store: GraphStore, tmp_path: Path) -> None:
    ingest(store, write_registry(tmp_path / "v1", "Minh Phat Co", "director"))
    result = ingest(store, write_registry(tmp_path / "v2", "Minh Phat Co., Ltd", "shareholder"))
    assert result.loaded["companies"].updated == 1 and result.loaded["roles"].updated == 1
    assert roles_in(store) == [("C1", "shareholder", "C2"), ("P1", "shareholder", "C1")]


def test_a_clean_reload_removes_the_old_rejection_report(store: GraphStore,
                                                         tmp_path: Path) -> None:
    folder = write_registry(tmp_path / "b", "Minh Phat Co", "boss")
    assert ingest(store, folder).report == folder / "rejections.csv"
    write_registry(folder, "Minh Phat Co", "director")
    assert ingest(store, folder).report is None
    assert not (folder / "rejections.csv").exists()


def test_a_store_from_an_older_version_opens_and_resolves(tmp_path: Path) -> None:
    """Properties and node types added since a store was made appear on opening it."""
    folder = tmp_path / "old"
    batch = tmp_path / "batch"
    batch.mkdir()
    (batch / "source.yaml").write_text("id: registry\n", encoding="utf-8")
    (batch / "persons.csv").write_text("record_id,name,birth_date\nP1,Lê Văn Tám,1980-01-02\n"
                                       "P2,LE VAN TAM,1980-01-02\n", encoding="utf-8")
    old = LadybugStore(folder)
    old.setup_schema()
    ingest(old, batch)
    old.execute("ALTER TABLE RESOLVES_TO DROP model_version")
    old.execute("DROP TABLE Judgement")
    old.close()
    upgraded = LadybugStore(folder)
    try:
        upgraded.setup_schema()
        resolve(upgraded)
        rows = upgraded.query("MATCH (p:PersonRecord)-[l:RESOLVES_TO]->(e:Entity) "
                              "RETURN p.record_id AS id, e.key AS e, l.model_version AS v")
        assert len(rows) == 2 and rows[0]["e"] == rows[1]["e"] and rows[0]["v"]
        assert upgraded.query("MATCH (j:Judgement) RETURN count(j) AS n") == [{"n": 0}]
    finally:
        upgraded.close()
