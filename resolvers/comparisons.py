"""Comparison levels of candidate pairs, computed column-wise over arrays of pairs.

A comparison looks at one column and puts each pair in one of its levels, tried in order:
level 0 means a side is missing (no evidence either way); each further level has a
condition, "any of these similarities reaches its threshold", and the last one ("else")
none. Similarities are rapidfuzz scorers run over all the pairs still undecided at once
(`process.cpdist`), so the cost is one C loop per level, not a Python call per pair.

Similarities (the keys of a level's "if"):
  exact            the values are equal
  exact_compact    equal once spaces are removed ("minh phat" = "minhphat")
  jaro_winkler     Jaro-Winkler similarity, 0..1 (also jaro_winkler_compact)
  token_set        rapidfuzz token-set ratio, 0..100 (also token_sort)
  levenshtein      edit distance at most the threshold
  date_parts       dates differing in at most that many of year, month and day
                   (day and month swapped counts as one)
  same:COLUMN      another column is equal on both sides (e.g. a person's initials)
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from rapidfuzz import fuzz, process
from rapidfuzz.distance import JaroWinkler, Levenshtein

from resolvers.table import Table, present

Scorer = Callable[..., float]
_SCORERS: dict[str, tuple[Scorer, bool]] = {  # name -> (scorer, higher is better)
    "jaro_winkler": (JaroWinkler.normalized_similarity, True),
    "token_set": (fuzz.token_set_ratio, True),
    "token_sort": (fuzz.token_sort_ratio, True),
    "levenshtein": (Levenshtein.distance, False),
}
_DIGITS = re.compile(r"\D")


@dataclass(frozen=True)
class Level:
    label: str
    when: dict[str, float]  # similarity -> threshold; empty for "else"
    m: float
    u: float
    fixed: bool = False  # m set by hand (how often one party's identifiers conflict); EM keeps it

    @property
    def weight(self) -> float:
        return float(np.log2(self.m / self.u))


@dataclass(frozen=True)
class Comparison:
    name: str
    column: str
    levels: tuple[Level, ...]  # level k of a pair is levels[k - 1]; 0 is "missing"
    tf: bool = False  # term-frequency adjustment of the first ("exact") level

    def label(self, level: int) -> str:
        return "missing" if level == 0 else self.levels[level - 1].label

    def weights(self) -> np.ndarray:
        return np.array([0.0, *(level.weight for level in self.levels)])

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Comparison:
        levels = tuple(Level(lv["label"], dict(lv.get("if", {})), float(lv["m"]), float(lv["u"]),
                             bool(lv.get("fixed", False))) for lv in data["levels"])
        if levels[-1].when:
            raise ValueError(f"comparison {data['name']}: the last level must be 'else'")
        return cls(data["name"], data["column"], levels, bool(data.get("tf", False)))

    def to_json(self) -> dict[str, Any]:
        levels = [{"label": lv.label, **({"if": lv.when} if lv.when else {}),
                   "m": round(lv.m, 6), "u": round(lv.u, 8),
                   **({"fixed": True} if lv.fixed else {})} for lv in self.levels]
        return {"name": self.name, "column": self.column,
                **({"tf": True} if self.tf else {}), "levels": levels}


def levels(table: Table, comparisons: Sequence[Comparison], left: np.ndarray,
           right: np.ndarray) -> np.ndarray:
    """Level of every pair (left[k], right[k]) on every comparison: int8 [pairs, comparisons]."""
    out = np.zeros((len(left), len(comparisons)), dtype=np.int8)
    for index, comparison in enumerate(comparisons):
        out[:, index] = _levels_of(table, comparison, left, right)
    return out


def _levels_of(table: Table, comparison: Comparison, left: np.ndarray,
               right: np.ndarray) -> np.ndarray:
    missing = table.missing(comparison.column)
    result = np.zeros(len(left), dtype=np.int8)
    undecided = np.flatnonzero(~(missing[left] | missing[right]))
    for number, level in enumerate(comparison.levels, start=1):
        if len(undecided) == 0:
            break
        if not level.when:
            result[undecided] = number
            break
        hit = np.zeros(len(undecided), dtype=bool)
        for similarity, threshold in level.when.items():
            pending = np.flatnonzero(~hit)
            if len(pending) == 0:
                break
            rows = undecided[pending]
            hit[pending] = _meets(table, comparison.column, similarity, threshold,
                                  left[rows], right[rows])
        result[undecided[hit]] = number
        undecided = undecided[~hit]
    return result


def _meets(table: Table, column: str, similarity: str, threshold: float, left: np.ndarray,
           right: np.ndarray) -> np.ndarray:
    name, _, option = similarity.partition(":")
    few = len(left) < len(table)  # fewer pairs than rows: compare the strings themselves
    if name == "same":
        if few:
            a, b = table[option][left], table[option][right]
            return np.asarray((a == b) & present(a), dtype=bool)
        codes = _codes(table[option])
        return (codes[left] == codes[right]) & (codes[left] >= 0)
    if name == "date_parts":
        return _date_parts_differing(table, column, left, right) <= threshold
    compact = name.endswith("_compact")
    base = name.removesuffix("_compact")
    values = table[f"{column}|compact" if compact else column]
    if base == "exact" and not few:
        codes = _codes(values)
        return codes[left] == codes[right]
    a, b = values[left], values[right]
    if base == "exact":
        return np.asarray(a == b, dtype=bool)
    scorer, higher = _SCORERS[base]
    # Both cores: the pairs are independent and rapidfuzz scores them outside the GIL.
    scores = process.cpdist(a.tolist(), b.tolist(), scorer=scorer, workers=-1)
    return scores >= threshold if higher else scores <= threshold


def _codes(values: np.ndarray) -> np.ndarray:
    """A number per distinct value of a column, -1 where missing: equal values, equal
    numbers. Pairs compare numbers, not strings (2.5 million pairs' strings compared one
    by one took seconds). Made per use, not kept: a tenth of a second each, where keeping
    them would hold memory through the rest of the run."""
    encoded = pa.array(values, pa.large_string()).dictionary_encode()
    return np.asarray(encoded.indices.fill_null(-1).to_numpy(), dtype=np.int32)


def _date_parts_differing(table: Table, column: str, left: np.ndarray,
                          right: np.ndarray) -> np.ndarray:
    parts = _date_parts(table, column)
    a, b = parts[left], parts[right]
    differ = (a != b).sum(axis=1)
    swapped = (a[:, 0] == b[:, 0]) & (a[:, 1] == b[:, 2]) & (a[:, 2] == b[:, 1])
    return np.where(swapped, np.minimum(differ, 1), differ)


def _date_parts(table: Table, column: str) -> np.ndarray:
    """[year, month, day] of each row from "YYYY-MM-DD" or "YYYYMMDD"; -1 where unreadable.
    ASCII values are read column-wise in Arrow (a Python loop took a million mentions' run
    2.6 s), others as before: Python's \\d also takes other scripts' digits."""
    key = f"{column}|date"
    if key not in table._derived:
        values = table[column]
        parts = np.full((len(table), 3), -1, dtype=np.int32)
        strings = pa.array(values, pa.large_string())
        ascii_ = pc.fill_null(pc.string_is_ascii(strings), True)
        digits = pc.replace_substring_regex(strings, pattern="[^0-9]", replacement="")
        eight = pc.fill_null(pc.and_(pc.equal(pc.binary_length(digits), 8), ascii_), False)
        rows = np.flatnonzero(eight.to_numpy(zero_copy_only=False))
        taken = digits.filter(eight)
        for number, (start, stop) in enumerate(((0, 4), (4, 6), (6, 8))):
            part = pc.utf8_slice_codeunits(taken, start, stop).cast(pa.int32())
            parts[rows, number] = part.to_numpy(zero_copy_only=False)
        for index in np.flatnonzero(~ascii_.to_numpy(zero_copy_only=False)).tolist():
            found = _DIGITS.sub("", values[index])
            if len(found) == 8:
                parts[index] = (int(found[:4]), int(found[4:6]), int(found[6:]))
        table._derived[key] = parts
    return table._derived[key]
