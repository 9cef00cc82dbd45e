"""Write validated rows into a store: record nodes, their party links, attributes and roles.

New rows go through the store's bulk writer. Entity and attribute nodes are
shared between records, so each is written once: keys already staged by this
load are remembered, the rest are looked up in the store.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import pyarrow as pa

from graph.arrow_tables import node_schema
from graph.records import (
    GraphRecord,
    Mention,
    Provenance,
    attributes,
    record_key,
    to_graph,
)
from graph.schema import ATTRIBUTE_RELS, ATTRIBUTES, ENTITY, MENTION_RELS
from graph.store import BulkWriter, GraphStore, Written
from loaders.fast_path import FastRows
from loaders.models import RoleRow
from loaders.party_columns import party_tables
from loaders.validate import BatchValidator, ValidRow
from resolvers import provisional
from resolvers.provisional import Link

Row = dict[str, Any]
Mentioned = tuple[str, list[Mention]]  # a record's key and the parties it names
ATTRIBUTE_CACHE = 200_000


@dataclass
class RecordWriter:
    store: GraphStore
    bulk: BulkWriter
    prov: Provenance
    validator: BatchValidator
    _staged: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    _attribute_cache: dict[tuple[Any, ...], list[tuple[str, str, str]]] = field(
        default_factory=dict)
    _source_had: dict[str, bool] = field(default_factory=dict)
    _label_had: dict[str, bool] = field(default_factory=dict)

    def write(self, rows: list[ValidRow]) -> Written:
        records = [to_graph(valid.row, valid.extra, valid.digest, self.prov) for valid in rows]
        label = records[0].label
        found = self._stored(label, [r.key for r in records])
        new = [r for r in records if r.key not in found]
        changed = [r for r in records if r.key in found and found[r.key] != r.node["row_hash"]]
        self.bulk.nodes(label, [r.node for r in new])
        if changed:
            self.store.update_nodes(label, [r.node for r in changed])
            self.store.delete_owned(label, [r.key for r in changed])
        if new or changed:
            self._edges(label, new + changed, rows)
        return Written(len(new), len(changed), len(records) - len(new) - len(changed))

    def write_fast(self, rows: FastRows) -> Written:
        """The same graph as `write`, built from columns; a row that changes a record
        already stored takes the row path."""
        label = rows.model.label
        record_ids = rows.typed["record_id"].to_pylist()
        keys = [record_key(self.prov.source, rid) for rid in record_ids]
        found = self._stored(label, keys)
        new = [i for i, key in enumerate(keys) if key not in found]
        changed = [i for i, key in enumerate(keys)
                   if key in found and found[key] != rows.digests[i]]
        written = Written(len(new), 0, len(keys) - len(new) - len(changed))
        if changed:
            written.add(self.write([rows.valid_row(i) for i in changed]))
        if new:
            self._write_new(label, rows, new, [keys[i] for i in new])
        return written

    def _stored(self, label: str, keys: list[str]) -> dict[str, str | None]:
        """The row hashes the store holds for these record keys. When the store held no
        record of this label from this source as the load began, none of a batch's keys can
        be there (a batch names each record once): no lookup."""
        if label not in self._source_had:
            self._source_had[label] = bool(self.store.query(
                f"MATCH (n:{label}) WHERE n.source = $source RETURN n.key AS key LIMIT 1",
                {"source": self.prov.source}))
        return self.store.existing(label, keys) if self._source_had[label] else {}

    def _write_new(self, label: str, rows: FastRows, new: list[int], keys: list[str]) -> None:
        n, extra = len(new), rows.extra_json()
        if n == len(rows.digests):  # every row new, as in a first load: no take
            typed, digests = rows.typed, rows.digests
        else:
            picked = pa.array(new, pa.int64())
            typed = {name: column.take(picked) for name, column in rows.typed.items()}
            digests, extra = [rows.digests[i] for i in new], [extra[i] for i in new]
        same = {"source": self.prov.source, "kind": rows.model.kind, "batch": self.prov.batch,
                "loaded_at": self.prov.loaded_at, "visibility": self.prov.visibility}
        prov = {"key": keys, "row_hash": digests, "extra": extra}
        schema = node_schema(label)
        table = pa.table([typed[f.name].cast(f.type) if f.name in typed
                          else pa.repeat(pa.scalar(same[f.name], f.type), n) if f.name in same
                          else pa.array(prov[f.name], f.type) for f in schema], schema=schema)
        self.bulk.nodes_table(label, table)
        if rows.model is RoleRow:
            self._roles_from(keys, typed)
            return
        parties = party_tables(rows.model.kind, pa.array(keys, pa.string()), typed)
        self._shared_table(ENTITY, parties.entities)
        for rel, edges in parties.mentions.items():
            self.bulk.rels_table(rel, (label, ENTITY), edges)
        for kind, nodes in parties.nodes.items():
            self._shared_table(ATTRIBUTES[kind], nodes)
            self.bulk.rels_table(ATTRIBUTE_RELS[kind], (label, ATTRIBUTES[kind]),
                                 parties.edges[kind])

    def _roles_from(self, keys: list[str], typed: dict[str, pa.Array]) -> None:
        columns = {name: typed[name].to_pylist() for name in
                   ("holder_record_id", "company_record_id", "role", "share_pct", "since",
                    "until")}
        by_holder: dict[str, list[Row]] = defaultdict(list)
        source = self.prov.source
        for i, key in enumerate(keys):
            holder = columns["holder_record_id"][i]
            by_holder[self.validator.holder_label(holder)].append({
                "from": f"{source}:{holder}", "to": f"{source}:{columns['company_record_id'][i]}",
                "role": columns["role"][i], "record": key, "share_pct": columns["share_pct"][i],
                "since": columns["since"][i], "until": columns["until"][i]})
        for holder, edges in by_holder.items():
            self.bulk.rels("HAS_ROLE", (holder, "CompanyRecord"), edges)

    def _edges(self, label: str, records: list[GraphRecord], rows: list[ValidRow]) -> None:
        if label == RoleRow.label:
            self._roles(records, rows)
        else:
            pairs = [(record.key, record.mentions) for record in records]
            self._mentions(label, pairs)
            self._attributes(label, pairs)

    def _shared_nodes(self, label: str, rows: dict[str, Row]) -> None:
        """Stage the nodes neither this load nor the store has yet."""
        fresh = self._fresh(label, list(rows))
        self.bulk.nodes(label, [rows[key] for key in fresh])

    def _shared_table(self, label: str, table: pa.Table) -> None:
        keys = table["key"].to_pylist()
        fresh = set(self._fresh(label, keys))
        schema = node_schema(label)
        picked = table.take(pa.array([i for i, key in enumerate(keys) if key in fresh],
                                     pa.int64()))
        self.bulk.nodes_table(label, picked.select(schema.names).cast(schema))

    def _fresh(self, label: str, keys: list[str]) -> list[str]:
        """Of these keys, those neither this load nor the store has yet (now staged)."""
        staged = self._staged[label]
        fresh = [key for key in keys if key not in staged]
        # Of a label the store held none of at its first rows here, it holds only what this
        # load wrote, and those keys are in `staged`: no lookup.
        if label not in self._label_had:
            self._label_had[label] = self.store.holds_any(label)
        known = self.store.existing(label, fresh) if fresh and self._label_had[label] else {}
        staged.update(fresh)
        return [key for key in fresh if key not in known]

    def _mentions(self, label: str, records: Iterable[Mentioned]) -> None:
        entities: dict[str, Row] = {}
        edges: dict[str, list[tuple[str, Link]]] = defaultdict(list)
        for key, mentions in records:
            for mention in mentions:
                link = provisional.link(key, mention)
                if link.entity not in entities:
                    entities[link.entity] = {"key": link.entity, "name": mention.name,
                                             "entity_type": mention.entity_type,
                                             "method": link.method}
                edges[MENTION_RELS[mention.role]].append((key, link))
        self._shared_nodes(ENTITY, entities)
        for rel, found in edges.items():
            self.bulk.rels_table(rel, (label, ENTITY), pa.table({
                "from": [key for key, _ in found], "to": [link.entity for _, link in found],
                "score": [link.score for _, link in found],
                "method": [link.method for _, link in found],
                "evidence": [link.evidence for _, link in found]}))

    def _attributes(self, label: str, records: Iterable[Mentioned]) -> None:
        nodes: dict[str, dict[str, Row]] = defaultdict(dict)
        edges: dict[str, dict[tuple[str, str, str], None]] = defaultdict(dict)
        for owner, mentions in records:
            for mention in mentions:
                for kind, key, value in self._attributes_of(mention):
                    if key not in nodes[kind]:
                        nodes[kind][key] = {"key": key, "value": value}
                    edges[kind][(owner, key, mention.role)] = None
        for kind, rows in nodes.items():
            self._shared_nodes(ATTRIBUTES[kind], rows)
            found = list(edges[kind])
            self.bulk.rels_table(ATTRIBUTE_RELS[kind], (label, ATTRIBUTES[kind]), pa.table({
                "from": [f for f, _, _ in found], "to": [t for _, t, _ in found],
                "role": [r for _, _, r in found]}))

    def _attributes_of(self, mention: Mention) -> list[tuple[str, str, str]]:
        """An importer's address, phone and tax code recur on thousands of declarations."""
        given = mention[3:]  # what attributes are made of: not the role, type or name
        found = self._attribute_cache.get(given)
        if found is None:
            if len(self._attribute_cache) > ATTRIBUTE_CACHE:
                self._attribute_cache.clear()
            found = self._attribute_cache[given] = attributes(Mention("", "", "", *given))
        return found

    def _roles(self, records: list[GraphRecord], rows: list[ValidRow]) -> None:
        roles = {valid.row.record_id: valid.row for valid in rows}
        by_holder: dict[str, list[Row]] = defaultdict(list)
        for record in records:
            role = roles[record.node["record_id"]]
            assert isinstance(role, RoleRow)
            source = record.node["source"]
            by_holder[self.validator.holder_label(role.holder_record_id)].append({
                "from": f"{source}:{role.holder_record_id}",
                "to": f"{source}:{role.company_record_id}",
                "role": role.role, "record": record.key, "share_pct": role.share_pct,
                "since": role.since, "until": role.until})
        for holder, edges in by_holder.items():
            self.bulk.rels("HAS_ROLE", (holder, "CompanyRecord"), edges)
