"""The rows to re-resolve, with their context, linked as a table of their own with the
whole's blocking counts, prior and term frequencies."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from resolvers.incremental import frequencies, saved_keys
from resolvers.incremental.change import Change
from resolvers.incremental.reach import settings_now
from resolvers.linker import Linkage, link
from resolvers.profiles import COLUMNS, Profiles
from resolvers.table import Table


@dataclass
class Part:
    profiles: Profiles  # the part's rows in a full run's order
    linkage: Linkage
    order: np.ndarray  # per row of the part, its row in the state
    in_part: np.ndarray  # per row of the part: re-resolved (not context)
    groups: dict[int, list[int]]  # the re-resolved clusters: label -> rows of the part
    touching: np.ndarray  # per kept pair: an end is re-resolved
    alive: np.ndarray  # per kept pair: both ends live


def resolve_part(change: Change, rows: set[int], context: set[int]) -> Part:
    pairs = change.state.pairs
    left, right = pairs["left"].to_numpy(), pairs["right"].to_numpy()
    inside = np.zeros(len(change.live), dtype=bool)
    inside[sorted(rows)] = True
    touching = inside[left] | inside[right]
    alive = change.live[left] & change.live[right]
    context |= set(left[touching & alive].tolist()) | set(right[touching & alive].tolist())
    context = {r for r in context if not inside[r] and change.live[r]}
    part_ids = np.array(sorted(rows | context), dtype=np.int64)
    found, positions = _profiles(change, part_ids)
    order = np.array([part_ids[i] for i in positions], dtype=np.int64)
    table = found.table
    frequencies.inject_tf(change, table)
    saved_keys.count_keys(change, table)
    applied = change.constraints
    linkage = link(table, settings_now(change), local(applied.same, found),
                   local(applied.different, found),
                   held=lambda name, values: saved_keys.held(change, name, values))
    in_part = inside[order]
    groups = {label: members for label, members in linkage.clusters.groups().items()
              if in_part[label]}
    return Part(found, linkage, order, in_part, groups, touching, alive)


def _profiles(change: Change, ids: np.ndarray) -> tuple[Profiles, list[int]]:
    """The part's rows as a full run orders them (by first mention), with their members;
    the position in `ids` of each ordered row."""
    members = _members(change, ids)
    table = change.table_of(ids)
    groups = [sorted(members[int(g)]) for g in ids.tolist()]
    order = sorted(range(len(ids)), key=lambda i: groups[i][0])
    columns = {c: table[c][order] for c in COLUMNS}
    ordered = [groups[i] for i in order]
    row_of = {m: r for r, group in enumerate(ordered) for m in group}
    return Profiles(Table(columns), ordered, row_of), order


def _members(change: Change, ids: np.ndarray) -> dict[int, list[str]]:
    kept = change.members
    found = kept.filter(pc.is_in(kept["row"], value_set=pa.array(ids, pa.int32())))
    out: dict[int, list[str]] = defaultdict(list)
    for mention, row in zip(found["mention"].to_pylist(), found["row"].to_pylist(),
                            strict=True):
        out[row].append(mention)
    for mention, row in change.joined.items():
        out[row].append(mention)
    return out


def local(pairs: list[tuple[str, str]], found: Profiles) -> list[tuple[int, int]]:
    """Judged pairs of mentions as pairs of the part's rows, when both are in it."""
    return [(found.row_of[a], found.row_of[b]) for a, b in pairs
            if a in found.row_of and b in found.row_of]
