"""Terminal views of stats and ingest results (rich), kept apart from the commands."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.table import Table

from loaders.ingest import IngestResult
from loaders.report import summarise

SHOWN_REASONS = 8


def ingest_summary(console: Console, result: IngestResult) -> None:
    table = Table(title=f"{result.source}  batch {result.batch_id}", title_justify="left")
    for column in ("file", "new", "updated", "unchanged"):
        table.add_column(column, justify="left" if column == "file" else "right")
    for kind, written in result.loaded.items():
        table.add_row(kind, *(f"{n:,}" for n in (written.created, written.updated,
                                                  written.unchanged)))
    console.print(table)
    if not result.rejections:
        console.print("[green]no rejections[/green]")
        return
    console.print(f"[yellow]{len(result.rejections):,} rejections[/yellow]"
                  + (f", report: {result.report}" if result.report else ""))
    for file, reason, count in summarise(result.rejections)[:SHOWN_REASONS]:
        console.print(f"  {count:>7,}  {file}  {reason}")
    for rejection in result.rejections[:3]:
        console.print(f"  e.g. {rejection}", highlight=False, markup=False)


def stats(console: Console, data: dict[str, Any]) -> None:
    console.print(f"[bold]{data['store']}[/bold]")
    console.print(_counts("Nodes", data["nodes"]))
    console.print(_counts("Relationships", data["relationships"]))
    console.print(_sources(data["sources"]))


def _counts(title: str, counts: dict[str, int]) -> Table:
    table = Table(title=title, title_justify="left")
    table.add_column("type")
    table.add_column("count", justify="right")
    for name, count in counts.items():
        table.add_row(name, f"{count:,}")
    table.add_row("[bold]total[/bold]", f"[bold]{sum(counts.values()):,}[/bold]")
    return table


def _sources(sources: dict[str, dict[str, Any]]) -> Table:
    table = Table(title="Sources", title_justify="left")
    for column in ("source", "agency", "records", "batches", "rejected"):
        table.add_column(column, justify="left" if column in ("source", "agency") else "right")
    for source, info in sources.items():
        records = ", ".join(f"{kind} {n:,}" for kind, n in info["records"].items())
        table.add_row(source, info["agency_type"] or "", records, str(info["batches"]),
                      f"{info['rejected']:,}")
    return table
