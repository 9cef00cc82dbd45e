"""Write the re-resolved part into the graph by difference. On the embedded engine every
node or relationship deleted or created costs at the next checkpoint (when the store
closes) in proportion to the stretches of the tables it touches, and deleting one record's
link by its record scans the links: at a million mentions, deleting and re-creating a whole
part of 1,300 rows cost 5 s there. Most of a part comes out as it was, so an entity is
replaced (deleted with its links, then created again) only when one of its links must go;
otherwise it keeps its links, its properties are updated when they changed, and the links
of its new members are added. Which links changed is told by the digests the state keeps
(resolvers/state.py link_digest), not by reading them back."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from graph.schema import ENTITY, REVIEW_PAIR
from graph.store import GraphStore
from resolvers import state
from resolvers.arrivals import write_small

Links = dict[tuple[str, str], list[dict[str, Any]]]
ENTITY_FIELDS = ("name", "entity_type", "method")
REVIEW_FIELDS = ("left", "right", "score", "weight", "reason", "evidence", "model_version")


def replace(store: GraphStore, old: dict[str, dict[str, int]], entities: list[dict[str, Any]],
            links: Links, stale_review: list[str], review: list[dict[str, Any]]) -> None:
    """Replace a part's old entities by its new ones, with their links and review pairs.
    `old`: per old entity, the link digest of each member whose link is still in the graph
    (an old entity's members are all in the part, so all of its links are among these)."""
    new = {e["key"]: e for e in entities}
    members: dict[str, dict[str, int]] = defaultdict(dict)  # per new entity
    for (rel, _), rows in links.items():
        role = state.ROLE_OF_REL[rel]
        for row in rows:
            members[row["to"]][state.mention_of(row["from"], role)] = state.link_digest(row)
    replaced = {key for key, held in old.items() if key in new and any(
        members[key].get(m) != digest for m, digest in held.items())}
    kept = {key for key in old if key in new and key not in replaced}
    before = _properties(store, ENTITY, sorted(kept), ENTITY_FIELDS)
    store.execute(f"UNWIND $keys AS k MATCH (e:{ENTITY} {{key: k}}) DETACH DELETE e",
                  {"keys": sorted((set(old) - set(new)) | replaced)})
    # The loader's provisional entities of new or changed records.
    store.execute(f"MATCH (e:{ENTITY}) WHERE NOT e.key STARTS WITH 'ent-' DETACH DELETE e")
    changed = [new[key] for key in sorted(kept) if key in before
               and _differs(before[key], new[key], ENTITY_FIELDS)]
    if changed:
        store.update_nodes(ENTITY, changed)
    fresh: Links = {}
    for (rel, label), rows in links.items():
        role = state.ROLE_OF_REL[rel]
        fresh[(rel, label)] = [row for row in rows if row["to"] not in kept or
                               state.mention_of(row["from"], role) not in old[row["to"]]]
    wanted = {r["key"]: r for r in review}
    same = _properties(store, REVIEW_PAIR, stale_review, REVIEW_FIELDS)
    same = {k: v for k, v in same.items()
            if k in wanted and not _differs(v, wanted[k], REVIEW_FIELDS)}
    store.execute(f"UNWIND $keys AS k MATCH (p:{REVIEW_PAIR} {{key: k}}) DELETE p",
                  {"keys": sorted(set(stale_review) - set(same))})
    write_small(store, [e for key, e in new.items() if key not in kept], fresh,
                [r for k, r in wanted.items() if k not in same])


def _properties(store: GraphStore, label: str, keys: list[str],
                fields: tuple[str, ...]) -> dict[str, dict[str, Any]]:
    if not keys:
        return {}
    rows = store.query(f"UNWIND $keys AS k MATCH (n:{label} {{key: k}}) RETURN n.key AS key, "
                       + ", ".join(f"n.{f} AS {f}" for f in fields), {"keys": keys})
    return {row["key"]: row for row in rows}


def _differs(old: dict[str, Any], new: dict[str, Any], fields: tuple[str, ...]) -> bool:
    return any(old.get(f) != new.get(f) for f in fields)
