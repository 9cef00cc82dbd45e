"""Resolve: read every party mention, link them with the match model, rebuild the Entity layer.

Records are never touched; entities, the record-to-entity links, the pairs left for review
and the run's summary are derived and replaced as a whole. Each link carries its score
(match probability; 1 for rules and people), method ("rule", "model" or "human"), the model
version, and its evidence: a short code naming the pair that holds it in place and its
comparison levels (resolvers/evidence.py).
"""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
import json
import shutil
import threading
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from typing import Any

import numpy as np

from graph.schema import ENTITY, MENTION_RELS, RESOLVER_RUN, REVIEW_PAIR
from graph.store import GraphStore
from loaders.models import ROW_MODELS
from resolvers import evidence, judgements, model
from resolvers import state as saved
from resolvers.cluster import HUMAN, MODEL, RULE
from resolvers.linker import Linkage, link
from resolvers.mention_columns import fold_keyed, read_keyed
from resolvers.mentions import PartyMention
from resolvers.model import probability
from resolvers.profiles import Profiles

# Registry names are the most carefully written; prefer them for an entity's display name.
NAME_PREFERENCE = {"companies": 0, "persons": 0, "watchlist": 1, "declarations": 2, "cases": 3}
MentionPair = tuple[str, str]
WRITE_SLICE = 100_000  # entities whose rows are made and staged at a time


@dataclass(frozen=True)
class Resolution:
    mentions: int
    entities: int
    linked: int
    refused: int
    review: int = 0
    model_version: str = ""
    contradictions: tuple[tuple[MentionPair, str], ...] = ()
    judgements: int = 0  # people's decisions applied
    conflicts: tuple[str, ...] = ()  # judgements revised, contradicted or naming lost mentions
    unchanged: bool = False  # nothing new since the last run: the entities were kept
    incremental: bool = False  # only the new or changed mentions and what they touch
    read: int = 0  # mentions read from the records (all of them in a full run)
    rows: int = 0  # rows (distinct sets of compared values) re-resolved
    note: str = ""  # why a run that could have been incremental was full


def up_to_date(store: GraphStore) -> Resolution | None:
    """The last run's summary when nothing arrived since: no mention still on the loader's
    provisional entity (new or changed records), no judgement made after the run and no
    record deleted."""
    runs = store.query(f"MATCH (r:{RESOLVER_RUN} {{key: 'latest'}}) RETURN r.ran_at AS at, "
                       "r.mentions AS mentions, r.entities AS entities, "
                       "r.review_pairs AS review, r.model_version AS version")
    if not runs or runs[0]["at"] is None or runs[0]["version"] != model.load().version:
        return None
    run = runs[0]
    provisional = store.query(f"MATCH (e:{ENTITY}) WHERE NOT e.key STARTS WITH 'ent-' "
                              "RETURN count(e) AS n")
    newer = store.query("MATCH (j:Judgement) WHERE j.at >= $at RETURN count(j) AS n",
                        {"at": run["at"]})
    if provisional[0]["n"] or newer[0]["n"] or mention_links(store) != run["mentions"]:
        return None
    return Resolution(int(run["mentions"]), int(run["entities"]), 0, 0, int(run["review"]),
                      str(run["version"]), unchanged=True)


def mention_links(store: GraphStore) -> int:
    """Mentions in the store: each is one link from its record to an entity (counted
    cheaply on both engines). Fewer than the last run resolved: records were deleted."""
    return sum(store.count_rels(rel) for rel in sorted(set(MENTION_RELS.values())))


def resolve(store: GraphStore, same: Iterable[MentionPair] | None = None,
            different: Iterable[MentionPair] | None = None,
            settings: model.Settings | None = None, full: bool = True) -> Resolution:
    """Resolve every mention; `same` pairs of mention ids stay together and `different`
    ones apart (splitting a cluster if needed), as people judged them. Without them, the
    judgements stored in the graph apply: every run honours them over the model.

    With full=False, a store where nothing changed since the last run is left as it is, and
    new or changed mentions are resolved against the saved state of the last run
    (resolvers/incremental.py) when it has one."""
    note = ""
    if not full and same is None and different is None and settings is None:
        previous = up_to_date(store)
        if previous:
            return previous
        from resolvers.incremental import resolve_incremental

        done = resolve_incremental(store, model.load())
        if isinstance(done, Resolution):
            return done
        note = done
    # A full run makes millions of objects and frees almost none: the cyclic collector would
    # scan all of them again and again (about 18 s of a million mentions' 43 s of reading).
    # Nothing in the run depends on collecting cycles; the collector resumes afterwards.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _full(store, same, different, settings, note)
    finally:
        if collecting:
            gc.enable()


def _full(store: GraphStore, same: Iterable[MentionPair] | None,
          different: Iterable[MentionPair] | None, settings: model.Settings | None,
          note: str) -> Resolution:
    mentions, keyed = read_keyed(store)
    conflicts: list[str] = []
    if same is None and different is None:
        state = judgements.constraints(judgements.read_judgements(store), mentions)
        same, different = state.same, state.different
        conflicts += [f"{c.kind}: {c.message}" for c in state.conflicts]
        conflicts += [f"stale: {j.describe()}, but a mention is no longer loaded"
                      for j in state.stale]
    same, different = list(same or ()), list(different or ())
    judged = {m for pair in (*same, *different) for m in pair if m in mentions}
    found = fold_keyed(keyed, own_row=judged)
    del keyed
    packaged = settings is None  # the state is kept for the model a plain resolve uses
    settings = settings or model.load()
    linkage = link(found.table, settings, _rows(found, same), _rows(found, different),
                   keep_keys=packaged)
    groups = linkage.clusters.groups()
    review = _review_rows(linkage, found)
    folder = store.state_folder()
    shutil.rmtree(folder, ignore_errors=True)  # out of date from here on
    store.delete_label(ENTITY)
    store.delete_label(REVIEW_PAIR)
    store.delete_label(RESOLVER_RUN)
    run = _run(linkage, len(mentions), len(groups), len(review))
    digests: dict[str, int] = {}
    bulk = store.writer()
    try:
        # A slice of the entities at a time: the writer stages each as it comes, so the
        # rows of a million links never sit in memory as dicts all at once.
        for part in _slices(groups, WRITE_SLICE):
            bulk.nodes(ENTITY, [_entity(members, found, mentions, linkage)
                                for members in part.values()])
        for part in _slices(groups, WRITE_SLICE):
            for (rel, label), rows in _links(part, found, mentions, linkage).items():
                bulk.rels(rel, (label, ENTITY), rows)
                if packaged:
                    digests.update(saved.link_digests(rel, rows))
        bulk.nodes(REVIEW_PAIR, review)
        bulk.nodes(RESOLVER_RUN, [run])
    except BaseException as error:
        bulk.__exit__(type(error), error, error.__traceback__)
        raise
    # The engine copies the staged rows into the store outside the GIL: on a second core,
    # while this thread saves the state.
    writing = Background(lambda: bulk.__exit__(None, None, None))
    linked = sum(len(found.members[r]) for rows in groups.values() for r in rows
                 if len(rows) > 1 or len(found.members[r]) > 1)
    totals = {"mentions": len(mentions), "entities": len(groups), "linked": linked,
              "review": len(review)}
    if packaged:
        members = saved.member_table(found.members, mentions, np.arange(len(found.table)),
                                     digests)
        # Written: a million mentions and the rows made from them would only add to the
        # memory the state's blocking keys take next.
        del mentions, groups, review, digests
        try:
            saved.save_full(found, linkage, members, _rows(found, same),
                            _rows(found, different), judged, run["ran_at"], totals, folder)
        finally:
            try:
                writing.join()
            except BaseException:
                shutil.rmtree(folder, ignore_errors=True)  # a state without its graph
                raise
    writing.join()
    contradictions = tuple(((found.members[a][0], found.members[b][0]), why)
                           for (a, b), why in linkage.clusters.contradictions)
    conflicts += [f"contradiction: {a} and {b}: {why}" for (a, b), why in contradictions]
    return Resolution(totals["mentions"], totals["entities"], linked,
                      len(linkage.clusters.refused), totals["review"], settings.version,
                      contradictions, len(same) + len(different), tuple(conflicts),
                      read=totals["mentions"], rows=len(found.table), note=note)


class Background:
    """Runs `work` in a thread from now on; join() waits for it and raises what it raised."""

    def __init__(self, work: Callable[[], object]) -> None:
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, args=(work,), daemon=True)
        self.thread.start()

    def _run(self, work: Callable[[], object]) -> None:
        try:
            work()
        except BaseException as error:  # noqa: BLE001 - handed to join()
            self.error = error

    def join(self) -> None:
        self.thread.join()
        if self.error is not None:
            error, self.error = self.error, None
            raise error


def _slices(groups: dict[int, list[int]], size: int) -> Iterator[dict[int, list[int]]]:
    items = iter(groups.items())
    while part := dict(islice(items, size)):
        yield part


def _rows(found: Profiles, pairs: list[MentionPair]) -> list[tuple[int, int]]:
    return [(found.row_of[a], found.row_of[b]) for a, b in pairs
            if a in found.row_of and b in found.row_of]


def entity_key(members: list[str]) -> str:
    return _entity_key_of(min(members))


def _entity_key_of(first: str) -> str:
    """The key of the entity whose least mention id is `first`."""
    return "ent-" + hashlib.blake2b(first.encode(), digest_size=8).hexdigest()


def _key_of(rows: list[int], found: Profiles) -> str:
    """entity_key of the rows' mentions: each row's are sorted, so the least is a row's
    first (without listing a cluster's mentions: a million mentions' run did it twice)."""
    first = found.members[rows[0]][0] if len(rows) == 1 else \
        min(found.members[r][0] for r in rows)
    return _entity_key_of(first)


def _mentions_of(rows: list[int], found: Profiles) -> list[str]:
    return [m for r in rows for m in found.members[r]]


def _entity(rows: list[int], found: Profiles, mentions: dict[str, PartyMention],
            linkage: Linkage) -> dict[str, Any]:
    if len(rows) == 1 and len(found.members[rows[0]]) == 1:
        # most entities of a big run: no choice to make
        only = mentions[found.members[rows[0]][0]].mention
        return {"key": _key_of(rows, found), "name": only.name,
                "entity_type": only.entity_type, "method": RULE}
    parties = [mentions[m] for m in _mentions_of(rows, found)]
    best = min(parties, key=lambda p: (NAME_PREFERENCE.get(p.kind, 9), p.id))
    types = Counter(p.mention.entity_type for p in parties)
    methods = {_method(linkage, r) for r in rows} if len(rows) > 1 else {RULE}
    method = next((m for m in (HUMAN, "model") if m in methods), RULE)
    return {"key": _key_of(rows, found), "name": best.mention.name,
            "entity_type": types.most_common(1)[0][0], "method": method}


def _method(linkage: Linkage, row: int) -> str:
    edge = linkage.clusters.joined_by.get(row)
    if edge is None:
        return RULE
    return HUMAN if edge < 0 else linkage.method(int(linkage.link_index[edge]))


def _links(groups: dict[int, list[int]], found: Profiles, mentions: dict[str, PartyMention],
           linkage: Linkage) -> dict[tuple[str, str], list[dict[str, Any]]]:
    rows: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    holds = _Holds(linkage, found, [r for cluster_rows in groups.values() for r in cluster_rows])
    version = linkage.settings.version
    tables: dict[tuple[str, str], list[dict[str, Any]]] = {}  # per role and kind
    for cluster_rows in groups.values():
        key = _key_of(cluster_rows, found)
        clustered = len(cluster_rows) > 1
        for row in cluster_rows:
            held = holds.held_by(row, clustered)
            group = found.members[row]
            same = (1.0, RULE, evidence.same(group[0])) if len(group) > 1 else held
            for member in group:
                score, method, code = held
                held = same
                party = mentions[member]
                table = tables.get((party.mention.role, party.kind))
                if table is None:
                    table = tables[(party.mention.role, party.kind)] = rows[
                        (MENTION_RELS[party.mention.role], ROW_MODELS[party.kind].label)]
                table.append({"from": party.record, "to": key, "score": score,
                              "method": method, "evidence": code, "model_version": version})
    return rows


class _Holds:
    """Per row, the score, method and evidence of the strongest accepted link that holds
    it. The rows' links and the other rows of their pairs are looked up for all of them at
    once, and a score made once per distinct weight: per row, numpy's scalar indexing and
    the probability of one weight cost a million mentions' run about 5 s."""

    def __init__(self, linkage: Linkage, found: Profiles, rows: list[int]) -> None:
        self.linkage, self.found = linkage, found
        joined = linkage.clusters.joined_by
        edges = np.array([joined.get(r, NOT_JOINED) for r in rows], dtype=np.int64)
        pairs = np.zeros(len(rows), dtype=np.int64)
        others = np.zeros(len(rows), dtype=np.int64)
        if len(linkage.link_index):
            pairs = np.where(edges >= 0, linkage.link_index[np.maximum(edges, 0)], 0)
            left, right = linkage.left[pairs], linkage.right[pairs]
            others = np.where(left == np.array(rows, dtype=np.int64), right, left)
        self.at = {r: i for i, r in enumerate(rows)}
        self.edges, self.pairs, self.others = edges.tolist(), pairs.tolist(), others.tolist()
        self.rules = linkage.rule[pairs].tolist() if len(linkage.rule) else [False] * len(rows)
        self.weights = linkage.weight[pairs].tolist() if len(linkage.weight) \
            else [0.0] * len(rows)
        self.scores: dict[float, float] = {}

    def held_by(self, row: int, clustered: bool) -> tuple[float, str, str]:
        """Score, method and evidence code of the strongest accepted link that holds it."""
        i = self.at[row]
        edge = self.edges[i]
        if not clustered or edge == NOT_JOINED:
            return 1.0, RULE, evidence.NONE
        if edge < 0:
            return 1.0, HUMAN, evidence.JUDGED
        pair = self.pairs[i]
        if self.rules[i]:
            score, method = 1.0, RULE
        else:
            weight = self.weights[i]
            if weight not in self.scores:
                self.scores[weight] = round(float(probability(weight)), 4)
            score, method = self.scores[weight], MODEL
        return score, method, evidence.pair(self.linkage.levels_code(pair),
                                            self.found.members[self.others[i]][0])


NOT_JOINED = -2  # a row no link holds (-1 is a person's judgement)


REASONS = {"band": "score in the review band", "ambiguous": "fits mentions of several parties",
           "refused": "linked by the model, refused by a guard"}


def _review_rows(linkage: Linkage, found: Profiles) -> list[dict[str, Any]]:
    refused = {int(linkage.link_index[i]): why
               for i, why in linkage.clusters.refused}
    out = []
    for pair in linkage.review().tolist():
        a = found.members[int(linkage.left[pair])][0]
        b = found.members[int(linkage.right[pair])][0]
        reason = refused.get(pair) or (REASONS["ambiguous"] if linkage.ambiguous[pair]
                                       else REASONS["band"])
        weight = float(linkage.weight[pair])
        out.append({"key": "review-" + hashlib.blake2b(f"{a}|{b}".encode(),
                                                       digest_size=8).hexdigest(),
                    "left": a, "right": b, "score": round(float(probability(weight)), 4),
                    "weight": round(weight, 2), "reason": reason,
                    "evidence": linkage.waterfall(pair),
                    "model_version": linkage.settings.version})
    return out


def _run(linkage: Linkage, mentions: int, entities: int, review: int) -> dict[str, Any]:
    return {"key": "latest", "model_version": linkage.settings.version,
            "prior": linkage.settings.prior,
            "ran_at": dt.datetime.now(dt.UTC).isoformat(timespec="microseconds"),
            "mentions": mentions, "entities": entities, "review_pairs": review,
            "frequencies": json.dumps(_frequencies(linkage), ensure_ascii=False,
                                      separators=(",", ":"))}


def _frequencies(linkage: Linkage) -> dict[str, Any]:
    """Per term-frequency column: rows with a value, and the count of each repeated value."""
    out: dict[str, Any] = {}
    for comparison in linkage.settings.comparisons:
        if comparison.tf:
            values = [v for v in linkage.table[comparison.column].tolist() if v is not None]
            counts = Counter(values)
            out[comparison.column] = {"rows": len(values),
                                      "counts": {v: n for v, n in counts.items() if n > 1}}
    return out
