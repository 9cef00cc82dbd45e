"""Party mentions as the resolver sees them, read back from the graph's record nodes."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pyarrow as pa

from graph.records import MENTIONS, Mention
from graph.schema import ATTRIBUTE_RELS, ATTRIBUTES
from graph.store import GraphStore
from loaders.models import ROW_MODELS, Contribution, RoleRow

BATCH_ROWS = 50_000  # records made Python objects at a time
# Watchlist entries and enforcement cases name parties without the registries' identifiers.
EVENT_KINDS = ("watchlist", "cases")


@dataclass(frozen=True, slots=True)  # a full run holds a million of them
class PartyMention:
    record: str  # record key, "source:record_id"
    source: str
    record_id: str
    kind: str
    mention: Mention
    birth_date: str | None = None
    # The phone's E.164 form as the loader normalised it (its Phone node), when it has one:
    # parsing every phone number again is the slowest part of reading a million mentions.
    phone_key: str | None = None

    @property
    def id(self) -> str:
        return f"{self.record}#{self.mention.role}" if self.mention.role else self.record


def read_mentions(store: GraphStore) -> Iterator[PartyMention]:
    for kind, model in ROW_MODELS.items():
        if model is not RoleRow:
            yield from _mentions_of_kind(store, kind, model, phones=_phones(store, model.label))


def linked_phones(store: GraphStore, label: str) -> pa.Table:
    """Per mention of the label's records linked to a phone: its record key (`record`),
    `role` (null for the record itself) and the phone's normalised key (`phone_key`)."""
    return store.arrow(f"MATCH (n:{label})-[r:{ATTRIBUTE_RELS['phone']}]->"
                       f"(p:{ATTRIBUTES['phone']}) RETURN n.key AS record, r.role AS role, "
                       "p.key AS phone_key")


def _phones(store: GraphStore, label: str) -> dict[tuple[str, str], str]:
    """(record key, role) -> the normalised phone the loader linked that mention to."""
    linked = linked_phones(store, label)
    if not linked.num_rows:
        return {}
    found = linked.to_pydict()
    return {(key, role or ""): phone for key, role, phone
            in zip(found["record"], found["role"], found["phone_key"], strict=True)}


def mentions_of_record(store: GraphStore, kind: str, model: type[Contribution],
                       key: str) -> Iterator[PartyMention]:
    """The mentions of one record, by its key ("source:record_id")."""
    yield from _mentions_of_kind(store, kind, model, "WHERE n.key = $key", {"key": key})


def mentions_of_records(store: GraphStore, kind: str, model: type[Contribution],
                        keys: list[str]) -> Iterator[PartyMention]:
    """The mentions of some records, by key, each sought by its key (no scan)."""
    yield from _mentions_of_kind(store, kind, model, params={"keys": keys},
                                 match=f"UNWIND $keys AS k MATCH (n:{model.label} {{key: k}})")


def _mentions_of_kind(store: GraphStore, kind: str, model: type[Contribution],
                      where: str = "", params: dict[str, Any] | None = None,
                      match: str | None = None,
                      phones: dict[tuple[str, str], str] | None = None
                      ) -> Iterator[PartyMention]:
    """`phones`: (record key, role) -> the phone's key, from _phones."""
    fields = list(model.model_fields)
    returns = ", ".join(f"n.{name} AS {name}" for name in ["key", "source", *fields])
    match = match or f"MATCH (n:{model.label})"
    # Sorted here, not by ORDER BY: the embedded engine sorts a million wide rows inside its
    # bounded page cache and runs out of it. Kept as Arrow and made Python objects a batch
    # at a time: a million records' fields as Python strings alone took about 1 GiB.
    found = store.arrow(f"{match} {where} RETURN {returns}", params)
    if not found.num_rows:
        return
    found = found.sort_by("key")
    # Each spec makes its mentions column-wise, as the loader does: no model object per row.
    specs = MENTIONS[kind]
    phones = phones or {}
    for batch in found.to_batches(max_chunksize=BATCH_ROWS):
        columns = batch.to_pydict()
        births = columns.get("birth_date") or [None] * batch.num_rows
        made = zip(*(spec.mentions(columns) for spec in specs), strict=True)
        for key, source, record_id, birth, mentions in zip(
                columns["key"], columns["source"], columns["record_id"], births, made,
                strict=True):
            source = sys.intern(source) if source else source
            for mention in mentions:
                if mention is not None:
                    yield PartyMention(key, source, record_id, kind, mention,
                                       str(birth) if birth else None,
                                       phones.get((key, mention.role)))
