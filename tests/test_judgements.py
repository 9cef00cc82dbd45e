"""Judgements: which human decisions are in force, that they outrank the model on every
later run, and `tradegraph review` walking the undecided pairs."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest

from graph.store import GraphStore
from resolvers.judgements import (
    Judgement,
    JudgementError,
    constraints,
    make_judgement,
    save_judgement,
)
from resolvers.rebuild import resolve
from tests.test_resolve import predicted
from tests.test_store_contract import load_all

T0 = dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC)


def judged(a: str, b: str, decision: str, minutes: int, who: str = "lan") -> Judgement:
    return make_judgement(a, b, decision, who, at=T0 + dt.timedelta(minutes=minutes))


def test_a_pair_is_stored_in_one_order_whichever_way_it_was_given() -> None:
    one = make_judgement("tax:9", "customs:1", "same", "lan", at=T0)
    other = make_judgement("customs:1", "tax:9", "same", "lan", at=T0)
    assert one.pair == other.pair == ("customs:1", "tax:9")
    assert one.key == other.key


@pytest.mark.parametrize(("a", "b", "decision", "who", "message"), [
    ("customs:1", "tax:9", "maybe", "lan", "must be one of same, different"),
    ("customs:1", "customs:1", "same", "lan", "cannot be judged against itself"),
    ("customs:1", "tax:9", "same", " ", "say who decides"),
])
def test_bad_judgements_are_refused_with_the_reason(a: str, b: str, decision: str, who: str,
                                                    message: str) -> None:
    with pytest.raises(JudgementError, match=message):
        make_judgement(a, b, decision, who)


def test_the_later_decision_on_one_pair_counts_and_the_revision_is_reported() -> None:
    first = judged("a", "b", "same", 0, "lan")
    later = judged("a", "b", "different", 5, "minh")
    state = constraints([later, first])
    assert state.same == [] and state.different == [("a", "b")]
    assert [c.kind for c in state.conflicts] == ["revised"]
    assert "minh judged them different" in state.conflicts[0].message


def test_a_same_that_would_join_two_mentions_judged_different_is_not_applied() -> None:
    js = [judged("a", "b", "same", 0), judged("b", "c", "same", 1),
          judged("a", "c", "different", 2)]
    state = constraints(js)
    # "different" wins even though it came last: keeping parties apart is the safe side
    assert state.different == [("a", "c")]
    assert state.same == [("a", "b")]
    [conflict] = state.conflicts
    assert conflict.kind == "contradiction" and conflict.judgement.pair == ("b", "c")
    assert conflict.against[0].pair == ("a", "c")


def test_judgements_on_mentions_no_longer_loaded_are_stale_not_applied() -> None:
    state = constraints([judged("a", "b", "same", 0), judged("a", "gone", "different", 1)],
                        known={"a", "b"})
    assert state.same == [("a", "b")] and state.different == []
    assert [j.pair for j in state.stale] == [("a", "gone")]


def _entities(store: GraphStore) -> dict[str, str]:
    return {mention: entity for (s, r, role), entity in predicted(store).items()
            for mention in [f"{s}:{r}" + (f"#{role}" if role else "")]}


def test_stored_judgements_win_over_the_model_on_every_later_run(store: GraphStore,
                                                                 demo_dir: Path) -> None:
    load_all(store, demo_dir)
    resolve(store)
    before = _entities(store)
    members: dict[str, list[str]] = defaultdict(list)
    for mention, entity in sorted(before.items()):
        members[entity].append(mention)
    big = next(m for m in members.values() if len(m) > 3)
    loner = next(m[0] for m in members.values() if len(m) == 1)
    for a, b, decision, minutes in ((big[0], big[1], "different", 0), (big[0], loner, "same", 1),
                                    (big[1], loner, "same", 2)):  # the last contradicts
        save_judgement(store, judged(a, b, decision, minutes))
    result = resolve(store)
    after = _entities(store)
    assert after[big[0]] != after[big[1]] and after[big[0]] == after[loner]
    assert result.judgements == 2
    assert any("contradiction" in c and big[1] in c for c in result.conflicts)
    # a later run, with nothing new said, keeps them as people decided
    resolve(store)
    assert _entities(store) == after
    methods = store.query("MATCH (r)-[l]->(e:Entity) WHERE l.method = 'human' "
                          "RETURN count(*) AS n")
    assert methods[0]["n"] >= 1


def _cli(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(Path(sys.executable).parent / "tradegraph"), *args],
                          input=stdin, capture_output=True, text=True, timeout=600,
                          env={**os.environ, "COLUMNS": "200", "TRADEGRAPH_USER": "lan"})


def test_review_walks_the_undecided_pairs_and_keeps_the_answers(tmp_path: Path,
                                                                demo_dir: Path) -> None:
    folder = str(tmp_path / "graph")
    assert _cli("ingest", str(demo_dir / "batches"), "--store", folder).returncode == 0
    assert _cli("resolve", "--store", folder).returncode == 0
    listed = json.loads(_cli("review", "--list", "--json", "--store", folder).stdout)
    assert listed["total"] > 0
    first, second = listed["pairs"][0], listed["pairs"][1]
    # most consequential first: a flagged party, or the most history at stake
    assert (first["flagged"], first["records_at_stake"]) >= (second["flagged"],
                                                             second["records_at_stake"])
    walked = _cli("review", "--store", folder, "--no-apply", stdin="maybe\nd\ns\nq\n")
    assert walked.returncode == 0, walked.stderr
    assert "answer s (same), d (different)" in walked.stdout
    assert "recorded 2 judgements as lan" in walked.stdout
    kept = json.loads(_cli("judgements", "--json", "--store", folder).stdout)["judgements"]
    assert {(j["left"], j["right"], j["decision"], j["who"]) for j in kept} == {
        (first["left"], first["right"], "different", "lan"),
        (second["left"], second["right"], "same", "lan")}
    after = json.loads(_cli("review", "--list", "--json", "--store", folder).stdout)
    assert after["total"] == listed["total"] - 2
    applied = _cli("resolve", "--store", folder)
    assert "2 judgements by people applied" in applied.stdout


def test_judging_a_mention_that_does_not_exist_names_it(tmp_path: Path, demo_dir: Path) -> None:
    folder = str(tmp_path / "graph")
    _cli("ingest", str(demo_dir / "batches" / "sanctions"), "--store", folder)
    result = _cli("judge", "sanctions:SL-000001", "nowhere:X1", "same", "--store", folder)
    assert result.returncode == 2 and "nowhere:X1" in result.stderr
