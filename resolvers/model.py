"""The match model: Fellegi–Sunter weights, thresholds and blocking, as a versioned JSON file.

A pair's match weight is the prior's log-odds plus, per comparison, log2(m/u) of the
level the pair falls in (m: how often true matches fall there, u: how often non-matches
do). Where a comparison has `tf`, an exact agreement is re-weighted by how common the
value is: log2(u / frequency), so two mentions of a rare name gain more than two of
"Nguyen Van An". Weight >= thresholds.link is a link, >= thresholds.review goes to a
person, anything lower is no link.

Rules stay beside the model, precision first: `rules.same` columns link on equality
(method "rule"), `rules.never` columns forbid any link when both sides differ.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from resolvers.comparisons import Comparison
from resolvers.table import Table, factorize, present

PACKAGED = "model.json"


@dataclass(frozen=True)
class Blocking:
    keys: tuple[tuple[str, ...], ...]  # rows equal on all these columns are compared
    tokens: tuple[str, ...] = ()  # rows sharing a rare word (or pair of words) are compared
    max_block: int = 400  # a key shared by more rows than this is too common to block on
    max_token_block: int = 60
    # Smaller caps for some keys ("name": 20): a name shared by dozens of rows is common,
    # and its pairs are rows that agree on nothing else worth comparing.
    caps: tuple[tuple[str, int], ...] = ()

    def cap(self, columns: tuple[str, ...]) -> int:
        return dict(self.caps).get("+".join(columns), self.max_block)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Blocking:
        return cls(tuple(tuple(k) for k in data["keys"]), tuple(data.get("tokens", ())),
                   int(data.get("max_block", 400)), int(data.get("max_token_block", 60)),
                   tuple((str(k), int(v)) for k, v in data.get("caps", {}).items()))

    def to_json(self) -> dict[str, Any]:
        return {"keys": [list(k) for k in self.keys], "tokens": list(self.tokens),
                "max_block": self.max_block, "max_token_block": self.max_token_block,
                **({"caps": dict(self.caps)} if self.caps else {})}


@dataclass(frozen=True)
class Settings:
    version: str
    prior: float  # probability that two random rows are one party, in the training data
    link: float  # match weight thresholds
    review: float
    comparisons: tuple[Comparison, ...]
    blocking: Blocking
    within: tuple[str, ...] = ()  # only rows equal on these are ever compared (entity type)
    across: str | None = None  # only rows differing on this are compared (linking two files)
    same_rules: tuple[str, ...] = ()
    never_rules: tuple[str, ...] = ()
    training: tuple[tuple[str, ...], ...] = ()  # EM sessions: pairs equal on these columns
    compatible: float = 0.0  # two rows scoring this much may be one party (see linker)
    strong: float = 14.0  # a bridge at least this strong needs no support from other members
    tf_floor: float = 1e-6
    notes: dict[str, Any] = field(default_factory=dict)
    # The prior scales with the data: each row has about this many others of its party,
    # so among n rows the prior is matches_per_row * n / (2 * comparable pairs).
    matches_per_row: float | None = None

    @property
    def prior_weight(self) -> float:
        return float(np.log2(self.prior / (1 - self.prior)))

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Settings:
        rules = data.get("rules", {})
        return cls(
            version=str(data["version"]), prior=float(data["prior"]),
            link=float(data["thresholds"]["link"]), review=float(data["thresholds"]["review"]),
            compatible=float(data["thresholds"].get("compatible", 0.0)),
            comparisons=tuple(Comparison.from_json(c) for c in data["comparisons"]),
            blocking=Blocking.from_json(data["blocking"]), within=tuple(data.get("within", ())),
            across=data.get("across"), same_rules=tuple(rules.get("same", ())),
            never_rules=tuple(rules.get("never", ())),
            training=tuple(tuple(t) for t in data.get("training", ())),
            strong=float(data.get("strong", 14.0)),
            tf_floor=float(data.get("tf_floor", 1e-6)), notes=dict(data.get("notes", {})),
            matches_per_row=data.get("matches_per_row"))

    def to_json(self) -> dict[str, Any]:
        return {
            "version": self.version, "notes": self.notes, "prior": self.prior,
            **({"matches_per_row": self.matches_per_row} if self.matches_per_row else {}),
            "thresholds": {"link": self.link, "review": self.review,
                           "compatible": self.compatible}, "strong": self.strong,
            "within": list(self.within), **({"across": self.across} if self.across else {}),
            "rules": {"same": list(self.same_rules), "never": list(self.never_rules)},
            "tf_floor": self.tf_floor, "training": [list(t) for t in self.training],
            "blocking": self.blocking.to_json(),
            "comparisons": [c.to_json() for c in self.comparisons],
        }

    def sized_for(self, table: Table) -> Settings:
        """The same model with the prior of a table of this size."""
        if not self.matches_per_row:
            return self
        pairs = comparable_pairs(table, self)
        prior = self.matches_per_row * len(table) / (2 * pairs) if pairs else self.prior
        return replace(self, prior=float(min(max(prior, 1e-12), 0.5)))


def comparable_pairs(table: Table, settings: Settings) -> int:
    """How many pairs could be compared at all (before blocking)."""
    if not len(table):
        return 0
    if settings.across:
        counts = factorize(table[settings.across])[1]
        return int((counts.sum() ** 2 - (counts ** 2).sum()) // 2)
    key = np.full(len(table), "", dtype=object)
    for column in settings.within:
        key = key + table[column].astype(str) + "\x1f"
    counts = factorize(key)[1]
    return int((counts * (counts - 1) // 2).sum())


def load(path: Path | None = None) -> Settings:
    """The packaged model (resolvers/data/model.json), or one from a file."""
    text = path.read_text(encoding="utf-8") if path else \
        resources.files("resolvers.data").joinpath(PACKAGED).read_text(encoding="utf-8")
    return Settings.from_json(json.loads(text))


def save(settings: Settings, path: Path) -> None:
    path.write_text(json.dumps(settings.to_json(), indent=1, ensure_ascii=False) + "\n",
                    encoding="utf-8")


@dataclass(frozen=True)
class Scored:
    """Each pair's level per comparison, its weight per comparison and its total."""

    levels: np.ndarray  # int8 [pairs, comparisons]
    partial: np.ndarray  # float [pairs, comparisons], term-frequency adjustment included
    total: np.ndarray  # prior + sum of partial


def score(table: Table, settings: Settings, left: np.ndarray, right: np.ndarray,
          levels: np.ndarray) -> Scored:
    partial = np.zeros(levels.shape, dtype=np.float64)
    for index, comparison in enumerate(settings.comparisons):
        partial[:, index] = comparison.weights()[levels[:, index]]
        if comparison.tf:
            exact = levels[:, index] == 1
            partial[exact, index] += tf_adjustment(table, settings, comparison, left[exact])
    return Scored(levels, partial, settings.prior_weight + partial.sum(axis=1))


def tf_adjustment(table: Table, settings: Settings, comparison: Comparison,
                  rows: np.ndarray) -> np.ndarray:
    """log2(u_exact / frequency of the value): negative for common values, positive for rare."""
    frequency = term_frequencies(table, comparison.column)[rows]
    return np.log2(comparison.levels[0].u / np.maximum(frequency, settings.tf_floor))


def term_frequencies(table: Table, column: str) -> np.ndarray:
    key = f"{column}|tf"
    if key not in table._derived:
        values = table[column]
        given = np.flatnonzero(present(values))
        share = np.zeros(len(values))
        if len(given):
            inverse, counts = factorize(values[given])
            share[given] = counts[inverse] / len(given)
        table._derived[key] = share
    return table._derived[key]


def probability(weight: np.ndarray | float) -> np.ndarray:
    return 1.0 / (1.0 + np.exp2(-np.asarray(weight, dtype=np.float64)))
