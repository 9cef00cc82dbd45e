"""Addresses: folded, with street, ward, district and city words in one canonical spelling.

>>> address_key("Số 73/29 Đường Láng Hạ, Phường Ô Chợ Dừa, Quận Đống Đa, Thành phố Hà Nội")
'73 29 street lang ha ward o cho dua district dong da city ha noi'
>>> address_key("73/29 D. LANG HA, P. O CHO DUA, Q. DONG DA, TP. HA NOI")
'73 29 street lang ha ward o cho dua district dong da city ha noi'
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache, lru_cache
from typing import NamedTuple

from .folding import PhraseTable, Tokens, load_json, words

# German compounds: "Industriestraße" / "Industriestr." -> "industrie" + street.
_COMPOUND = re.compile(r"^([a-z]{3,}?)(strasse|str)$")


class _Tables(NamedTuple):
    anywhere: PhraseTable[Tokens]
    leading: PhraseTable[Tokens]  # at the start of a part or after a house number
    first: PhraseTable[Tokens]  # at the start of a part only
    dropped: frozenset[str]
    starts: frozenset[str]  # the first words of every table's phrases: no other word matches


@cache
def _tables() -> _Tables:
    data = load_json("address_terms.json")
    units = data["units"].items()
    anywhere: list[tuple[str, Tokens]] = [(v, (unit,)) for unit, spec in units
                                          for v in [unit, *spec["anywhere"]]]
    anywhere += [(v, words(place)) for place, spellings in data["places"].items()
                 for v in spellings]
    leading = [(v, (unit,)) for unit, spec in units for v in spec["leading"]]
    first = [(v, (unit,)) for unit, spec in units for v in spec["first"]]
    tables = [PhraseTable.build(pairs) for pairs in (anywhere, leading, first)]
    starts = frozenset(key[0] for table in tables for key in table.entries)
    return _Tables(tables[0], tables[1], tables[2], frozenset(data["dropped"]), starts)


def _match(tables: _Tables, tokens: Sequence[str], i: int, out: list[str]
           ) -> tuple[int, Tokens] | None:
    first = (not out and tables.first.at(tokens, i)) or None
    leading = (not out or out[-1][0].isdigit()) and tables.leading.at(tokens, i) or None
    return first or leading or tables.anywhere.at(tokens, i)


def _canonical(tokens: Sequence[str]) -> Tokens:
    """One comma-separated part with its address words replaced by canonical tokens."""
    tables = _tables()
    out: list[str] = []
    i = 0
    while i < len(tokens):
        if tokens[i] not in tables.starts:  # most words: no table phrase starts with them
            out.append(tokens[i])
            i += 1
            continue
        hit = _match(tables, tokens, i, out)
        if hit:
            out.extend(t for t in hit[1] if t not in tables.dropped)
            i += hit[0]
        else:
            out.append(tokens[i])
            i += 1
    return tuple(out)


@lru_cache(maxsize=200_000)
def address_tokens(raw: str | None) -> Tokens:
    """Canonical address tokens in written order; house numbers kept, split at "/" and "-"."""
    # Parts end at ",", ";" and new lines; the empty ones between two of them have no tokens.
    parts = (raw or "").replace(";", ",").replace("\n", ",").split(",")
    if len(parts) == 1:
        return _part_tokens(parts[0])
    out: list[str] = []
    for part in parts:
        out += _part_tokens(part)
    return tuple(out)


# Each part is canonical on its own, and many ("Quận Đống Đa", "TP. Hà Nội") recur: a small
# cache keeps those (the first parts, house number and street, are mostly seen once).
@lru_cache(maxsize=50_000)
def _part_tokens(part: str) -> Tokens:
    return _canonical(_split_compounds(words(part)))


def _split_compounds(tokens: Tokens) -> Tokens:
    for t in tokens:
        if t.endswith(("str", "strasse")):
            break
    else:  # no German compound
        return tokens
    split = (_COMPOUND.match(t) for t in tokens)
    return tuple(w for t, m in zip(tokens, split, strict=True) for w in (m.groups() if m else (t,)))


def address_key(raw: str | None) -> str | None:
    """Case-, accent-, punctuation- and abbreviation-blind form of an address."""
    return " ".join(address_tokens(raw)) or None
