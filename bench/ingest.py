"""Ingest throughput and peak memory on scale-10 demo data, per store (a script, not a test).

    .venv/bin/python bench/ingest.py [--scale 10] [--neo4j bolt://neo4j:pw@127.0.0.1:7687]
        [--stores ladybug,neo4j-bulk,neo4j] [--neo4j-home .cache/neo4j/home]

Each store is measured in a fresh child process so its peak memory is its own. "client CPU
s" is that process's CPU time (the embedded engine's COPY threads included): on a shared
machine it says more than the wall clock about the work done. `neo4j-bulk` is
`ingest --bulk-import` (neo4j-admin import into the emptied database of the server whose
home is --neo4j-home; it stops and starts that server): its "bulk COPY s" column is the
import tool's run, and the time and CPU of the steps follow the table. The embedded and Bolt
loads go through `ingest_batches`, as `tradegraph ingest DIR...` does (the batches of
different sources staged together, each table copied once on LadybugDB).
Targets (issue 2, 2 cores): embedded >= 50,000 rows/s, Neo4j >= 20,000 rows/s, < 2 GiB.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TARGETS = {"ladybug": 50_000, "neo4j": 20_000, "neo4j-bulk": 20_000}
MEMORY_LIMIT_MIB = 2048
DEFAULT_HOME = ROOT / ".cache" / "neo4j" / "home"  # the scripts/neo4j.sh server's
BULK_STEPS = ("stage", "stop", "import", "start", "online", "schema")


def measure(store_name: str, data: Path, url: str | None,
            home: Path | None = None) -> dict[str, float]:
    if store_name == "neo4j-bulk":
        return measure_bulk(data, url or "", home or DEFAULT_HOME)
    from graph.ladybug_store import LadybugStore
    from graph.neo4j_store import Neo4jStore
    from loaders.batch import open_batch
    from loaders.ingest import ingest_batches
    from tradegraph.cli import batch_folders

    with tempfile.TemporaryDirectory() as folder:
        store = LadybugStore(Path(folder)) if store_name == "ladybug" else Neo4jStore(url or "")
        store.setup_schema()
        store.clear()
        started = time.perf_counter()
        batches = [open_batch(folder) for folder in batch_folders([data / "batches"])]
        rows = sum(result.rows_loaded for result in ingest_batches(store, batches))
        seconds = time.perf_counter() - started
        copy = getattr(store, "copy_seconds", 0.0)
        store.close()
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return {"rows": rows, "seconds": seconds, "rows_per_s": rows / seconds,
            "peak_mib": usage.ru_maxrss / 1024, "copy_seconds": copy,
            "cpu_seconds": usage.ru_utime + usage.ru_stime}


def measure_bulk(data: Path, url: str, home: Path) -> dict[str, float]:
    from graph.neo4j_store import Neo4jStore
    from loaders.bulk_import import bulk_import
    from tradegraph.cli import batch_folders

    with Neo4jStore(url) as store:  # the import wants an empty database: emptied untimed
        store.clear()
    started = time.perf_counter()
    done = bulk_import(url, None, home, batch_folders([data / "batches"]))
    seconds = time.perf_counter() - started
    rows = sum(result.rows_loaded for result in done.results)
    usage = resource.getrusage(resource.RUSAGE_SELF)
    tools = resource.getrusage(resource.RUSAGE_CHILDREN)  # import tool and launchers
    return {"rows": rows, "seconds": seconds, "rows_per_s": rows / seconds,
            "peak_mib": usage.ru_maxrss / 1024, "copy_seconds": done.seconds["import"],
            "cpu_seconds": usage.ru_utime + usage.ru_stime,
            "tool_cpu_seconds": tools.ru_utime + tools.ru_stime,
            "tool_peak_mib": tools.ru_maxrss / 1024,
            **{f"{step}_seconds": s for step, s in done.seconds.items()}}


def _engine_seconds(name: str, m: dict[str, float]) -> float:
    """Embedded: the bulk COPY; bulk import: everything after the staging (the stop, the
    tool, the start and the constraints and indexes); over Bolt the server's part is
    interleaved with the client's and not measured apart."""
    if name == "ladybug":
        return m["copy_seconds"]
    if name == "neo4j-bulk":
        return m["seconds"] - m["stage_seconds"]
    return 0.0


def neo4j_url(given: str | None) -> str | None:
    if given or os.environ.get("TRADEGRAPH_TEST_NEO4J"):
        return given or os.environ["TRADEGRAPH_TEST_NEO4J"]
    done = subprocess.run([str(ROOT / "scripts/neo4j.sh"), "status"], capture_output=True,
                          text=True, check=False)
    return done.stdout.strip().splitlines()[-1] if done.returncode == 0 else None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=10.0)
    parser.add_argument("--neo4j", help="Bolt URL; default: the scripts/neo4j.sh server")
    parser.add_argument("--stores", default="ladybug,neo4j",
                        help="comma-separated, in run order: ladybug, neo4j-bulk, neo4j")
    parser.add_argument("--neo4j-home", type=Path, default=DEFAULT_HOME,
                        help="home of the --neo4j server, for neo4j-bulk")
    parser.add_argument("--one", choices=sorted(TARGETS), help=argparse.SUPPRESS)
    parser.add_argument("--data", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure(args.one, args.data, args.neo4j, args.neo4j_home)))
        return
    from tradegraph.demo import generate

    data = ROOT / ".cache" / "bench" / f"demo-scale{args.scale:g}"
    if not (data / "batches").exists():
        generate(data, seed=7, scale=args.scale)
    url = neo4j_url(args.neo4j)
    print(f"scale {args.scale:g} demo data in {data}")
    print(f"{'store':<10} {'rows':>9} {'seconds':>8} {'rows/s':>9} {'target':>8} "
          f"{'ratio':>6} {'peak MiB':>9} {'bulk COPY s':>12} {'client CPU s':>13}")
    measured = {}
    for name in args.stores.split(","):
        if name.startswith("neo4j") and not url:
            print(f"{name:<10} skipped: no server (scripts/neo4j.sh start)")
            continue
        child = [sys.executable, __file__, "--one", name, "--data", str(data),
                 "--neo4j-home", str(args.neo4j_home)]
        out = subprocess.run(child + (["--neo4j", url] if url else []), capture_output=True,
                             text=True, check=True).stdout
        m = json.loads(out.strip().splitlines()[-1])
        ratio = m["rows_per_s"] / TARGETS[name]
        print(f"{name:<10} {m['rows']:>9,} {m['seconds']:>8.1f} {m['rows_per_s']:>9,.0f} "
              f"{TARGETS[name]:>8,} {ratio:>6.2f} {m['peak_mib']:>9,.0f} "
              f"{m['copy_seconds']:>12.1f} {m['cpu_seconds']:>13.1f}"
              f"{'' if m['peak_mib'] < MEMORY_LIMIT_MIB else '  over the memory target'}")
        measured[name] = m
        engine = _engine_seconds(name, m)
        if engine:
            # The engine's part of the load does not shrink with the client's: this is the
            # rows/s the path could reach if everything before it took no time.
            print(f"{'':<10} the engine's part alone: {engine:.1f} s, at most "
                  f"{m['rows'] / engine:,.0f} rows/s however fast the client")
    bulk = measured.get("neo4j-bulk")
    if bulk:
        steps = ", ".join(f"{key.removesuffix('_seconds')} {value:.1f}"
                          for key, value in bulk.items()
                          if key.endswith("_seconds") and key.split("_")[0] in BULK_STEPS)
        print(f"neo4j-bulk steps, wall s: {steps}; import tool and launchers: "
              f"{bulk['tool_cpu_seconds']:.1f} s CPU, peak {bulk['tool_peak_mib']:,.0f} MiB")
    if bulk and "neo4j" in measured:
        print(f"neo4j-bulk against neo4j over Bolt: "
              f"{bulk['rows_per_s'] / measured['neo4j']['rows_per_s']:.1f}x the rows/s")


if __name__ == "__main__":
    main()
