"""The plain-digit reading of phone numbers agrees with phonenumbers itself.

`phone_digits.read` follows phonenumbers' parse, is_possible_number, format_number (E.164)
and is_valid_number for digits with an optional "+". Here both read the example numbers
phonenumbers ships for every region and number type, written nationally, internationally,
after the region's international prefix and with the calling code but no "+", and random
digits behind common prefixes, in every region.
"""

from __future__ import annotations

import random

import phonenumbers
from phonenumbers.phonemetadata import PhoneMetadata

from resolvers import phone_digits
from resolvers.identifiers import _parsed_e164

REGIONS = sorted(phonenumbers.SUPPORTED_REGIONS)
TYPES = [t for t in vars(phonenumbers.PhoneNumberType).values() if isinstance(t, int)]


def _examples() -> list[str]:
    """Digits of every example number, in the shapes people write them."""
    digits: set[str] = set()
    for region in REGIONS:
        meta = PhoneMetadata.metadata_for_region(region)
        for kind in TYPES:
            number = phonenumbers.example_number_for_type(region, kind)
            if number is None:
                continue
            nsn = phonenumbers.national_significant_number(number)
            code = str(number.country_code)
            national = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
            digits |= {nsn, code + nsn, "00" + code + nsn, code + "0" + nsn, nsn[:-1],
                       nsn + "1", "".join(c for c in national if c.isdigit())}
            if meta is not None and meta.national_prefix:
                digits.add(meta.national_prefix + nsn)
    return sorted(digits)


def _agree(numbers: list[str], regions: list[str | None]) -> tuple[int, int]:
    """(fast readings compared, readings left to phonenumbers); fails on a difference."""
    fast = slow = 0
    for digits in numbers:
        for region in regions:
            for plus in (False, True):
                text = ("+" if plus else "") + digits
                read = phone_digits.read(plus, digits, region)
                if read == phone_digits.SLOW:
                    slow += 1
                    continue
                fast += 1
                assert read == _parsed_e164(text, region), (text, region)
    return fast, slow


def test_example_numbers_of_every_region_read_alike() -> None:
    rng = random.Random(3)
    numbers = _examples()
    fast, slow = _agree(numbers, ["VN", None])
    for region in REGIONS:  # every region, on a share of the numbers to stay quick
        fast_more, slow_more = _agree(rng.sample(numbers, 40), [region])
        fast, slow = fast + fast_more, slow + slow_more
    assert fast > 2 * slow  # the rest: calling codes that several regions share (+1, +7, +44)


def test_random_digits_read_alike() -> None:
    rng = random.Random(4)
    prefixes = ["", "0", "00", "84", "084", "0084", "840", "1", "86", "65", "0065", "44", "7"]
    numbers = sorted({rng.choice(prefixes) + "".join(rng.choices("0123456789", k=size))
                      for size in (rng.randint(1, 14) for _ in range(4000))})
    fast, slow = _agree(numbers, ["VN", None, "CN", "SG", "DE", "TH", "KR"])
    assert fast > 2 * slow


def test_vietnamese_numbers_need_no_fallback() -> None:
    for text in ("0912345678", "84912345678", "0084912345678", "02838221234", "2838221234"):
        assert phone_digits.read(False, text, "VN") != phone_digits.SLOW
        assert phone_digits.read(True, text.lstrip("0"), None) != phone_digits.SLOW
