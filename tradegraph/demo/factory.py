"""Makes fresh parties with unique identifiers, for the normal world and the planted patterns."""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Sequence
from datetime import date, timedelta
from itertools import accumulate
from typing import TypeVar

from .catalog import INDUSTRIES, INDUSTRY_WEIGHTS, WINDOW_START
from .formats import (
    Phone,
    cccd,
    digits,
    foreign_phone,
    foreign_registration,
    mst,
    passport,
    slug,
    vn_landline,
    vn_mobile,
)
from .model import BUSINESS, TAX, Company, Person
from .names import (
    cn_company_names,
    cn_person_names,
    foreign_company_names,
    hk_company_names,
    romanised_person_names,
    vn_company_names,
    vn_person_names,
)
from .places import Address, building_name, foreign_address, vn_address
from .vocab_foreign import (
    CN_BRANDS,
    CN_CITIES,
    CN_GIVEN,
    CN_SURNAMES,
    JP_GIVEN,
    JP_SURNAMES,
    KR_GIVEN,
    KR_SURNAMES,
    SUPPLIER_COUNTRIES,
    TW_GIVEN,
    TW_SURNAMES,
    ForeignCountry,
)
from .vocab_vn import (
    BRAND_SYLLABLES,
    EMAIL_LOCALS,
    FREE_MAIL,
    GIVEN_FEMALE,
    GIVEN_MALE,
    LEGAL_FORMS,
    MIDDLE_FEMALE,
    MIDDLE_MALE,
    SECTORS,
    SURNAMES,
    LegalForm,
    Sector,
    VnCity,
)
from .vocab_vn import VN_CITIES as CITIES

T = TypeVar("T")
CITY_BY_SHORT = {c.short: c for c in CITIES}
COUNTRY_BY_CODE = {c.code: c for c in SUPPLIER_COUNTRIES}
VN_STYLES = (("ascii", 0.45), ("english", 0.22), ("legal", 0.15), ("upper", 0.1), ("abbrev", 0.08))
FOREIGN_STYLES = (("upper", 0.45), ("english", 0.35), ("legal", 0.1), ("pinyin", 0.05),
                  ("local", 0.05))
INDUSTRY_CUM = tuple(accumulate(INDUSTRY_WEIGHTS[i] for i in INDUSTRIES))
SURNAME_NAMES = tuple(name for name, _ in SURNAMES)
SURNAME_CUM = tuple(accumulate(weight for _, weight in SURNAMES))
BRAND_EXTRAS = ("Global", "International", "Asia", "Pacific", "Tech", "Industrial", "Star", "Union",
                "Prime", "First", "New", "Royal", "United", "Grand", "Golden", "Eastern", "Ocean",
                "Sun", "Alpha", "Delta")
# Sectors weighted so general traders dominate, as in a real importer population.
SECTOR_WEIGHTS = tuple(3.0 if not s.industries else 1.0 for s in SECTORS)


def pick(rng: random.Random, weighted: Sequence[tuple[T, float]]) -> T:
    """A weighted choice from (value, weight) pairs."""
    x = rng.random() * sum(w for _, w in weighted)
    for value, weight in weighted:
        x -= weight
        if x < 0:
            return value
    return weighted[-1][0]


class Pool:
    """Id counters and taken values, shared by every phase so parties never collide by accident."""

    def __init__(self) -> None:
        self.companies = 0
        self.persons = 0
        self.taken: dict[str, set[str]] = defaultdict(set)

    def company_id(self) -> str:
        self.companies += 1
        return f"C{self.companies:06d}"

    def person_id(self) -> str:
        self.persons += 1
        return f"P{self.persons:06d}"

    def claim(self, kind: str, value: str) -> bool:
        if value in self.taken[kind]:
            return False
        self.taken[kind].add(value)
        return True


class Factory:
    def __init__(self, rng: random.Random, pool: Pool) -> None:
        self.rng = rng
        self.pool = pool

    # -- shared attributes -------------------------------------------------------------
    def city(self) -> VnCity:
        return self.rng.choices(CITIES, [c.weight for c in CITIES])[0]

    def address(self, city: VnCity, building: str = "") -> Address:
        while True:
            address = vn_address(self.rng, city, building)
            if self.pool.claim("address", address.key):
                return address

    def building_address(self, city: VnCity) -> Address:
        return self.address(city, building_name(self.rng))

    def phone(self, city: VnCity | None, mobile: bool = False) -> Phone:
        while True:
            phone = vn_mobile(self.rng) if mobile or city is None else vn_landline(
                self.rng, city.area_code)
            if self.pool.claim("phone", phone.dial + phone.national):
                return phone

    def foreign_phone(self, dial: str) -> Phone:
        while True:
            phone = foreign_phone(self.rng, dial)
            if self.pool.claim("phone", phone.dial + phone.national):
                return phone

    def email(self, local: str, domain: str) -> str:
        for n in range(100):
            email = f"{local}{n or ''}@{domain}"
            if self.pool.claim("email", email):
                return email
        raise RuntimeError("no free e-mail address")

    def tax_code(self, city: VnCity) -> str:
        while True:
            code = mst(self.rng, city.tax_prefix)
            if self.pool.claim("tax", code):
                return code

    def past_date(self, latest: date = WINDOW_START - timedelta(days=1)) -> date:
        years = self.rng.expovariate(1 / 7) % 28  # registrations thin out going back to 1998
        return latest - timedelta(days=int(years * 365.25))

    # -- companies ---------------------------------------------------------------------
    def vn_names(self, form: LegalForm, sector: Sector) -> tuple[dict[str, str], str]:
        while True:
            size = 3 if self.rng.random() < 0.15 else 2
            brand = " ".join(self.rng.sample(BRAND_SYLLABLES, size))
            names = vn_company_names(form, sector, brand)
            if self.pool.claim("name", names["ascii"]):
                return names, brand

    def vn_company(self, kind: str = "other", city: VnCity | None = None,
                   sector: Sector | None = None, registered_on: date | None = None,
                   address: Address | None = None, phone: Phone | None = None,
                   form: LegalForm | None = None, brand: str = "") -> Company:
        """A Vietnamese company; a given brand may repeat an existing name (look-alikes)."""
        rng = self.rng
        city = city or self.city()
        sector = sector or rng.choices(SECTORS, SECTOR_WEIGHTS)[0]
        form = form or rng.choices(LEGAL_FORMS, [f.weight for f in LEGAL_FORMS])[0]
        if brand:
            names = vn_company_names(form, sector, brand)
            self.pool.claim("name", names["ascii"])
        else:
            names, brand = self.vn_names(form, sector)
        tax = self.tax_code(city)
        industries = sector.industries or tuple(dict.fromkeys(
            rng.choices(INDUSTRIES, cum_weights=INDUSTRY_CUM, k=rng.choice((1, 1, 2)))))
        domain = rng.choice((f"{slug(brand)}.com.vn", rng.choice(FREE_MAIL)))
        local = rng.choice(EMAIL_LOCALS) if domain.endswith(".vn") else slug(names["short"])[:14]
        styles = tuple(dict.fromkeys(pick(rng, VN_STYLES) for _ in range(rng.randint(1, 3))))
        return Company(
            id=self.pool.company_id(), country="VN", names=names,
            address=address or self.address(city),
            phone=phone or self.phone(city, mobile=rng.random() < 0.2),
            email=self.email(local, domain) if rng.random() < 0.75 else "",
            tax_id=tax, registration_no=tax,
            registered_on=registered_on or self.past_date(), industries=industries, kind=kind,
            has_branch=rng.random() < 0.08, registries=(TAX, BUSINESS), name_styles=styles,
            parts=(form.key, sector.vi, brand),
        )

    def foreign_company(self, country: ForeignCountry, industry: str, kind: str = "supplier",
                        names: dict[str, str] | None = None, brand: str = "") -> Company:
        rng = self.rng
        attempts = 0
        while names is None:
            names, brand = self._foreign_names(country, industry, attempts // 20)
            if not self.pool.claim("name", _without_form(country, names, brand, industry)):
                names, attempts = None, attempts + 1
        domain = f"{slug(brand)}-{slug(industry)[:5]}.{country.code.lower()}"
        styles = tuple(dict.fromkeys(pick(rng, FOREIGN_STYLES) for _ in range(rng.randint(1, 3))))
        return Company(
            id=self.pool.company_id(), country=country.code, names=names,
            address=foreign_address(rng, country, names["english"].split()[0]),
            phone=self.foreign_phone(country.dial),
            email=self.email(rng.choice(("sales", "export", "info", "trade")), domain),
            registration_no=foreign_registration(rng, country.code),
            registered_on=self.past_date(), industries=(industry,), kind=kind,
            name_styles=styles, parts=(country.code, brand, industry),
        )

    def _foreign_names(self, country: ForeignCountry, industry: str, crowded: int
                       ) -> tuple[dict[str, str], str]:
        """Names for a foreign company; `crowded` > 0 widens the brand once combinations run out."""
        rng = self.rng
        if country.code == "CN":
            city, pair = rng.choice(CN_CITIES), rng.choice(CN_BRANDS)
            if crowded:
                extra = rng.choice(CN_BRANDS)
                pair = (pair[0] + extra[0], pair[1] + extra[1].lower())
            return cn_company_names(city, pair, industry, rng.random() < 0.15), pair[1]
        extras = " ".join(rng.sample(BRAND_EXTRAS, min(crowded, 3)))
        if country.code == "HK":
            brand_p = " ".join(filter(None, (rng.choice(CN_BRANDS)[1], extras)))
            return hk_company_names(brand_p, industry, rng.choice(country.forms)), brand_p
        brand = " ".join(filter(None, (rng.choice(country.brands), extras)))
        return foreign_company_names(country, brand, industry, rng.choice(country.forms)), brand

    # -- persons -----------------------------------------------------------------------
    def vn_person(self, city: VnCity | None = None, birth_year: int | None = None) -> Person:
        rng = self.rng
        female = rng.random() < 0.35
        family = rng.choices(SURNAME_NAMES, cum_weights=SURNAME_CUM)[0]
        middle = rng.choice(MIDDLE_FEMALE if female else MIDDLE_MALE)
        given = rng.choice(GIVEN_FEMALE if female else GIVEN_MALE)
        city = city or self.city()
        year = birth_year or rng.randint(1955, 1999)
        born = date(year, rng.randint(1, 12), rng.randint(1, 28))
        while not self.pool.claim("id", number := cccd(rng, city.id_prefix, female, year)):
            pass
        old_id = digits(rng, 9, "0123") if year < 1992 and rng.random() < 0.45 else ""
        return Person(
            id=self.pool.person_id(), nationality="VN",
            names=vn_person_names(family, middle, given), female=female, birth_date=born,
            id_number=number, old_id_number=old_id,
            address=vn_address(rng, city) if rng.random() < 0.6 else None,
            phone=self.phone(None, mobile=True) if rng.random() < 0.35 else None,
            email=self.email(slug(given + family) + str(year % 100), rng.choice(FREE_MAIL))
            if rng.random() < 0.12 else "",
        )

    def foreign_person(self, country: str) -> Person:
        rng = self.rng
        if country == "CN":
            names = cn_person_names(rng.choice(CN_SURNAMES), rng.choice(CN_GIVEN))
        else:
            family, given = {"KR": (KR_SURNAMES, KR_GIVEN), "JP": (JP_SURNAMES, JP_GIVEN)}.get(
                country, (TW_SURNAMES, TW_GIVEN))
            names = romanised_person_names(rng.choice(family), rng.choice(given))
        year = rng.randint(1958, 1992)
        return Person(
            id=self.pool.person_id(), nationality=country, names=names,
            female=rng.random() < 0.3, birth_date=date(year, rng.randint(1, 12),
                                                       rng.randint(1, 28)),
            id_number=passport(rng, country),
            phone=self.phone(None, mobile=True) if rng.random() < 0.3 else None,
        )


def _without_form(country: ForeignCountry, names: dict[str, str], brand: str,
                  industry: str) -> str:
    """The name a foreign company claims: without its legal form, since "Huatai (HK)
    Electronics Ltd." and "... Company Limited" are one name to a registry, to the list
    spellings (vary_suffix) and to the resolver. Chinese names have a fixed form already."""
    if country.code == "CN":
        return names["upper"]
    return f"{country.code} {brand} {industry}".upper()


def supplier_country(rng: random.Random) -> ForeignCountry:
    return rng.choices(SUPPLIER_COUNTRIES, [c.weight for c in SUPPLIER_COUNTRIES])[0]


def city_of(company: Company) -> VnCity:
    return CITY_BY_SHORT.get(company.address.city, CITIES[0])
