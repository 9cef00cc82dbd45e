"""Where the graph lives: `--store`, else TRADEGRAPH_STORE, else ./tradegraph-data."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit

from graph.store import GraphStore

DEFAULT_STORE = "tradegraph-data"
SERVER_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")


def store_spec(given: str | None) -> str:
    return given or os.environ.get("TRADEGRAPH_STORE") or DEFAULT_STORE


def is_server(spec: str) -> bool:
    return urlsplit(spec).scheme in SERVER_SCHEMES


def with_env_credentials(url: str) -> str:
    """Credentials may come from NEO4J_USERNAME / NEO4J_PASSWORD instead of the URL."""
    parts = urlsplit(url)
    password = os.environ.get("NEO4J_PASSWORD")
    if parts.username or not password:
        return url
    user = os.environ.get("NEO4J_USERNAME", "neo4j")
    return url.replace("://", f"://{user}:{password}@", 1)


def open_store(given: str | None = None, database: str | None = None) -> GraphStore:
    spec = store_spec(given)
    store: GraphStore
    if is_server(spec):
        from graph.neo4j_store import Neo4jStore

        store = Neo4jStore(with_env_credentials(spec),
                           database or os.environ.get("TRADEGRAPH_DATABASE"))
    else:
        from graph.ladybug_store import LadybugStore

        store = LadybugStore(Path(spec))
    store.setup_schema()
    return store


def report_folder(given: str | None) -> Path:
    """Where rejection reports go when a batch folder is not writable."""
    spec = store_spec(given)
    return (Path(DEFAULT_STORE) if is_server(spec) else Path(spec)) / "reports"
