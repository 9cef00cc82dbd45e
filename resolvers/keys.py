"""Comparable keys of a party mention, from the shared normalisers."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from functools import lru_cache

from graph.records import Mention
from resolvers import normalise
from resolvers.mentions import PartyMention
from resolvers.names import company_name, person_name

# Where the business registration number is by law the tax code (Vietnam's enterprise code).
REGISTRATION_IS_TAX_CODE = frozenset({"VN"})


@dataclass(frozen=True, slots=True)  # a full run makes one per distinct mention
class MentionKeys:
    entity_type: str
    name: str | None
    short_name: str | None  # persons: initials and surname, for "Nguyễn Đ. Dũng"
    name_form: str | None  # companies: the legal-form words as written ("pvt ltd", "limited")
    legal_form: str | None  # companies: canonical legal form ("ltd", "ltd_one_member", "jsc")
    legal_family: str | None  # companies: its family ("ltd")
    country: str | None
    tax: str | None
    phone: str | None
    email: str | None
    address: str | None
    birth_date: str | None
    id_number: str | None
    aliases: str | None = None  # other names as given, ALIAS_SEP-joined (resolvers/aliases.py)


ALIAS_SEP = "\x1e"


def keys_of(party: PartyMention) -> MentionKeys:
    return _keys(party.mention, party.birth_date, party.phone_key)


# Declarations repeat their importer's mention word for word thousands of times. The cache
# holds whole mentions: big enough for the repeated ones, not for a million distinct ones.
@lru_cache(maxsize=100_000)
def _keys(m: Mention, birth_date: str | None, phone: str | None = None) -> MentionKeys:
    key, short, form, legal, family = _name_keys(m.entity_type, m.name)
    return MentionKeys(m.entity_type, key, short, form, legal, family, m.country,
                       _tax(m.tax_id, m.ids, m.country),
                       phone or normalise.phone(m.phone, m.country), normalise.email(m.email),
                       normalise.address_key(m.address), birth_date, _id_number(m.ids),
                       _alias_text(m.aliases))


def _alias_text(aliases: tuple[str, ...]) -> str | None:
    return ALIAS_SEP.join(sorted(aliases)) if aliases else None


NameKeys = tuple[str | None, str | None, str | None, str | None, str | None]


def _name_keys(entity_type: str, name: str) -> NameKeys:
    """name, short_name, name_form, legal_form and legal_family, as _keys makes them."""
    company = company_name(name) if entity_type == "company" else None
    return (_name_key(entity_type, name), _short_name(entity_type, name),
            _name_form(entity_type, name), company.legal_form if company else None,
            company.legal_family if company else None)


def forget_normalised() -> None:
    """Empty the normalisers' caches: they pay off while a run reads its mentions and after
    that only hold memory (hundreds of MiB after a million distinct mentions)."""
    from resolvers import addresses, folding, identifiers, names

    for module in (sys.modules[__name__], addresses, folding, identifiers, names, normalise):
        for value in vars(module).values():
            # Sized caches only: the unbounded ones hold tables loaded once.
            if callable(getattr(value, "cache_info", None)) and value.cache_info().maxsize:
                value.cache_clear()


def _name_key(entity_type: str, name: str) -> str | None:
    if entity_type == "person":
        parsed = person_name(name)
        return parsed.key if parsed else None
    company = company_name(name)
    return company.key_en if company and company.key_en else None


def _name_form(entity_type: str, name: str) -> str | None:
    """"Shree Textile Pvt. Ltd." and "Shree Textile Limited" fold to one name and one legal
    family, yet can be two companies (private and public limited): keep the words."""
    company = company_name(name) if entity_type == "company" else None
    folded = normalise.text_key(name) if company is not None else None
    if company is None or folded is None:
        return None
    return " ".join(sorted(set(folded.split()) - set(company.tokens)))


def _short_name(entity_type: str, name: str) -> str | None:
    parsed = person_name(name) if entity_type == "person" else None
    if parsed is None:
        return None
    return f"{parsed.initials}:{max(parsed.tokens, key=lambda t: (len(t), t))}"


def _tax(tax_id: str | None, ids: tuple[str, ...], country: str | None) -> str | None:
    code = normalise.tax_code(tax_id, country)
    if code or (country or "VN") not in REGISTRATION_IS_TAX_CODE:
        return code
    registration = next((v.split(":", 1)[1] for v in ids if v.startswith("reg:")), None)
    return normalise.tax_code(registration, country)


def _registration_tax(ids: tuple[str, ...], country: str | None) -> str | None:
    """_tax of a mention without a tax code."""
    if (country or "VN") not in REGISTRATION_IS_TAX_CODE:
        return None
    for given in ids:
        if given.startswith("reg:"):
            return normalise.tax_code(given[4:], country)
    return None


def _id_number(ids: tuple[str, ...]) -> str | None:
    """An identity document number without its spacing: "079 173 779150" = "079173779150"."""
    given = next((v[3:] for v in ids if v.startswith("id:")), None)
    if given and given.isascii() and given.isalnum():  # most are: no folding to do
        return given.upper()
    folded = normalise.text_key(given)
    return folded.replace(" ", "").upper() if folded else None
