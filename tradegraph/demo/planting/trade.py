"""Patterns visible in the declarations: loops, false origins, prices, splits, sudden changes."""

from __future__ import annotations

from datetime import date, timedelta

from ..catalog import (
    GOODS,
    GOODS_BY_HS6,
    INDUSTRIES,
    REFERENCE_DATE,
    TRADE_REMEDIES,
    offices,
)
from ..factory import COUNTRY_BY_CODE, city_of
from ..formats import render_phone, slug
from ..model import BUSINESS, Company, Declaration, Evidence, Party
from ..names import render_name
from ..vocab_foreign import HUB_COUNTRIES
from ..vocab_vn import VN_CITIES, Sector
from ..world import add_role
from .base import INDUSTRY_SECTORS, MEAN_DECLARATION_USD, Planter

LOOP_GOODS = ("851713", "847130", "854231", "851762")


def _sector_for(p: Planter, industry: str) -> Sector:
    return p.rng.choice([s for s in INDUSTRY_SECTORS if industry in s.industries]
                        or INDUSTRY_SECTORS)


def _days(p: Planter, first: date, span: int, n: int) -> list[date]:
    return sorted(first + timedelta(days=p.rng.randint(0, span)) for _ in range(n))


def plant_circular_trade(p: Planter) -> None:
    rng = p.rng
    for _ in range(p.count(4)):
        size = rng.randint(3, 5)
        hubs = rng.sample(HUB_COUNTRIES, 1 if size == 3 else rng.choice((1, 2)))
        foreign = [p.f.foreign_company(COUNTRY_BY_CODE[h], "electronics") for h in hubs]
        p.world.companies.extend(foreign)
        local = [p.company(True, sector=_sector_for(p, "electronics"))
                 for _ in range(size - len(foreign))]
        members: list[Company] = local[:1] + foreign[:1] + local[1:] + foreign[1:]
        goods = GOODS_BY_HS6[rng.choice(LOOP_GOODS)]
        origin = rng.choice(("CN", "KR", "TW"))
        value = rng.uniform(1.2e5, 5e5)
        day = p.day(30, 560)
        loop: list[Declaration] = []
        for _round in range(2):
            for hop, exporter in enumerate(members):
                importer = members[(hop + 1) % size]
                day += timedelta(days=rng.randint(4, 12))
                value *= rng.uniform(1.01, 1.05)
                loop.append(p.declare(
                    day, importer, exporter, goods, value, exact_value=True, origin=origin,
                    departure=exporter.country, currency="USD",
                    procedure="C11" if importer.country != "VN" else "A41"))
        p.suspects.extend(local)
        countries = sorted({m.country for m in members})
        p.record("circular-trade",
                 f"HS {goods.hs6} goes round a {size}-party loop across {', '.join(countries)} "
                 f"twice between {loop[0].date} and {loop[-1].date}",
                 list(members), list(loop))


def plant_origin_laundering(p: Planter) -> None:
    rng = p.rng
    remedies = [(ch, measure) for country, ch, measure in TRADE_REMEDIES if country == "CN"]
    for i in range(p.count(5)):
        chapter, measure = remedies[i % len(remedies)]
        goods = rng.choice([g for g in GOODS if g.chapter == chapter])
        origin = rng.choice(("MY", "TH", "ID"))
        if i % 3 == 2:  # a Hong Kong trader ships Chinese goods and declares another origin
            exporter = p.new_supplier(goods.industry, "HK").company
            departure = "CN"
        else:
            exporter = p.supplier(goods.industry, "CN").company
            departure = rng.choice([c for c in ("MY", "SG", "TH", "ID") if c != origin])
        if rng.random() < 0.6:
            importer = p.normal_importer(goods.industry).company
        else:
            importer = p.company(True, sector=_sector_for(p, goods.industry))
            p.suspects.append(importer)
        found = [p.declare(day, importer, exporter, goods, origin=origin, departure=departure,
                           mode="sea")
                 for day in _days(p, p.day(0, 560), 150, rng.randint(3, 6))]
        p.record("origin-laundering",
                 f"HS {goods.hs6} from {exporter.country} exporter declared origin {origin}, "
                 f"shipped from {departure}; {measure} on chapter {chapter} from CN",
                 [importer, exporter], list(found))


def plant_undervaluation(p: Planter) -> None:
    rng = p.rng
    popular = p.goods_by_volume[:6]
    for i in range(p.count(5)):
        goods = popular[i % len(popular)]
        sellers = [s for s in p.world.by_industry.get(goods.industry, []) if goods in s.goods]
        supplier = rng.choice(sellers) if sellers else p.new_supplier(goods.industry, "CN")
        if rng.random() < 0.5:
            importer = p.normal_importer(goods.industry).company
        else:
            importer = p.company(True, sector=_sector_for(p, goods.industry))
            p.suspects.append(importer)
        found = [p.declare(day, importer, supplier.company, goods,
                           price_level=rng.uniform(0.06, 0.18))
                 for day in _days(p, p.day(0, 400), 320, rng.randint(3, 7))]
        p.record("undervaluation",
                 f"{len(found)} declarations of HS {goods.hs6} at 6-18% of the usual unit value",
                 [importer], list(found))


def plant_related_party_undervaluation(p: Planter) -> None:
    rng = p.rng
    for i in range(p.count(4)):
        country = rng.choice(("CN", "HK", "KR", "SG", "TW"))
        industry = rng.choice(("electronics", "garment", "machinery", "cosmetics"))
        exporter = p.new_supplier(industry, country, registries=(BUSINESS,)).company
        director = p.person(nationality=country if country in ("CN", "KR", "TW") else "VN")
        owned = i % 2 == 0
        importer = p.company(True, sector=_sector_for(p, industry),
                             rep=director, director=director, owner=exporter if owned else None)
        links: list[Evidence] = [add_role(p.world, director, exporter, "director",
                                          registries=(BUSINESS,))]
        links += p.roles(director, importer) + (p.roles(exporter, importer) if owned else [])
        chosen = next(g for g in p.goods_by_volume if g.industry == industry)
        found = [p.declare(day, importer, exporter, chosen, price_level=rng.uniform(0.08, 0.2))
                 for day in _days(p, p.day(0, 500), 220, rng.randint(4, 7))]
        p.suspects.append(importer)
        how = "owns the importer and shares" if owned else "shares"
        p.record("related-party-undervaluation",
                 f"Exporter {exporter.names['english']} {how} director "
                 f"{director.names['legal']} with importer; HS {chosen.hs6} at 8-20% of usual",
                 [importer, exporter, director], [*links, *found])


def plant_split_shipments(p: Planter) -> None:
    rng = p.rng
    for i in range(p.count(5)):
        industry = rng.choice(("electronics", "cosmetics", "toys", "garment"))
        supplier = p.supplier(industry, "CN")
        goods = min(supplier.goods, key=lambda g: g.usd_per_unit)
        importers: list[Company]
        if i % 3 == 2:  # two fronts sharing a phone split the consignments between them
            first = p.company(True, sector=_sector_for(p, industry))
            importers = [first, p.company(True, sector=_sector_for(p, industry),
                                          phone=first.phone)]
            for front in importers:
                front.phone_on_record = True  # the phone they share is what ties them
        elif i % 3 == 1:
            importers = [p.normal_importer(industry).company]
        else:
            importers = [p.company(True, sector=_sector_for(p, industry))]
        p.suspects.extend(c for c in importers if c.kind == "importer")
        found = [p.declare(day, importers[j % len(importers)], supplier.company, goods,
                           rng.uniform(880, 990), exact_value=True,
                           mode=rng.choice(("post", "air")),
                           currency=rng.choice(("USD", "USD", "CNY")))
                 for j, day in enumerate(_days(p, p.day(10, 715), 6, rng.randint(4, 7)))]
        p.record("split-shipments",
                 f"{len(found)} consignments of HS {goods.hs6} from one exporter within 7 days, "
                 f"each just under 1,000 USD", [*importers, supplier.company], list(found))


def plant_new_high_volume(p: Planter) -> None:
    rng = p.rng
    weights = [i.weight for i in p.world.importers] or [1.0]
    biggest = max(weights) / sum(weights) * p.rows * MEAN_DECLARATION_USD
    for i in range(p.count(4)):
        industry = rng.choice(("electronics", "machinery", "steel", "plastics"))
        dormant = i % 3 == 2  # an old shelf company that suddenly starts importing
        registered = p.f.past_date() if dormant else REFERENCE_DATE - timedelta(
            days=rng.randint(60, 150))
        importer = p.company(True, sector=_sector_for(p, industry),
                             registered_on=registered)
        first = max(registered + timedelta(days=10), REFERENCE_DATE - timedelta(days=85))
        n = rng.randint(10, 18)
        supplier = p.supplier(industry)
        found = [p.declare(day, importer, supplier.company, p.goods_of(supplier),
                           1.6 * biggest / n * rng.uniform(0.8, 1.25))
                 for day in _days(p, first, (REFERENCE_DATE - first).days, n)]
        p.suspects.append(importer)
        total = sum(d.value_usd for d in found)
        p.record("new-high-volume",
                 f"First declaration {found[0].date}; {n} declarations worth "
                 f"{total / 1e6:.1f} M USD in under 90 days",
                 [importer], [importer, *found])


def plant_identity_change(p: Planter) -> None:
    rng = p.rng
    for _ in range(p.count(5)):
        profile = p.normal_importer(busy=True)
        known = profile.company
        industry = rng.choice([x for x in INDUSTRIES if x not in known.industries])
        supplier = p.supplier(industry)
        broker = rng.choice([b for b in p.world.brokers if b not in profile.brokers])
        region = city_of(known).region
        office = rng.choice([o for r in ("south", "north", "central") if r != region
                             for o in offices(r, "sea")]).code
        city = rng.choice([c for c in VN_CITIES if c.short != known.address.city])
        phone = p.f.phone(None, mobile=True)
        address = p.f.address(city)
        email = p.f.email(slug(known.parts[2] or known.names["short"])[:10] + "vn", "gmail.com")
        declared = {"name": render_name(rng, known.names, known.name_styles[0], 0),
                    "tax_id": known.tax_id, "address": address.variants[2],
                    "phone": render_phone(rng, phone), "email": email}
        found = [p.declare(day, known, supplier.company, p.goods_of(supplier), declarant=broker,
                           office=office, declared=dict(declared))
                 for day in _days(p, REFERENCE_DATE - timedelta(days=60), 58, rng.randint(2, 4))]
        entities: list[Party] = [known]
        p.record("identity-change",
                 f"{known.names['legal']} suddenly declared with new phone, e-mail, address in "
                 f"{city.short}, broker {broker.names['legal']}, office {office} and HS "
                 f"{found[0].goods.chapter}", entities, list(found))
