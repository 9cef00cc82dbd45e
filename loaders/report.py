"""Rejections: what was not loaded, where it was and why, kept with the batch."""

from __future__ import annotations

import csv
from collections import Counter
from dataclasses import astuple, dataclass, fields
from pathlib import Path

REPORT_NAME = "rejections.csv"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
MAX_VALUE = 200  # the report names the value; it does not need all of a 1 MB field


@dataclass(frozen=True)
class Rejection:
    file: str
    line: int
    field: str
    value: str
    reason: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" + (f" {self.field}" if self.field else "")
        return f"{where}: {self.reason}"


def shorten(value: object) -> str:
    text = "" if value is None else str(value)
    return text if len(text) <= MAX_VALUE else f"{text[:MAX_VALUE]}… ({len(text):,} chars)"


def spreadsheet_safe(value: str) -> str:
    """Report cells starting like a formula get a quote, so a spreadsheet shows, not runs them."""
    return "'" + value if value.startswith(_FORMULA_START) else value


def write_report(rejections: list[Rejection], path: Path) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([f.name for f in fields(Rejection)])
        for rejection in rejections:
            writer.writerow([spreadsheet_safe(str(cell)) for cell in astuple(rejection)])


def summarise(rejections: list[Rejection]) -> list[tuple[str, str, int]]:
    """(file, reason, count) by frequency, for the on-screen summary."""
    counts = Counter((r.file, f"{r.field}: {_reason_kind(r.reason)}" if r.field else
                      _reason_kind(r.reason)) for r in rejections)
    return [(file, reason, n) for (file, reason), n in counts.most_common()]


def _reason_kind(reason: str) -> str:
    return reason.split("'")[0].split(":")[0].strip() or reason
