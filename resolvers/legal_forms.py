"""Legal forms of companies, from the data table resolvers/data/legal_forms.json.

A legal form is recognised at either edge of a name ("Công ty TNHH …", "… Co., Ltd",
"ООО «…»"), never in the middle, so a word such as "SA" or "AG" inside a name stays.
Each edge gives at most one legal form; generic words ("Công ty", "Company") around it
go too.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import NamedTuple

from .folding import PhraseTable, Tokens, load_json

TABLE = "legal_forms.json"


class Stripped(NamedTuple):
    tokens: Tokens
    legal_form: str | None


@cache
def _data() -> dict:
    data: dict = load_json(TABLE)
    return data


def variants() -> list[tuple[str, str]]:
    """(variant as written, canonical token) for every legal form in the table."""
    return [(v, form["canonical"]) for form in _data()["forms"] for v in form["variants"]]


def generic_words() -> list[str]:
    return list(_data()["generic"])


@cache
def families() -> dict[str, str]:
    """Canonical token -> family; forms of one family translate each other."""
    return {form["canonical"]: form["family"] for form in _data()["forms"]}


def family(legal_form: str | None) -> str | None:
    return families().get(legal_form) if legal_form else None


@cache
def _table() -> PhraseTable[str | None]:
    pairs: list[tuple[str, str | None]] = [(v, None) for v in generic_words()]
    return PhraseTable.build([*variants(), *pairs], join_initials=True)


def strip(tokens: Sequence[str]) -> Stripped:
    """Tokens without the legal forms and generic words at their edges, and the form found.

    The end is read first ("Áo Việt Co., Ltd": Ltd, so the leading Áo is not АО); a second
    form is taken only from the same family. At least one token always remains.
    """
    table, span = _table(), [0, len(tokens)]
    found: list[str | None] = []
    for at_end in (True, False):
        while span[1] - span[0] > 1:
            hit = table.before(tokens, span[1]) if at_end else table.at(tokens, span[0])
            if hit is None or not _acceptable(hit, found, span[1] - span[0]):
                break
            found.append(hit[1])
            if at_end:
                span[1] -= hit[0]
            else:
                span[0] += hit[0]
    return Stripped(tuple(tokens[span[0]:span[1]]), next((f for f in found if f), None))


def _acceptable(hit: tuple[int, str | None], found: list[str | None], left: int) -> bool:
    """A generic word, a first legal form, or one of the first form's family; never all."""
    if hit[0] >= left:
        return False
    first = next((f for f in found if f), None)
    return hit[1] is None or first is None or family(hit[1]) == family(first)
