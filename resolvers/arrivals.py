"""What arrived since the last resolve, read by key, and what an incremental run writes back."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from graph.schema import ENTITY, MENTION_RELS, REL_TYPES, REVIEW_PAIR
from graph.store import GraphStore
from loaders.models import ROW_MODELS, RoleRow
from resolvers.mentions import PartyMention, mentions_of_records

SLICE = 900  # rows per CREATE (graph/ladybug_store.py copies 1,000 rows or more)


def provisional_records(store: GraphStore) -> set[str]:
    """Records with a mention still on the loader's provisional entity: new or changed."""
    found: set[str] = set()
    for rel in MENTION_RELS.values():
        for start, _ in REL_TYPES[rel].ends:
            # One scan of the links: seeking the provisional entities by key first and
            # walking back from them is twenty times slower on the embedded engine.
            rows = store.query(f"MATCH (n:{start})-[:{rel}]->(e:{ENTITY}) "
                               "WHERE NOT e.key STARTS WITH 'ent-' RETURN DISTINCT n.key AS key")
            found.update(row["key"] for row in rows)
    return found


def read_records(store: GraphStore, keys: Iterable[str]) -> list[PartyMention]:
    """The mentions of these records. Their phones are normalised again (keys_of), as the
    loader did for their Phone nodes: for a thousand records that is quicker than the walk."""
    wanted = sorted(keys)
    if not wanted:
        return []
    out: list[PartyMention] = []
    for kind, model in ROW_MODELS.items():
        if model is not RoleRow:
            out.extend(mentions_of_records(store, kind, model, wanted))
    return out


def write_small(store: GraphStore, entities: list[dict[str, Any]],
                links: dict[tuple[str, str], list[dict[str, Any]]],
                review: list[dict[str, Any]]) -> None:
    """A few thousand rows into big tables: the engine's COPY costs seconds whatever its size
    there, CREATE in slices below its COPY threshold milliseconds."""
    for label, rows in ((ENTITY, entities), (REVIEW_PAIR, review)):
        for start in range(0, len(rows), SLICE):
            store.create_nodes(label, rows[start:start + SLICE])
    for (rel, label), rows in links.items():
        for start in range(0, len(rows), SLICE):
            store.create_rels(rel, (label, ENTITY), rows[start:start + SLICE])


def review_keys(store: GraphStore, mentions: list[str]) -> list[str]:
    """Keys of the review pairs naming any of these mentions."""
    found = store.columns(f"MATCH (p:{REVIEW_PAIR}) RETURN p.key AS key, p.left AS left, "
                          "p.right AS right")
    if not found.get("key"):
        return []
    pairs = pa.table({name: pa.array(found[name], pa.string())
                      for name in ("key", "left", "right")})
    wanted = pa.array(mentions, pa.string())
    hit = pc.or_(pc.is_in(pairs["left"], value_set=wanted),
                 pc.is_in(pairs["right"], value_set=wanted))
    return [str(k) for k in pairs.filter(hit)["key"].to_pylist()]
