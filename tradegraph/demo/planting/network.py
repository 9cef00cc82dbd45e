"""Patterns around the network: listed names nearby, seized parties nearby, and broker hubs."""

from __future__ import annotations

from datetime import timedelta
from typing import NamedTuple

from ..catalog import CASE_OFFENCES, REFERENCE_DATE, WINDOW_START
from ..formats import typo
from ..lists import watch_entry
from ..model import BUSINESS, CUSTOMS_REGISTRY, Case, Company, Declaration, Evidence, Party, Person
from ..trade import party_name
from ..vocab_vn import BROKER_SECTORS
from ..world import SupplierProfile, add_role
from .base import Planter

LISTED_NATIONALITIES = ("CN", "VN", "KR")


def _listing_names(p: Planter, party: Party) -> tuple[str, list[str]]:
    """How a list writes a real party: another spelling, with aliases (one mistyped)."""
    names = [v for k, v in party.names.items() if k != "legal"]
    names = list(dict.fromkeys(names))
    p.rng.shuffle(names)
    name, aliases = names[0], names[1:3]
    if aliases and p.rng.random() < 0.5:
        aliases[-1] = typo(p.rng, aliases[-1])
    return name, aliases


class Proximity(NamedTuple):
    importer: Company
    listed: Party
    supplier: SupplierProfile
    links: list[Evidence]  # records on the path between importer and listed party
    via: list[Party]
    path: str


def plant_sanctions_proximity(p: Planter) -> None:
    rng = p.rng
    paths = (_listed_director, _listed_partner, _listed_owners_director)
    for i in range(p.count(5)):
        found = paths[i % len(paths)](p)
        name, aliases = _listing_names(p, found.listed)
        entry = watch_entry(rng, found.listed, name, aliases)
        if isinstance(found.listed, Person) and not (entry.birth_date or entry.id_number):
            # A name alone ("Nguyen Cong Tai") names hundreds of people: the typology needs
            # the listed person tied by a birth date or ID number, as lists do.
            entry.birth_date = found.listed.birth_date
        p.watchlist.append(entry)
        trade = p.trade(found.importer, found.supplier, p.day(0, 400), p.day(420, 729),
                        rng.randint(3, 5))
        p.suspects.append(found.importer)
        p.record("sanctions-proximity",
                 f"Importer {found.importer.names['legal']} {found.path} ({entry.program})",
                 [found.importer, *found.via, found.listed], [entry, *found.links, *trade])


def _listed_director(p: Planter) -> Proximity:
    listed = p.person(nationality=p.rng.choice(LISTED_NATIONALITIES))
    importer = p.company(True, rep=listed, director=listed)
    return Proximity(importer, listed, p.supplier(p.rng.choice(("electronics", "plastics"))),
                     list(p.roles(listed, importer)), [],
                     f"has listed director {listed.names['legal']}")


def _listed_partner(p: Planter) -> Proximity:
    supplier = p.new_supplier(p.rng.choice(("electronics", "machinery")),
                              p.rng.choice(("CN", "HK")))
    return Proximity(p.company(True), supplier.company, supplier, [], [],
                     f"buys from listed exporter {supplier.company.names['english']}")


def _listed_owners_director(p: Planter) -> Proximity:
    """Two hops: the importer's corporate owner is run by a listed person."""
    listed = p.person(nationality=p.rng.choice(LISTED_NATIONALITIES))
    holding = p.company(False, rep=listed, director=listed)
    importer = p.company(True)
    owns = add_role(p.world, holding, importer, "shareholder", 60.0, registries=(BUSINESS,))
    return Proximity(importer, listed, p.supplier(p.rng.choice(("machinery", "plastics"))),
                     [*p.roles(listed, holding), owns], [holding],
                     f"is owned by {holding.names['legal']}, whose director "
                     f"{listed.names['legal']} is listed")


def plant_seizure_proximity(p: Planter) -> None:
    rng = p.rng
    for i in range(p.count(5)):
        link = ("director", "address", "phone", "trading partner")[i % 4]
        supplier = p.new_supplier(rng.choice(("electronics", "cosmetics", "toys")), "CN")
        seized = p.company(True)
        rep = next(r.holder for r in p.officers[seized.id] if r.role == "legal_representative")
        assert isinstance(rep, Person)
        importer = p.company(
            True, rep=rep if link == "director" else None,
            director=rep if link == "director" else None,
            address=seized.address if link == "address" else None,
            phone=seized.phone if link == "phone" else None)
        other = supplier if link == "trading partner" else p.supplier(importer.industries[0])
        caught = p.trade(seized, supplier, p.day(0, 300), p.day(300, 600), rng.randint(2, 3))
        case = _seizure(p, seized, caught[-1])
        evidence: list[Evidence] = [case, seized, importer, *caught]
        if link == "director":
            evidence += p.roles(rep, seized) + p.roles(rep, importer)
        evidence += p.trade(importer, other, p.day(100, 400), p.day(420, 729), rng.randint(3, 5))
        p.suspects.append(importer)
        p.record("seizure-proximity",
                 f"Importer {importer.names['legal']} shares a {link} with "
                 f"{seized.names['legal']}, named in seizure case ({case.offence})",
                 [importer, seized] + ([rep] if link == "director" else []), evidence)


def _seizure(p: Planter, seized: Company, declaration: Declaration) -> Case:
    rng = p.rng
    offence = rng.choice(("smuggling", "counterfeit", "document-fraud"))
    case = Case(
        min(REFERENCE_DATE, declaration.date + timedelta(days=rng.randint(1, 20))), offence, seized,
        party_name(rng, seized), "seized", CASE_OFFENCES[offence], declaration.hs_code,
        seized.tax_id if rng.random() < 0.6 else "", seized.address.variants[2], declaration,
    )
    p.cases.append(case)
    return case


def plant_broker_hub(p: Planter) -> None:
    rng = p.rng
    pool = [c for c in dict.fromkeys(p.suspects) if c.country == "VN"]
    rng.shuffle(pool)
    for _ in range(p.count(3)):
        flagged = [pool.pop() for _ in range(min(len(pool), rng.randint(4, 6)))]
        if len(flagged) < 3:
            return
        served = [d for d in p.declarations if d.importer in flagged]
        opened = min(d.date for d in served) - timedelta(days=rng.randint(30, 200))
        hub = p.company(False, sector=rng.choice(BROKER_SECTORS), registered_on=opened)
        hub.kind, hub.registries = "broker", (CUSTOMS_REGISTRY, *hub.registries)
        for d in served:
            d.declarant = hub
        normal = [p.normal_importer().company for _ in range(rng.randint(1, 3))]
        for importer in normal:
            supplier = p.supplier(importer.industries[0])
            served += p.trade(importer, supplier, max(opened, WINDOW_START), REFERENCE_DATE,
                              rng.randint(2, 3), declarant=hub)
        share = len(flagged) / (len(flagged) + len(normal))
        p.record("broker-hub",
                 f"Broker {hub.names['legal']} declares for {len(flagged) + len(normal)} "
                 f"importers, {share:.0%} of them flagged by other patterns or new",
                 [hub, *flagged, *normal], list(served))
