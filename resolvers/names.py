"""Company and person names: clean keys that agree across scripts, languages and spellings.

>>> company_name("Công ty TNHH Thương mại Minh Phát").key_en
'minh phat trading'
>>> company_name("MINH PHAT TRADING CO., LTD").key_en
'minh phat trading'
>>> person_name("An Nguyen Van").key == person_name("Nguyễn Văn An").key
True
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache

from anyascii import anyascii

from . import legal_forms
from .folding import HAN, PhraseTable, Tokens, load_json, replace, words

_cached = lru_cache(maxsize=200_000)
# Honorifics dropped before a person's name: Vietnamese ones only as written with their marks,
# because "ba" and "ong" without them are also names.
_TITLES = frozenset(("mr", "mrs", "ms", "miss", "dr", "prof", "mr.", "mrs.", "ms.", "dr.",
                     "ông", "bà", "anh.", "chị.", "herr", "frau", "mme", "m."))
_LEADING_WORD = re.compile(r"^\s*(\S+)\s+")
# "City" and "province" inside a Chinese company name: 深圳市华联 is Shenzhen Hualian in pinyin.
_HAN_PLACE_WORDS = str.maketrans({"市": " ", "省": " "})


@dataclass(frozen=True, slots=True)
class NormalName:
    """A company name folded for comparison.

    key: lower-case ASCII tokens without the legal form, single spaces.
    tokens: the same tokens as a tuple; compact: key without spaces.
    legal_form / legal_family: canonical token and family from legal_forms.json, or None.
    tokens_en: tokens with business words translated to English (business_terms.json);
    key_en: tokens_en sorted and de-duplicated, because Vietnamese names put the trade before
    the brand and English ones after it.
    """

    key: str
    tokens: Tokens
    compact: str
    legal_form: str | None
    legal_family: str | None
    tokens_en: Tokens
    key_en: str


@dataclass(frozen=True, slots=True)
class PersonName:
    """A person's name folded for comparison.

    tokens: in written order; key: tokens sorted (order-blind); compact: tokens joined in
    written order; initials: first letters of all tokens, sorted, so "N. V. An" and
    "Nguyễn Văn An" share "anv"; abbreviated: some token is a bare initial.
    """

    key: str
    tokens: Tokens
    compact: str
    initials: str
    abbreviated: bool


@cache
def _terms() -> tuple[PhraseTable[Tokens], frozenset[str]]:
    data = load_json("business_terms.json")
    pairs = [(variant, words(english)) for english, variants in data["terms"].items()
             for variant in [english, *variants]]
    return PhraseTable.build(pairs, join_initials=True), frozenset(data["stopwords"])


def english_tokens(tokens: Tokens) -> Tokens:
    """Business words in tokens translated to English, stop words ("and", "và") dropped."""
    table, stop = _terms()
    return tuple(t for t in replace(table, tokens) if t not in stop)


@cache
def _han_terms() -> re.Pattern[str]:
    """Han legal forms and business words, longest first."""
    text = json.dumps([load_json("legal_forms.json"), load_json("business_terms.json")],
                      ensure_ascii=False)
    return re.compile("|".join(sorted(set(HAN.findall(text)), key=len, reverse=True)))


def _han_words(match: re.Match[str]) -> str:
    """A Han run as words: known terms apart (each character one syllable, as the tables
    fold them), and each stretch between them as one word, the way Latin letters write a
    brand or a place: 深圳 百川玩具 -> "ShenZhen BaiChuan 玩 具"."""
    terms = _han_terms()
    parts, at = [], 0
    run = match.group()
    for term in terms.finditer(run):
        parts += [anyascii(run[at:term.start()]), " ".join(term.group())]
        at = term.end()
    parts.append(anyascii(run[at:]))
    return " " + " ".join(p for p in parts if p) + " "


@_cached
def company_name(raw: str | None) -> NormalName | None:
    """Fold a company name: NFKC, anyascii, case, punctuation, legal form out."""
    text = (raw or "").translate(_HAN_PLACE_WORDS)
    tokens = words(HAN.sub(_han_words, text), join_initials=True)
    if not tokens:
        return None
    kept, form = legal_forms.strip(tokens)
    english = english_tokens(kept) or kept
    key = " ".join(kept)
    return NormalName(key, kept, key.replace(" ", ""), form, legal_forms.family(form), english,
                      " ".join(sorted(set(english))))


def _han_person(match: re.Match[str]) -> str:
    """Han name as family syllable, then the given name as one word: 王秀英 -> "Wang Xiuying"."""
    chars = match.group()
    return f" {anyascii(chars[0])} {anyascii(chars[1:])} "


def _without_title(text: str) -> str:
    lead = _LEADING_WORD.match(text)
    if lead and lead.group(1).lower() in _TITLES:
        return text[lead.end():]
    return text


@_cached
def person_name(raw: str | None) -> PersonName | None:
    """Fold a person's name; token order, initials and diacritics stop mattering in `key`."""
    text = _without_title(unicodedata.normalize("NFKC", raw or ""))
    tokens = words(HAN.sub(_han_person, text))
    if not tokens:
        return None
    ordered = sorted(tokens)
    initials = "".join(sorted(t[0] for t in tokens))
    return PersonName(" ".join(ordered), tokens, "".join(tokens), initials,
                      any(len(t) == 1 for t in tokens))

