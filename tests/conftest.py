"""Store fixtures: every store test runs on the embedded engine and on a real Neo4j server.

The Neo4j server comes from scripts/neo4j.sh; its URL reaches the tests in
TRADEGRAPH_TEST_NEO4J. Without it the Neo4j half is skipped locally, and fails
when TRADEGRAPH_REQUIRE_NEO4J is set (as .ci/run does), so CI cannot pass silently.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from graph.ladybug_store import LadybugStore
from graph.store import GraphStore

NEO4J_URL = os.environ.get("TRADEGRAPH_TEST_NEO4J")
STORES = ["ladybug", pytest.param("neo4j", marks=pytest.mark.neo4j)]


def neo4j_store(empty: bool) -> GraphStore:
    if not NEO4J_URL:
        if os.environ.get("TRADEGRAPH_REQUIRE_NEO4J"):
            pytest.fail("TRADEGRAPH_TEST_NEO4J is not set: start scripts/neo4j.sh first")
        pytest.skip("no Neo4j server: set TRADEGRAPH_TEST_NEO4J (scripts/neo4j.sh start)")
    from graph.neo4j_store import Neo4jStore

    store = Neo4jStore(NEO4J_URL)
    if empty:
        store.clear()
    return store


StoreFactory = Callable[[], GraphStore]


@pytest.fixture(params=STORES)
def store_factory(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[StoreFactory]:
    """Opens the store under test, empty the first time; later calls reopen the same data."""
    opened: list[GraphStore] = []

    def factory() -> GraphStore:
        first = not opened
        for previous in opened:
            previous.close()
        store = LadybugStore(tmp_path / "graph") if request.param == "ladybug" \
            else neo4j_store(empty=first)
        store.setup_schema()
        opened.append(store)
        return store

    yield factory
    if opened:
        opened[-1].close()


@pytest.fixture
def store(store_factory: StoreFactory) -> GraphStore:
    return store_factory()


@pytest.fixture(scope="session")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Small demo data set, generated once per test session."""
    from tradegraph.demo import generate

    out = tmp_path_factory.mktemp("demo")
    generate(out, seed=11, scale=0.1)
    return out


@pytest.fixture(autouse=True)
def _resolver_state_in_tmp(tmp_path_factory: pytest.TempPathFactory,
                           monkeypatch: pytest.MonkeyPatch) -> None:
    """A server store's resolver state goes to a cache folder: the tests' own, not the user's."""
    monkeypatch.setenv("TRADEGRAPH_CACHE", str(tmp_path_factory.getbasetemp() / "cache"))
