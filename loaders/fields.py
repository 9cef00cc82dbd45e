"""Field types of the contribution format: each parses one cell as agencies send it.

Every type strips whitespace and treats an empty cell as unknown (None), so the
CSV and JSON Lines readers and the HTTP intake all accept the same values.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from functools import cache
from typing import Annotated, Any

import pycountry
from pydantic import BeforeValidator, StringConstraints

MAX_TEXT = 4096  # a 1 MB "name" is a broken export, not a name


def blank_to_none(value: Any) -> Any:
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def clean_text(value: Any) -> str | None:
    value = blank_to_none(value)
    if value is None:
        return None
    if not isinstance(value, str):
        value = str(value)
    if len(value) > MAX_TEXT:
        raise ValueError(f"text is {len(value):,} characters long; at most {MAX_TEXT:,} allowed")
    return " ".join(value.split())


def parse_date(value: Any) -> dt.date | None:
    value = blank_to_none(value)
    if value is None or isinstance(value, dt.date):
        return value
    text = str(value)
    try:
        if len(text) > 10:
            return dt.datetime.fromisoformat(text).date()
        return dt.date.fromisoformat(text) if len(text) == 10 else _reject_date(text)
    except ValueError:
        return _reject_date(text)


def _reject_date(text: str) -> dt.date:
    raise ValueError(f"'{text}' is not an ISO 8601 date (YYYY-MM-DD)")


@cache
def _country_codes() -> frozenset[str]:
    return frozenset(c.alpha_2 for c in pycountry.countries)


@cache
def _currency_codes() -> frozenset[str]:
    return frozenset(c.alpha_3 for c in pycountry.currencies)


def _coded(value: Any, codes: frozenset[str], standard: str) -> str | None:
    """An upper-case code from a standard's list; anything else is rejected by name."""
    text = clean_text(value)
    if text is None:
        return None
    if text.upper() not in codes:
        raise ValueError(f"'{text}' is not an {standard} code")
    return text.upper()


def parse_country(value: Any) -> str | None:
    return _coded(value, _country_codes(), "ISO 3166-1 alpha-2 country")


def parse_currency(value: Any) -> str | None:
    return _coded(value, _currency_codes(), "ISO 4217 currency")


def parse_amount(value: Any) -> float | None:
    value = blank_to_none(value)
    if value is None:
        return None
    if isinstance(value, bool):
        raise ValueError(f"'{value}' is not a number")
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"'{value}' is not a number") from None
    if math.isnan(number) or math.isinf(number):
        raise ValueError(f"'{value}' is not a finite number")
    if number < 0:
        raise ValueError(f"{value} is negative")
    return number


def parse_list(value: Any) -> list[str] | None:
    value = blank_to_none(value)
    if value is None:
        return None
    items = value if isinstance(value, list) else str(value).split(";")
    cleaned = [text for text in (clean_text(item) for item in items) if text]
    return cleaned or None


_HS = re.compile(r"[0-9]{6,10}")  # not \d: that also matches Arabic-Indic and other digits


def parse_hs_code(value: Any) -> str | None:
    value = clean_text(value)
    if value is None:
        return None
    digits = value.replace(".", "").replace(" ", "")
    if not _HS.fullmatch(digits):
        raise ValueError(f"'{value}' is not an HS code of 6 to 10 digits")
    return digits


_SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")


def parse_slug(value: Any) -> str:
    value = clean_text(value)
    if value is None or not _SLUG.fullmatch(value):
        raise ValueError(f"'{value}' is not a lowercase slug (letters, digits and dashes)")
    return value


def parse_lower(value: Any) -> str | None:
    value = clean_text(value)
    return value.lower() if value else None


# Plain text is checked by pydantic's core (no Python call per cell): it is the hot path.
Text = Annotated[str | None, StringConstraints(strip_whitespace=True, max_length=MAX_TEXT)]
RequiredText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1,
                                                max_length=MAX_TEXT)]
Date = Annotated[dt.date | None, BeforeValidator(parse_date)]
RequiredDate = Annotated[dt.date, BeforeValidator(parse_date)]
Country = Annotated[str | None, BeforeValidator(parse_country)]
RequiredCountry = Annotated[str, BeforeValidator(parse_country)]
Currency = Annotated[str, BeforeValidator(parse_currency)]
Amount = Annotated[float | None, BeforeValidator(parse_amount)]
RequiredAmount = Annotated[float, BeforeValidator(parse_amount)]
TextList = Annotated[list[str] | None, BeforeValidator(parse_list)]
HsCode = Annotated[str | None, BeforeValidator(parse_hs_code)]
RequiredHsCode = Annotated[str, BeforeValidator(parse_hs_code)]
Slug = Annotated[str, BeforeValidator(parse_slug)]
