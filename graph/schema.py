"""The graph's node and relationship types, derived from the contribution models.

Both stores build their schema from these tables: LadybugDB needs typed tables,
Neo4j gets uniqueness constraints and lookup indexes from the same facts.
"""

from __future__ import annotations

import datetime as dt
import types
import typing
from dataclasses import dataclass, field

from loaders.models import ROW_MODELS, Contribution

# Every record node and role edge carries these, besides the contributed fields.
PROVENANCE = {
    "source": "STRING",
    "kind": "STRING",
    "record_id": "STRING",
    "batch": "STRING",
    "loaded_at": "STRING",
    "visibility": "STRING",
    "row_hash": "STRING",
    "extra": "STRING",
}
# How a mention was tied to its entity: the resolver's verdict and why.
LINK = {"score": "DOUBLE", "method": "STRING", "evidence": "STRING", "model_version": "STRING"}


@dataclass(frozen=True)
class NodeType:
    label: str
    properties: dict[str, str]
    indexed: tuple[str, ...] = ()
    # Neo4j composite indexes: (name, properties)
    composite: tuple[tuple[str, tuple[str, ...]], ...] = ()


@dataclass(frozen=True)
class RelType:
    name: str
    ends: tuple[tuple[str, str], ...]
    properties: dict[str, str] = field(default_factory=dict)
    # The record label whose row made the edge, when it is not the start node; such edges
    # name that record in their `record` property and are rewritten with it.
    owner: str | None = None

    def owned_by(self, label: str) -> bool:
        return self.owner == label if self.owner else any(a == label for a, _ in self.ends)


def cypher_type(annotation: object) -> str:
    """Ladybug column type for a model field's annotation (Optional and Annotated unwrapped)."""
    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType) and len(args) == 1:
        return cypher_type(args[0])
    if origin is typing.Annotated:
        return cypher_type(args[0])
    if origin is list:
        return "STRING[]"
    return {dt.date: "DATE", float: "DOUBLE", int: "INT64"}.get(annotation, "STRING")  # type: ignore[call-overload]


def model_properties(model: type[Contribution]) -> dict[str, str]:
    fields = {name: cypher_type(info.annotation) for name, info in model.model_fields.items()}
    return {**PROVENANCE, **fields}


RECORD_LABELS = {kind: model.label for kind, model in ROW_MODELS.items()}
ENTITY = "Entity"
# Pairs of mentions the resolver left apart but a person should look at (`tradegraph review`).
REVIEW_PAIR = "ReviewPair"
# The last resolve: model version, counts, and the name frequencies `explain` re-weights with.
RESOLVER_RUN = "ResolverRun"
ATTRIBUTES = {"address": "Address", "phone": "Phone", "email": "Email", "identifier": "Identifier"}
ATTRIBUTE_RELS = {name: f"HAS_{name.upper()}" for name in ATTRIBUTES}
# Where saved queries seek rather than scan on Neo4j (`hs_code STARTS WITH $chapter`), and
# where Neo4j reads a maximum from an index instead of every node (`max(d.date)`).
QUERY_INDEXES = {"Declaration": ("hs_code", "date")}
# Composite Neo4j indexes by name: a scan or seek of one reads the properties from the index,
# not from each node (a declaration has 36). unit_value: the unit values of every declaration
# (undervaluation, related-party-undervaluation); value_date: the declarations under a value
# in one currency (split-shipments), and every declaration's currency, value and date without
# reading the node (new-high-volume's Neo4j variant names it in a hint). A node lacking one of
# the properties is not in the index.
QUERY_COMPOSITE_INDEXES = {"Declaration": (
    ("unit_value", ("hs_code", "currency", "customs_value", "net_mass_kg", "key")),
    ("value_date", ("currency", "customs_value", "date")),
)}
# Analysts' reference data (`tradegraph reference load`): each file's rows replace the last.
REFERENCE_LABELS = {"fx_rates": "FxRate", "trade_remedies": "TradeRemedy",
                    "registered_agents": "RegisteredAgent"}
# Party mentions embedded in event records, by the role the export names them with.
MENTION_RELS = {
    "": "RESOLVES_TO",
    "importer": "IMPORTER",
    "exporter": "EXPORTER",
    "declarant": "DECLARANT",
    "party": "PARTY",
}


def _node_types() -> list[NodeType]:
    records = [
        NodeType(model.label, {"key": "STRING", **model_properties(model)},
                 ("source", "record_id", *QUERY_INDEXES.get(model.label, ())),
                 QUERY_COMPOSITE_INDEXES.get(model.label, ()))
        for model in ROW_MODELS.values()
    ]
    shared = [
        NodeType("Source", {"key": "STRING", "name": "STRING", "agency_type": "STRING",
                            "visibility": "STRING"}),
        NodeType("Batch", {"key": "STRING", "source": "STRING", "loaded_at": "STRING",
                           "files": "STRING", "rows": "INT64", "rejected": "INT64",
                           "status": "STRING"}),
        NodeType(ENTITY, {"key": "STRING", "entity_type": "STRING", "name": "STRING",
                          "method": "STRING"}, ("name",)),
        NodeType(REVIEW_PAIR, {"key": "STRING", "left": "STRING", "right": "STRING",
                               "score": "DOUBLE", "weight": "DOUBLE", "reason": "STRING",
                               "evidence": "STRING", "model_version": "STRING"}),
        NodeType(RESOLVER_RUN, {"key": "STRING", "model_version": "STRING", "prior": "DOUBLE",
                                "ran_at": "STRING", "mentions": "INT64", "entities": "INT64",
                                "review_pairs": "INT64", "frequencies": "STRING"}),
        # A person's "same"/"different" for two mention ids; kept, never derived.
        NodeType("Judgement", {"key": "STRING", "left": "STRING", "right": "STRING",
                               "decision": "STRING", "who": "STRING", "at": "STRING",
                               "note": "STRING"}, ("left", "right")),
    ]
    attributes = [NodeType(label, {"key": "STRING", "value": "STRING"})
                  for label in ATTRIBUTES.values()]
    return records + shared + attributes + _reference_types()


def _reference_types() -> list[NodeType]:
    loaded = {"file": "STRING", "line": "INT64", "loaded_at": "STRING"}
    return [
        # key: the ISO 4217 code
        NodeType("FxRate", {"key": "STRING", "currency": "STRING", "usd_per_unit": "DOUBLE",
                            **loaded}),
        # key: country:chapter, e.g. CN:72
        NodeType("TradeRemedy", {"key": "STRING", "country": "STRING", "hs_chapter": "STRING",
                                 "measure": "STRING", **loaded}),
        # key: the address after the resolver's address normalisation
        NodeType("RegisteredAgent", {"key": "STRING", "address": "STRING", "note": "STRING",
                                     **loaded}),
        # one per reference file: when it was last loaded, rows kept and refused
        NodeType("ReferenceFile", {"key": "STRING", "rows": "INT64", "rejected": "INT64",
                                   "loaded_at": "STRING"}),
    ]


def _rel_types() -> list[RelType]:
    holders = (("PersonRecord", "CompanyRecord"), ("CompanyRecord", "CompanyRecord"))
    resolved = tuple((label, ENTITY) for label in ("CompanyRecord", "PersonRecord",
                                                   "WatchlistEntry"))
    role = {"role": "STRING", "record": "STRING", "share_pct": "DOUBLE",
            "since": "DATE", "until": "DATE"}
    rels = [
        # The Role record node keeps the contributed row; this edge makes it walkable.
        RelType("HAS_ROLE", holders, role, owner="RoleRecord"),
        RelType("RESOLVES_TO", resolved, LINK),
        RelType("IMPORTER", (("Declaration", ENTITY),), LINK),
        RelType("EXPORTER", (("Declaration", ENTITY),), LINK),
        RelType("DECLARANT", (("Declaration", ENTITY),), LINK),
        RelType("PARTY", (("EnforcementCase", ENTITY),), LINK),
    ]
    holders_of_attributes = [label for label in RECORD_LABELS.values() if label != "RoleRecord"]
    rels += [
        RelType(ATTRIBUTE_RELS[name], tuple((label, target) for label in holders_of_attributes),
                {"role": "STRING"})
        for name, target in ATTRIBUTES.items()
    ]
    # A company's address that is a registered agent's (same address_key): not a shell sign.
    rels.append(RelType("REGISTERED_AGENT", (("Address", "RegisteredAgent"),)))
    return rels


NODE_TYPES = {node.label: node for node in _node_types()}
REL_TYPES = {rel.name: rel for rel in _rel_types()}
