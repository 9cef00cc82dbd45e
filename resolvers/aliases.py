"""Other names a record gives its party (a watchlist's "also known as", a registry's English
or short name), compared as the record's own name is.

A row with aliases stands for several name variants in blocking and comparison: its own
name and one variant per alias, each with the row's other values. Every variant's blocking
keys count as the row's, and a pair of rows is scored as its best pair of variants, so a
listed party the registers know only by an alias is still found. An alias agreeing
exactly with a row's own name weighs what that name's frequency says, as the name would;
two aliases agreeing, with no row of that name, weigh an exact match of average frequency.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from resolvers.comparisons import levels
from resolvers.keys import ALIAS_SEP, _name_keys
from resolvers.model import Scored, Settings, score, term_frequencies
from resolvers.table import Table, present

# The columns made from a name (keys.MentionKeys); a variant takes them from its alias.
NAME_COLUMNS = ("name", "short_name", "name_form", "legal_form", "legal_family")


@dataclass(frozen=True)
class Variants:
    table: Table  # the original rows, then the alias variants, each owner's together
    owner: np.ndarray  # per row of `table`: the original row it stands for
    alias: np.ndarray  # per row of `table`: the alias as given, None for an original row
    first: np.ndarray  # per original row: the row of its first alias variant
    sizes: np.ndarray  # per original row: 1 + its alias variants

    def owned(self, rows: np.ndarray, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Blocking keys of variant rows as keys of their owners: each (owner, key) once,
        in owner order (a whole table's keys then come out as its slices' do)."""
        n = len(self.sizes)
        seen = set(zip(rows[rows < n].tolist(), keys[rows < n].tolist(), strict=True))
        keep = rows < n
        for index in np.flatnonzero(~keep).tolist():
            entry = (int(self.owner[rows[index]]), keys[index])
            if entry not in seen:
                seen.add(entry)
                keep[index] = True
        owners = self.owner[rows[keep]]
        order = np.argsort(owners, kind="stable")
        return owners[order], keys[keep][order]

    def expand(self, left: np.ndarray, right: np.ndarray
               ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Every pair of variants of each pair of rows: variant rows, the pair each stands
        for, and where each pair's variants start. A pair's own names come first."""
        width = self.sizes[right]
        combos = self.sizes[left] * width
        starts = np.cumsum(combos) - combos
        pair = np.repeat(np.arange(len(left)), combos)
        k = np.arange(int(combos.sum())) - starts[pair]
        return (self._variant(left[pair], k // width[pair]),
                self._variant(right[pair], k % width[pair]), pair, starts)

    def _variant(self, rows: np.ndarray, number: np.ndarray) -> np.ndarray:
        return np.where(number == 0, rows, self.first[rows] + number - 1)


def variants(table: Table) -> Variants | None:
    """The table's name variants; None when no row has a usable alias (most tables)."""
    if "aliases" not in table.columns:
        return None
    given = table["aliases"]
    holders = np.flatnonzero(present(given))
    owners: list[int] = []
    names: list[tuple[str | None, ...]] = []
    aliases: list[str] = []
    types, own = table["entity_type"], table["name"]
    for row in holders.tolist():
        seen = {own[row]}
        for alias in given[row].split(ALIAS_SEP):
            keys = _name_keys(types[row], alias)
            if keys[0] is None or keys[0] in seen:
                continue
            seen.add(keys[0])
            owners.append(row)
            names.append(keys)
            aliases.append(alias)
    if not owners:
        return None
    n = len(table)
    taken = np.array(owners, dtype=np.int64)
    columns = {name: np.concatenate((values, values[taken]))
               for name, values in table.columns.items()}
    for index, name in enumerate(NAME_COLUMNS):
        if name in columns:
            columns[name][n:] = [keys[index] or None for keys in names]
    sizes = np.bincount(taken, minlength=n) + 1
    first = n + np.cumsum(sizes - 1) - (sizes - 1)
    alias = np.full(n + len(owners), None, dtype=object)
    alias[n:] = aliases
    return Variants(Table(columns), np.concatenate((np.arange(n), taken)), alias, first,
                    sizes)


def frequencies_for(found: Variants, table: Table, settings: Settings) -> None:
    """The variants' term frequencies: the rows' own, and for an alias the frequency of the
    rows' own names equal to it; an alias no row is named gets an exact match's average
    frequency (its u), so its agreement is not adjusted either way."""
    n = len(table)
    for comparison in settings.comparisons:
        if comparison.tf:
            column = comparison.column
            own = term_frequencies(table, column)
            of_name = dict(zip(table[column].tolist(), own.tolist(), strict=True))
            u = comparison.levels[0].u
            extra = [of_name.get(v, u) or u for v in found.table[column][n:].tolist()]
            found.table._derived[f"{column}|tf"] = np.concatenate((own, extra))


def best_pairs(found: Variants, table: Table, settings: Settings, left: np.ndarray,
               right: np.ndarray) -> tuple[np.ndarray, np.ndarray, Scored]:
    """Per pair of rows of `table`, its best-scoring pair of variants (its own names on a
    tie): their rows in `found.table`, and their scores."""
    frequencies_for(found, table, settings)
    a, b, pair, starts = found.expand(left, right)
    every = score(found.table, settings, a, b, levels(found.table, settings.comparisons, a, b))
    pick = np.lexsort((np.arange(len(pair)), -every.total, pair))[starts]
    return a[pick], b[pick], Scored(every.levels[pick], every.partial[pick], every.total[pick])
