"""Replace the re-resolved rows' entities, links and review pairs in the graph, write the
run's summary, and save the state for the next run."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter, defaultdict

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from graph.records import Mention
from graph.schema import RESOLVER_RUN
from resolvers import state
from resolvers.arrivals import review_keys
from resolvers.incremental import frequencies, graph_changes
from resolvers.incremental.change import Change
from resolvers.incremental.part import Part, local
from resolvers.mentions import PartyMention
from resolvers.profiles import COLUMNS, Profiles
from resolvers.rebuild import Resolution, _entity, _links, _review_rows, entity_key
from resolvers.state import State


def write(change: Change, part: Part, read: int) -> Resolution:
    store, marks, old_rows = change.store, change.marks, change.old_rows
    found, linkage, in_part, groups = part.profiles, part.linkage, part.in_part, part.groups
    old_inside = np.array(sorted(r for r in change.inside if r < old_rows), np.int64)
    replaced = np.concatenate((old_inside, change.dead))
    saved_members = change.state.members
    old_members = saved_members.filter(
        pc.is_in(saved_members["row"], value_set=pa.array(replaced, pa.int32())))
    # A cluster lies within its component, so these are all its members.
    clusters: dict[int, list[str]] = defaultdict(list)
    for row, group in _by_row(old_members).items():
        clusters[int(marks["cluster"][row])].extend(group)
    # The links still in the graph: a reloaded record's went with the loader's provisional
    # entity.
    digest = {m: d for m, r, d in zip(*(old_members[c].to_pylist() for c in
                                        ("mention", "record", "link")), strict=True)
              if r not in change.reloaded}
    old_entities = {entity_key(group): {m: digest[m] for m in group if m in digest}
                    for group in clusters.values()}
    firsts = sorted({min(ms) for ms in _by_row(old_members).values()})
    parties = _parties(change, found, in_part)
    review = [r for r in _review_rows(linkage, found)
              if r["left"] in parties or r["right"] in parties]
    # Until the new summary is written, the last run's is no longer true: a run that
    # stops half way leaves the next to run in full, not to trust entities half replaced.
    store.execute(f"MATCH (r:{RESOLVER_RUN} {{key: 'latest'}}) SET r.ran_at = NULL")
    stale = review_keys(store, firsts)
    before = len(stale)
    entities = [_entity(rows, found, parties, linkage) for rows in groups.values()]
    links = _links(groups, found, parties, linkage)
    graph_changes.replace(store, old_entities, entities, links, stale, review)
    old_linked = _linked(old_members, marks["cluster"])
    new_linked = sum(n for n in (sum(len(found.members[r]) for r in rows)
                                 for rows in groups.values()) if n > 1)
    meta = change.state.meta
    totals = {"mentions": meta["mentions"] + len(change.joined) - old_members.num_rows
              + _kept_count(change, replaced),
              "entities": meta["entities"] - len(old_entities) + len(entities),
              "linked": meta["linked"] - old_linked + new_linked,
              "review": meta["review"] - before + len(review)}
    ran_at = dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")
    store.put_node(RESOLVER_RUN, {
        "key": "latest", "model_version": change.settings.version, "prior": change.now.prior,
        "ran_at": ran_at, "mentions": totals["mentions"], "entities": totals["entities"],
        "review_pairs": totals["review"],
        "frequencies": json.dumps(frequencies.summary(change), ensure_ascii=False,
                                  separators=(",", ":"))})
    digests = {m: d for (rel, _), rows in links.items()
               for m, d in state.link_digests(rel, rows).items()}
    _save(change, part, ran_at, totals, digests)
    applied = change.constraints
    conflicts = [f"{c.kind}: {c.message}" for c in applied.conflicts]
    conflicts += [f"stale: {j.describe()}, but a mention is no longer loaded"
                  for j in applied.stale]
    contradictions = tuple(((found.members[a][0], found.members[b][0]), why)
                           for (a, b), why in linkage.clusters.contradictions)
    conflicts += [f"contradiction: {a} and {b}: {why}" for (a, b), why in contradictions]
    return Resolution(totals["mentions"], totals["entities"], totals["linked"],
                      len(linkage.clusters.refused), totals["review"], change.settings.version,
                      contradictions, len(applied.same) + len(applied.different),
                      tuple(conflicts), incremental=True, read=read,
                      rows=int(in_part.sum()), note=change.note)


def _kept_count(change: Change, rows: np.ndarray) -> int:
    """Mentions of these rows that stay where they were."""
    kept = change.members
    return int(pc.sum(pc.is_in(kept["row"], value_set=pa.array(rows, pa.int32()))).as_py()
               or 0)


def _parties(change: Change, found: Profiles, in_part: np.ndarray) -> dict[str, PartyMention]:
    """The part's mentions: read ones as read, the others from the saved state."""
    wanted = sorted({m for r in np.flatnonzero(in_part).tolist() for m in found.members[r]})
    kept = change.members
    rows = kept.filter(pc.is_in(kept["mention"], value_set=pa.array(wanted, pa.string())))
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
    out.update({m: p for m, p in change.incoming.items() if m in found.row_of
                and in_part[found.row_of[m]]})
    return out


def _save(change: Change, part: Part, ran_at: str, totals: dict[str, int],
          digests: dict[str, int]) -> None:
    """`digests`: the link digest of every mention of the part."""
    old, n_new, old_rows = change.state, len(change.new_table), change.old_rows
    found, linkage, order, in_part = part.profiles, part.linkage, part.order, part.in_part
    n = old_rows + n_new
    new_rows = [pa.table(
        {**{c: pa.array(change.new_table[c].tolist(), pa.string()) for c in COLUMNS},
         "identity": pa.array(change.new_idents, pa.string())})] if n_new else []
    live = change.live.copy()
    marks = change.marks
    own = np.concatenate((marks["own"], np.zeros(n_new, dtype=bool)))
    component = np.concatenate((marks["component"], np.arange(old_rows, n)))
    cluster = np.concatenate((marks["cluster"], np.arange(old_rows, n)))
    applied = change.constraints
    parts = state.components(linkage, local(applied.same, found),
                             local(applied.different, found))
    for position in np.flatnonzero(in_part).tolist():
        row = int(order[position])
        component[row] = order[parts[position]]
        cluster[row] = order[linkage.clusters.labels[position]]
        own[row] = found.members[position][0] in change.judged
    saved_marks = pa.table({"live": live, "own": own, "component": component,
                            "cluster": cluster})
    joined = list(change.joined.items())
    joined_parties = [change.incoming[m] for m, _ in joined]
    kept = change.members
    position = pc.index_in(kept["mention"], value_set=pa.array(list(digests), pa.string()))
    relinked = pc.is_valid(position)
    link = pc.if_else(relinked, pc.take(pa.array(list(digests.values()), pa.uint64()),
                                        pc.fill_null(position, 0)), kept["link"])
    kept = kept.set_column(kept.schema.get_field_index("link"), "link", link)
    members = pa.concat_tables([kept, pa.table({
        "mention": [m for m, _ in joined],
        "record": [p.record for p in joined_parties],
        "kind": [p.kind for p in joined_parties],
        "name": [p.mention.name for p in joined_parties],
        "row": pa.array([r for _, r in joined], pa.int32()),
        "link": pa.array([digests.get(m, 0) for m, _ in joined], pa.uint64())})])
    keep = ~part.touching & part.alive
    pairs = old.pairs.filter(pa.array(keep))
    pairs = pairs.set_column(pairs.schema.get_field_index("weight"), "weight",
                             pa.array(change.new_weight[keep]))
    for column, counts in change.tf_new.items():
        name = f"tf:{column}"
        pairs = pairs.set_column(pairs.schema.get_field_index(name), name,
                                 pa.array(counts[keep]))
    ends = in_part[linkage.left] | in_part[linkage.right]
    now = change.now
    tf = {c: np.array([int(round(s * now.tf_rows[c]))
                       for s in linkage.table[f"{c}|tf"].tolist()], dtype=np.int64)
          for c in change.tf_new}
    added = state.pair_table(linkage, order, order, ends & state.kept(linkage), tf)
    pairs = pa.concat_tables([pairs, added.cast(pairs.schema)])
    meta = {**old.meta, **totals, "ran_at": ran_at, "prior": now.prior,
            "within": now.within, "tf_rows": now.tf_rows, "judged": sorted(change.judged)}
    saved = State(meta, old.rows, saved_marks, members, old.keys, pairs,
                  [change.new_key_table] if change.new_key_table is not None else [],
                  new_rows)
    state.save(saved, change.store.state_folder(), fresh=False)


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
