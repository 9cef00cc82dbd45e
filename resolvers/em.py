"""Estimate the model's m and u without labels, and refine them with labelled pairs.

u (how often two different parties fall in a level) comes from random pairs, almost all
of which are non-matches. m (how often one party's mentions do) comes from
expectation-maximisation with u held fixed, as Splink does: each round weighs every pair by
its current match probability and recounts the levels. EM over all candidate pairs at once
would take "similar names" for the match class; so it runs once per training session, over
the pairs equal on some columns (a tax code, a name), learning the other comparisons.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from resolvers.comparisons import Comparison, levels
from resolvers.model import Settings
from resolvers.table import Table

FLOOR = 1e-5  # no level is impossible: a probability of 0 would be an infinite weight


def random_pairs(table: Table, settings: Settings, count: int,
                 seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Random pairs of rows that could be compared (same `within` values, different `across`)."""
    rng = np.random.default_rng(seed)
    n = len(table)
    left, right = rng.integers(0, n, count), rng.integers(0, n, count)
    keep = left != right
    for column in settings.within:
        values = table[column]
        keep &= values[left] == values[right]
    if settings.across:
        side = table[settings.across]
        keep &= side[left] != side[right]
    return left[keep], right[keep]


def estimate_u(table: Table, settings: Settings, count: int = 1_000_000,
               seed: int = 0) -> Settings:
    left, right = random_pairs(table, settings, count, seed)
    found = levels(table, settings.comparisons, left, right)
    comparisons = tuple(_with(c, u=_shares(found[:, i], np.ones(len(found)), len(c.levels)))
                        for i, c in enumerate(settings.comparisons))
    return replace(settings, comparisons=comparisons)


def estimate_m(table: Table, settings: Settings, sessions: list[tuple[str, ...]],
               rounds: int = 25) -> tuple[Settings, list[float]]:
    """EM once per training session, as Splink does: the pairs equal on the session's
    columns, with the comparisons of those columns left out (they are equal by
    construction, so they would teach nothing). Each comparison's m is the mean over the
    sessions that estimated it. Returns the settings and each session's match share."""
    estimates: dict[int, list[np.ndarray]] = {}
    shares = []
    for columns in sessions:
        left, right = pairs_equal_on(table, settings, columns)
        if len(left) == 0:
            continue
        found = levels(table, settings.comparisons, left, right)
        active = [i for i, c in enumerate(settings.comparisons) if c.column not in columns]
        m, share = _em(found, settings.comparisons, active, rounds)
        shares.append(share)
        for index in active:
            estimates.setdefault(index, []).append(m[index])
    comparisons = tuple(_with(c, m=np.mean(estimates[i], axis=0)) if i in estimates else c
                        for i, c in enumerate(settings.comparisons))
    return replace(settings, comparisons=comparisons), shares


def pairs_equal_on(table: Table, settings: Settings,
                   columns: tuple[str, ...]) -> tuple[np.ndarray, np.ndarray]:
    from resolvers.blocking import key_pairs

    return key_pairs(table, settings, columns)


def _em(found: np.ndarray, comparisons: tuple[Comparison, ...], active: list[int],
        rounds: int, tolerance: float = 1e-5) -> tuple[dict[int, np.ndarray], float]:
    share = 0.5
    current = {i: np.array([lv.m for lv in comparisons[i].levels]) for i in active}
    weights = {i: np.log2(np.array([lv.u for lv in comparisons[i].levels])) for i in active}
    for _ in range(rounds):
        log_odds = np.full(len(found), np.log2(share / (1 - share)))
        for i in active:
            table = np.concatenate(([0.0], np.log2(current[i]) - weights[i]))
            log_odds += table[found[:, i]]
        p = 1.0 / (1.0 + np.exp2(-log_odds))
        updated = {i: _shares(found[:, i], p, len(comparisons[i].levels)) for i in active}
        change = max(float(np.abs(updated[i] - current[i]).max()) for i in active)
        current, share = updated, float(np.clip(p.mean(), 1e-6, 1 - 1e-6))
        if change < tolerance:
            break
    return current, share


def estimate_share(found: np.ndarray, settings: Settings, rounds: int = 50) -> float:
    """EM on the share of matches among these pairs alone, m and u held fixed."""
    partial = sum(c.weights()[found[:, i]] for i, c in enumerate(settings.comparisons))
    share = 0.1
    for _ in range(rounds):
        p = 1.0 / (1.0 + np.exp2(-(np.log2(share / (1 - share)) + partial)))
        share, previous = float(np.clip(p.mean(), 1e-9, 1 - 1e-9)), share
        if abs(share - previous) < 1e-7:
            break
    return share


def refine(settings: Settings, found: np.ndarray, same: np.ndarray,
           strength: float = 50.0) -> Settings:
    """Blend m and u with the levels of labelled pairs (same: True for one party); `strength`
    is how many labelled pairs the current values count as."""
    comparisons = []
    for index, comparison in enumerate(settings.comparisons):
        column = found[:, index]
        m = _blend(comparison, "m", column[same], strength)
        u = _blend(comparison, "u", column[~same], strength)
        comparisons.append(_with(_with(comparison, m=m), u=u))
    return replace(settings, comparisons=tuple(comparisons))


def _blend(comparison: Comparison, which: str, column: np.ndarray,
           strength: float) -> np.ndarray:
    counts = np.bincount(column, minlength=len(comparison.levels) + 1)[1:].astype(float)
    current = np.array([getattr(level, which) for level in comparison.levels])
    return (counts + strength * current) / (counts.sum() + strength)


def _shares(column: np.ndarray, weights: np.ndarray, count: int) -> np.ndarray:
    """Weighted share of each level 1..count among the pairs where the comparison has values."""
    totals = np.bincount(column, weights=weights, minlength=count + 1)[1:]
    shares = totals / totals.sum() if totals.sum() > 0 else np.full(count, 1.0 / count)
    shares = np.maximum(shares, FLOOR)
    return shares / shares.sum()


def _with(comparison: Comparison, m: np.ndarray | None = None,
          u: np.ndarray | None = None) -> Comparison:
    if m is not None:
        m = _keep_fixed(comparison, m)
    new = tuple(replace(level, m=float(m[k]) if m is not None else level.m,
                        u=float(u[k]) if u is not None else level.u)
                for k, level in enumerate(comparison.levels))
    return replace(comparison, levels=new)


def _keep_fixed(comparison: Comparison, m: np.ndarray) -> np.ndarray:
    """Levels with a hand-set m keep it; the others share what is left in their proportions."""
    fixed = np.array([level.fixed for level in comparison.levels])
    if not fixed.any():
        return m
    out = np.array([level.m for level in comparison.levels])
    free = m[~fixed]
    out[~fixed] = free / free.sum() * (1.0 - out[fixed].sum()) if free.sum() > 0 else out[~fixed]
    return out
