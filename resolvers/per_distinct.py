"""Run a function once per distinct value of Arrow columns and spread the results back.

A column of a million mentions, or of a load's declarations, holds far fewer distinct
names, addresses and phones than rows: the normalisers are the dear part, so each runs
once per distinct value (or combination of values) and numpy spreads the results.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc


def encoded(values: pa.Array) -> tuple[np.ndarray, list[Any]]:
    """Each value's code and the distinct values (None among them), in order of first use."""
    found = pc.dictionary_encode(values, null_encoding="encode")
    return (found.indices.to_numpy(zero_copy_only=False).astype(np.int64),
            found.dictionary.to_pylist())


def combined(codes: Sequence[np.ndarray]) -> np.ndarray:
    """One number per row for the combination of the rows' codes (not dense)."""
    out = np.zeros(len(codes[0]) if codes else 0, dtype=np.int64)
    bound = 1  # out < bound
    for more in codes:
        size = int(more.max(initial=0)) + 1
        if bound * size >= 2**62:  # renumber densely before the product could overflow
            out, _ = encoded(pa.array(out))
            bound = int(out.max(initial=0)) + 1
        out = out * size + more
        bound *= size
    return out


def per_distinct(make: Callable[..., Any], *columns: pa.Array) -> tuple[list[Any], np.ndarray]:
    """make(*values) once per distinct combination of the columns' values, and each row's
    index into the results."""
    found = [encoded(column) for column in columns]
    if len(found) == 1:
        codes, values = found[0]
        return [make(value) for value in values], codes
    inverse, _ = encoded(pa.array(combined([codes for codes, _ in found])))
    some_row = np.empty(int(inverse.max(initial=-1)) + 1, dtype=np.int64)
    some_row[inverse] = np.arange(len(inverse))  # any row of a combination has its values
    given = [[values[i] for i in codes[some_row].tolist()] for codes, values in found]
    return [make(*args) for args in zip(*given, strict=True)], inverse


def first_rows(codes: np.ndarray) -> np.ndarray:
    """The rows where each code first appears, in row order."""
    return np.sort(np.unique(codes, return_index=True)[1])
