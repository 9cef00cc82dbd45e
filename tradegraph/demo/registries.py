"""The three registers: customs trader registry, tax authority and business registry.

Each source describes the same companies in its own house style, and each knows only part
of the population.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from datetime import date

from .factory import pick
from .formats import render_email, render_id, render_mst, render_phone
from .model import BUSINESS, CUSTOMS_REGISTRY, TAX, Company, Person, Role
from .names import render_name
from .output import Batch
from .places import ABBREVIATED, ASCII_UPPER, OFFICIAL

FILING_ID_SWITCH = date(2021, 7, 1)  # chip-based ID cards replaced the 9-digit ones
PERSON_STYLES = (("legal", 0.7), ("upper", 0.08), ("ascii", 0.07), ("ascii_title", 0.04),
                 ("western", 0.04), ("initial", 0.04), ("local", 0.03))


def _iso(value: date | None, rng: random.Random | None = None, p: float = 1.0) -> str:
    if value is None or (rng is not None and rng.random() >= p):
        return ""
    return value.isoformat()


def _maybe(rng: random.Random, p: float, value: str, always: bool = False) -> str:
    # the draw is made even when `always` holds, so the rest of the data stays the same
    return value if value and (rng.random() < p or always) else ""


def _in(companies: Iterable[Company], registry: str) -> list[Company]:
    return [c for c in companies if registry in c.registries]


def write_customs_registry(batch: Batch, companies: list[Company], rng: random.Random) -> None:
    for n, c in enumerate(sorted(_in(companies, CUSTOMS_REGISTRY), key=lambda c: c.tax_id), 1):
        style = pick(rng, (("ascii", 0.55), ("legal", 0.2), ("english", 0.15), ("upper", 0.1)))
        variant = pick(rng, ((ASCII_UPPER, 0.6), (ABBREVIATED, 0.25), (OFFICIAL, 0.15)))
        values = (
            f"CR-C-{n:06d}", render_name(rng, c.names, style, 0.02),
            _maybe(rng, 0.4, c.names["english_long"]) if style != "english" else "",
            c.tax_id if rng.random() < 0.9 else f"{c.tax_id[:4]} {c.tax_id[4:7]} {c.tax_id[7:]}",
            "", c.country, c.address.variants[variant], rng.choice(c.address.city_variants),
            _maybe(rng, 0.3, c.address.postcode), _maybe(rng, 0.85, render_phone(rng, c.phone)),
            _maybe(rng, 0.5, render_email(rng, c.email)), _iso(c.registered_on, rng, 0.6),
            c.status, _iso(c.deregistered_on, rng, 0.8),
        )
        batch.record("companies", values, c.refs, c.id)


def write_tax_authority(batch: Batch, companies: list[Company], roles: list[Role],
                        rng: random.Random) -> None:
    listed = sorted(_in(companies, TAX), key=lambda c: c.tax_id)
    company_ids = {}
    for n, c in enumerate(listed, 1):
        company_ids[c.id] = f"TX-C-{n:06d}"
        tax_id = render_mst(rng, c.tax_id, False) if rng.random() < 0.3 else c.tax_id
        values = (
            company_ids[c.id], render_name(rng, c.names, "upper" if rng.random() < 0.15
                                           else "legal", 0.005),
            _maybe(rng, 0.45, c.names["english_long"]), tax_id, "", c.country,
            c.address.variants[OFFICIAL if rng.random() < 0.9 else ABBREVIATED],
            rng.choice(c.address.city_variants[:3]), _maybe(rng, 0.5, c.address.postcode),
            _maybe(rng, 0.9, render_phone(rng, c.phone), c.phone_on_record),
            _maybe(rng, 0.65, render_email(rng, c.email)), _iso(c.registered_on), c.status,
            _iso(c.deregistered_on),
        )
        batch.record("companies", values, c.refs, c.id)
    person_ids: dict[str, str] = {}
    for n, role in enumerate(_registered_roles(roles, TAX, company_ids), 1):
        holder = role.holder
        assert isinstance(holder, Person)
        if holder.id not in person_ids:
            person_ids[holder.id] = f"TX-P-{len(person_ids) + 1:06d}"
            batch.record("persons", person_values(rng, person_ids[holder.id], holder, None),
                         holder.refs, holder.id)
        batch.record("roles", (f"TX-R-{n:06d}", person_ids[holder.id],
                               company_ids[role.company.id], role.role, "",
                               _iso(role.since, rng, 0.8), _iso(role.until)), role.refs)


def _registered_roles(roles: list[Role], registry: str, company_ids: dict[str, str]) -> list[Role]:
    kept = [r for r in roles if registry in r.registries and r.company.id in company_ids]
    return sorted(kept, key=lambda r: company_ids[r.company.id])


def person_values(rng: random.Random, record_id: str, p: Person, filed: date | None
                  ) -> tuple[str, ...]:
    style = pick(rng, PERSON_STYLES)
    id_number = p.id_number
    if p.old_id_number and filed and filed < FILING_ID_SWITCH:
        id_number = p.old_id_number
    address = p.address
    return (
        record_id, render_name(rng, p.names, style, 0.01),
        _maybe(rng, 0.3, p.names.get("local", "")), _iso(p.birth_date, rng, 0.88),
        p.nationality, render_id(rng, id_number),
        address.variants[OFFICIAL if rng.random() < 0.7 else ABBREVIATED]
        if address and rng.random() < 0.7 else "",
        address.city if address else "", address.country if address else "",
        _maybe(rng, 0.5, render_phone(rng, p.phone) if p.phone else ""),
        _maybe(rng, 0.5, render_email(rng, p.email)),
    )


def write_business_registry(batch: Batch, companies: list[Company], roles: list[Role],
                            rng: random.Random) -> None:
    listed = sorted(_in(companies, BUSINESS), key=lambda c: (c.registered_on or date.min, c.id))
    company_ids = {}
    for n, c in enumerate(listed, 1):
        company_ids[c.id] = f"BR-C-{n:06d}"
        batch.record("companies", business_company(rng, company_ids[c.id], c), c.refs, c.id)
    filings: dict[tuple[str, str], str] = {}
    for n, role in enumerate(_registered_roles(roles, BUSINESS, company_ids), 1):
        holder = role.holder
        if isinstance(holder, Company):
            if holder.id not in company_ids:
                continue
            holder_id = company_ids[holder.id]
        else:  # the registry keeps the person as written on each company's filing
            key = (holder.id, role.company.id)
            if key not in filings:
                filings[key] = f"BR-P-{len(filings) + 1:06d}"
                values = person_values(rng, filings[key], holder, role.company.registered_on)
                batch.record("persons", values, holder.refs, holder.id)
            holder_id = filings[key]
        share = f"{role.share_pct:g}" if role.share_pct is not None else ""
        batch.record("roles", (f"BR-R-{n:06d}", holder_id, company_ids[role.company.id],
                               role.role, share, _iso(role.since), _iso(role.until)), role.refs)


def business_company(rng: random.Random, record_id: str, c: Company) -> tuple[str, ...]:
    if c.country != "VN":  # a foreign investor recorded as shareholder
        return (record_id, c.names["legal"], _maybe(rng, 0.6, c.names.get("local", "")), "",
                c.registration_no, c.country, c.address.variants[OFFICIAL], c.address.city,
                c.address.postcode, _maybe(rng, 0.5, render_phone(rng, c.phone)),
                _maybe(rng, 0.3, c.email), "", "", "")
    style = pick(rng, (("legal", 0.8), ("abbrev", 0.15), ("upper", 0.05)))
    aliases = ";".join((c.names[rng.choice(("english", "english_long"))], c.names["short"]))
    return (
        record_id, render_name(rng, c.names, style, 0.005), _maybe(rng, 0.8, aliases),
        _maybe(rng, 0.4, c.tax_id), c.tax_id, c.country,
        c.address.variants[OFFICIAL if rng.random() < 0.7 else ABBREVIATED],
        rng.choice(c.address.city_variants[:3]), _maybe(rng, 0.2, c.address.postcode),
        _maybe(rng, 0.7, render_phone(rng, c.phone)), _maybe(rng, 0.45, render_email(rng, c.email)),
        _iso(c.registered_on), c.status, _iso(c.deregistered_on),
    )
