"""Clusters of rows from pairwise links, guarded against joining distinct parties.

Links are taken strongest first (people's "same" judgements, then rules, then the model
by weight); a link is refused when it would join
- two clusters holding different guard values (tax codes): two legal persons;
- two rows a person judged "different", wherever they sit in the two clusters: so a
  "different" splits a cluster that other links would have chained together;
- two clusters of several rows through a bridge weaker than `strong`, when most of the
  scored pairs between their members fall below the link threshold: one look-alike
  mention must not chain an innocent trader into another's history.
The accepted links form a forest; its components (union-find) are the clusters.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np

HUMAN, RULE, MODEL = "human", "rule", "model"
Pair = tuple[int, int]


@dataclass(frozen=True)
class Links:
    left: np.ndarray
    right: np.ndarray
    weight: np.ndarray
    method: np.ndarray  # dtype=object: "rule" or "model"


@dataclass(frozen=True)
class Guard:
    keys: np.ndarray  # per row: its guard value (tax code) or None
    strong: float  # a bridge this strong links without support from other members
    match: float  # weight at which a scored pair counts as matching
    scored: Links  # every scored pair, for the support of a weak bridge
    support: float = 0.5


@dataclass
class Clusters:
    labels: np.ndarray  # per row: the smallest row of its cluster
    joined_by: dict[int, int]  # row -> index of the accepted link that holds it (-1: human)
    refused: list[tuple[int, str]] = field(default_factory=list)  # (link index, why)
    contradictions: list[tuple[Pair, str]] = field(default_factory=list)

    def groups(self) -> dict[int, list[int]]:
        out: dict[int, list[int]] = {}
        for row, label in enumerate(self.labels.tolist()):
            out.setdefault(label, []).append(row)
        return out


def cluster(n: int, links: Links, guard: Guard, same: Iterable[Pair] = (),
            different: Iterable[Pair] = ()) -> Clusters:
    state = _State(n, guard, different)
    joined_by: dict[int, int] = {}
    contradictions: list[tuple[Pair, str]] = []
    for a, b in same:
        why = state.refusal(a, b, np.inf, HUMAN)
        if why:
            contradictions.append(((a, b), why))
        elif state.merge(a, b):
            joined_by.setdefault(a, -1)
            joined_by.setdefault(b, -1)
    refused: list[tuple[int, str]] = []
    lefts, rights = links.left.tolist(), links.right.tolist()
    weights, methods = links.weight.tolist(), links.method.tolist()
    for index in _strongest_first(links).tolist():
        a, b = lefts[index], rights[index]
        why = state.refusal(a, b, weights[index], methods[index])
        if why:
            refused.append((index, why))
        elif state.merge(a, b):
            joined_by.setdefault(a, index)
            joined_by.setdefault(b, index)
    return Clusters(state.labels(), joined_by, refused, contradictions)


def _strongest_first(links: Links) -> np.ndarray:
    rank = np.where(links.method == RULE, np.inf, links.weight.astype(float))
    return np.lexsort((links.right, links.left, -rank))


class _State:
    """Union-find over rows with, per cluster, its members, guard values and forbidden rows."""

    def __init__(self, n: int, guard: Guard, different: Iterable[Pair]) -> None:
        self.guard = guard
        self.parent = list(range(n))
        self.members: dict[int, list[int]] = {}
        self.keys: dict[int, frozenset[str]] = {}
        self.forbidden: dict[int, set[int]] = {}
        for a, b in different:
            self.forbidden.setdefault(a, set()).add(b)
            self.forbidden.setdefault(b, set()).add(a)
        self.neighbours = _adjacency(n, guard.scored)

    def find(self, row: int) -> int:
        root = row
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[row] != root:
            self.parent[row], row = root, self.parent[row]
        return root

    def labels(self) -> np.ndarray:
        """Per row, the smallest row of its cluster."""
        roots = np.fromiter((self.find(row) for row in range(len(self.parent))),
                            dtype=np.int64, count=len(self.parent))
        smallest = np.full(len(roots), len(roots), dtype=np.int64)
        np.minimum.at(smallest, roots, np.arange(len(roots)))
        return smallest[roots]

    def _members(self, root: int) -> list[int]:
        return self.members.get(root, [root])

    def _keys(self, root: int) -> frozenset[str]:
        if root not in self.keys:
            key = self.guard.keys[root]
            self.keys[root] = frozenset((key,)) if key is not None else frozenset()
        return self.keys[root]

    def refusal(self, a: int, b: int, weight: float, method: str) -> str | None:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return None
        if self._judged_apart(ra, rb):
            return "judged different by a person"
        if method == HUMAN:
            return None
        ka, kb = self._keys(ra), self._keys(rb)
        if ka and kb and not ka & kb:
            return f"different tax codes ({min(ka)}, {min(kb)})"
        if method == MODEL and weight < self.guard.strong and self._weakly_supported(ra, rb):
            return "weak bridge: most members of the two clusters do not match"
        return None

    def _judged_apart(self, ra: int, rb: int) -> bool:
        fa, fb = self.forbidden.get(ra), self.forbidden.get(rb)
        if not fa and not fb:
            return False
        small, large = sorted((ra, rb), key=lambda r: len(self._members(r)))
        banned = self.forbidden.get(large, set())
        return any(row in banned for row in self._members(small))

    def _weakly_supported(self, ra: int, rb: int) -> bool:
        small, large = sorted((ra, rb), key=lambda r: len(self._members(r)))
        if len(self._members(small)) < 2:
            return False
        bounds, rows, weights = self.neighbours
        matched = scored = 0
        for row in self._members(small):
            span = slice(bounds[row], bounds[row + 1])
            for other, weight in zip(rows[span].tolist(), weights[span].tolist(), strict=True):
                if self.find(other) == large:
                    scored += 1
                    matched += weight >= self.guard.match
        return scored > 0 and matched < self.guard.support * scored

    def merge(self, a: int, b: int) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return False
        if len(self._members(ra)) < len(self._members(rb)):
            ra, rb = rb, ra
        self.parent[rb] = ra
        self.members.setdefault(ra, [ra]).extend(self.members.pop(rb, [rb]))
        self.keys[ra] = self._keys(ra) | self._keys(rb)
        if rb in self.forbidden or ra in self.forbidden:
            self.forbidden[ra] = self.forbidden.get(ra, set()) | self.forbidden.pop(rb, set())
        return True


def _adjacency(n: int, scored: Links) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per row, the rows it was scored against and the weights, as CSR arrays."""
    ends = np.concatenate((scored.left, scored.right))
    others = np.concatenate((scored.right, scored.left))
    weights = np.concatenate((scored.weight, scored.weight))
    order = np.argsort(ends, kind="stable")
    bounds = np.searchsorted(ends[order], np.arange(n + 1))
    return bounds, others[order], weights[order]
