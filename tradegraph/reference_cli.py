"""`tradegraph reference load DIR`: analysts' FX rates, trade remedies and registered agents."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from loaders.reference import NoReferenceFiles, ReferenceResult, load_reference
from loaders.report import summarise
from tradegraph.config import report_folder
from tradegraph.options import DatabaseOption, StoreOption, connected

reference_app = typer.Typer(help="Reference data the saved queries use.", no_args_is_help=True,
                            add_completion=False)
console = Console()
errors = Console(stderr=True)
SHOWN = 8


@reference_app.command("load")
def load_command(
    folder: Annotated[Path, typer.Argument(
        help="Folder with fx_rates.csv, trade_remedies.csv and/or registered_agents.csv.")],
    store: StoreOption = None, database: DatabaseOption = None,
) -> None:
    """Load reference files; each one present replaces the previous version of that file."""
    with connected(store, database) as graph:
        try:
            result = load_reference(graph, folder, report_folder(store))
        except NoReferenceFiles as error:
            errors.print(f"[red]nothing loaded:[/red] {escape(str(error))}", highlight=False)
            raise typer.Exit(2) from None
    show(console, result)
    if any(not f.replaced for f in result.files):
        raise typer.Exit(1)


def show(out: Console, result: ReferenceResult) -> None:
    table = Table(title=f"Reference data from {result.folder}", title_justify="left")
    for column in ("file", "rows", "rejected", "previous version"):
        table.add_column(column, justify="left" if column in ("file", "previous version")
                         else "right")
    for f in result.files:
        table.add_row(f.name, f"{f.rows:,}", f"{f.rejected:,}",
                      "replaced" if f.replaced else "[red]kept: no valid row[/red]")
    out.print(table)
    out.print(f"{result.agent_addresses:,} company addresses are a registered agent's")
    if not result.rejections:
        out.print("[green]no rejections[/green]")
        return
    out.print(f"[yellow]{len(result.rejections):,} rejections[/yellow], report: "
              f"{escape(str(result.report))}", highlight=False)
    for file, reason, count in summarise(result.rejections)[:SHOWN]:
        out.print(f"  {count:>7,}  {file}  {reason}", highlight=False, markup=False)
    for rejection in result.rejections[:3]:
        out.print(f"  e.g. {rejection}", highlight=False, markup=False)
