"""`tradegraph judge` and `tradegraph judgements`: people's decisions that outrank the model."""

from __future__ import annotations

import getpass
import json
import os
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from graph.store import GraphStore
from resolvers.explain import MentionNotFound, find_mention
from resolvers.judgements import (
    Constraints,
    Judgement,
    JudgementError,
    constraints,
    make_judgement,
    read_judgements,
    save_judgement,
)
from tradegraph.options import DatabaseOption, StoreOption, connected

console = Console()
errors = Console(stderr=True)

MentionArgument = Annotated[str, typer.Argument(
    help="SOURCE:RECORD_ID[#importer|exporter|declarant|party]")]
WhoOption = Annotated[str | None, typer.Option(
    "--who", help="Who decides (default: $TRADEGRAPH_USER, else the login name).")]


def who_decides(given: str | None) -> str:
    return given or os.environ.get("TRADEGRAPH_USER") or getpass.getuser()


def judge_command(
    a: MentionArgument, b: MentionArgument,
    decision: Annotated[str, typer.Argument(help="same or different")],
    who: WhoOption = None,
    note: Annotated[str, typer.Option(help="Why, for whoever reads it later.")] = "",
    store: StoreOption = None, database: DatabaseOption = None,
) -> None:
    """Record that two mentions are the same party or different ones; every later resolve
    honours it over the model (run `tradegraph resolve` to apply it now)."""
    with connected(store, database) as graph:
        try:
            left, right = (find_mention(graph, given).id for given in (a, b))
            judgement = make_judgement(left, right, decision, who_decides(who), note)
        except (MentionNotFound, JudgementError) as error:
            errors.print(f"[red]error:[/red] {escape(str(error))}", highlight=False)
            raise typer.Exit(2) from None
        save_judgement(graph, judgement)
        state = constraints(read_judgements(graph))
    console.print(f"recorded: {escape(judgement.describe())}", highlight=False)
    for conflict in state.conflicts:
        if judgement in (conflict.judgement, *conflict.against):
            errors.print(f"[yellow]{conflict.kind}:[/yellow] {escape(conflict.message)}",
                         highlight=False)


def judgements_command(
    as_json: Annotated[bool, typer.Option("--json", help="Print only JSON.")] = False,
    store: StoreOption = None, database: DatabaseOption = None,
) -> None:
    """Every judgement, whether it is in force, and the ones that contradict each other."""
    with connected(store, database) as graph:
        every = read_judgements(graph)
        state = constraints(every, _still_loaded(graph, every))
    rows = [_row(j, state) for j in every]
    if as_json:
        typer.echo(json.dumps({"judgements": rows, "conflicts": [
            {"kind": c.kind, "message": c.message, "judgement": c.judgement.key,
             "against": [j.key for j in c.against]} for c in state.conflicts]},
            indent=2, ensure_ascii=False))
        return
    if not rows:
        console.print("no judgements yet: `tradegraph review` or `tradegraph judge A B same`")
        return
    table = Table(title=f"{len(rows)} judgements", title_justify="left")
    for column in ("when", "who", "left", "right", "decision", "status", "note"):
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(*(escape(str(row[c])) for c in ("at", "who", "left", "right",
                                                       "decision", "status", "note")))
    console.print(table)
    for conflict in state.conflicts:
        console.print(f"[yellow]{conflict.kind}:[/yellow] {escape(conflict.message)}",
                      highlight=False)


def _still_loaded(graph: GraphStore, judgements: list[Judgement]) -> set[str]:
    named = {m for j in judgements for m in j.pair}
    found = set()
    for mention in named:
        try:
            found.add(find_mention(graph, mention).id)
        except MentionNotFound:
            pass
    return found


def _row(judgement: Judgement, state: Constraints) -> dict[str, Any]:
    if judgement in state.stale:
        status = "stale: a mention is no longer loaded"
    elif state.by_pair.get(judgement.pair) == judgement:
        status = "in force"
    elif any(c.judgement == judgement and c.kind == "contradiction" for c in state.conflicts):
        status = "not applied: contradicts a 'different'"
    else:
        status = "superseded by a later judgement"
    return {"key": judgement.key, "at": judgement.at[:19].replace("T", " "),
            "who": judgement.who, "left": judgement.left, "right": judgement.right,
            "decision": judgement.decision, "status": status, "note": judgement.note}
