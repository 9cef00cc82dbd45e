"""A resolve after new or changed records works on what they touch and ends where a full run
does: the same mentions together, judgements honoured, changed records moved."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

from graph.schema import ENTITY, MENTION_RELS
from graph.store import GraphStore
from loaders.ingest import ingest
from loaders.models import ROW_MODELS
from resolvers import state
from resolvers.export import resolution_rows
from resolvers.judgements import make_judgement, save_judgement
from resolvers.rebuild import Resolution, resolve
from tests.test_cli import run
from tradegraph.cli import batch_folders

COMPANY_RECORD = ROW_MODELS["companies"].label
RESOLVES_TO = MENTION_RELS[""]
# Batches without roles, so their last rows can arrive later as batches of their own.
SPLIT = ("customs-declarations", "customs-registry", "sanctions", "police")


def partition(store: GraphStore) -> set[frozenset[tuple[str, str, str]]]:
    """Which mentions share an entity, whatever the entities' ids."""
    groups: dict[str, set[tuple[str, str, str]]] = {}
    for row in resolution_rows(store):
        groups.setdefault(row.entity_id, set()).add((row.source, row.record_id, row.role))
    return {frozenset(members) for members in groups.values()}


def entity_of(store: GraphStore) -> dict[tuple[str, str, str], str]:
    return {(r.source, r.record_id, r.role): r.entity_id for r in resolution_rows(store)}


def split(demo: Path, out: Path, later: float = 0.02) -> tuple[list[Path], list[Path]]:
    """The demo batches to load first, and the last rows of some as later batches."""
    first, rest = [], []
    for folder in batch_folders([demo / "batches"]):
        if folder.name not in SPLIT:
            first.append(folder)
            continue
        head, tail = out / "first" / folder.name, out / "later" / folder.name
        for target in (head, tail):
            target.mkdir(parents=True)
            shutil.copy(folder / "source.yaml", target)
        for data in folder.glob("*.csv"):
            header, *rows = _read(data)
            cut = len(rows) - max(1, int(len(rows) * later))
            _write(head / data.name, header, rows[:cut])
            _write(tail / data.name, header, rows[cut:])
        first.append(head)
        rest.append(tail)
    return first, rest


def _read(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def _write(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([header, *rows])


def full_run_agrees(store: GraphStore) -> Resolution:
    """Resolve incrementally; a full run of the same data must give the same partition."""
    latest = resolve(store, full=False)
    after = partition(store)
    resolve(store, full=True)
    assert after == partition(store)
    return latest


def test_a_new_batch_resolves_incrementally_as_a_full_run(store: GraphStore, demo_dir: Path,
                                                          tmp_path: Path) -> None:
    first, later = split(demo_dir, tmp_path / "batches")
    for folder in first:
        ingest(store, folder)
    resolve(store, full=False)
    for folder in later:
        ingest(store, folder)
    latest = full_run_agrees(store)
    assert latest.incremental
    assert 0 < latest.read < latest.mentions / 10


def test_a_changed_record_moves_to_its_new_entity(store: GraphStore, demo_dir: Path,
                                                  tmp_path: Path) -> None:
    for folder in batch_folders([demo_dir / "batches"]):
        ingest(store, folder)
    resolve(store)
    registry = demo_dir / "batches" / "customs-registry"
    header, *rows = _read(registry / "companies.csv")
    moved, target = rows[0], rows[5]
    changed = list(moved)
    for column in ("name", "tax_id", "address", "phone"):
        changed[header.index(column)] = target[header.index(column)]
    fix = tmp_path / "registry-fix"
    fix.mkdir()
    shutil.copy(registry / "source.yaml", fix)
    _write(fix / "companies.csv", header, [changed])
    ingest(store, fix)
    latest = full_run_agrees(store)
    assert latest.incremental and latest.read == 1
    entities = entity_of(store)
    record = header.index("record_id")
    assert entities[("customs-registry", moved[record], "")] == \
        entities[("customs-registry", target[record], "")]


def test_judgements_win_in_an_incremental_run(store: GraphStore, demo_dir: Path,
                                              tmp_path: Path) -> None:
    # A smaller later batch: with 2 % of the rows, the judged components and the rows the
    # batch reaches come close to the share beyond which a full run is as quick.
    first, later = split(demo_dir, tmp_path / "batches", later=0.01)
    for folder in first:
        ingest(store, folder)
    resolve(store)
    together = sorted(g for g in partition(store) if len(g) > 2)[0]
    a, b = sorted(together)[:2]
    apart = sorted(sorted(g) for g in partition(store) if len(g) == 1)[:2]
    c, d = apart[0][0], apart[1][0]
    ids = {m: f"{m[0]}:{m[1]}" + (f"#{m[2]}" if m[2] else "") for m in (a, b, c, d)}
    save_judgement(store, make_judgement(ids[a], ids[b], "different", "tester"))
    save_judgement(store, make_judgement(ids[c], ids[d], "same", "tester"))
    for folder in later:
        ingest(store, folder)
    latest = resolve(store, full=False)
    entities = entity_of(store)
    assert latest.incremental and latest.judgements == 2
    assert entities[a] != entities[b] and entities[c] == entities[d]
    after = partition(store)
    resolve(store, full=True)
    assert after == partition(store)


def test_a_judgement_alone_is_applied_incrementally(store: GraphStore,
                                                   demo_dir: Path) -> None:
    for folder in batch_folders([demo_dir / "batches"]):
        ingest(store, folder)
    resolve(store)
    a, b = sorted(sorted(g for g in partition(store) if len(g) > 2)[0])[:2]
    save_judgement(store, make_judgement(f"{a[0]}:{a[1]}" + (f"#{a[2]}" if a[2] else ""),
                                         f"{b[0]}:{b[1]}" + (f"#{b[2]}" if b[2] else ""),
                                         "different", "tester"))
    latest = full_run_agrees(store)
    assert latest.incremental and 2 <= latest.read <= 6  # the two records' mentions
    entities = entity_of(store)
    assert entities[a] != entities[b]


def test_the_summary_says_what_was_read(demo_dir: Path, tmp_path: Path) -> None:
    first, later = split(demo_dir, tmp_path / "batches")
    store = str(tmp_path / "store")
    for folder in first:
        run("ingest", str(folder), "--store", store)
    assert "full run: no saved state" in run("resolve", "--store", store)[1]
    for folder in later:
        run("ingest", str(folder), "--store", store)
    code, out, _ = run("resolve", "--store", store)
    assert code == 0 and "incremental: read" in " ".join(out.split())
    code, out, _ = run("resolve", "--full", "--store", store)
    assert code == 0 and "incremental" not in out and "full run" not in out


def test_records_deleted_outside_a_load_make_the_run_full(store: GraphStore,
                                                          demo_dir: Path) -> None:
    for folder in batch_folders([demo_dir / "batches"]):
        ingest(store, folder)
    resolve(store)
    # A registry record linked to others, deleted by hand: the link it made may go with it.
    record = store.query(f"MATCH (n:{COMPANY_RECORD})-[:{RESOLVES_TO}]->(e:{ENTITY})"
                         f"<-[:{RESOLVES_TO}]-(m:{COMPANY_RECORD}) WHERE n.key < m.key "
                         "RETURN n.key AS key ORDER BY key LIMIT 1")[0]["key"]
    store.execute(f"MATCH (n:{COMPANY_RECORD} {{key: $key}}) DETACH DELETE n", {"key": record})
    latest = resolve(store, full=False)
    assert not latest.incremental and "deleted from the store" in latest.note
    after = partition(store)
    source, _, record_id = record.partition(":")
    assert all((source, record_id, "") not in group for group in after)
    resolve(store, full=True)
    assert after == partition(store)


def links_in_graph(store: GraphStore) -> dict[str, int]:
    """Per mention, the digest of its one link to an entity as the graph holds it."""
    found: dict[str, int] = {}
    for rel in sorted(set(MENTION_RELS.values())):
        for row in store.query(f"MATCH (n)-[r:{rel}]->(e:{ENTITY}) RETURN n.key AS `from`, "
                               "e.key AS to, r.score AS score, r.method AS method, "
                               "r.evidence AS evidence, r.model_version AS model_version"):
            mention = state.mention_of(row["from"], state.ROLE_OF_REL[rel])
            assert mention not in found
            found[mention] = state.link_digest(row)
    return found


def test_links_kept_by_an_incremental_run_are_the_ones_it_computed(
        store: GraphStore, demo_dir: Path, tmp_path: Path) -> None:
    """An incremental run rewrites only the entities and links that change; every mention
    still has exactly one link, with the entity, score and evidence the run computed."""
    # A 1 % batch: at 2 % the rows it reaches sit at the 25 % share where a full run is as
    # quick, on either side of it depending on PYTHONHASHSEED.
    first, later = split(demo_dir, tmp_path / "batches", later=0.01)
    for folder in first:
        ingest(store, folder)
    resolve(store)
    a, b = sorted(sorted(g for g in partition(store) if len(g) > 2)[0])[:2]
    left, right = (f"{m[0]}:{m[1]}" + (f"#{m[2]}" if m[2] else "") for m in (a, b))
    save_judgement(store, make_judgement(left, right, "different", "tester"))
    for folder in later:
        ingest(store, folder)
    for _ in range(2):
        assert resolve(store, full=False).incremental
        saved = state.load(store.state_folder())
        assert saved is not None
        assert links_in_graph(store) == dict(zip(saved.members["mention"].to_pylist(),
                                                 saved.members["link"].to_pylist(),
                                                 strict=True))
        save_judgement(store, make_judgement(left, right, "same", "tester"))
