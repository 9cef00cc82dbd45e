"""A full resolve makes its mentions' keys column-wise (resolvers/mention_columns.py); the
incremental path and explain make them one mention at a time (resolvers/keys.py). An
incremental run equals a full one only while both give every mention the same keys and
fold the mentions into the same rows."""

from __future__ import annotations

from pathlib import Path

from graph.store import GraphStore
from loaders.ingest import ingest
from resolvers.mention_columns import fold_keyed, read_keyed
from resolvers.mentions import read_mentions
from resolvers.profiles import COLUMNS, profiles
from tests.test_aliases import _a_registered_person, _watchlist
from tests.test_store_contract import load_all


def test_column_wise_keys_equal_the_per_mention_keys(store: GraphStore, demo_dir: Path,
                                                     tmp_path: Path) -> None:
    load_all(store, demo_dir)
    ingest(store, _watchlist(tmp_path, _a_registered_person(demo_dir)))  # aliases
    parties = list(read_mentions(store))
    judged = [p.id for p in parties[::7]]  # each gets a row of its own
    reference = profiles(parties, own_row=judged)

    mentions, keyed = read_keyed(store)
    found = fold_keyed(keyed, own_row=judged)

    assert list(mentions) == [p.id for p in parties], "every mention, in the same order"
    assert {"declarations", "watchlist", "cases", "companies", "persons"} <= \
        {m.kind for m in mentions.values()}
    for party in parties[::97]:
        kept = mentions[party.id]
        assert (kept.record, kept.source, kept.record_id, kept.kind) == \
            (party.record, party.source, party.record_id, party.kind)
        assert kept.mention[:3] == party.mention[:3], "role, type and name as given"
    assert found.members == reference.members
    assert found.row_of == reference.row_of
    for name in COLUMNS:
        assert found.table[name].tolist() == reference.table[name].tolist(), name
    assert any(found.table["aliases"]) and any(found.table["phone"]) \
        and any(found.table["birth_date"]) and any(found.table["tax"])
