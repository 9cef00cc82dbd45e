"""A million person mentions for the resolver benchmark, with the truth of who is who.

Several agencies describe the same people differently: with and without diacritics,
family name first or last, a typo, a dropped middle name, other phone formats, missing
birth dates and identifiers. Vietnamese names repeat a lot (Nguyễn is 38 % of people), so
a name alone is weak evidence, as in real registries. Deterministic for a seed.
"""

from __future__ import annotations

import csv
import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from anyascii import anyascii

from tradegraph.demo import vocab_vn as vn

SOURCES = ("tax-authority", "business-registry", "police", "immigration")
PERSON_COLUMNS = ["record_id", "name", "birth_date", "nationality", "id_number", "address",
                  "city", "country", "phone", "email"]
CITIES = ("Hà Nội", "Hồ Chí Minh", "Hải Phòng", "Đà Nẵng", "Cần Thơ", "Bắc Ninh",
          "Bình Dương", "Đồng Nai", "Quảng Ninh", "Lạng Sơn", "Lào Cai", "Khánh Hòa")
STREETS = ("Lê Lợi", "Trần Hưng Đạo", "Nguyễn Huệ", "Hai Bà Trưng", "Lý Thường Kiệt",
           "Điện Biên Phủ", "Nguyễn Trãi", "Phan Chu Trinh", "Bà Triệu", "Quang Trung")
# Mentions per person: most appear once, some in every agency's files.
COPIES = ((1, 0.50), (2, 0.30), (3, 0.15), (4, 0.05))
MEAN_COPIES = sum(n * p for n, p in COPIES)


@dataclass(frozen=True)
class Person:
    number: int
    family: str
    middle: str
    given: str
    birth: str
    id_number: str
    phone: str  # national significant number, 9 digits
    email: str
    street: str
    house: int
    city: str


def people(count: int, rng: random.Random) -> Iterator[Person]:
    surnames, weights = zip(*vn.SURNAMES, strict=True)
    for number in range(count):
        male = rng.random() < 0.5
        middle = rng.choice(vn.MIDDLE_MALE if male else vn.MIDDLE_FEMALE)
        given = rng.choice(vn.GIVEN_MALE if male else vn.GIVEN_FEMALE)
        family = rng.choices(surnames, weights)[0]
        birth = f"{rng.randint(1950, 2003)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        local = anyascii(f"{given}{family}").lower()
        yield Person(number, family, middle, given, birth, f"{rng.randrange(10**11, 10**12)}",
                     f"9{rng.randrange(10**7, 10**8)}", f"{local}{rng.randint(1, 9999)}@gmail.com",
                     rng.choice(STREETS), rng.randint(1, 400), rng.choice(CITIES))


def mention(person: Person, rng: random.Random) -> dict[str, str]:
    """One agency's record of the person, with that agency's habits and mistakes."""
    family, middle, given = person.family, person.middle, person.given
    if rng.random() < 0.15:
        middle = ""
    elif rng.random() < 0.05:
        middle = middle[0] + "."
    parts = [family, middle, given] if rng.random() < 0.8 else [given, family, middle]
    name = " ".join(p for p in parts if p)
    if rng.random() < 0.4:
        name = anyascii(name)
    if rng.random() < 0.3:
        name = name.upper()
    if rng.random() < 0.1:
        name = _typo(name, rng)
    birth = person.birth if rng.random() < 0.85 else ""
    if birth and rng.random() < 0.02:  # day and month swapped at data entry
        year, month, day = birth.split("-")
        birth = f"{year}-{day}-{month}" if int(day) <= 12 else birth
    phone = ""
    if rng.random() < 0.5:
        digits = person.phone
        phone = rng.choice((f"+84 {digits[:2]} {digits[2:5]} {digits[5:]}",
                            f"0{digits[:2]}.{digits[2:5]}.{digits[5:]}", f"0{digits}",
                            f"84{digits}"))
    address = city = ""
    if rng.random() < 0.7:
        address = f"{person.house} {person.street}"
        address = anyascii(address) if rng.random() < 0.3 else address
        city = person.city
    return {"name": name, "birth_date": birth, "nationality": "VN",
            "id_number": person.id_number if rng.random() < 0.5 else "",
            "address": address, "city": city, "country": "VN", "phone": phone,
            "email": person.email if rng.random() < 0.3 else ""}


def _typo(name: str, rng: random.Random) -> str:
    at = rng.randrange(1, max(2, len(name) - 1))
    kind = rng.random()
    if kind < 0.4:
        return name[:at] + name[at + 1:]
    if kind < 0.7 and at + 1 < len(name):
        return name[:at] + name[at + 1] + name[at] + name[at + 2:]
    return name[:at] + rng.choice("aeionhtgu") + name[at + 1:]


def write_batches(out: Path, mentions: int, seed: int = 1) -> int:
    """persons.csv per agency under out/<source>/, and out/truth.csv; returns mentions written."""
    rng = random.Random(seed)
    writers, handles, counters = {}, [], dict.fromkeys(SOURCES, 0)
    out.mkdir(parents=True, exist_ok=True)
    for source in SOURCES:
        folder = out / source
        folder.mkdir(exist_ok=True)
        (folder / "source.yaml").write_text(f"id: {source}\nname: {source}\n"
                                            "agency_type: other\nvisibility: shared\n")
        handle = (folder / "persons.csv").open("w", encoding="utf-8", newline="")
        handles.append(handle)
        writers[source] = csv.DictWriter(handle, PERSON_COLUMNS)
        writers[source].writeheader()
    truth_handle = (out / "truth.csv").open("w", encoding="utf-8", newline="")
    truth = csv.writer(truth_handle)
    truth.writerow(["source", "record_id", "role", "entity_id"])
    written = 0
    counts, weights = [n for n, _ in COPIES], [p for _, p in COPIES]
    for person in people(round(mentions / MEAN_COPIES), rng):
        for _ in range(rng.choices(counts, weights)[0]):
            if written == mentions:
                break
            source = rng.choice(SOURCES)
            counters[source] += 1
            record_id = f"P{counters[source]:08d}"
            writers[source].writerow({"record_id": record_id, **mention(person, rng)})
            truth.writerow([source, record_id, "", f"person-{person.number}"])
            written += 1
    for handle in (*handles, truth_handle):
        handle.close()
    return written
