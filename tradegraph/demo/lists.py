"""Sanctions watchlist and enforcement cases: normal content, and writing both files."""

from __future__ import annotations

import random
from datetime import date, timedelta

from .catalog import (
    CASE_OFFENCES,
    LISTING_REASONS,
    PROGRAMS,
    REFERENCE_DATE,
    SMUGGLED_GOODS,
    WINDOW_DAYS,
    WINDOW_START,
)
from .factory import COUNTRY_BY_CODE, Factory, pick
from .formats import passport, render_mst
from .model import Case, Company, Declaration, Party, Person, WatchEntry
from .names import cn_person_names, romanised_person_names, ru_person_names
from .output import Batch
from .places import Address, foreign_address
from .trade import party_name
from .vocab_foreign import (
    AE_FRONT_BRANDS,
    CN_GIVEN,
    CN_SURNAMES,
    HK_FRONT_BRANDS,
    IR_COMPANY_BRANDS,
    IR_GIVEN,
    IR_SURNAMES,
    KP_COMPANY_BRANDS,
    KP_GIVEN,
    KP_SURNAMES,
    RU_COMPANY_BRANDS,
    RU_COMPANY_TRADES,
    RU_GIVEN,
    RU_PATRONYMICS,
    RU_SURNAMES,
)
from .world import World

DIAL = {"RU": "7", "BY": "375", "KP": "850", "IR": "98", "AE": "971", "SY": "963", "HK": "852",
        "CN": "86", "VN": "84"}
CAPITALS = {"RU": "Moscow", "BY": "Minsk", "KP": "Pyongyang", "IR": "Tehran", "AE": "Dubai",
            "SY": "Damascus"}


# -- watchlist -----------------------------------------------------------------------------
FRONT_BRANDS = {"KP": KP_COMPANY_BRANDS, "IR": IR_COMPANY_BRANDS, "AE": AE_FRONT_BRANDS,
                "HK": HK_FRONT_BRANDS, "CN": HK_FRONT_BRANDS}
FRONT_ACTIVITIES = {
    "KP": ("Trading", "General Trading", "Mining", "Shipping", "Machinery", "Export and Import"),
    "IR": ("Sanat Kish", "Tejarat", "Sanaye", "Petro Energy", "Electronic Industries"),
    "AE": ("General Trading", "Trading", "Shipping", "Electronics Trading"),
    "HK": ("International Trading", "Technology", "Shipping", "Electronics"),
}
FRONT_ACTIVITIES["CN"] = FRONT_ACTIVITIES["HK"]


def listed_company(f: Factory, country: str) -> tuple[Company, list[str]]:
    """A sanctioned company that never trades in the demo world, with its list aliases."""
    names = _unique_listed_names(f, country)
    company = Company(
        f.pool.company_id(), country, {"legal": names[0], "english": names[0]},
        _listed_address(f.rng, country), f.foreign_phone(DIAL.get(country, "7")), kind="listed",
    )
    return company, names[1:]


def _unique_listed_names(f: Factory, country: str) -> list[str]:
    for attempt in range(1000):
        number = str(f.rng.randint(2, 99)) if attempt > 20 else ""  # lists number namesakes
        names = _listed_company_names(f.rng, country, number)
        if f.pool.claim("name", names[0].upper()):
            return names
    raise RuntimeError(f"no free listed company name for {country}")


def _listed_address(rng: random.Random, country: str) -> Address:
    if country in ("HK", "CN"):
        return foreign_address(rng, COUNTRY_BY_CODE[country])
    city = CAPITALS.get(country, "Dubai")
    line = f"{rng.randint(1, 200)} {rng.choice(('Ul. Tverskaya', 'Central Street', 'Bldg'))}"
    return Address(country, city, (city, city.upper()), "", (f"{line}, {city}",) * 5)


def _listed_company_names(rng: random.Random, country: str, number: str) -> list[str]:
    """Listed names and aliases; `number` tells apart entities that would otherwise clash."""
    if country in ("RU", "BY"):
        (b, bc), (t, tc) = rng.choice(RU_COMPANY_BRANDS), rng.choice(RU_COMPANY_TRADES)
        b, bc = (f"{b}-{number}", f"{bc}-{number}") if number else (b, bc)
        return [f'OOO "{b} {t}"', f"{b} {t} LLC", f"ООО «{bc} {tc}»", f"{b}{t} Ltd"]
    b = " ".join(filter(None, (rng.choice(FRONT_BRANDS[country]), number)))
    activity = rng.choice(FRONT_ACTIVITIES[country])
    if country == "KP":
        return [f"Korea {b} {activity} Corporation", f"{b} {activity} Co",
                f"Korea {b} General Corporation"]
    if country == "IR":
        return [f"{b} {activity} Company", f"{b} Industrial Group", f"{b} {activity} Co."]
    if country == "AE":
        return [f"{b} {activity} LLC", f"{b} {activity} FZE"]
    return [f"{b} {activity} (HK) Limited", f"{b} {activity} Ltd", f"Hong Kong {b} {activity} Co"]


def listed_person(f: Factory, country: str) -> tuple[Person, list[str]]:
    rng = f.rng
    if country in ("RU", "BY"):
        names = ru_person_names(rng.choice(RU_SURNAMES), rng.choice(RU_GIVEN),
                                rng.choice(RU_PATRONYMICS))
    elif country == "KP":
        names = romanised_person_names(rng.choice(KP_SURNAMES), rng.choice(KP_GIVEN))
    elif country == "IR":
        given, family = rng.choice(IR_GIVEN), rng.choice(IR_SURNAMES)
        names = {"legal": f"{given} {family}", "ascii_title": f"{given.replace(' ', '')} {family}",
                 "upper": f"{family.upper()}, {given}"}
    elif country == "CN":
        names = cn_person_names(rng.choice(CN_SURNAMES), rng.choice(CN_GIVEN))
    else:
        person = f.vn_person()
        return person, [person.names["ascii"]]
    year = rng.randint(1950, 1988)
    person = Person(f.pool.person_id(), country, names, False,
                    date(year, rng.randint(1, 12), rng.randint(1, 28)), passport(rng, country))
    aliases = [v for k, v in names.items() if k != "legal" and v != names["legal"]]
    return person, rng.sample(aliases, min(len(aliases), rng.randint(1, 3)))


def programme(rng: random.Random, country: str) -> str:
    options = PROGRAMS.get(country, ("OFAC-SDN",))
    return ";".join(rng.sample(options, 1 if len(options) == 1 or rng.random() < 0.7 else 2))


def watch_entry(rng: random.Random, party: Party, name: str, aliases: list[str],
                listed_on: date | None = None) -> WatchEntry:
    country = party.country if isinstance(party, Company) else party.nationality
    entry = WatchEntry(
        party, name, aliases, country, programme(rng, country),
        listed_on or date(rng.randint(2014, 2025), rng.randint(1, 12), rng.randint(1, 28)),
        rng.choice(LISTING_REASONS),
    )
    if isinstance(party, Person):
        entry.birth_date = party.birth_date if rng.random() < 0.8 else None
        entry.id_number = party.id_number if rng.random() < 0.4 else ""
    return entry


def normal_watchlist(f: Factory, n: int) -> list[WatchEntry]:
    rng = f.rng
    entries = []
    for _ in range(n):
        if rng.random() < 0.55:
            country = pick(rng, (("RU", 30), ("KP", 20), ("IR", 15), ("HK", 15), ("CN", 5),
                                 ("AE", 10), ("BY", 5)))
            party: Party
            party, aliases = listed_company(f, country)
        else:
            country = pick(rng, (("RU", 35), ("KP", 25), ("IR", 20), ("CN", 15), ("VN", 5)))
            party, aliases = listed_person(f, country)
        entries.append(watch_entry(rng, party, party.names["legal"], aliases))
    return entries


def write_watchlist(batch: Batch, entries: list[WatchEntry]) -> None:
    ordered = sorted(entries, key=lambda e: (e.listed_on, e.name))
    for n, e in enumerate(ordered, 1):
        kind = "company" if isinstance(e.party, Company) else "person"
        values = (f"SL-{n:06d}", e.name, ";".join(e.aliases), kind, e.country,
                  e.birth_date.isoformat() if e.birth_date else "", e.id_number, e.tax_id,
                  e.program, e.listed_on.isoformat(), e.reason)
        batch.record("watchlist", values, e.refs, e.party.id)


# -- enforcement cases ---------------------------------------------------------------------
def penalty_case(rng: random.Random, importer: Company, declaration: Declaration | None,
                 offence: str, on: date, outcome: str = "fined") -> Case:
    return Case(
        on, offence, importer, party_name(rng, importer), outcome,
        CASE_OFFENCES[offence], declaration.hs_code if declaration else "",
        render_mst(rng, importer.tax_id, False) if importer.tax_id and rng.random() < 0.6 else "",
        importer.address.variants[2] if rng.random() < 0.4 else "", declaration,
    )


def normal_cases(f: Factory, world: World, last_seen: dict[str, Declaration], n: int
                 ) -> list[Case]:
    rng = f.rng
    traders = sorted(last_seen.values(), key=lambda d: d.importer.id)
    cases = []
    for _ in range(n):
        roll = rng.random()
        if roll < 0.4 and traders:
            d = rng.choice(traders)
            on = min(REFERENCE_DATE, d.date + timedelta(days=rng.randint(10, 120)))
            offence = rng.choice(("misclassification", "undervaluation", "false-origin",
                                  "counterfeit", "document-fraud"))
            cases.append(penalty_case(rng, d.importer, d if rng.random() < 0.7 else None,
                                      offence, on, rng.choice(("fined", "fined", "closed"))))
        else:
            cases.append(_smuggling_case(f, roll < 0.85))
    return cases


def _smuggling_case(f: Factory, person: bool) -> Case:
    rng = f.rng
    on = WINDOW_START + timedelta(days=rng.randrange(WINDOW_DAYS))
    hs_code, description = rng.choice(SMUGGLED_GOODS)
    offence = rng.choice(("smuggling", "smuggling", "prohibited-goods", "counterfeit"))
    outcome = rng.choice(("seized", "seized", "prosecuted", "under-investigation"))
    party: Party
    if person:
        party = f.vn_person()
        name = party.names[rng.choice(("legal", "upper", "ascii"))]
        address = party.address.variants[1] if party.address else ""
        return Case(on, offence, party, name, outcome, description, hs_code, "", address)
    party = f.vn_company("case")
    return Case(on, offence, party, party_name(rng, party), outcome, description, hs_code,
                party.tax_id if rng.random() < 0.5 else "", party.address.variants[1])


def write_cases(batch: Batch, cases: list[Case]) -> None:
    for n, c in enumerate(sorted(cases, key=lambda c: (c.date, c.party.id)), 1):
        company = isinstance(c.party, Company)
        country = c.party.country if isinstance(c.party, Company) else c.party.nationality
        declaration = c.declaration.refs[0][1] if c.declaration and c.declaration.refs else ""
        values = (f"PC-{n:06d}", c.date.isoformat(), c.offence, c.party_name,
                  "company" if company else "person", c.party_tax_id, country, c.party_address,
                  c.hs_code, c.description, declaration, c.outcome)
        batch.record("cases", values, c.refs, c.party.id, "party")
