"""CPU seconds to normalise every distinct address, phone, e-mail, tax code and identifier of
a data folder once, as a load does (a script, not a test).

    .venv/bin/python bench/normalise.py [--data .cache/bench/demo-scale10]

Reads the batches' CSV and JSON Lines files as given, takes the values each kind of record
hands the loader (graph/records.py MENTIONS: a phone with its mention's country) and times
each normaliser over its distinct values, one loop each, in this process's CPU time after
the tables are loaded.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from graph.records import MENTIONS, attributes  # noqa: E402
from resolvers import normalise  # noqa: E402


def rows(path: Path) -> Iterator[dict[str, Any]]:
    if path.suffix == ".csv":
        with path.open(encoding="utf-8-sig", newline="") as f:
            yield from csv.DictReader(f)
    else:
        with path.open(encoding="utf-8") as f:
            yield from (json.loads(line) for line in f if line.strip())


def distinct_values(batches: Path) -> dict[str, dict[tuple[Any, ...], None]]:
    """Arguments of each normaliser, as the loader's `attributes` passes them, once each."""
    found: dict[str, dict[tuple[Any, ...], None]] = {
        "address_key": {}, "phone": {}, "email": {}, "tax_code": {}, "text_key": {}}
    for path in sorted(batches.rglob("*")):
        if path.suffix not in (".csv", ".jsonl") or path.stem not in MENTIONS:
            continue
        for row in rows(path):
            get = lambda name, row=row: row.get(name) or None  # noqa: E731
            for spec in MENTIONS[path.stem]:
                mention = spec.mention(get)
                if mention is None:
                    continue
                found["address_key"][(mention.address,)] = None
                found["phone"][(mention.phone, mention.country)] = None
                found["email"][(mention.email,)] = None
                found["tax_code"][(mention.tax_id,)] = None
                for given in mention.ids:
                    found["text_key"][(given.split(":", 1)[1],)] = None
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT / ".cache" / "bench" / "demo-scale10")
    args = parser.parse_args()
    found = distinct_values(args.data / "batches")
    made: dict[str, Callable[..., Any]] = {
        "address_key": normalise.address_key, "phone": normalise.phone,
        "email": normalise.email, "tax_code": normalise.tax_code,
        "text_key": normalise.text_key}
    # Load the tables (address terms, phone metadata, legal forms) before timing.
    warm = MENTIONS["companies"][0].mention(
        {"name": "A", "address": "Đường Lê Lợi", "phone": "0912345678", "tax_id": "0101234567",
         "country": "VN", "registration_no": "1"}.get)
    assert warm is not None
    attributes(warm)
    total = 0.0
    for name, values in found.items():
        make = made[name]
        started = time.process_time()
        for given in values:
            make(*given)
        seconds = time.process_time() - started
        total += seconds
        print(f"{name:<12} {len(values):>8,} distinct {seconds:>7.3f} s CPU")
    print(f"{'all':<12} {sum(map(len, found.values())):>8,} distinct {total:>7.3f} s CPU")


if __name__ == "__main__":
    main()
