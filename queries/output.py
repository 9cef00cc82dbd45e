"""Results as a terminal table, CSV or JSON; findings when the query returns them."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from queries.runner import Result

FORMATS = ("table", "csv", "json")


def flat(value: Any) -> str:
    """One cell: lists joined with ';', record maps as source:record_id."""
    if isinstance(value, dict) and set(value) == {"source", "record_id"}:
        return f"{value['source']}:{value['record_id']}"
    if isinstance(value, dict):
        return ";".join(f"{k}={flat(v)}" for k, v in value.items())
    if isinstance(value, list):
        return ";".join(flat(item) for item in value)
    if isinstance(value, float):
        return f"{value:.4g}"
    return "" if value is None else str(value)


def records(result: Result) -> list[dict[str, Any]]:
    """What is shown: the findings of a findings query, else its rows."""
    if result.findings is not None:
        return [finding.as_dict() for finding in result.findings]
    return result.rows


def as_json(result: Result, typology: str) -> str:
    key = "findings" if result.findings is not None else "rows"
    payload = {"query": result.query, "typology": typology, "backend": result.backend,
               "truncated": result.truncated, "limit": result.limit,
               "seconds": round(result.seconds, 3), key: records(result)}
    return json.dumps(payload, ensure_ascii=False, indent=2, default=str)


def as_csv(result: Result) -> str:
    shown = records(result)
    out = io.StringIO()
    if shown:
        writer = csv.DictWriter(out, fieldnames=list(shown[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows({k: flat(v) for k, v in row.items()} for row in shown)
    return out.getvalue()


def print_table(console: Console, result: Result, title: str) -> None:
    shown = records(result)
    table = Table(title=title, title_justify="left")
    for column in shown[0] if shown else ["(no rows)"]:
        table.add_column(escape(column), overflow="fold")
    for row in shown:
        table.add_row(*(escape(_cell(k, v)) for k, v in row.items()))
    console.print(table)


def _cell(column: str, value: Any) -> str:
    if column in ("entities", "records") and isinstance(value, list) and len(value) > 3:
        return f"{flat(value[:3])};… ({len(value)})"
    return flat(value)


def truncation_note(result: Result) -> str:
    return (f"truncated: showing the first {result.limit:,} rows; raise --limit to see more"
            if result.truncated else "")
