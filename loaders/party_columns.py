"""The parties a chunk of new records names, and their attributes, made a column at a time.

Made one mention at a time (`RecordWriter._mentions` and `_attributes`, the row path's
and the reference), a scale-10 load builds 711,274 mentions and looks up each one's
provisional entity and attributes, where the normalisers see only tens of thousands of
distinct addresses, phones and tax codes. Here each field is read as a column, each
normaliser runs once per distinct value, and the entity, attribute and edge rows come out
as Arrow tables holding what the row path makes, in its order (first mention first), so a
load gives the same graph either way (tests/test_fast_path.py loads its corpus, a batch of
awkward party fields among it, and the demo data both ways).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from graph.records import MENTIONS, MentionSpec, _prefixed
from graph.schema import MENTION_RELS
from loaders.columnar import null_if_empty
from resolvers import normalise
from resolvers.per_distinct import combined, encoded, first_rows, per_distinct

NO_SHARED_ID = "no identifier shared with another record"  # provisional.link's evidence
# Attribute kinds in the order `graph.records.attributes` lists a mention's attributes.
ATTRIBUTE_ORDER = ("address", "phone", "email", "tax")


@dataclass
class PartyTables:
    entities: pa.Table  # key, name, entity_type, method: each entity as its first mention has it
    mentions: dict[str, pa.Table] = field(default_factory=dict)  # rel -> from, to, score, ...
    nodes: dict[str, pa.Table] = field(default_factory=dict)  # attribute kind -> key, value
    edges: dict[str, pa.Table] = field(default_factory=dict)  # attribute kind -> from, to, role


def party_tables(kind: str, keys: pa.Array, typed: dict[str, pa.Array]) -> PartyTables:
    """What `_mentions` and `_attributes` of the row path stage for these records (their
    keys and typed columns, in load order)."""
    specs = MENTIONS[kind]
    ids = max((len(spec.ids) for spec in specs), default=0)
    found = pa.concat_tables([_spec_mentions(spec, number, len(specs), ids, keys, typed)
                              for number, spec in enumerate(specs)])
    found = found.take(pc.sort_indices(found["at"]))
    tax = null_if_empty(_per_value(normalise.tax_code, found["tax_id"]))
    entity = _entity_keys(found, tax)
    return PartyTables(_entities(found, entity), _mention_edges(found, entity, tax),
                       *_attributes(found, tax, ids))


def _spec_mentions(spec: MentionSpec, number: int, specs: int, ids: int, keys: pa.Array,
                   typed: dict[str, pa.Array]) -> pa.Table:
    """One spec's mentions as MentionSpec.mentions makes them; `at` orders every mention of
    the chunk as the row path meets them (by record, then by spec)."""
    rows = len(keys)
    nothing = pa.nulls(rows, pa.string())

    def raw(name: str | None) -> pa.Array:
        return typed[name].cast(pa.string()) if name else nothing

    def known(name: str | None) -> pa.Array:  # the row path tests these fields for truth
        return null_if_empty(raw(name))

    columns = {
        "at": pa.array(np.arange(rows, dtype=np.int64) * specs + number),
        "record": keys,
        "role": pa.array([spec.role] * rows, pa.string()),
        "entity_type": pc.fill_null(known(spec.entity_type_field), spec.entity_type),
        "name": raw(spec.name),
        "tax_id": raw(spec.tax_id),
        "country": pc.coalesce(*(known(c) for c in spec.countries)) if spec.countries
        else nothing,
        "address": raw(spec.address),
        "phone": raw(spec.phone),
        "email": raw(spec.email),
    }
    for place in range(ids):  # "scheme:value" when known, as `records._ids` writes them
        scheme, name = spec.ids[place] if place < len(spec.ids) else ("", None)
        columns[f"id{place}"] = pc.binary_join_element_wise(f"{scheme}:", known(name), "")
    table = pa.table(columns)
    return table.filter(pc.is_valid(known(spec.only_if))) if spec.only_if else table


def _per_value(make: Callable[..., str | None], *columns: pa.ChunkedArray | pa.Array
               ) -> pa.Array:
    made, inverse = per_distinct(make, *map(_flat, columns))
    return pa.array(made, pa.string()).take(pa.array(inverse))


def _flat(column: pa.ChunkedArray | pa.Array) -> pa.Array:
    return column.combine_chunks() if isinstance(column, pa.ChunkedArray) else column


def _entity_keys(found: pa.Table, tax: pa.Array) -> pa.Array:
    """provisional.link's entity of each mention: its tax code's, else its own."""
    suffix = pc.if_else(pc.equal(found["role"], ""), "",
                        pc.binary_join_element_wise("#", found["role"], ""))
    own = pc.binary_join_element_wise("mention:", found["record"], suffix, "")
    return _flat(pc.coalesce(pc.binary_join_element_wise("tax:", tax, ""), own))


def _entities(found: pa.Table, entity: pa.Array) -> pa.Table:
    first = pa.array(first_rows(encoded(entity)[0]))
    return pa.table({"key": entity.take(first), "name": _flat(found["name"]).take(first),
                     "entity_type": _flat(found["entity_type"]).take(first),
                     "method": pa.array(["rule"] * len(first), pa.string())})


def _mention_edges(found: pa.Table, entity: pa.Array, tax: pa.Array) -> dict[str, pa.Table]:
    evidence = pc.coalesce(pc.binary_join_element_wise("tax code ", tax, ""),
                           pa.scalar(NO_SHARED_ID))
    edges = pa.table({"from": found["record"], "to": entity,
                      "score": pa.array(np.ones(len(entity))),
                      "method": pa.array(["rule"] * len(entity), pa.string()),
                      "evidence": evidence, "role": found["role"]})
    return {MENTION_RELS[role]: edges.filter(pc.equal(edges["role"], role)).drop(["role"])
            for role in pc.unique(found["role"]).to_pylist()}


def _attributes(found: pa.Table, tax: pa.Array, ids: int
                ) -> tuple[dict[str, pa.Table], dict[str, pa.Table]]:
    """graph.records.attributes of every mention: kind, key and value as given, first
    mention first; each kind's nodes keep the value their key was first met with."""
    per_mention = len(ATTRIBUTE_ORDER) + ids
    at = pc.multiply(found["at"], per_mention)
    made = {
        "address": (_per_value(normalise.address_key, found["address"]), found["address"]),
        "phone": (_per_value(normalise.phone, found["phone"], found["country"]), found["phone"]),
        "email": (_per_value(normalise.email, found["email"]), found["email"]),
        "tax": (pc.binary_join_element_wise("tax:", tax, ""), found["tax_id"]),
    }
    pieces: dict[str, list[pa.Table]] = {}
    for place, (name, (keys, values)) in enumerate(made.items()):
        kind = "identifier" if name == "tax" else name
        pieces.setdefault(kind, []).append(_piece(found, pc.add(at, place), keys, values))
    for place in range(ids):
        given = found[f"id{place}"]
        keys = _per_value(_identifier_key, given)  # text "scheme:value" as records._ids made it
        pieces.setdefault("identifier", []).append(
            _piece(found, pc.add(at, len(ATTRIBUTE_ORDER) + place), keys, given))
    nodes, edges = {}, {}
    for kind, tables in pieces.items():
        table = pa.concat_tables(tables)
        table = table.filter(pc.is_valid(table["to"]))
        if not table.num_rows:
            continue
        table = table.take(pc.sort_indices(table["at"]))
        key_codes, _ = encoded(_flat(table["to"]))
        first = pa.array(first_rows(key_codes))
        nodes[kind] = pa.table({"key": _flat(table["to"]).take(first),
                                "value": _flat(table["value"]).take(first)})
        pairs = combined([encoded(_flat(table["from"]))[0], key_codes,
                          encoded(_flat(table["role"]))[0]])
        edges[kind] = table.take(pa.array(first_rows(pairs))).select(["from", "to", "role"])
    return nodes, edges


def _piece(found: pa.Table, at: pa.Array, keys: pa.Array, values: pa.ChunkedArray
           ) -> pa.Table:
    # `attributes` keeps a key only when it is true: an empty key is no attribute.
    return pa.table({"at": at, "from": found["record"], "to": null_if_empty(keys),
                     "role": found["role"], "value": values})


def _identifier_key(given: str | None) -> str | None:
    return _prefixed(*given.split(":", 1)) if given is not None else None
