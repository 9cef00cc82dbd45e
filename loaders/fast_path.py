"""Validate a column chunk: rows the column checks vouch for stay columns, the rest go
through the row path, all in line order so the batch checks (duplicate record ids,
roles pointing at records) see rows exactly as the row path would."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pyarrow as pa

from graph.records import row_hashes
from loaders.batch import DataFile
from loaders.columnar import CheckedColumns, check_columns
from loaders.fast_read import ColumnChunk
from loaders.models import ROW_MODELS, Contribution, RoleRow
from loaders.validate import BatchValidator, ValidRow


@dataclass
class FastRows:
    """Valid rows of one file as typed columns, with what the row path keeps beside them."""

    model: type[Contribution]
    lines: list[int]
    typed: dict[str, pa.Array]
    extra: list[dict[str, str]]
    digests: list[str]

    def __len__(self) -> int:
        return len(self.lines)

    def split(self, size: int) -> Iterator[FastRows]:
        for start in range(0, len(self), size):
            stop = start + size
            yield FastRows(self.model, self.lines[start:stop],
                           {name: column.slice(start, size) for name, column in self.typed.items()},
                           self.extra[start:stop], self.digests[start:stop])

    def extra_json(self) -> list[str | None]:
        return [json.dumps(e, ensure_ascii=False) if e else None for e in self.extra]

    def valid_row(self, index: int) -> ValidRow:
        """The row as the row path holds it (for the rare row that updates a record)."""
        values = {name: column[index].as_py() for name, column in self.typed.items()}
        row = self.model.model_validate({k: v for k, v in values.items() if v is not None})
        return ValidRow(self.lines[index], row, self.extra[index], self.digests[index])


Part = FastRows | ValidRow


def validate_chunk(data: DataFile, validator: BatchValidator,
                   chunk: ColumnChunk) -> Iterator[Part]:
    model = ROW_MODELS[data.kind]
    columns = chunk.columns
    checked = check_columns(model, columns, len(chunk.lines))
    if checked is None:
        yield from _row_by_row(data, validator, chunk, range(len(chunk.lines)))
        return
    digests = row_hashes(columns)
    extra = _extra(columns, frozenset(model.model_fields), len(chunk.lines))
    record_ids = checked.typed["record_id"].to_pylist()
    holders, companies = _role_ends(model, checked, len(record_ids))
    if all(checked.ok) and validator.accept_all(data, chunk.lines, record_ids, holders,
                                                companies):
        yield _take(model, chunk, checked, list(range(len(record_ids))), extra, digests)
        return
    accepted: list[int] = []
    for index, ok in enumerate(checked.ok):
        if ok:
            if validator.accept(data, chunk.lines[index], record_ids[index], holders[index],
                                companies[index]):
                accepted.append(index)
            continue
        valid = validator.validate(data, chunk.raw_row(index))
        if valid is not None:
            if accepted:
                yield _take(model, chunk, checked, accepted, extra, digests)
                accepted = []
            yield valid
    if accepted:
        yield _take(model, chunk, checked, accepted, extra, digests)


def _row_by_row(data: DataFile, validator: BatchValidator, chunk: ColumnChunk,
                indices: range) -> Iterator[Part]:
    for index in indices:
        valid = validator.validate(data, chunk.raw_row(index))
        if valid is not None:
            yield valid


def _role_ends(model: type[Contribution], checked: CheckedColumns,
               rows: int) -> tuple[list[Any], list[Any]]:
    if model is RoleRow:
        return (checked.typed["holder_record_id"].to_pylist(),
                checked.typed["company_record_id"].to_pylist())
    return [None] * rows, [None] * rows


def _extra(columns: dict[str, pa.Array], names: frozenset[str],
           rows: int) -> list[dict[str, str]]:
    """Unknown columns, kept with the record as the row path keeps them: known cells only."""
    unknown = {name: column.to_pylist() for name, column in columns.items()
               if name not in names}
    if not unknown:
        return [{}] * rows
    return [{name: cells[i] for name, cells in unknown.items() if cells[i] is not None}
            for i in range(rows)]


def _take(model: type[Contribution], chunk: ColumnChunk, checked: CheckedColumns,
          indices: list[int], extra: list[dict[str, str]], digests: list[str]) -> FastRows:
    picked = pa.array(indices, pa.int64())
    return FastRows(model, [chunk.lines[i] for i in indices],
                    {name: column.take(picked) for name, column in checked.typed.items()},
                    [extra[i] for i in indices], [digests[i] for i in indices])
