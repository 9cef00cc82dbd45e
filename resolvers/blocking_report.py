"""Blocking of the store's mentions measured against a truth file: reduction and completeness."""

from __future__ import annotations

from collections.abc import Mapping

from graph.store import GraphStore
from resolvers import model
from resolvers.blocking import BlockingQuality, blocking_quality, candidate_pairs
from resolvers.mentions import read_mentions
from resolvers.profiles import profiles


def store_blocking(store: GraphStore, truth: Mapping[tuple[str, str, str], str],
                   settings: model.Settings | None = None) -> BlockingQuality:
    """truth: (source, record_id, role) -> party, as read from a resolution file."""
    found = profiles(read_mentions(store))
    settings = (settings or model.load()).sized_for(found.table)
    left, right = candidate_pairs(found.table, settings)
    by_id = {f"{source}:{record}" + (f"#{role}" if role else ""): party
             for (source, record, role), party in truth.items()}
    return blocking_quality(found.row_of, by_id, left, right)
