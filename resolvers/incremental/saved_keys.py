"""The saved blocking keys: who holds the keys of the new and changed rows, which keys'
counts crossed their cap, and how many rows of the whole hold each key of the part."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from resolvers import state
from resolvers.incremental.change import Change
from resolvers.model import Settings
from resolvers.table import Table


@dataclass
class Found:
    """Live old rows' entries of some key values: per entry, its value (a position in
    `values`), its key kind and its row. Kept as integers: a common name token is held by
    hundreds of thousands of rows, and copying their strings cost seconds at a million."""

    values: list[str]
    value: np.ndarray
    kind: np.ndarray
    row: np.ndarray

    def codes(self) -> np.ndarray:
        return self.value * 256 + self.kind

    def counts(self) -> Counter[tuple[int, str]]:
        """Entries per (kind, value)."""
        found, counts = np.unique(self.codes(), return_counts=True)
        return Counter({(int(code % 256), self.values[int(code // 256)]): int(n)
                        for code, n in zip(found.tolist(), counts.tolist(), strict=True)})

    def rows_of(self, wanted: set[tuple[int, str]]) -> dict[tuple[int, str], list[int]]:
        """The rows holding each of these (kind, value)."""
        position = {v: i for i, v in enumerate(self.values)}
        codes = {position[v] * 256 + k for k, v in wanted if v in position}
        where = np.flatnonzero(np.isin(self.codes(), np.array(sorted(codes), np.int64)))
        out: dict[tuple[int, str], list[int]] = defaultdict(list)
        for value, kind, row in zip(self.value[where].tolist(), self.kind[where].tolist(),
                                    self.row[where].tolist(), strict=True):
            out[(kind, self.values[value])].append(row)
        return out


def holders(change: Change, values: list[str]) -> Found:
    """Live old rows' entries of these key values, any kind."""
    keys = change.state.keys
    index = pc.index_in(keys["key"], value_set=pa.array(values, pa.large_string()))
    where = np.flatnonzero(pc.is_valid(index).to_numpy())
    rows = keys["row"].to_numpy()[where]
    alive = change.live[:change.old_rows][rows]
    where, rows = where[alive], rows[alive]
    value = index.take(pa.array(where)).to_numpy().astype(np.int64)
    return Found(values, value, keys["kind"].to_numpy()[where].astype(np.int64), rows)


def blocking(change: Change, found: Found, new_keys: pa.Table | None,
             dead_keys: pa.Table) -> tuple[set[int], list[tuple[int, int]]]:
    """Rows holding a key whose count crossed its cap; pairs of a new and an old row.
    `found`: the live old rows' entries of the new and dead rows' keys."""
    caps = _caps(change.settings)
    old, dead = found.counts(), count(dead_keys)
    added = count(new_keys) if new_keys is not None else Counter()
    change.counts = {k: old[k] + added[k] for k in set(old) | set(added)}
    crossing_keys, shared = set(), set()
    for key in set(old) | set(added) | set(dead):
        before, after = old[key] + dead[key], old[key] + added[key]
        cap = caps[key[0]]
        if (before <= cap) != (after <= cap):
            crossing_keys.add(key)
        if after <= cap and added[key] and old[key]:
            shared.add(key)
    by_key = found.rows_of(crossing_keys | shared)
    new_of: dict[tuple[int, str], list[int]] = defaultdict(list)
    if new_keys is not None and shared:
        for kind, value, row in zip(*(new_keys[c].to_pylist() for c in ("kind", "key", "row")),
                                    strict=True):
            if (kind, value) in shared:
                new_of[(kind, value)].append(row)
    crossing = {row for key in crossing_keys for row in by_key[key]}
    pairs = {(a, b) for key in shared for a in new_of[key] for b in by_key[key]}
    return crossing, sorted(pairs)


def count_keys(change: Change, table: Table) -> None:
    """Rows of the whole holding each blocking key of the part, in one pass."""
    entries = state.key_table(table, change.settings, np.arange(len(table)))
    wanted = {(k, v) for k, v in zip(entries["kind"].to_pylist(),
                                     entries["key"].to_pylist(), strict=True)}
    missing = wanted - change.counts.keys()
    if not missing:
        return
    counted = holders(change, sorted({v for _, v in missing})).counts()
    if change.new_key_table is not None:
        counted.update(zip(change.new_key_table["kind"].to_pylist(),
                           change.new_key_table["key"].to_pylist(), strict=True))
    change.counts.update({key: counted[key] for key in missing})


def held(change: Change, kind_name: str, values: np.ndarray) -> np.ndarray:
    """Rows of the whole holding each of these values of one blocking key."""
    kind = change.state.meta["kinds"].index(kind_name)
    known = change.counts
    missing = sorted({v for v in values.tolist() if (kind, v) not in known})
    if missing:
        found = holders(change, missing).counts()
        counted = Counter({v: n for (k, v), n in found.items() if k == kind})
        if change.new_key_table is not None:
            extra = change.new_key_table.filter(pc.equal(change.new_key_table["kind"], kind))
            asked = set(missing)
            counted.update(v for v in extra["key"].to_pylist() if v in asked)
        known.update({(kind, v): counted[v] for v in missing})
    return np.array([known[(kind, v)] for v in values.tolist()], dtype=np.int64)


def _caps(settings: Settings) -> list[int]:
    """Each blocking key's cap, in the order of state.key_kinds."""
    keys = settings.blocking
    return [*(keys.cap(k) for k in keys.keys),
            *(keys.max_token_block for _ in keys.tokens)]


def count(keys: pa.Table) -> Counter[tuple[int, str]]:
    """Entries per (kind, key): the values encoded once, then counted as integers."""
    if not keys.num_rows:
        return Counter()
    encoded = pc.dictionary_encode(keys["key"]).combine_chunks()
    kinds = np.asarray(keys["kind"].combine_chunks(), dtype=np.int64)
    code = np.asarray(encoded.indices, dtype=np.int64) * 256 + kinds
    found, counts = np.unique(code, return_counts=True)
    values = encoded.dictionary.take(pa.array(found // 256)).to_pylist()
    return Counter(dict(zip(zip((found % 256).tolist(), values, strict=True), counts.tolist(),
                            strict=True)))
