"""Shared tools for planting: new suspects, their declarations, and the instance record."""

from __future__ import annotations

import math
import random
from collections import defaultdict
from collections.abc import Sequence
from datetime import date, timedelta

from ..catalog import (
    GOODS,
    GOODS_BY_HS6,
    REFERENCE_DATE,
    WINDOW_START,
    Goods,
    offices,
)
from ..factory import COUNTRY_BY_CODE, Factory, Pool, city_of
from ..formats import Phone
from ..model import (
    BUSINESS,
    CUSTOMS_REGISTRY,
    TAX,
    Case,
    Company,
    Declaration,
    Evidence,
    Instance,
    Party,
    Person,
    Role,
    WatchEntry,
)
from ..places import Address
from ..trade import carrier, route, shipment, transport
from ..vocab_vn import SECTORS, Sector, VnCity
from ..world import (
    SupplierProfile,
    TradeProfile,
    World,
    add_officers,
    register_supplier,
    supplier_profile,
)

TYPOLOGIES = (
    "shell-cluster", "shared-contact", "shared-director", "phoenix", "circular-trade",
    "origin-laundering", "undervaluation", "related-party-undervaluation", "split-shipments",
    "sanctions-proximity", "seizure-proximity", "new-high-volume", "broker-hub",
    "identity-change",
)
INDUSTRY_SECTORS = tuple(s for s in SECTORS if s.industries)
MEAN_DECLARATION_USD = 30000.0  # mean of the normal flow's value distribution


class Planter:
    def __init__(self, world: World, pool: Pool, rng: random.Random, scale: float,
                 rows: int) -> None:
        self.world = world
        self.f = Factory(rng, pool)
        self.rng = rng
        self.scale = scale
        self.rows = rows
        self.declarations: list[Declaration] = []
        self.watchlist: list[WatchEntry] = []
        self.cases: list[Case] = []
        self.instances: list[Instance] = []
        self.suspects: list[Company] = []  # planted importers, candidates for a broker hub
        self.offices: dict[tuple[str, str], str] = {}  # (importer, mode) -> its usual office
        self.brokers: dict[str, Company] = {}  # importer -> its usual broker
        self.officers: dict[str, list[Role]] = {}
        self.normal_importers = list(world.importers)
        rng.shuffle(self.normal_importers)
        self.goods_by_volume = goods_by_volume(world)

    def count(self, base: float) -> int:
        return max(1, round(base * self.scale))

    def day(self, earliest: int = 0, latest: int = 729) -> date:
        return WINDOW_START + timedelta(days=self.rng.randint(earliest, latest))

    # -- parties -------------------------------------------------------------------------
    def person(self, city: VnCity | None = None, nationality: str = "VN") -> Person:
        person = self.f.vn_person(city) if nationality == "VN" else self.f.foreign_person(
            nationality)
        self.world.persons.append(person)
        return person

    def company(self, importing: bool = True, city: VnCity | None = None,
                sector: Sector | None = None, registered_on: date | None = None,
                rep: Person | None = None, director: Person | None = None,
                owner: Party | None = None, address: Address | None = None,
                phone: Phone | None = None, brand: str = "") -> Company:
        """A planted Vietnamese company, known to every register, with its officers."""
        company = self.f.vn_company(
            "importer" if importing else "other", city,
            sector or self.rng.choice(INDUSTRY_SECTORS), registered_on or self.f.past_date(),
            address, phone, brand=brand)
        company.registries = ((CUSTOMS_REGISTRY,) if importing else ()) + (TAX, BUSINESS)
        self.world.companies.append(company)
        self.officers[company.id] = add_officers(self.f, self.world, company, rep, director,
                                                 owner)
        return company

    def roles(self, holder: Party, company: Company) -> list[Role]:
        return [r for r in self.officers.get(company.id, []) if r.holder is holder]

    def supplier(self, industry: str, country: str = "") -> SupplierProfile:
        """An existing foreign supplier of the industry (from the country), else a new one."""
        found = [s for s in self.world.by_industry.get(industry, [])
                 if not country or s.company.country == country]
        if found:
            return self.rng.choice(found)
        return self.new_supplier(industry, country or "CN")

    def new_supplier(self, industry: str, country: str, registries: tuple[str, ...] = ()
                     ) -> SupplierProfile:
        company = self.f.foreign_company(COUNTRY_BY_CODE[country], industry)
        company.registries = registries
        profile = supplier_profile(self.rng, company)
        register_supplier(self.world, profile)
        return profile

    def normal_importer(self, industry: str = "", busy: bool = False) -> TradeProfile:
        """An unused normal importer (in random order) fit for the part; each plays one part."""
        for i, p in enumerate(self.normal_importers):
            if _fits(p, industry, busy):
                return self.normal_importers.pop(i)
        return self.normal_importers.pop()

    def broker(self, company: Company) -> Company:
        region = city_of(company).region if company.country == "VN" else "south"
        return self.rng.choice(self.world.brokers_by_region.get(region) or self.world.brokers)

    # -- declarations --------------------------------------------------------------------
    def declare(self, day: date, importer: Company, exporter: Company, goods: Goods,
                value_usd: float | None = None, *, price_level: float = 1.0,
                exact_value: bool = False, mode: str = "", declarant: Company | None = None,
                origin: str = "", departure: str = "", currency: str = "", procedure: str = "",
                office: str = "", declared: dict[str, str] | None = None) -> Declaration:
        """A declaration like the normal flow's, except where the arguments say otherwise."""
        rng = self.rng
        day = min(max(day, WINDOW_START), REFERENCE_DATE)
        target = value_usd or min(8e5, max(2500.0, rng.lognormvariate(math.log(25000), 0.8)))
        quantity, mass, value = shipment(rng, goods, target, price_level)
        region = city_of(importer).region if importer.country == "VN" else "south"
        mode = mode or transport(rng, goods, exporter, region, False)
        office = office or self.offices.setdefault(
            (importer.id, mode), rng.choice(offices(region, mode)).code)
        profile = self.world.supplier_of.get(exporter.id)
        usual_origin, usual_departure = route(rng, profile, goods) if profile else (
            exporter.country, exporter.country)
        vessel, container = carrier(rng, mode)
        d = Declaration(
            day, importer, exporter, declarant or self._usual_broker(importer), goods,
            rng.choice(goods.codes), origin or usual_origin, departure or usual_departure, mode,
            office, procedure or rng.choice(("A11", "A11", "A41")), quantity, mass,
            target if exact_value else value,
            currency or (profile.currencies[0][0] if profile else "USD"), vessel, container,
            importer_country=importer.country, declared=declared or {}, planted=True,
        )
        self.declarations.append(d)
        return d

    def _usual_broker(self, importer: Company) -> Company:
        if importer.id not in self.brokers:
            self.brokers[importer.id] = self.broker(importer)
        return self.brokers[importer.id]

    def trade(self, importer: Company, supplier: SupplierProfile, first: date, last: date,
              n: int, declarant: Company | None = None) -> list[Declaration]:
        """`n` ordinary-looking declarations spread between two dates."""
        span = max(0, (last - first).days)
        days = sorted(first + timedelta(days=self.rng.randint(0, span)) for _ in range(n))
        return [self.declare(d, importer, supplier.company, self.goods_of(supplier),
                             declarant=declarant) for d in days]

    def goods_of(self, supplier: SupplierProfile) -> Goods:
        return self.rng.choices(supplier.goods, supplier.goods_weights)[0]

    # -- recording -----------------------------------------------------------------------
    def record(self, typology: str, note: str, entities: Sequence[Party],
               evidence: Sequence[Evidence], sources: tuple[str, ...] = ()) -> Instance:
        assert typology in TYPOLOGIES
        instance = Instance(typology, note, list(dict.fromkeys(entities)),
                            list(dict.fromkeys(evidence)), sources)
        self.instances.append(instance)
        return instance


def _fits(p: TradeProfile, industry: str, busy: bool) -> bool:
    """Active, in the industry, and (if busy) trading all along with a steady flow."""
    if p.company.status != "active" or (industry and industry not in p.company.industries):
        return False
    steady = p.start <= WINDOW_START + timedelta(30) and p.end == REFERENCE_DATE
    return not busy or (p.weight >= 2 and steady)


def goods_by_volume(world: World) -> list[Goods]:
    """HS6 codes, the ones the normal flow declares most first (their peer groups are large)."""
    expected: dict[str, float] = defaultdict(float)
    total = sum(p.weight for p in world.importers) or 1.0
    for p in world.importers:
        sup_total = sum(p.supplier_weights)
        for s, sw in zip(p.suppliers, p.supplier_weights, strict=True):
            goods_total = sum(s.goods_weights)
            for g, gw in zip(s.goods, s.goods_weights, strict=True):
                expected[g.hs6] += p.weight / total * sw / sup_total * gw / goods_total
    ranked = [GOODS_BY_HS6[h] for h in sorted(expected, key=lambda h: -expected[h])]
    return ranked + [g for g in GOODS if g not in ranked]

