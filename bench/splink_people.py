"""Splink 5 (DuckDB) deduplicating the benchmark's person mentions: the peer to beat.

Run as its own process by bench/resolve.py so its peak memory is its own:
    python bench/splink_people.py BATCHES_DIR OUT.csv
Prints one JSON line: seconds, pairs predicted, clusters. Writes the resolution in the
spec's export format (source,record_id,role,entity_id).

The set-up is what Splink's own examples do for people: names cleaned and split into
first name and surname (swaps allowed), date of birth, identifiers, city with term
frequencies; u by random sampling, m by EM over two blocking rules; links at 0.9.
"""

from __future__ import annotations

import json
import re
import sys
import time
from pathlib import Path

import pandas as pd
from anyascii import anyascii

THRESHOLD = 0.9


def load(batches: Path) -> pd.DataFrame:
    frames = []
    for csv in sorted(batches.glob("*/persons.csv")):
        frame = pd.read_csv(csv, dtype=str, keep_default_na=False)
        frame["source"] = csv.parent.name
        frames.append(frame)
    people = pd.concat(frames, ignore_index=True)
    folded = people["name"].map(lambda n: re.sub(r"[^a-z ]", "", anyascii(n).lower()).split())
    people["unique_id"] = people["source"] + ":" + people["record_id"]
    people["surname"] = folded.map(lambda t: t[0] if t else None)
    people["first_name"] = folded.map(lambda t: t[-1] if len(t) > 1 else None)
    people["phone"] = people["phone"].map(lambda p: re.sub(r"\D", "", p)[-9:] or None)
    for column in ("birth_date", "id_number", "email", "city"):
        people[column] = people[column].replace("", None)
    people["city"] = people["city"].map(
        lambda c: anyascii(c).lower() if isinstance(c, str) else None)
    return people[["unique_id", "source", "record_id", "first_name", "surname", "birth_date",
                   "id_number", "phone", "email", "city"]]


def run(people: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    import splink.comparison_library as cl
    from splink import Linker, SettingsCreator, block_on
    from splink.internals.duckdb.database_api import DuckDBAPI

    settings = SettingsCreator(
        link_type="dedupe_only",
        blocking_rules_to_generate_predictions=[
            block_on("first_name", "surname", "substr(birth_date, 1, 4)"),
            block_on("surname", "birth_date"), block_on("first_name", "birth_date"),
            block_on("phone"), block_on("id_number"), block_on("email")],
        comparisons=[
            cl.ForenameSurnameComparison("first_name", "surname"),
            cl.DateOfBirthComparison("birth_date", input_is_string=True),
            cl.ExactMatch("id_number"), cl.ExactMatch("phone"), cl.EmailComparison("email"),
            cl.ExactMatch("city").configure(term_frequency_adjustments=True)],
        retain_intermediate_calculation_columns=False,
    )
    db_api = DuckDBAPI()
    linker = Linker(db_api.register(people), settings, log_level=40)
    linker.training.estimate_probability_two_random_records_match(
        [block_on("id_number"), block_on("phone")], recall=0.6)
    linker.training.estimate_u_using_random_sampling(max_pairs=5e6)
    linker.training.estimate_parameters_using_expectation_maximisation(
        block_on("first_name", "surname", "substr(birth_date, 1, 4)"))
    linker.training.estimate_parameters_using_expectation_maximisation(
        block_on("surname", "birth_date"))
    predictions = linker.inference.predict(threshold_match_probability=THRESHOLD)
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(
        predictions, THRESHOLD)
    pairs = predictions.as_duckdbpyrelation().count("*").fetchall()
    return clusters.as_pandas_dataframe(), int(pairs[0][0])


def main() -> None:
    batches, out = Path(sys.argv[1]), Path(sys.argv[2])
    started = time.perf_counter()
    people = load(batches)
    clusters, pairs = run(people)
    seconds = time.perf_counter() - started
    export = pd.DataFrame({"source": clusters["source"], "record_id": clusters["record_id"],
                           "role": "", "entity_id": "splink-" + clusters["cluster_id"].astype(str)})
    export.to_csv(out, index=False)
    print(json.dumps({"seconds": round(seconds, 1), "mentions": len(people), "pairs": pairs,
                      "clusters": int(clusters["cluster_id"].nunique())}))


if __name__ == "__main__":
    main()
