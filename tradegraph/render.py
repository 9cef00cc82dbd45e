"""Terminal views of stats and ingest results (rich), kept apart from the commands."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.columns import Columns
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from loaders.models import LOAD_ORDER
from loaders.report import summarise
from resolvers.explain import Explanation
from resolvers.rebuild import Resolution

if TYPE_CHECKING:
    from loaders.ingest import IngestResult  # loading it costs every command

SHOWN_REASONS = 8


def ingest_summary(console: Console, results: list[IngestResult]) -> None:
    """One table of what each batch loaded, then the rejections of those that had any."""
    table = Table(title="Loaded", title_justify="left")
    for column in ("source", "file", "new", "updated", "unchanged", "rejected"):
        table.add_column(column, justify="left" if column in ("source", "file") else "right")
    for result in results:
        for i, (kind, written) in enumerate(result.loaded.items()):
            rejected = sum(1 for r in result.rejections if r.file.startswith(kind + "."))
            table.add_row(result.source if i == 0 else "", kind,
                          *(f"{n:,}" for n in (written.created, written.updated,
                                               written.unchanged, rejected)))
    console.print(table)
    for result in results:
        _rejections(console, result)
    if not any(result.rejections for result in results):
        console.print("[green]no rejections[/green]")


def _rejections(console: Console, result: IngestResult) -> None:
    if not result.rejections:
        return
    console.print(f"[yellow]{result.source}: {len(result.rejections):,} rejections[/yellow]"
                  + (f", report: {result.report}" if result.report else ""), highlight=False)
    for file, reason, count in summarise(result.rejections)[:SHOWN_REASONS]:
        console.print(f"  {count:>7,}  {file}  {reason}", highlight=False, markup=False)
    for rejection in result.rejections[:3]:
        console.print(f"  e.g. {rejection}", highlight=False, markup=False)


def resolution(console: Console, result: Resolution) -> None:
    if result.unchanged:
        console.print(f"nothing new since the last resolve: {result.mentions:,} party "
                      f"mentions in {result.entities:,} entities kept as they are "
                      "(--full re-runs)")
        return
    console.print(f"resolved {result.mentions:,} party mentions into {result.entities:,} "
                  f"entities; {result.linked:,} mentions linked to another, "
                  f"{result.refused:,} links refused by the guards, {result.review:,} pairs "
                  f"left for review (model {result.model_version})")
    if result.incremental:
        console.print(f"incremental: read {result.read:,} new or changed mentions and "
                      f"re-resolved the {result.rows:,} rows they touch (--full re-runs all)")
    if result.note:
        console.print(("" if result.incremental else "full run: ") + escape(result.note),
                      highlight=False)
    if result.judgements:
        console.print(f"{result.judgements:,} judgements by people applied over the model")
    for conflict in result.conflicts:
        console.print(f"[yellow]judgement {escape(conflict)}[/yellow]", highlight=False)


def explanation(console: Console, result: Explanation) -> None:
    names = [f"{p.record}{'#' + p.mention.role if p.mention.role else ''}: {p.mention.name}"
             for p in (result.left, result.right)]
    table = Table(title=f"{names[0]}\n{names[1]}", title_justify="left",
                  caption=f"model {result.model_version}; weights are log2 Bayes factors",
                  caption_justify="left")
    for column in ("comparison", "left", "right", "level", "weight", "running total"):
        table.add_column(column, justify="right" if column in ("weight", "running total")
                         else "left", overflow="fold")
    running = result.prior
    table.add_row("prior", "", "", "two random mentions", f"{result.prior:+.2f}",
                  f"{running:+.2f}", end_section=True)
    for step in result.steps:
        running += step.weight
        colour = "green" if step.weight > 0 else "red" if step.weight < 0 else "dim"
        tf = f" (tf {step.frequency_adjustment:+.2f})" if step.frequency_adjustment else ""
        table.add_row(escape(step.comparison), escape(step.left or ""),
                      escape(step.right or ""), escape(step.level),
                      f"[{colour}]{step.weight:+.2f}{tf}[/{colour}]", f"{running:+.2f}")
    table.add_row("total", "", "", f"probability {result.probability:.4f}",
                  f"{result.total:+.2f}", "", end_section=True)
    console.print(table)
    console.print(f"decision: {result.decision}", highlight=False)
    verdict = "the same entity" if result.same_entity else "different entities"
    console.print(f"in the graph: {verdict} ({result.entities[0]}, {result.entities[1]})")
    for party, evidence in zip((result.left, result.right), result.evidence, strict=True):
        console.print(f"  {party.record}: {escape(evidence or 'not resolved yet')}",
                      highlight=False)

def stats(console: Console, data: dict[str, Any]) -> None:
    console.print(f"[bold]{data['store']}[/bold]")
    console.print(Columns([_counts("Nodes", data["nodes"]),
                           _counts("Relationships", data["relationships"])]))
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
    table = Table(title="Records per source", title_justify="left")
    for column in ("source", "file", "records", "batches", "rejected"):
        table.add_column(column, justify="left" if column in ("source", "file")
                         else "right", no_wrap=True)
    for source, info in sources.items():
        kinds = [k for k in LOAD_ORDER if k in info["records"]] or [""]
        for i, kind in enumerate(kinds):
            first = i == 0
            table.add_row(source if first else "", kind, f"{info['records'].get(kind, 0):,}",
                          str(info["batches"]) if first else "",
                          f"{info['rejected']:,}" if first else "")
    return table
