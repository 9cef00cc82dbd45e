"""Addresses, each pre-rendered in the spellings sources use (full, abbreviated, ASCII, English)."""

from __future__ import annotations

import random
from dataclasses import dataclass

from .formats import ascii_text
from .vocab_foreign import CN_CITIES, CN_DISTRICTS, CN_STREETS, ForeignCountry
from .vocab_vn import VnCity

# Index into Address.variants, by how a source writes addresses.
OFFICIAL, ABBREVIATED, ASCII_UPPER, ENGLISH, ENGLISH_SHORT = range(5)

_UNITS = (
    ("Thành phố ", "TP. ", "City"), ("Thị xã ", "TX. ", "Town"), ("Thị trấn ", "TT. ", "Town"),
    ("Phường ", "P. ", "Ward"), ("Quận ", "Q. ", "District"), ("Huyện ", "H. ", "District"),
    ("Xã ", "X. ", "Commune"), ("Tỉnh ", "", "Province"),
)
_ZONES = (("Khu công nghiệp ", "KCN ", "Industrial Park"),
          ("Khu chế xuất ", "KCX ", "Export Processing Zone"))
_BUILDINGS = ("Bitexco", "Saigon Centre", "Vincom Center", "Lotte Center", "Charmvit",
              "Capital Tower", "Indochina Plaza", "Pearl Plaza", "Sun Wah", "Harbour View")


@dataclass(frozen=True)
class Address:
    country: str
    city: str
    city_variants: tuple[str, ...]
    postcode: str
    variants: tuple[str, ...]

    @property
    def key(self) -> str:
        return self.variants[OFFICIAL]


def _unit(name: str) -> tuple[str, str]:
    """Abbreviated and English spelling of a ward, district or city name."""
    for prefix, short, english in _UNITS + _ZONES:
        if name.startswith(prefix):
            rest = name[len(prefix):]
            if rest.isdigit():
                return short.strip() + rest, f"{english} {rest}"
            return short + rest, f"{ascii_text(rest)} {english}"
    return name, ascii_text(name)


def _short_english(text: str) -> str:
    for long, short in ((" Street", " St."), ("District ", "Dist. "), (" District", " Dist."),
                        ("Ho Chi Minh City", "HCMC"), (" Industrial Park", " IP")):
        text = text.replace(long, short)
    return text


def vn_address(rng: random.Random, city: VnCity, building: str = "") -> Address:
    district = rng.choice(city.districts)
    ward = rng.choice(district.wards)
    number = rng.choice((str(rng.randint(1, 480)), f"{rng.randint(2, 300)}/{rng.randint(1, 40)}",
                         f"{rng.randint(1, 250)}{rng.choice('ABC')}"))
    number = str(rng.randint(1, 300)) if building else number  # towers stand on main streets
    street = rng.choice(city.streets)
    park = rng.choice(city.parks) if city.parks and not building and rng.random() < 0.15 else ""
    if park:
        lot = f"Lô {rng.choice('ABCDE')}{rng.randint(1, 30)}"
        head = (f"{lot}, {park}", f"{lot}, {_unit(park)[0]}",
                f"Lot {lot[3:]}, {_unit(park)[1]}", f"Lo {lot[3:]}, {ascii_text(_unit(park)[0])}")
    else:
        floor = f"Tầng {rng.randint(2, 25)}, Tòa nhà {building}, " if building else ""
        floor_en = f"Floor {floor.split(',')[0][5:]}, {building} Building, " if building else ""
        head = (f"{floor}Số {number} Đường {street}", f"{floor}{number} Đ. {street}",
                f"{floor_en}{number} {ascii_text(street)} Street",
                f"{ascii_text(floor)}{number} D. {ascii_text(street)}")
    w_abbr, w_en = _unit(ward)
    d_abbr, d_en = _unit(district.name)
    official = f"{head[0]}, {ward}, {district.name}, {city.official}"
    abbreviated = f"{head[1]}, {w_abbr}, {d_abbr}, {city.abbr}"
    english = f"{head[2]}, {w_en}, {d_en}, {city.english}"
    ascii_upper = ", ".join((head[3], *(ascii_text(x) for x in (w_abbr, d_abbr, city.abbr))))
    ascii_upper = ascii_upper.upper()
    return Address(
        "VN", city.short,
        (city.short, city.official, city.abbr, ascii_text(city.short).upper(), city.english),
        city.postcode if rng.random() < 0.5 else city.postcode[:5],
        (official, abbreviated, ascii_upper, english, _short_english(english)),
    )


def building_name(rng: random.Random) -> str:
    return rng.choice(_BUILDINGS)


def _abbreviate(text: str) -> str:
    for long, short in (("Road", "Rd."), ("Street", "St."), ("Avenue", "Ave."), ("straße", "str."),
                        ("Boulevard", "Blvd"), (" District", " Dist.")):
        text = text.replace(long, short)
    return text


def foreign_address(rng: random.Random, country: ForeignCountry, city_hint: str = "") -> Address:
    """An address abroad; for China, in the city the company is named after when there is one."""
    number = str(rng.randint(1, 999))
    if country.code == "CN":
        named = [c for c in CN_CITIES if c[1] == city_hint]
        _, city, province = named[0] if named else rng.choice(CN_CITIES)
        street = rng.choice(CN_STREETS)
        province = "" if province == city else f", {province}"
        tail = f"{rng.choice(CN_DISTRICTS)} District, {city}{province}"
        official = f"No. {number} {street}, {tail}"
        postcode = str(rng.randint(100000, 599999))
    else:
        street, city = rng.choice(country.streets), rng.choice(country.cities)
        if country.code == "JP":
            number = f"{rng.randint(1, 9)}-{rng.randint(1, 30)}-{rng.randint(1, 20)}"
        official = (f"{street} {number}, {city}" if country.street_first
                    else f"{number} {street}, {city}")
        tokens = city.replace(",", " ").split()
        postcode = next((t for t in reversed(tokens) if any(c.isdigit() for c in t)), "")
        place = city.split(",")[0 if country.code == "US" else -1]
        city = " ".join(t for t in place.split() if t != postcode)
    abbreviated = _abbreviate(official)
    upper = ascii_text(abbreviated).upper()
    return Address(country.code, city, (city, ascii_text(city).upper()), postcode,
                   (official, abbreviated, upper, official, abbreviated))
