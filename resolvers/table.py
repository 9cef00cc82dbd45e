"""Records as columns: what blocking, comparison and EM read, from the graph or a DataFrame.

A table holds one row per distinct record profile. Each column is a numpy object array of
strings, None where the value is missing; comparisons index it with the arrays of the
candidate pairs' rows, so no Python object is made per pair.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pyarrow as pa

Column = np.ndarray  # dtype=object: str or None


def column(values: Iterable[Any]) -> Column:
    """Strings as given; None, NaN and empty strings become None."""
    out = np.array(list(values), dtype=object)
    for index, value in enumerate(out):
        if value is None or value != value or value == "":  # NaN != NaN
            out[index] = None
        elif not isinstance(value, str):
            out[index] = str(value)
    return out


@dataclass
class Table:
    columns: dict[str, Column]
    _derived: dict[str, Column] = field(default_factory=dict, repr=False)

    @classmethod
    def of(cls, data: Mapping[str, Iterable[Any]]) -> Table:
        columns = {name: column(values) for name, values in data.items()}
        lengths = {len(values) for values in columns.values()}
        if len(lengths) > 1:
            raise ValueError(f"columns of unequal length: {sorted(lengths)}")
        return cls(columns)

    def __len__(self) -> int:
        return len(next(iter(self.columns.values()))) if self.columns else 0

    def __getitem__(self, name: str) -> Column:
        if name in self.columns:
            return self.columns[name]
        if name not in self._derived:
            self._derived[name] = _derive(self, name)
        return self._derived[name]

    def missing(self, name: str) -> np.ndarray:
        return ~present(self[name])

    def row(self, index: int, names: Sequence[str]) -> dict[str, str | None]:
        return {name: self[name][index] for name in names}


def present(values: np.ndarray) -> np.ndarray:
    """True where an object array holds a value (not None), elementwise."""
    return np.asarray(np.not_equal(values, None), dtype=bool)  # type: ignore[call-overload]


def factorize(values: np.ndarray | pa.Array) -> tuple[np.ndarray, np.ndarray]:
    """Group number of each value and the size of each group. Object arrays of strings
    are hashed by Arrow (groups numbered in order of first appearance, as a dict would;
    half the time of a dict), else in a dict: np.unique would first copy them into
    fixed-width unicode. Arrow strings (no nulls) are hashed as they are."""
    if isinstance(values, pa.Array):
        encoded = values.dictionary_encode()
        codes = encoded.indices.to_numpy().astype(np.int64)
        return codes, np.bincount(codes, minlength=len(encoded.dictionary))
    if values.dtype != object:
        _, codes, counts = np.unique(values, return_inverse=True, return_counts=True)
        return codes.ravel(), counts
    try:
        strings = pa.array(values, pa.large_string())
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        strings = None
    if strings is not None and not strings.null_count:
        encoded = strings.dictionary_encode()
        codes = encoded.indices.to_numpy().astype(np.int64)
        return codes, np.bincount(codes, minlength=len(encoded.dictionary))
    index: dict[Any, int] = {}
    codes = np.fromiter((index.setdefault(v, len(index)) for v in values.tolist()),
                        dtype=np.int64, count=len(values))
    return codes, np.bincount(codes, minlength=len(index))


def _derive(table: Table, name: str) -> Column:
    """Columns made on demand: `NAME|compact` drops spaces, `NAME|tokens` splits."""
    base, _, how = name.partition("|")
    values = table[base]
    if how == "compact":
        return np.array([v.replace(" ", "") if v else None for v in values], dtype=object)
    raise KeyError(f"no column {name!r}")
