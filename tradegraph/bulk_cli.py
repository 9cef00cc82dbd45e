"""`tradegraph ingest --bulk-import NEO4J_HOME`: a first load with neo4j-admin import."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console
from rich.markup import escape

from graph.store import StoreError
from loaders.bulk_import import bulk_import
from tradegraph import render
from tradegraph.cli import batch_folders
from tradegraph.config import is_server, report_folder, store_spec, with_env_credentials

console = Console()
errors = Console(stderr=True)


def first_load(folders: list[Path], encoding: str | None, store: str | None,
               database: str | None, home: Path) -> None:
    spec = store_spec(store)
    if not is_server(spec):
        errors.print("[red]--bulk-import needs a Neo4j --store[/red] (bolt://host:port)")
        raise typer.Exit(2)
    refused = lambda folder, error: errors.print(  # noqa: E731
        f"[red]batch refused:[/red] {escape(str(error))}", highlight=False)
    try:
        with console.status("validating and staging the batches, then neo4j-admin import "
                            "(the server is stopped meanwhile)"):
            done = bulk_import(with_env_credentials(spec), database, home, batch_folders(folders),
                               encoding, report_folder(store), refused=refused)
    except StoreError as error:
        errors.print(f"[red]bulk import refused or failed:[/red] {escape(str(error))}")
        raise typer.Exit(2) from None
    render.ingest_summary(console, done.results)
    steps = ", ".join(f"{step} {seconds:.1f} s" for step, seconds in done.seconds.items())
    console.print(f"imported {done.nodes:,} nodes and {done.relationships:,} relationships "
                  f"({steps})", highlight=False)
    if done.refused:
        raise typer.Exit(1)
