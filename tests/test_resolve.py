"""Rule-based resolution over the demo data: precise, look-alikes apart, same on both stores."""

from __future__ import annotations

import csv
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import pytest

from graph.ladybug_store import LadybugStore
from graph.schema import MENTION_RELS
from graph.store import GraphStore
from resolvers.rebuild import resolve
from tests.conftest import neo4j_store
from tests.test_store_contract import load_all

Mention = tuple[str, str, str]


def predicted(store: GraphStore) -> dict[Mention, str]:
    found = {}
    for role, rel in MENTION_RELS.items():
        rows = store.query(f"MATCH (n)-[:{rel}]->(e:Entity) "
                           "RETURN n.source AS s, n.record_id AS r, e.key AS e")
        found.update({(row["s"], row["r"], role): row["e"] for row in rows})
    return found


def truth(demo: Path) -> dict[Mention, str]:
    with (demo / "truth" / "resolution.csv").open(encoding="utf-8") as handle:
        return {(r["source"], r["record_id"], r["role"]): r["entity_id"]
                for r in csv.DictReader(handle)}


def pairs(counts: Counter[Any]) -> int:
    return sum(n * (n - 1) // 2 for n in counts.values())


def pairwise(pred: dict[Mention, str], true: dict[Mention, str]) -> tuple[float, float]:
    both = Counter((pred[m], true[m]) for m in true)
    same = pairs(both)
    return same / pairs(Counter(pred[m] for m in true)), same / pairs(Counter(true.values()))


def test_every_mention_resolves_to_one_entity(store: GraphStore, demo_dir: Path) -> None:
    load_all(store, demo_dir)
    result = resolve(store)
    pred = predicted(store)
    assert set(pred) == set(truth(demo_dir))
    assert result.mentions == len(pred) and result.entities < result.mentions


def test_resolution_is_precise_and_finds_most_links(store: GraphStore, demo_dir: Path) -> None:
    load_all(store, demo_dir)
    resolve(store)
    precision, recall = pairwise(predicted(store), truth(demo_dir))
    # Issue 3's bar is precision >= 0.98 and F1 >= 0.97 (measured here: 1.0 and 0.998).
    assert precision >= 0.98
    assert 2 * precision * recall / (precision + recall) >= 0.97


def test_look_alike_companies_stay_apart(store: GraphStore, demo_dir: Path) -> None:
    load_all(store, demo_dir)
    resolve(store)
    pred, true = predicted(store), truth(demo_dir)
    entities_of: dict[str, set[str]] = defaultdict(set)
    for mention, party in true.items():
        entities_of[party].add(pred[mention])
    with (demo_dir / "truth" / "lookalikes.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            assert not entities_of[row["entity_id"]] & entities_of[row["lookalike_entity_id"]], row


def test_resolving_again_gives_the_same_entities(store: GraphStore, demo_dir: Path) -> None:
    load_all(store, demo_dir)
    resolve(store)
    first = predicted(store)
    resolve(store)
    assert predicted(store) == first


def test_links_carry_score_method_and_evidence(store: GraphStore, demo_dir: Path) -> None:
    load_all(store, demo_dir)
    resolve(store)
    rows = store.query("MATCH (d:Declaration)-[r:IMPORTER]->(e:Entity) "
                       "WHERE r.evidence STARTS WITH 'same tax code' "
                       "RETURN r.score AS score, r.method AS method LIMIT 1")
    assert rows == [{"score": 1.0, "method": "rule"}]


@pytest.mark.neo4j
def test_both_stores_resolve_alike(demo_dir: Path, tmp_path: Path) -> None:
    embedded, server = LadybugStore(tmp_path / "graph"), neo4j_store(empty=True)
    try:
        for store in (embedded, server):
            store.setup_schema()
            load_all(store, demo_dir)
            resolve(store)
        assert predicted(embedded) == predicted(server)
        assert embedded.counts() == server.counts()
    finally:
        embedded.close()
        server.close()
