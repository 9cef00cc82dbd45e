"""Where a full resolve's time and memory go: wall, CPU and RSS per stage, in one process.

    .venv/bin/python bench/resolve_stages.py STORE   # a copy: the run replaces its entities

Wraps the resolver's stage functions so that entering one starts its stage; a thread
samples the process's RSS every 20 ms, so each stage's "max" is the peak while it ran
(the run's peak is the largest). A script, not a test; the figures vary with the load.
"""

from __future__ import annotations

import resource
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from graph import ladybug_staging  # noqa: E402
from graph.ladybug_store import LadybugStore  # noqa: E402
from resolvers import judgements, linker, rebuild  # noqa: E402
from resolvers import state as saved  # noqa: E402

STAGES = {
    rebuild: ("read_keyed", "fold_keyed", "link", "_review_rows", "_entity", "_links"),
    judgements: ("read_judgements",),
    linker: ("candidate_pairs", "levels", "score", "_ambiguous", "cluster"),
    saved: ("save_full", "pair_table", "member_table", "key_table", "row_table"),
    ladybug_staging.StagedWriter: ("flush",),
}


class Stages:
    def __init__(self) -> None:
        self.marks: list[list[Any]] = []  # name, wall, cpu, rss at start, max rss
        self.lock = threading.Lock()

    def enter(self, name: str) -> None:
        with self.lock:
            if not self.marks or self.marks[-1][0] != name:
                now = rss_mib()
                self.marks.append([name, time.perf_counter(), time.process_time(), now, now])

    def sample(self) -> None:
        while True:
            now = rss_mib()
            with self.lock:
                if self.marks and now > self.marks[-1][4]:
                    self.marks[-1][4] = now
            time.sleep(0.02)

    def wrap(self, owner: Any, name: str) -> None:
        inner: Callable[..., Any] = getattr(owner, name)

        def staged(*args: Any, **kwargs: Any) -> Any:
            self.enter(name)
            return inner(*args, **kwargs)

        setattr(owner, name, staged)


def rss_mib() -> float:
    with open("/proc/self/statm", encoding="ascii") as handle:
        return int(handle.read().split()[1]) * resource.getpagesize() / 2**20


def main() -> None:
    stages = Stages()
    for owner, names in STAGES.items():
        for name in names:
            if hasattr(owner, name):
                stages.wrap(owner, name)
    threading.Thread(target=stages.sample, daemon=True).start()
    started = time.perf_counter()
    stages.enter("open")
    store = LadybugStore(Path(sys.argv[1]))
    result = rebuild.resolve(store, full=True)
    stages.enter("close")
    store.close()
    stages.enter("end")
    print(f"{result.mentions:,} mentions, {result.entities:,} entities, "
          f"{result.review:,} review pairs")
    print(f"{'stage':18} {'wall s':>7} {'CPU s':>7} {'RSS MiB':>8} {'max':>6}")
    for (name, wall, cpu, rss, peak), after in zip(stages.marks, stages.marks[1:], strict=False):
        print(f"{name:18} {after[1] - wall:7.1f} {after[2] - cpu:7.1f} {rss:8.0f} {peak:6.0f}")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"total {time.perf_counter() - started:.1f} s, peak {peak:,.0f} MiB")


if __name__ == "__main__":
    main()
