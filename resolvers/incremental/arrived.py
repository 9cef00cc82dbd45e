"""What arrived since the last run: new or changed records, new judgements, and the rows
their mentions fold into (old rows with the same values, or new ones)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from resolvers import judgements, state
from resolvers.arrivals import provisional_records, read_records
from resolvers.incremental.change import Change
from resolvers.keys import keys_of
from resolvers.mentions import PartyMention
from resolvers.profiles import COLUMNS
from resolvers.rebuild import mention_links
from resolvers.table import Table


def arrivals(change: Change) -> set[int]:
    """Read what arrived into `change`; the old rows it touches directly."""
    store, saved = change.store, change.state
    every = judgements.read_judgements(store)
    new_judged = [j for j in every if j.at >= saved.ran_at]
    records = provisional_records(store)
    change.reloaded = records
    incoming = read_records(store, records)
    named = {m for j in every for m in j.pair}
    old_named = set(_members_of(saved.members, pc.is_in(
        saved.members["mention"], value_set=pa.array(sorted(named), pa.string())))["mention"]
        .to_pylist())
    known = {m for m in old_named if state.record_of(m) not in records}
    known |= {p.id for p in incoming}
    applied = judgements.constraints(every, known)
    judged = {m for pair in (*applied.same, *applied.different) for m in pair}
    flipped = judged ^ set(saved.meta["judged"])
    again = {state.record_of(m) for j in new_judged for m in j.pair} | \
        {state.record_of(m) for m in flipped}
    again = {r for r in again - records
             if any(state.record_of(m) == r for m in old_named)}
    incoming += read_records(store, again)
    change.judged, change.applied = judged, applied
    return _fold(change, records | again, incoming)


def deleted(change: Change) -> int:
    """Mentions the last run saw that are gone from the store though no load replaced
    them (records deleted outside a load)."""
    return change.members.num_rows + len(change.incoming) - mention_links(change.store)


def _members_of(members: pa.Table, mask: Any) -> pa.Table:
    return members.filter(mask)


def _fold(change: Change, records: set[str], incoming: list[PartyMention]) -> set[int]:
    """Each mention read to the live old row of its values, or to a new row."""
    saved, old_rows = change.state, change.old_rows
    members = saved.members
    gone = pc.is_in(members["record"], value_set=pa.array(sorted(records), pa.string()))
    removed = members.filter(gone)
    change.kept_members = members.filter(pc.invert(gone))
    lost = set(removed["row"].to_pylist())
    idents, keyed = [], []
    for party in incoming:
        values = keys_of(party)
        keyed.append(values)
        idents.append(state.identity((getattr(values, c) for c in COLUMNS),
                                     party.id if party.id in change.judged else None))
    live = change.marks["live"]
    hit = pc.is_in(saved.rows["identity"], value_set=pa.array(idents, pa.string()))
    where = np.flatnonzero(hit.to_numpy(zero_copy_only=False) & live)
    row_of_ident = dict(zip(pc.take(saved.rows["identity"], where).to_pylist(),
                            where.tolist(), strict=True))
    joined: dict[str, int] = {}
    new_rows: dict[str, int] = {}
    new_keys = []
    for party, ident, values in zip(incoming, idents, keyed, strict=True):
        row = row_of_ident.get(ident)
        if row is None:
            row = new_rows.get(ident)
            if row is None:
                row = new_rows[ident] = old_rows + len(new_rows)
                new_keys.append(values)
        joined[party.id] = row
    remaining = set(change.kept_members.filter(
        pc.is_in(change.kept_members["row"], value_set=pa.array(sorted(lost), pa.int32()))
    )["row"].to_pylist())
    dead = sorted(lost - remaining - set(joined.values()))
    change.incoming = {p.id: p for p in incoming}
    change.joined = joined
    change.dead = np.array(dead, dtype=np.int64)
    change.new_table = Table.of({c: [getattr(k, c) for k in new_keys] for c in COLUMNS})
    change.new_idents = list(new_rows)
    return lost | {r for r in joined.values() if r < old_rows}
