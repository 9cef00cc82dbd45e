"""Company and person names, and the variants different sources write them in."""

from __future__ import annotations

import random

from .formats import ascii_text, typo
from .vocab_foreign import (
    CN_INDUSTRY,
    DE_INDUSTRY,
    INDUSTRY_EN,
    JP_INDUSTRY,
    ForeignCountry,
)
from .vocab_vn import LegalForm, Sector

# Interchangeable spellings of a legal-form suffix; a renderer may swap one for another.
SUFFIX_GROUPS = (
    ("Co., Ltd.", "Co., Ltd", "Co.,Ltd.", "Co.,Ltd", "Co Ltd", "Company Limited", "Co. Ltd."),
    ("Joint Stock Company", "JSC", "J.S.C"),
    ("Pte. Ltd.", "Pte Ltd", "Private Limited"),
    ("Sdn. Bhd.", "Sdn Bhd"),
    ("Inc.", "Inc", "Incorporated"),
    ("Limited", "Ltd.", "Ltd"),
    ("LLC", "L.L.C."),
    ("S.A.", "SA"),
    ("S.r.l.", "SRL"),
)


def vn_company_names(form: LegalForm, sector: Sector, brand: str) -> dict[str, str]:
    legal = f"{form.vi} {sector.vi} {brand}"
    english = f"{ascii_text(brand)} {sector.en}"
    return {
        "legal": legal,
        "upper": legal.upper(),
        "ascii": " ".join(ascii_text(x) for x in (form.vi, sector.vi, brand)).upper(),
        "abbrev": f"{form.vi_alt[0]} {sector.abbr} {brand}",
        "english": f"{english} {form.en[0]}".upper(),
        "english_long": f"{english} {form.en[1]}",
        "short": f"{ascii_text(brand).upper()} {form.short_en}",
    }


def cn_company_names(city: tuple[str, str, str], brand: tuple[str, str], industry: str,
                     stock: bool) -> dict[str, str]:
    ind_h, ind_p = CN_INDUSTRY[industry]
    english = f"{city[1]} {brand[1]} {INDUSTRY_EN[industry]} Co., Ltd."
    form_h, form_p = ("股份有限公司", "Gufen Youxian Gongsi") if stock else (
        "有限公司", "Youxian Gongsi")
    return {
        "legal": english,
        "english": english,
        "upper": english.upper(),
        "ascii": ascii_text(english).upper(),
        "local": f"{city[0]}市{brand[0]}{ind_h}{form_h}",
        "pinyin": ascii_text(f"{city[1]} {brand[1]} {ind_p} {form_p}"),
    }


def hk_company_names(brand: str, industry: str, form: str) -> dict[str, str]:
    legal = f"{brand} (Hong Kong) {INDUSTRY_EN[industry]} {form}"
    short = f"{brand} (HK) {INDUSTRY_EN[industry]} {form}"
    return {"legal": legal, "english": short, "upper": short.upper(), "ascii": legal.upper()}


def foreign_company_names(country: ForeignCountry, brand: str, industry: str,
                          form: str) -> dict[str, str]:
    word = {"JP": JP_INDUSTRY, "DE": DE_INDUSTRY}.get(country.code, {}).get(
        industry, INDUSTRY_EN[industry])
    if country.code == "ID":
        legal = f"PT {brand} {word}" + (" Tbk" if form == "Tbk" else "")
    else:
        legal = f"{brand} {word} {form}"
    german = legal.replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace("ß", "ss")
    german = german.replace("Ä", "Ae").replace("Ö", "Oe").replace("Ü", "Ue")
    return {"legal": legal, "english": ascii_text(german), "upper": ascii_text(german).upper(),
            "ascii": ascii_text(legal).upper()}


_SUFFIXES = tuple((s.lower(), group) for group in SUFFIX_GROUPS for s in group)
_ENDINGS = tuple(s for s, _ in _SUFFIXES)


def vary_suffix(rng: random.Random, name: str) -> str:
    """Swap the legal-form suffix for an equivalent spelling, keeping the case style."""
    lowered = name.lower()
    if not lowered.endswith(_ENDINGS):
        return name
    suffix, group = next((s, g) for s, g in _SUFFIXES if lowered.endswith(s))
    other = rng.choice(group)
    other = other.upper() if name.isupper() else other
    return name[: len(name) - len(suffix)] + other


def render_name(rng: random.Random, names: dict[str, str], style: str, typo_p: float) -> str:
    name = names.get(style) or names["legal"]
    if rng.random() < 0.3:
        name = vary_suffix(rng, name)
    if rng.random() < typo_p:
        name = typo(rng, name)
    return name


def vn_person_names(family: str, middle: str, given: str) -> dict[str, str]:
    legal = f"{family} {middle} {given}"
    family_a, middle_a, given_a = ascii_text(family), ascii_text(middle), ascii_text(given)
    ascii_name = f"{family_a} {middle_a} {given_a}"
    return {
        "legal": legal,
        "upper": legal.upper(),
        "ascii": ascii_name.upper(),
        "ascii_title": ascii_name,
        "western": f"{given_a} {family_a} {middle_a}",
        "initial": f"{family} {middle[0]}. {given}",
    }


def cn_person_names(family: tuple[str, str], given: tuple[str, str]) -> dict[str, str]:
    pinyin = f"{family[1]} {given[1]}"
    return {"legal": pinyin, "local": family[0] + given[0],
            "upper": f"{family[1].upper()} {given[1]}", "ascii": pinyin.upper(),
            "ascii_title": pinyin, "western": f"{given[1]} {family[1]}"}


def romanised_person_names(family: str, given: str) -> dict[str, str]:
    legal = f"{family} {given}"
    joined = given.replace("-", "").replace(" ", "").capitalize()
    return {"legal": legal, "upper": f"{family.upper()} {given}",
            "ascii": f"{family} {given.replace('-', ' ')}".upper(),
            "ascii_title": f"{family} {joined}", "western": f"{given} {family}"}


def ru_person_names(family: tuple[str, str], given: tuple[str, str, str],
                    patronymic: tuple[str, str]) -> dict[str, str]:
    return {"legal": f"{given[0]} {patronymic[0]} {family[0]}",
            "upper": f"{family[0].upper()}, {given[0]} {patronymic[0]}",
            "local": f"{family[1]} {given[2]} {patronymic[1]}",
            "ascii_title": f"{given[1]} {family[0]}", "western": f"{family[0]} {given[0]}",
            "ascii": f"{given[0]} {family[0]}".upper()}
