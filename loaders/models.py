"""pydantic models of contribution format v1 (../shared/spec/contribution-format.md).

Field names are the public contract shared by the file loaders, the HTTP intake
and the graph schema; the graph's node properties are derived from these models.
"""

from __future__ import annotations

from typing import Annotated, ClassVar, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, model_validator

from loaders.fields import (
    Amount,
    Country,
    Currency,
    Date,
    HsCode,
    RequiredAmount,
    RequiredCountry,
    RequiredDate,
    RequiredHsCode,
    RequiredText,
    Slug,
    Text,
    TextList,
    parse_lower,
)

Lower = BeforeValidator(parse_lower)
CompanyStatus = Annotated[Literal["active", "deregistered", "suspended"], Lower]
RoleName = Annotated[
    Literal["director", "shareholder", "legal_representative", "beneficial_owner", "contact"],
    Lower,
]
TransportMode = Annotated[Literal["sea", "air", "road", "rail", "post", "other"], Lower]
PartyType = Annotated[Literal["company", "person"], Lower]
AgencyType = Annotated[
    Literal["customs", "tax", "business-registry", "police", "fiu", "sanctions", "other"], Lower
]
Visibility = Annotated[Literal["shared", "restricted"], Lower]


class Contribution(BaseModel):
    """One contributed row; `kind` names its file (companies.csv -> "companies")."""

    # JSON Lines may carry a tax code or phone as a number: keep it, as text.
    model_config = ConfigDict(extra="forbid", frozen=True, coerce_numbers_to_str=True)
    kind: ClassVar[str]
    label: ClassVar[str]  # node label of its record in the graph

    record_id: RequiredText


class CompanyRow(Contribution):
    kind = "companies"
    label = "CompanyRecord"

    name: RequiredText
    aliases: TextList = None
    tax_id: Text = None
    registration_no: Text = None
    country: Country = None
    address: Text = None
    city: Text = None
    postcode: Text = None
    phone: Text = None
    email: Text = None
    registered_on: Date = None
    status: CompanyStatus | None = None
    deregistered_on: Date = None


class PersonRow(Contribution):
    kind = "persons"
    label = "PersonRecord"

    name: RequiredText
    aliases: TextList = None
    birth_date: Date = None
    nationality: Country = None
    id_number: Text = None
    address: Text = None
    city: Text = None
    country: Country = None
    phone: Text = None
    email: Text = None


class RoleRow(Contribution):
    kind = "roles"
    label = "RoleRecord"

    holder_record_id: RequiredText
    company_record_id: RequiredText
    role: RoleName
    share_pct: Amount = None
    since: Date = None
    until: Date = None

    @model_validator(mode="after")
    def _share_is_a_percentage(self) -> RoleRow:
        if self.share_pct is not None and self.share_pct > 100:
            raise ValueError(f"share_pct {self.share_pct} is above 100")
        return self


class DeclarationRow(Contribution):
    kind = "declarations"
    label = "Declaration"

    date: RequiredDate
    office: Text = None
    procedure: Text = None
    hs_code: RequiredHsCode
    description: Text = None
    origin_country: RequiredCountry
    departure_country: Country = None
    transport_mode: TransportMode | None = None
    vessel: Text = None
    container_no: Text = None
    quantity: Amount = None
    quantity_unit: Text = None
    net_mass_kg: Amount = None
    customs_value: RequiredAmount
    currency: Currency
    importer_name: RequiredText
    importer_tax_id: Text = None
    importer_address: Text = None
    importer_country: Country = None
    importer_phone: Text = None
    importer_email: Text = None
    exporter_name: Text = None
    exporter_address: Text = None
    exporter_country: Country = None
    declarant_name: Text = None
    declarant_tax_id: Text = None


class WatchlistRow(Contribution):
    kind = "watchlist"
    label = "WatchlistEntry"

    name: RequiredText
    aliases: TextList = None
    entity_type: PartyType
    country: Country = None
    birth_date: Date = None
    id_number: Text = None
    tax_id: Text = None
    program: RequiredText
    listed_on: Date = None
    reason: Text = None


class CaseRow(Contribution):
    kind = "cases"
    label = "EnforcementCase"

    date: RequiredDate
    offence: RequiredText
    party_name: RequiredText
    party_type: PartyType | None = None
    party_tax_id: Text = None
    party_country: Country = None
    party_address: Text = None
    hs_code: HsCode = None
    description: Text = None
    declaration_record_id: Text = None
    outcome: Text = None


class SourceInfo(BaseModel):
    """source.yaml: who contributed a batch and who may see it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: Slug
    name: Text = None
    agency_type: AgencyType = "other"
    visibility: Visibility = "shared"


ROW_MODELS: dict[str, type[Contribution]] = {
    model.kind: model
    for model in (CompanyRow, PersonRow, RoleRow, DeclarationRow, WatchlistRow, CaseRow)
}
# Companies and persons load first so roles can be checked against them.
LOAD_ORDER = ("companies", "persons", "roles", "declarations", "watchlist", "cases")


def required_fields(model: type[BaseModel]) -> list[str]:
    return [name for name, field in model.model_fields.items() if field.is_required()]


__all__ = [
    "CaseRow",
    "CompanyRow",
    "Contribution",
    "DeclarationRow",
    "LOAD_ORDER",
    "PersonRow",
    "ROW_MODELS",
    "RoleRow",
    "SourceInfo",
    "WatchlistRow",
    "required_fields",
]
