"""Risk ranking: entities ordered by their findings, with every point of the total explained.

Each finding adds to the total of every entity it names:

    points = severity weight x finding score x 0.5 ** k

- severity weight: the query's severity, low = 1, medium = 2, high = 3;
- finding score: the query's own score of the finding, 0 to 1;
- k: the finding's place among the entity's findings of the same typology, best score first
  (0, 1, 2, ...). Diminishing returns: ten findings of one typology count less than two
  findings of two typologies, and one typology adds at most twice its weight.

An entity's total is the sum over all its findings, so each line of the explanation
(typology, query, score, weight, factor, points, reason, evidence records) adds up to it.
Pure functions over findings: the CLI and an HTTP API can both use them.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from queries.findings import QueryFindings
from queries.runner import Finding

SEVERITY_WEIGHTS = {"low": 1.0, "medium": 2.0, "high": 3.0}
DECAY = 0.5


@dataclass(frozen=True)
class Contribution:
    """What one finding adds to one entity's total."""

    query: str
    typology: str
    severity: str
    weight: float
    score: float
    factor: float
    reason: str
    records: tuple[tuple[str, str], ...]

    @property
    def points(self) -> float:
        return self.weight * self.score * self.factor

    def as_dict(self) -> dict[str, Any]:
        return {"query": self.query, "typology": self.typology, "severity": self.severity,
                "weight": self.weight, "score": round(self.score, 4),
                "factor": self.factor, "points": round(self.points, 4), "reason": self.reason,
                "records": [{"source": s, "record_id": r} for s, r in self.records]}


@dataclass
class EntityRisk:
    entity: str
    name: str = ""
    contributions: list[Contribution] = field(default_factory=list)

    @property
    def total(self) -> float:
        return sum(c.points for c in self.contributions)

    @property
    def typologies(self) -> list[str]:
        return sorted({c.typology for c in self.contributions})

    @property
    def records(self) -> list[tuple[str, str]]:
        return list(dict.fromkeys(r for c in self.contributions for r in c.records))

    def as_dict(self) -> dict[str, Any]:
        return {"entity": self.entity, "name": self.name, "total": round(self.total, 4),
                "typologies": self.typologies,
                "contributions": [c.as_dict() for c in self.contributions]}


def rank(parts: list[QueryFindings], names: dict[str, str] | None = None) -> list[EntityRisk]:
    """Every entity named by a finding, highest total first (ties by entity key)."""
    names = names or {}
    grouped: dict[tuple[str, str], list[tuple[QueryFindings, Finding]]] = defaultdict(list)
    for part in parts:
        for finding in part.findings:
            for entity in dict.fromkeys(finding.entities):
                grouped[(entity, part.typology)].append((part, finding))
    ranked: dict[str, EntityRisk] = {}
    for (entity, _), found in grouped.items():
        risk = ranked.setdefault(entity, EntityRisk(entity, names.get(entity, "")))
        risk.contributions.extend(_diminished(found))
    for risk in ranked.values():
        risk.contributions.sort(key=lambda c: (-c.points, c.typology, c.query, c.reason))
    return sorted(ranked.values(), key=lambda r: (-r.total, r.entity))


def _diminished(found: list[tuple[QueryFindings, Finding]]) -> list[Contribution]:
    """One typology's findings of one entity, best first, each worth half the one before."""
    best_first = sorted(found, key=lambda pf: (-_weight(pf[0]) * pf[1].score, pf[0].query,
                                               pf[1].reason))
    return [Contribution(part.query, part.typology, part.severity, _weight(part),
                         finding.score, DECAY ** k, finding.reason,
                         tuple((r["source"], r["record_id"]) for r in finding.records))
            for k, (part, finding) in enumerate(best_first)]


def _weight(part: QueryFindings) -> float:
    return SEVERITY_WEIGHTS.get(part.severity, SEVERITY_WEIGHTS["medium"])
