"""Whole-column validation of the common case, with the row-by-row models as the reference.

Each check accepts only values whose meaning is beyond doubt (an ISO date that
round-trips, an upper- or lower-case ASCII country code, a plain decimal number,
…) and computes from them exactly what the pydantic model would. Every other
row is marked for the row path, which accepts it or rejects it with its
reason, so both paths load the same rows and report the same rejections.
"""

from __future__ import annotations

import typing
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

import pyarrow as pa
import pyarrow.compute as pc
from pydantic import BeforeValidator

from loaders import fields
from loaders.models import Contribution, RoleRow

Checked = tuple[pa.Array, pa.Array]  # the typed column, and which of its cells it vouches for
Check = Callable[[pa.Array, bool], Checked]

# Unicode has no whitespace above U+3000; looking through all 1.1 million code points cost
# every command up to 0.7 s at start.
_WHITESPACE = "".join(f"\\x{{{c:x}}}" for c in range(0x3001) if chr(c).isspace())
# A cell the row path would leave as it is: no leading, trailing, doubled or odd whitespace.
_PLAIN = f"^[^{_WHITESPACE}]+( [^{_WHITESPACE}]+)*$"
_DATE = r"^[1-9][0-9]{3}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$"
_DECIMAL = r"^[0-9]{1,300}(\.[0-9]{1,300})?$"


def _vouch(ok: pa.Array, column: pa.Array, required: bool) -> pa.Array:
    """Empty cells are fine unless the field is required; the rest must pass `ok`."""
    ok = pc.fill_null(ok, False)
    return pc.and_(pc.is_valid(column), ok) if required else pc.or_(pc.is_null(column), ok)


def _text(column: pa.Array, required: bool) -> Checked:
    return column, _vouch(pc.is_valid(column), column, required)


def _date(column: pa.Array, required: bool) -> Checked:
    parsed = pc.strptime(column, format="%Y-%m-%d", unit="s", error_is_null=True)
    # strptime rolls 2024-02-30 over to March; only dates that print back as given pass.
    same = pc.equal(pc.strftime(parsed, format="%Y-%m-%d"), column)
    ok = pc.and_(pc.match_substring_regex(column, _DATE), same)
    return pc.cast(parsed, pa.date32()), _vouch(ok, column, required)


def _coded(codes: Callable[[], frozenset[str]], length: int) -> Check:
    def check(column: pa.Array, required: bool) -> Checked:
        upper = pc.ascii_upper(column)
        shape = pc.match_substring_regex(column, f"^[A-Za-z]{{{length}}}$")
        ok = pc.and_(shape, pc.is_in(upper, value_set=pa.array(sorted(codes()))))
        return upper, _vouch(ok, column, required)
    return check


def _amount(column: pa.Array, required: bool) -> Checked:
    ok = pc.match_substring_regex(column, _DECIMAL)
    numbers = pc.cast(pc.if_else(ok, column, pa.scalar(None, pa.string())), pa.float64())
    return numbers, _vouch(ok, column, required)


def _hs_code(column: pa.Array, required: bool) -> Checked:
    digits = pc.replace_substring(pc.replace_substring(column, ".", ""), " ", "")
    return digits, _vouch(pc.match_substring_regex(digits, "^[0-9]{6,10}$"), column, required)


def _text_list(column: pa.Array, required: bool) -> Checked:
    # Plain cells only reach here, so trimming spaces is all clean_text would do to an item.
    items = [None if cell is None else
             [t for t in (s.strip(" ") for s in cell.split(";")) if t] or None
             for cell in column.to_pylist()]
    return pa.array(items, pa.list_(pa.string())), _vouch(pc.is_valid(column), column, required)


def _choice(allowed: tuple[str, ...]) -> Check:
    def check(column: pa.Array, required: bool) -> Checked:
        lower = pc.ascii_lower(column)
        ok = pc.and_(pc.string_is_ascii(column), pc.is_in(lower, value_set=pa.array(allowed)))
        return lower, _vouch(ok, column, required)
    return check


_CHECKS: dict[object, Check] = {
    fields.Text: _text, fields.RequiredText: _text,
    fields.Date: _date, fields.RequiredDate: _date,
    fields.Country: _coded(fields._country_codes, 2),
    fields.RequiredCountry: _coded(fields._country_codes, 2),
    fields.Currency: _coded(fields._currency_codes, 3),
    fields.Amount: _amount, fields.RequiredAmount: _amount,
    fields.TextList: _text_list,
    fields.HsCode: _hs_code, fields.RequiredHsCode: _hs_code,
}


def _check_for(hint: object) -> Check | None:
    if hint in _CHECKS:
        return _CHECKS[hint]
    args = typing.get_args(hint)
    if typing.get_origin(hint) in (typing.Union, type(int | None)):
        rest = [a for a in args if a is not type(None)]
        return _check_for(rest[0]) if len(rest) == 1 else None
    if typing.get_origin(hint) is typing.Annotated and args[1:] == (
            BeforeValidator(fields.parse_lower),):
        literal = args[0]
        if typing.get_origin(literal) is typing.Literal:
            return _choice(tuple(str(v) for v in typing.get_args(literal)))
    return None


@dataclass(frozen=True)
class FieldCheck:
    name: str
    check: Check
    required: bool


@cache
def field_checks(model: type[Contribution]) -> tuple[FieldCheck, ...] | None:
    """A check per field of the model; None when some field has no whole-column check."""
    hints = typing.get_type_hints(model, include_extras=True)
    checks = []
    for name, info in model.model_fields.items():
        check = _check_for(hints[name])
        if check is None:
            return None
        checks.append(FieldCheck(name, check, info.is_required()))
    return tuple(checks)


@dataclass
class CheckedColumns:
    typed: dict[str, pa.Array]  # every model field, typed as the graph stores it
    ok: list[bool]  # rows every check vouched for


def null_if_empty(column: pa.Array) -> pa.Array:
    return pc.if_else(pc.equal(column, ""), pa.scalar(None, pa.string()), column)


def check_columns(model: type[Contribution], columns: dict[str, pa.Array],
                  rows: int) -> CheckedColumns | None:
    """Columns are the file's cells as strings, empty ones null."""
    checks = field_checks(model)
    if checks is None:
        return None
    ok = pa.array([True] * rows)
    for column in columns.values():
        plain = pc.and_(pc.match_substring_regex(column, _PLAIN),
                        pc.less_equal(pc.utf8_length(column), fields.MAX_TEXT))
        ok = pc.and_(ok, pc.or_(pc.is_null(column), pc.fill_null(plain, False)))
    typed = {}
    for field in checks:
        column = columns.get(field.name, pa.nulls(rows, pa.string()))
        typed[field.name], vouched = field.check(column, field.required)
        ok = pc.and_(ok, vouched)
    if model is RoleRow:
        share = typed["share_pct"]
        ok = pc.and_(ok, pc.fill_null(pc.less_equal(share, 100.0), True))
    return CheckedColumns(typed, ok.to_pylist())
