"""A batch resolved incrementally against a resolved store: wall, CPU, peak and checkpoint.

    .venv/bin/python bench/incremental.py STORE BATCH [--runs 3] [--work DIR] [--code DIR]

STORE is a fully resolved embedded store (e.g. `bench/resolve.py --keep DIR`), BATCH a folder
of batches (bench/resolve.py writes one under its work folder, `people-N/new`). Each run
copies STORE, ingests BATCH into the copy (not timed), then times `tradegraph resolve` in a
process of its own: wall and CPU time, peak RSS, and the seconds spent closing the store,
which is the engine's checkpoint of what the run wrote. `--code DIR` runs another checkout's
code (through PYTHONPATH) for a before/after in the same minutes. A script, not a test.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.resolve import timed  # noqa: E402

TRADEGRAPH = str(Path(sys.executable).parent / "tradegraph")
TARGET_SECONDS = 5.0  # issue 3

# The command, with the store's close timed: LadybugDB checkpoints as it closes.
CHILD = """
import sys, time
from graph.ladybug_store import LadybugStore
close = LadybugStore.close
def timed_close(self):
    started = time.perf_counter()
    close(self)
    print(f"close {time.perf_counter() - started:.3f}", file=sys.stderr)
LadybugStore.close = timed_close
from tradegraph.cli import app
sys.argv = ["tradegraph", "resolve", "--store", sys.argv[1]]
app()
"""


def run(store: Path, batch: Path, work: Path, code: Path | None) -> dict[str, float]:
    copy = work / "store"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(store, copy)
    subprocess.run([TRADEGRAPH, "ingest", str(batch), "--store", str(copy)], check=True,
                   stdout=subprocess.DEVNULL)
    load = os.getloadavg()[0]
    done = timed("resolve", [sys.executable, "-c", CHILD, str(copy)],
                 {"PYTHONPATH": str(code or ROOT)}, code or ROOT)
    print(done.output.strip())
    closes = [float(line.split()[1]) for line in done.errors.splitlines()
              if line.startswith("close ")]
    return {"wall": done.seconds, "user": done.user, "system": done.system,
            "peak": done.peak_mib, "close": sum(closes), "load": load}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("store", type=Path)
    parser.add_argument("batch", type=Path)
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--work", type=Path, default=ROOT / ".cache" / "bench-incremental")
    parser.add_argument("--code", type=Path, help="run this checkout's code instead")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    print(f"{'run':>4} {'wall s':>7} {'user s':>7} {'sys s':>6} {'close s':>8} "
          f"{'peak MiB':>9} {'load':>5}")
    results = []
    for number in range(1, args.runs + 1):
        r = run(args.store, args.batch, args.work, args.code)
        results.append(r)
        print(f"{number:>4} {r['wall']:>7.2f} {r['user']:>7.2f} {r['system']:>6.2f} "
              f"{r['close']:>8.2f} {r['peak']:>9.0f} {r['load']:>5.1f}", flush=True)
    best = min(results, key=lambda r: r["wall"])
    print(f"best wall {best['wall']:.2f} s ({best['wall'] / TARGET_SECONDS:.2f}x the "
          f"{TARGET_SECONDS:.0f} s target), checkpoint at close {best['close']:.2f} s")
    shutil.rmtree(args.work / "store", ignore_errors=True)


if __name__ == "__main__":
    main()
