"""Human judgements: a person's "same" or "different" for two mentions, kept for good.

A judgement is a record of someone's decision, not derived data: resolving never
deletes it, and every later run honours it over the model. Judgements are applied
in the order they were made. For one pair the latest decision counts (a person may
correct themselves or a colleague; the earlier one is reported as revised). A
"same" that would put two mentions judged "different" into one entity contradicts
that earlier "different" and is not applied: keeping two parties apart is the safe
side, since a false link hands one trader another's history.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from graph.store import GraphStore

JUDGEMENT = "Judgement"
DECISIONS = ("same", "different")


class JudgementError(ValueError):
    pass


@dataclass(frozen=True)
class Judgement:
    left: str  # mention ids, "source:record_id" or "source:record_id#role", left < right
    right: str
    decision: str
    who: str
    at: str  # ISO 8601 UTC, to the microsecond, so judgements order by when they were made
    note: str = ""

    @property
    def pair(self) -> tuple[str, str]:
        return self.left, self.right

    @property
    def key(self) -> str:
        text = "\x1f".join((self.left, self.right, self.decision, self.who, self.at))
        return "jdg-" + hashlib.blake2b(text.encode(), digest_size=8).hexdigest()

    def as_row(self) -> dict[str, str]:
        return {"key": self.key, "left": self.left, "right": self.right,
                "decision": self.decision, "who": self.who, "at": self.at, "note": self.note}

    def describe(self) -> str:
        return f"{self.who} judged {self.left} and {self.right} {self.decision} on {self.at[:10]}"


def make_judgement(a: str, b: str, decision: str, who: str, note: str = "",
                   at: dt.datetime | None = None) -> Judgement:
    decision = decision.strip().lower()
    if decision not in DECISIONS:
        raise JudgementError(f"decision {decision!r}: must be one of {', '.join(DECISIONS)}")
    if not who.strip():
        raise JudgementError("who: say who decides (--who or $TRADEGRAPH_USER)")
    left, right = sorted((a.strip(), b.strip()))
    if left == right:
        raise JudgementError(f"{left}: a mention cannot be judged against itself")
    when = (at or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
    return Judgement(left, right, decision, who.strip(), when.isoformat(timespec="microseconds"),
                     note.strip())


def save_judgement(store: GraphStore, judgement: Judgement) -> None:
    store.put_node(JUDGEMENT, judgement.as_row())


def read_judgements(store: GraphStore) -> list[Judgement]:
    rows = store.query(f"MATCH (j:{JUDGEMENT}) RETURN j.left AS left, j.right AS right, "
                       "j.decision AS decision, j.who AS who, j.at AS at, j.note AS note "
                       "ORDER BY at, left, right")
    return [Judgement(r["left"], r["right"], r["decision"], r["who"], r["at"], r["note"] or "")
            for r in rows]


@dataclass(frozen=True)
class Conflict:
    kind: str  # "revised" (one pair decided both ways) or "contradiction" (across pairs)
    judgement: Judgement  # the one not applied
    against: tuple[Judgement, ...]  # the applied ones it conflicts with
    message: str


@dataclass
class Constraints:
    """What the clustering must honour: pairs kept together, pairs kept apart."""

    same: list[tuple[str, str]] = field(default_factory=list)
    different: list[tuple[str, str]] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    stale: list[Judgement] = field(default_factory=list)  # naming mentions no longer loaded
    by_pair: dict[tuple[str, str], Judgement] = field(default_factory=dict)  # the one in force


def constraints(judgements: Sequence[Judgement],
                known: Iterable[str] | None = None) -> Constraints:
    """The judgements in force, in the order made; conflicts and stale ones reported."""
    out = Constraints()
    present = set(known) if known is not None else None
    latest: dict[tuple[str, str], Judgement] = {}
    for judgement in sorted(judgements, key=lambda j: (j.at, j.pair)):
        if present is not None and not {judgement.left, judgement.right} <= present:
            out.stale.append(judgement)
            continue
        earlier = latest.get(judgement.pair)
        if earlier is not None and earlier.decision != judgement.decision:
            out.conflicts.append(Conflict(
                "revised", earlier, (judgement,),
                f"{earlier.describe()}; later {judgement.who} judged them {judgement.decision} "
                f"on {judgement.at[:10]}: the later decision counts"))
        latest[judgement.pair] = judgement
    in_force = sorted(latest.values(), key=lambda j: (j.at, j.pair))
    apart = [j for j in in_force if j.decision == "different"]
    groups = _SameGroups()
    for judgement in in_force:
        if judgement.decision != "same":
            continue
        blocking = groups.would_join(judgement.left, judgement.right, apart)
        if blocking:
            out.conflicts.append(Conflict(
                "contradiction", judgement, tuple(blocking),
                f"{judgement.describe()}, but that would make one party of mentions judged "
                f"different ({'; '.join(j.describe() for j in blocking)}): "
                "kept apart, this 'same' is not applied"))
            continue
        groups.join(judgement.left, judgement.right)
        out.same.append(judgement.pair)
    out.different = [j.pair for j in apart]
    out.by_pair = {j.pair: j for j in in_force}
    applied = set(out.same) | set(out.different)
    out.by_pair = {pair: j for pair, j in out.by_pair.items() if pair in applied}
    return out


class _SameGroups:
    """Mentions held together by "same" judgements applied so far."""

    def __init__(self) -> None:
        self._group: dict[str, set[str]] = {}

    def members(self, mention: str) -> set[str]:
        return self._group.get(mention, {mention})

    def would_join(self, a: str, b: str, apart: Sequence[Judgement]) -> list[Judgement]:
        left, right = self.members(a), self.members(b)
        return [j for j in apart if (j.left in left and j.right in right)
                or (j.left in right and j.right in left)]

    def join(self, a: str, b: str) -> None:
        merged = self.members(a) | self.members(b)
        for mention in merged:
            self._group[mention] = merged
