"""The saved state of the last run and what this run changes in it, shared by its steps."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pyarrow as pa

from graph.store import GraphStore
from resolvers.judgements import Constraints
from resolvers.mentions import PartyMention
from resolvers.model import Settings
from resolvers.profiles import COLUMNS
from resolvers.state import State
from resolvers.table import Table


@dataclass
class Whole:
    """The whole table after this run's changes: row counts, prior, term frequencies."""

    prior: float
    tf_rows: dict[str, int]
    within: dict[str, int]


@dataclass
class Change:
    store: GraphStore
    settings: Settings
    state: State
    frequencies: dict[str, Any]  # the last run's term-frequency summary
    marks: dict[str, np.ndarray]  # the saved marks: live, own, component, cluster
    # What arrived (resolvers/incremental/arrived.py)
    reloaded: set[str] = field(default_factory=set)  # records loaded again or anew
    judged: set[str] = field(default_factory=set)  # mentions named by applied judgements
    applied: Constraints | None = None
    incoming: dict[str, PartyMention] = field(default_factory=dict)  # mentions read
    joined: dict[str, int] = field(default_factory=dict)  # mention read -> its row
    kept_members: pa.Table | None = None  # saved members whose records were not read
    dead: np.ndarray = field(default_factory=lambda: np.empty(0, np.int64))  # rows left empty
    new_table: Table = field(default_factory=lambda: Table({c: np.empty(0, object)
                                                            for c in COLUMNS}))
    new_idents: list[str] = field(default_factory=list)  # identities of the new rows
    # What it touches (resolvers/incremental/reach.py)
    live: np.ndarray = field(default_factory=lambda: np.empty(0, bool))  # old and new rows
    new_key_table: pa.Table | None = None  # blocking keys of the new rows
    counts: dict[tuple[int, str], int] = field(default_factory=dict)  # rows per key, whole
    whole: Whole | None = None
    tf_new: dict[str, np.ndarray] = field(default_factory=dict)  # kept pairs' new tf counts
    new_weight: np.ndarray = field(default_factory=lambda: np.empty(0))  # kept pairs'
    moved: dict[str, Counter[str]] = field(default_factory=dict)  # per tf column: rows gained
    note: str = ""
    inside: set[int] = field(default_factory=set)  # rows re-resolved

    @property
    def old_rows(self) -> int:
        return int(self.state.rows.num_rows)

    @property
    def constraints(self) -> Constraints:
        assert self.applied is not None
        return self.applied

    @property
    def members(self) -> pa.Table:
        assert self.kept_members is not None
        return self.kept_members

    @property
    def now(self) -> Whole:
        assert self.whole is not None
        return self.whole

    def table_of(self, ids: np.ndarray) -> Table:
        """The compared values of these rows, old or new."""
        old = ids[ids < self.old_rows]
        picked = as_table(self.state.rows.take(pa.array(old, pa.int64())))
        fresh = ids[ids >= self.old_rows] - self.old_rows
        if not len(fresh):
            return picked
        return concat(picked, Table({c: self.new_table[c][fresh] for c in COLUMNS}))


def as_table(rows: pa.Table) -> Table:
    return Table({c: np.array(rows[c].to_pylist(), dtype=object) for c in COLUMNS})


def concat(a: Table, b: Table) -> Table:
    return Table({c: np.concatenate((a[c], b[c])) for c in COLUMNS})
