"""One folding path for every script, and phrase tables over the folded tokens.

Every normaliser goes through `fold`: Unicode NFKC, then anyascii (ISC licence) for any
non-ASCII text, then lower case. Han characters are spaced first, so that each becomes
one pinyin syllable rather than one run-together word. Tables in resolvers/data are
folded the same way when loaded, so a variant written with diacritics also matches
the same words written without them.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from importlib import resources
from typing import Any, Generic, TypeVar

from anyascii import anyascii

V = TypeVar("V")
Tokens = tuple[str, ...]

HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_DOTTED = re.compile(r"(?<![a-z0-9])(?:[a-z]\.)+[a-z](?![a-z0-9])\.?")
_APOSTROPHE = re.compile(r"(?<=[a-z])['`](?=[a-z])")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_cached = lru_cache(maxsize=200_000)


@_cached
def fold(text: str) -> str:
    """NFKC, transliterated to ASCII, lower case; punctuation left in place."""
    text = unicodedata.normalize("NFKC", text)
    if text.isascii():
        return text.lower()
    return " ".join(map(_fold_word, text.split()))


@lru_cache(maxsize=100_000)
def _fold_word(word: str) -> str:
    """One word at a time: the same words ("Công", "TNHH", "Đường") recur on most rows."""
    if not word.isascii():
        word = anyascii(HAN.sub(lambda m: " " + " ".join(m.group()) + " ", word))
    return word.lower()


@_cached
def words(text: str, join_initials: bool = False) -> Tokens:
    """Folded alphanumeric tokens. `join_initials` turns "S.A." / "J.S.C" into one token."""
    folded = fold(text)
    if "'" in folded or "`" in folded:  # most text has no apostrophe to drop
        folded = _APOSTROPHE.sub("", folded)
    if join_initials:
        folded = _DOTTED.sub(lambda m: m.group().replace(".", ""), folded)
    return tuple(filter(None, _NON_ALNUM.split(folded)))  # no empty strings


def load_json(name: str) -> Any:
    """A data table shipped in resolvers/data (package data, so it installs with the code)."""
    return json.loads(resources.files("resolvers").joinpath("data", name).read_text("utf-8"))


class PhraseTable(Generic[V]):
    """Token sequences mapped to values, matched longest first."""

    def __init__(self, entries: Mapping[Tokens, V]) -> None:
        self.entries = dict(entries)
        self._by_start = _lengths((key[0], len(key)) for key in self.entries)
        self._by_end = _lengths((key[-1], len(key)) for key in self.entries)

    @classmethod
    def build(cls, pairs: Iterable[tuple[str, V]], join_initials: bool = False) -> PhraseTable[V]:
        """From (variant as written, value) pairs; a variant folding to two values is an error."""
        entries: dict[Tokens, V] = {}
        for variant, value in pairs:
            key = words(variant, join_initials)
            if key and entries.setdefault(key, value) != value:
                raise ValueError(f"{variant!r} maps to both {entries[key]!r} and {value!r}")
        return cls(entries)

    def at(self, tokens: Sequence[str], start: int) -> tuple[int, V] | None:
        """Longest entry starting at tokens[start], as (length, value)."""
        for n in self._by_start.get(tokens[start], ()):
            key = tuple(tokens[start:start + n])
            if len(key) == n and key in self.entries:
                return n, self.entries[key]
        return None

    def before(self, tokens: Sequence[str], end: int) -> tuple[int, V] | None:
        """Longest entry ending just before tokens[end], as (length, value)."""
        for n in self._by_end.get(tokens[end - 1], ()):
            key = tuple(tokens[max(end - n, 0):end])
            if len(key) == n and key in self.entries:
                return n, self.entries[key]
        return None


def _lengths(pairs: Iterable[tuple[str, int]]) -> dict[str, tuple[int, ...]]:
    """Token -> the lengths of the entries it starts (or ends), longest first."""
    found: dict[str, set[int]] = {}
    for token, n in pairs:
        found.setdefault(token, set()).add(n)
    return {token: tuple(sorted(ns, reverse=True)) for token, ns in found.items()}


def replace(table: PhraseTable[Tokens], tokens: Sequence[str]) -> Tokens:
    """Every table phrase in tokens swapped for its replacement, left to right."""
    out: list[str] = []
    i = 0
    while i < len(tokens):
        hit = table.at(tokens, i)
        if hit is None:
            out.append(tokens[i])
            i += 1
        else:
            out.extend(hit[1])
            i += hit[0]
    return tuple(out)
