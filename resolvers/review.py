"""The pairs a person should decide, most consequential first.

Every resolve leaves behind the pairs it was unsure of (ReviewPair nodes: the review band,
or a model link a guard refused). A pair matters more when deciding it moves more
history between entities, and most when a watchlist entry or an enforcement case is on
either side: that is where a wrong call puts an innocent trader under suspicion, or lets
a listed party hide behind a new name.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from graph.schema import ENTITY, MENTION_RELS, REVIEW_PAIR
from graph.store import GraphStore
from resolvers.judgements import Judgement

# Which record labels can hold a mention of each role ("" = the record itself is the party).
HOLDERS = {"": ("CompanyRecord", "PersonRecord", "WatchlistEntry"),
           "importer": ("Declaration",), "exporter": ("Declaration",),
           "declarant": ("Declaration",), "party": ("EnforcementCase",)}


@dataclass(frozen=True)
class Candidate:
    left: str  # mention ids, left < right
    right: str
    weight: float  # the model's total match weight (log2 odds)
    probability: float
    reason: str  # why it is in the queue: "review band" or the guard that refused the link

    @property
    def pair(self) -> tuple[str, str]:
        return self.left, self.right


@dataclass(frozen=True)
class Side:
    mention: str
    entity: str | None
    records: int  # records tied to the entity: registry rows, declarations, cases
    flagged: int  # watchlist entries and enforcement cases among them


@dataclass(frozen=True)
class Decision:
    candidate: Candidate
    sides: tuple[Side, Side]

    @property
    def flagged(self) -> bool:
        return any(side.flagged for side in self.sides)

    @property
    def at_stake(self) -> int:
        """Records that change hands if the call is wrong: the smaller side's history."""
        return min(side.records for side in self.sides)


def read_candidates(store: GraphStore) -> list[Candidate]:
    rows = store.query(f"MATCH (c:{REVIEW_PAIR}) RETURN c.left AS left, c.right AS right, "
                       "c.weight AS weight, c.score AS probability, c.reason AS reason "
                       "ORDER BY left, right")
    return [Candidate(min(r["left"], r["right"]), max(r["left"], r["right"]),
                      float(r["weight"]), float(r["probability"]), r["reason"] or "review band")
            for r in rows]


def queue(store: GraphStore, judgements: Sequence[Judgement] = ()) -> list[Decision]:
    """Undecided candidates, flagged parties first, then by history at stake, then weight."""
    judged = {j.pair for j in judgements}
    open_pairs = [c for c in read_candidates(store) if c.pair not in judged]
    mentions = {m for c in open_pairs for m in c.pair}
    entity_of = entities_of(store, mentions)
    sizes = entity_sizes(store, {e for e in entity_of.values() if e})
    decisions = []
    for candidate in open_pairs:
        sides = tuple(Side(m, entity_of.get(m), *sizes.get(entity_of.get(m) or "", (1, 0)))
                      for m in candidate.pair)
        decisions.append(Decision(candidate, (sides[0], sides[1])))
    decisions.sort(key=lambda d: (not d.flagged, -d.at_stake, -d.candidate.weight,
                                  d.candidate.pair))
    return decisions


def entities_of(store: GraphStore, mentions: Iterable[str]) -> dict[str, str | None]:
    """Mention id -> the entity it resolved to."""
    by_role: dict[str, list[str]] = {}
    for mention in mentions:
        record, _, role = mention.partition("#")
        by_role.setdefault(role, []).append(record)
    found: dict[str, str | None] = {}
    for role, records in by_role.items():
        for label in HOLDERS.get(role, ()):
            rows = store.query(
                f"UNWIND $keys AS k MATCH (n:{label} {{key: k}})-[:{MENTION_RELS[role]}]->"
                f"(e:{ENTITY}) RETURN n.key AS record, e.key AS entity", {"keys": records})
            for row in rows:
                found[f"{row['record']}#{role}" if role else row["record"]] = row["entity"]
    return found


def entity_sizes(store: GraphStore, entities: set[str]) -> dict[str, tuple[int, int]]:
    """Entity -> (records tied to it, watchlist entries and cases among them)."""
    if not entities:
        return {}
    totals: dict[str, list[int]] = {e: [0, 0] for e in entities}
    flagged_rels = {"RESOLVES_TO": "WatchlistEntry", "PARTY": "EnforcementCase"}
    for rel in dict.fromkeys(MENTION_RELS.values()):
        rows = store.query(f"UNWIND $keys AS k MATCH (n)-[:{rel}]->(e:{ENTITY} {{key: k}}) "
                           "RETURN e.key AS entity, count(n) AS n", {"keys": sorted(entities)})
        for row in rows:
            totals[row["entity"]][0] += int(row["n"])
        if rel in flagged_rels:
            label = flagged_rels[rel]
            rows = store.query(f"UNWIND $keys AS k MATCH (n:{label})-[:{rel}]->"
                               f"(e:{ENTITY} {{key: k}}) RETURN e.key AS entity, "
                               "count(n) AS n", {"keys": sorted(entities)})
            for row in rows:
                totals[row["entity"]][1] += int(row["n"])
    return {e: (n, flagged) for e, (n, flagged) in totals.items()}
