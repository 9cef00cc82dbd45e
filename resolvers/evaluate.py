"""Score a resolution against the truth: pairwise and B-cubed precision, recall and F1.

Both sides are mappings mention -> cluster id, a mention being (source, record_id, role)
as in the spec's "Resolution export". Only mentions present on both sides are scored;
how many are missing on each side is reported beside the scores.

Everything is counted from the contingency table of (true cluster, predicted cluster)
cells, so the cost is linear in the number of mentions: pairs are counted with
n*(n-1)/2 per cluster and per cell, never enumerated.

Conventions for empty denominators: with no predicted pair, pairwise precision is 1
(nothing was claimed, so nothing was wrong); with no true pair, pairwise recall is 1.
An F1 whose precision and recall are both 0 is 0.
"""

from __future__ import annotations

import csv
import heapq
import operator
import typing
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from itertools import compress, repeat
from pathlib import Path
from typing import Any

from graph.schema import MENTION_RELS

COLUMNS = ("source", "record_id", "role", "entity_id")
ROLES = tuple(MENTION_RELS)
Mention = tuple[str, str, str]
Clustering = Mapping[Mention, str]


class ResolutionFileError(ValueError):
    """A resolution file that does not follow the format; names the file, line and field."""

    def __init__(self, path: Path | str, line: int | None, field_name: str | None,
                 message: str) -> None:
        where = str(path)
        if line is not None:
            where += f", line {line}"
        if field_name:
            where += f", field {field_name}"
        super().__init__(f"{where}: {message}")
        self.path = str(path)
        self.line = line
        self.field = field_name
        self.reason = message


def read_resolution(path: Path) -> dict[Mention, str]:
    """Read a `source,record_id,role,entity_id` file into mention -> entity id.

    Raises ResolutionFileError for a missing or unreadable file, a wrong header, a row
    with the wrong number of fields, an empty source/record_id/entity_id, an unknown
    role, or a mention given twice.
    """
    try:
        file = path.open(encoding="utf-8-sig", newline="")
    except OSError as error:
        raise ResolutionFileError(path, None, None, f"cannot open: {error.strerror}") from None
    mapping: dict[Mention, str] = {}
    first_line: dict[Mention, int] = {}
    with file:
        reader = csv.reader(file)
        try:
            header = next(reader, None)
            if header is None:
                raise ResolutionFileError(path, 1, None, "empty file: expected the header "
                                          + ",".join(COLUMNS))
            _check_header(path, header)
            for row in reader:
                line = reader.line_num
                if not row:
                    continue  # a blank line
                mention, entity = _parse_row(path, line, row)
                if mention in first_line:
                    raise ResolutionFileError(
                        path, line, None, f"mention {','.join(mention)} is already given on "
                        f"line {first_line[mention]}; the format has one row per mention")
                first_line[mention] = line
                mapping[mention] = entity
        except UnicodeDecodeError as error:
            raise ResolutionFileError(path, _first_undecodable_line(path), None,
                                      f"not UTF-8 text ({error.reason})") from None
        except csv.Error as error:
            raise ResolutionFileError(path, reader.line_num, None,
                                      f"malformed CSV ({error})") from None
    return mapping


def _first_undecodable_line(path: Path) -> int | None:
    """Text is decoded in blocks, so the reader's line count is no guide: look line by line."""
    with path.open("rb") as file:
        for number, raw in enumerate(file, start=1):
            try:
                raw.decode("utf-8")
            except UnicodeDecodeError:
                return number
    return None


def _check_header(path: Path, header: list[str]) -> None:
    found = [name.strip() for name in header]
    if found == list(COLUMNS):
        return
    for position, expected in enumerate(COLUMNS):
        given = found[position] if position < len(found) else None
        if given != expected:
            what = "missing" if given is None else f"is {given!r}"
            raise ResolutionFileError(
                path, 1, f"{position + 1} ({expected})",
                f"header column {position + 1} {what}; expected the header "
                + ",".join(COLUMNS))
    raise ResolutionFileError(path, 1, f"{len(COLUMNS) + 1} ({found[len(COLUMNS)]!r})",
                              "unexpected extra header column; expected the header "
                              + ",".join(COLUMNS))


def _parse_row(path: Path, line: int, row: list[str]) -> tuple[Mention, str]:
    if len(row) != len(COLUMNS):
        raise ResolutionFileError(path, line, None,
                                  f"expected {len(COLUMNS)} fields, found {len(row)}")
    source, record_id, role, entity = row
    for name, value in (("source", source), ("record_id", record_id), ("entity_id", entity)):
        if not value.strip():
            raise ResolutionFileError(path, line, name, "must not be empty")
    if role not in ROLES:
        allowed = ", ".join(repr(r) for r in ROLES)
        raise ResolutionFileError(path, line, "role", f"unknown role {role!r}; one of {allowed}")
    return (source, record_id, role), entity


def clustering_from_rows(rows: Iterable[tuple[str, str, str, str]],
                         origin: str = "the export") -> dict[Mention, str]:
    """Mention -> entity id from (source, record_id, role, entity_id) rows, e.g. the store's.

    The same row twice is harmless; one mention resolved to two entities raises ValueError.
    """
    mapping: dict[Mention, str] = {}
    for source, record_id, role, entity in rows:
        mention = (source, record_id, role)
        known = mapping.setdefault(mention, entity)
        if known != entity:
            raise ValueError(f"{origin}: mention {','.join(mention)} resolves to two entities, "
                             f"{known} and {entity}")
    return mapping


# --- metrics ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Scores:
    precision: float
    recall: float
    f1: float


@dataclass(frozen=True)
class ClusterIssue:
    """A cluster of one side that the other side cuts into pieces.

    For a merge, `cluster` is a predicted entity and `parts` are the true parties it
    joins; for a split, `cluster` is a true party and `parts` the predicted entities it
    was spread over. Sizes count mentions present on both sides.
    """

    cluster: str
    size: int
    pieces: int
    parts: list[tuple[str, int]]  # the biggest pieces: other side's id, mentions in it
    examples: list[Mention]  # one mention from each listed part, in the same order


@dataclass
class Evaluation:
    mentions: int  # scored: present in both
    missing_from_predicted: int  # in the truth only
    missing_from_truth: int  # in the prediction only
    true_clusters: int
    predicted_clusters: int
    true_pairs: int
    predicted_pairs: int
    correct_pairs: int
    pairwise: Scores
    bcubed: Scores
    worst_merges: list[ClusterIssue] = field(default_factory=list)
    worst_splits: list[ClusterIssue] = field(default_factory=list)
    missing_examples: dict[str, list[Mention]] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Contingency:
    """Mentions per (true cluster, predicted cluster) cell and per cluster on each side,
    over the mentions present in both (`common`, in the truth's order)."""

    cells: Counter[tuple[str, str]]
    true_sizes: Counter[str]
    predicted_sizes: Counter[str]
    common: list[Mention]
    true_ids: list[str]
    predicted_ids: list[str]
    missing_from_predicted: int
    missing_from_truth: int

    @property
    def mentions(self) -> int:
        return len(self.common)


def contingency(truth: Clustering, predicted: Clustering) -> Contingency:
    """The contingency table over the mentions present in both; O(n), counted in C."""
    mentions: list[Mention] = list(truth)
    true_ids: list[str] = list(truth.values())
    found: list[str | None] = list(map(predicted.get, mentions))
    if None in found:
        keep = list(map(operator.is_not, found, repeat(None)))
        mentions = list(compress(mentions, keep))
        true_ids = list(compress(true_ids, keep))
        found = list(compress(found, keep))
    predicted_ids = typing.cast(list[str], found)
    common = len(mentions)
    return Contingency(Counter(zip(true_ids, predicted_ids, strict=True)), Counter(true_ids),
                       Counter(predicted_ids), mentions, true_ids, predicted_ids,
                       missing_from_predicted=len(truth) - common,
                       missing_from_truth=len(predicted) - common)


def _pairs(sizes: Iterable[int]) -> int:
    """Pairs inside groups of these sizes: the sum of n * (n - 1) / 2."""
    values = list(sizes)
    return (sum(map(operator.mul, values, values)) - sum(values)) // 2


def _f1(precision: float, recall: float) -> float:
    total = precision + recall
    return 2 * precision * recall / total if total else 0.0


def pair_counts(table: Contingency) -> tuple[int, int, int]:
    """(true pairs, predicted pairs, pairs both agree on) without enumerating any pair."""
    return (_pairs(table.true_sizes.values()), _pairs(table.predicted_sizes.values()),
            _pairs(table.cells.values()))


def pairwise_scores(table: Contingency) -> Scores:
    true_pairs, predicted_pairs, correct = pair_counts(table)
    precision = correct / predicted_pairs if predicted_pairs else 1.0
    recall = correct / true_pairs if true_pairs else 1.0
    return Scores(precision, recall, _f1(precision, recall))


def bcubed_scores(table: Contingency) -> Scores:
    """B-cubed: per mention, the share of its predicted cluster that is truly its party
    (precision) and the share of its party that landed in its predicted cluster (recall),
    averaged over mentions. A cell of n mentions contributes n * n / size to each sum."""
    if not table.mentions:
        return Scores(0.0, 0.0, 0.0)
    precision_sum = recall_sum = 0.0
    true_sizes, predicted_sizes = table.true_sizes, table.predicted_sizes
    for (true_id, predicted_id), n in table.cells.items():
        precision_sum += n * n / predicted_sizes[predicted_id]
        recall_sum += n * n / true_sizes[true_id]
    precision = precision_sum / table.mentions
    recall = recall_sum / table.mentions
    return Scores(precision, recall, _f1(precision, recall))


def _worst(pieces: Counter[str], sizes: Counter[str], top: int) -> list[str]:
    """The clusters cut into the most pieces (then the biggest), at most `top` of them."""
    cut = (cluster for cluster, n in pieces.items() if n > 1)
    return heapq.nsmallest(top, cut, key=lambda c: (-pieces[c], -sizes[c], c))


def _issues(chosen: list[str], parts: dict[str, Counter[str]], pieces: Counter[str],
            sizes: Counter[str], examples: dict[tuple[str, str], Mention], parts_shown: int
            ) -> list[ClusterIssue]:
    issues = []
    for cluster in chosen:
        shown = sorted(parts[cluster].items(), key=lambda part: (-part[1], part[0]))
        shown = shown[:parts_shown]
        issues.append(ClusterIssue(cluster, sizes[cluster], pieces[cluster], shown,
                                   [examples[(cluster, other)] for other, _ in shown]))
    return issues


def evaluate(truth: Clustering, predicted: Clustering, top: int = 10,
             parts_shown: int = 5) -> Evaluation:
    """Score `predicted` against `truth` over the mentions in both.

    Raises ValueError when no mention is in both: there would be nothing to score.
    """
    table = contingency(truth, predicted)
    if not table.mentions:
        raise ValueError(f"no mention is in both the truth ({len(truth):,} mentions) and the "
                         f"prediction ({len(predicted):,}): are they from the same data?")
    true_pairs, predicted_pairs, correct = pair_counts(table)
    # A predicted cluster in k cells joins k true parties; a true party in k cells is split k
    # ways.
    merge_pieces = Counter(p for _, p in table.cells)
    split_pieces = Counter(t for t, _ in table.cells)
    merges = _worst(merge_pieces, table.predicted_sizes, top)
    splits = _worst(split_pieces, table.true_sizes, top)

    # The parts of the chosen clusters and the first mention (in sort order) of each part:
    # one more pass, only over mentions of chosen clusters. The sides' ids may overlap, so
    # merges and splits keep separate tables.
    merge_set, split_set = set(merges), set(splits)
    merge_parts: dict[str, Counter[str]] = defaultdict(Counter)
    split_parts: dict[str, Counter[str]] = defaultdict(Counter)
    merge_examples: dict[tuple[str, str], Mention] = {}
    split_examples: dict[tuple[str, str], Mention] = {}
    for (true_id, predicted_id), n in table.cells.items():
        if predicted_id in merge_set:
            merge_parts[predicted_id][true_id] = n
        if true_id in split_set:
            split_parts[true_id][predicted_id] = n
    if merge_set or split_set:
        for mention, true_id, predicted_id in zip(table.common, table.true_ids,
                                                  table.predicted_ids, strict=True):
            if predicted_id in merge_set:
                key = (predicted_id, true_id)
                if key not in merge_examples or mention < merge_examples[key]:
                    merge_examples[key] = mention
            if true_id in split_set:
                key = (true_id, predicted_id)
                if key not in split_examples or mention < split_examples[key]:
                    split_examples[key] = mention
    missing_examples = {
        "from_predicted": heapq.nsmallest(5, (m for m in truth if m not in predicted))
        if table.missing_from_predicted else [],
        "from_truth": heapq.nsmallest(5, (m for m in predicted if m not in truth))
        if table.missing_from_truth else [],
    }
    return Evaluation(
        mentions=table.mentions,
        missing_from_predicted=table.missing_from_predicted,
        missing_from_truth=table.missing_from_truth,
        true_clusters=len(table.true_sizes),
        predicted_clusters=len(table.predicted_sizes),
        true_pairs=true_pairs, predicted_pairs=predicted_pairs, correct_pairs=correct,
        pairwise=pairwise_scores(table), bcubed=bcubed_scores(table),
        worst_merges=_issues(merges, merge_parts, merge_pieces, table.predicted_sizes,
                             merge_examples, parts_shown),
        worst_splits=_issues(splits, split_parts, split_pieces, table.true_sizes,
                             split_examples, parts_shown),
        missing_examples=missing_examples,
    )
