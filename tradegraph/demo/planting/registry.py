"""Patterns visible in the registers: shell clusters, shared contacts and directors, phoenixes."""

from __future__ import annotations

from datetime import date, timedelta

from ..catalog import REFERENCE_DATE, WINDOW_START
from ..factory import city_of
from ..formats import render_email, render_phone, slug
from ..model import Company, Declaration, Evidence, Person
from ..vocab_vn import SECTORS, VN_CITIES
from ..world import SECTOR_BY_VI
from .base import INDUSTRY_SECTORS, Planter

TRADING_SECTORS = tuple(s for s in SECTORS if not s.industries)
SHELL_INDUSTRIES = ("electronics", "garment", "cosmetics", "toys")


def plant_shell_cluster(p: Planter) -> None:
    rng = p.rng
    for _ in range(p.count(4)):
        city = rng.choice(VN_CITIES[:3])
        address, phone = p.f.address(city), p.f.phone(city, mobile=True)
        nominee = p.person(city)
        opened = WINDOW_START + timedelta(days=rng.randint(-200, 330))
        size = rng.randint(6, 9)
        members: list[Company] = []
        for i in range(size):
            registered = opened + timedelta(days=rng.randint(0, 300))
            members.append(p.company(
                i < 4, city, rng.choice(TRADING_SECTORS), registered,
                rep=nominee if i % 3 != 2 else None, director=nominee if i % 3 != 2 else None,
                address=address, phone=phone if i % 2 == 0 else None))
        supplier = p.supplier(rng.choice(SHELL_INDUSTRIES), "CN")
        evidence: list[Evidence] = list(members)
        for member in members:
            evidence += p.roles(nominee, member)
        for member in members[:4]:
            first = max(member.registered_on or WINDOW_START, WINDOW_START) + timedelta(days=30)
            evidence += p.trade(member, supplier, first, first + timedelta(days=150),
                                rng.randint(3, 6))
            p.suspects.append(member)
        dates = sorted(m.registered_on for m in members if m.registered_on)
        p.record(
            "shell-cluster",
            f"{size} companies registered at {address.variants[1]} between {dates[0]:%Y-%m} and "
            f"{dates[-1]:%Y-%m}; {(size + 1) // 2} share {render_phone(rng, phone)}; "
            f"{sum(i % 3 != 2 for i in range(size))} have director {nominee.names['legal']}; "
            f"4 imported HS {supplier.goods[0].chapter}",
            [*members, nominee], evidence)


def plant_shared_contact(p: Planter) -> None:
    rng = p.rng
    for i in range(p.count(5)):
        by_phone = i % 2 == 0
        phone = p.f.phone(None, mobile=True)
        person = p.f.vn_person()  # never recorded: only their mailbox shows
        email = p.f.email(slug(person.names["western"])[:12] + str(rng.randint(10, 99)),
                          "gmail.com")
        cities = rng.sample(VN_CITIES[:6], rng.choice((2, 3, 3, 4)))
        sectors = rng.sample(INDUSTRY_SECTORS, len(cities))
        members: list[Company] = []
        evidence: list[Evidence] = []
        for city, sector in zip(cities, sectors, strict=True):
            member = p.company(True, city, sector, phone=phone if by_phone else None)
            if not by_phone:
                member.email = email
            members.append(member)
            supplier = p.supplier(member.industries[0])
            evidence.append(member)
            for d in p.trade(member, supplier, p.day(30, 400), p.day(420, 720), rng.randint(3, 5)):
                _declare_contact(p, d, by_phone)
                evidence.append(d)
        contact = render_phone(rng, phone) if by_phone else email
        p.record("shared-contact",
                 f"{len(members)} unrelated importers in {len(cities)} cities share "
                 f"{'phone' if by_phone else 'e-mail'} {contact}", list(members), evidence)


def _declare_contact(p: Planter, d: Declaration, by_phone: bool) -> None:
    if by_phone:
        d.declared["phone"] = render_phone(p.rng, d.importer.phone)
    else:
        d.declared["email"] = render_email(p.rng, d.importer.email)


def plant_shared_director(p: Planter) -> None:
    rng = p.rng
    for _ in range(p.count(5)):
        person = p.person()
        size = rng.randint(3, 5)
        cities = rng.sample(VN_CITIES, size)
        sectors = rng.sample(INDUSTRY_SECTORS, size)
        members: list[Company] = []
        evidence: list[Evidence] = []
        for i, (city, sector) in enumerate(zip(cities, sectors, strict=True)):
            # director, legal representative or owner: the link takes several forms
            link = ("rep", "director", "owner")[i % 3]
            member = p.company(True, city, sector, rep=person if link == "rep" else None,
                               director=person if link != "owner" else None,
                               owner=person if link == "owner" else None)
            members.append(member)
            evidence += p.roles(person, member)
            supplier = p.supplier(member.industries[0])
            evidence += p.trade(member, supplier, p.day(0, 300), p.day(330, 729), rng.randint(3, 5))
        p.record("shared-director",
                 f"{person.names['legal']} is director, legal representative or owner of "
                 f"{size} importers in {size} cities and {size} sectors",
                 [person, *members], evidence)


def plant_phoenix(p: Planter) -> None:
    rng = p.rng
    for i in range(p.count(5)):
        variant = i % 3  # 0: same director, 1: same address and phone, 2: director and phone
        city = rng.choice(VN_CITIES[:6])
        director = p.person(city)
        old = p.company(True, city, rng.choice(INDUSTRY_SECTORS), p.f.past_date(), rep=director,
                        director=director)
        died = WINDOW_START + timedelta(days=rng.randint(250, 560))
        old.status, old.deregistered_on = "deregistered", died
        supplier = p.supplier(old.industries[0])
        evidence: list[Evidence] = [old, *p.trade(old, supplier, WINDOW_START + timedelta(
            days=10), died - timedelta(days=20), rng.randint(4, 8))]
        new = _successor(p, old, director if variant != 1 else None, variant > 0,
                         died + timedelta(days=rng.randint(5, 50)))
        start = (new.registered_on or died) + timedelta(days=rng.randint(10, 30))
        evidence += [new, *p.trade(new, supplier, start, min(REFERENCE_DATE, start + timedelta(
            days=120)), rng.randint(4, 8))]
        entities: list[Company | Person] = [old, new]
        if variant != 1:
            entities.append(director)
            evidence += p.roles(director, old) + p.roles(director, new)
        p.suspects.append(new)
        shared = (f"director {director.names['legal']}", "address and phone",
                  f"director {director.names['legal']} and phone")[variant]
        p.record("phoenix",
                 f"{old.names['legal']} deregistered {died}; {new.names['legal']} registered "
                 f"{new.registered_on} with the same {shared}, importing HS "
                 f"{supplier.goods[0].chapter} from the same supplier", entities, evidence)


def _successor(p: Planter, old: Company, director: Person | None, same_phone: bool,
               reborn: date) -> Company:
    """The new company: same director, or else same address; often a similar name."""
    rng = p.rng
    sector = SECTOR_BY_VI[old.parts[1]]
    same_brand = rng.random() < 0.5  # "Minh Phát Steel" reborn as "Minh Phát Metal"
    if same_brand:
        sector = rng.choice([s for s in INDUSTRY_SECTORS if s is not sector and set(
            s.industries) & set(sector.industries)] or TRADING_SECTORS)
    return p.company(True, city_of(old), sector, reborn, rep=director, director=director,
                     address=None if director else old.address,
                     phone=old.phone if same_phone else None,
                     brand=old.parts[2] if same_brand else "")
