"""The typology queries on the demo data: every planted instance found, the same on both stores.

The demo graph is the generator's batches with its reference data, resolved; the truth is
its truth/patterns.json. A planted instance is found when one finding's evidence overlaps
the instance's records and mostly consists of them.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.ladybug_store import LadybugStore
from graph.store import GraphStore
from loaders.reference import load_reference
from queries import catalog
from queries.runner import Result, run
from tests.conftest import neo4j_store
from tests.test_queries import ingest_demo

QUERIES = ("shell-cluster", "split-shipments", "shared-director", "phoenix", "circular-trade",
           "origin-laundering", "undervaluation", "related-party-undervaluation")
# Defaults from ../shared/docs/typologies.md: an analyst reads these there.
DEFAULTS = {
    "shell-cluster": {"min_companies": 6, "window_days": 365},
    "split-shipments": {"threshold_usd": 1000, "window_days": 7, "min_consignments": 4},
    "shared-director": {"min_companies": 3},
    "phoenix": {"window_days": 60},
    "circular-trade": {"min_countries": 2},
    "undervaluation": {"max_share": 0.3, "min_peers": 20},
    "related-party-undervaluation": {"max_share": 0.3, "min_peers": 20},
}


def build(store: GraphStore, demo: Path) -> GraphStore:
    store.setup_schema()
    return ingest_demo(store, demo)


@pytest.fixture(scope="module")
def embedded(demo_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[GraphStore]:
    with build(LadybugStore(tmp_path_factory.mktemp("typologies")), demo_dir) as store:
        yield store


@pytest.fixture(scope="module")
def server(demo_dir: Path) -> Iterator[GraphStore]:
    with build(neo4j_store(empty=True), demo_dir) as store:
        yield store


@pytest.fixture(params=["ladybug", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def graph(request: pytest.FixtureRequest) -> GraphStore:
    return request.getfixturevalue("embedded" if request.param == "ladybug" else "server")


def keys(result: Result) -> list[set[str]]:
    return [{f"{r['source']}:{r['record_id']}" for r in f.records} for f in result.findings or []]


def planted(demo: Path, typology: str) -> dict[str, set[str]]:
    instances = json.loads((demo / "truth" / "patterns.json").read_text(encoding="utf-8"))
    return {i["instance"]: {f"{r['source']}:{r['record_id']}" for r in i["records"]}
            for i in instances if i["typology"] == typology}


def found(instance: set[str], evidence: list[set[str]]) -> bool:
    return any(e & instance and len(e & instance) >= len(e) / 2 for e in evidence)


@pytest.mark.parametrize("name", QUERIES)
def test_every_planted_instance_is_found(name: str, graph: GraphStore, demo_dir: Path) -> None:
    result = run(graph, name)
    instances = planted(demo_dir, name)
    assert instances and result.findings is not None and not result.truncated
    missed = [i for i, records in instances.items() if not found(records, keys(result))]
    assert missed == [], name


@pytest.mark.parametrize("name", QUERIES)
def test_findings_name_entities_records_and_a_reason(name: str, embedded: GraphStore) -> None:
    result = run(embedded, name)
    assert result.findings
    evidence = {k for found_keys in keys(result) for k in found_keys}
    stored = embedded.query(
        "UNWIND $keys AS k MATCH (n) WHERE n.key = k RETURN count(DISTINCT n.key) AS n",
        {"keys": sorted(evidence)})
    assert stored[0]["n"] == len(evidence)  # every record named is a record in the graph
    for finding in result.findings:
        assert finding.entities and finding.records and 0 < finding.score <= 1
        assert "{" not in finding.reason and len(finding.reason) > 30


@pytest.mark.neo4j
@pytest.mark.parametrize("name", QUERIES)
def test_the_same_findings_on_both_stores(name: str, embedded: GraphStore,
                                          server: GraphStore) -> None:
    assert comparable(run(server, name)) == comparable(run(embedded, name))


def comparable(result: Result) -> list[tuple[list[str], list[str], float, str]]:
    """Findings without the order collect() happened to produce."""
    return sorted((sorted(f.entities), sorted(k), round(f.score, 6), f.reason)
                  for f, k in zip(result.findings or [], keys(result), strict=True))


@pytest.mark.parametrize(("name", "defaults"), DEFAULTS.items())
def test_thresholds_are_parameters_with_the_documented_defaults(name: str,
                                                                defaults: dict) -> None:
    query = catalog.get(name)
    assert {p: query.parameter(p).default for p in defaults} == defaults  # type: ignore[union-attr]
    assert query.typology == name and query.reason


@pytest.mark.parametrize(("name", "stricter"), [
    ("shared-director", {"min_companies": 9}), ("phoenix", {"window_days": 1}),
    ("circular-trade", {"min_countries": 4}), ("origin-laundering", {"min_declarations": 50}),
    ("undervaluation", {"max_share": 0.01}),
    ("related-party-undervaluation", {"min_peers": 100000}),
    ("split-shipments", {"threshold_usd": 10}),
])
def test_a_stricter_threshold_finds_less(name: str, stricter: dict, embedded: GraphStore) -> None:
    assert run(embedded, name).findings
    assert run(embedded, name, stricter).findings == []


def test_values_are_compared_in_usd_through_the_loaded_rates(embedded: GraphStore,
                                                             tmp_path: Path,
                                                             demo_dir: Path) -> None:
    """With the yuan ten times dearer, consignments declared in CNY are no longer small."""
    before = run(embedded, "split-shipments")
    assert "CNY" in _currencies(embedded, before)
    with (demo_dir / "reference" / "fx_rates.csv").open(encoding="utf-8") as given:
        rates = {r["currency"]: float(r["usd_per_unit"]) for r in csv.DictReader(given)}
    dearer = {**rates, "CNY": rates["CNY"] * 10}
    folder = tmp_path / "reference"
    folder.mkdir()
    _write(folder / "fx_rates.csv", [{"currency": c, "usd_per_unit": str(r)}
                                     for c, r in dearer.items()])
    try:
        load_reference(embedded, folder)
        after = run(embedded, "split-shipments")
    finally:
        load_reference(embedded, demo_dir / "reference")
    assert keys(after) != keys(before)
    for finding in after.findings or []:
        refs = [f"{r['source']}:{r['record_id']}" for r in finding.records]
        rows = embedded.query("MATCH (d:Declaration) WHERE d.key IN $keys "
                              "RETURN d.customs_value AS value, d.currency AS currency",
                              {"keys": refs})
        assert all(r["value"] * dearer[r["currency"]] < 1000 for r in rows)
    assert keys(run(embedded, "split-shipments")) == keys(before)


def _currencies(store: GraphStore, result: Result) -> set[str]:
    refs = [k for found_keys in keys(result) for k in found_keys]
    rows = store.query("MATCH (d:Declaration) WHERE d.key IN $keys RETURN DISTINCT d.currency AS c",
                       {"keys": refs})
    return {row["c"] for row in rows}


def _write(path: Path, rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.DictWriter(file, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
