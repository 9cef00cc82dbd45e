"""Several batches in one load (`tradegraph ingest DIR...`) make the graph of one-by-one loads."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

from graph.store import GraphStore, Written
from loaders.batch import open_batch
from loaders.ingest import ingest, ingest_batches
from tests.graph_dump import dump
from tradegraph.cli import batch_folders


def test_batches_loaded_together_make_the_graph_of_loading_them_one_by_one(
        store: GraphStore, demo_dir: Path) -> None:
    folders = batch_folders([demo_dir / "batches"])
    one_by_one = [ingest(store, folder) for folder in folders]
    expected = dump(store)
    store.clear()
    together = ingest_batches(store, [open_batch(folder) for folder in folders])
    assert dump(store) == expected
    assert [(r.batch_id, r.loaded, r.rejections) for r in together] == \
        [(r.batch_id, r.loaded, r.rejections) for r in one_by_one]
    statuses = store.query("MATCH (b:Batch) RETURN b.status AS status")
    assert statuses and all(row["status"] == "complete" for row in statuses)
    again = ingest_batches(store, [open_batch(folder) for folder in folders])
    assert all(r.loaded == {kind: Written(0, 0, w.created) for kind, w in t.loaded.items()}
               for r, t in zip(again, together, strict=True))
    reloaded = dump(store)  # Batch nodes hold the last load's counts: all unchanged now
    assert {k: v for k, v in reloaded.items() if k != "Batch"} == \
        {k: v for k, v in expected.items() if k != "Batch"}


def test_a_sources_second_batch_in_the_same_load_updates_the_first(
        store: GraphStore, demo_dir: Path, tmp_path: Path) -> None:
    first, second = tmp_path / "tax-1", tmp_path / "tax-2"
    shutil.copytree(demo_dir / "batches" / "tax-authority", first)
    shutil.copytree(first, second)
    path = second / "companies.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    rows[0]["name"] = "Renamed Trading Co., Ltd"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    results = ingest_batches(store, [open_batch(first), open_batch(second)])
    assert (results[1].loaded["companies"].updated, results[1].loaded["companies"].created) \
        == (1, 0)
    node = store.query("MATCH (c:CompanyRecord {key: $k})-[:RESOLVES_TO]->(e:Entity) "
                       "RETURN c.name AS name, count(e) AS links",
                       {"k": f"tax-authority:{rows[0]['record_id']}"})
    assert node == [{"name": "Renamed Trading Co., Ltd", "links": 1}]
