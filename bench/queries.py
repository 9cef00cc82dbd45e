"""Latency of every saved query on scale-10 demo data, per store (a script, not a test).

    .venv/bin/python bench/queries.py [--scale 10] [--runs 5] [--store-dir DIR]
                                      [--neo4j bolt://neo4j:pw@127.0.0.1:7687] [--reload]
                                      [--stores ladybug,neo4j] [--only NAME,...]
                                      [--data DIR]

Builds the demo data (seed 7) and a resolved embedded store with its reference data under
DIR (default .cache/bench/queries-scale10), reusing them when they are there (--data: demo
data generated elsewhere with the same seed and scale, read only); loads the
same data into the Neo4j server when it does not hold it yet (or with --reload). Each
query runs once to warm up, then --runs times; the table shows the median and the slowest
run against the 1 s target of issue 4. broker-hub gets the entity keys of the other
queries' findings, as in `tradegraph findings` (with --only, the others still run once,
untimed, to supply them).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TARGET_S = 1.0


def build(store: Any, data: Path) -> None:
    from loaders.ingest import ingest
    from loaders.reference import load_reference
    from resolvers.rebuild import resolve
    from tradegraph.cli import batch_folders

    started = time.perf_counter()
    store.setup_schema()
    for batch in batch_folders([data / "batches"]):
        ingest(store, batch)
    load_reference(store, data / "reference")
    resolve(store)
    print(f"  loaded and resolved in {time.perf_counter() - started:.0f} s", flush=True)


def with_reference(store: Any, data: Path) -> Any:
    """Stores built before the bench loaded reference data get it now (FX rates, remedies)."""
    from loaders.reference import load_reference

    if not store.query("MATCH (f:FxRate) RETURN count(f) AS n")[0]["n"]:
        load_reference(store, data / "reference")
    return store


Timings = dict[str, list[tuple[float, float]]]  # query -> (wall s, client CPU s) per run


def time_queries(store: Any, runs: int, only: set[str] | None = None) -> Timings:
    from queries import catalog
    from queries.findings import (
        FLAGGED,
        QueryFindings,
        flagged_entities,
        ordered,
        run_one,
        takes_flagged,
    )
    queries = ordered(catalog.load_all())
    timed = [q.name for q in queries if only is None or q.name in only]
    if any(takes_flagged(q) for q in queries if q.name in timed):
        needed = queries
    else:
        needed = [q for q in queries if q.name in timed]
    done: list[QueryFindings] = []
    seconds: Timings = {}
    for query in needed:
        given = {FLAGGED: sorted(flagged_entities(done))} if takes_flagged(query) else {}
        done.append(run_one(store, query, given, 10_000))
        if done[-1].error:
            print(f"  {query.name} failed: {done[-1].error['message']}", flush=True)
            continue
        if query.name in timed:
            seconds[query.name] = [timed_run(store, query, given) for _ in range(runs)]
    return seconds


def timed_run(store: Any, query: Any, given: dict[str, Any]) -> tuple[float, float]:
    """Wall and CPU seconds of one run. The embedded engine runs in this process, so its CPU
    time shows how much of a slow run was spent waiting for a core on a shared machine (it can
    exceed wall time when the engine uses both cores; Neo4j's work is the server's)."""
    from queries.runner import run

    started = time.process_time()
    wall = run(store, query, given, 10_000).seconds
    return wall, time.process_time() - started


def ladybug(folder: Path, data: Path) -> Any:
    from graph.ladybug_store import LadybugStore

    fresh = not (folder / "graph.lbug").exists()
    store = LadybugStore(folder)
    if fresh:
        print(f"building the embedded store in {folder}", flush=True)
        build(store, data)
    return with_reference(store, data)


def neo4j(url: str, data: Path, reload: bool) -> Any:
    from graph.neo4j_store import Neo4jStore

    store = Neo4jStore(url)
    held = store.query("MATCH (d:Declaration) RETURN count(d) AS n")[0]["n"]
    wanted = sum(1 for _ in (data / "batches" / "customs-declarations" / "declarations.csv")
                 .open(encoding="utf-8")) - 1
    if reload or held != wanted:
        print(f"loading the Neo4j store ({held:,} declarations held, {wanted:,} wanted)",
              flush=True)
        store.clear()
        build(store, data)
    return with_reference(store, data)


def main() -> None:
    from bench.ingest import neo4j_url
    from tradegraph.demo import generate

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=10.0)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--store-dir", type=Path, help="Embedded store folder to build or reuse")
    parser.add_argument("--neo4j", help="Bolt URL; default: the scripts/neo4j.sh server")
    parser.add_argument("--reload", action="store_true", help="Reload the Neo4j store")
    parser.add_argument("--stores", default="ladybug,neo4j", help="Which stores to time")
    parser.add_argument("--only", help="Time only these saved queries (comma-separated names)")
    parser.add_argument("--data", type=Path,
                        help="Demo data folder to use instead of generating one (read only)")
    args = parser.parse_args()
    only = set(args.only.split(",")) if args.only else None
    if only:
        from queries import catalog

        unknown = sorted(only - set(catalog.load_all()))
        if unknown:
            parser.error(f"no saved query named {', '.join(unknown)}")
    base = ROOT / ".cache" / "bench"
    data = args.data or base / f"demo-scale{args.scale:g}"
    if args.data and not (data / "batches").exists():
        parser.error(f"{data} holds no batches/")
    if not (data / "batches").exists():
        generate(data, seed=7, scale=args.scale)
    folder = args.store_dir or base / f"queries-scale{args.scale:g}"
    results: dict[str, Timings] = {}
    stores = args.stores.split(",")
    if "ladybug" in stores:
        with ladybug(folder, data) as store:
            results["ladybug"] = time_queries(store, args.runs, only)
    url = neo4j_url(args.neo4j) if "neo4j" in stores else None
    if url:
        with neo4j(url, data, args.reload) as store:
            results["neo4j"] = time_queries(store, args.runs, only)
    elif "neo4j" in stores:
        print("neo4j skipped: no server (scripts/neo4j.sh start)")
    report(results, args.scale, args.runs)


def report(results: dict[str, Timings], scale: float, runs: int) -> None:
    print(f"\nscale {scale:g} demo data, {runs} runs per query after one warm-up "
          f"(target: {TARGET_S:g} s; cpu: this process's CPU time, embedded store only)")
    print(f"{'query':<28} {'store':<8} {'median s':>9} {'max s':>7} {'cpu s':>6} {'target':>7}")
    names = dict.fromkeys(n for timings in results.values() for n in timings)
    for name in names:
        for store, timings in results.items():
            if name in timings:
                walls = [wall for wall, _ in timings[name]]
                median, worst = statistics.median(walls), max(walls)
                cpu = f"{statistics.median(c for _, c in timings[name]):6.3f}" \
                    if store == "ladybug" else f"{'-':>6}"
                verdict = "ok" if worst <= TARGET_S else "SLOW"
                print(f"{name:<28} {store:<8} {median:>9.3f} {worst:>7.3f} {cpu} {verdict:>7}")


if __name__ == "__main__":
    main()
