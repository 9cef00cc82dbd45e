"""Why two mentions are, or are not, one party: each comparison and the stored links."""

from __future__ import annotations

from dataclasses import dataclass, fields

from graph.schema import ENTITY, MENTION_RELS
from graph.store import GraphStore
from loaders.models import ROW_MODELS, RoleRow
from resolvers.keys import MentionKeys, keys_of
from resolvers.mentions import PartyMention, mentions_of_record
from resolvers.rules import CORROBORATING

COMPARED = ("entity_type", "tax", "name", "name_form", "short_name", *CORROBORATING, "country")


class MentionNotFound(LookupError):
    pass


@dataclass(frozen=True)
class Comparison:
    field: str
    left: str | None
    right: str | None

    @property
    def verdict(self) -> str:
        if self.left is None or self.right is None:
            return "missing"
        return "agree" if self.left == self.right else "differ"


@dataclass(frozen=True)
class Explanation:
    left: PartyMention
    right: PartyMention
    comparisons: list[Comparison]
    rule: str
    entities: tuple[str | None, str | None]
    evidence: tuple[str | None, str | None]

    @property
    def same_entity(self) -> bool:
        return self.entities[0] is not None and self.entities[0] == self.entities[1]


def find_mention(store: GraphStore, given: str) -> PartyMention:
    """SOURCE:RECORD_ID, with #importer, #exporter, #declarant or #party for embedded parties."""
    record, _, role = given.partition("#")
    for kind, model in ROW_MODELS.items():
        if model is RoleRow:
            continue
        for party in mentions_of_record(store, kind, model, record):
            if party.mention.role == (role or _default_role(kind)):
                return party
    raise MentionNotFound(f"{given}: no party mention with this SOURCE:RECORD_ID[#role]")


def _default_role(kind: str) -> str:
    return {"declarations": "importer", "cases": "party"}.get(kind, "")


def explain(store: GraphStore, a: str, b: str) -> Explanation:
    left, right = find_mention(store, a), find_mention(store, b)
    ka, kb = keys_of(left), keys_of(right)
    comparisons = [Comparison(f, getattr(ka, f), getattr(kb, f)) for f in COMPARED]
    links = [_link(store, party) for party in (left, right)]
    return Explanation(left, right, comparisons, rule_for(ka, kb),
                       (links[0][0], links[1][0]), (links[0][1], links[1][1]))


def rule_for(a: MentionKeys, b: MentionKeys) -> str:
    if a.tax and b.tax:
        return (f"rule 1: same tax code {a.tax}" if a.tax == b.tax else
                f"never linked: different tax codes {a.tax} and {b.tax}")
    if a.entity_type != b.entity_type or not a.name or a.name != b.name:
        return "no rule links them directly (names differ); a chain through others may"
    shared = [f.name for f in fields(MentionKeys) if f.name in CORROBORATING
              and getattr(a, f.name) and getattr(a, f.name) == getattr(b, f.name)]
    if shared:
        return f"rule 2: same name and same {', '.join(shared)}"
    if a.entity_type == "company" and a.name_form == b.name_form:
        return "rule 3 if this name never appears with two tax codes or countries"
    return "same name but nothing corroborates it: not linked by name alone"


def _link(store: GraphStore, party: PartyMention) -> tuple[str | None, str | None]:
    rel = MENTION_RELS[party.mention.role]
    rows = store.query(f"MATCH (n {{key: $key}})-[r:{rel}]->(e:{ENTITY}) "
                       "RETURN e.key AS entity, r.evidence AS evidence", {"key": party.record})
    return (rows[0]["entity"], rows[0]["evidence"]) if rows else (None, None)
