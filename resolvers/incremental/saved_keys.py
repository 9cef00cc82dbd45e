"""The saved blocking keys: who holds the keys of the new and changed rows, which keys'
counts crossed their cap, and how many rows of the whole hold each key of the part."""

from __future__ import annotations

from collections import Counter, defaultdict

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from resolvers import state
from resolvers.incremental.change import Change
from resolvers.model import Settings
from resolvers.table import Table


class Found:
    """Live old rows' entries of some key values, any kind: how many per kind and value,
    and, for the keys asked, which rows. keys-0 (the last full run's) is read through its
    directory (state.grouped): the counts come from it, less the entries of rows no longer
    live, and rows are taken only for the keys asked. A common name token is held by
    hundreds of thousands of rows: taking every entry of a batch's keys was 5 million
    entries, about 1 s at a million mentions. Later segments are scanned."""

    def __init__(self, change: Change, values: list[str]) -> None:
        saved = change.state
        self.values = values
        self.keys = saved.keys
        self.live = change.live[:change.old_rows]
        wanted = pa.array(values, pa.large_string())
        covers = saved.directory_covers
        self.groups = _groups(saved.directory, wanted) if covers else _NO_GROUPS
        self.dead = _dead_entries(self.keys.slice(0, covers), self.live) if covers \
            else _EMPTY
        rest = self.keys.slice(covers)
        index = pc.index_in(rest["key"], value_set=wanted)
        where = np.flatnonzero(pc.is_valid(index).to_numpy(zero_copy_only=False))
        taken = pa.array(where)
        value = _ints(pc.take(index, taken))
        kind = _ints(pc.take(rest["kind"], taken))
        row = _ints(pc.take(rest["row"], taken))
        alive = self.live[row]
        self.tail = (value[alive], kind[alive], row[alive])

    def counts(self) -> Counter[tuple[int, str]]:
        """Entries per (kind, value)."""
        value, kind, start, count = self.groups
        end = start + count
        live = count - (np.searchsorted(self.dead, end) - np.searchsorted(self.dead, start))
        out: Counter[tuple[int, str]] = Counter()
        for v, k, n in zip(value.tolist(), kind.tolist(), live.tolist(), strict=True):
            if n:
                out[(k, self.values[v])] += n
        for v, k in zip(self.tail[0].tolist(), self.tail[1].tolist(), strict=True):
            out[(k, self.values[v])] += 1
        return out

    def rows_of(self, wanted: set[tuple[int, str]]) -> dict[tuple[int, str], list[int]]:
        """The rows holding each of these (kind, value)."""
        out: dict[tuple[int, str], list[int]] = defaultdict(list)
        value, kind, start, count = self.groups
        rows = self.keys["row"]
        for v, k, first, n in zip(value.tolist(), kind.tolist(), start.tolist(),
                                  count.tolist(), strict=True):
            key = (k, self.values[v])
            if key in wanted:
                held = _ints(rows.slice(first, n))
                out[key].extend(held[self.live[held]].tolist())
        for v, k, r in zip(*(part.tolist() for part in self.tail), strict=True):
            key = (k, self.values[v])
            if key in wanted:
                out[key].append(r)
        return out


_EMPTY = np.empty(0, dtype=np.int64)
_NO_GROUPS = (_EMPTY, _EMPTY, _EMPTY, _EMPTY)


def _ints(values: pa.Array | pa.ChunkedArray) -> np.ndarray:
    return np.asarray(values.to_numpy(zero_copy_only=False), dtype=np.int64)


def _groups(directory: pa.Table | None, wanted: pa.Array) -> tuple[np.ndarray, ...]:
    """The directory's groups of these values: each one's value (a position in `wanted`),
    kind, first entry in keys-0 and count of entries."""
    assert directory is not None
    index = pc.index_in(directory["key"], value_set=wanted)
    taken = pa.array(np.flatnonzero(pc.is_valid(index).to_numpy(zero_copy_only=False)))
    return (_ints(pc.take(index, taken)), _ints(pc.take(directory["kind"], taken)),
            _ints(pc.take(directory["start"], taken)), _ints(pc.take(directory["count"], taken)))


def _dead_entries(keys: pa.Table, live: np.ndarray) -> np.ndarray:
    """Positions, in order, of the entries of rows no longer live."""
    dead = np.flatnonzero(~live)
    if not len(dead):
        return _EMPTY
    hit = pc.is_in(keys["row"], value_set=pa.array(dead, pa.int32()))
    return np.flatnonzero(hit.to_numpy(zero_copy_only=False)).astype(np.int64)


def holders(change: Change, values: list[str]) -> Found:
    """Live old rows' entries of these key values, any kind."""
    return Found(change, values)


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
