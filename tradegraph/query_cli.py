"""`tradegraph query list|show|run`: saved Cypher queries, a thin layer over queries/.

Every error is printed to stderr as {"error": {type, message, query, file, field}}
and exits with status 2.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from graph.store import StoreError
from queries import catalog, output
from queries.errors import ParameterError, QueryError
from queries.runner import Result, run
from queries.saved import SavedQuery
from tradegraph.config import open_store
from tradegraph.options import DatabaseOption, StoreOption

query_app = typer.Typer(help="Saved, parameterised Cypher queries.", no_args_is_help=True,
                        add_completion=False)
console = Console()


def fail(error: QueryError) -> typer.Exit:
    typer.echo(error.to_json(), err=True)
    return typer.Exit(2)


@contextmanager
def reported() -> Iterator[None]:
    """Turn query and store errors into the one JSON error shape and exit status 2."""
    try:
        yield
    except QueryError as error:
        raise fail(error) from None
    except StoreError as error:
        raise fail(QueryError(str(error).splitlines()[0])) from None


@query_app.command("list")
def list_command() -> None:
    """Every saved query: name, typology, severity and where it comes from."""
    with reported():
        queries = catalog.load_all()
    table = Table(title="Saved queries", title_justify="left")
    for column in ("name", "typology", "severity", "origin", "title"):
        table.add_column(column)
    for query in queries.values():
        table.add_row(*(escape(cell) for cell in (query.name, query.typology, query.severity,
                                                  query.origin, query.title)))
    console.print(table)


@query_app.command("show")
def show_command(name: Annotated[str, typer.Argument(help="Query name.")]) -> None:
    """A query's header, parameters and Cypher text."""
    with reported():
        query = catalog.get(name)
    console.print(f"[bold]{query.name}[/bold]: {query.title}", highlight=False)
    for label, value in header_lines(query):
        console.print(f"{label}: {escape(value)}", highlight=False)
    console.print(parameter_table(query))
    for backend, text in {"": query.text, **query.variants}.items():
        console.print(f"\n[bold]Cypher{f' ({backend} variant)' if backend else ''}[/bold]")
        console.print(text, markup=False, highlight=False)


def header_lines(query: SavedQuery) -> list[tuple[str, str]]:
    return [("typology", query.typology), ("severity", query.severity),
            ("timeout", f"{query.timeout:g} s"), ("origin", f"{query.origin} ({query.path})"),
            ("writes", str(query.writes).lower()), ("description", query.description)]


def parameter_table(query: SavedQuery) -> Table:
    table = Table(title="Parameters", title_justify="left")
    for column in ("name", "type", "default", "help"):
        table.add_column(column, overflow="fold")
    for p in query.parameters:
        default = "(required)" if p.required else output.flat(p.default)
        table.add_row(*(escape(cell) for cell in (p.name, p.type, default, p.help)))
    return table


def parse_params(pairs: list[str]) -> dict[str, str]:
    values: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise ParameterError(f"--param {pair!r} is not key=value", field="param")
        values[key.strip()] = value
    return values


@query_app.command("run")
def run_command(
    name: Annotated[str, typer.Argument(help="Query name.")],
    param: Annotated[list[str] | None, typer.Option(
        "--param", "-p", help="key=value; repeat for several (lists: a;b;c).")] = None,
    fmt: Annotated[str, typer.Option("--format", help="table, csv or json.")] = "table",
    limit: Annotated[int, typer.Option(help="Row cap; the result says when it is hit.")] = 1000,
    allow_writes: Annotated[bool, typer.Option(
        "--allow-writes", help="Run a query marked `writes: true` (admins only).")] = False,
    store: StoreOption = None, database: DatabaseOption = None,
) -> None:
    """Run a saved query with parameters; prints findings (or rows)."""
    with reported():
        if fmt not in output.FORMATS:
            raise ParameterError(f"--format must be one of {', '.join(output.FORMATS)}",
                                 field="format")
        query, values = catalog.get(name), parse_params(param or [])
        with open_store(store, database) as graph:
            result = run(graph, query, values, limit, allow_writes)
    show_result(result, query, fmt)


def show_result(result: Result, query: SavedQuery, fmt: str) -> None:
    if fmt == "json":
        typer.echo(output.as_json(result, query.typology))
        return
    if fmt == "csv":
        typer.echo(output.as_csv(result), nl=False)
    else:
        output.print_table(console, result, f"{query.name}: {query.title}")
    if result.truncated:
        typer.echo(output.truncation_note(result), err=True)
