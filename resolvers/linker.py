"""Block, compare, score, decide and cluster the rows of a table: the resolver without a store.

`link(table, settings)` is what `tradegraph resolve` runs over the graph's mentions and
what bench/febrl.py runs over a DataFrame. Decisions per candidate pair:
- link (method "rule"): equal on a `rules.same` column (a tax code);
- no link, whatever the score: different on a `rules.never` column;
- link (method "model"): match weight >= thresholds.link;
- review: thresholds.review <= weight < thresholds.link;
- no link: below that.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np
import pyarrow as pa

from resolvers import aliases, evidence
from resolvers.blocking import Held, _pairs_of_groups, candidate_pairs
from resolvers.cluster import MODEL, RULE, Clusters, Guard, Links, Pair, cluster
from resolvers.comparisons import levels
from resolvers.model import Scored, Settings, probability, score
from resolvers.table import Table, present

MAX_NEIGHBOURS = 200  # weak neighbours of one row checked against each other
# A weak link this many bits (log2 odds) stronger than a rival's decides between them:
# about one identifier's worth of evidence (an address, a tax code or a phone agreeing).
CLEAR_LEAD = 10.0


@dataclass
class Linkage:
    table: Table
    settings: Settings
    left: np.ndarray  # candidate pairs
    right: np.ndarray
    scored: Scored
    rule: np.ndarray  # bool per pair: a `same` rule holds
    never: np.ndarray  # bool per pair: a `never` rule holds
    clusters: Clusters
    ambiguous: np.ndarray  # bool per pair: a weak link of a mention that fits several parties
    _waterfalls: dict[tuple[bool, bytes, bytes, Any], str] = field(default_factory=dict, repr=False)
    _codes: dict[bytes, str] = field(default_factory=dict, repr=False)
    # Per blocking key (in order): the rows holding one and their values, kept from blocking
    # when asked (keep_keys) for the saved state, as Arrow: made again they cost a million
    # mentions' run about 11 s, and as Python strings they would hold about 1 GiB.
    keys: list[tuple[np.ndarray, pa.Array]] | None = field(default=None, repr=False)
    # Per pair, when an alias decided its score: the aliases used, (left's, right's), each
    # None where that side's own name was compared. None when no row has an alias.
    via_alias: np.ndarray | None = field(default=None, repr=False)

    def through_alias(self) -> np.ndarray:
        """Bool per pair: scored on an alias."""
        if self.via_alias is None:
            return np.zeros(len(self.left), dtype=bool)
        return present(self.via_alias)

    @property
    def weight(self) -> np.ndarray:
        return self.scored.total

    @cached_property
    def link_index(self) -> np.ndarray:
        """Indexes of the linked pairs; the clusters' link numbers index into this."""
        return np.flatnonzero(self.linked())

    def linked(self) -> np.ndarray:
        return ~self.never & ~self.ambiguous & (self.rule | (self.weight >= self.settings.link))

    def review(self) -> np.ndarray:
        """Indexes of the pairs a person should look at: in the review band, or linked by
        the model yet refused by a guard; only those whose rows ended up apart."""
        band = ~self.never & ~self.rule & (self.weight >= self.settings.review) \
            & (self.weight < self.settings.link)
        labels = self.clusters.labels
        apart = labels[self.left] != labels[self.right]
        refused = np.zeros(len(self.left), dtype=bool)
        for index, _ in self.clusters.refused:
            refused[self.link_index[index]] = True
        return np.flatnonzero((band | self.ambiguous | (refused & ~self.rule)) & apart)

    def method(self, pair: int) -> str:
        return RULE if self.rule[pair] else MODEL

    def breakdown(self, pair: int) -> dict[str, Any]:
        """The pair's waterfall: prior, then each comparison's level and weight."""
        return json.loads(self.waterfall(pair))

    def waterfall(self, pair: int) -> str:
        """The pair's waterfall as compact JSON. Pairs of one pattern of levels and weights
        (most of them) share one string, made once."""
        pattern = (bool(self.rule[pair]), self.scored.levels[pair].tobytes(),
                   self.scored.partial[pair].tobytes(),
                   None if self.via_alias is None else self.via_alias[pair])
        found = self._waterfalls.get(pattern)
        if found is None:
            found = self._waterfalls[pattern] = compact(self._breakdown(pair))
        return found

    def levels_code(self, pair: int) -> str:
        """The pair's comparison levels as a link's evidence code (resolvers/evidence.py);
        made once per pattern of levels."""
        alias = self.via_alias is not None and bool(self.via_alias[pair])
        pattern = self.scored.levels[pair].tobytes() + (b"~" if alias else b"")
        found = self._codes.get(pattern)
        if found is None:
            found = self._codes[pattern] = evidence.levels_code(self.scored.levels[pair],
                                                                alias)
        return found

    def _breakdown(self, pair: int) -> dict[str, Any]:
        parts = [[c.name, c.label(int(level)), round(float(weight), 2)] for c, level, weight
                 in zip(self.settings.comparisons, self.scored.levels[pair],
                        self.scored.partial[pair], strict=True) if level]
        total = float(self.weight[pair])
        alias = None if self.via_alias is None else self.via_alias[pair]
        return {"model": self.settings.version, "method": self.method(pair),
                "prior": round(self.settings.prior_weight, 2), "comparisons": parts,
                **({"aliases": list(alias)} if alias else {}),
                "weight": round(total, 2), "probability": round(float(probability(total)), 4)}


def link(table: Table, settings: Settings, same: Iterable[Pair] = (),
         different: Iterable[Pair] = (), held: Held | None = None,
         keep_keys: bool = False) -> Linkage:
    """With `held`, the table is part of a larger one (see blocking.candidate_pairs) and the
    settings' prior is already the whole's."""
    if held is None:
        settings = settings.sized_for(table)
    keys: list[tuple[np.ndarray, pa.Array]] | None = [] if keep_keys else None
    left, right = candidate_pairs(
        table, settings, held, None if keys is None else
        lambda rows, values: keys.append((rows.astype(np.int32),
                                          pa.array(values, pa.large_string()))))
    scored, via_alias = scored_pairs(table, settings, left, right)
    rule = _agree(table, settings.same_rules, left, right)
    never = _conflict(table, settings.never_rules, left, right)
    model = ~never & ~rule & (scored.total >= settings.link)
    firm = ~never & (rule | (scored.total >= settings.strong))
    ambiguous = _ambiguous(table, settings, left, right, scored,
                           model & (scored.total < settings.strong), firm)
    linked = np.flatnonzero(~never & ~ambiguous & (rule | (scored.total >= settings.link)))
    links = Links(left[linked], right[linked], scored.total[linked],
                  np.where(rule[linked], RULE, MODEL).astype(object))
    guard = Guard(_guard_keys(table, settings), settings.strong, settings.link,
                  Links(left, right, scored.total, np.full(len(left), MODEL, dtype=object)))
    clusters = cluster(len(table), links, guard, same, different)
    return Linkage(table, settings, left, right, scored, rule, never, clusters, ambiguous,
                   keys=keys, via_alias=via_alias)


def scored_pairs(table: Table, settings: Settings, left: np.ndarray, right: np.ndarray
                 ) -> tuple[Scored, np.ndarray | None]:
    """Each pair's score, over its best pair of name variants when rows have aliases."""
    found = aliases.variants(table)
    if found is None:
        return score(table, settings, left, right,
                     levels(table, settings.comparisons, left, right)), None
    a, b, scored = aliases.best_pairs(found, table, settings, left, right)
    used = np.full(len(left), None, dtype=object)
    for index in np.flatnonzero(present(found.alias[a]) | present(found.alias[b])).tolist():
        used[index] = (found.alias[a[index]], found.alias[b[index]])
    return scored, used


def _ambiguous(table: Table, settings: Settings, left: np.ndarray, right: np.ndarray,
               scored: Scored, weak: np.ndarray, firm: np.ndarray) -> np.ndarray:
    """Weak links of a row whose weakly linked neighbours are not one party: "Shree Textile"
    with no address fits two companies of that name, so it goes to review rather than to
    either. Two neighbours may be one party when firm links (rules, strong scores) join
    them or nothing in their own pair speaks against it: "Delong Tosy" and "Delong Toys"
    with no address score low for want of evidence, not for conflicting evidence, while
    two "Chuangweida Plastics" at different addresses conflict however high the rare name
    scores. Of two rival neighbours, one whose link is CLEAR_LEAD stronger keeps its link;
    only the weaker one is refused, and a row with rivals and no clear lead also loses its
    weak links that do not lead those rivals clearly."""
    n, weight = len(table), scored.total
    index = np.flatnonzero(weak)
    owners = np.concatenate((left[index], right[index]))
    others = np.concatenate((right[index], left[index]))
    pair_of = np.concatenate((index, index))
    first, second = _pairs_of_groups(np.arange(len(owners)), owners, MAX_NEIGHBOURS)
    a, b = others[first], others[second]
    labels = _components(n, left[firm], right[firm])
    fits = labels[a] == labels[b]
    open_ = np.flatnonzero(~fits)
    fits[open_] = ~_contradicted(table, settings, left, right, scored, a[open_], b[open_])
    to_a, to_b = weight[pair_of[first]], weight[pair_of[second]]
    out = np.zeros(len(left), dtype=bool)
    out[pair_of[first[~fits & (to_a - to_b < CLEAR_LEAD)]]] = True
    out[pair_of[second[~fits & (to_b - to_a < CLEAR_LEAD)]]] = True
    # A row torn between two parties is no surer of a weaker neighbour: two name-only
    # mentions of a name two companies share would otherwise link to each other, one of
    # each company. A link CLEAR_LEAD stronger than the torn pair still stands.
    torn = ~fits & (np.abs(to_a - to_b) < CLEAR_LEAD)
    rival = np.full(n, -np.inf)
    np.maximum.at(rival, owners[first[torn]], np.maximum(to_a[torn], to_b[torn]))
    bar = np.maximum(rival[left[index]], rival[right[index]]) + CLEAR_LEAD
    out[index[weight[index] < bar]] = True
    return out


def _contradicted(table: Table, settings: Settings, left: np.ndarray, right: np.ndarray,
                  scored: Scored, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Pairs (a, b) with a comparison at a level that counts against a match (a different
    address, tax code, name...), whether or not blocking made them a candidate pair."""
    at = _pair_index(len(table), left, right, a, b)
    found = np.empty((len(a), len(settings.comparisons)), dtype=np.int8)
    found[at >= 0] = scored.levels[at[at >= 0]]
    unscored = np.flatnonzero(at < 0)
    found[unscored] = levels(table, settings.comparisons, a[unscored], b[unscored])
    out = np.zeros(len(a), dtype=bool)
    for index, comparison in enumerate(settings.comparisons):
        out |= comparison.weights()[found[:, index]] < 0
    return out


def _pair_index(n: int, left: np.ndarray, right: np.ndarray, a: np.ndarray,
                b: np.ndarray) -> np.ndarray:
    """Index of each pair (a, b) among the candidate pairs, -1 where not a candidate."""
    codes = left.astype(np.int64) * n + right
    order = np.argsort(codes)
    wanted = np.minimum(a, b).astype(np.int64) * n + np.maximum(a, b)
    if not len(codes):
        return np.full(len(wanted), -1, dtype=np.int64)
    at = np.clip(np.searchsorted(codes[order], wanted), 0, len(codes) - 1)
    return np.where(codes[order][at] == wanted, order[at], -1)


def _components(n: int, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    parent = np.arange(n)
    for a, b in zip(left.tolist(), right.tolist(), strict=True):
        ra, rb = a, b
        while parent[ra] != ra:
            ra = parent[ra]
        while parent[rb] != rb:
            rb = parent[rb]
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    while True:
        grand = parent[parent]
        if (grand == parent).all():
            return parent
        parent = grand


def _agree(table: Table, columns: tuple[str, ...], left: np.ndarray,
           right: np.ndarray) -> np.ndarray:
    out = np.zeros(len(left), dtype=bool)
    for column in columns:
        values = table[column]
        out |= present(values[left]) & (values[left] == values[right])
    return out


def _conflict(table: Table, columns: tuple[str, ...], left: np.ndarray,
              right: np.ndarray) -> np.ndarray:
    out = np.zeros(len(left), dtype=bool)
    for column in columns:
        values, missing = table[column], table.missing(column)
        out |= ~missing[left] & ~missing[right] & (values[left] != values[right])
    return out


def _guard_keys(table: Table, settings: Settings) -> np.ndarray:
    if settings.never_rules:
        return table[settings.never_rules[0]]
    return np.full(len(table), None, dtype=object)


def compact(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))
