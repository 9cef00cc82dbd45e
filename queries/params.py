"""Parameter types of saved queries: converting CLI strings and checking defaults.

A value always reaches Cypher as a `$parameter`, never inside the query text.
`days` is an integer count of days handed to Cypher as a duration, so
`date + $window_days` reads the same on LadybugDB and on Neo4j; `map[string,float]`
(e.g. exchange rates) reaches Cypher as a list of {key, value} maps to UNWIND;
`list[address]` is normalised into Address node keys exactly as the loader makes them.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import Any

TRUE, FALSE = {"true", "yes", "1", "on"}, {"false", "no", "0", "off"}


def _int(value: Any) -> int:
    if isinstance(value, bool):
        raise ValueError("a boolean is not an integer")
    if isinstance(value, float) and not value.is_integer():
        raise ValueError(f"{value} is not a whole number")
    return int(value)


def _float(value: Any) -> float:
    if isinstance(value, bool):
        raise ValueError("a boolean is not a number")
    return float(value)


def _string(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError(f"{value!r} is not a string")
    return value


def _date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        raise ValueError("expected a date without a time")
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(_string(value))


def _bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = _string(value).strip().lower()
    if text not in TRUE | FALSE:
        raise ValueError(f"{value!r} is not true or false")
    return text in TRUE


def _days(value: Any) -> dt.timedelta:
    if isinstance(value, dt.timedelta):
        return value
    days = _int(value)
    if days < 0:
        raise ValueError("a number of days cannot be negative")
    return dt.timedelta(days=days)


def _list(value: Any) -> list[str]:
    """A list, or text: a JSON list, or items separated by ';' (empty text is no items)."""
    if isinstance(value, str):
        text = value.strip()
        value = json.loads(text) if text.startswith("[") else [
            item.strip() for item in text.split(";") if item.strip()]
    if not isinstance(value, list | tuple):
        raise ValueError(f"{value!r} is not a list")
    return [_string(item) for item in value]


def _rates(value: Any) -> list[dict[str, Any]]:
    """A mapping of text to numbers, as a list of {key, value} maps both engines can UNWIND.

    Given as a mapping, a JSON object, or text `KEY=number;KEY=number`."""
    if isinstance(value, list):
        value = {item["key"]: item["value"] for item in value}
    if isinstance(value, str):
        text = value.strip()
        value = json.loads(text) if text.startswith("{") else dict(
            _pair(item) for item in text.split(";") if item.strip())
    if not isinstance(value, dict) or not value:
        raise ValueError("expected at least one KEY=number pair")
    return [{"key": _string(k), "value": _float(v)} for k, v in value.items()]


def _pair(item: str) -> tuple[str, str]:
    key, sep, number = item.partition("=")
    if not sep:
        raise ValueError(f"{item!r} is not KEY=number")
    return key.strip(), number.strip()


def _addresses(value: Any) -> list[str]:
    """Addresses as written, turned into the graph's Address keys the way the loader does."""
    from graph.records import Mention, attributes

    keys = (attributes(Mention("", "company", "", address=text)) for text in _list(value))
    return [key for found in keys for kind, key, _ in found if kind == "address"]


CONVERTERS: dict[str, Callable[[Any], Any]] = {
    "int": _int, "float": _float, "string": _string, "date": _date, "bool": _bool,
    "days": _days, "list[string]": _list, "list[address]": _addresses,
    "map[string,float]": _rates,
}


def convert(kind: str, value: Any) -> Any:
    """The value as the declared type; raises ValueError (with why) when it does not fit."""
    try:
        return CONVERTERS[kind](value)
    except (TypeError, ValueError, KeyError, json.JSONDecodeError) as error:
        raise ValueError(f"{value!r} is not a valid {kind}: {error}") from None
