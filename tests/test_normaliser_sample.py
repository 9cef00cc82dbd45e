"""The normalisers give the keys they gave before they were made faster.

normaliser_sample.json holds tricky values (phones in many shapes and countries, several
numbers in one field, Vietnamese addresses with and without diacritics and abbreviated,
foreign addresses, e-mails, tax codes, names) with what main at 3a260c5 made of them. A key
that changes splits the graph's shared Address and Phone nodes and the resolver's blocking.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from resolvers import identifiers, names, normalise
from resolvers.addresses import address_key

KEYS: dict[str, Callable[..., Any]] = {
    "phone": identifiers.phone, "address_key": address_key, "email": identifiers.email,
    "email_key": identifiers.email_key, "tax_code": normalise.tax_code,
    "text_key": normalise.text_key}
SAMPLE = json.loads((Path(__file__).parent / "normaliser_sample.json").read_text("utf-8"))


def _now(function: str, args: list[Any]) -> Any:
    if function == "parse_tax_code":
        parsed = identifiers.parse_tax_code(*args)
        return [parsed.parent, parsed.branch, parsed.valid] if parsed else None
    if function == "company_name":
        company = names.company_name(*args)
        return [company.key, company.key_en, company.legal_form] if company else None
    if function == "person_name":
        person = names.person_name(*args)
        return person.key if person else None
    return KEYS[function](*args)


@pytest.mark.parametrize("function", sorted({f for f, _, _ in SAMPLE}))
def test_sample_keys_as_before(function: str) -> None:
    cases = [(args, expected) for f, args, expected in SAMPLE if f == function]
    changed = [(args, expected, now) for args, expected in cases
               if (now := _now(function, args)) != expected]
    assert not changed, changed[:10]
    assert len(cases) >= 50
