"""The normal (non-suspicious) world: companies, people, who runs what, and who trades with whom."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import accumulate

from .catalog import (
    GOODS_BY_INDUSTRY,
    INDUSTRIES,
    PROCEDURES,
    REFERENCE_DATE,
    WINDOW_DAYS,
    WINDOW_START,
    Goods,
    offices,
)
from .factory import (
    COUNTRY_BY_CODE,
    Factory,
    city_of,
    pick,
    supplier_country,
)
from .formats import Phone
from .model import BUSINESS, CUSTOMS_REGISTRY, TAX, Company, Party, Person, Role
from .names import cn_company_names, vn_company_names
from .places import Address
from .vocab_foreign import CN_BRANDS, CN_CITIES, SUPPLIER_COUNTRIES
from .vocab_vn import (
    BRAND_SYLLABLES,
    BROKER_SECTORS,
    LEGAL_FORMS,
    SECTORS,
    VN_CITIES,
    LegalForm,
    Sector,
    VnCity,
)

CN_BRAND_PAIRS = {pinyin: (hanzi, pinyin) for hanzi, pinyin in CN_BRANDS}
FDI_COUNTRIES = ("CN", "KR", "JP", "TW", "HK", "SG")
FORM_BY_KEY = {f.key: f for f in LEGAL_FORMS}
SECTOR_BY_VI = {s.vi: s for s in SECTORS + BROKER_SECTORS}


@dataclass(eq=False)
class SupplierProfile:
    company: Company
    goods: tuple[Goods, ...]
    goods_weights: tuple[float, ...]
    price: dict[str, float]  # hs6 -> this supplier's price level against the market
    currencies: tuple[tuple[str, float], ...]
    origin: str

    def __post_init__(self) -> None:
        self.goods_cum = tuple(accumulate(self.goods_weights))


@dataclass(eq=False)
class TradeProfile:
    company: Company
    weight: float
    suppliers: list[SupplierProfile]
    supplier_weights: list[float]
    brokers: list[Company]
    self_declare: float
    region: str
    offices: dict[str, str]  # transport mode -> usual customs office
    start: date
    end: date
    procedure: str

    def __post_init__(self) -> None:
        self.supplier_cum = tuple(accumulate(self.supplier_weights))


@dataclass
class World:
    companies: list[Company] = field(default_factory=list)
    persons: list[Person] = field(default_factory=list)
    roles: list[Role] = field(default_factory=list)
    importers: list[TradeProfile] = field(default_factory=list)
    suppliers: list[SupplierProfile] = field(default_factory=list)
    brokers: list[Company] = field(default_factory=list)
    lookalikes: list[tuple[Company, Company]] = field(default_factory=list)
    agents: list[tuple[Address, str, list[Company]]] = field(default_factory=list)
    reusable_officers: list[Person] = field(default_factory=list)
    by_industry: dict[str, list[SupplierProfile]] = field(default_factory=dict)
    supplier_of: dict[str, SupplierProfile] = field(default_factory=dict)
    brokers_by_region: dict[str, list[Company]] = field(default_factory=dict)


def build_world(f: Factory, scale: float) -> World:
    world = World()
    _brokers(f, world, max(5, round(40 * scale ** 0.75)))
    _suppliers(f, world, round(620 * scale))
    _cn_lookalikes(f, world, max(1, round(0.005 * len(world.suppliers))))
    for _ in range(round(1300 * scale)):
        _vn_company(f, world, f.rng.random() < 0.68)
    _vn_lookalikes(f, world, max(2, round(0.025 * len(world.companies))))
    _registered_agents(f, world, 1 + int(scale >= 3) + int(scale >= 8))
    return world


# -- officers ------------------------------------------------------------------------------
def add_role(world: World, holder: Party, company: Company, role: str, share: float | None = None,
             since: date | None = None, registries: tuple[str, ...] = (TAX, BUSINESS),
             until: date | None = None) -> Role:
    item = Role(holder, company, role, share, since or company.registered_on, until, registries)
    world.roles.append(item)
    return item


def new_person(f: Factory, world: World, company: Company, nationality: str = "VN") -> Person:
    person = (f.vn_person(city_of(company)) if nationality == "VN"
              else f.foreign_person(nationality))
    world.persons.append(person)
    return person


def add_officers(f: Factory, world: World, company: Company, rep: Person | None = None,
                 director: Person | None = None, owner: Party | None = None,
                 owner_share: float = 100.0) -> list[Role]:
    """Legal representative, director and shareholders, as a registration filing lists them."""
    rep = rep or new_person(f, world, company)
    roles = [add_role(world, rep, company, "legal_representative")]
    director = director or (rep if f.rng.random() < 0.65 else new_person(f, world, company))
    roles += _directors(f, world, company, director)
    holders = [(owner, owner_share)] if owner else []
    if not owner or owner_share < 100:
        holders += _founders(f, world, company, rep, 100.0 - (owner_share if owner else 0.0))
    return roles + [add_role(world, holder, company, "shareholder", share, registries=(BUSINESS,))
                    for holder, share in holders]


def _directors(f: Factory, world: World, company: Company, director: Person) -> list[Role]:
    """The current director (often the legal representative) and, now and then, a former one."""
    registered = company.registered_on or WINDOW_START
    latest = WINDOW_START - timedelta(days=200)
    if f.rng.random() >= 0.08 or registered >= latest - timedelta(days=200):
        return [add_role(world, director, company, "director")]
    changed = registered + timedelta(days=f.rng.randint(200, (latest - registered).days))
    former = new_person(f, world, company)
    return [add_role(world, former, company, "director", until=changed),
            add_role(world, director, company, "director", since=changed)]


def _founders(f: Factory, world: World, company: Company, rep: Person, total: float
              ) -> list[tuple[Party, float]]:
    """Founding shareholders: the representative and, for larger forms, a few partners."""
    rng = f.rng
    form = company.parts[0] if company.parts else "tnhh"
    extra = {"tnhh": rng.randint(0, 2), "cp": rng.randint(2, 3)}.get(form, 0)
    people: list[Party] = [rep]
    people += [new_person(f, world, company) for _ in range(extra)]
    cuts = sorted(rng.sample(range(5, 96, 5), len(people) - 1))
    shares = [b - a for a, b in zip([0, *cuts], [*cuts, 100], strict=True)]
    return [(p, round(total * s / 100, 2)) for p, s in zip(people, shares, strict=True)]


# -- brokers and suppliers -----------------------------------------------------------------
def _brokers(f: Factory, world: World, n: int) -> None:
    hubs = [c for c in VN_CITIES if c.key in ("hcm", "hn", "hp", "dn")]
    for _ in range(n):
        city = f.rng.choices(hubs, (0.5, 0.3, 0.15, 0.05))[0]
        broker = f.vn_company("broker", city, f.rng.choice(BROKER_SECTORS))
        broker.registries = (CUSTOMS_REGISTRY, TAX, BUSINESS)
        world.companies.append(broker)
        world.brokers.append(broker)
        world.brokers_by_region.setdefault(city.region, []).append(broker)
        add_officers(f, world, broker)


def supplier_profile(rng: random.Random, company: Company) -> SupplierProfile:
    goods = GOODS_BY_INDUSTRY[company.industries[0]]
    chosen = tuple(rng.sample(goods, min(len(goods), rng.randint(2, 5))))
    country = COUNTRY_BY_CODE[company.country] if company.country in COUNTRY_BY_CODE else None
    origin = {"HK": "CN", "SG": rng.choice(("CN", "MY", "TH"))}.get(company.country,
                                                                    company.country)
    return SupplierProfile(
        company, chosen, tuple(g.weight for g in chosen),
        {g.hs6: math.exp(rng.uniform(-0.25, 0.25)) for g in chosen},
        country.currencies if country else (("USD", 1.0),), origin,
    )


def _suppliers(f: Factory, world: World, n: int) -> None:
    for _ in range(n):
        country = supplier_country(f.rng)
        _add_supplier(f, world, f.foreign_company(country, f.rng.choice(country.industries)))
    for industry in INDUSTRIES:
        while len(world.by_industry.get(industry, [])) < 3:
            _add_supplier(f, world, f.foreign_company(SUPPLIER_COUNTRIES[0], industry))


def _add_supplier(f: Factory, world: World, company: Company) -> SupplierProfile:
    profile = supplier_profile(f.rng, company)
    register_supplier(world, profile)
    return profile


def register_supplier(world: World, profile: SupplierProfile) -> None:
    world.companies.append(profile.company)
    world.suppliers.append(profile)
    world.supplier_of[profile.company.id] = profile
    for industry in profile.company.industries:
        world.by_industry.setdefault(industry, []).append(profile)


# -- Vietnamese companies and importers ----------------------------------------------------
def _vn_company(f: Factory, world: World, importer: bool, city: VnCity | None = None,
                sector: Sector | None = None, form: LegalForm | None = None, brand: str = "",
                address: Address | None = None, phone: Phone | None = None,
                registered_on: date | None = None) -> Company:
    rng = f.rng
    if registered_on is None and importer and rng.random() < 0.1:
        registered_on = WINDOW_START + timedelta(days=rng.randint(0, 560))
    company = f.vn_company("importer" if importer else "other", city, sector, registered_on,
                           address, phone, form, brand)
    registries = [r for r, p in ((TAX, 0.97), (BUSINESS, 0.93)) if rng.random() < p]
    if rng.random() < (0.96 if importer else 0.15):
        registries.insert(0, CUSTOMS_REGISTRY)
    company.registries = tuple(registries)
    world.companies.append(company)
    if address is None:  # tenants of a business centre are all live companies
        _status(rng, company, importer)
    profile = _trade_profile(f, world, company) if importer else None
    if profile and rng.random() < 0.06:
        _fdi(f, world, company, profile)
    elif world.reusable_officers and rng.random() < 0.04 and company.status == "active":
        rep = world.reusable_officers.pop(rng.randrange(len(world.reusable_officers)))
        add_officers(f, world, company, rep=rep)
    else:
        rep_role = add_officers(f, world, company)[0]
        if company.status == "active" and isinstance(rep_role.holder, Person) \
                and rng.random() < 0.1:
            world.reusable_officers.append(rep_role.holder)
    if rng.random() < 0.03 and len(world.companies) > 50:
        _vn_parent(f, world, company)
    return company


def _status(rng: random.Random, company: Company, importer: bool) -> None:
    roll = rng.random()
    registered = company.registered_on or WINDOW_START
    if roll < (0.05 if importer else 0.11):
        company.status = "deregistered"
        first = max(registered + timedelta(days=400), WINDOW_START + timedelta(days=200))
        if first < REFERENCE_DATE - timedelta(days=30):
            company.deregistered_on = first + timedelta(
                days=rng.randint(0, (REFERENCE_DATE - timedelta(days=30) - first).days))
        else:
            company.status = "active"
    elif roll < (0.07 if importer else 0.15):
        company.status = "suspended"


def _trade_profile(f: Factory, world: World, company: Company) -> TradeProfile:
    rng = f.rng
    wanted = rng.choice((1, 2, 2, 3, 3, 4, 5))
    suppliers: list[SupplierProfile] = []
    for industry in company.industries:
        candidates = world.by_industry.get(industry, [])
        suppliers += rng.sample(candidates, min(len(candidates), wanted))
    suppliers = rng.sample(suppliers, min(len(suppliers), wanted))
    region = city_of(company).region
    local = world.brokers_by_region.get(region) or world.brokers
    brokers = list(dict.fromkeys(rng.choices(local, k=rng.choice((1, 1, 2)))))
    start, end = _activity(rng, company)
    weight = min(60.0, rng.paretovariate(1.16))
    profile = TradeProfile(
        company, min(weight, 2.5) if start > WINDOW_START + timedelta(days=60) else weight,
        suppliers, [1 / (i + 1) for i in range(len(suppliers))], brokers,
        0.7 if rng.random() < 0.15 else 0.03, region,
        {mode: rng.choice(offices(region, mode)).code for mode in ("sea", "air", "post")},
        start, end, pick(rng, PROCEDURES),
    )
    world.importers.append(profile)
    return profile


def _activity(rng: random.Random, company: Company) -> tuple[date, date]:
    registered = company.registered_on or WINDOW_START
    start = max(WINDOW_START, registered + timedelta(days=rng.randint(20, 60)))
    start = min(start, REFERENCE_DATE - timedelta(days=30))
    end = REFERENCE_DATE
    if company.deregistered_on:
        end = company.deregistered_on - timedelta(days=rng.randint(30, 120))
    elif company.status == "suspended":
        end = WINDOW_START + timedelta(days=rng.randint(WINDOW_DAYS // 2, WINDOW_DAYS - 60))
    return start, max(end, start + timedelta(days=30))


def _fdi(f: Factory, world: World, company: Company, profile: TradeProfile) -> None:
    """A subsidiary owned by one of its own foreign suppliers: related, but priced normally."""
    parents = [s.company for s in profile.suppliers if s.company.country in FDI_COUNTRIES]
    if not parents:
        add_officers(f, world, company)
        return
    parent = parents[0]
    parent.registries = (BUSINESS,)
    nationality = parent.country if parent.country in ("CN", "KR", "JP", "TW") else "VN"
    rep = new_person(f, world, company, nationality if f.rng.random() < 0.7 else "VN")
    add_officers(f, world, company, rep=rep, owner=parent,
                 owner_share=f.rng.choice((100.0, 100.0, 90.0, 70.0, 51.0)))


def _vn_parent(f: Factory, world: World, company: Company) -> None:
    parent = world.companies[f.rng.randrange(len(world.companies) - 1)]
    if parent.country == "VN" and parent.kind in ("importer", "other") and parent is not company:
        if BUSINESS not in parent.registries:
            parent.registries = (*parent.registries, BUSINESS)
        add_role(world, parent, company, "shareholder", float(f.rng.choice((30, 40, 51, 60))),
                 registries=(BUSINESS,))


# -- look-alikes and registered agents -----------------------------------------------------
def _vn_lookalikes(f: Factory, world: World, n: int) -> None:
    """Different companies with the same or nearly the same name, in another city."""
    vn = [c for c in world.companies if c.country == "VN" and c.kind in ("importer", "other")
          and c.registries]
    for original in f.rng.sample(vn, min(n, len(vn))):
        twin = _vn_twin(f, world, original)
        if TAX not in twin.registries:  # a twin nobody records would test nothing
            twin.registries = (*twin.registries, TAX)
        world.lookalikes.append((original, twin))


def _cn_lookalikes(f: Factory, world: World, n: int) -> None:
    """Suppliers named alike in two Chinese cities (made before importers pick suppliers)."""
    cn = [s.company for s in world.suppliers
          if s.company.country == "CN" and s.company.parts[1] in CN_BRAND_PAIRS]
    for original in f.rng.sample(cn, min(n, len(cn))):
        world.lookalikes.append((original, _cn_twin(f, world, original)))


def _vn_twin(f: Factory, world: World, original: Company) -> Company:
    rng = f.rng
    form_key, sector_vi, brand = original.parts
    form, sector = FORM_BY_KEY[form_key], SECTOR_BY_VI[sector_vi]
    roll = rng.random()
    if roll < 0.25:
        form = rng.choice([x for x in LEGAL_FORMS if x.key != form_key])
    elif roll < 0.5:
        for syllable in rng.sample(BRAND_SYLLABLES, len(BRAND_SYLLABLES)):
            longer = f"{brand} {syllable}"
            if syllable not in brand.split() and f.pool.claim(
                    "name", vn_company_names(form, sector, longer)["ascii"]):
                brand = longer
                break
    others = [c for c in VN_CITIES[:4] if c.short != original.address.city]
    return _vn_company(f, world, rng.random() < 0.6, city=rng.choice(others), sector=sector,
                       form=form, brand=brand)


def _cn_twin(f: Factory, world: World, original: Company) -> Company:
    _, brand_p, industry = original.parts
    brand = CN_BRAND_PAIRS[brand_p]
    city = f.rng.choice([c for c in CN_CITIES if c[1] not in original.names["english"]])
    names = cn_company_names(city, brand, industry, False)
    f.pool.claim("name", names["upper"])
    twin = f.foreign_company(SUPPLIER_COUNTRIES[0], industry, names=names, brand=brand_p)
    _add_supplier(f, world, twin)
    return twin


def _registered_agents(f: Factory, world: World, n: int) -> None:
    """Business centres hosting many legitimate companies: the shell-cluster false alarm."""
    rng = f.rng
    for i in range(n):
        city = VN_CITIES[i % 2]
        address, phone = f.building_address(city), f.phone(city)
        opened = WINDOW_START + timedelta(days=rng.randint(0, 300))
        tenants = []
        for _ in range(rng.randint(8, 13)):
            registered = opened + timedelta(days=rng.randint(0, 330))
            tenant = _agent_tenant(f, world, city, address, registered,
                                   phone if rng.random() < 0.5 else None)
            tenants.append(tenant)
        note = (f"Business centre and registered agent; reception phone "
                f"+{phone.dial} {phone.area} {phone.subscriber}")
        world.agents.append((address, note, tenants))


def _agent_tenant(f: Factory, world: World, city: VnCity, address: Address, registered: date,
                  phone: Phone | None) -> Company:
    importer = f.rng.random() < 0.35
    company = _vn_company(f, world, importer, city=city, address=address, phone=phone,
                          registered_on=registered)
    for profile in world.importers[-1:]:
        if profile.company is company:
            profile.weight = min(profile.weight, 2.5)
    return company
