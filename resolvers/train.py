"""Train the match model on unlabelled data and write it as a new version of the JSON file.

    python -m resolvers.train --store graph/ --version 2 --out resolvers/data/model.json

u from random pairs, m and the prior by EM over the candidate pairs (resolvers.em);
blocking, comparison levels and thresholds are kept from the starting model.
"""

from __future__ import annotations

import argparse
from dataclasses import replace
from pathlib import Path

from resolvers import em, model
from resolvers.blocking import candidate_pairs
from resolvers.comparisons import levels
from resolvers.model import Settings
from resolvers.table import Table


def train(table: Table, settings: Settings, version: str,
          random_pairs: int = 500_000) -> Settings:
    trained = em.estimate_u(table, settings, random_pairs)
    trained, _ = em.estimate_m(table, trained, list(settings.training))
    left, right = candidate_pairs(table, trained)
    share = em.estimate_share(levels(table, trained.comparisons, left, right), trained)
    prior = share * len(left) / max(model.comparable_pairs(table, settings), 1)
    notes = {**settings.notes, "trained": f"EM on {len(table):,} rows in sessions "
             f"{[list(s) for s in settings.training]}; u from {random_pairs:,} random pairs"}
    return replace(trained, version=version, prior=float(prior), notes=notes,
                   matches_per_row=round(2 * share * len(left) / len(table), 4))


def main() -> None:
    from graph.ladybug_store import LadybugStore
    from resolvers.mentions import read_mentions
    from resolvers.profiles import profiles

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, required=True)
    parser.add_argument("--version", required=True)
    parser.add_argument("--start", type=Path, help="starting model (default: the packaged one)")
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    with LadybugStore(args.store) as store:
        table = profiles(read_mentions(store)).table
    model.save(train(table, model.load(args.start), args.version), args.out)


if __name__ == "__main__":
    main()
