"""The true world: parties as they really are, and the events that mention them.

Every object that becomes a record keeps `refs`, the (source, record_id) pairs it was written
as, so that planted patterns can cite their evidence once the files exist.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from .catalog import Goods
from .formats import Phone
from .places import Address

CUSTOMS_REGISTRY = "customs-registry"
TAX = "tax-authority"
BUSINESS = "business-registry"
DECLARATIONS = "customs-declarations"
SANCTIONS = "sanctions"
POLICE = "police"

Ref = tuple[str, str]


@dataclass(eq=False)
class Company:
    id: str
    country: str
    names: dict[str, str]
    address: Address
    phone: Phone
    email: str = ""
    tax_id: str = ""
    registration_no: str = ""
    registered_on: date | None = None
    status: str = "active"
    deregistered_on: date | None = None
    industries: tuple[str, ...] = ()
    kind: str = "other"  # importer | supplier | broker | other | listed | case
    has_branch: bool = False
    registries: tuple[str, ...] = ()
    name_styles: tuple[str, ...] = ("legal",)  # how declarants usually write it
    parts: tuple[str, ...] = ()  # what the name was built from, to derive look-alikes
    # A planted pattern rests on this company's phone: the tax register always shows it.
    phone_on_record: bool = False
    refs: list[Ref] = field(default_factory=list)


@dataclass(eq=False)
class Person:
    id: str
    nationality: str
    names: dict[str, str]
    female: bool
    birth_date: date
    id_number: str
    old_id_number: str = ""
    address: Address | None = None
    phone: Phone | None = None
    email: str = ""
    refs: list[Ref] = field(default_factory=list)


Party = Company | Person


@dataclass(eq=False)
class Role:
    holder: Party
    company: Company
    role: str  # director | shareholder | legal_representative | beneficial_owner | contact
    share_pct: float | None = None
    since: date | None = None
    until: date | None = None
    registries: tuple[str, ...] = (TAX, BUSINESS)
    refs: list[Ref] = field(default_factory=list)


@dataclass(eq=False, slots=True)
class Declaration:
    """One goods item of an import declaration."""

    date: date
    importer: Company
    exporter: Company
    declarant: Company | None
    goods: Goods
    hs_code: str
    origin: str
    departure: str
    transport: str
    office: str
    procedure: str
    quantity: float
    net_mass: float
    value_usd: float
    currency: str
    vessel: str = ""
    container: str = ""
    importer_country: str = "VN"
    declared: dict[str, str] = field(default_factory=dict)  # importer fields as falsely declared
    planted: bool = False
    refs: list[Ref] = field(default_factory=list)


@dataclass(eq=False)
class WatchEntry:
    party: Party
    name: str
    aliases: list[str]
    country: str
    program: str
    listed_on: date
    reason: str
    birth_date: date | None = None
    id_number: str = ""
    tax_id: str = ""
    refs: list[Ref] = field(default_factory=list)


@dataclass(eq=False)
class Case:
    date: date
    offence: str
    party: Party
    party_name: str
    outcome: str
    description: str
    hs_code: str = ""
    party_tax_id: str = ""
    party_address: str = ""
    declaration: Declaration | None = None
    refs: list[Ref] = field(default_factory=list)


Evidence = Company | Person | Role | Declaration | WatchEntry | Case


@dataclass(eq=False)
class Instance:
    typology: str
    note: str
    entities: list[Party]
    evidence: list[Evidence]
    sources: tuple[str, ...] = ()  # restrict company/person evidence to these sources
