"""`tradegraph findings` and `tradegraph risk`: every saved query at once, and who to look at first.

Thin layer over queries/findings.py and queries/risk.py; the tables fit an 80-column terminal.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from graph.store import GraphStore
from queries import catalog, risk
from queries import findings as found
from queries.errors import ParameterError
from queries.saved import SavedQuery
from tradegraph.options import DatabaseOption, StoreOption, connected
from tradegraph.query_cli import reported

console = Console()
errors = Console(stderr=True)
RISK_FORMATS = ("table", "csv", "json")


def run_findings(graph: GraphStore, quiet: bool = False) -> list[found.QueryFindings]:
    with reported():
        queries = catalog.load_all()
    with console.status("running saved queries") as status:
        def step(query: SavedQuery) -> None:
            if not quiet:
                status.update(f"running {query.name}")
        return found.run_all(graph, queries, progress=step)


def report_failures(parts: list[found.QueryFindings]) -> int:
    """Failed queries on stderr, one line each in the JSON error shape; returns how many."""
    failed = [p for p in parts if p.error]
    for part in failed:
        errors.print(f"[red]query {escape(part.query)} failed:[/red] "
                     f"{escape(json.dumps({'error': part.error}, ensure_ascii=False))}",
                     highlight=False, soft_wrap=True)
    return len(failed)


def findings_command(
    out: Annotated[Path, typer.Option("--out", help="JSON file to write the findings to.")],
    store: StoreOption = None, database: DatabaseOption = None,
) -> None:
    """Run every saved query (built-in and $TRADEGRAPH_QUERIES) and write their findings."""
    with connected(store, database) as graph:
        parts = run_findings(graph)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(found.as_json_list(parts), ensure_ascii=False, indent=2,
                              default=str) + "\n", encoding="utf-8")
    findings_table(console, parts)
    console.print(f"wrote {sum(len(p.findings) for p in parts):,} findings to {out}",
                  highlight=False)
    if report_failures(parts):
        raise typer.Exit(1)


def risk_command(
    top: Annotated[int, typer.Option(help="How many entities to list.", min=1)] = 20,
    fmt: Annotated[str, typer.Option("--format", help="table, csv or json.")] = "table",
    source: Annotated[Path | None, typer.Option(
        "--from", help="Rank the findings in this file (from `tradegraph findings`) "
        "instead of running the queries.")] = None,
    store: StoreOption = None, database: DatabaseOption = None,
) -> None:
    """Entities ranked by their findings; each total explained finding by finding."""
    with reported():
        if fmt not in RISK_FORMATS:
            raise ParameterError(f"--format must be one of {', '.join(RISK_FORMATS)}",
                                 field="format")
    with connected(store, database) as graph:
        parts = read_findings(source) if source else run_findings(graph, quiet=fmt != "table")
        ranked = risk.rank(parts)[:top]
        names = found.entity_names(graph, [r.entity for r in ranked])
    for entry in ranked:
        entry.name = names.get(entry.entity, "")
    if fmt == "json":
        typer.echo(json.dumps([r.as_dict() for r in ranked], ensure_ascii=False, indent=2))
    elif fmt == "csv":
        typer.echo(risk_csv(ranked), nl=False)
    else:
        console.print(risk_table(ranked, f"Top {len(ranked)} entities by risk"))
        explain_top(console, ranked[:3])
    report_failures(parts)


def read_findings(path: Path) -> list[found.QueryFindings]:
    try:
        items = json.loads(path.read_text(encoding="utf-8"))
        return found.from_json_list(items)
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise typer.BadParameter(f"{path} is not a findings file: {error}",
                                 param_hint="--from") from None


def findings_table(out: Console, parts: list[found.QueryFindings]) -> None:
    table = Table(title="Findings per typology", title_justify="left")
    for column, justify in (("query", "left"), ("typology", "left"), ("findings", "right"),
                            ("note", "left")):
        table.add_column(column, justify=justify, overflow="fold")  # type: ignore[arg-type]
    for part in parts:
        note = (f"failed: {part.error['type']}" if part.error else part.skipped[:30]
                if part.skipped else "truncated" if part.truncated else "")
        table.add_row(escape(part.query), escape(part.typology), f"{len(part.findings):,}",
                      escape(note))
    out.print(table)


def risk_table(ranked: list[risk.EntityRisk], title: str) -> Table:
    table = Table(title=title, title_justify="left")
    table.add_column("#", justify="right")
    table.add_column("entity", overflow="fold", max_width=30)
    table.add_column("points", justify="right")
    table.add_column("typologies (points)", overflow="fold")
    for place, entry in enumerate(ranked, 1):
        table.add_row(str(place), escape(entry.name or entry.entity), f"{entry.total:.2f}",
                      escape(typology_points(entry)))
    return table


def typology_points(entry: risk.EntityRisk) -> str:
    points: dict[str, float] = {}
    for c in entry.contributions:
        points[c.typology] = points.get(c.typology, 0.0) + c.points
    return ", ".join(f"{t} {p:.2f}" for t, p in sorted(points.items(), key=lambda tp: -tp[1]))


def explain_top(out: Console, ranked: list[risk.EntityRisk]) -> None:
    """How the first few totals add up: one line per finding."""
    for entry in ranked:
        out.print(f"\n[bold]{escape(entry.name or entry.entity)}[/bold] ({entry.entity}): "
                  f"{entry.total:.2f} points", highlight=False)
        for c in entry.contributions:
            out.print(f"  {c.points:5.2f} = {c.weight:g} ({c.severity}) x {c.score:.2f} x "
                      f"{c.factor:g}  {escape(c.typology)}: {escape(c.reason)} "
                      f"[{len(c.records)} records]", highlight=False)


def risk_csv(ranked: list[risk.EntityRisk]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["rank", "entity", "name", "total", "typology", "query", "severity",
                     "weight", "score", "factor", "points", "reason", "records"])
    for place, entry in enumerate(ranked, 1):
        for c in entry.contributions:
            writer.writerow([place, entry.entity, entry.name, f"{entry.total:.4f}",
                             c.typology, c.query, c.severity, c.weight, f"{c.score:.4f}",
                             c.factor, f"{c.points:.4f}", c.reason,
                             ";".join(f"{s}:{r}" for s, r in c.records)])
    return out.getvalue()


def demo_summary(out: Console, graph: GraphStore) -> None:
    """What `tradegraph demo` ends with: findings per query and the top-10 risk list."""
    parts = run_findings(graph)
    findings_table(out, parts)
    ranked = risk.rank(parts)[:10]
    names = found.entity_names(graph, [r.entity for r in ranked])
    for entry in ranked:
        entry.name = names.get(entry.entity, "")
    out.print(risk_table(ranked, "Top 10 entities by risk (tradegraph risk explains each)"))
    report_failures(parts)
