"""Tax codes, phone numbers and e-mail addresses: one clean form each, and a validity flag.

Validation never rejects a value: a tax code with a bad check digit is still a tax code
that a clerk typed, and the resolver weighs it with `valid` in mind.
"""

from __future__ import annotations

import importlib
import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from types import ModuleType

import phonenumbers

from . import phone_digits

_NON_DIGIT = re.compile(r"\D")
_NON_ALNUM = re.compile(r"[^0-9A-Z]")
_SEVERAL = re.compile(r"[;,/|]|\bor\b|\bhoặc\b")
_MAYBE_SEVERAL = re.compile(r"[;,/|]|or|hoặc")  # a cheaper test: no match, nothing to split
_EMAIL = re.compile(r"^[a-z0-9!#$%&'*+/=?^_`{|}~.-]+@(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+"
                    r"[a-z]{2,}$")
_cached = lru_cache(maxsize=200_000)
# Digits with only the punctuation people space numbers with, "(028) 3822 1234" too: parsing
# sees just the digits (and a leading "+").
_PLAIN_PHONE = re.compile(r"^\s*\+?[\d\s.\-()]+$")
_DIGITS_ONLY = re.compile(r"\+?[0-9]+")

# python-stdnum modules that check a country's company tax or registration numbers.
STDNUM_SCHEMES = {
    "VN": ("vn.mst",), "CN": ("cn.uscc",), "RU": ("ru.inn",), "US": ("us.ein",),
    "KR": ("kr.brn",), "JP": ("jp.cn",), "DE": ("de.vat", "de.stnr"), "TH": ("th.tin",),
    "SG": ("sg.uen",), "IN": ("in_.gstin", "in_.pan"), "ID": ("id.npwp",), "TW": ("tw.ubn",),
    "FR": ("fr.siren", "fr.tva"), "IT": ("it.iva",), "ES": ("es.nif",), "AU": ("au.abn",),
    "GB": ("gb.vat",),
}
# Mailbox providers that ignore "+tag" in the local part; Gmail ignores dots as well.
PLUS_FOLDING = frozenset(("gmail.com", "googlemail.com", "outlook.com", "hotmail.com",
                          "live.com", "icloud.com", "protonmail.com", "proton.me",
                          "fastmail.com"))
DOT_FOLDING = frozenset(("gmail.com", "googlemail.com"))


@dataclass(frozen=True, slots=True)
class TaxCode:
    """parent: the entity's code (digits for VN, upper-case letters and digits elsewhere);
    branch: a Vietnamese branch suffix ("001") or None; valid: the check digits hold,
    or None when python-stdnum has no scheme for the country."""

    parent: str
    branch: str | None
    valid: bool | None

    @property
    def value(self) -> str:
        return f"{self.parent}-{self.branch}" if self.branch else self.parent


@cache
def _schemes(country: str) -> tuple[ModuleType, ...]:
    names = STDNUM_SCHEMES.get(country, ())
    return tuple(importlib.import_module(f"stdnum.{name}") for name in names)


def _valid(code: str, country: str) -> bool | None:
    schemes = _schemes(country)
    return any(s.is_valid(code) for s in schemes) if schemes else None


@_cached
def parse_tax_code(value: str | None, country: str | None = "VN") -> TaxCode | None:
    """A tax code split into parent and branch, with its check digits verified.

    "0101234567-001" -> TaxCode("0101234567", "001", valid) for Vietnam (and when the
    country is unknown); other countries keep letters, which some schemes use.
    """
    parts = tax_code_parts(value, country)
    if parts is None:
        return None
    parent, branch = parts
    country = (country or "VN").upper()
    if country != "VN":
        return TaxCode(parent, None, _valid(parent, country))
    return TaxCode(parent, branch, _valid(parent, "VN") and branch != "000")


def tax_code_parts(value: str | None, country: str | None = "VN"
                   ) -> tuple[str, str | None] | None:
    """parse_tax_code's parent and branch, without checking the check digits."""
    text = unicodedata.normalize("NFKC", value or "").upper()
    if (country or "VN").upper() != "VN":
        code = _NON_ALNUM.sub("", text)
        return (code, None) if code else None
    digits = _NON_DIGIT.sub("", text)
    if not digits:
        return None
    return (digits[:10], digits[10:]) if len(digits) == 13 else (digits, None)


def _first(value: str) -> str:
    """The first of several values written in one field ("0901 234 567 / 028 3822 1234")."""
    if not _MAYBE_SEVERAL.search(value):  # most fields hold one value: skip the split
        return value if value.strip() else ""
    return next((p for p in _SEVERAL.split(value) if p and p.strip()), "")


def _e164(text: str, region: str | None) -> tuple[str, bool] | None:
    if _DIGITS_ONLY.fullmatch(text):
        read = phone_digits.read(text[0] == "+", text.lstrip("+"), region)
        if not isinstance(read, str):  # else SLOW
            return read
    return _parsed_e164(text, region)


def _parsed_e164(text: str, region: str | None) -> tuple[str, bool] | None:
    """(E.164, valid) by phonenumbers itself, for any text."""
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(number):
        return None
    formatted = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return formatted, phonenumbers.is_valid_number(number)


@_cached
def phone(value: str | None, country: str | None = "VN") -> str | None:
    """E.164 ("+842838221234"), read with the record's country as default region.

    Digits that already start with a country code but lack the "+" ("84283822 1234",
    "86-755 8888 1234") are tried as international too; the valid reading wins. A number
    that phonenumbers cannot read comes back as its digits (six or more), never lost.
    """
    text = _first(unicodedata.normalize("NFKC", value or ""))
    digits = _NON_DIGIT.sub("", text)
    if len(digits) < 6:
        return None
    if _PLAIN_PHONE.match(text):
        # "098.031.6055", "0980 316 055" and "0980316055" read alike: parse each number once.
        return _phone_of_digits(text.lstrip().startswith("+"), digits, country)
    return _phone_of_text(text, digits, country)


@lru_cache(maxsize=500_000)
def _phone_of_digits(plus: bool, digits: str, country: str | None) -> str | None:
    return _phone_of_text(("+" if plus else "") + digits, digits, country)


def _phone_of_text(text: str, digits: str, country: str | None) -> str | None:
    if digits.startswith("00") and not text.lstrip().startswith("+"):
        # "00" dials abroad from most countries, though not from Singapore or Hong Kong,
        # whose own rules would read "0065 6613 1523" as a local number
        dialled = _e164("+" + digits[2:], None)
        if dialled and dialled[1]:
            return dialled[0]
    national = _e164(text, (country or "VN").upper())
    if national and national[1]:
        return national[0]
    international = _e164("+" + digits, None) if not text.lstrip().startswith("+") else None
    best = next((r for r in (international, national) if r and r[1]), None)
    best = best or national or international
    return best[0] if best else digits


@_cached
def email(value: str | None) -> str | None:
    """Lower-case address with the shape local@domain.tld; None for anything else."""
    text = _first(unicodedata.normalize("NFKC", value or "")).strip().strip("<>.").lower()
    text = text.removeprefix("mailto:").strip()
    return text if _EMAIL.match(text) else None


@_cached
def email_key(value: str | None) -> str | None:
    """The mailbox an address delivers to: "+tags" and Gmail's dots folded away.

    "Nguyen.Van.An+invoices@googlemail.com" -> "nguyenvanan@gmail.com".
    """
    address = email(value)
    if address is None:
        return None
    local, _, domain = address.rpartition("@")
    domain = "gmail.com" if domain == "googlemail.com" else domain
    if domain in PLUS_FOLDING:
        local = local.split("+", 1)[0]
    if domain in DOT_FOLDING:
        local = local.replace(".", "")
    return f"{local}@{domain}" if local else None
