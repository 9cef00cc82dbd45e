"""Provisional entities until the fuzzy resolver runs: a shared tax code is one party.

Mentions with the same normalised tax code share one entity; every other mention
is an entity of its own, so the graph can be walked from the first load on.
"""

from __future__ import annotations

from typing import NamedTuple

from graph.records import Mention
from resolvers import normalise


class Link(NamedTuple):
    entity: str
    score: float
    method: str
    evidence: str


def link(record_key: str, mention: Mention) -> Link:
    code = normalise.tax_code(mention.tax_id)
    if code:
        return Link(f"tax:{code}", 1.0, "rule", f"tax code {code}")
    own = record_key + (f"#{mention.role}" if mention.role else "")
    return Link(f"mention:{own}", 1.0, "rule", "no identifier shared with another record")
