"""Why two mentions are, or are not, one party: the model's waterfall and the stored links.

Each comparison of the two mentions shows both values, the level they fall in, and the
weight of that level (a common name's exact agreement re-weighted by its frequency at the
last resolve); the total is the prior plus those weights, as in Splink's waterfall chart.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace

import numpy as np

from graph.schema import ENTITY, MENTION_RELS, RESOLVER_RUN
from graph.store import GraphStore
from loaders.models import ROW_MODELS, RoleRow
from resolvers import aliases, evidence, model
from resolvers.comparisons import levels
from resolvers.keys import keys_of
from resolvers.mentions import PartyMention, mentions_of_record
from resolvers.model import Settings, probability, score
from resolvers.profiles import table_of
from resolvers.table import Table


class MentionNotFound(LookupError):
    pass


@dataclass(frozen=True)
class Step:
    comparison: str
    left: str | None
    right: str | None
    level: str
    weight: float  # the level's weight, frequency adjustment included
    frequency_adjustment: float = 0.0


@dataclass(frozen=True)
class Explanation:
    left: PartyMention
    right: PartyMention
    prior: float
    steps: list[Step]
    total: float
    decision: str  # "link (rule)", "link (model)", "review", "no link", "never linked: ..."
    model_version: str
    entities: tuple[str | None, str | None]
    evidence: tuple[str | None, str | None]  # each link's evidence, read (resolvers/evidence.py)

    @property
    def probability(self) -> float:
        return float(probability(self.total))

    @property
    def same_entity(self) -> bool:
        return self.entities[0] is not None and self.entities[0] == self.entities[1]


def find_mention(store: GraphStore, given: str) -> PartyMention:
    """SOURCE:RECORD_ID, with #importer, #exporter, #declarant or #party for embedded parties."""
    record, _, role = given.partition("#")
    for kind, row_model in ROW_MODELS.items():
        if row_model is RoleRow:
            continue
        for party in mentions_of_record(store, kind, row_model, record):
            if party.mention.role == (role or _default_role(kind)):
                return party
    raise MentionNotFound(f"{given}: no party mention with this SOURCE:RECORD_ID[#role]")


def _default_role(kind: str) -> str:
    return {"declarations": "importer", "cases": "party"}.get(kind, "")


def explain(store: GraphStore, a: str, b: str, settings: Settings | None = None) -> Explanation:
    settings = settings or model.load()
    left, right = find_mention(store, a), find_mention(store, b)
    table = table_of([keys_of(left), keys_of(right)])
    settings = _as_last_run(store, table, settings)
    steps, total = waterfall(table, settings)
    links = [_link(store, party, settings) for party in (left, right)]
    return Explanation(left, right, settings.prior_weight, steps, total,
                       decide(table, settings, total), settings.version,
                       (links[0][0], links[1][0]), (links[0][1], links[1][1]))


def waterfall(table: Table, settings: Settings) -> tuple[list[Step], float]:
    """The comparison steps of rows 0 and 1 of a table, and the total weight; where the
    rows have aliases, of their best-scoring pair of names, as the resolver scores them."""
    pair = np.array([0]), np.array([1])
    found = aliases.variants(table)
    if found is None:
        scored = score(table, settings, *pair, levels(table, settings.comparisons, *pair))
        given = np.full(len(table), None, dtype=object)
    else:
        a, b, scored = aliases.best_pairs(found, table, settings, *pair)
        pair, table, given = (a, b), found.table, found.alias
    steps = []
    for index, comparison in enumerate(settings.comparisons):
        level = int(scored.levels[0, index])
        base = float(comparison.weights()[level])
        weight = float(scored.partial[0, index])
        values = [table[comparison.column][row] for row in (pair[0][0], pair[1][0])]
        if comparison.column in aliases.NAME_COLUMNS:
            values = [f"{value} (alias {alias!r})" if alias and value else value
                      for value, alias in zip(values, given[[pair[0][0], pair[1][0]]],
                                              strict=True)]
        steps.append(Step(comparison.name, values[0], values[1], comparison.label(level),
                          weight, weight - base))
    return steps, float(scored.total[0])


def decide(table: Table, settings: Settings, total: float) -> str:
    if table["entity_type"][0] != table["entity_type"][1]:
        return "never linked: a company and a person"
    for column in settings.never_rules:
        a, b = table[column][0], table[column][1]
        if a is not None and b is not None and a != b:
            return f"never linked: different {column} ({a}, {b})"
    for column in settings.same_rules:
        if table[column][0] is not None and table[column][0] == table[column][1]:
            return f"link (rule: same {column})"
    if total >= settings.link:
        return "link (model)"
    return "review" if total >= settings.review else "no link"


def _as_last_run(store: GraphStore, table: Table, settings: Settings) -> Settings:
    """The prior and term frequencies of the last resolve; without one, values count as rare."""
    rows = store.query(f"MATCH (r:{RESOLVER_RUN}) RETURN r.frequencies AS f, r.prior AS p")
    stored = json.loads(rows[0]["f"]) if rows and rows[0]["f"] else {}
    for comparison in settings.comparisons:
        if comparison.tf:
            counts = stored.get(comparison.column, {"rows": 0, "counts": {}})
            total = max(counts["rows"], 1)
            table._derived[f"{comparison.column}|tf"] = np.array(
                [counts["counts"].get(v, 1) / total if v else 0.0
                 for v in table[comparison.column].tolist()])
    return replace(settings, prior=rows[0]["p"]) if rows and rows[0]["p"] else settings


def _link(store: GraphStore, party: PartyMention,
          settings: Settings) -> tuple[str | None, str | None]:
    rel = MENTION_RELS[party.mention.role]
    rows = store.query(f"MATCH (n {{key: $key}})-[r:{rel}]->(e:{ENTITY}) "
                       "RETURN e.key AS entity, r.evidence AS evidence, r.score AS score, "
                       "r.method AS method, r.model_version AS version", {"key": party.record})
    if not rows:
        return None, None
    row = rows[0]
    return row["entity"], evidence.read(row["evidence"], settings, row["score"], row["method"],
                                        row["version"]).text
