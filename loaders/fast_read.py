"""Read a data file as column chunks for whole-column validation, in line order.

CSV files that are plain UTF-8 are parsed by Arrow's CSV reader; the line each
row starts on is counted from the newlines inside its cells, so rejections
name the same lines as the row-by-row reader. Anything that reader would treat
specially (another encoding, a multi-line header, a blank line, a row with the
wrong number of fields) hands the rest of the file over to it, from the line
where the column chunks stopped. JSON Lines files whose every line is an object
of text values in the model's fields are parsed by Arrow's JSON reader (row N on
line N); any other is read by the row reader, its rows grouped into columns when
all their values are text.
"""

from __future__ import annotations

import codecs
import csv
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pcsv
import pyarrow.json as pjson

from loaders.batch import DataFile
from loaders.columnar import null_if_empty
from loaders.models import ROW_MODELS
from loaders.readers import FileRejected, HeaderCheck, LineReader, RawRow, _header, read_rows
from loaders.report import Rejection

BLOCK_BYTES = 8 << 20  # Arrow reads this much at a time: about 20,000 declarations


@dataclass(frozen=True)
class ColumnChunk:
    raw: dict[str, pa.Array]  # cells as read, by header name
    lines: list[int]  # the line each row starts on

    @property
    def columns(self) -> dict[str, pa.Array]:
        return {name: null_if_empty(column) for name, column in self.raw.items()}

    def raw_row(self, index: int) -> RawRow:
        return RawRow(self.lines[index], {name: column[index].as_py()
                                          for name, column in self.raw.items()})


Piece = ColumnChunk | RawRow


def read_pieces(data: DataFile, encoding: str | None, rejections: list[Rejection],
                header_ok: HeaderCheck, chunk: int) -> Iterator[Piece]:
    suffix = data.path.suffix.lower()
    plain = encoding is None and plain_utf8(data.path)
    if suffix == ".csv" and plain:
        yield from _csv_pieces(data, rejections, header_ok)
    elif suffix == ".jsonl" and plain and _plain_jsonl(data):
        yield from _jsonl_pieces(data, chunk)
    else:
        yield from group_rows(read_rows(data, encoding, rejections, header_ok),
                              frozenset(ROW_MODELS[data.kind].model_fields), chunk)


def plain_utf8(path: Path) -> bool:
    """Valid UTF-8 with no NUL and no carriage return outside a CRLF pair."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    previous = b""
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(BLOCK_BYTES), b""):
            try:
                decoder.decode(block)
            except UnicodeDecodeError:
                return False
            joined = previous + block
            if b"\x00" in block or joined[:-1].count(b"\r") != joined.count(b"\r\n"):
                return False
            previous = block[-1:]
    return previous != b"\r"


class _HandOver(Exception):
    """The row reader takes the rest of the file from here."""


def _csv_pieces(data: DataFile, rejections: list[Rejection],
                header_ok: HeaderCheck) -> Iterator[Piece]:
    reader = csv.reader(LineReader(data.path, None))
    try:
        header = _header(data.path, reader)
    except FileRejected:
        header = []
    if not header or reader.line_num != 1:
        yield from read_rows(data, None, rejections, header_ok)
        return
    if not header_ok(header):
        return
    end = 1  # the last line the column chunks covered
    try:
        for batch in _arrow_batches(data.path, len(header)):
            chunk, end, complete = _chunk(header, batch, end)
            if chunk.lines:
                yield chunk
            if not complete:
                raise _HandOver
    except (_HandOver, pa.ArrowInvalid):
        yield from read_rows(data, None, rejections, lambda columns: True, after_line=end)
        return
    if end == 1:  # header only: the row reader reports it
        yield from read_rows(data, None, rejections, lambda columns: True, after_line=end)


def _arrow_batches(path: Path, width: int) -> Iterator[pa.RecordBatch]:
    names = [f"c{i}" for i in range(width)]
    yield from pcsv.open_csv(
        path,
        read_options=pcsv.ReadOptions(skip_rows=1, column_names=names, block_size=BLOCK_BYTES),
        parse_options=pcsv.ParseOptions(newlines_in_values=True, ignore_empty_lines=False),
        convert_options=pcsv.ConvertOptions(column_types=dict.fromkeys(names, pa.string())))


def _chunk(header: list[str], batch: pa.RecordBatch, end: int) -> tuple[ColumnChunk, int, bool]:
    """Rows up to the first that is all empty: a blank line looks like that to Arrow, and
    only the row reader can tell it from a row of empty fields."""
    columns = batch.columns
    empty = np.ones(batch.num_rows, dtype=bool)
    newlines = np.zeros(batch.num_rows, dtype=np.int64)
    for column in columns:
        empty &= pc.equal(column, "").to_numpy(zero_copy_only=False)
        newlines += pc.count_substring(column, "\n").to_numpy(zero_copy_only=False)
    rows = int(np.argmax(empty)) if empty.any() else batch.num_rows
    before = np.concatenate(([0], np.cumsum(newlines[:rows])))
    lines = (end + 1 + np.arange(rows) + before[:rows]).tolist()
    raw = {name: column.slice(0, rows) for name, column in zip(header, columns, strict=True)}
    return ColumnChunk(raw, lines), end + rows + int(before[-1]), rows == batch.num_rows


def _plain_jsonl(data: DataFile) -> bool:
    """Every line an object whose keys are the model's fields as written (lower case) and
    whose values are text or null: what Arrow reads exactly as the row reader does. A
    blank line, which Arrow would skip and the line numbers would miss, says no. Only the
    whole file can tell, so Arrow parses a file it takes twice (about 0.1 s of CPU per
    50,000 rows, against 1.5 s for the row reader's 110,743 at scale 10): holding the
    first pass's columns would hold the whole file in memory."""
    names = frozenset(ROW_MODELS[data.kind].model_fields)
    rows = 0
    try:
        for batch in _json_batches(data):
            if not names.issuperset(batch.schema.names) or \
                    any(t != pa.string() for t in batch.schema.types):
                return False
            rows += batch.num_rows
    except pa.ArrowInvalid:  # not JSON, not an object, a number or list, a repeated key
        return False
    return rows > 0 and rows == _lines(data.path)


def _jsonl_pieces(data: DataFile, chunk: int) -> Iterator[Piece]:
    line = 0
    for batch in _json_batches(data):
        for start in range(0, batch.num_rows, chunk):
            piece = batch.slice(start, chunk)
            yield ColumnChunk(dict(zip(piece.schema.names, piece.columns, strict=True)),
                              list(range(line + 1, line + 1 + piece.num_rows)))
            line += piece.num_rows


def _json_batches(data: DataFile) -> Iterator[pa.RecordBatch]:
    names = list(ROW_MODELS[data.kind].model_fields)
    schema = pa.schema([(name, pa.string()) for name in names])
    yield from pjson.open_json(
        data.path, read_options=pjson.ReadOptions(use_threads=False, block_size=BLOCK_BYTES),
        parse_options=pjson.ParseOptions(explicit_schema=schema,
                                         unexpected_field_behavior="infer"))


def _lines(path: Path) -> int:
    count, last = 0, b"\n"
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(BLOCK_BYTES), b""):
            count += block.count(b"\n")
            last = block[-1:]
    return count + (last != b"\n")


def group_rows(rows: Iterable[RawRow], names: frozenset[str], chunk: int) -> Iterator[Piece]:
    """Rows of text cells in the model's fields go into column chunks; others stay rows."""
    group: list[RawRow] = []
    for row in rows:
        if all(isinstance(v, str) or v is None for v in row.values.values()) and \
                names.issuperset(row.values):
            group.append(row)
            if len(group) >= chunk:
                yield _columns_of(group)
                group = []
        else:
            if group:
                yield _columns_of(group)
                group = []
            yield row
    if group:
        yield _columns_of(group)


def _columns_of(rows: list[RawRow]) -> ColumnChunk:
    names = dict.fromkeys(name for row in rows for name in row.values)
    raw = {name: pa.array([row.values.get(name) for row in rows], pa.string()) for name in names}
    return ColumnChunk(raw, [row.line for row in rows])
