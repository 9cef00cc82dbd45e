"""`tradegraph export resolution` and `tradegraph evaluate`: the resolver's output and its score.

The lead wires them into tradegraph.cli:
    app.add_typer(export_app, name="export")
    app.command("evaluate")(evaluate_command)
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from graph.store import StoreError
from resolvers.blocking import BlockingQuality
from resolvers.blocking_report import store_blocking
from resolvers.evaluate import (
    ClusterIssue,
    Evaluation,
    ResolutionFileError,
    clustering_from_rows,
    evaluate,
    read_resolution,
)
from resolvers.export import resolution_rows, write_resolution
from tradegraph.options import DatabaseOption, StoreOption, connected

export_app = typer.Typer(help="Write what the graph holds in the contribution spec's formats.",
                         no_args_is_help=True, add_completion=False)
console = Console()
errors = Console(stderr=True)

PARTS_SHOWN = 3  # parts of a merge or split shown per table row (JSON has all listed)


def _fail(message: str) -> typer.Exit:
    errors.print(f"[red]error:[/red] {escape(message)}", highlight=False)
    return typer.Exit(2)


@export_app.command("resolution")
def export_resolution_command(
    out: Annotated[Path, typer.Option("--out", help="CSV file to write.")],
    store: StoreOption = None, database: DatabaseOption = None,
) -> None:
    """One row per party mention: source,record_id,role,entity_id (the spec's format)."""
    with connected(store, database) as graph:
        try:
            counts = write_resolution(graph, out)
        except StoreError as error:
            raise _fail(str(error)) from None
        except OSError as error:
            raise _fail(f"cannot write {out}: {error.strerror}") from None
    detail = ", ".join(f"{n:,} {role or 'record'}" for role, n in counts.items() if n)
    console.print(f"wrote {sum(counts.values()):,} mentions to {escape(str(out))}"
                  + (f" ({detail})" if detail else ""), highlight=False)


def evaluate_command(
    truth: Annotated[Path, typer.Option(
        "--truth", help="Truth file: source,record_id,role,entity_id per mention.")],
    predicted: Annotated[Path | None, typer.Option(
        "--predicted", help="Resolution to score, same format (default: the store's "
        "current resolution).")] = None,
    top: Annotated[int, typer.Option(
        help="How many of the worst merges and splits to list.", min=0)] = 10,
    as_json: Annotated[bool, typer.Option("--json", help="Print only JSON.")] = False,
    store: StoreOption = None, database: DatabaseOption = None,
) -> None:
    """Pairwise and B-cubed precision, recall and F1 of a resolution against a truth file."""
    try:
        true_clusters = read_resolution(truth)
        blocking = None
        if predicted is not None:
            found = read_resolution(predicted)
        else:
            with connected(store, database) as graph:
                found = clustering_from_rows(resolution_rows(graph), "the store's resolution")
                blocking = store_blocking(graph, true_clusters)
        result = evaluate(true_clusters, found, top=top)
    except (ResolutionFileError, StoreError, ValueError) as error:
        raise _fail(str(error)) from None
    if as_json:
        data = result.to_dict()
        if blocking:
            data["blocking"] = blocking_dict(blocking)
        typer.echo(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        render_evaluation(console, result, str(predicted or "the store"))
        if blocking:
            render_blocking(console, blocking)


def blocking_dict(quality: BlockingQuality) -> dict[str, float | int]:
    return {"reduction_ratio": quality.reduction_ratio,
            "pair_completeness": quality.pair_completeness,
            "compared_pairs": quality.compared_pairs,
            "candidate_mention_pairs": quality.candidate_pairs,
            "true_pairs": quality.true_pairs, "true_pairs_kept": quality.true_pairs_kept}


def render_blocking(out: Console, quality: BlockingQuality) -> None:
    out.print(f"blocking: reduction ratio {quality.reduction_ratio:.6f}, pair completeness "
              f"{quality.pair_completeness:.4f} ({quality.true_pairs_kept:,} of "
              f"{quality.true_pairs:,} true pairs kept; {quality.compared_pairs:,} pairs of "
              f"distinct mentions compared)", highlight=False)


def render_evaluation(out: Console, result: Evaluation, what: str) -> None:
    scores = Table(title=f"Resolution of {what} against the truth", title_justify="left")
    for column in ("measure", "precision", "recall", "F1"):
        scores.add_column(column, justify="left" if column == "measure" else "right")
    for name, s in (("pairwise", result.pairwise), ("B-cubed", result.bcubed)):
        scores.add_row(name, f"{s.precision:.4f}", f"{s.recall:.4f}", f"{s.f1:.4f}")
    out.print(scores)
    out.print(f"{result.mentions:,} mentions scored: {result.true_clusters:,} true parties, "
              f"{result.predicted_clusters:,} predicted entities; pairs: "
              f"{result.correct_pairs:,} correct of {result.predicted_pairs:,} predicted and "
              f"{result.true_pairs:,} true", highlight=False)
    for side, n in (("truth only (not in the resolution)", result.missing_from_predicted),
                    ("resolution only (not in the truth)", result.missing_from_truth)):
        if n:
            out.print(f"[yellow]{n:,} mentions in the {side}, not scored[/yellow]")
    _issue_table(out, "Worst merges: predicted entities joining several true parties",
                 "entity", "true parties", result.worst_merges)
    _issue_table(out, "Worst splits: true parties spread over several entities",
                 "true party", "entities", result.worst_splits)


def _issue_table(out: Console, title: str, cluster: str, pieces: str,
                 issues: list[ClusterIssue]) -> None:
    if not issues:
        return
    table = Table(title=title, title_justify="left")
    for column in (cluster, "mentions", pieces, "biggest parts", "mentions in part",
                   "e.g. source:record_id:role"):
        table.add_column(column, overflow="fold")
    for issue in issues:
        shown = list(zip(issue.parts, issue.examples, strict=True))[:PARTS_SHOWN]
        for index, ((other, n), example) in enumerate(shown):
            head = (issue.cluster, f"{issue.size:,}", f"{issue.pieces:,}") if index == 0 \
                else ("", "", "")
            table.add_row(*(escape(cell) for cell in (*head, other, f"{n:,}",
                                                       ":".join(example))),
                          end_section=index == len(shown) - 1)
    out.print(table)
