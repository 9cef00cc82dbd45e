"""The graph's party mentions as a table with one row per distinct set of compared values.

Thousands of declarations name their importer identically; comparing one row for all of
them gives the same verdicts for a fraction of the work. Mentions that a person judged
get a row of their own, so a judgement binds exactly the mentions it names.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, fields

import numpy as np

from resolvers.keys import MentionKeys, keys_of
from resolvers.mentions import PartyMention
from resolvers.table import Table

COLUMNS = tuple(f.name for f in fields(MentionKeys))


@dataclass
class Profiles:
    table: Table
    members: list[list[str]]  # row -> mention ids, sorted
    row_of: dict[str, int]  # mention id -> row


def profiles(mentions: Iterable[PartyMention], own_row: Iterable[str] = ()) -> Profiles:
    return fold(((party.id, keys_of(party)) for party in mentions), own_row)


def fold(keyed: Iterable[tuple[str, MentionKeys]], own_row: Iterable[str] = ()) -> Profiles:
    """Profiles of mentions whose keys are already made: (mention id, its keys)."""
    alone = set(own_row)
    rows: dict[object, int] = {}
    members: list[list[str]] = []
    keys: list[MentionKeys] = []
    row_of: dict[str, int] = {}
    for mention, found in keyed:
        identity: object = (found, mention) if mention in alone else found
        row = rows.setdefault(identity, len(rows))
        if row == len(members):
            members.append([])
            keys.append(found)
        members[row].append(mention)
        row_of[mention] = row
    for group in members:
        group.sort()
    return _canonical(keys, members)


def _canonical(keys: list[MentionKeys], members: list[list[str]]) -> Profiles:
    """Rows ordered by their first mention id: the clustering breaks ties by row, so a table
    of some of the rows (an incremental resolve) decides ties as the whole table does."""
    order = sorted(range(len(members)), key=lambda row: members[row][0])
    members = [members[row] for row in order]
    row_of = {mention: row for row, group in enumerate(members) for mention in group}
    return Profiles(table_of([keys[row] for row in order]), members, row_of)


def table_of(keys: list[MentionKeys]) -> Table:
    return Table({name: _strings([getattr(k, name) for k in keys]) for name in COLUMNS})


def _strings(values: list[str | None]) -> np.ndarray:
    return blank_as_missing(np.array(values, dtype=object))


def blank_as_missing(out: np.ndarray) -> np.ndarray:
    """table.column for keys, which are strings or None: only empty strings become None
    (in place), found by one comparison over the array instead of a Python test per value."""
    if len(out):
        out[np.asarray(out == "", dtype=bool)] = None
    return out
