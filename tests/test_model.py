"""The match model on small hand-made cases: scoring, term frequencies, EM and clustering."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import numpy as np
import pytest

from resolvers import em, model
from resolvers.blocking import blocking_quality, candidate_pairs
from resolvers.cluster import MODEL, RULE, Guard, Links, cluster
from resolvers.comparisons import levels
from resolvers.linker import link
from resolvers.table import Table

BLANK = {"entity_type": "person", "name": None, "short_name": None, "legal_form": None,
         "legal_family": None, "country": "VN", "tax": None, "phone": None, "email": None,
         "address": None, "birth_date": None, "id_number": None}


def table(*rows: dict[str, Any]) -> Table:
    filled = [{**BLANK, **row} for row in rows]
    return Table.of({name: [row[name] for row in filled] for name in BLANK})


def weight(t: Table, a: int = 0, b: int = 1) -> float:
    settings = model.load()
    left, right = np.array([a]), np.array([b])
    return float(model.score(t, settings, left, right,
                             levels(t, settings.comparisons, left, right)).total[0])


def test_the_packaged_model_is_versioned() -> None:
    settings = model.load()
    assert settings.version and settings.comparisons and settings.link > settings.review


def test_a_conflicting_birth_date_weighs_heavily_against() -> None:
    same = table({"name": "an nguyen van", "birth_date": "1980-01-02"},
                 {"name": "an nguyen van", "birth_date": "1980-01-02"})
    unknown = table({"name": "an nguyen van", "birth_date": "1980-01-02"},
                    {"name": "an nguyen van"})
    other = table({"name": "an nguyen van", "birth_date": "1980-01-02"},
                  {"name": "an nguyen van", "birth_date": "1975-06-30"})
    assert weight(same) > weight(unknown) > weight(other) + 5
    assert weight(other) < model.load().link


def test_a_conflicting_tax_code_is_never_linked() -> None:
    twins = table(*({"entity_type": "company", "name": "minh phat trading", "legal_form": "ltd",
                     "phone": "+84281234567", "address": "1 le loi district 1", "tax": tax}
                    for tax in ("0101234567", "0309876543")))
    linkage = link(twins, model.load())
    assert len(linkage.left) == 1 and linkage.never[0]
    assert linkage.clusters.labels[0] != linkage.clusters.labels[1]


def test_a_shared_tax_code_links_by_rule() -> None:
    pair = table({"entity_type": "company", "name": "minh phat", "tax": "0101234567"},
                 {"entity_type": "company", "name": "mp trading", "tax": "0101234567"})
    linkage = link(pair, model.load())
    assert linkage.method(0) == RULE and linkage.clusters.labels[1] == 0


def test_a_common_name_needs_more_evidence_than_a_rare_one() -> None:
    common = [{"name": "an nguyen van"}] * 40
    rare = [{"name": "xuan khuc thuong"}] * 2
    others = [{"name": f"name number {i}"} for i in range(2000)]
    t = table(*common, *rare, *others)
    assert weight(t, 40, 41) > weight(t, 0, 1) + 3


def test_em_learns_that_agreement_means_a_match() -> None:
    rng = np.random.default_rng(1)
    people = [{"name": f"person {i} {rng.integers(1000)}", "birth_date":
               f"19{rng.integers(50, 99)}-0{rng.integers(1, 9)}-1{rng.integers(0, 9)}",
               "phone": f"+8490{i:07d}"} for i in range(300)]
    copies = [{**p, "phone": None} for p in people[:150]]
    t = table(*people, *copies)
    start = replace(model.load(), training=(("name",), ("birth_date",)))
    trained = em.estimate_u(t, start, 20_000)
    trained, shares = em.estimate_m(t, trained, list(trained.training))
    dob = next(c for c in trained.comparisons if c.name == "birth_date")
    name = next(c for c in trained.comparisons if c.name == "name")
    assert dob.levels[0].m > 0.8 and dob.levels[0].u < 0.01
    assert name.levels[0].weight > 5 and shares


def test_labelled_pairs_refine_m_and_u() -> None:
    settings = model.load()
    found = np.array([[1] * len(settings.comparisons)] * 10, dtype=np.int8)
    refined = em.refine(settings, found, np.ones(10, dtype=bool), strength=10)
    assert refined.comparisons[0].levels[0].m > settings.comparisons[0].levels[0].m


def test_blocking_keeps_true_pairs_and_skips_most_pairs() -> None:
    rows: list[dict[str, Any]] = [{"name": f"unique name {i}", "phone": f"+849{i:08d}"}
                                  for i in range(200)]
    rows += [{"name": "unique name 7", "phone": None}, {"name": "other", "phone": "+84900000008"}]
    t = table(*rows)
    left, right = candidate_pairs(t, model.load())
    pairs = set(zip(left.tolist(), right.tolist(), strict=True))
    assert (7, 200) in pairs and (8, 201) in pairs
    truth = {f"m{i}": f"p{i}" for i in range(200)} | {"m200": "p7", "m201": "p8"}
    quality = blocking_quality({f"m{i}": i for i in range(202)}, truth, left, right)
    assert quality.pair_completeness == 1.0 and quality.reduction_ratio > 0.9


def links(*edges: tuple[int, int, float]) -> Links:
    return Links(np.array([a for a, _, _ in edges]), np.array([b for _, b, _ in edges]),
                 np.array([w for _, _, w in edges], dtype=float),
                 np.array([MODEL] * len(edges), dtype=object))


def guard(keys: list[str | None], scored: Links) -> Guard:
    return Guard(np.array(keys, dtype=object), strong=14.0, match=0.0, scored=scored)


def test_one_mention_cannot_chain_two_tax_codes() -> None:
    edges = links((0, 1, 5.0), (1, 2, 4.0))
    result = cluster(3, edges, guard(["0101", None, "0309"], edges))
    assert result.labels.tolist() == [0, 0, 2] and len(result.refused) == 1


def test_a_weak_bridge_between_clusters_that_do_not_match_is_refused() -> None:
    # {0,1} and {2,3} are strong pairs; 1-2 is a weak bridge while 0-2, 0-3, 1-3 score low.
    edges = links((0, 1, 20.0), (2, 3, 20.0), (1, 2, 1.0))
    scored = links((0, 1, 20.0), (2, 3, 20.0), (1, 2, 1.0), (0, 2, -8.0), (0, 3, -8.0),
                   (1, 3, -8.0))
    result = cluster(4, edges, guard([None] * 4, scored))
    assert result.labels.tolist() == [0, 0, 2, 2]
    assert "weak bridge" in result.refused[0][1]


def test_judged_different_splits_a_cluster_and_same_joins() -> None:
    edges = links((0, 1, 20.0), (1, 2, 20.0), (2, 3, 3.0))
    result = cluster(5, edges, guard([None] * 5, edges), same=[(3, 4)], different=[(0, 2)])
    labels = result.labels.tolist()
    assert labels[0] == labels[1] != labels[2]
    assert labels[3] == labels[4]
    assert labels[2] == labels[3]


def test_a_same_judgement_contradicting_a_different_one_is_reported() -> None:
    result = cluster(2, links(), guard([None, None], links()), same=[(0, 1)],
                     different=[(0, 1)])
    assert result.labels.tolist() == [0, 1]
    assert result.contradictions == [((0, 1), "judged different by a person")]


@pytest.mark.parametrize("bad", [{"version": "x"}])
def test_a_model_file_without_its_fields_is_refused(bad: dict[str, Any]) -> None:
    with pytest.raises(KeyError):
        model.Settings.from_json(bad)


def test_a_typo_and_a_missing_address_do_not_split_one_party() -> None:
    # "Delong Tosy" (a typo) and "Delong Toys" without an address score low against each
    # other for want of evidence, not because anything differs: one exporter, not two.
    settings = replace(model.load(), matches_per_row=None, prior=2.0 ** -13.58)
    firm = {"entity_type": "company", "legal_form": "ltd", "country": "CN"}
    address = "660 binhe avenue nanshan district guangzhou guangdong"
    others = [{**firm, "name": f"name number {i}"} for i in range(4000)]
    phone = "+862012345678"
    t = table({**firm, "name": "delong guangzhou toys", "address": address, "phone": phone},
              {**firm, "name": "delong guangzhou tosy", "address": address},
              {**firm, "name": "delong guangzhou toys", "phone": phone}, *others)
    labels = link(t, settings).clusters.labels
    assert labels[0] == labels[1] == labels[2]


def test_a_mention_fitting_two_companies_of_one_name_joins_neither() -> None:
    settings = replace(model.load(), matches_per_row=None, prior=2.0 ** -13.58)
    firm = {"entity_type": "company", "legal_form": "ltd", "country": "CN",
            "name": "delong guangzhou toys"}
    others = [{**firm, "name": f"name number {i}"} for i in range(4000)]
    t = table({**firm, "address": "660 binhe avenue", "tax": "91440101MA5CXXXX1"},
              {**firm, "address": "12 zhongshan road", "tax": "91440101MA5CYYYY2"},
              firm, *others)
    labels = link(t, settings).clusters.labels
    assert labels[0] != labels[1] and labels[2] not in (labels[0], labels[1])
