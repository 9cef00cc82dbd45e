"""Bounded memory on a big file: one declarations.csv of N rows (default 1,000,000) into the
embedded store, reporting rows/s and peak memory (a script, not a test).

    .venv/bin/python bench/million.py [--rows 1000000] [--store DIR --first N]
"""

from __future__ import annotations

import argparse
import csv
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

HEADER = ["record_id", "date", "office", "hs_code", "description", "origin_country",
          "departure_country", "transport_mode", "net_mass_kg", "customs_value", "currency",
          "importer_name", "importer_tax_id", "importer_address", "exporter_name",
          "exporter_country", "declarant_name", "declarant_tax_id"]


def write_file(path: Path, rows: int, first: int = 0) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for i in range(first, first + rows):
            importer = i % 20_000
            writer.writerow([
                f"D{i:08d}", f"2025-{i % 12 + 1:02d}-{i % 28 + 1:02d}", f"O{i % 40}",
                f"{850000 + i % 9000:06d}", "Goods item", "CN", "CN", "sea", f"{i % 997 + 1}",
                f"{(i % 5000) * 3.5 + 10:.2f}", "USD", f"Importer {importer} Co., Ltd",
                f"{100000000 + importer:010d}", f"{importer} Le Loi, Q.1", f"Exporter {i % 3000}",
                "CN", f"Broker {i % 50}", f"{300000000 + i % 50:010d}"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--store", type=Path,
                        help="load into this store folder, kept (default: a new, temporary one)")
    parser.add_argument("--first", type=int, default=0,
                        help="number of the first declaration (another load's: other records)")
    args = parser.parse_args()
    from graph.ladybug_store import LadybugStore
    from loaders.ingest import ingest

    with tempfile.TemporaryDirectory() as folder:
        batch = Path(folder) / f"batch-{args.first}"
        batch.mkdir()
        (batch / "source.yaml").write_text("id: big-customs\nagency_type: customs\n")
        write_file(batch / "declarations.csv", args.rows, args.first)
        store = LadybugStore(args.store or Path(folder) / "graph")
        store.setup_schema()
        started = time.perf_counter()
        result = ingest(store, batch)
        seconds = time.perf_counter() - started
        copy = store.copy_seconds
        store.close()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{result.rows_loaded:,} declarations in {seconds:.1f} s: "
          f"{result.rows_loaded / seconds:,.0f} rows/s, peak memory {peak:,.0f} MiB, "
          f"{len(result.rejections)} rejections; {copy:.1f} s of it in the engine's bulk COPY")


if __name__ == "__main__":
    main()
