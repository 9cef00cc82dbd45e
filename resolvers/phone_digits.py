"""E.164 of a number written as plain digits, read straight from phonenumbers' metadata.

`phonenumbers.parse`, `is_possible_number`, `format_number` and `is_valid_number` spend most
of their time on text that is not there in "0912345678" or "+84912345678" (punctuation,
letters, extensions, Unicode digits) and on compiling the same patterns again. `read` follows
the same steps as those four for ASCII digits with an optional "+", with each region's
patterns compiled once, and answers SLOW for what it does not cover (a calling code shared by
several regions, a "+" before no known calling code): the caller then asks phonenumbers.
`tests/test_phone_digits.py` holds the two equal on many numbers.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any, Final, NamedTuple

from phonenumbers import phonenumberutil as pnu
from phonenumbers.phonemetadata import REGION_CODE_FOR_NON_GEO_ENTITY, PhoneMetadata

SLOW: Final = "slow"  # not covered here: ask phonenumbers
Reading = tuple[str, bool] | None  # (E.164, valid), or None when it is no possible number

_MIN_NSN, _MAX_NSN = 2, 17
# phonenumbers' ValidationResult values, by what parse and is_possible_number make of them
_POSSIBLE, _LOCAL_ONLY, _TOO_SHORT, _TOO_LONG, _INVALID_LENGTH = range(5)


class _Region(NamedTuple):
    code: int
    code_text: str
    idd: re.Pattern[str] | None
    prefix: re.Pattern[str] | None  # national prefix for parsing
    transform: str | None
    general: re.Pattern[str] | None
    lengths: tuple[int, ...]
    local_lengths: frozenset[int]
    # A valid number of each length matches the general pattern and one number type's:
    # phonenumbers tries the types one by one, one alternation of them is one regex match.
    valid: dict[int, re.Pattern[str]]


def _valid_patterns(general: Any, kinds: list[Any]) -> dict[int, re.Pattern[str]]:
    """Length -> one pattern that a number of that length matches when it is valid."""
    if not general.national_number_pattern:
        return {}
    out = {}
    for size in range(_MIN_NSN, _MAX_NSN + 1):
        if general.possible_length and size not in general.possible_length:
            continue
        types = [k.national_number_pattern for k in kinds
                 if k is not None and k.national_number_pattern
                 and (not k.possible_length or size in k.possible_length)]
        if types:
            either = "|".join(f"(?:{t})" for t in types)
            out[size] = re.compile(f"(?=(?:{general.national_number_pattern})$)(?:{either})")
    return out


def _compiled(pattern: str | None) -> re.Pattern[str] | None:
    return re.compile(pattern) if pattern else None


@cache
def _region(key: str) -> _Region | None:
    """A region's metadata ("VN"), or a non-geographic calling code's ("+800")."""
    meta = (PhoneMetadata.metadata_for_nongeo_region(int(key[1:]), None) if key[0] == "+"
            else PhoneMetadata.metadata_for_region(key, None))
    general = meta.general_desc if meta is not None else None
    if meta is None or meta.country_code is None or general is None \
            or not general.possible_length:
        return None
    kinds = [meta.premium_rate, meta.toll_free, meta.shared_cost, meta.voip,
             meta.personal_number, meta.pager, meta.uan, meta.voicemail, meta.fixed_line]
    if not meta.same_mobile_and_fixed_line_pattern:
        kinds.append(meta.mobile)
    return _Region(
        meta.country_code, str(meta.country_code), _compiled(meta.international_prefix),
        _compiled(meta.national_prefix_for_parsing), meta.national_prefix_transform_rule,
        _compiled(general.national_number_pattern), tuple(general.possible_length),
        frozenset(general.possible_length_local_only or ()), _valid_patterns(general, kinds))


@cache
def _region_of_code(code: int) -> _Region | None:
    """The one region of a calling code; None when several regions share it."""
    regions = pnu.COUNTRY_CODE_TO_REGION_CODE.get(code, ())
    if len(regions) != 1:
        return None
    return _region("+" + str(code) if regions[0] == REGION_CODE_FOR_NON_GEO_ENTITY
                   else regions[0])


def _matches_general(number: str, region: _Region) -> bool:
    return region.general is not None and region.general.fullmatch(number) is not None


def _length(nsn: str, region: _Region) -> int:
    """phonenumbers' _test_number_length for any number type."""
    size, lengths = len(nsn), region.lengths
    if size in region.local_lengths:
        return _LOCAL_ONLY
    if lengths[0] == size:
        return _POSSIBLE
    if lengths[0] > size:
        return _TOO_SHORT
    if lengths[-1] < size:
        return _TOO_LONG
    return _POSSIBLE if size in lengths[1:] else _INVALID_LENGTH


def _strip_national_prefix(number: str, region: _Region) -> str:
    """phonenumbers' _maybe_strip_national_prefix_carrier_code, without the carrier code."""
    if not number or region.prefix is None:
        return number
    found = region.prefix.match(number)
    if not found:
        return number
    viable = _matches_general(number, region)
    groups = found.groups()
    if not region.transform or groups[len(groups) - 1] is None:
        stripped = number[found.end():]
    else:
        stripped = region.prefix.sub(region.transform, number, count=1)
    return number if viable and not _matches_general(stripped, region) else stripped


def _code(digits: str) -> tuple[int, str]:
    """The calling code the digits start with, and the rest; 0 when none."""
    if not digits or digits[0] == "0":
        return 0, digits
    for size in range(1, min(len(digits), 3) + 1):
        if int(digits[:size]) in pnu.COUNTRY_CODE_TO_REGION_CODE:
            return int(digits[:size]), digits[size:]
    return 0, digits


def _finish(code: int, national: str, region: _Region) -> Reading:
    """The end of parse, then is_possible_number, format_number (E.164), is_valid_number."""
    if len(national) < _MIN_NSN:
        return None
    stripped = _strip_national_prefix(national, region)
    if _length(stripped, region) not in (_TOO_SHORT, _LOCAL_ONLY, _INVALID_LENGTH):
        national = stripped
    if not _MIN_NSN <= len(national) <= _MAX_NSN:
        return None
    if _length(national, region) not in (_POSSIBLE, _LOCAL_ONLY):
        return None
    valid = region.valid.get(len(national))
    return f"+{code}{national}", valid is not None and valid.fullmatch(national) is not None


def read(plus: bool, digits: str, region: str | None) -> Reading | str:
    """(E.164, valid) as phonenumbers reads "+" + digits (plus) or digits in region; None for
    no possible number; SLOW for what only phonenumbers itself answers.

    digits: ASCII digits only; region: upper case or None."""
    if plus:
        if len(digits) <= _MIN_NSN:
            return None
        code, rest = _code(digits)
        if not code and region is None:
            return None  # phonenumbers tries the digits without the "+", in no region
        target = _region_of_code(code) if code else None
        return _finish(code, rest, target) if target else SLOW
    home = _region(region) if region and region in pnu.SUPPORTED_REGIONS else None
    if home is None:
        return None if not region or region not in pnu.SUPPORTED_REGIONS else SLOW
    if _region_of_code(home.code) is not home:  # a calling code shared by several regions
        return SLOW
    if home.idd is not None and (dialled := home.idd.match(digits)):
        rest = digits[dialled.end():]
        if not rest.startswith("0"):
            if len(rest) <= _MIN_NSN:
                return None
            code, rest = _code(rest)
            if not code:
                return None
            target = _region_of_code(code)
            return _finish(code, rest, target) if target else SLOW
    if digits.startswith(home.code_text):
        national = _strip_national_prefix(digits[len(home.code_text):], home)
        if (not _matches_general(digits, home) and _matches_general(national, home)) \
                or _length(digits, home) == _TOO_LONG:
            return _finish(home.code, national, home)
    return _finish(home.code, digits, home)
