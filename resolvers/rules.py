"""Deterministic linking rules, precision first: a false link is worse than a missed one.

1. Mentions with the same normalised tax code are one party.
2. Mentions of the same type with the same normalised name that also agree on a
   phone, e-mail, address, birth date or ID number are one party, unless their
   clusters hold different tax codes.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any

from resolvers.cluster import Clusters
from resolvers.keys import MentionKeys

CORROBORATING = ("phone", "email", "address", "birth_date", "id_number")


def link_all(mentions: Iterable[tuple[str, MentionKeys]]) -> Clusters:
    clusters = Clusters()
    by_tax: dict[str, list[str]] = defaultdict(list)
    by_name: dict[tuple[str, ...], list[str]] = defaultdict(list)
    for mention_id, keys in mentions:
        clusters.add(mention_id, keys.tax)
        if keys.tax:
            by_tax[keys.tax].append(mention_id)
        for kind in CORROBORATING if keys.name else ():
            value = getattr(keys, kind)
            if value:
                by_name[(keys.entity_type, keys.name or "", kind, value)].append(mention_id)
    _link_groups(clusters, by_tax.items(), lambda key: f"same tax code {key}")
    _link_groups(clusters, by_name.items(), lambda key: f"same name and {key[2]} {key[3]}")
    return clusters


def _link_groups(clusters: Clusters, groups: Iterable[tuple[Any, list[str]]],
                 why: Callable[[Any], str]) -> None:
    for key, members in groups:
        for other in members[1:]:
            clusters.link(members[0], other, why(key))
