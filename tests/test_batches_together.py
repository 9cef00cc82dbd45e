"""Several batches in one load (`tradegraph ingest DIR...`) make the graph of one-by-one loads."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

from graph.ladybug_store import LadybugStore
from graph.store import GraphStore, Written
from loaders.batch import open_batch
from loaders.ingest import ingest, ingest_batches
from tests.graph_dump import dump
from tests.test_store_contract import rename_first_company
from tradegraph.cli import batch_folders

ROOT = Path(__file__).resolve().parent.parent


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
    renamed = rename_first_company(second)
    results = ingest_batches(store, [open_batch(first), open_batch(second)])
    assert (results[1].loaded["companies"].updated, results[1].loaded["companies"].created) \
        == (1, 0)
    node = store.query("MATCH (c:CompanyRecord {key: $k})-[:RESOLVES_TO]->(e:Entity) "
                       "RETURN c.name AS name, count(e) AS links",
                       {"k": f"tax-authority:{renamed}"})
    assert node == [{"name": "Renamed Trading Co., Ltd", "links": 1}]


KILLED_GROUP = """
import os, signal, sys
from pathlib import Path
from graph.ladybug_store import LadybugStore
from loaders.batch import open_batch
from loaders.ingest import ingest_batches

db, after, folders = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
store = LadybugStore(Path(db))
store.setup_schema()
calls = {"n": 0}
copy_file = store.copy_file
def killing_copy_file(table, paths):
    calls["n"] += 1
    if calls["n"] == after:
        os.kill(os.getpid(), signal.SIGKILL)
    copy_file(table, paths)
store.copy_file = killing_copy_file
ingest_batches(store, [open_batch(Path(f)) for f in folders])
print("not killed")
"""


def test_batches_killed_together_and_loaded_again_make_one_clean_load(
        demo_dir: Path, tmp_path: Path) -> None:
    folders = batch_folders([demo_dir / "batches"])
    clean = LadybugStore(tmp_path / "clean")
    clean.setup_schema()
    ingest_batches(clean, [open_batch(folder) for folder in folders])
    expected = dump(clean)
    clean.close()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", KILLED_GROUP, str(tmp_path / "db"), "20",
                           *map(str, folders)], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == -signal.SIGKILL, done.stdout + done.stderr
    with LadybugStore(tmp_path / "db") as half:
        statuses = {row["status"] for row in
                    half.query("MATCH (b:Batch) RETURN b.status AS status")}
        assert statuses == {"loading"}
        assert dump(half) != expected
    with LadybugStore(tmp_path / "db") as again:
        ingest_batches(again, [open_batch(folder) for folder in folders])
        assert dump(again) == expected
