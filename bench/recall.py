"""Recall of every saved query against the demo generator's planted instances (a script).

    .venv/bin/python bench/recall.py [--scale 10] [--data DIR] [--store-dir DIR] [--neo4j URL]
                                     [--stores ladybug,neo4j] [--only NAME,...]
                                     [--min-recall 0.95]

Uses the stores bench/queries.py builds (run that first). Runs the queries as
`tradegraph findings` does (broker-hub last, with the others' flagged entities) and counts a
planted instance found by the tests' rule: one finding whose evidence overlaps the instance's
records and mostly consists of them. Prints recall, misses and seconds per query and store;
with --min-recall, exits 1 when a query's recall is below it. The test suite checks both
stores at scale 1 and 10 (tests/test_demo_at_scale.py).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def evidence(finding: Any) -> set[str]:
    return {f"{r['source']}:{r['record_id']}" for r in finding.records}


def found(instance: set[str], findings: list[Any]) -> bool:
    return any(evidence(f) & instance and len(evidence(f) & instance) >= len(evidence(f)) / 2
               for f in findings)


def recall(store: Any, truth: list[dict[str, Any]], only: set[str]) -> list[tuple[Any, ...]]:
    return recall_of(findings_of(store, only), truth, only)


def findings_of(store: Any, only: frozenset[str] | set[str] = frozenset()) -> list[Any]:
    """Every built-in query's findings as `tradegraph findings` makes them."""
    from queries import catalog
    from queries.findings import run_all

    queries = {n: q for n, q in catalog.load_all().items()
               if q.origin == "builtin" and (not only or n in only or n == "broker-hub")}
    return run_all(queries=queries, store=store)


def recall_of(parts: list[Any], truth: list[dict[str, Any]],
              only: set[str]) -> list[tuple[Any, ...]]:
    rows = []
    for part in parts:
        if only and part.query not in only:
            continue
        planted = [i for i in truth if i["typology"] == part.typology]
        missed = [i["instance"] for i in planted
                  if not found({f"{r['source']}:{r['record_id']}" for r in i["records"]},
                               part.findings)]
        share = 1 - len(missed) / len(planted) if planted else float("nan")
        error = part.error["message"] if part.error else ""
        rows.append((part.query, len(planted), len(part.findings), share, part.seconds,
                     missed, error))
    return rows


def main() -> None:
    from bench.ingest import neo4j_url
    from bench.queries import ladybug, neo4j

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=10.0)
    parser.add_argument("--store-dir", type=Path)
    parser.add_argument("--neo4j")
    parser.add_argument("--stores", default="ladybug,neo4j")
    parser.add_argument("--only", default="", help="Comma-separated query names")
    parser.add_argument("--data", type=Path, help="Demo data folder (default: the bench's)")
    parser.add_argument("--min-recall", type=float, help="Exit 1 when a recall is below this")
    args = parser.parse_args()
    base = ROOT / ".cache" / "bench"
    data = args.data or base / f"demo-scale{args.scale:g}"
    truth = json.loads((data / "truth" / "patterns.json").read_text(encoding="utf-8"))
    only = {n for n in args.only.split(",") if n}
    stores = args.stores.split(",")
    short = []
    print(f"{'query':<28} {'store':<8} {'planted':>7} {'found':>6} {'recall':>6} "
          f"{'seconds':>7}  misses")
    for name in stores:
        if name == "ladybug":
            opened = ladybug(args.store_dir or base / f"queries-scale{args.scale:g}", data)
        else:
            url = neo4j_url(args.neo4j)
            if not url:
                print("neo4j skipped: no server")
                continue
            opened = neo4j(url, data, False)
        with opened as store:
            for query, planted, findings, share, seconds, missed, error in recall(
                    store, truth, only):
                shown = error or ", ".join(missed)
                print(f"{query:<28} {name:<8} {planted:>7} {findings:>6} {share:>6.2f} "
                      f"{seconds:>7.2f}  {shown}", flush=True)
                if args.min_recall is not None and (error or share < args.min_recall):
                    short.append(f"{query} ({name})")
    if short:
        sys.exit(f"recall below {args.min_recall:g}: {', '.join(short)}")


if __name__ == "__main__":
    main()
