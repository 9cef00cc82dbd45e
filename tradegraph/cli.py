"""`tradegraph` command: a thin layer over loaders, graph and the demo generator."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from graph.store import GraphStore
from loaders.batch import SOURCE_FILE, Batch, BatchError, open_batch
from resolvers.explain import MentionNotFound, explain
from resolvers.rebuild import Resolution, resolve
from tradegraph import render, stats
from tradegraph.config import report_folder
from tradegraph.findings_cli import demo_summary, findings_command, risk_command
from tradegraph.judgement_cli import judge_command, judgements_command
from tradegraph.options import DatabaseOption, StoreOption, connected
from tradegraph.query_cli import query_app
from tradegraph.reference_cli import reference_app
from tradegraph.reference_cli import show as show_reference
from tradegraph.resolution_cli import evaluate_command, export_app
from tradegraph.review_cli import review_command

if TYPE_CHECKING:
    from loaders.ingest import IngestResult

app = typer.Typer(help="Cross-agency entity-linking knowledge graph for customs.",
                  no_args_is_help=True, add_completion=False)
console = Console()
errors = Console(stderr=True)
app.add_typer(export_app, name="export", help="Export what the graph decided.")
app.command("evaluate")(evaluate_command)
app.add_typer(query_app, name="query", help="Saved Cypher queries: list, show, run.")
app.add_typer(reference_app, name="reference",
              help="Reference data: FX rates, trade remedies, registered agents.")
app.command("findings")(findings_command)
app.command("risk")(risk_command)
app.command("judge")(judge_command)
app.command("judgements")(judgements_command)
app.command("review")(review_command)


def batch_folders(paths: list[Path]) -> list[Path]:
    """Each path is a batch, or a folder whose sub-folders are batches."""
    folders: list[Path] = []
    for path in paths:
        if path.is_dir() and not (path / SOURCE_FILE).exists():
            inner = sorted(p for p in path.iterdir() if (p / SOURCE_FILE).exists())
            folders.extend(inner or [path])
        else:
            folders.append(path)
    return folders


def load_batches(graph: GraphStore, folders: list[Path], encoding: str | None,
                 store: str | None, quiet: bool = False) -> tuple[list[IngestResult], int]:
    from loaders.ingest import ingest_batches  # not imported by commands that load nothing

    batches, refused = [], 0
    for folder in folders:
        try:
            batches.append(open_batch(folder))
        except BatchError as error:
            refused += 1
            errors.print(f"[red]batch refused:[/red] {error}", highlight=False)
    columns = (SpinnerColumn(), TextColumn("{task.description}"), BarColumn(),
               TextColumn("{task.completed:,} rows"), TimeElapsedColumn())
    with Progress(*columns, console=console, transient=True, disable=quiet) as bar:
        def progress(batch: Batch) -> Callable[[str, int], None]:
            task = bar.add_task(batch.folder.name, total=None)
            return lambda kind, n: bar.update(task, advance=n,
                                              description=f"{batch.folder.name}/{kind}")

        results = ingest_batches(graph, batches, encoding, report_folder(store), progress)
    return results, refused


@app.command("ingest")
def ingest_command(
    folders: Annotated[list[Path], typer.Argument(help="Batch folders (each with source.yaml).")],
    encoding: Annotated[str | None, typer.Option(
        help="Read files in this encoding (e.g. cp1252, utf-16) instead of UTF-8.")] = None,
    store: StoreOption = None, database: DatabaseOption = None,
    bulk_import: Annotated[Path | None, typer.Option(
        "--bulk-import", metavar="NEO4J_HOME",
        help="First load into an EMPTY Neo4j database with neo4j-admin import: the server "
        "whose home this is gets stopped for the import and started again.")] = None,
) -> None:
    """Load contribution batches; bad rows are reported, valid ones always load."""
    if bulk_import is not None:
        from tradegraph.bulk_cli import first_load

        first_load(folders, encoding, store, database, bulk_import)
        return
    with connected(store, database) as graph:
        results, refused = load_batches(graph, batch_folders(folders), encoding, store)
    render.ingest_summary(console, results)
    if refused:
        raise typer.Exit(1)


@app.command("stats")
def stats_command(
    as_json: Annotated[bool, typer.Option("--json", help="Print only JSON.")] = False,
    store: StoreOption = None, database: DatabaseOption = None,
) -> None:
    """Nodes and relationships per type, records and rejections per source."""
    with connected(store, database) as graph:
        data = stats.collect(graph)
    if as_json:
        typer.echo(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        render.stats(console, data)


@app.command("resolve")
def resolve_command(
    store: StoreOption = None, database: DatabaseOption = None,
    full: Annotated[bool, typer.Option("--full", help="Re-run over every mention even when "
                                       "nothing changed since the last run")] = False,
) -> None:
    """Link the mentions that are the same company or person; rebuild the entities."""
    with connected(store, database) as graph:
        render.resolution(console, run_resolver(graph, full=full))


def run_resolver(graph: GraphStore, full: bool = True) -> Resolution:
    with console.status("resolving party mentions"):
        return resolve(graph, full=full)


@app.command("explain")
def explain_command(
    a: Annotated[str, typer.Argument(help="SOURCE:RECORD_ID[#importer|exporter|declarant]")],
    b: Annotated[str, typer.Argument(help="SOURCE:RECORD_ID[#importer|exporter|declarant]")],
    store: StoreOption = None, database: DatabaseOption = None,
) -> None:
    """Why two mentions are, or are not, the same party: each comparison and the rule."""
    with connected(store, database) as graph:
        try:
            result = explain(graph, a, b)
        except MentionNotFound as error:
            errors.print(f"[red]not found:[/red] {escape(str(error))}", highlight=False,
                         emoji=False)
            raise typer.Exit(2) from None
    render.explanation(console, result)


@app.command("demo")
def demo_command(
    seed: Annotated[int, typer.Option(help="Seed of the generated data.")] = 7,
    scale: Annotated[float, typer.Option(
        help="1 is about 2,000 companies and 20,000 declarations.")] = 1.0,
    out: Annotated[Path, typer.Option(help="Where the demo batches are written.")] = Path(
        "demo-data"),
    store: StoreOption = None, database: DatabaseOption = None,
) -> None:
    """Generate demo batches, ingest and resolve them; print the graph, findings and top risks."""
    from loaders.reference import load_reference
    from tradegraph.demo import generate

    with console.status(f"generating demo data (seed {seed}, scale {scale}) in {out}"):
        summary = generate(out, seed=seed, scale=scale)
    rows = sum(n for name, n in summary["files"].items() if name.startswith("batches/"))
    console.print(f"generated {rows:,} rows from six agencies in {out}; "
                  f"{sum(summary['instances'].values())} planted suspicious patterns")
    with connected(store, database) as graph:
        results, refused = load_batches(graph, batch_folders([out / "batches"]), None, store)
        render.ingest_summary(console, results)
        show_reference(console, load_reference(graph, out / "reference", report_folder(store)))
        render.resolution(console, run_resolver(graph))
        render.stats(console, stats.collect(graph))
        demo_summary(console, graph)
    if refused:
        raise typer.Exit(1)
