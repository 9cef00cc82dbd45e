"""Load a batch folder into a graph store: stream, validate, write in chunks, report.

The batch is marked "loading" before its first row is written and "complete"
after its last; a load that finds its batch still "loading" (the previous one
was killed) removes what that one wrote and starts over, so the end state is
always that of one clean load.
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

from graph.records import Provenance
from graph.store import BulkWriter, GraphStore, Written
from loaders.batch import Batch, DataFile, open_batch
from loaders.fast_path import FastRows, validate_chunk
from loaders.fast_read import read_pieces
from loaders.readers import RawRow, read_rows
from loaders.reference import link_registered_agents
from loaders.report import REPORT_NAME, Rejection, write_report
from loaders.validate import BatchValidator, ValidRow
from loaders.writer import RecordWriter

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
           chunk: int = CHUNK, columns: bool = True) -> IngestResult:
    """`columns=False` validates every row with the models (the reference the column
    checks are tested against); the default checks whole columns and gives the rows
    they cannot vouch for to the models, with the same result."""
    return ingest_batches(store, [open_batch(folder)], encoding, report_dir,
                          lambda _: progress, chunk, columns)[0]


def ingest_batches(store: GraphStore, batches: list[Batch], encoding: str | None = None,
                   report_dir: Path = DEFAULT_REPORTS,
                   progress: Callable[[Batch], Progress | None] | None = None,
                   chunk: int = CHUNK, columns: bool = True) -> list[IngestResult]:
    """Load batches in order, several of them through one bulk writer.

    The embedded engine's COPY into a table that already holds rows costs by the rows
    it holds (its checkpoint rewrites them), so batches of different sources are staged
    together and each table is copied once at the end of the group; a source's second
    batch starts a new group (its rows may update the first's). Each batch is marked
    "complete" once its group is in the store."""
    results: list[IngestResult] = []
    with few_collections():
        for group in _groups(batches):
            results += _ingest_group(store, group, encoding, report_dir, progress, chunk,
                                     columns)
    return results


def _groups(batches: list[Batch]) -> Iterator[list[Batch]]:
    group: list[Batch] = []
    for batch in batches:
        if any(batch.source.id == other.source.id for other in group):
            yield group
            group = []
        group.append(batch)
    if group:
        yield group


def _ingest_group(store: GraphStore, batches: list[Batch], encoding: str | None,
                  report_dir: Path, progress: Callable[[Batch], Progress | None] | None,
                  chunk: int, columns: bool) -> list[IngestResult]:
    # Every batch of the group is marked "loading" (what a killed load of it left is
    # removed) before any row is staged: the store does not change under the staging.
    provs = []
    for batch in batches:
        prov = Provenance(batch.source.id, batch.batch_id, _resume(store, batch.batch_id),
                          batch.source.visibility)
        _write_source(store, batch)
        _write_batch(store, batch, prov, IngestResult(batch.source.id, batch.batch_id,
                                                      batch.folder), "loading")
        provs.append(prov)
    results = []
    staged: dict[str, set[str]] = defaultdict(set)  # shared keys staged by the group
    with store.writer() as bulk:
        for batch, prov in zip(batches, provs, strict=True):
            result = _stage(store, bulk, batch, prov, staged, encoding,
                            progress(batch) if progress else None, chunk, columns)
            results.append(result)
    if any("companies" in result.loaded for result in results):
        link_registered_agents(store)  # new company addresses may be a registered agent's
    for batch, prov, result in zip(batches, provs, results, strict=True):
        _write_batch(store, batch, prov, result, "complete")
        result.report = _save_report(result, batch, report_dir)
    return results


def _stage(store: GraphStore, bulk: BulkWriter, batch: Batch, prov: Provenance,
           staged: dict[str, set[str]], encoding: str | None, progress: Progress | None,
           chunk: int, columns: bool) -> IngestResult:
    validator = BatchValidator(rejections=list(batch.unknown))
    result = IngestResult(batch.source.id, batch.batch_id, batch.folder)
    records = RecordWriter(store, bulk, prov, validator, _staged=staged)
    for data in batch.files:
        result.loaded[data.kind] = Written()
        parts = _parts(data, validator, encoding, chunk) if columns else \
            _chunks(_valid_rows(data, validator, encoding), chunk)
        for rows in parts:
            if isinstance(rows, FastRows):
                result.loaded[data.kind].add(records.write_fast(rows))
            else:
                result.loaded[data.kind].add(records.write(rows))
            if progress:
                progress(data.kind, len(rows))
    result.rejections = validator.rejections
    return result


def _valid_rows(data: DataFile, validator: BatchValidator,
                encoding: str | None) -> Iterator[ValidRow]:
    header_ok = lambda columns: validator.check_header(data, columns)  # noqa: E731
    for raw in read_rows(data, encoding, validator.rejections, header_ok):
        valid = validator.validate(data, raw)
        if valid is not None:
            yield valid


def _parts(data: DataFile, validator: BatchValidator, encoding: str | None,
           chunk: int) -> Iterator[FastRows | list[ValidRow]]:
    """Column chunks and runs of row-validated rows, in line order."""
    header_ok = lambda columns: validator.check_header(data, columns)  # noqa: E731
    pending: list[ValidRow] = []
    for piece in read_pieces(data, encoding, validator.rejections, header_ok, chunk):
        parts = [validator.validate(data, piece)] if isinstance(piece, RawRow) else \
            validate_chunk(data, validator, piece)
        for part in parts:
            if isinstance(part, ValidRow):
                pending.append(part)
                if len(pending) >= chunk:
                    yield pending
                    pending = []
            elif part is not None:
                if pending:
                    yield pending
                    pending = []
                yield from part.split(chunk)
    if pending:
        yield pending


def _chunks(rows: Iterable[ValidRow], size: int) -> Iterator[list[ValidRow]]:
    chunk: list[ValidRow] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _resume(store: GraphStore, batch_id: str) -> str:
    """The batch's first load time; a load of it that died half way is undone first."""
    rows = store.query("MATCH (b:Batch {key: $key}) RETURN b.loaded_at AS at, b.status AS status",
                       {"key": batch_id})
    if not rows:
        return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
    if rows[0]["status"] != "complete":
        store.purge_batch(batch_id)
    return str(rows[0]["at"])


def _write_source(store: GraphStore, batch: Batch) -> None:
    node = {"key": batch.source.id, "name": batch.source.name,
            "agency_type": batch.source.agency_type, "visibility": batch.source.visibility}
    store.put_node("Source", node)


def _write_batch(store: GraphStore, batch: Batch, prov: Provenance, result: IngestResult,
                 status: str) -> None:
    files = {kind: vars(written) for kind, written in result.loaded.items()}
    node = {"key": batch.batch_id, "source": batch.source.id, "loaded_at": prov.loaded_at,
            "files": json.dumps(files, sort_keys=True), "rows": result.rows_loaded,
            "rejected": len(result.rejections), "status": status}
    store.put_node("Batch", node)


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
