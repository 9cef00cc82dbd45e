"""Stream the rows of one CSV or JSON Lines file with the line each starts on.

Encoding trouble is found per line, so one Latin-1 name rejects its row, not
the file; a UTF-16 file is recognised up front and named as such.
"""

from __future__ import annotations

import codecs
import csv
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from loaders.batch import DataFile
from loaders.report import Rejection, shorten

# Big enough that an oversized field is read and rejected by name, not a parser crash.
csv.field_size_limit(64 * 1024 * 1024)

_JSON_TYPES = {list: "array", str: "string", int: "number", float: "number", bool: "boolean"}
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


@dataclass(frozen=True)
class RawRow:
    line: int
    values: dict[str, Any]


class FileRejected(Exception):
    """The whole file cannot be read; the rejection says why."""

    def __init__(self, rejection: Rejection) -> None:
        super().__init__(str(rejection))
        self.rejection = rejection


class LineReader:
    """Decoded lines of a file, remembering which lines were not valid in its encoding."""

    def __init__(self, path: Path, encoding: str | None) -> None:
        self.path = path
        self.encoding = encoding
        self.bad_lines: dict[int, str] = {}
        self.line = 0

    def __iter__(self) -> Iterator[str]:
        if self.encoding:
            yield from self._declared()
        else:
            yield from self._utf8()

    def _declared(self) -> Iterator[str]:
        with self.path.open(encoding=self.encoding, newline="") as handle:
            for self.line, text in enumerate(handle, 1):
                yield text.lstrip("\ufeff") if self.line == 1 else text

    def _utf8(self) -> Iterator[str]:
        with self.path.open("rb") as handle:
            start = handle.read(4)
            if start.startswith(_UTF16_BOMS) or b"\x00" in start:
                raise FileRejected(Rejection(
                    self.path.name, 1, "", "",
                    "file is UTF-16 encoded, not UTF-8: save it as UTF-8 "
                    "or load it with --encoding utf-16"))
            handle.seek(0)
            for self.line, raw in enumerate(handle, 1):
                yield self._decode(raw.removeprefix(codecs.BOM_UTF8) if self.line == 1 else raw)

    def _decode(self, raw: bytes) -> str:
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError as error:
            byte = raw[error.start]
            self.bad_lines[self.line] = (
                f"not valid UTF-8 (byte 0x{byte:02X} at column {error.start + 1}); the file looks "
                "Latin-1 or Windows-1252 encoded: save it as UTF-8 or load it with "
                "--encoding cp1252")
            return raw.decode("utf-8", errors="replace")


HeaderCheck = Callable[[list[str]], bool]


def read_rows(data: DataFile, encoding: str | None, rejections: list[Rejection],
              header_ok: HeaderCheck = lambda columns: True,
              after_line: int = 0) -> Iterator[RawRow]:
    """`after_line`: rows starting on it or before were read already (CSV only)."""
    try:
        if data.path.suffix.lower() == ".jsonl":
            yield from _read_jsonl(data.path, encoding, rejections)
        else:
            yield from _read_csv(data.path, encoding, rejections, header_ok, after_line)
    except FileRejected as problem:
        rejections.append(problem.rejection)
    except (UnicodeError, LookupError) as error:
        rejections.append(Rejection(data.path.name, 0, "", encoding or "",
                                    f"cannot read with encoding {encoding}: {error}"))


def _read_csv(path: Path, encoding: str | None, rejections: list[Rejection],
              header_ok: HeaderCheck, after_line: int = 0) -> Iterator[RawRow]:
    lines = LineReader(path, encoding)
    reader = csv.reader(lines)
    header = _header(path, reader)
    if not header_ok(header):
        return
    previous_end = reader.line_num
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            rejections.append(Rejection(path.name, previous_end + 1, "", "",
                                        f"not readable as CSV: {error}"))
            previous_end = reader.line_num
            continue
        start, previous_end = previous_end + 1, reader.line_num
        if start <= after_line:
            continue
        row = _csv_row(path, header, cells, start, lines, rejections)
        if row is not None:
            yield row
    if previous_end <= 1 and header:
        rejections.append(Rejection(path.name, 1, "", "", "header only: no data rows"))


def _header(path: Path, reader: Any) -> list[str]:
    try:
        header = next(reader)
    except StopIteration:
        raise FileRejected(Rejection(path.name, 1, "", "", "file is empty: no header row")) \
            from None
    names = [name.strip().lower() for name in header]
    duplicated = sorted({n for n in names if names.count(n) > 1})
    if duplicated:
        raise FileRejected(Rejection(path.name, 1, duplicated[0], "",
                                     "column appears more than once in the header"))
    return names


def _csv_row(path: Path, header: list[str], cells: list[str], line: int,
             lines: LineReader, rejections: list[Rejection]) -> RawRow | None:
    if not cells or (len(cells) == 1 and not cells[0].strip()):
        return None
    bad = [lines.bad_lines.pop(n) for n in range(line, lines.line + 1) if n in lines.bad_lines]
    if bad:
        rejections.append(Rejection(path.name, line, "", "", bad[0]))
        return None
    if len(cells) != len(header):
        rejections.append(Rejection(path.name, line, "", shorten(",".join(cells)),
                                    f"row has {len(cells)} fields; the header has {len(header)}"))
        return None
    return RawRow(line, dict(zip(header, cells, strict=True)))


def _read_jsonl(path: Path, encoding: str | None,
                rejections: list[Rejection]) -> Iterator[RawRow]:
    lines = LineReader(path, encoding)
    seen_any = False
    for text in lines:
        seen_any = True
        row = _json_row(path, lines, text, rejections)
        if row is not None:
            yield row
    if not seen_any:
        rejections.append(Rejection(path.name, 1, "", "", "file is empty: no records"))


def _json_row(path: Path, lines: LineReader, text: str,
              rejections: list[Rejection]) -> RawRow | None:
    line = lines.line
    if line in lines.bad_lines:
        rejections.append(Rejection(path.name, line, "", "", lines.bad_lines.pop(line)))
        return None
    if not text.strip():
        return None
    try:
        value = json.loads(text)
    except json.JSONDecodeError as error:
        rejections.append(Rejection(path.name, line, "", shorten(text.strip()),
                                    f"not valid JSON: {error.msg} at column {error.colno}"))
        return None
    if not isinstance(value, dict):
        kind = _JSON_TYPES.get(type(value), "value")
        rejections.append(Rejection(path.name, line, "", shorten(text.strip()),
                                    f"line is a JSON {kind}, not an object"))
        return None
    return RawRow(line, {str(k).strip().lower(): v for k, v in value.items()})
