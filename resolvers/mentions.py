"""Party mentions as the resolver sees them, read back from the graph's record nodes."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from graph.records import Mention, mentions_of
from graph.store import GraphStore
from loaders.models import ROW_MODELS, Contribution, RoleRow

# Watchlist entries and enforcement cases name parties without the registries' identifiers.
EVENT_KINDS = ("watchlist", "cases")


@dataclass(frozen=True)
class PartyMention:
    record: str  # record key, "source:record_id"
    source: str
    record_id: str
    kind: str
    mention: Mention
    birth_date: str | None = None

    @property
    def id(self) -> str:
        return f"{self.record}#{self.mention.role}" if self.mention.role else self.record


def read_mentions(store: GraphStore) -> Iterator[PartyMention]:
    for kind, model in ROW_MODELS.items():
        if model is not RoleRow:
            yield from _mentions_of_kind(store, kind, model)


def mentions_of_record(store: GraphStore, kind: str, model: type[Contribution],
                       key: str) -> Iterator[PartyMention]:
    """The mentions of one record, by its key ("source:record_id")."""
    yield from _mentions_of_kind(store, kind, model, "WHERE n.key = $key", {"key": key})


def _mentions_of_kind(store: GraphStore, kind: str, model: type[Contribution],
                      where: str = "", params: dict[str, str] | None = None
                      ) -> Iterator[PartyMention]:
    fields = list(model.model_fields)
    returns = ", ".join(f"n.{name} AS {name}" for name in ["key", "source", *fields])
    query = f"MATCH (n:{model.label}) {where} RETURN {returns} ORDER BY n.key"
    for row in store.query(query, params):
        record = model.model_construct(**{name: row[name] for name in fields})
        birth = getattr(record, "birth_date", None)
        for mention in mentions_of(record):
            yield PartyMention(row["key"], row["source"], record.record_id, kind, mention,
                               str(birth) if birth else None)
