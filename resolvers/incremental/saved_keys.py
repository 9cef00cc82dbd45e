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


def holders(change: Change, values: pa.Array) -> pa.Table:
    """Live old rows' entries of these key values, any kind."""
    keys = change.state.keys
    hits = keys.filter(pc.is_in(keys["key"], value_set=values))
    alive = change.live[:change.old_rows][hits["row"].to_numpy()]
    return hits.filter(pa.array(alive))


def blocking(change: Change, found: pa.Table, new_keys: pa.Table | None,
             dead_keys: pa.Table) -> tuple[set[int], list[tuple[int, int]]]:
    """Rows holding a key whose count crossed its cap; pairs of a new and an old row.
    `found`: the live old rows' entries of the new and dead rows' keys."""
    caps = _caps(change.settings)
    old, dead = count(found), count(dead_keys)
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
    wanted = crossing_keys | shared
    picked = found.filter(pc.is_in(found["key"], value_set=pa.array(
        sorted({v for _, v in wanted}), pa.large_string())))
    by_key: dict[tuple[int, str], list[int]] = defaultdict(list)
    for kind, value, row in zip(*(picked[c].to_pylist() for c in ("kind", "key", "row")),
                                strict=True):
        if (kind, value) in wanted:
            by_key[(kind, value)].append(row)
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
    hits = holders(change, pa.array(sorted({v for _, v in missing}), pa.large_string()))
    counted = Counter(zip(hits["kind"].to_pylist(), hits["key"].to_pylist(), strict=True))
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
        hits = holders(change, pa.array(missing, pa.large_string()))
        hits = hits.filter(pc.equal(hits["kind"], kind))
        counted = Counter(hits["key"].to_pylist())
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
