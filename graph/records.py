"""Turn validated contribution rows into graph rows: record nodes, party mentions, attributes.

A record is kept with every field as given plus provenance; the parties it
mentions and the addresses, phones, e-mails and identifiers it carries become
edges to entity and attribute nodes.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from loaders.models import (
    CaseRow,
    CompanyRow,
    Contribution,
    DeclarationRow,
    PersonRow,
    RoleRow,
    WatchlistRow,
)
from resolvers import normalise


@dataclass(frozen=True)
class Provenance:
    source: str
    batch: str
    loaded_at: str
    visibility: str


class Mention(NamedTuple):
    """A party named by a record: the record itself (role "") or an embedded party."""

    role: str
    entity_type: str
    name: str
    tax_id: str | None = None
    country: str | None = None
    address: str | None = None
    phone: str | None = None
    email: str | None = None
    ids: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()  # other names a list gives the party (watchlist entries)


@dataclass
class GraphRecord:
    label: str
    node: dict[str, Any]
    mentions: list[Mention] = field(default_factory=list)

    @property
    def key(self) -> str:
        return str(self.node["key"])


def record_key(source: str, record_id: str) -> str:
    return f"{source}:{record_id}"


def row_hash(values: dict[str, Any]) -> str:
    """Fingerprint of a row as contributed: the same row always gets the same hash."""
    payload = "\x1e".join(f"{key}\x1f{values[key]}" for key in sorted(values))
    return hashlib.blake2b(payload.encode(), digest_size=12).hexdigest()


def to_graph(row: Contribution, extra: dict[str, str], digest: str,
             prov: Provenance) -> GraphRecord:
    node = row.model_dump()
    node.update(
        key=record_key(prov.source, row.record_id), source=prov.source, kind=row.kind,
        batch=prov.batch, loaded_at=prov.loaded_at, visibility=prov.visibility,
        row_hash=digest,
        extra=json.dumps(extra, ensure_ascii=False) if extra else None,
    )
    return GraphRecord(row.label, node, mentions_of(row))


def mentions_of(row: Contribution) -> list[Mention]:
    match row:
        case CompanyRow():
            return [Mention("", "company", row.name, row.tax_id, row.country, row.address,
                            row.phone, row.email, _ids(("reg", row.registration_no)))]
        case PersonRow():
            return [Mention("", "person", row.name, None, row.country or row.nationality,
                            row.address, row.phone, row.email, _ids(("id", row.id_number)))]
        case WatchlistRow():
            return [Mention("", row.entity_type, row.name, row.tax_id, row.country,
                            ids=_ids(("id", row.id_number)), aliases=tuple(row.aliases or ()))]
        case DeclarationRow():
            return _declaration_parties(row)
        case CaseRow():
            return [Mention("party", row.party_type or "company", row.party_name,
                            row.party_tax_id, row.party_country, row.party_address)]
        case RoleRow():
            return []
    raise TypeError(f"no mapping for {type(row).__name__}")


def _declaration_parties(row: DeclarationRow) -> list[Mention]:
    parties = [Mention("importer", "company", row.importer_name, row.importer_tax_id,
                       row.importer_country, row.importer_address, row.importer_phone,
                       row.importer_email)]
    if row.exporter_name:
        parties.append(Mention("exporter", "company", row.exporter_name,
                               country=row.exporter_country, address=row.exporter_address))
    if row.declarant_name:
        parties.append(Mention("declarant", "company", row.declarant_name, row.declarant_tax_id))
    return parties


def _ids(*pairs: tuple[str, str | None]) -> tuple[str, ...]:
    return tuple(f"{scheme}:{value}" for scheme, value in pairs if value)


def attributes(mention: Mention) -> list[tuple[str, str, str]]:
    """Normalised shared attributes of a mention as (kind, key, value as given)."""
    found = [
        ("address", normalise.text_key(mention.address), mention.address),
        ("phone", normalise.phone(mention.phone, mention.country), mention.phone),
        ("email", normalise.email(mention.email), mention.email),
        ("identifier", _prefixed("tax", normalise.tax_code(mention.tax_id)), mention.tax_id),
    ]
    found += [("identifier", _prefixed(*given.split(":", 1)), given) for given in mention.ids]
    return [(kind, key, str(value)) for kind, key, value in found if key]


def _prefixed(scheme: str, value: str | None) -> str | None:
    key = normalise.text_key(value) if scheme != "tax" else value
    return f"{scheme}:{key}" if key else None
