"""Candidate pairs from several blocking keys, so far fewer than n² pairs are ever compared.

Rows are compared when they agree on one of the key column sets (a tax code, a phone, an
e-mail, a name...) or share a rare word, or a rare pair of words, of a name. A key shared
by too many rows says little and would cost n² pairs: it is skipped. Pairs come out as
two int arrays, left < right, each pair once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import combinations

import numpy as np

from resolvers.aliases import variants
from resolvers.model import Settings
from resolvers.table import Table, factorize, present

SEP = "\x1f"
MAX_NAME_WORDS = 8  # pairs of words only for names this short: 28 pairs at most
Held = Callable[[str, np.ndarray], np.ndarray]  # (key name, key values) -> rows of the whole
Seen = Callable[[np.ndarray, np.ndarray], None]  # (rows, key values) of one blocking key


def candidate_pairs(table: Table, settings: Settings, held: Held | None = None,
                    seen: Seen | None = None) -> tuple[np.ndarray, np.ndarray]:
    """`held`, when the table is a part of a larger one (an incremental resolve): per blocking
    key name and key values, how many rows of the whole hold each, so caps count the whole.
    `seen` is given each blocking key's rows and values in turn (the saved state keeps them)."""
    found = []
    for name, cap, rows, keys in blocking_keys(table, settings):
        if seen:
            seen(rows, keys)
        found.append(_pairs_of_groups(rows, keys, cap, held(name, keys) if held else None))
    left, right = _unique_pairs(found, len(table))
    if settings.across:
        side = table[settings.across]
        keep = side[left] != side[right]
        left, right = left[keep], right[keep]
    return left, right


def blocking_keys(table: Table, settings: Settings
                  ) -> Iterator[tuple[str, int, np.ndarray, np.ndarray]]:
    """Per blocking key: its name, its cap, the rows holding a value of it, and the values;
    a row's aliases give it keys too (resolvers/aliases.py)."""
    found = variants(table)
    if found is None:
        yield from _blocking_keys(table, settings)
        return
    for name, cap, rows, keys in _blocking_keys(found.table, settings):
        yield (name, cap, *found.owned(rows, keys))


def _blocking_keys(table: Table, settings: Settings
                   ) -> Iterator[tuple[str, int, np.ndarray, np.ndarray]]:
    blocking = settings.blocking
    prefix = _prefix(table, settings.within)
    for columns in blocking.keys:
        key = _key_column(table, columns, prefix)
        rows = np.flatnonzero(present(key))
        yield "+".join(columns), blocking.cap(columns), rows, key[rows]
    for column in blocking.tokens:
        rows, keys = _token_keys(table[column], prefix)
        yield f"tokens:{column}", blocking.max_token_block, rows, keys


def key_pairs(table: Table, settings: Settings,
              columns: tuple[str, ...]) -> tuple[np.ndarray, np.ndarray]:
    """The pairs equal on all these columns (and on `within`), blocks of any size capped."""
    key = _key_column(table, columns, _prefix(table, settings.within))
    left, right = _unique_pairs([_pairs_of_keys(key, settings.blocking.cap(columns))],
                                len(table))
    if settings.across:
        side = table[settings.across]
        keep = side[left] != side[right]
        left, right = left[keep], right[keep]
    return left, right


def _prefix(table: Table, within: Iterable[str]) -> np.ndarray:
    prefix = np.full(len(table), "", dtype=object)
    for column in within:
        prefix = prefix + np.where(table.missing(column), "", table[column]) + SEP
    return prefix


def _key_column(table: Table, columns: tuple[str, ...], prefix: np.ndarray) -> np.ndarray:
    missing = np.zeros(len(table), dtype=bool)
    key = prefix.copy()
    for column in columns:
        missing |= table.missing(column)
        key = key + np.where(table.missing(column), "", table[column]) + SEP
    key[missing] = None
    return key


def _pairs_of_keys(key: np.ndarray, max_block: int) -> tuple[np.ndarray, np.ndarray]:
    rows = np.flatnonzero(present(key))
    return _pairs_of_groups(rows, key[rows], max_block)


def _token_keys(values: np.ndarray, prefix: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    rows: list[int] = []
    keys: list[str] = []
    # A name's keys made once per distinct name and prefix: names repeat (a million
    # person mentions hold a fifth as many names).
    made: dict[tuple[str, str | None], list[str]] = {}
    for row, (start, value) in enumerate(zip(prefix.tolist(), values.tolist(), strict=True)):
        found = made.get((start, value))
        if found is None:
            found = made[(start, value)] = [start + token for token in _name_keys(value)]
        if found:
            rows.extend([row] * len(found))
            keys.extend(found)
    return np.array(rows, dtype=np.int64), np.array(keys, dtype=object)


def _name_keys(value: str | None) -> Iterator[str]:
    words = sorted(set(value.split())) if value else []
    yield from words
    if 1 < len(words) <= MAX_NAME_WORDS:
        yield from (f"{a} {b}" for a, b in combinations(words, 2))


def _pairs_of_groups(rows: np.ndarray, keys: np.ndarray, max_block: int,
                     held: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """All pairs of rows sharing a key, for keys held by 2..max_block rows (of the whole
    table, `held` per entry, when these rows are part of one)."""
    if len(rows) == 0:
        return np.empty(0, np.int64), np.empty(0, np.int64)
    group, sizes = factorize(keys)
    whole = sizes
    if held is not None:
        whole = np.zeros(len(sizes), dtype=np.int64)
        whole[group] = held
    order = np.argsort(group, kind="stable")
    rows, group = rows[order], group[order]
    starts = np.concatenate(([0], np.cumsum(sizes)[:-1]))
    lefts, rights = [], []
    wanted = (sizes >= 2) & (whole <= max_block)
    for size in np.unique(sizes[wanted]):
        first = starts[(sizes == size) & wanted]
        members = rows[first[:, None] + np.arange(size)[None, :]]
        a, b = np.triu_indices(size, 1)
        lefts.append(members[:, a].ravel())
        rights.append(members[:, b].ravel())
    if not lefts:
        return np.empty(0, np.int64), np.empty(0, np.int64)
    return np.concatenate(lefts), np.concatenate(rights)


def _unique_pairs(found: list[tuple[np.ndarray, np.ndarray]],
                  n: int) -> tuple[np.ndarray, np.ndarray]:
    left = np.concatenate([a for a, _ in found]) if found else np.empty(0, np.int64)
    right = np.concatenate([b for _, b in found]) if found else np.empty(0, np.int64)
    low, high = np.minimum(left, right), np.maximum(left, right)
    keep = low != high
    code = np.unique(low[keep].astype(np.int64) * n + high[keep])
    return code // n, code % n


@dataclass(frozen=True)
class BlockingQuality:
    """How much blocking saves and what it loses, counted over mentions."""

    mentions: int
    compared_pairs: int  # pairs of table rows scored
    candidate_pairs: int  # pairs of mentions those stand for, identical mentions included
    true_pairs: int
    true_pairs_kept: int

    @property
    def reduction_ratio(self) -> float:
        total = self.mentions * (self.mentions - 1) // 2
        return 1.0 - self.candidate_pairs / total if total else 1.0

    @property
    def pair_completeness(self) -> float:
        return self.true_pairs_kept / self.true_pairs if self.true_pairs else 1.0


def blocking_quality(row_of: dict[str, int], truth: dict[str, str], left: np.ndarray,
                     right: np.ndarray) -> BlockingQuality:
    """row_of: mention -> table row (identical mentions share one); truth: mention -> party.

    Only mentions on both sides count. Pairs are counted per (row, party) cell, never listed.
    """
    scored = [m for m in row_of if m in truth]
    cells: dict[int, dict[str, int]] = {}
    sizes: dict[int, int] = {}
    parties: dict[str, int] = {}
    for mention in scored:
        row, party = row_of[mention], truth[mention]
        cell = cells.setdefault(row, {})
        cell[party] = cell.get(party, 0) + 1
        sizes[row] = sizes.get(row, 0) + 1
        parties[party] = parties.get(party, 0) + 1
    kept = sum(n * (n - 1) // 2 for cell in cells.values() for n in cell.values())
    candidates = sum(n * (n - 1) // 2 for n in sizes.values())
    for a, b in zip(left.tolist(), right.tolist(), strict=True):
        if a in cells and b in cells:
            candidates += sizes[a] * sizes[b]
            small, large = sorted((cells[a], cells[b]), key=len)
            kept += sum(n * large.get(party, 0) for party, n in small.items())
    true_pairs = sum(n * (n - 1) // 2 for n in parties.values())
    return BlockingQuality(len(scored), len(left), candidates, true_pairs, kept)
