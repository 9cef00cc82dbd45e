"""Which rows a full run could decide differently: the components of the rows touched, of
rows holding a key that crossed its cap, of pairs the prior or term frequencies move, of the
old rows a new one could link to, and those judgements join to them."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from resolvers import state
from resolvers.incremental import frequencies, saved_keys
from resolvers.incremental.change import Change, concat
from resolvers.linker import _agree, _conflict, scored_pairs
from resolvers.model import Settings

MAX_SHARE = 0.25  # re-resolving more of the rows than this is no faster than a full run


def rows_to_resolve(change: Change, touched: set[int]) -> tuple[set[int], set[int]] | str:
    """The rows to re-resolve and the old rows scored near them (context), or why the run
    cannot be incremental."""
    n_new = len(change.new_table)
    old_rows = change.old_rows
    live = change.marks["live"].copy()
    live[change.dead] = False
    change.live = np.concatenate((live, np.ones(n_new, dtype=bool)))
    new_ids = np.arange(old_rows, old_rows + n_new)
    new_keys = state.key_table(change.new_table, change.settings, new_ids) if n_new else None
    change.new_key_table = new_keys
    keys = change.state.keys
    dead_keys = keys.filter(pc.is_in(keys["row"], value_set=pa.array(change.dead, pa.int32())))
    changed = pa.concat_tables([t for t in (new_keys, dead_keys) if t is not None])
    found = saved_keys.holders(change, changed["key"].unique().to_pylist()
                               if changed.num_rows else [])
    now = frequencies.whole(change)
    crossing, candidates = saved_keys.blocking(change, found, new_keys, dead_keys)
    touched |= crossing
    drift = frequencies.drift(change, now)
    if isinstance(drift, str):
        return drift
    touched |= drift
    change.note = "; ".join(part for part in (
        f"{len(crossing):,} rows hold a blocking key that crossed its cap" if crossing
        else "",
        f"{len(drift):,} rows have a pair the new prior or term frequencies move across a "
        "threshold or reorder" if drift else "") if part)
    if change.note:
        change.note += ": their components are re-resolved too"
    change.whole = now
    linking, context = _new_pairs(change, candidates)
    touched |= linking
    rows = _closure(change, touched)
    share = len(rows) / max(int(change.live.sum()), 1)
    if share > MAX_SHARE:
        return (f"the new records touch {len(rows):,} of {int(change.live.sum()):,} rows: "
                "a full run is as quick")
    return rows, context


def settings_now(change: Change) -> Settings:
    """The model with the whole's prior after this run."""
    return replace(change.settings, prior=change.now.prior, matches_per_row=None)


def _new_pairs(change: Change, candidates: list[tuple[int, int]]) -> tuple[set[int], set[int]]:
    """Score new rows against their old candidates: the old rows a new one could link to,
    and those it scores near the review band with (kept, so re-scored as context)."""
    if not candidates:
        return set(), set()
    old_rows = change.old_rows
    ids = np.array(sorted({b for _, b in candidates}), dtype=np.int64)
    table = change.table_of(ids)
    local = {int(g): i for i, g in enumerate(ids.tolist())}
    offset = len(ids)
    left = np.array([offset + a - old_rows for a, _ in candidates], dtype=np.int64)
    right = np.array([local[b] for _, b in candidates], dtype=np.int64)
    both = concat(table, change.new_table)
    settings = settings_now(change)
    frequencies.inject_tf(change, both)
    scored, _ = scored_pairs(both, settings, right, left)
    rule = _agree(both, settings.same_rules, right, left)
    never = _conflict(both, settings.never_rules, right, left)
    could = ~never & (rule | (scored.total >= settings.link))
    near = rule | (scored.total >= settings.review - state.MARGIN)
    linking = {int(ids[r]) for r in right[could].tolist()}
    context = {int(ids[r]) for r in right[near].tolist()}
    return linking, context


def _closure(change: Change, touched: set[int]) -> set[int]:
    """Old live rows of the touched rows' components, with those judgements join."""
    component = change.marks["component"]
    old_rows, n_new = change.old_rows, len(change.new_table)
    live = change.live[:old_rows]
    rows_of_mention = _row_lookup(change)
    pending = {int(component[r]) for r in touched if r < old_rows}
    chosen: set[int] = set()
    inside = set(range(old_rows, old_rows + n_new))
    applied = change.constraints
    while pending:
        chosen |= pending
        mask = np.isin(component, np.array(sorted(chosen))) & live
        inside = set(np.flatnonzero(mask).tolist()) | set(range(old_rows, old_rows + n_new))
        pending = set()
        for a, b in (*applied.same, *applied.different):
            ra, rb = rows_of_mention.get(a), rows_of_mention.get(b)
            if ra is None or rb is None or (ra in inside) == (rb in inside):
                continue
            outside = rb if ra in inside else ra
            pending.add(int(component[outside]))
        pending -= chosen
    change.inside = inside
    return inside


def _row_lookup(change: Change) -> dict[str, int]:
    """Rows of the mentions judgements name, after this run."""
    applied, members = change.constraints, change.members
    named = sorted({m for pair in (*applied.same, *applied.different) for m in pair})
    found = members.filter(pc.is_in(members["mention"], value_set=pa.array(named, pa.string())))
    out = dict(zip(found["mention"].to_pylist(), found["row"].to_pylist(), strict=True))
    out.update({m: r for m, r in change.joined.items() if m in set(named)})
    return out
