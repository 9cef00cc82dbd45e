"""A full run's mentions and their compared keys, made a column at a time.

A million mentions hold about 200,000 distinct names and fewer addresses, phones and
identity numbers; made one mention at a time, the keys cost more in Python's per-row
bookkeeping (objects, memo lookups, hashing whole key records) than in normalising. Here
each column is read as Arrow, each normaliser runs once per distinct value (or combination
of values) it depends on, and the results are spread back over the rows with numpy. The
keys are those `resolvers.keys.keys_of` makes mention by mention, which stays the
reference (and the incremental path); tests/test_mention_columns.py holds them equal.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from graph.records import MENTIONS, Mention, MentionSpec, _aliases
from graph.store import GraphStore
from loaders.columnar import null_if_empty
from loaders.models import ROW_MODELS, RoleRow
from resolvers import normalise
from resolvers.keys import (
    _alias_text,
    _id_number,
    _name_keys,
    _registration_tax,
    _tax,
    forget_normalised,
)
from resolvers.mentions import PartyMention, linked_phones
from resolvers.per_distinct import combined, encoded, per_distinct
from resolvers.profiles import COLUMNS, Profiles, blank_as_missing
from resolvers.table import Table

# What a mention's keys are made from, besides its role, record and name.
FIELDS = ("entity_type", "name", "tax_id", "country", "address", "phone", "email", "reg",
          "id_number", "aliases", "birth_date", "phone_key")


@dataclass
class KeyedColumns:
    """Every mention's id and compared keys, in reading order (the order of read_mentions)."""

    ids: list[str]
    values: dict[str, np.ndarray]  # key column -> object array of str or None
    codes: dict[str, np.ndarray]  # key column -> int64: equal codes where values are equal


def read_keyed(store: GraphStore) -> tuple[dict[str, PartyMention], KeyedColumns]:
    """Every mention, cut to what the entity and link rows and the saved state name
    (record, kind, role, type, name: the rest, once keyed, would only hold memory), and
    every mention's keys."""
    parts = [part for kind, model in ROW_MODELS.items() if model is not RoleRow
             if (part := _read_kind(store, kind, model.label, list(model.model_fields)))]
    if not parts:
        return {}, KeyedColumns([], {c: np.empty(0, dtype=object) for c in COLUMNS},
                                {c: np.empty(0, dtype=np.int64) for c in COLUMNS})
    given = {name: pa.chunked_array([p.fields[name] for p in parts]).combine_chunks()
             for name in FIELDS}
    ids = [m for p in parts for m in p.ids]
    mentions: dict[str, PartyMention] = {}
    for p in parts:
        kind = sys.intern(p.kind)
        for mention, record, source, record_id, role, entity_type, name in zip(
                p.ids, p.records, p.sources, p.record_ids, p.roles,
                p.fields["entity_type"].to_pylist(), p.fields["name"].to_pylist(), strict=True):
            mentions[mention] = PartyMention(record, source, record_id, kind,
                                             Mention(role, sys.intern(entity_type), name))
    keyed = _keys(given, len(ids))
    forget_normalised()  # full caches of a million distinct values: memory, no hits
    return mentions, KeyedColumns(ids, *keyed)


def fold_keyed(keyed: KeyedColumns, own_row: Iterable[str] = ()) -> Profiles:
    """profiles.fold of keys made column-wise: one row per distinct set of keys, judged
    mentions alone, rows in order of their first mention id."""
    alone = set(own_row)
    identity = combined([keyed.codes[name] for name in COLUMNS])
    if alone:
        own = np.array([i for i, m in enumerate(keyed.ids) if m in alone], dtype=np.int64)
        identity[own] = identity.max(initial=-1) + 1 + np.arange(len(own))
    order = pc.sort_indices(pa.array(keyed.ids, pa.string())).to_numpy()
    # Numbered in order of first appearance among the mentions in id order: each group's
    # number is its row, rows in order of their first mention id.
    rows, _ = encoded(pa.array(identity[order]))
    groups = int(rows.max(initial=-1)) + 1
    by_row = np.argsort(rows, kind="stable")  # within a row, mention ids stay in order
    placed = order[by_row]
    ids = np.array(keyed.ids, dtype=object)[placed].tolist()
    counts = np.bincount(rows, minlength=groups)
    bounds = np.concatenate(([0], np.cumsum(counts)))
    members = [ids[a:b] for a, b in zip(bounds[:-1].tolist(), bounds[1:].tolist(),
                                         strict=True)]
    row_of = dict(zip(ids, np.repeat(np.arange(groups), counts).tolist(), strict=True))
    first_mention = placed[bounds[:-1]]
    return Profiles(Table({name: blank_as_missing(keyed.values[name][first_mention])
                           for name in COLUMNS}), members, row_of)


@dataclass
class _Part:
    """One kind's mentions, reading order: per record by key, then per spec."""

    kind: str
    ids: list[str]
    records: list[str]
    sources: list[str]
    record_ids: list[str]
    roles: list[str]
    fields: dict[str, pa.Array]  # FIELDS -> one value per mention


def _read_kind(store: GraphStore, kind: str, label: str, model_fields: list[str]
               ) -> _Part | None:
    specs = MENTIONS[kind]
    wanted = {"record_id", *(f for spec in specs for f in spec.fields)}
    wanted |= {f for spec in specs for f in (spec.aliases,) if f and f in model_fields}
    if "birth_date" in model_fields:
        wanted.add("birth_date")
    names = ["key", "source", *sorted(wanted)]
    found = store.arrow(f"MATCH (n:{label}) RETURN "
                        + ", ".join(f"n.{name} AS {name}" for name in names))
    if not found.num_rows:
        return None
    # Sorted here, not by ORDER BY: as mentions.read_mentions does, for the same order.
    found = found.sort_by("key")
    made = [_spec_columns(found, spec, number) for number, spec in enumerate(specs)]
    made = [m for m in made if m[0].num_rows]
    table = pa.concat_tables([m[0] for m in made])
    if len(made) > 1:
        table = table.take(np.lexsort((table["spec"].to_numpy(), table["row"].to_numpy())))
    records = table["record"].to_pylist()
    roles = [sys.intern(r) for r in table["role"].to_pylist()]
    ids = [f"{record}#{role}" if role else record for record, role in zip(records, roles,
                                                                          strict=True)]
    fields = {name: table[name].combine_chunks() for name in FIELDS if name != "phone_key"}
    fields["phone_key"] = _phone_keys(store, label, table["record"], table["role"])
    return _Part(kind, ids, records, [sys.intern(s) if s else s
                                      for s in table["source"].to_pylist()],
                 table["record_id"].to_pylist(), roles, fields)


def _spec_columns(found: pa.Table, spec: MentionSpec, number: int) -> tuple[pa.Table, int]:
    """One spec's mentions of the rows found, as MentionSpec.mentions makes them."""
    rows = found.num_rows
    nothing = pa.nulls(rows, pa.string())

    def text(name: str | None) -> pa.Array:
        if not name or name not in found.column_names:
            return nothing
        return _known(found[name].combine_chunks())

    entity_type = pc.fill_null(text(spec.entity_type_field), spec.entity_type)
    country = pc.coalesce(*(text(c) for c in spec.countries)) if spec.countries else nothing
    schemes = dict(spec.ids)
    birth = found["birth_date"].combine_chunks() if "birth_date" in found.column_names \
        else None
    aliases = found[spec.aliases].combine_chunks() \
        if spec.aliases and spec.aliases in found.column_names else None
    columns = {
        "row": pa.array(np.arange(rows)), "spec": pa.array(np.full(rows, number)),
        "record": found["key"].combine_chunks(), "source": found["source"].combine_chunks(),
        "record_id": found["record_id"].combine_chunks(),
        "role": pa.array([spec.role] * rows, pa.string()),
        "entity_type": entity_type, "name": _raw(found, spec.name, nothing),
        "tax_id": _raw(found, spec.tax_id, nothing),
        "country": country,
        "address": _raw(found, spec.address, nothing),
        "phone": _raw(found, spec.phone, nothing),
        "email": _raw(found, spec.email, nothing),
        "reg": text(schemes.get("reg")), "id_number": text(schemes.get("id")),
        "aliases": _alias_texts(aliases) if aliases is not None else nothing,
        "birth_date": _births(birth) if birth is not None else nothing,
    }
    table = pa.table(columns)
    if spec.only_if:
        table = table.filter(pc.is_valid(text(spec.only_if)))
    return table, number


def _raw(found: pa.Table, name: str | None, nothing: pa.Array) -> pa.Array:
    """A field as given: the normalisers see it as the per-mention path does."""
    return found[name].combine_chunks().cast(pa.string()) if name else nothing


def _known(values: pa.Array) -> pa.Array:
    """Text with empty strings as missing: the per-mention path tests fields for truth."""
    return null_if_empty(values.cast(pa.string()))


def _alias_texts(given: pa.Array) -> pa.Array:
    texts: list[str | None] = [None] * len(given)
    for index in pc.indices_nonzero(pc.is_valid(given)).to_pylist():
        texts[index] = _alias_text(_aliases(given[index].as_py()))
    return pa.array(texts, pa.string())


def _births(given: pa.Array) -> pa.Array:
    codes, values = encoded(given)
    made = [str(value) if value else None for value in values]
    return pa.array(made, pa.string()).take(pa.array(codes))


def _phone_keys(store: GraphStore, label: str, records: pa.ChunkedArray,
                roles: pa.ChunkedArray) -> pa.Array:
    """The phone the loader linked each mention to (mentions._phones), by (record, role)."""
    linked = linked_phones(store, label)
    mentions = pa.table({"record": records, "role": roles,
                         "at": pa.array(np.arange(len(records)))})
    if not linked.num_rows:
        return pa.nulls(len(records), pa.string())
    linked = linked.set_column(1, "role", pc.fill_null(linked["role"].cast(pa.string()), ""))
    joined = mentions.join(linked, ["record", "role"])
    if joined.num_rows > mentions.num_rows:
        # A mention linked to two phones: the dict the per-mention path builds keeps the last.
        last = linked.group_by(["record", "role"], use_threads=False) \
            .aggregate([("phone_key", "last")])
        joined = mentions.join(pa.table({"record": last["record"], "role": last["role"],
                                         "phone_key": last["phone_key_last"]}),
                               ["record", "role"])
    out = np.full(len(records), None, dtype=object)
    out[joined["at"].to_numpy()] = joined["phone_key"].to_numpy(zero_copy_only=False)
    return pa.array(out, pa.string())


def _keys(given: dict[str, pa.Array], rows: int
          ) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
    values: dict[str, np.ndarray] = {}
    codes: dict[str, np.ndarray] = {}

    def put(name: str, made: tuple[np.ndarray, np.ndarray]) -> None:
        values[name], codes[name] = made

    names = per_distinct(_name_keys, given["entity_type"], given["name"])
    for number, name in enumerate(("name", "short_name", "name_form", "legal_form",
                                   "legal_family")):
        put(name, _spread([keys[number] for keys in names[0]], names[1]))
    put("entity_type", _as_given(given["entity_type"]))
    put("country", _as_given(given["country"]))
    put("tax", _spread(*per_distinct(_tax_key, given["tax_id"], given["reg"], given["country"])))
    put("phone", _phones(given["phone_key"], given["phone"], given["country"]))
    put("email", _spread(*per_distinct(normalise.email, given["email"])))
    put("address", _spread(*per_distinct(normalise.address_key, given["address"])))
    put("birth_date", _as_given(given["birth_date"]))
    put("id_number", _spread(*per_distinct(_id_key, given["id_number"])))
    put("aliases", _as_given(given["aliases"]))
    assert set(values) == set(COLUMNS) and all(len(v) == rows for v in values.values())
    return values, codes


def _as_given(column: pa.Array) -> tuple[np.ndarray, np.ndarray]:
    """A key that is the value as read: its dictionary codes are already its codes."""
    codes, values = encoded(column)
    distinct = np.empty(len(values), dtype=object)
    distinct[:] = values  # one string object per distinct value, shared by its rows
    return distinct[codes], codes


def _tax_key(tax_id: str | None, registration: str | None, country: str | None) -> str | None:
    ids = (f"reg:{registration}",) if registration else ()
    return _tax(tax_id, ids, country) if tax_id else _registration_tax(ids, country)


def _phones(linked: pa.Array, phone: pa.Array, country: pa.Array
            ) -> tuple[np.ndarray, np.ndarray]:
    """The phone the loader linked, else the phone as given normalised: nearly every phone
    is linked and distinct, so only the others go through the normaliser."""
    out = linked.to_numpy(zero_copy_only=False)
    unlinked = np.flatnonzero(~np.asarray(pc.fill_null(pc.not_equal(linked, ""), False),
                                          dtype=bool))
    if len(unlinked):
        at = pa.array(unlinked)
        made, inverse = per_distinct(normalise.phone, phone.take(at), country.take(at))
        out[unlinked] = _spread(made, inverse)[0]
    codes, _ = encoded(pa.array(out, pa.string()))
    return out, codes


def _id_key(value: str | None) -> str | None:
    return _id_number((f"id:{value}",) if value else ())


def _spread(made: list[Any], inverse: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per-row values of per-distinct results, and codes equal where the values are."""
    code_of: dict[Any, int] = {}
    codes = np.array([code_of.setdefault(value, len(code_of)) for value in made],
                     dtype=np.int64)
    out = np.empty(len(made), dtype=object)
    out[:] = made
    return out[inverse], codes[inverse]
