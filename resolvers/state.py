"""What an incremental resolve needs from the last run, kept beside the store as Arrow files.

A full run saves, per row of its table (one distinct set of compared values): the values,
its mentions, its cluster and entity, and its component (rows joined by pairs that could
link: the clustering of one component never looks outside it); every blocking key a row
holds, so a new row finds its candidates and caps count the whole; the pairs scoring near
or above the review threshold, so a run can tell whether the prior or the term frequencies
moved any pair across a threshold; and the counts the prior and term frequencies come from.
An incremental run reads these files instead of a million mentions and writes them back.
"""

from __future__ import annotations

import json
import shutil
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from graph.schema import MENTION_RELS
from resolvers.blocking import blocking_keys
from resolvers.linker import Linkage, _components
from resolvers.mentions import PartyMention
from resolvers.model import Settings
from resolvers.profiles import COLUMNS, Profiles
from resolvers.table import Table, factorize, present

# 4: aliases; 5: links carry the evidence code (resolvers/evidence.py), not JSON, and
# keys-0 is grouped by kind and value, with its directory (keydir.arrow)
FORMAT = 5
MARGIN = 2.0  # pairs this far below the review threshold are not kept
SEP, NONE, OWN = "\x1f", "\x00", "\x1d"
ROLES = frozenset(role for role in MENTION_RELS if role)
KEY_SLICE = 100_000  # rows whose blocking keys are made at a time
ROLE_OF_REL = {rel: role for role, rel in MENTION_RELS.items()}


@dataclass
class State:
    meta: dict[str, Any]
    rows: pa.Table  # per row: COLUMNS and `identity`; new rows are appended as a segment
    marks: pa.Table  # per row: live, own, component, cluster
    members: pa.Table  # per mention: mention, record, kind, name, row, link (link_digest)
    keys: pa.Table  # per blocking key a row holds: kind (its number), key, row
    pairs: pa.Table  # left, right, weight, rule, never, and per tf column the value's count
    new_keys: list[pa.Table] = field(default_factory=list)  # written as further segments
    new_rows: list[pa.Table] = field(default_factory=list)
    # keys-0's directory: each distinct key value, where its entries start and how many:
    # a lookup touches these and the entries it finds, not all the keys (10 million at a
    # million mentions, 0.2 to 0.9 s a scan). Entries past `directory_covers` are scanned.
    directory: pa.Table | None = None

    @property
    def ran_at(self) -> str:
        return str(self.meta["ran_at"])

    @property
    def directory_covers(self) -> int:
        return int(self.meta.get("directory_covers", 0)) if self.directory is not None else 0


def identity(values: Iterable[str | None], own: str | None = None) -> str:
    """The row a mention folds into: its compared values, or itself when judged. Empty
    values are missing, as in a Table."""
    text = SEP.join(v if v else NONE for v in values)
    return text + OWN + own if own else text


def key_kinds(settings: Settings) -> list[str]:
    return [*("+".join(k) for k in settings.blocking.keys),
            *(f"tokens:{c}" for c in settings.blocking.tokens)]


def key_table(table: Table, settings: Settings, row_ids: np.ndarray) -> pa.Table:
    """Every blocking key of the table's rows, with the rows' ids in the state. Made for a
    slice of the rows at a time (a row's keys are its own), in the order of a whole-table
    pass: a million rows' keys as Python strings at once took about 1 GiB."""
    kinds: dict[int, list[np.ndarray]] = {}
    keys: dict[int, list[pa.Array]] = {}
    rows: dict[int, list[np.ndarray]] = {}
    for start in range(0, max(len(table), 1), KEY_SLICE):
        part = Table({name: values[start:start + KEY_SLICE]
                      for name, values in table.columns.items()})
        for number, (_, _, found, values) in enumerate(blocking_keys(part, settings)):
            kinds.setdefault(number, []).append(np.full(len(found), number, dtype=np.int8))
            keys.setdefault(number, []).append(pa.array(values, pa.large_string()))
            rows.setdefault(number, []).append(row_ids[start + found].astype(np.int32))
    order = sorted(kinds)
    return pa.table({"kind": np.concatenate([a for n in order for a in kinds[n]]),
                     "key": pa.concat_arrays([a for n in order for a in keys[n]]),
                     "row": np.concatenate([a for n in order for a in rows[n]])})


def kept_keys(found: list[tuple[np.ndarray, pa.Array]]) -> pa.Table:
    """key_table of a full run's whole table (row ids its rows), from the keys blocking
    kept (link(keep_keys=True)): the same entries in the same order."""
    return pa.table({"kind": np.concatenate([np.full(len(rows), number, dtype=np.int8)
                                             for number, (rows, _) in enumerate(found)]),
                     "key": pa.concat_arrays([values for _, values in found]),
                     "row": np.concatenate([rows for rows, _ in found])})


def grouped(keys: pa.Table) -> tuple[np.ndarray, pa.Table]:
    """The order that groups the entries by kind and value, and their directory: per kind
    and value, where its entries start in that order and how many there are."""
    encoded = pc.dictionary_encode(keys["key"]).combine_chunks()
    group = encoded.indices.to_numpy().astype(np.int64) * 256 + \
        keys["kind"].to_numpy().astype(np.int64)
    order, ordered = _stable_order(group)
    del group
    starts = np.flatnonzero(np.diff(ordered, prepend=-1))
    counts = np.diff(starts, append=len(ordered))
    found = ordered[starts]
    directory = pa.table({"key": encoded.dictionary.take(pa.array(found // 256)),
                          "kind": (found % 256).astype(np.int8), "start": starts,
                          "count": counts})
    return order, directory


def _stable_order(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """np.argsort(values, kind="stable") and the values in that order. Each value made
    unique by its position and the values sorted, not argsorted: numpy's stable sort of
    int64 is a merge sort, its plain sort a vectorised quicksort, about 5 times faster on
    a million mentions' 10 million keys."""
    n = len(values)
    if n == 0 or int(values.max()) >= 2**62 // n or int(values.min()) < 0:
        order = np.argsort(values, kind="stable")
        return order, values[order]
    ranked = values * n  # in place from here: no more arrays alive than argsort's
    for start in range(0, n, KEY_SLICE * 10):
        ranked[start:start + KEY_SLICE * 10] += np.arange(start, min(n, start + KEY_SLICE * 10))
    ranked.sort()
    order = ranked % n
    ranked //= n
    return order, ranked


def _write_grouped(keys: pa.Table, folder: Path) -> int:
    """keys-0 in the order of its directory, and the directory (keydir.arrow); the number
    of entries the directory covers. Written a slice at a time: a whole copy of ten million
    entries would raise a full run's peak by about 300 MiB."""
    order, directory = grouped(keys)
    _write(directory, folder / "keydir.arrow")
    del directory
    temporary = (folder / "keys-0.arrow").with_suffix(".tmp")
    with pa.OSFile(str(temporary), "wb") as sink, \
            pa.ipc.new_file(sink, keys.schema) as writer:
        for start in range(0, len(order), KEY_SLICE * 10):
            writer.write_table(keys.take(pa.array(order[start:start + KEY_SLICE * 10])))
    temporary.replace(folder / "keys-0.arrow")
    return keys.num_rows


def tf_counts(table: Table, settings: Settings) -> dict[str, np.ndarray]:
    """Per term-frequency column: per row, how many rows hold its value (0 when none)."""
    out = {}
    for comparison in settings.comparisons:
        if comparison.tf:
            values = table[comparison.column]
            given = np.flatnonzero(present(values))
            counts = np.zeros(len(values), dtype=np.int64)
            if len(given):
                inverse, sizes = factorize(values[given])
                counts[given] = sizes[inverse]
            out[comparison.column] = counts
    return out


def pair_table(linkage: Linkage, left: np.ndarray, right: np.ndarray, keep: np.ndarray,
               counts: dict[str, np.ndarray] | None = None) -> pa.Table:
    """The kept pairs of a linkage, with `left`/`right` the rows' ids in the state."""
    settings, table = linkage.settings, linkage.table
    index = np.flatnonzero(keep)
    columns: dict[str, Any] = {
        "left": left[linkage.left[index]].astype(np.int32),
        "right": right[linkage.right[index]].astype(np.int32),
        "weight": linkage.weight[index], "rule": linkage.rule[index],
        "never": linkage.never[index]}
    counts = counts if counts is not None else tf_counts(table, settings)
    via_alias = linkage.through_alias()[index]
    for number, comparison in enumerate(settings.comparisons):
        if comparison.tf:
            # The count kept is of the left row's own name; an alias's exact agreement was
            # weighed by another name's, so it keeps none and drift leaves it alone: a batch
            # changing that name's count shares its name key with the pair's rows, which
            # usually brings them into the re-resolved part.
            exact = (linkage.scored.levels[index, number] == 1) & ~via_alias
            columns[f"tf:{comparison.column}"] = np.where(
                exact, counts[comparison.column][linkage.left[index]], 0).astype(np.int64)
    return pa.table(columns)


def kept(linkage: Linkage) -> np.ndarray:
    return linkage.rule | (linkage.weight >= linkage.settings.review - MARGIN)


def components(linkage: Linkage, same: Iterable[tuple[int, int]],
               different: Iterable[tuple[int, int]]) -> np.ndarray:
    """Per row, the smallest row joined to it by pairs that could link, and by judgements."""
    could = ~linkage.never & (linkage.rule | (linkage.weight >= linkage.settings.link))
    judged = [*same, *different]
    left = np.concatenate((linkage.left[could], np.array([a for a, _ in judged], np.int64)))
    right = np.concatenate((linkage.right[could], np.array([b for _, b in judged], np.int64)))
    return _components(len(linkage.table), left, right)


def row_table(table: Table, members: list[list[str]], judged: set[str]) -> pa.Table:
    """The rows' values and identity, made column-wise (a Python identity per row cost a
    million mentions' run about 2.5 s)."""
    columns = {name: pa.array(table[name], pa.string()) for name in COLUMNS}
    ids = pc.binary_join_element_wise(
        *(pc.fill_null(pc.if_else(pc.equal(values, ""), NONE, values), NONE)
          for values in columns.values()), SEP)
    own = [row for row, group in enumerate(members) if group[0] in judged] if judged else []
    if own:
        made = ids.to_numpy(zero_copy_only=False)
        for row in own:
            made[row] = made[row] + OWN + members[row][0]
        ids = pa.array(made, pa.string())
    return pa.table({**columns, "identity": ids})


def member_table(members: list[list[str]], parties: dict[str, PartyMention],
                 row_ids: np.ndarray, links: dict[str, int]) -> pa.Table:
    flat = [(m, int(row_ids[row])) for row, group in enumerate(members) for m in group]
    found = [parties[m] for m, _ in flat]
    return pa.table({"mention": [m for m, _ in flat], "record": [p.record for p in found],
                     "kind": [p.kind for p in found],
                     "name": [p.mention.name for p in found],
                     "row": pa.array([r for _, r in flat], pa.int32()),
                     "link": pa.array([links.get(m, 0) for m, _ in flat], pa.uint64())})


def link_digests(rel: str, rows: Iterable[dict[str, Any]]) -> dict[str, int]:
    """Per mention, a digest of its link to its entity (the entity and every property but
    the score), so an incremental run rewrites only the links that change without reading
    the graph. A link held by the same pair at the same levels (the same evidence code)
    keeps the score of the run that wrote it, as links outside the re-resolved part do:
    the prior moves every model score by a few hundredths of a bit a batch, and rewriting
    those links (replacing their entities: LadybugDB cannot update a link in place without
    joining the whole table) cost about 1 s of checkpoint a batch at a million mentions."""
    role = ROLE_OF_REL[rel]
    suffix = f"#{role}" if role else ""  # mention_of, once per relationship type
    return {row["from"] + suffix: link_digest(row) for row in rows}


def mention_of(record: str, role: str) -> str:
    return f"{record}#{role}" if role else record


def link_digest(row: dict[str, Any]) -> int:
    text = SEP.join((row["to"], row["method"], row["evidence"], row["model_version"])).encode()
    return zlib.crc32(text) << 32 | zlib.adler32(text)


def record_of(mention: str) -> str:
    record, _, role = mention.rpartition("#")
    return record if record and role in ROLES else mention


def full(found: Profiles, linkage: Linkage, parties: dict[str, PartyMention],
         same: list[tuple[int, int]], different: list[tuple[int, int]],
         judged: set[str], ran_at: str, totals: dict[str, int],
         links: dict[str, int]) -> State:
    """The state after a full run over `found`; `links` from link_digests."""
    table, n = linkage.table, len(linkage.table)
    ids = np.arange(n)
    labels = linkage.clusters.labels
    marks = pa.table({"live": np.ones(n, dtype=bool),
                      "own": np.array([g[0] in judged for g in found.members], dtype=bool),
                      "component": components(linkage, same, different),
                      "cluster": labels})
    return State({**meta(linkage.settings, table, ran_at, judged), **totals},
                 row_table(table, found.members, judged), marks,
                 member_table(found.members, parties, ids, links),
                 key_table(table, linkage.settings, ids),
                 pair_table(linkage, ids, ids, kept(linkage)))


def save_full(found: Profiles, linkage: Linkage, members: pa.Table,
              same: list[tuple[int, int]], different: list[tuple[int, int]],
              judged: set[str], ran_at: str, totals: dict[str, int], folder: Path) -> None:
    """full() then save(), one file at a time: at a million mentions the five tables held
    at once were the full run's peak of memory. `members` from member_table, made before
    so that the caller can let its mentions go."""
    table, ids = linkage.table, np.arange(len(linkage.table))
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    files = {"members": lambda: members,
             "pairs": lambda: pair_table(linkage, ids, ids, kept(linkage)),
             "marks": lambda: pa.table({
                 "live": np.ones(len(table), dtype=bool),
                 "own": np.array([g[0] in judged for g in found.members], dtype=bool),
                 "component": components(linkage, same, different),
                 "cluster": linkage.clusters.labels}),
             "keys-0": lambda: kept_keys(linkage.keys) if linkage.keys
             else key_table(table, linkage.settings, ids),
             "rows-0": lambda: row_table(table, found.members, judged)}
    covers = 0
    for name, make in files.items():
        if name == "keys-0":
            keys = make()
            linkage.keys = None  # made: their memory is the row table's next
            covers = _write_grouped(keys, folder)
            del keys
        else:
            _write(make(), folder / f"{name}.arrow")
    info = {**meta(linkage.settings, table, ran_at, judged), **totals,
            "directory_covers": covers}
    (folder / "meta.json").write_text(json.dumps(info), encoding="utf-8")


def meta(settings: Settings, table: Table, ran_at: str, judged: set[str]) -> dict[str, Any]:
    return {"format": FORMAT, "model_version": settings.version, "ran_at": ran_at,
            "prior": settings.prior, "kinds": key_kinds(settings),
            "within": within_counts(table, settings),
            "tf_rows": {c.column: int(present(table[c.column]).sum())
                        for c in settings.comparisons if c.tf},
            "judged": sorted(judged), "segments": 1, "row_segments": 1}


def within_counts(table: Table, settings: Settings) -> dict[str, int]:
    """Rows per value of the `within` columns (entity type): the prior's comparable pairs."""
    key = np.full(len(table), "", dtype=object)
    for column in settings.within:
        key = key + table[column].astype(str) + SEP
    counted: dict[str, int] = {}
    for value in key.tolist():
        counted[value] = counted.get(value, 0) + 1
    return counted


# --- files ------------------------------------------------------------------------------

def save(state: State, folder: Path, fresh: bool) -> None:
    """Write the state; `fresh` (a full run) replaces every file, otherwise the key
    segments written before are kept and the new rows' keys added as one more."""
    if fresh:
        shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "meta.json").unlink(missing_ok=True)  # a state half written is no state
    for name in ("marks", "members", "pairs"):
        _write(getattr(state, name), folder / f"{name}.arrow")
    if fresh:
        state.meta["directory_covers"] = _write_grouped(state.keys, folder)
        _write(state.rows, folder / "rows-0.arrow")
    for table in state.new_keys:
        _write(table, folder / f"keys-{state.meta['segments']}.arrow")
        state.meta["segments"] += 1
    for table in state.new_rows:
        _write(table, folder / f"rows-{state.meta['row_segments']}.arrow")
        state.meta["row_segments"] += 1
    state.new_keys, state.new_rows = [], []
    (folder / "meta.json").write_text(json.dumps(state.meta), encoding="utf-8")


def saved_format(folder: Path) -> int | None:
    path = folder / "meta.json"
    if not path.exists():
        return None
    return int(json.loads(path.read_text(encoding="utf-8")).get("format", 0))


def load(folder: Path) -> State | None:
    path = folder / "meta.json"
    if not path.exists():
        return None
    info = json.loads(path.read_text(encoding="utf-8"))
    if info.get("format") != FORMAT:
        return None
    keys = pa.concat_tables([_read(folder / f"keys-{n}.arrow") for n in range(info["segments"])])
    rows = pa.concat_tables([_read(folder / f"rows-{n}.arrow")
                             for n in range(info["row_segments"])])
    directory = folder / "keydir.arrow"
    return State(info, rows, _read(folder / "marks.arrow"),
                 _read(folder / "members.arrow"), keys, _read(folder / "pairs.arrow"),
                 directory=_read(directory) if directory.exists() else None)


def _write(table: pa.Table, path: Path) -> None:
    # A new file renamed over the old: the old one may still be memory-mapped by this run.
    temporary = path.with_suffix(".tmp")
    with pa.OSFile(str(temporary), "wb") as sink, \
            pa.ipc.new_file(sink, table.schema) as writer:
        writer.write_table(table)
    temporary.replace(path)


def _read(path: Path) -> pa.Table:
    return pa.ipc.open_file(pa.memory_map(str(path))).read_all()


def rows_holding(keys: pa.Table, kind: int, values: pa.Array) -> pa.Table:
    """The (key, row) entries of one blocking key whose value is among `values`."""
    hit = pc.and_(pc.equal(keys["kind"], kind), pc.is_in(keys["key"], value_set=values))
    return keys.filter(hit)
