"""Judgements: which of several human decisions are in force, and what is reported."""

from __future__ import annotations

import datetime as dt

import pytest

from resolvers.judgements import Judgement, JudgementError, constraints, make_judgement

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
