"""Resolver speed and memory against Splink 5 (DuckDB) on the same million person mentions.

    .venv/bin/pip install -e .[bench]        # splink, recordlinkage
    .venv/bin/python bench/resolve.py [--mentions 1000000] [--work .cache/bench-resolve]

In one run: generate the mentions (bench/people.py, cached in --work), load them into an
embedded store (not timed: ingest has its own bench), then time, each in its own process
so peak memory is its own: Splink deduplicating them, `tradegraph resolve` over the store
(a full run), and `tradegraph resolve` again after a 1,000-record batch arrives (the
incremental case). Prints wall time, peak memory, pairwise precision/recall/F1 against the
truth and the ratios tradegraph/Splink. A script, not a test.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.people import write_batches  # noqa: E402

PYTHON = sys.executable
TRADEGRAPH = str(Path(PYTHON).parent / "tradegraph")
NEW_BATCH = 1_000
TARGET_SECONDS = 5.0  # issue 3: a 1,000-record batch against a million resolved records


@dataclass
class Run:
    what: str
    seconds: float
    user: float  # CPU seconds of the child
    system: float
    peak_mib: float
    output: str
    errors: str  # its standard error

    @property
    def cpu(self) -> float:
        return self.user + self.system


def timed(what: str, command: list[str], env: dict[str, str] | None = None,
          cwd: Path | None = None) -> Run:
    """Run a command in a child process; its wall time and its own CPU time and peak RSS.
    `env` adds to this process's environment."""
    started = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True, env={**os.environ, "COLUMNS": "100", **(env or {})},
                             cwd=cwd)
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    out = child.stdout.read() if child.stdout else ""
    err = child.stderr.read() if child.stderr else ""
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"{what} failed:\n{out}\n{err}")
    return Run(what, seconds, usage.ru_utime, usage.ru_stime, usage.ru_maxrss / 1024, out, err)


def quality(truth: Path, predicted: Path) -> dict[str, float]:
    from resolvers.evaluate import evaluate, read_resolution

    pairwise = evaluate(read_resolution(truth), read_resolution(predicted), top=0).pairwise
    return {"precision": pairwise.precision, "recall": pairwise.recall, "f1": pairwise.f1}


def prepare(work: Path, mentions: int) -> tuple[Path, Path, Path]:
    """The batches, the one-extra-batch, and a store holding the batches (cached)."""
    data = work / f"people-{mentions}"
    if not (data / "truth.csv").exists():
        print(f"generating {mentions:,} person mentions in {data}", flush=True)
        write_batches(data / "batches", mentions)
        shutil.move(data / "batches" / "truth.csv", data / "truth.csv")
    if not (data / "new").exists():
        write_batches(data / "new", NEW_BATCH, seed=2)
        for folder in (data / "new").iterdir():  # a new agency's records, new ids
            if folder.is_dir():
                (folder / "source.yaml").write_text(
                    f"id: new-{folder.name}\nname: new {folder.name}\nagency_type: other\n")
    store = data / "store"
    if not (store / "loaded").exists():
        shutil.rmtree(store, ignore_errors=True)
        print(f"loading them into {store} (not timed)", flush=True)
        subprocess.run([TRADEGRAPH, "ingest", str(data / "batches"), "--store", str(store)],
                       check=True, stdout=subprocess.DEVNULL)
        (store / "loaded").touch()
    return data, data / "new", store


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mentions", type=int, default=1_000_000)
    parser.add_argument("--work", type=Path, default=ROOT / ".cache" / "bench-resolve")
    parser.add_argument("--check", action="store_true",
                        help="afterwards, compare the incremental result with a full run")
    parser.add_argument("--skip-splink", action="store_true",
                        help="time only tradegraph (Splink is the slow part)")
    parser.add_argument("--keep", type=Path,
                        help="copy the fully resolved store here, before the new batch arrives")
    args = parser.parse_args()
    data, new, store = prepare(args.work, args.mentions)
    truth = data / "truth.csv"

    splink, splink_quality = None, None
    if not args.skip_splink:
        splink_out = data / "splink.csv"
        splink = timed("Splink 5 (DuckDB)", [PYTHON, str(ROOT / "bench" / "splink_people.py"),
                                              str(data / "batches"), str(splink_out)])
        splink_quality = quality(truth, splink_out)

    working = data / "store-run"
    shutil.rmtree(working, ignore_errors=True)
    shutil.copytree(store, working)
    full = timed("tradegraph resolve (full)",
                 [TRADEGRAPH, "resolve", "--full", "--store", str(working)])
    ours_out = data / "tradegraph.csv"
    export(working, ours_out)
    ours_quality = quality(truth, ours_out)
    if args.keep:
        shutil.rmtree(args.keep, ignore_errors=True)
        shutil.copytree(working, args.keep)
    subprocess.run([TRADEGRAPH, "ingest", str(new), "--store", str(working)], check=True,
                   stdout=subprocess.DEVNULL)
    incremental = timed(f"tradegraph resolve ({NEW_BATCH:,} new records)",
                        [TRADEGRAPH, "resolve", "--store", str(working)])
    print(incremental.output.strip())
    if args.check:
        check(working, data)

    print(f"\n{args.mentions:,} person mentions, {os.cpu_count()} cores\n")
    print(f"{'':34} {'wall s':>8} {'CPU s':>7} {'peak MiB':>9} {'precision':>9} {'recall':>7} "
          f"{'F1':>7}")
    for run, scores in ((splink, splink_quality), (full, ours_quality), (incremental, None)):
        if run is None:
            continue
        q = (f"{scores['precision']:>9.4f} {scores['recall']:>7.4f} {scores['f1']:>7.4f}"
             if scores else "")
        print(f"{run.what:34} {run.seconds:>8.1f} {run.cpu:>7.1f} {run.peak_mib:>9.0f} {q}")
    if splink and splink_quality:
        print(f"\ntradegraph / Splink: time {full.seconds / splink.seconds:.2f}x, "
              f"peak memory {full.peak_mib / splink.peak_mib:.2f}x, "
              f"F1 {ours_quality['f1'] - splink_quality['f1']:+.4f}")
    print(f"incremental {NEW_BATCH:,} records: {incremental.seconds:.1f} s, "
          f"{incremental.seconds / TARGET_SECONDS:.2f}x the {TARGET_SECONDS:.0f} s target; "
          f"{incremental.seconds / full.seconds:.3f}x a full run")


def export(store: Path, out: Path) -> None:
    subprocess.run([TRADEGRAPH, "export", "resolution", "--out", str(out), "--store", str(store)],
                   check=True, stdout=subprocess.DEVNULL)


def partition(path: Path) -> set[frozenset[tuple[str, ...]]]:
    from resolvers.evaluate import read_resolution

    groups: dict[str, set[tuple[str, ...]]] = {}
    for mention, entity in read_resolution(path).items():
        groups.setdefault(entity, set()).add(mention)
    return {frozenset(g) for g in groups.values()}


def check(store: Path, data: Path) -> None:
    """Does a full run of the same data give the incremental run's partition? (not timed)"""
    after = data / "incremental.csv"
    export(store, after)
    subprocess.run([TRADEGRAPH, "resolve", "--full", "--store", str(store)], check=True,
                   stdout=subprocess.DEVNULL)
    again = data / "full-again.csv"
    export(store, again)
    same = partition(after) == partition(again)
    print(f"incremental partition equals a full run's: {'yes' if same else 'NO'}")


if __name__ == "__main__":
    main()
