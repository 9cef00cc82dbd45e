"""Candidate pairs from several blocking keys, so far fewer than n² pairs are ever compared.

Rows are compared when they agree on one of the key column sets (a tax code, a phone, an
e-mail, a name...) or share a rare word, or a rare pair of words, of a name. A key shared
by too many rows says little and would cost n² pairs: it is skipped. Pairs come out as
two int arrays, left < right, each pair once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from itertools import combinations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from resolvers.aliases import variants
from resolvers.model import Settings
from resolvers.table import Table, factorize

SEP = "\x1f"
MAX_NAME_WORDS = 8  # pairs of words only for names this short: 28 pairs at most
Held = Callable[[str, pa.Array], np.ndarray]  # (key name, key values) -> rows of the whole
Seen = Callable[[np.ndarray, pa.Array], None]  # (rows, key values) of one blocking key


def candidate_pairs(table: Table, settings: Settings, held: Held | None = None,
                    seen: Seen | None = None) -> tuple[np.ndarray, np.ndarray]:
    """`held`, when the table is a part of a larger one (an incremental resolve): per blocking
    key name and key values, how many rows of the whole hold each, so caps count the whole.
    `seen` is given each blocking key's rows and values in turn (the saved state keeps them)."""
    def pairs_of(name: str, cap: int, rows: np.ndarray, keys: pa.Array
                 ) -> tuple[np.ndarray, np.ndarray]:
        return _pairs_of_groups(rows, keys, cap, held(name, keys) if held else None)

    # Each key's pairs on a second core while the next key is made: Arrow and numpy do most
    # of the work outside the GIL. The keys are handed to `seen` in their order.
    with ThreadPoolExecutor(max_workers=1) as pool:
        futures = []
        for name, cap, rows, keys in blocking_keys(table, settings):
            if seen:
                seen(rows, keys)
            futures.append(pool.submit(pairs_of, name, cap, rows, keys))
        found = [future.result() for future in futures]
    # The keys' Arrow columns are freed: let the allocator give their memory back rather
    # than keep it for arrays made later, which would raise the run's peak.
    pa.default_memory_pool().release_unused()
    left, right = _unique_pairs(found, len(table))
    if settings.across:
        side = table[settings.across]
        keep = side[left] != side[right]
        left, right = left[keep], right[keep]
    return left, right


def blocking_keys(table: Table, settings: Settings
                  ) -> Iterator[tuple[str, int, np.ndarray, pa.Array]]:
    """Per blocking key: its name, its cap, the rows holding a value of it, and the values
    (Arrow strings); a row's aliases give it keys too (resolvers/aliases.py)."""
    found = variants(table)
    if found is None:
        yield from _blocking_keys(table, settings)
        return
    for name, cap, rows, keys in _blocking_keys(found.table, settings):
        owners, owned = found.owned(rows, keys.to_numpy(zero_copy_only=False))
        yield name, cap, owners, pa.array(owned, pa.large_string())


def _blocking_keys(table: Table, settings: Settings
                   ) -> Iterator[tuple[str, int, np.ndarray, pa.Array]]:
    blocking = settings.blocking
    strings = _Strings(table)
    prefix = [strings.filled(column) for column in settings.within]
    for columns in blocking.keys:
        rows, keys = _present(_key_column(strings, columns, prefix))
        yield "+".join(columns), blocking.cap(columns), rows, keys
    for column in blocking.tokens:
        rows, keys = _token_keys(table, column, settings.within)
        yield f"tokens:{column}", blocking.max_token_block, rows, keys


def key_pairs(table: Table, settings: Settings,
              columns: tuple[str, ...]) -> tuple[np.ndarray, np.ndarray]:
    """The pairs equal on all these columns (and on `within`), blocks of any size capped."""
    strings = _Strings(table)
    key = _key_column(strings, columns, [strings.filled(c) for c in settings.within])
    left, right = _unique_pairs([_pairs_of_groups(*_present(key),
                                                  settings.blocking.cap(columns))], len(table))
    if settings.across:
        side = table[settings.across]
        keep = side[left] != side[right]
        left, right = left[keep], right[keep]
    return left, right


class _Strings:
    """A table's columns as Arrow strings, each converted once."""

    def __init__(self, table: Table) -> None:
        self.table = table
        self.made: dict[str, pa.Array] = {}

    def __call__(self, column: str) -> pa.Array:
        if column not in self.made:
            self.made[column] = pa.array(self.table[column], pa.large_string())
        return self.made[column]

    def filled(self, column: str) -> pa.Array:
        return pc.fill_null(self(column), EMPTY)


EMPTY, SEPARATOR = pa.scalar("", pa.large_string()), pa.scalar(SEP, pa.large_string())


def _key_column(strings: _Strings, columns: tuple[str, ...], prefix: list[pa.Array]
                ) -> pa.Array:
    """Per row, its `within` values and these columns' values, each followed by SEP; null
    where one of these columns is missing."""
    return pc.binary_join_element_wise(*prefix, *(strings(c) for c in columns), EMPTY, SEPARATOR)


def _present(key: pa.Array) -> tuple[np.ndarray, pa.Array]:
    """The rows where a key holds a value, and those values."""
    valid = key.is_valid()
    return np.flatnonzero(valid.to_numpy(zero_copy_only=False)), key.filter(valid)


def _token_keys(table: Table, column: str, within: tuple[str, ...]
                ) -> tuple[np.ndarray, pa.Array]:
    """Per row, in row order, the keys of its name's words and pairs of words. A name's keys
    are made once per distinct name and prefix (a million person mentions hold a fifth as
    many names), then handed out to its rows by index."""
    strings = _Strings(table)
    both = pc.binary_join_element_wise(*(strings.filled(c) for c in within), strings(column),
                                       EMPTY, SEPARATOR)
    codes = pc.dictionary_encode(both).indices.fill_null(-1).to_numpy().astype(np.int64)
    # Codes are numbered in order of first appearance: a row whose code exceeds every
    # earlier row's is its name's first.
    ahead = np.maximum.accumulate(np.concatenate(([-1], codes)))
    first = np.flatnonzero(codes > ahead[:-1])
    values = table[column]
    parts = [table[c] for c in within]
    made: list[str] = []
    counts = np.zeros(len(first) + 1, dtype=np.int64)  # the last: a row without a name
    for number, row in enumerate(first.tolist()):
        start = "".join((p[row] or "") + SEP for p in parts)
        before = len(made)
        made.extend(start + token for token in _name_keys(values[row]))
        counts[number] = len(made) - before
    held = counts[codes]
    rows = np.repeat(np.arange(len(codes)), held)
    offsets = np.cumsum(counts) - counts
    at = np.arange(len(rows)) - np.repeat(np.cumsum(held) - held, held)
    keys = pa.array(made, pa.large_string()).take(pa.array(offsets[codes[rows]] + at))
    return rows.astype(np.int64), keys


def _name_keys(value: str | None) -> Iterator[str]:
    words = sorted(set(value.split())) if value else []
    yield from words
    if 1 < len(words) <= MAX_NAME_WORDS:
        yield from (f"{a} {b}" for a, b in combinations(words, 2))


def _pairs_of_groups(rows: np.ndarray, keys: np.ndarray | pa.Array, max_block: int,
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
    wanted = (sizes >= 2) & (whole <= max_block)
    # Only the entries of wanted keys are sorted: most keys (a phone, a tax code) are held
    # by one row.
    entries = np.flatnonzero(wanted[group])
    order = entries[np.argsort(group[entries], kind="stable")]
    rows = rows[order]
    kept = np.where(wanted, sizes, 0)
    starts = np.cumsum(kept) - kept
    lefts, rights = [], []
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
    # Sorted, then each value once: np.unique hashes first (numpy 2), 30 times slower on
    # the 3.6 million pairs of a million mentions.
    code = np.sort(low[keep].astype(np.int64) * n + high[keep])
    code = code[np.concatenate(([True], code[1:] != code[:-1]))] if len(code) else code
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
