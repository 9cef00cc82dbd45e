"""Analyst-maintained reference data the demo needs: FX rates, trade remedies, registered agents."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from pathlib import Path

from .catalog import FX_USD_PER_UNIT, TRADE_REMEDIES
from .places import OFFICIAL
from .world import World


def _write(path: Path, header: Sequence[str], rows: Iterable[Sequence[str]]) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    count = 0
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(header)
        for row in rows:
            writer.writerow(row)
            count += 1
    return count


def write_reference(folder: Path, world: World) -> dict[str, int]:
    fx = [(c, f"{rate:.10f}".rstrip("0").rstrip(".")) for c, rate in FX_USD_PER_UNIT.items()]
    agents = [(address.variants[OFFICIAL], note) for address, note, _ in world.agents]
    return {
        "reference/fx_rates.csv": _write(folder / "fx_rates.csv", ("currency", "usd_per_unit"), fx),
        "reference/trade_remedies.csv": _write(
            folder / "trade_remedies.csv", ("country", "hs_chapter", "measure"), TRADE_REMEDIES),
        "reference/registered_agents.csv": _write(
            folder / "registered_agents.csv", ("address", "note"), agents),
    }
