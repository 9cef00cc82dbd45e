"""`tradegraph review`: walk the pairs the resolver was unsure of and decide them."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from graph.store import GraphStore
from resolvers.explain import MentionNotFound, explain
from resolvers.judgements import make_judgement, read_judgements, save_judgement
from resolvers.review import Decision, queue
from tradegraph import render
from tradegraph.judgement_cli import WhoOption, who_decides
from tradegraph.options import DatabaseOption, StoreOption, connected

console = Console()
ANSWERS = {"s": "same", "same": "same", "d": "different", "different": "different",
           "k": "skip", "skip": "skip", "": "skip", "q": "quit", "quit": "quit"}


def review_command(
    limit: Annotated[int, typer.Option(help="Most pairs to show.", min=1)] = 20,
    list_only: Annotated[bool, typer.Option(
        "--list", help="Only list the queue, ask nothing.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="With --list: print only JSON.")] = False,
    apply: Annotated[bool, typer.Option(
        help="Resolve again at the end so the decisions take effect.")] = True,
    who: WhoOption = None,
    store: StoreOption = None, database: DatabaseOption = None,
) -> None:
    """Decide uncertain pairs, most consequential first (watchlist and case parties, then
    the most history at stake). Each answer is stored as a judgement with who and when."""
    with connected(store, database) as graph:
        decisions = queue(graph, read_judgements(graph))
        if list_only or as_json:
            _list(decisions[:limit], len(decisions), as_json)
            return
        if not decisions:
            console.print("nothing to review: no undecided pairs in the review band")
            return
        decided = _walk(graph, decisions[:limit], len(decisions), who_decides(who))
        if decided and apply:
            from tradegraph.cli import run_resolver

            render.resolution(console, run_resolver(graph))
        elif decided:
            console.print("run `tradegraph resolve` to apply them")


def _walk(graph: GraphStore, decisions: list[Decision], total: int, who: str) -> int:
    recorded = 0
    for number, decision in enumerate(decisions, 1):
        candidate = decision.candidate
        console.rule(f"{number} of {total}: weight {candidate.weight:+.1f}, "
                     f"p={candidate.probability:.3f}, {candidate.reason}")
        for side in decision.sides:
            flag = " [red]watchlist/case[/red]" if side.flagged else ""
            console.print(f"{escape(side.mention)}: entity {side.entity or '-'}, "
                          f"{side.records:,} records{flag}", highlight=False)
        try:
            render.explanation(console, explain(graph, *candidate.pair))
        except MentionNotFound as error:
            console.print(f"[yellow]{escape(str(error))}: skipped[/yellow]")
            continue
        answer = _ask()
        if answer == "quit":
            break
        if answer == "skip":
            continue
        save_judgement(graph, make_judgement(*candidate.pair, answer, who))
        recorded += 1
    console.print(f"recorded {recorded} judgement{'s' if recorded != 1 else ''} as {who}")
    return recorded


def _ask() -> str:
    while True:
        try:
            typed = console.input("same, different, skip or quit? [s/d/k/q] ")
        except EOFError:
            return "quit"
        answer = ANSWERS.get(typed.strip().lower())
        if answer:
            return answer
        console.print("answer s (same), d (different), k (skip) or q (quit)")


def _list(decisions: list[Decision], total: int, as_json: bool) -> None:
    rows = [{"left": d.candidate.left, "right": d.candidate.right,
             "weight": round(d.candidate.weight, 3),
             "probability": round(d.candidate.probability, 4), "reason": d.candidate.reason,
             "flagged": d.flagged, "records_at_stake": d.at_stake,
             "entities": [s.entity for s in d.sides]} for d in decisions]
    if as_json:
        typer.echo(json.dumps({"total": total, "pairs": rows}, indent=2, ensure_ascii=False))
        return
    table = Table(title=f"{total} undecided pairs (showing {len(rows)})", title_justify="left")
    for column in ("left", "right", "weight", "at stake", "flagged", "why"):
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(escape(str(row["left"])), escape(str(row["right"])),
                      f"{row['weight']:+.1f}", f"{row['records_at_stake']:,}",
                      "yes" if row["flagged"] else "", escape(str(row["reason"])))
    console.print(table)
