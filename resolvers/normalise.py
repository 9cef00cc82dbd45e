"""Normalisers shared by loaders, resolver and queries: one clean form per value."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from anyascii import anyascii

_NON_DIGIT = re.compile(r"\D")
_NON_WORD = re.compile(r"[^\w]+")
# Vietnamese branch codes append "-NNN" to the parent's 10-digit tax code.
_BRANCH = re.compile(r"^(\d{10})[-\s]?\d{3}$")
# The same importer's tax code, phone and address recur on thousands of declarations.
_cached = lru_cache(maxsize=200_000)


@_cached
def tax_code(value: str | None) -> str | None:
    if not value:
        return None
    compact = value.strip()
    branch = _BRANCH.match(compact)
    digits = branch.group(1) if branch else _NON_DIGIT.sub("", compact)
    return digits or None


@_cached
def phone(value: str | None) -> str | None:
    digits = _NON_DIGIT.sub("", value or "")
    return digits if len(digits) >= 6 else None


@_cached
def email(value: str | None) -> str | None:
    text = (value or "").strip().lower()
    return text if "@" in text else None


@_cached
def text_key(value: str | None) -> str | None:
    """Case-, accent- and punctuation-blind form of free text such as an address."""
    if not value:
        return None
    ascii_text = anyascii(unicodedata.normalize("NFKC", value)).lower()
    key = " ".join(_NON_WORD.sub(" ", ascii_text).split())
    return key or None
