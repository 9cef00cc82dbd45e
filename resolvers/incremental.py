"""Resolve new or changed mentions against the last run's entities, ending where a full run would.

A full run's clustering of one component (rows joined by pairs that could link, or by a
judgement) never looks outside it, so a new batch changes only the components it touches.
An incremental run reads the saved state (resolvers/state.py) and the new or changed
records, and re-resolves exactly the rows a full run could decide differently:
- the components of rows whose mentions changed, and of rows a new row could link to;
- the components of every row holding a blocking key whose count crossed its cap (pairs
  appear or vanish there);
- the components of kept pairs that the new prior or term frequencies move across a
  threshold, or whose order among their component's links they change;
- the components joined to those by a judgement.
Those rows are resolved as a table of their own, with the whole's blocking counts, prior and
term frequencies; their old entities, links and review pairs are replaced. When the term
frequencies move further than the pairs kept can vouch for, the run is not incremental.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from graph.records import Mention
from graph.schema import (
    ENTITY,
    RESOLVER_RUN,
    REVIEW_PAIR,
)
from graph.store import GraphStore
from resolvers import judgements, state
from resolvers.arrivals import provisional_records, read_records, review_keys, write_small
from resolvers.comparisons import levels
from resolvers.keys import keys_of
from resolvers.linker import Linkage, _agree, _conflict, link
from resolvers.mentions import PartyMention
from resolvers.model import Settings, score
from resolvers.profiles import COLUMNS, Profiles
from resolvers.rebuild import Resolution, _entity, _links, _review_rows, entity_key
from resolvers.state import State
from resolvers.table import Table, present

MAX_SHARE = 0.25  # re-resolving more of the rows than this is no faster than a full run
RANK_OF_RULE = 1e18


def resolve_incremental(store: GraphStore, settings: Settings) -> Resolution | str:
    """Resolve what arrived since the last run; the reason it cannot when it cannot."""
    if settings.across:
        return "a model linking two files is always run in full"
    found = state.load(store.state_folder())
    run = store.query(f"MATCH (r:{RESOLVER_RUN} {{key: 'latest'}}) RETURN r.ran_at AS at, "
                      "r.model_version AS version, r.frequencies AS frequencies")
    if found is None or not run or run[0]["at"] != found.ran_at:
        return "no saved state of the last run"
    if found.meta["model_version"] != settings.version or \
            found.meta["kinds"] != state.key_kinds(settings):
        return "the model changed since the last run"
    return _Run(store, settings, found, run[0]["frequencies"]).resolve()


@dataclass
class _Whole:
    """The whole table after this run's changes: row counts, prior, term frequencies."""

    prior: float
    tf_rows: dict[str, int]
    within: dict[str, int]


class _Run:
    def __init__(self, store: GraphStore, settings: Settings, found: State,
                 frequencies: str | None) -> None:
        self.store, self.settings, self.state = store, settings, found
        self.frequencies = json.loads(frequencies) if frequencies else {}
        self._moved: dict[str, Counter[str]] = {}  # per tf column: rows gained per value
        self.old_rows = found.rows.num_rows
        self.marks = {name: found.marks[name].to_numpy(zero_copy_only=False)
                      for name in ("live", "own", "component", "cluster")}

    # --- what arrived -------------------------------------------------------------------
    def resolve(self) -> Resolution | str:
        every = judgements.read_judgements(self.store)
        new_judged = [j for j in every if j.at >= self.state.ran_at]
        records = provisional_records(self.store)
        incoming = read_records(self.store, records)
        named = {m for j in every for m in j.pair}
        old_named = set(self._members_of(pc.is_in(self.state.members["mention"],
                                                  value_set=pa.array(sorted(named),
                                                                     pa.string())))["mention"]
                        .to_pylist())
        known = {m for m in old_named if state.record_of(m) not in records}
        known |= {p.id for p in incoming}
        applied = judgements.constraints(every, known)
        judged = {m for pair in (*applied.same, *applied.different) for m in pair}
        flipped = judged ^ set(self.state.meta["judged"])
        again = {state.record_of(m) for j in new_judged for m in j.pair} | \
            {state.record_of(m) for m in flipped}
        again = {r for r in again - records
                 if any(state.record_of(m) == r for m in old_named)}
        incoming += read_records(self.store, again)
        self.judged, self.applied = judged, applied
        return self._rows(records | again, incoming)

    def _members_of(self, mask: Any) -> pa.Table:
        return self.state.members.filter(mask)

    def _rows(self, records: set[str], incoming: list[PartyMention]) -> Resolution | str:
        members = self.state.members
        gone = pc.is_in(members["record"], value_set=pa.array(sorted(records), pa.string()))
        removed = members.filter(gone)
        self.kept_members = members.filter(pc.invert(gone))
        lost = set(removed["row"].to_pylist())
        idents, keyed = [], []
        for party in incoming:
            values = keys_of(party)
            keyed.append(values)
            idents.append(state.identity((getattr(values, c) for c in COLUMNS),
                                         party.id if party.id in self.judged else None))
        live = self.marks["live"]
        hit = pc.is_in(self.state.rows["identity"], value_set=pa.array(idents, pa.string()))
        where = np.flatnonzero(hit.to_numpy(zero_copy_only=False) & live)
        row_of_ident = dict(zip(pc.take(self.state.rows["identity"], where).to_pylist(),
                                where.tolist(), strict=True))
        joined: dict[str, int] = {}
        new_rows: dict[str, int] = {}
        new_keys = []
        for party, ident, values in zip(incoming, idents, keyed, strict=True):
            row = row_of_ident.get(ident)
            if row is None:
                row = new_rows.get(ident)
                if row is None:
                    row = new_rows[ident] = self.old_rows + len(new_rows)
                    new_keys.append(values)
            joined[party.id] = row
        remaining = set(self.kept_members.filter(
            pc.is_in(self.kept_members["row"], value_set=pa.array(sorted(lost), pa.int32()))
        )["row"].to_pylist())
        dead = sorted(lost - remaining - set(joined.values()))
        self.incoming = {p.id: p for p in incoming}
        self.joined = joined
        self.dead = np.array(dead, dtype=np.int64)
        self.new_table = Table.of({c: [getattr(k, c) for k in new_keys] for c in COLUMNS})
        self.new_idents = list(new_rows)
        touched = lost | {r for r in joined.values() if r < self.old_rows}
        return self._affected(touched, len(incoming))

    # --- what a full run could decide differently -----------------------------------------
    def _affected(self, touched: set[int], read: int) -> Resolution | str:
        n_new = len(self.new_table)
        live = self.marks["live"].copy()
        live[self.dead] = False
        self.live = np.concatenate((live, np.ones(n_new, dtype=bool)))
        new_ids = np.arange(self.old_rows, self.old_rows + n_new)
        new_keys = state.key_table(self.new_table, self.settings, new_ids) if n_new else None
        self.new_key_table = new_keys
        dead_keys = self.state.keys.filter(
            pc.is_in(self.state.keys["row"], value_set=pa.array(self.dead, pa.int32())))
        changed = pa.concat_tables([t for t in (new_keys, dead_keys) if t is not None])
        holders = self._holders(changed["key"].unique() if changed.num_rows else
                                pa.array([], pa.large_string()))
        whole = self._whole()
        crossing, candidates = self._blocking(holders, new_keys, dead_keys)
        touched |= crossing
        drift = self._drift(whole)
        if isinstance(drift, str):
            return drift
        touched |= drift
        self.note = "; ".join(part for part in (
            f"{len(crossing):,} rows hold a blocking key that crossed its cap" if crossing
            else "",
            f"{len(drift):,} rows have a pair the new prior or term frequencies move across a "
            "threshold or reorder" if drift else "") if part)
        if self.note:
            self.note += ": their components are re-resolved too"
        self.whole = whole
        linking, context = self._new_pairs(candidates)
        touched |= linking
        rows = self._closure(touched)
        share = len(rows) / max(int(self.live.sum()), 1)
        if share > MAX_SHARE:
            return (f"the new records touch {len(rows):,} of {int(self.live.sum()):,} rows: "
                    "a full run is as quick")
        return self._resolve_part(rows, context, read)

    def _holders(self, values: pa.Array) -> pa.Table:
        """Live old rows' entries of these key values, any kind."""
        keys = self.state.keys
        hits = keys.filter(pc.is_in(keys["key"], value_set=values))
        alive = self.live[:self.old_rows][hits["row"].to_numpy()]
        return hits.filter(pa.array(alive))

    def _blocking(self, holders: pa.Table, new_keys: pa.Table | None,
                  dead_keys: pa.Table) -> tuple[set[int], list[tuple[int, int]]]:
        """Rows holding a key whose count crossed its cap; pairs of a new and an old row."""
        caps = _caps(self.settings)
        old, dead = _count(holders), _count(dead_keys)
        added = _count(new_keys) if new_keys is not None else Counter()
        self.counts = {k: old[k] + added[k] for k in set(old) | set(added)}
        crossing_keys, shared = set(), set()
        for key in set(old) | set(added) | set(dead):
            before, after = old[key] + dead[key], old[key] + added[key]
            cap = caps[key[0]]
            if (before <= cap) != (after <= cap):
                crossing_keys.add(key)
            if after <= cap and added[key] and old[key]:
                shared.add(key)
        wanted = crossing_keys | shared
        picked = holders.filter(pc.is_in(holders["key"], value_set=pa.array(
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

    def _whole(self) -> _Whole:
        meta, settings = self.state.meta, self.settings
        within = dict(meta["within"])
        tf_rows = dict(meta["tf_rows"])
        dead_rows = self.state.rows.take(pa.array(self.dead, pa.int64()))
        for table, sign in ((_as_table(dead_rows), -1), (self.new_table, 1)):
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
        return _Whole(prior, tf_rows, within)

    def _tf_counts(self, column: str, values: Iterable[str]) -> dict[str, int]:
        """How many rows of the whole (after this run) hold each of these values."""
        wanted = sorted({v for v in values if v is not None})
        if not wanted:
            return {}
        hit = pc.is_in(self.state.rows[column], value_set=pa.array(wanted, pa.string()))
        where = np.flatnonzero(hit.to_numpy(zero_copy_only=False) & self.live[:self.old_rows])
        counts = Counter(pc.take(self.state.rows[column], where).to_pylist())
        asked = set(wanted)
        counts.update(v for v in self.new_table[column].tolist() if v in asked)
        return {v: counts[v] for v in wanted}

    def _drift(self, whole: _Whole) -> set[int] | str:
        """Rows of kept pairs the new prior or term frequencies move across a threshold or
        reorder; new weights and counts of the pairs kept."""
        settings, pairs = self.settings, self.state.pairs
        left = pairs["left"].to_numpy()
        right = pairs["right"].to_numpy()
        weight = pairs["weight"].to_numpy()
        alive = self.live[left] & self.live[right]
        moved_prior = _log_odds(whole.prior) - _log_odds(self.state.meta["prior"])
        delta = np.full(len(weight), moved_prior)
        most = moved_prior
        self.tf_new: dict[str, np.ndarray] = {}
        for comparison in settings.comparisons:
            if not comparison.tf:
                continue
            column = comparison.column
            before = pairs[f"tf:{column}"].to_numpy()
            changed = self._changed_values(column)
            now = self._tf_counts(column, changed)
            after = before.copy()
            if now:
                values = pc.take(self.state.rows[column], pa.array(left))
                hit = pc.is_in(values, value_set=pa.array(sorted(now), pa.string()))
                where = np.flatnonzero(hit.to_numpy(zero_copy_only=False) & (before > 0))
                after[where] = [now[v] for v in pc.take(values, where).to_pylist()]
            old_n, new_n = self.state.meta["tf_rows"][column], whole.tf_rows[column]
            exact = before > 0
            u = comparison.levels[0].u
            shift = np.zeros(len(weight))
            shift[exact] = _tf(u, after[exact], new_n, settings) - _tf(u, before[exact], old_n,
                                                                      settings)
            delta += shift
            self.tf_new[column] = after
            moved = [float(_tf(u, np.array([c]), new_n, settings)[0]
                           - _tf(u, np.array([self._old_count(column, v, c)]), old_n,
                                 settings)[0]) for v, c in now.items()]
            most += max([0.0, float(np.log2(max(new_n, 1) / max(old_n, 1))), *moved])
        if most >= state.MARGIN:
            return (f"the prior and term frequencies moved some weights by {most:.2f} bits, "
                    "more than the pairs kept can vouch for")
        after_weight = weight + delta
        self.new_weight = after_weight
        crossed = np.zeros(len(weight), dtype=bool)
        for threshold in {settings.review, settings.link, settings.compatible, settings.strong}:
            crossed |= (weight >= threshold) != (after_weight >= threshold)
        crossed &= alive
        rows = set(left[crossed].tolist()) | set(right[crossed].tolist())
        return rows | self._reordered(left, right, weight, after_weight, alive)

    def _changed_values(self, column: str) -> list[str]:
        dead = self.state.rows[column].take(pa.array(self.dead, pa.int64())).to_pylist()
        return [v for v in (*dead, *self.new_table[column].tolist()) if v is not None]

    def _old_count(self, column: str, value: str, now: int) -> int:
        if column not in self._moved:
            dead = self.state.rows[column].take(pa.array(self.dead, pa.int64())).to_pylist()
            moved: Counter[str] = Counter(self.new_table[column].tolist())
            moved.subtract(Counter(dead))
            self._moved[column] = moved
        return max(now - self._moved[column][value], 1)

    def _reordered(self, left: np.ndarray, right: np.ndarray, before: np.ndarray,
                   after: np.ndarray, alive: np.ndarray) -> set[int]:
        """Rows of components where the links would be taken in another order."""
        pairs = self.state.pairs
        rule = pairs["rule"].to_numpy(zero_copy_only=False)
        never = pairs["never"].to_numpy(zero_copy_only=False)
        could = alive & ~never & (rule | (before >= self.settings.link))
        index = np.flatnonzero(could)
        component = self.marks["component"][left[index]]
        old = np.where(rule[index], RANK_OF_RULE, before[index])
        new = np.where(rule[index], RANK_OF_RULE, after[index])
        order = np.lexsort((-old, component))
        component, old, new = component[order], old[order], new[order]
        same = component[1:] == component[:-1]
        was, now = old[:-1] - old[1:], new[:-1] - new[1:]
        bad = same & (((was > 0) & (now <= 0)) | ((was == 0) & (now != 0)))
        rows = left[index][order][1:][bad]
        return set(rows.tolist())

    def _new_pairs(self, candidates: list[tuple[int, int]]) -> tuple[set[int], set[int]]:
        """Score new rows against their old candidates: the old rows a new one could link to,
        and those it scores near the review band with (kept, so re-scored as context)."""
        if not candidates:
            return set(), set()
        ids = np.array(sorted({b for _, b in candidates}), dtype=np.int64)
        table = self._table_of(ids)
        local = {int(g): i for i, g in enumerate(ids.tolist())}
        offset = len(ids)
        left = np.array([offset + a - self.old_rows for a, _ in candidates], dtype=np.int64)
        right = np.array([local[b] for _, b in candidates], dtype=np.int64)
        both = _concat(table, self.new_table)
        settings = self._settings()
        self._inject_tf(both)
        scored = score(both, settings, right, left, levels(both, settings.comparisons, right,
                                                           left))
        rule = _agree(both, settings.same_rules, right, left)
        never = _conflict(both, settings.never_rules, right, left)
        could = ~never & (rule | (scored.total >= settings.link))
        near = rule | (scored.total >= settings.review - state.MARGIN)
        linking = {int(ids[r]) for r in right[could].tolist()}
        context = {int(ids[r]) for r in right[near].tolist()}
        return linking, context

    def _closure(self, touched: set[int]) -> set[int]:
        """Old live rows of the touched rows' components, with those judgements join."""
        component = self.marks["component"]
        live = self.live[:self.old_rows]
        rows_of_mention = self._row_lookup()
        pending = {int(component[r]) for r in touched if r < self.old_rows}
        chosen: set[int] = set()
        inside = set(range(self.old_rows, self.old_rows + len(self.new_table)))
        while pending:
            chosen |= pending
            mask = np.isin(component, np.array(sorted(chosen))) & live
            inside = set(np.flatnonzero(mask).tolist()) | set(
                range(self.old_rows, self.old_rows + len(self.new_table)))
            pending = set()
            for a, b in (*self.applied.same, *self.applied.different):
                ra, rb = rows_of_mention.get(a), rows_of_mention.get(b)
                if ra is None or rb is None or (ra in inside) == (rb in inside):
                    continue
                outside = rb if ra in inside else ra
                pending.add(int(component[outside]))
            pending -= chosen
        self.inside = inside
        return inside

    def _row_lookup(self) -> dict[str, int]:
        """Rows of the mentions judgements name, after this run."""
        named = sorted({m for pair in (*self.applied.same, *self.applied.different)
                        for m in pair})
        found = self.kept_members.filter(pc.is_in(self.kept_members["mention"],
                                                  value_set=pa.array(named, pa.string())))
        out = dict(zip(found["mention"].to_pylist(), found["row"].to_pylist(), strict=True))
        out.update({m: r for m, r in self.joined.items() if m in set(named)})
        return out

    # --- the part re-resolved -----------------------------------------------------------
    def _resolve_part(self, rows: set[int], context: set[int], read: int) -> Resolution:
        settings = self._settings()
        pairs = self.state.pairs
        left, right = pairs["left"].to_numpy(), pairs["right"].to_numpy()
        inside = np.zeros(len(self.live), dtype=bool)
        inside[sorted(rows)] = True
        touching = inside[left] | inside[right]
        alive = self.live[left] & self.live[right]
        context |= set(left[touching & alive].tolist()) | set(right[touching & alive].tolist())
        context = {r for r in context if not inside[r] and self.live[r]}
        part_ids = np.array(sorted(rows | context), dtype=np.int64)
        part = self._profiles(part_ids)
        order = np.array([part_ids[i] for i in part.order], dtype=np.int64)
        table = part.profiles.table
        self._inject_tf(table)
        self._count_keys(table)
        same = self._local(self.applied.same, part.profiles)
        different = self._local(self.applied.different, part.profiles)
        linkage = link(table, settings, same, different, held=self._held)
        in_part = inside[order]
        groups = {label: members for label, members in linkage.clusters.groups().items()
                  if in_part[label]}
        return self._write(part.profiles, linkage, order, in_part, groups, touching, alive,
                           read, len(self.applied.same) + len(self.applied.different))

    def _settings(self) -> Settings:
        return replace(self.settings, prior=self.whole.prior, matches_per_row=None)

    def _count_keys(self, table: Table) -> None:
        """Rows of the whole holding each blocking key of the part, in one pass."""
        entries = state.key_table(table, self.settings, np.arange(len(table)))
        wanted = {(k, v) for k, v in zip(entries["kind"].to_pylist(),
                                         entries["key"].to_pylist(), strict=True)}
        missing = wanted - self.counts.keys()
        if not missing:
            return
        hits = self._holders(pa.array(sorted({v for _, v in missing}), pa.large_string()))
        counted = Counter(zip(hits["kind"].to_pylist(), hits["key"].to_pylist(), strict=True))
        if self.new_key_table is not None:
            counted.update(zip(self.new_key_table["kind"].to_pylist(),
                               self.new_key_table["key"].to_pylist(), strict=True))
        self.counts.update({key: counted[key] for key in missing})

    def _held(self, kind_name: str, values: np.ndarray) -> np.ndarray:
        kind = self.state.meta["kinds"].index(kind_name)
        known = self.counts
        missing = sorted({v for v in values.tolist() if (kind, v) not in known})
        if missing:
            hits = self._holders(pa.array(missing, pa.large_string()))
            hits = hits.filter(pc.equal(hits["kind"], kind))
            counted = Counter(hits["key"].to_pylist())
            if self.new_key_table is not None:
                extra = self.new_key_table.filter(pc.equal(self.new_key_table["kind"], kind))
                asked = set(missing)
                counted.update(v for v in extra["key"].to_pylist() if v in asked)
            known.update({(kind, v): counted[v] for v in missing})
        return np.array([known[(kind, v)] for v in values.tolist()], dtype=np.int64)

    def _inject_tf(self, table: Table) -> None:
        """The whole's term frequencies for this part of it."""
        for comparison in self.settings.comparisons:
            if comparison.tf:
                column = comparison.column
                values = table[column]
                counts = self._tf_counts(column, values.tolist())
                total = max(self.whole.tf_rows[column], 1)
                table._derived[f"{column}|tf"] = np.array(
                    [counts[v] / total if v is not None else 0.0 for v in values.tolist()])

    def _table_of(self, ids: np.ndarray) -> Table:
        old = ids[ids < self.old_rows]
        picked = _as_table(self.state.rows.take(pa.array(old, pa.int64())))
        fresh = ids[ids >= self.old_rows] - self.old_rows
        if not len(fresh):
            return picked
        return _concat(picked, Table({c: self.new_table[c][fresh] for c in COLUMNS}))

    def _profiles(self, ids: np.ndarray) -> _Part:
        """The part's rows as a full run orders them (by first mention), with their members."""
        members = self._members(ids)
        table = self._table_of(ids)
        groups = [sorted(members[int(g)]) for g in ids.tolist()]
        order = sorted(range(len(ids)), key=lambda i: groups[i][0])
        columns = {c: table[c][order] for c in COLUMNS}
        ordered = [groups[i] for i in order]
        row_of = {m: r for r, group in enumerate(ordered) for m in group}
        return _Part(Profiles(Table(columns), ordered, row_of), order)

    def _members(self, ids: np.ndarray) -> dict[int, list[str]]:
        found = self.kept_members.filter(pc.is_in(self.kept_members["row"],
                                                  value_set=pa.array(ids, pa.int32())))
        out: dict[int, list[str]] = defaultdict(list)
        for mention, row in zip(found["mention"].to_pylist(), found["row"].to_pylist(),
                                strict=True):
            out[row].append(mention)
        for mention, row in self.joined.items():
            out[row].append(mention)
        return out

    def _local(self, pairs: list[tuple[str, str]], found: Profiles) -> list[tuple[int, int]]:
        return [(found.row_of[a], found.row_of[b]) for a, b in pairs
                if a in found.row_of and b in found.row_of]

    # --- writing what changed -----------------------------------------------------------
    def _write(self, found: Profiles, linkage: Linkage, order: np.ndarray, in_part: np.ndarray,
               groups: dict[int, list[int]], touching: np.ndarray, alive: np.ndarray,
               read: int, judged: int) -> Resolution:
        store, marks = self.store, self.marks
        old_inside = np.array(sorted(r for r in self.inside if r < self.old_rows), np.int64)
        old_rows = np.concatenate((old_inside, self.dead))
        old_members = self.state.members.filter(
            pc.is_in(self.state.members["row"], value_set=pa.array(old_rows, pa.int32())))
        # A cluster lies within its component, so these are all its members.
        clusters: dict[int, list[str]] = defaultdict(list)
        for row, group in _by_row(old_members).items():
            clusters[int(marks["cluster"][row])].extend(group)
        old_entities = {entity_key(group) for group in clusters.values()}
        firsts = sorted({min(ms) for ms in _by_row(old_members).values()})
        parties = self._parties(found, order, in_part)
        review = [r for r in _review_rows(linkage, found)
                  if r["left"] in parties or r["right"] in parties]
        # Until the new summary is written, the last run's is no longer true: a run that
        # stops half way leaves the next to run in full, not to trust entities half replaced.
        store.execute(f"MATCH (r:{RESOLVER_RUN} {{key: 'latest'}}) SET r.ran_at = NULL")
        stale = review_keys(store, firsts)
        store.execute(f"UNWIND $keys AS k MATCH (e:{ENTITY} {{key: k}}) DETACH DELETE e",
                      {"keys": sorted(old_entities)})
        store.execute(f"MATCH (e:{ENTITY}) WHERE NOT e.key STARTS WITH 'ent-' DETACH DELETE e")
        store.execute(f"UNWIND $keys AS k MATCH (p:{REVIEW_PAIR} {{key: k}}) DELETE p",
                      {"keys": stale})
        before = len(stale)
        entities = [_entity(rows, found, parties, linkage) for rows in groups.values()]
        write_small(store, entities, _links(groups, found, parties, linkage), review)
        old_linked = _linked(old_members, marks["cluster"])
        new_linked = sum(n for n in (sum(len(found.members[r]) for r in rows)
                                     for rows in groups.values()) if n > 1)
        meta = self.state.meta
        totals = {"mentions": meta["mentions"] + len(self.joined) - old_members.num_rows
                  + self.kept_count(old_rows),
                  "entities": meta["entities"] - len(old_entities) + len(entities),
                  "linked": meta["linked"] - old_linked + new_linked,
                  "review": meta["review"] - before + len(review)}
        ran_at = dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")
        store.put_node(RESOLVER_RUN, {
            "key": "latest", "model_version": self.settings.version, "prior": self.whole.prior,
            "ran_at": ran_at, "mentions": totals["mentions"], "entities": totals["entities"],
            "review_pairs": totals["review"],
            "frequencies": json.dumps(self._frequencies(), ensure_ascii=False,
                                      separators=(",", ":"))})
        self._save(found, linkage, order, in_part, touching, alive, ran_at, totals)
        conflicts = [f"{c.kind}: {c.message}" for c in self.applied.conflicts]
        conflicts += [f"stale: {j.describe()}, but a mention is no longer loaded"
                      for j in self.applied.stale]
        contradictions = tuple(((found.members[a][0], found.members[b][0]), why)
                               for (a, b), why in linkage.clusters.contradictions)
        conflicts += [f"contradiction: {a} and {b}: {why}" for (a, b), why in contradictions]
        return Resolution(totals["mentions"], totals["entities"], totals["linked"],
                          len(linkage.clusters.refused), totals["review"], self.settings.version,
                          contradictions, judged, tuple(conflicts), incremental=True, read=read,
                          rows=int(in_part.sum()), note=self.note)

    def kept_count(self, rows: np.ndarray) -> int:
        """Mentions of these rows that stay where they were."""
        return int(pc.sum(pc.is_in(self.kept_members["row"],
                                   value_set=pa.array(rows, pa.int32()))).as_py() or 0)

    def _parties(self, found: Profiles, order: np.ndarray,
                 in_part: np.ndarray) -> dict[str, PartyMention]:
        """The part's mentions: read ones as read, the others from the saved state."""
        wanted = sorted({m for r in np.flatnonzero(in_part).tolist() for m in found.members[r]})
        rows = self.kept_members.filter(pc.is_in(self.kept_members["mention"],
                                                 value_set=pa.array(wanted, pa.string())))
        types = found.table["entity_type"]
        out: dict[str, PartyMention] = {}
        for mention, record, kind, name in zip(*(rows[c].to_pylist() for c in
                                                 ("mention", "record", "kind", "name")),
                                               strict=True):
            row = found.row_of[mention]
            role = mention[len(record) + 1:] if mention != record else ""
            source, _, record_id = record.partition(":")
            out[mention] = PartyMention(record, source, record_id, kind,
                                        Mention(role, types[row], name))
        out.update({m: p for m, p in self.incoming.items() if m in found.row_of
                    and in_part[found.row_of[m]]})
        return out

    def _frequencies(self) -> dict[str, Any]:
        out = dict(self.frequencies)
        for comparison in self.settings.comparisons:
            if comparison.tf:
                column = comparison.column
                entry = dict(out.get(column, {"rows": 0, "counts": {}}))
                counts = dict(entry["counts"])
                for value, n in self._tf_counts(column, self._changed_values(column)).items():
                    if n > 1:
                        counts[value] = n
                    else:
                        counts.pop(value, None)
                out[column] = {"rows": self.whole.tf_rows[column], "counts": counts}
        return out

    def _save(self, found: Profiles, linkage: Linkage, order: np.ndarray, in_part: np.ndarray,
              touching: np.ndarray, alive: np.ndarray, ran_at: str,
              totals: dict[str, int]) -> None:
        old, n_new = self.state, len(self.new_table)
        n = self.old_rows + n_new
        new_rows = [pa.table(
            {**{c: pa.array(self.new_table[c].tolist(), pa.string()) for c in COLUMNS},
             "identity": pa.array(self.new_idents, pa.string())})] if n_new else []
        live = self.live.copy()
        own = np.concatenate((self.marks["own"], np.zeros(n_new, dtype=bool)))
        component = np.concatenate((self.marks["component"], np.arange(self.old_rows, n)))
        cluster = np.concatenate((self.marks["cluster"], np.arange(self.old_rows, n)))
        parts = state.components(linkage, self._local(self.applied.same, found),
                                 self._local(self.applied.different, found))
        for local in np.flatnonzero(in_part).tolist():
            row = int(order[local])
            component[row] = order[parts[local]]
            cluster[row] = order[linkage.clusters.labels[local]]
            own[row] = found.members[local][0] in self.judged
        marks = pa.table({"live": live, "own": own, "component": component, "cluster": cluster})
        joined = [(m, r) for m, r in self.joined.items()]
        joined_parties = [self.incoming[m] for m, _ in joined]
        members = pa.concat_tables([self.kept_members, pa.table({
            "mention": [m for m, _ in joined],
            "record": [p.record for p in joined_parties],
            "kind": [p.kind for p in joined_parties],
            "name": [p.mention.name for p in joined_parties],
            "row": pa.array([r for _, r in joined], pa.int32())})])
        keep = ~touching & alive
        pairs = old.pairs.filter(pa.array(keep))
        pairs = pairs.set_column(pairs.schema.get_field_index("weight"), "weight",
                                 pa.array(self.new_weight[keep]))
        for column, counts in self.tf_new.items():
            name = f"tf:{column}"
            pairs = pairs.set_column(pairs.schema.get_field_index(name), name,
                                     pa.array(counts[keep]))
        ends = in_part[linkage.left] | in_part[linkage.right]
        tf = {c: np.array([int(round(s * self.whole.tf_rows[c]))
                               for s in linkage.table[f"{c}|tf"].tolist()], dtype=np.int64)
                  for c in self.tf_new}
        added = state.pair_table(linkage, order, order, ends & state.kept(linkage), tf)
        pairs = pa.concat_tables([pairs, added.cast(pairs.schema)])
        meta = {**old.meta, **totals, "ran_at": ran_at, "prior": self.whole.prior,
                "within": self.whole.within, "tf_rows": self.whole.tf_rows,
                "judged": sorted(self.judged)}
        saved = State(meta, old.rows, marks, members, old.keys, pairs,
                      [self.new_key_table] if self.new_key_table is not None else [], new_rows)
        state.save(saved, self.store.state_folder(), fresh=False)


@dataclass
class _Part:
    profiles: Profiles
    order: list[int]  # position in the part's ids of each ordered row


def _caps(settings: Settings) -> list[int]:
    """Each blocking key's cap, in the order of state.key_kinds."""
    blocking = settings.blocking
    return [*(blocking.cap(k) for k in blocking.keys),
            *(blocking.max_token_block for _ in blocking.tokens)]


def _log_odds(prior: float) -> float:
    return float(np.log2(prior / (1 - prior)))


def _tf(u: float, counts: np.ndarray, total: int, settings: Settings) -> np.ndarray:
    return np.log2(u / np.maximum(counts / max(total, 1), settings.tf_floor))


def _as_table(rows: pa.Table) -> Table:
    return Table({c: np.array(rows[c].to_pylist(), dtype=object) for c in COLUMNS})


def _concat(a: Table, b: Table) -> Table:
    return Table({c: np.concatenate((a[c], b[c])) for c in COLUMNS})


def _count(keys: pa.Table) -> Counter[tuple[int, str]]:
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


def _by_row(members: pa.Table) -> dict[int, list[str]]:
    out: dict[int, list[str]] = defaultdict(list)
    for mention, row in zip(members["mention"].to_pylist(), members["row"].to_pylist(),
                            strict=True):
        out[row].append(mention)
    return out


def _linked(members: pa.Table, cluster: np.ndarray) -> int:
    """Mentions sharing their entity with another, among these."""
    sizes = Counter(int(cluster[r]) for r in members["row"].to_pylist())
    return sum(n for n in sizes.values() if n > 1)
