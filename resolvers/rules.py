"""Deterministic linking rules, precision first: a false link is worse than a missed one.

1. Mentions with the same normalised tax code are one party.
2. Mentions of the same type with the same normalised name that also agree on a
   phone, e-mail, address, birth date or ID number are one party; so are persons
   written with initials ("Nguyễn Đ. Dũng") that agree on a birth date or ID number,
   and so is a listed party whose alias is that name and who agrees on one of those two.
3. Company mentions with the same normalised name of two words or more, written
   with the same legal-form words, are one party when that name never comes with
   two different tax codes or countries: a name shared by look-alikes stays
   ambiguous and is left unlinked.
No link joins clusters holding different tax codes.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any

from resolvers.cluster import Clusters
from resolvers.keys import MentionKeys

CORROBORATING = ("phone", "email", "address", "birth_date", "id_number")
STRONG = ("birth_date", "id_number")


def link_all(mentions: Iterable[tuple[str, MentionKeys]]) -> Clusters:
    clusters = Clusters()
    by_tax: dict[str, list[str]] = defaultdict(list)
    by_name: dict[tuple[str, ...], list[str]] = defaultdict(list)
    by_company_name: dict[str, list[tuple[str, MentionKeys]]] = defaultdict(list)
    for mention_id, keys in mentions:
        clusters.add(mention_id, keys.tax)
        if keys.tax:
            by_tax[keys.tax].append(mention_id)
        named = ((keys.name, CORROBORATING), (keys.short_name, STRONG),
                 *((alias, STRONG) for alias in keys.aliases))
        for name, kinds in named:
            for kind in kinds if name else ():
                value = getattr(keys, kind)
                if value:
                    by_name[(keys.entity_type, name or "", kind, value)].append(mention_id)
        if keys.entity_type == "company" and keys.name and " " in keys.name:
            by_company_name[f"{keys.name} ({keys.name_form})"].append((mention_id, keys))
    _link_groups(clusters, by_tax.items(), lambda key: f"same tax code {key}")
    _link_groups(clusters, by_name.items(), lambda key: f"same name and {key[2]} {key[3]}")
    unambiguous = ((name, [m for m, _ in group]) for name, group in by_company_name.items()
                   if _unambiguous(group))
    _link_groups(clusters, unambiguous, lambda key: f"same name '{key}', never with another "
                 "tax code or country")
    return clusters


def _unambiguous(group: list[tuple[str, MentionKeys]]) -> bool:
    taxes = {keys.tax for _, keys in group if keys.tax}
    countries = {keys.country for _, keys in group if keys.country}
    return len(taxes) <= 1 and len(countries) <= 1


def _link_groups(clusters: Clusters, groups: Iterable[tuple[Any, list[str]]],
                 why: Callable[[Any], str]) -> None:
    for key, members in groups:
        for other in members[1:]:
            clusters.link(members[0], other, why(key))
