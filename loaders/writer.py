"""Write validated rows into a store: record nodes, their party links, attributes and roles.

New rows go through the store's bulk writer. Entity and attribute nodes are
shared between records, so each is written once: keys already staged by this
load are remembered, the rest are looked up in the store.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from graph.records import GraphRecord, Provenance, attributes, to_graph
from graph.schema import ATTRIBUTE_RELS, ATTRIBUTES, ENTITY, MENTION_RELS
from graph.store import BulkWriter, GraphStore, Written
from loaders.models import RoleRow
from loaders.validate import BatchValidator, ValidRow
from resolvers import provisional

Row = dict[str, Any]


@dataclass
class RecordWriter:
    store: GraphStore
    bulk: BulkWriter
    prov: Provenance
    validator: BatchValidator
    _staged: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))

    def write(self, rows: list[ValidRow]) -> Written:
        records = [to_graph(valid.row, valid.extra, valid.digest, self.prov) for valid in rows]
        label = records[0].label
        found = self.store.existing(label, (r.key for r in records))
        new = [r for r in records if r.key not in found]
        changed = [r for r in records if r.key in found and found[r.key] != r.node["row_hash"]]
        self.bulk.nodes(label, [r.node for r in new])
        if changed:
            self.store.update_nodes(label, [r.node for r in changed])
            self.store.delete_owned(label, [r.key for r in changed])
        if new or changed:
            self._edges(label, new + changed, rows)
        return Written(len(new), len(changed), len(records) - len(new) - len(changed))

    def _edges(self, label: str, records: list[GraphRecord], rows: list[ValidRow]) -> None:
        if label == RoleRow.label:
            self._roles(records, rows)
        else:
            self._mentions(label, records)
            self._attributes(label, records)

    def _shared_nodes(self, label: str, rows: dict[str, Row]) -> None:
        """Stage the nodes neither this load nor the store has yet."""
        staged = self._staged[label]
        fresh = [key for key in rows if key not in staged]
        known = self.store.existing(label, fresh) if fresh else {}
        self.bulk.nodes(label, [rows[key] for key in fresh if key not in known])
        staged.update(fresh)

    def _mentions(self, label: str, records: list[GraphRecord]) -> None:
        entities: dict[str, Row] = {}
        edges: dict[str, list[Row]] = defaultdict(list)
        for record in records:
            for mention in record.mentions:
                link = provisional.link(record.key, mention)
                if link.entity not in entities:
                    entities[link.entity] = {"key": link.entity, "name": mention.name,
                                             "entity_type": mention.entity_type,
                                             "method": link.method}
                edges[MENTION_RELS[mention.role]].append(
                    {"from": record.key, "to": link.entity, "score": link.score,
                     "method": link.method, "evidence": link.evidence})
        self._shared_nodes(ENTITY, entities)
        for rel, rows in edges.items():
            self.bulk.rels(rel, (label, ENTITY), rows)

    def _attributes(self, label: str, records: list[GraphRecord]) -> None:
        nodes: dict[str, dict[str, Row]] = defaultdict(dict)
        edges: dict[str, dict[tuple[str, str, str], Row]] = defaultdict(dict)
        for record in records:
            for mention in record.mentions:
                for kind, key, value in attributes(mention):
                    nodes[kind].setdefault(key, {"key": key, "value": value})
                    edges[kind][(record.key, key, mention.role)] = {
                        "from": record.key, "to": key, "role": mention.role}
        for kind, rows in nodes.items():
            self._shared_nodes(ATTRIBUTES[kind], rows)
            self.bulk.rels(ATTRIBUTE_RELS[kind], (label, ATTRIBUTES[kind]),
                           list(edges[kind].values()))

    def _roles(self, records: list[GraphRecord], rows: list[ValidRow]) -> None:
        roles = {valid.row.record_id: valid.row for valid in rows}
        by_holder: dict[str, list[Row]] = defaultdict(list)
        for record in records:
            role = roles[record.node["record_id"]]
            assert isinstance(role, RoleRow)
            source = record.node["source"]
            by_holder[self.validator.holder_label(role)].append({
                "from": f"{source}:{role.holder_record_id}",
                "to": f"{source}:{role.company_record_id}",
                "role": role.role, "record": record.key, "share_pct": role.share_pct,
                "since": role.since, "until": role.until})
        for holder, edges in by_holder.items():
            self.bulk.rels("HAS_ROLE", (holder, "CompanyRecord"), edges)
