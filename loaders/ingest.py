"""Load a batch folder into a graph store: stream, validate, write in chunks, report.

Each chunk's records are written first marked pending, then their edges, then
their real row hash: a load killed half way leaves pending records that the
next load of the batch rewrites, so the end state is that of one clean load.
"""

from __future__ import annotations

import datetime as dt
import gc
import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graph.records import GraphRecord, Provenance, attributes, to_graph
from graph.schema import ATTRIBUTE_RELS, ATTRIBUTES, ENTITY, MENTION_RELS
from graph.store import PENDING, GraphStore, Written
from loaders.batch import Batch, DataFile, open_batch
from loaders.models import RoleRow
from loaders.readers import read_rows
from loaders.report import REPORT_NAME, Rejection, write_report
from loaders.validate import BatchValidator, ValidRow
from resolvers import provisional

DEFAULT_REPORTS = Path("tradegraph-data") / "reports"
CHUNK = 20_000  # rows per write: big enough to amortise each bulk COPY
Progress = Callable[[str, int], None]


@dataclass
class IngestResult:
    source: str
    batch_id: str
    folder: Path
    loaded: dict[str, Written] = field(default_factory=dict)
    rejections: list[Rejection] = field(default_factory=list)
    report: Path | None = None

    @property
    def rows_loaded(self) -> int:
        return sum(w.created + w.updated + w.unchanged for w in self.loaded.values())


@contextmanager
def few_collections() -> Iterator[None]:
    """A load allocates millions of long-lived objects; default GC thresholds would rescan
    them over and over for no garbage."""
    before = gc.get_threshold()
    gc.set_threshold(200_000, 50, 1000)
    try:
        yield
    finally:
        gc.set_threshold(*before)


def ingest(store: GraphStore, folder: Path, encoding: str | None = None,
           report_dir: Path = DEFAULT_REPORTS, progress: Progress | None = None,
           chunk: int = CHUNK) -> IngestResult:
    with few_collections():
        return _ingest(store, open_batch(folder), encoding, report_dir, progress, chunk)


def _ingest(store: GraphStore, batch: Batch, encoding: str | None, report_dir: Path,
            progress: Progress | None, chunk: int) -> IngestResult:
    folder = batch.folder
    prov = Provenance(batch.source.id, batch.batch_id, _loaded_at(store, batch.batch_id),
                      batch.source.visibility)
    _write_source(store, batch)
    _write_batch(store, batch, prov, IngestResult(batch.source.id, batch.batch_id, folder),
                 "loading")
    validator = BatchValidator(rejections=list(batch.unknown))
    result = IngestResult(batch.source.id, batch.batch_id, folder)
    for data in batch.files:
        result.loaded[data.kind] = Written()
        for rows in _chunks(_valid_rows(data, validator, encoding), chunk):
            result.loaded[data.kind].add(write_chunk(store, prov, rows, validator))
            if progress:
                progress(data.kind, len(rows))
    result.rejections = validator.rejections
    _write_batch(store, batch, prov, result, "complete")
    result.report = _save_report(result, batch, report_dir)
    return result


def _valid_rows(data: DataFile, validator: BatchValidator,
                encoding: str | None) -> Iterator[ValidRow]:
    header_ok = lambda columns: validator.check_header(data, columns)  # noqa: E731
    for raw in read_rows(data, encoding, validator.rejections, header_ok):
        valid = validator.validate(data, raw)
        if valid is not None:
            yield valid


def _chunks(rows: Iterable[ValidRow], size: int) -> Iterator[list[ValidRow]]:
    chunk: list[ValidRow] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def write_chunk(store: GraphStore, prov: Provenance, rows: list[ValidRow],
                validator: BatchValidator) -> Written:
    records = [to_graph(valid.row, valid.extra, valid.digest, prov) for valid in rows]
    label = records[0].label
    found = store.existing(label, (r.key for r in records))
    new = [r for r in records if r.key not in found]
    changed = [r for r in records if r.key in found and found[r.key] != r.node["row_hash"]]
    store.create_nodes(label, [{**r.node, "row_hash": PENDING} for r in new])
    if changed:
        store.update_nodes(label, [{**r.node, "row_hash": PENDING} for r in changed])
        store.delete_owned(label, [r.key for r in changed])
    todo = new + changed
    if todo:
        _write_edges(store, label, todo, rows, validator)
        store.set_each(label, "row_hash", {r.key: r.node["row_hash"] for r in todo})
    return Written(len(new), len(changed), len(records) - len(todo))


def _write_edges(store: GraphStore, label: str, records: list[GraphRecord],
                 rows: list[ValidRow], validator: BatchValidator) -> None:
    if label == RoleRow.label:
        _write_roles(store, records, rows, validator)
        return
    _write_mentions(store, label, records)
    _write_attributes(store, label, records)


def _write_mentions(store: GraphStore, label: str, records: list[GraphRecord]) -> None:
    entities: dict[str, dict[str, Any]] = {}
    edges: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for record in records:
        for mention in record.mentions:
            link = provisional.link(record.key, mention)
            entities.setdefault(link.entity, {"key": link.entity, "name": mention.name,
                                              "entity_type": mention.entity_type,
                                              "method": link.method})
            edges[MENTION_RELS[mention.role]].append(
                {"from": record.key, "to": link.entity, "score": link.score,
                 "method": link.method, "evidence": link.evidence})
    store.ensure_nodes(ENTITY, list(entities.values()))
    for rel, rows in edges.items():
        store.create_rels(rel, (label, ENTITY), rows)


def _write_attributes(store: GraphStore, label: str, records: list[GraphRecord]) -> None:
    nodes: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
    edges: dict[str, dict[tuple[str, str, str], dict[str, Any]]] = defaultdict(dict)
    for record in records:
        for mention in record.mentions:
            for kind, key, value in attributes(mention):
                nodes[kind].setdefault(key, {"key": key, "value": value})
                edges[kind][(record.key, key, mention.role)] = {
                    "from": record.key, "to": key, "role": mention.role}
    for kind, rows in nodes.items():
        store.ensure_nodes(ATTRIBUTES[kind], list(rows.values()))
        store.create_rels(ATTRIBUTE_RELS[kind], (label, ATTRIBUTES[kind]),
                          list(edges[kind].values()))


def _write_roles(store: GraphStore, records: list[GraphRecord], rows: list[ValidRow],
                 validator: BatchValidator) -> None:
    roles = {valid.row.record_id: valid.row for valid in rows}
    by_holder: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for record in records:
        role = roles[record.node["record_id"]]
        assert isinstance(role, RoleRow)
        source = record.node["source"]
        by_holder[validator.holder_label(role)].append({
            "from": f"{source}:{role.holder_record_id}", "to": f"{source}:{role.company_record_id}",
            "role": role.role, "record": record.key, "share_pct": role.share_pct,
            "since": role.since, "until": role.until})
    for holder, edges in by_holder.items():
        store.create_rels("HAS_ROLE", (holder, "CompanyRecord"), edges)


def _loaded_at(store: GraphStore, batch_id: str) -> str:
    rows = store.query("MATCH (b:Batch {key: $key}) RETURN b.loaded_at AS at", {"key": batch_id})
    if rows and rows[0]["at"]:
        return str(rows[0]["at"])
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


def _write_source(store: GraphStore, batch: Batch) -> None:
    node = {"key": batch.source.id, "name": batch.source.name,
            "agency_type": batch.source.agency_type, "visibility": batch.source.visibility}
    if store.ensure_nodes("Source", [node]) == 0:
        store.update_nodes("Source", [node])


def _write_batch(store: GraphStore, batch: Batch, prov: Provenance, result: IngestResult,
                 status: str) -> None:
    files = {kind: vars(written) for kind, written in result.loaded.items()}
    node = {"key": batch.batch_id, "source": batch.source.id, "loaded_at": prov.loaded_at,
            "files": json.dumps(files, sort_keys=True), "rows": result.rows_loaded,
            "rejected": len(result.rejections), "status": status}
    if store.ensure_nodes("Batch", [node]) == 0:
        store.update_nodes("Batch", [node])


def _save_report(result: IngestResult, batch: Batch, report_dir: Path) -> Path | None:
    """The report lives with the batch; elsewhere only when the batch folder is not writable."""
    path = batch.folder / REPORT_NAME
    if not result.rejections:
        if path.is_file():
            path.unlink()  # a report from an earlier load of the folder would mislead
        return None
    try:
        write_report(result.rejections, path)
    except OSError:
        report_dir.mkdir(parents=True, exist_ok=True)
        path = report_dir / f"{batch.batch_id}-{REPORT_NAME}"
        write_report(result.rejections, path)
    return path
