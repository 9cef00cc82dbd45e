"""The prior and term frequencies after this run's changes, and the kept pairs they move
across a threshold or reorder (their components must be resolved again)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from resolvers import state
from resolvers.incremental.change import Change, Whole, as_table
from resolvers.model import Settings
from resolvers.table import Table, present

RANK_OF_RULE = 1e18


def whole(change: Change) -> Whole:
    meta, settings = change.state.meta, change.settings
    within = dict(meta["within"])
    tf_rows = dict(meta["tf_rows"])
    dead_rows = change.state.rows.take(pa.array(change.dead, pa.int64()))
    for table, sign in ((as_table(dead_rows), -1), (change.new_table, 1)):
        if not len(table):
            continue
        for key, count in state.within_counts(table, settings).items():
            within[key] = within.get(key, 0) + sign * count
        for column in tf_rows:
            tf_rows[column] += sign * int(present(table[column]).sum())
    pairs = sum(c * (c - 1) // 2 for c in within.values())
    rows = sum(within.values())
    prior = settings.prior
    if settings.matches_per_row and pairs:
        prior = float(min(max(settings.matches_per_row * rows / (2 * pairs), 1e-12), 0.5))
    return Whole(prior, tf_rows, within)


def tf_counts(change: Change, column: str, values: Iterable[str]) -> dict[str, int]:
    """How many rows of the whole (after this run) hold each of these values."""
    wanted = sorted({v for v in values if v is not None})
    if not wanted:
        return {}
    rows = change.state.rows
    hit = pc.is_in(rows[column], value_set=pa.array(wanted, pa.string()))
    where = np.flatnonzero(hit.to_numpy(zero_copy_only=False) & change.live[:change.old_rows])
    counts = Counter(pc.take(rows[column], where).to_pylist())
    asked = set(wanted)
    counts.update(v for v in change.new_table[column].tolist() if v in asked)
    return {v: counts[v] for v in wanted}


def drift(change: Change, now: Whole) -> set[int] | str:
    """Rows of kept pairs the new prior or term frequencies move across a threshold or
    reorder; new weights and counts of the pairs kept."""
    settings, pairs = change.settings, change.state.pairs
    left = pairs["left"].to_numpy()
    right = pairs["right"].to_numpy()
    weight = pairs["weight"].to_numpy()
    alive = change.live[left] & change.live[right]
    moved_prior = _log_odds(now.prior) - _log_odds(change.state.meta["prior"])
    delta = np.full(len(weight), moved_prior)
    most = moved_prior
    change.tf_new = {}
    for comparison in settings.comparisons:
        if not comparison.tf:
            continue
        column = comparison.column
        before = pairs[f"tf:{column}"].to_numpy()
        counted = tf_counts(change, column, changed_values(change, column))
        after = before.copy()
        if counted:
            values = pc.take(change.state.rows[column], pa.array(left))
            hit = pc.is_in(values, value_set=pa.array(sorted(counted), pa.string()))
            where = np.flatnonzero(hit.to_numpy(zero_copy_only=False) & (before > 0))
            after[where] = [counted[v] for v in pc.take(values, where).to_pylist()]
        old_n, new_n = change.state.meta["tf_rows"][column], now.tf_rows[column]
        exact = before > 0
        u = comparison.levels[0].u
        shift = np.zeros(len(weight))
        shift[exact] = _tf(u, after[exact], new_n, settings) - _tf(u, before[exact], old_n,
                                                                  settings)
        delta += shift
        change.tf_new[column] = after
        moved = [float(_tf(u, np.array([c]), new_n, settings)[0]
                       - _tf(u, np.array([_old_count(change, column, v, c)]), old_n,
                             settings)[0]) for v, c in counted.items()]
        most += max([0.0, float(np.log2(max(new_n, 1) / max(old_n, 1))), *moved])
    if most >= state.MARGIN:
        return (f"the prior and term frequencies moved some weights by {most:.2f} bits, "
                "more than the pairs kept can vouch for")
    after_weight = weight + delta
    change.new_weight = after_weight
    crossed = np.zeros(len(weight), dtype=bool)
    for threshold in {settings.review, settings.link, settings.compatible, settings.strong}:
        crossed |= (weight >= threshold) != (after_weight >= threshold)
    crossed &= alive
    rows = set(left[crossed].tolist()) | set(right[crossed].tolist())
    return rows | _reordered(change, left, right, weight, after_weight, alive)


def changed_values(change: Change, column: str) -> list[str]:
    dead = change.state.rows[column].take(pa.array(change.dead, pa.int64())).to_pylist()
    return [v for v in (*dead, *change.new_table[column].tolist()) if v is not None]


def _old_count(change: Change, column: str, value: str, now: int) -> int:
    if column not in change.moved:
        dead = change.state.rows[column].take(pa.array(change.dead, pa.int64())).to_pylist()
        moved: Counter[str] = Counter(change.new_table[column].tolist())
        moved.subtract(Counter(dead))
        change.moved[column] = moved
    return max(now - change.moved[column][value], 1)


def _reordered(change: Change, left: np.ndarray, right: np.ndarray, before: np.ndarray,
               after: np.ndarray, alive: np.ndarray) -> set[int]:
    """Rows of components where the links would be taken in another order."""
    pairs = change.state.pairs
    rule = pairs["rule"].to_numpy(zero_copy_only=False)
    never = pairs["never"].to_numpy(zero_copy_only=False)
    could = alive & ~never & (rule | (before >= change.settings.link))
    index = np.flatnonzero(could)
    component = change.marks["component"][left[index]]
    old = np.where(rule[index], RANK_OF_RULE, before[index])
    new = np.where(rule[index], RANK_OF_RULE, after[index])
    order = np.lexsort((-old, component))
    component, old, new = component[order], old[order], new[order]
    same = component[1:] == component[:-1]
    was, now = old[:-1] - old[1:], new[:-1] - new[1:]
    bad = same & (((was > 0) & (now <= 0)) | ((was == 0) & (now != 0)))
    rows = left[index][order][1:][bad]
    return set(rows.tolist())


def inject_tf(change: Change, table: Table) -> None:
    """The whole's term frequencies for this part of it."""
    for comparison in change.settings.comparisons:
        if comparison.tf:
            column = comparison.column
            values = table[column]
            counts = tf_counts(change, column, values.tolist())
            total = max(change.now.tf_rows[column], 1)
            table._derived[f"{column}|tf"] = np.array(
                [counts[v] / total if v is not None else 0.0 for v in values.tolist()])


def summary(change: Change) -> dict[str, Any]:
    """The run's term-frequency summary: the last one with the changed values recounted."""
    out = dict(change.frequencies)
    for comparison in change.settings.comparisons:
        if comparison.tf:
            column = comparison.column
            entry = dict(out.get(column, {"rows": 0, "counts": {}}))
            counts = dict(entry["counts"])
            for value, n in tf_counts(change, column, changed_values(change, column)).items():
                if n > 1:
                    counts[value] = n
                else:
                    counts.pop(value, None)
            out[column] = {"rows": change.now.tf_rows[column], "counts": counts}
    return out


def _log_odds(prior: float) -> float:
    return float(np.log2(prior / (1 - prior)))


def _tf(u: float, counts: np.ndarray, total: int, settings: Settings) -> np.ndarray:
    return np.log2(u / np.maximum(counts / max(total, 1), settings.tf_floor))
