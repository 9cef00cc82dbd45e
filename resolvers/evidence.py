"""The evidence code a record's link to its entity carries, and its reading.

A link stores its score, method and model version as properties of their own; its evidence
says which pair holds the record in its entity and how that pair compared, as a short code:

    "3110000 police:P00001234"  the record's mention and police:P00001234 compared at these
                                levels, one character per comparison of the link's model
                                version, in the model's order: 0 a side missing, k the
                                comparison's k-th level (resolvers/data/model.json)
    "~3110000 police:P00001234" the same, the names compared being an alias of one or both
                                (resolvers/aliases.py; `tradegraph explain` names it)
    "same police:P00001234"     the same compared values as police:P00001234
    "none"                      no other mention matched: an entity of its own
    "judged"                    joined by a person's judgement

The code names no weight or prior: those move by a few hundredths of a bit with every batch,
and a link whose text changes is rewritten. Short, because LadybugDB's checkpoint rewrites
the stored strings of every relationship group that gains or loses a link: with the JSON
waterfall (143 bytes a link on average) the checkpoint after a 1,000-record batch took 2.7
to 3.0 s at a million mentions, with the code 1.2 to 1.6 s.
`read` expands a code into the levels' labels and weights for `tradegraph explain`; any
other text (the loader's provisional links, stores resolved before the code) reads as is.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass

import numpy as np

from resolvers.model import Settings

DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"  # level k of a comparison is DIGITS[k]
NONE, JUDGED, SAME, ALIAS = "none", "judged", "same", "~"


def levels_code(levels: np.ndarray, alias: bool = False) -> str:
    """One character per comparison: its level for the pair (0: a side missing); marked
    when the pair was scored on an alias."""
    return (ALIAS if alias else "") + "".join(DIGITS[int(level)] for level in levels)


def pair(levels: str, other: str) -> str:
    return f"{levels} {other}"


def same(other: str) -> str:
    return f"{SAME} {other}"


@dataclass(frozen=True)
class Step:
    comparison: str
    level: str  # the level's label, "missing" for level 0
    weight: float  # the level's weight in the model, before any frequency adjustment


@dataclass(frozen=True)
class Reading:
    text: str  # one line for a person
    other: str | None = None  # the other mention of the pair that holds the link
    steps: tuple[Step, ...] = ()
    alias: bool = False  # the pair's names were compared through an alias


def read(code: str | None, settings: Settings, score: float | None = None,
         method: str | None = None, version: str | None = None) -> Reading:
    """A link's evidence for a person. `settings`: the model the levels are read with; when
    `version` (the link's model version) is another, the reading says so."""
    if not code:
        return Reading("not resolved yet")
    head, _, other = code.partition(" ")
    if code == NONE:
        return Reading("no other mention matched: an entity of its own")
    if code == JUDGED:
        return Reading("joined to its entity by a person's judgement")
    if head == SAME and other:
        return Reading(f"the same compared values as {other}", other)
    alias = head.startswith(ALIAS)
    levels = head.removeprefix(ALIAS)
    if other and len(levels) == len(settings.comparisons) and all(c in DIGITS for c in levels):
        steps = tuple(_step(settings, index, DIGITS.index(c)) for index, c in enumerate(levels))
        text = _sentence(steps, other, score, method, settings.version, version)
        return Reading(text + (" (names compared through an alias)" if alias else ""), other,
                       steps, alias)
    if code.startswith("{"):  # a store resolved before the code: the JSON waterfall
        return Reading(_legacy(code), json.loads(code).get("with"))
    return Reading(code)  # the loader's provisional link, or a code of another model


def _step(settings: Settings, index: int, level: int) -> Step:
    comparison = settings.comparisons[index]
    return Step(comparison.name, comparison.label(level), float(comparison.weights()[level]))


def _sentence(steps: tuple[Step, ...], other: str, score: float | None, method: str | None,
              model_version: str, link_version: str | None) -> str:
    said = ", ".join(f"{s.comparison} {s.level} {s.weight:+.1f}" for s in steps
                     if s.level != "missing")
    how = f"{method or 'linked'}"
    if score is not None:
        how += f", score {score:.4f}"
        if 0 < score < 1:
            how += f" ({math.log2(score / (1 - score)):+.1f} bits)"
    version = "" if link_version in (None, model_version) else \
        f" (levels read with model {model_version}; the link was made by {link_version})"
    return f"{how}; with {other}: {said}{version}"


def _legacy(code: str) -> str:
    data = json.loads(code)
    if "comparisons" not in data:
        return str(data.get("rule", code)) + (f" ({data['with']})" if "with" in data else "")
    said = ", ".join(f"{name} {label} {weight:+.1f}" for name, label, weight
                     in data["comparisons"])
    return (f"{data.get('method')}, weight {data.get('weight')}; with {data.get('with')}: "
            f"{said}")
