"""Options every command shares, and opening the store they name."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from graph.store import GraphStore, StoreError
from tradegraph.config import open_store

errors = Console(stderr=True)

StoreOption = Annotated[str | None, typer.Option(
    "--store", help="Folder of the embedded store, or bolt://user:pass@host:7687 for Neo4j. "
    "Default: $TRADEGRAPH_STORE or ./tradegraph-data.")]
DatabaseOption = Annotated[str | None, typer.Option(
    "--database", help="Neo4j database name (default: the server's default).")]


@contextmanager
def connected(store: str | None, database: str | None) -> Iterator[GraphStore]:
    """The named store, or exit 2 with the reason on stderr."""
    try:
        graph = open_store(store, database)
    except StoreError as error:
        errors.print(f"[red]cannot open the store:[/red] {escape(str(error))}")
        raise typer.Exit(2) from None
    with graph:
        yield graph
