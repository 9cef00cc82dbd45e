"""Turn validated contribution rows into graph rows: record nodes, party mentions, attributes.

A record is kept with every field as given plus provenance; the parties it
mentions and the addresses, phones, e-mails and identifiers it carries become
edges to entity and attribute nodes.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import pyarrow as pa
import pyarrow.compute as pc

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
    aliases: tuple[str, ...] = ()  # other names the record gives the party ("also known as")


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


def row_hashes(columns: dict[str, pa.Array]) -> list[str]:
    """row_hash of every row of a column chunk (cells as given, empty ones null)."""
    pieces = [pc.binary_join_element_wise(pa.scalar(name), columns[name], "\x1f")
              for name in sorted(columns)]
    payloads = pc.binary_join_element_wise(*pieces, "\x1e", null_handling="skip")
    blake2b = hashlib.blake2b
    return [blake2b(p, digest_size=12).hexdigest()
            for p in payloads.cast(pa.binary()).to_pylist()]


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


class MentionSpec(NamedTuple):
    """Where a kind of record names a party: the fields each part of the mention comes from."""

    role: str
    name: str
    entity_type: str = "company"
    entity_type_field: str | None = None  # a field naming the type, when the row says it
    tax_id: str | None = None
    countries: tuple[str, ...] = ()  # the first of these that is known
    address: str | None = None
    phone: str | None = None
    email: str | None = None
    ids: tuple[tuple[str, str], ...] = ()  # (scheme, field)
    only_if: str | None = None  # a field that must be known for the mention to exist
    # Not among `fields`: only the resolver compares aliases, so the loader does not read them.
    aliases: str | None = None

    @property
    def fields(self) -> set[str]:
        named = (self.name, self.entity_type_field, self.tax_id, *self.countries, self.address,
                 self.phone, self.email, *(f for _, f in self.ids), self.only_if)
        return {f for f in named if f}

    def mention(self, get: Callable[[str], Any]) -> Mention | None:
        if self.only_if and not get(self.only_if):
            return None
        field = lambda name: get(name) if name else None  # noqa: E731
        kind = (get(self.entity_type_field) if self.entity_type_field else None) \
            or self.entity_type
        country = next((c for c in map(get, self.countries) if c), None)
        return Mention(self.role, kind, get(self.name), field(self.tax_id), country,
                       field(self.address), field(self.phone), field(self.email),
                       _ids(*((scheme, get(name)) for scheme, name in self.ids)),
                       _aliases(field(self.aliases)))


    def mentions(self, columns: dict[str, list[Any]]) -> list[Mention | None]:
        """`mention` for every row of columns holding (at least) this spec's fields."""
        rows = len(columns[self.name])
        nothing = [None] * rows
        column = lambda name: columns[name] if name else nothing  # noqa: E731
        kinds = [k or self.entity_type for k in column(self.entity_type_field)]
        countries = [next((c for c in found if c), None)
                     for found in zip(*(columns[c] for c in self.countries), strict=True)] \
            if self.countries else nothing
        ids = [_ids(*zip((s for s, _ in self.ids), found, strict=True))
               for found in zip(*(columns[f] for _, f in self.ids), strict=True)] \
            if self.ids else [()] * rows
        present = column(self.only_if) if self.only_if else [True] * rows
        aliases = [_aliases(given) for given in columns[self.aliases]] \
            if self.aliases and self.aliases in columns else [()] * rows
        return [Mention(self.role, *values[:-1]) if values[-1] else None for values in zip(
            kinds, columns[self.name], column(self.tax_id), countries, column(self.address),
            column(self.phone), column(self.email), ids, aliases, present, strict=True)]


MENTIONS: dict[str, tuple[MentionSpec, ...]] = {
    CompanyRow.kind: (MentionSpec("", "name", "company", None, "tax_id", ("country",),
                                  "address", "phone", "email", (("reg", "registration_no"),),
                                  aliases="aliases"),),
    PersonRow.kind: (MentionSpec("", "name", "person", None, None, ("country", "nationality"),
                                 "address", "phone", "email", (("id", "id_number"),),
                                 aliases="aliases"),),
    WatchlistRow.kind: (MentionSpec("", "name", "company", "entity_type", "tax_id",
                                    ("country",), ids=(("id", "id_number"),),
                                    aliases="aliases"),),
    DeclarationRow.kind: (
        MentionSpec("importer", "importer_name", tax_id="importer_tax_id",
                    countries=("importer_country",), address="importer_address",
                    phone="importer_phone", email="importer_email"),
        MentionSpec("exporter", "exporter_name", countries=("exporter_country",),
                    address="exporter_address", only_if="exporter_name"),
        MentionSpec("declarant", "declarant_name", tax_id="declarant_tax_id",
                    only_if="declarant_name"),
    ),
    CaseRow.kind: (MentionSpec("party", "party_name", "company", "party_type", "party_tax_id",
                               ("party_country",), "party_address"),),
    RoleRow.kind: (),
}


def mentions_of(row: Contribution) -> list[Mention]:
    if row.kind not in MENTIONS:
        raise TypeError(f"no mapping for {type(row).__name__}")
    get = lambda name: getattr(row, name)  # noqa: E731
    return [m for spec in MENTIONS[row.kind] if (m := spec.mention(get)) is not None]


def _aliases(given: Any) -> tuple[str, ...]:
    """A record's aliases as a tuple of names: the graph holds them as a list, a row as
    parsed by its model too; text is split at ";" as the contribution format writes it."""
    if not given:
        return ()
    names = given.split(";") if isinstance(given, str) else given
    return tuple(dict.fromkeys(n.strip() for n in names if n and n.strip()))


def _ids(*pairs: tuple[str, str | None]) -> tuple[str, ...]:
    return tuple(f"{scheme}:{value}" for scheme, value in pairs if value)


def attributes(mention: Mention) -> list[tuple[str, str, str]]:
    """Normalised shared attributes of a mention as (kind, key, value as given)."""
    found = [
        ("address", normalise.address_key(mention.address), mention.address),
        ("phone", normalise.phone(mention.phone, mention.country), mention.phone),
        ("email", normalise.email(mention.email), mention.email),
        ("identifier", _prefixed("tax", normalise.tax_code(mention.tax_id)), mention.tax_id),
    ]
    found += [("identifier", _prefixed(*given.split(":", 1)), given) for given in mention.ids]
    return [(kind, key, str(value)) for kind, key, value in found if key]


def _prefixed(scheme: str, value: str | None) -> str | None:
    key = normalise.text_key(value) if scheme != "tax" else value
    return f"{scheme}:{key}" if key else None
