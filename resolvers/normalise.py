"""Normalisers shared by loaders, resolver, search and API: one clean form per value.

Each value type owns its cleaning here, so every caller folds the same way:

- company_name / person_name (resolvers.names): NFKC, anyascii, case, punctuation, legal
  forms from resolvers/data/legal_forms.json, English business words for `key_en`.
- parse_tax_code / tax_code, phone, email / email_key (resolvers.identifiers).
- address_key (resolvers.addresses): address words from resolvers/data/address_terms.json.
- text_key: the generic case-, accent- and punctuation-blind form of any free text.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from anyascii import anyascii

from .addresses import address_key, address_tokens
from .identifiers import TaxCode, email, email_key, parse_tax_code, phone, tax_code_parts
from .legal_forms import family as legal_family
from .names import NormalName, PersonName, company_name, person_name

__all__ = [
    "NormalName", "PersonName", "TaxCode", "address_key", "address_tokens", "company_name",
    "email", "email_key", "legal_family", "parse_tax_code", "person_name", "phone", "tax_code",
    "text_key",
]

_NON_WORD = re.compile(r"[^\w]+")
# The same importer's tax code, phone and address recur on thousands of declarations.
_cached = lru_cache(maxsize=200_000)


@_cached
def tax_code(value: str | None, country: str | None = "VN") -> str | None:
    """The parent entity's tax code: "0101234567-001" -> "0101234567"."""
    parts = tax_code_parts(value, country)  # the check digits do not change the parent
    return parts[0] if parts else None


@_cached
def text_key(value: str | None) -> str | None:
    """Case-, accent- and punctuation-blind form of free text such as an address."""
    if not value:
        return None
    ascii_text = anyascii(unicodedata.normalize("NFKC", value)).lower()
    key = " ".join(_NON_WORD.sub(" ", ascii_text).split())
    return key or None
