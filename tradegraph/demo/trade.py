"""Declarations: the normal daily flow of imports, and how one goods item is written down."""

from __future__ import annotations

import math
import random
from collections.abc import Iterator
from datetime import date, timedelta
from itertools import accumulate

from .catalog import (
    AIRLINES,
    FX_USD_PER_UNIT,
    REMEDY_PAIRS,
    VESSELS,
    WHOLE_CURRENCIES,
    WINDOW_DAYS,
    WINDOW_START,
    Goods,
)
from .factory import pick
from .formats import (
    container_no,
    draw,
    draw_weighted,
    render_email,
    render_mst,
    render_phone,
)
from .model import Company, Declaration
from .names import render_name
from .places import ABBREVIATED, ASCII_UPPER, ENGLISH_SHORT, OFFICIAL
from .world import SupplierProfile, TradeProfile, World

DECLARATION_COLUMNS = (
    "record_id", "date", "office", "procedure", "hs_code", "description", "origin_country",
    "departure_country", "transport_mode", "vessel", "container_no", "quantity", "quantity_unit",
    "net_mass_kg", "customs_value", "currency", "importer_name", "importer_tax_id",
    "importer_address", "importer_country", "importer_phone", "importer_email", "exporter_name",
    "exporter_address", "exporter_country", "declarant_name", "declarant_tax_id",
)
WEEKDAY_LOAD = (1.15, 1.15, 1.15, 1.15, 1.15, 0.6, 0.25)
TRANSSHIPMENT_HUBS = ("SG", "HK", "MY")
ITEMS, ITEMS_CUM = (1, 2, 3, 4), (0.7, 0.85, 0.95, 1.0)  # goods items per declaration


def shipment(rng: random.Random, goods: Goods, value_usd: float, price_level: float = 1.0
             ) -> tuple[float, float, float]:
    """Quantity, net mass and value for about `value_usd` of goods at the given price level."""
    unit_usd = goods.usd_per_unit * price_level * math.exp(rng.uniform(-0.22, 0.22))
    quantity = max(1.0, float(round(value_usd / unit_usd)))
    mass = quantity * goods.kg_per_unit
    if goods.unit != "KGM":
        mass *= rng.uniform(0.97, 1.03)
    return quantity, max(0.001, round(mass, 3)), quantity * unit_usd


def transport(rng: random.Random, goods: Goods, supplier: Company, region: str,
              small: bool) -> str:
    if small:
        return rng.choice(("post", "air"))
    if goods.usd_per_kg >= 80 and rng.random() < 0.55:
        return "air"
    if supplier.country == "CN" and region == "north":
        roll = rng.random()
        return "road" if roll < 0.25 else "rail" if roll < 0.3 else "sea"
    return "sea"


def route(rng: random.Random, supplier: SupplierProfile, goods: Goods) -> tuple[str, str]:
    """Origin and departure country; transshipment never touches goods under trade remedies."""
    origin = supplier.origin
    country = supplier.company.country
    departure = country if rng.random() < 0.7 else origin
    if rng.random() < 0.06:
        departure = rng.choice([h for h in TRANSSHIPMENT_HUBS if h != origin])
    chapter = goods.chapter
    if {(origin, chapter), (country, chapter), (departure, chapter)} & REMEDY_PAIRS:
        departure = origin
    return origin, departure


class DailyFlow:
    """Draws each day's normal declarations, so the file is written as a stream."""

    def __init__(self, world: World, rng: random.Random, rows: int) -> None:
        self.world = world
        self.rng = rng
        self.importers = world.importers
        self.cum_weights = list(accumulate(p.weight for p in self.importers))
        load = [WEEKDAY_LOAD[(WINDOW_START + timedelta(days=i)).weekday()]
                for i in range(WINDOW_DAYS)]
        self.per_load = rows / sum(load)
        self.carry = 0.0

    def days(self) -> Iterator[tuple[date, list[list[Declaration]]]]:
        for i in range(WINDOW_DAYS):
            day = WINDOW_START + timedelta(days=i)
            self.carry += self.per_load * WEEKDAY_LOAD[day.weekday()]
            rows = int(self.carry)
            self.carry -= rows
            yield day, self._day(day, rows)

    def _day(self, day: date, rows: int) -> list[list[Declaration]]:
        declarations = []
        while rows > 0 and self.importers:
            profile = self._importer(day)
            items = min(rows, draw_weighted(self.rng, ITEMS, ITEMS_CUM))
            declarations.append(self._declaration(day, profile, items))
            rows -= items
        return declarations

    def _importer(self, day: date) -> TradeProfile:
        for _ in range(20):
            profile = draw_weighted(self.rng, self.importers, self.cum_weights)
            if profile.start <= day <= profile.end:
                return profile
        return profile

    def _declaration(self, day: date, profile: TradeProfile, items: int) -> list[Declaration]:
        rng = self.rng
        supplier = draw_weighted(rng, profile.suppliers, profile.supplier_cum)
        small = rng.random() < 0.03
        # Only parcels fall below 1,000 USD per item, so split shipments stay the exception.
        total = rng.uniform(30, 700) if small else min(1.5e6, max(
            1600.0 * items, rng.lognormvariate(9.8, 1.0)))  # median about 18,000 USD
        declarant = None if rng.random() < profile.self_declare else draw(rng, profile.brokers)
        chosen = [draw_weighted(rng, supplier.goods, supplier.goods_cum) for _ in range(items)]
        currency = "VND" if rng.random() < 0.02 else pick(rng, supplier.currencies)
        mode = transport(rng, chosen[0], supplier.company, profile.region, small)
        office = profile.offices.get(mode) or ("15BB" if mode == "road" else "15SI")
        procedure = profile.procedure if rng.random() < 0.8 else "A11"
        vessel, container = carrier(rng, mode)
        declarations = []
        for goods in chosen:
            quantity, mass, value_usd = shipment(rng, goods, total / items,
                                                 supplier.price[goods.hs6])
            origin, departure = route(rng, supplier, goods)
            declarations.append(Declaration(
                day, profile.company, supplier.company, declarant, goods,
                draw(rng, goods.codes), origin, departure, mode, office, procedure,
                quantity, mass, value_usd, currency, vessel, container))
        return declarations


def carrier(rng: random.Random, mode: str) -> tuple[str, str]:
    """Vessel (or flight) and container number."""
    if mode == "sea":
        voyage = f"V.{100 + int(rng.random() * 900)}{draw(rng, 'NS')}"
        return f"{draw(rng, VESSELS)} {voyage}", container_no(rng)
    if mode == "air":
        return f"{draw(rng, AIRLINES)}{100 + int(rng.random() * 900)}", ""
    return "", ""


# -- rendering -----------------------------------------------------------------------------
def number(value: float) -> str:
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return text or "0"


def customs_value(value_usd: float, currency: str) -> str:
    amount = value_usd / FX_USD_PER_UNIT[currency]
    return str(round(amount)) if currency in WHOLE_CURRENCIES else f"{amount:.2f}"


def _maybe(rng: random.Random, p: float, value: str) -> str:
    return value if value and rng.random() < p else ""


def party_name(rng: random.Random, company: Company, typo_p: float = 0.02) -> str:
    return render_name(rng, company.names, rng.choice(company.name_styles), typo_p)


class DeclarationRenderer:
    """Writes declaration items as declarants type them.

    A broker keeps each client's details on file, so every party gets a few saved spellings
    (names, tax id formats, addresses, phones) that its declarations then reuse.
    """

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.saved: dict[str, tuple[tuple[str, ...], ...]] = {}

    def _spellings(self, c: Company) -> tuple[tuple[str, ...], ...]:
        if c.id not in self.saved:
            rng = self.rng
            self.saved[c.id] = (
                tuple(party_name(rng, c, 0.04) for _ in range(3)),
                tuple(render_mst(rng, c.tax_id, c.has_branch) if c.tax_id else "" for _ in "ab"),
                tuple(c.address.variants[rng.choice((ASCII_UPPER, ASCII_UPPER, ABBREVIATED,
                                                     OFFICIAL, ENGLISH_SHORT))] for _ in "ab"),
                tuple(render_phone(rng, c.phone) for _ in "ab"),
                (render_email(rng, c.email),),
            )
        return self.saved[c.id]

    def importer_fields(self, c: Company, country: str) -> list[str]:
        """Name, tax id, address, country, phone and e-mail of the importer."""
        rng = self.rng
        names, taxes, addresses, phones, emails = self._spellings(c)
        return [
            names[0] if rng.random() < 0.7 else draw(rng, names),
            _maybe(rng, 0.92, draw(rng, taxes)), _maybe(rng, 0.55, draw(rng, addresses)),
            _maybe(rng, 0.85, country), _maybe(rng, 0.35, draw(rng, phones)),
            _maybe(rng, 0.15, emails[0]),
        ]

    def row(self, record_id: str, d: Declaration) -> list[str]:
        rng = self.rng
        importer = self.importer_fields(d.importer, d.importer_country)
        for i, key in enumerate(("name", "tax_id", "address", "country", "phone", "email")):
            if key in d.declared:
                importer[i] = d.declared[key]
        exporter = self._spellings(d.exporter)
        declarant = d.declarant or d.importer
        if d.declarant or rng.random() < 0.9:
            declarant_names, declarant_taxes = self._spellings(declarant)[:2]
            declaration = [draw(rng, declarant_names),
                           _maybe(rng, 0.9, declarant.tax_id)]
        else:
            declaration = ["", ""]
        return [
            record_id, d.date.isoformat(), d.office, d.procedure, d.hs_code,
            d.goods.description + (", mới 100%" if rng.random() < 0.5 else ""),
            d.origin, _maybe(rng, 0.96, d.departure), d.transport, d.vessel, d.container,
            number(d.quantity), d.goods.unit, number(d.net_mass),
            customs_value(d.value_usd, d.currency), d.currency, *importer,
            draw(rng, exporter[0]), _maybe(rng, 0.7, exporter[2][0]),
            _maybe(rng, 0.95, d.exporter.country), *declaration,
        ]
