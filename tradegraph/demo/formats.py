"""Identifiers and the many ways people write them: phones, tax codes, ids, e-mails, typos."""

from __future__ import annotations

import random
import string
from bisect import bisect
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TypeVar

from anyascii import anyascii

from .catalog import CONTAINER_OWNERS

T = TypeVar("T")

VN_MOBILE_PREFIXES = ("90", "91", "93", "94", "96", "97", "98", "32", "33", "35", "37", "38",
                      "70", "76", "77", "78", "79", "81", "83", "84", "85", "86", "88", "89")
# (area codes, national significant number length) per dialling country.
FOREIGN_PHONE_PLANS = {
    "86": (("755", "20", "769", "757", "574", "579", "21", "592", "532", "512", "771"), 11),
    "82": (("2", "31", "32"), 9), "81": (("3", "6"), 9), "886": (("2", "3", "4", "7"), 9),
    "66": (("2", "38"), 8), "49": (("711", "89", "40", "211", "221", "69"), 10),
    "1": (("562", "713", "312", "206", "973"), 10), "60": (("3", "4", "7"), 9),
    "65": (("6",), 8), "852": (("2", "3"), 8), "91": (("22", "79", "124"), 10),
    "62": (("21", "31"), 10), "39": (("02", "011", "051"), 10), "33": (("1", "4"), 9),
    "61": (("2", "3", "7"), 9), "7": (("495", "812"), 10), "850": (("2",), 9),
    "98": (("21",), 10), "971": (("4",), 8), "963": (("11",), 9), "375": (("17",), 9),
}


@dataclass(frozen=True)
class Phone:
    dial: str  # country calling code without "+"
    area: str  # area code, empty for mobiles
    subscriber: str

    @property
    def national(self) -> str:
        return self.area + self.subscriber


def draw(rng: random.Random, options: Sequence[T]) -> T:
    """Uniform choice; a lighter `rng.choice` for the per-row hot paths."""
    return options[int(rng.random() * len(options))]


def draw_weighted(rng: random.Random, options: Sequence[T], cum_weights: Sequence[float]) -> T:
    """Weighted choice from precomputed cumulative weights."""
    return options[bisect(cum_weights, rng.random() * cum_weights[-1])]


def digits(rng: random.Random, n: int, first: str = "0123456789") -> str:
    rest = str(rng.randrange(10 ** (n - 1))).zfill(n - 1) if n > 1 else ""
    return rng.choice(first) + rest


@lru_cache(maxsize=65536)
def ascii_text(text: str) -> str:
    """ASCII transliteration; cached because the same name parts recur thousands of times."""
    return anyascii(text)


def vn_landline(rng: random.Random, area: str) -> Phone:
    return Phone("84", area, digits(rng, 8 if len(area) == 2 else 7, "36"))


def vn_mobile(rng: random.Random) -> Phone:
    return Phone("84", "", rng.choice(VN_MOBILE_PREFIXES) + digits(rng, 7))


def foreign_phone(rng: random.Random, dial: str) -> Phone:
    areas, length = FOREIGN_PHONE_PLANS.get(dial, (("2",), 9))
    area = rng.choice(areas)
    return Phone(dial, area, digits(rng, length - len(area), "2345678"))


def _split(text: str, *sizes: int) -> list[str]:
    parts, pos = [], 0
    for size in sizes:
        parts.append(text[pos:pos + size])
        pos += size
    return [p for p in parts + [text[pos:]] if p]


def render_phone(rng: random.Random, phone: Phone) -> str:
    """One of the ways clerks and traders write the same number."""
    if phone.dial != "84":
        grouped = " ".join(_split(phone.national, len(phone.area), 4))
        return rng.choice((f"+{phone.dial} {grouped}", f"00{phone.dial} {grouped}",
                           f"{phone.dial}-{phone.national}", f"+{phone.dial}{phone.national}"))
    nat, area, sub = phone.national, phone.area, phone.subscriber
    if not area:
        a, b, c = nat[:3], nat[3:6], nat[6:]
        return rng.choice((f"0{a} {b} {c}", f"+84 {a} {b} {c}", f"0{a}.{b}.{c}", f"84{nat}",
                           f"0{nat}", f"+84{nat}"))
    half = 4 if len(sub) == 8 else 3
    return rng.choice((
        f"+84 {area} {sub[:half]} {sub[half:]}", f"0{area}.{sub[:half]}.{sub[half:]}",
        f"0{nat[:3]} {nat[3:6]} {nat[6:]}", f"84{nat[:-4]} {nat[-4:]}", f"(0{area}) {sub}",
        f"0{nat}", f"+84-{area}-{sub}",
    ))


def mst(rng: random.Random, prefix: str) -> str:
    """A Vietnamese tax code (MST) with a valid check digit."""
    while True:
        body = prefix + digits(rng, 7, "0123456789")
        if body[2:] == "0000000":
            continue
        remainder = sum(w * int(d) for w, d in zip((31, 29, 23, 19, 17, 13, 7, 5, 3), body,
                                                   strict=True)) % 11
        if remainder:  # remainder 0 would need check digit "10": no such code exists
            return body + str((10 - remainder) % 10)


def render_mst(rng: random.Random, code: str, branch: bool) -> str:
    roll = rng.random()
    if branch and roll < 0.35:
        return f"{code}-00{rng.choice('12')}"
    if roll < 0.8:
        return code
    if roll < 0.95:
        return f"{code[:4]} {code[4:7]} {code[7:]}"
    return f"{code[:2]}.{code[2:4]}.{code[4:7]}.{code[7:]}"


def cccd(rng: random.Random, province: str, female: bool, birth_year: int) -> str:
    """Vietnamese citizen identity card number (12 digits)."""
    century = (0 if birth_year < 2000 else 2) + (1 if female else 0)
    return f"{province}{century}{birth_year % 100:02d}{digits(rng, 6)}"


def render_id(rng: random.Random, number: str) -> str:
    if len(number) == 12 and number.isdigit() and rng.random() < 0.25:
        return f"{number[:3]} {number[3:6]} {number[6:]}"
    return number


def passport(rng: random.Random, country: str) -> str:
    letters = {"CN": "E", "KR": "M", "JP": "TK", "TW": "3", "RU": "72", "KP": "836", "IR": "K",
               "VN": "C"}
    prefix = letters.get(country, "P")
    return prefix + digits(rng, 9 - len(prefix) if len(prefix) > 1 else 8)


def foreign_registration(rng: random.Random, country: str) -> str:
    alnum = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    if country == "CN":
        return "9144" + digits(rng, 4) + "".join(rng.choice(alnum) for _ in range(10))
    formats = {
        "KR": lambda: f"{digits(rng, 3)}-{digits(rng, 2)}-{digits(rng, 5)}",
        "JP": lambda: digits(rng, 13, "123456789"),
        "DE": lambda: f"HRB {digits(rng, 5, '123456789')}",
        "US": lambda: f"{digits(rng, 2, '123456789')}-{digits(rng, 7)}",
        "HK": lambda: digits(rng, 8, "123456789"),
        "SG": lambda: f"20{digits(rng, 7)}{rng.choice(string.ascii_uppercase)}",
    }
    make = formats.get(country, lambda: digits(rng, 10, "123456789"))
    return make()


def slug(text: str) -> str:
    return "".join(c for c in ascii_text(text).lower() if c.isalnum())


def render_email(rng: random.Random, email: str) -> str:
    if not email:
        return ""
    roll = rng.random()
    if roll < 0.8:
        return email
    if roll < 0.92:
        local, _, domain = email.partition("@")
        return f"{local.capitalize()}@{domain.capitalize()}"
    return email.upper()


def typo(rng: random.Random, text: str) -> str:
    """A keying error: swapped, dropped or doubled letter somewhere inside a word."""
    spots = [i for i in range(1, len(text) - 1) if text[i].isalpha() and text[i + 1].isalpha()]
    if not spots:
        return text
    i = rng.choice(spots)
    roll = rng.random()
    if roll < 0.4:
        return text[:i] + text[i + 1] + text[i] + text[i + 2:]
    if roll < 0.75:
        return text[:i] + text[i + 1:]
    return text[:i] + text[i] + text[i:]


def container_no(rng: random.Random) -> str:
    """ISO 6346 container number with its check digit."""
    owner = draw(rng, CONTAINER_OWNERS)
    serial = str(rng.randrange(1000000)).zfill(6)
    total = _OWNER_SUMS[owner] + sum(int(c) << i for i, c in enumerate(serial, 4))
    return f"{owner}{serial}{total % 11 % 10}"


def _letter_values() -> dict[str, int]:
    values, value = {}, 10
    for letter in string.ascii_uppercase:
        value += value % 11 == 0  # ISO 6346 skips multiples of 11
        values[letter] = value
        value += 1
    return values


_LETTER_VALUES = _letter_values()
_OWNER_SUMS = {o: sum(_LETTER_VALUES[c] << i for i, c in enumerate(o)) for o in CONTAINER_OWNERS}
