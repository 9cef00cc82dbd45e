"""Resolve: read every party mention, cluster them, and rebuild the Entity layer.

Records are never touched; entities and the record-to-entity links are derived
and replaced as a whole, each link carrying its score, method and evidence.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any

from graph.schema import ENTITY, MENTION_RELS
from graph.store import GraphStore
from loaders.models import ROW_MODELS
from resolvers.cluster import Clusters
from resolvers.keys import keys_of
from resolvers.mentions import PartyMention, read_mentions
from resolvers.rules import link_all

# Registry names are the most carefully written; prefer them for an entity's display name.
NAME_PREFERENCE = {"companies": 0, "persons": 0, "watchlist": 1, "declarations": 2, "cases": 3}


@dataclass(frozen=True)
class Resolution:
    mentions: int
    entities: int
    linked: int
    refused: int


def resolve(store: GraphStore) -> Resolution:
    mentions = {m.id: m for m in read_mentions(store)}
    clusters = link_all((mention_id, keys_of(m)) for mention_id, m in mentions.items())
    groups = clusters.groups()
    store.delete_label(ENTITY)
    with store.writer() as bulk:
        bulk.nodes(ENTITY, [_entity(members, mentions) for members in groups.values()])
        for (rel, label), rows in _links(groups, mentions, clusters).items():
            bulk.rels(rel, (label, ENTITY), rows)
    linked = sum(len(members) for members in groups.values() if len(members) > 1)
    return Resolution(len(mentions), len(groups), linked, clusters.refused)


def entity_key(members: list[str]) -> str:
    return "ent-" + hashlib.blake2b(min(members).encode(), digest_size=8).hexdigest()


def _entity(members: list[str], mentions: dict[str, PartyMention]) -> dict[str, Any]:
    parties = [mentions[m] for m in members]
    best = min(parties, key=lambda p: (NAME_PREFERENCE.get(p.kind, 9), p.id))
    types = Counter(p.mention.entity_type for p in parties)
    return {"key": entity_key(members), "name": best.mention.name,
            "entity_type": types.most_common(1)[0][0], "method": "rule"}


def _links(groups: dict[str, list[str]], mentions: dict[str, PartyMention],
           clusters: Clusters) -> dict[tuple[str, str], list[dict[str, Any]]]:
    rows: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for members in groups.values():
        key = entity_key(members)
        for member in members:
            party = mentions[member]
            evidence = clusters.reason.get(member) or (
                "first mention of its cluster" if len(members) > 1 else "no other mention matched")
            rows[(MENTION_RELS[party.mention.role], ROW_MODELS[party.kind].label)].append(
                {"from": party.record, "to": key, "score": 1.0, "method": "rule",
                 "evidence": evidence})
    return rows
