"""Entry point: build the world, plant the patterns, write batches, reference data and truth."""

from __future__ import annotations

import random
from collections import defaultdict
from pathlib import Path
from typing import Any

from .catalog import REFERENCE_DATE
from .factory import Factory, Pool
from .lists import normal_cases, normal_watchlist, write_cases, write_watchlist
from .model import (
    BUSINESS,
    CUSTOMS_REGISTRY,
    DECLARATIONS,
    POLICE,
    SANCTIONS,
    TAX,
    Declaration,
    Instance,
)
from .output import Batch, Truth
from .planting import TYPOLOGIES, Planter, plant_all
from .reference import write_reference
from .registries import write_business_registry, write_customs_registry, write_tax_authority
from .trade import DECLARATION_COLUMNS, DailyFlow, DeclarationRenderer
from .truth import write_instances, write_lookalikes
from .world import World, build_world

SOURCES = {
    CUSTOMS_REGISTRY: ("Customs trader registry (General Department of Customs)", "customs"),
    TAX: ("General Department of Taxation", "tax"),
    BUSINESS: ("National Business Registration Portal", "business-registry"),
    DECLARATIONS: ("Customs declarations (VNACCS/VCIS)", "customs"),
    SANCTIONS: ("Consolidated sanctions lists", "sanctions"),
    POLICE: ("Economic and anti-smuggling police", "police"),
}


def generate(out_dir: Path, seed: int = 7, scale: float = 1.0, patterns: bool = True
             ) -> dict[str, Any]:
    """Write a deterministic demo data set under `out_dir` and return a summary of it.

    The same seed and scale always give byte-identical files. Scale 1 is about 2,000 real
    companies and 20,000 declaration items; `patterns=False` plants no typology instances.
    """
    if scale <= 0:
        raise ValueError("scale must be positive")
    out_dir = Path(out_dir)
    pool = Pool()
    world = build_world(Factory(_rng(seed, "world"), pool), scale)
    planter = Planter(world, pool, _rng(seed, "patterns"), scale, round(20000 * scale))
    if patterns:
        plant_all(planter)
    truth = Truth(out_dir / "truth" / "resolution.csv")
    files = write_batches(out_dir, seed, scale, world, planter, truth)
    files.update(write_reference(out_dir / "reference", world))
    files.update(write_truth(out_dir / "truth", world, planter, truth.parties))
    return {
        "seed": seed, "scale": scale, "patterns": patterns,
        "reference_date": REFERENCE_DATE.isoformat(),
        "files": files,
        "true_parties": len(truth.parties),
        "instances": {t: sum(i.typology == t for i in planter.instances) for t in TYPOLOGIES},
        "lookalike_pairs": files["truth/lookalikes.csv"],
        "decoys": len(world.agents),
    }


def _rng(seed: int, purpose: str) -> random.Random:
    """One random stream per purpose, so that adding patterns leaves the normal world alone."""
    return random.Random(f"{seed}:{purpose}")


def write_batches(out_dir: Path, seed: int, scale: float, world: World, planter: Planter,
                  truth: Truth) -> dict[str, int]:
    """Write the six batches and the truth log; returns row counts per file."""
    batches = {s: Batch(out_dir, s, name, kind, truth, "restricted" if s == POLICE else "shared",
                        jsonl=s == BUSINESS) for s, (name, kind) in SOURCES.items()}
    try:
        write_customs_registry(batches[CUSTOMS_REGISTRY], world.companies,
                               _rng(seed, CUSTOMS_REGISTRY))
        write_tax_authority(batches[TAX], world.companies, world.roles, _rng(seed, TAX))
        write_business_registry(batches[BUSINESS], world.companies, world.roles,
                                _rng(seed, BUSINESS))
        last_seen = write_declarations(batches[DECLARATIONS], world, planter.declarations,
                                       planter.rows, _rng(seed, DECLARATIONS),
                                       _rng(seed, "planted-declarations"))
        lists = Factory(_rng(seed, "lists"), planter.f.pool)
        watchlist = normal_watchlist(lists, round(300 * scale ** 0.5)) + planter.watchlist
        write_watchlist(batches[SANCTIONS], watchlist)
        cases = normal_cases(lists, world, last_seen, round(250 * scale ** 0.7)) + planter.cases
        write_cases(batches[POLICE], cases)
    finally:
        files = {name: rows for batch in batches.values() for name, rows in batch.close().items()}
        truth.table.close()
    files["truth/resolution.csv"] = truth.table.rows
    return files


def write_truth(folder: Path, world: World, planter: Planter, mentioned: set[str]
                ) -> dict[str, int]:
    # a supplier nobody happened to buy from never shows up, so neither does its twin pair
    pairs = [(a, b) for a, b in world.lookalikes if a.id in mentioned and b.id in mentioned]
    return {
        "truth/patterns.json": write_instances(folder / "patterns.json", planter.instances),
        "truth/decoys.json": write_instances(folder / "decoys.json", decoys(world),
                                             prefix="decoy-"),
        "truth/lookalikes.csv": write_lookalikes(folder / "lookalikes.csv", pairs),
    }


def write_declarations(batch: Batch, world: World, planted: list[Declaration], rows: int,
                       rng: random.Random, planted_rng: random.Random
                       ) -> dict[str, Declaration]:
    """Stream the normal flow day by day, slipping planted items in among it.

    Returns each normal importer's latest declaration, for enforcement cases to cite.
    """
    by_day: dict[object, list[Declaration]] = defaultdict(list)
    for d in planted:
        by_day[d.date].append(d)
    batch.table("declarations", DECLARATION_COLUMNS)
    last_seen: dict[str, Declaration] = {}
    number = 0
    normal, special = DeclarationRenderer(rng), DeclarationRenderer(planted_rng)
    for day, groups in DailyFlow(world, rng, rows).days():
        for d in by_day.get(day, []):
            groups.insert(planted_rng.randint(0, len(groups)), [d])
        for group in groups:
            number += 1
            for item, d in enumerate(group, 1):
                record_id = f"CD-{number:07d}-{item:02d}"
                _write_item(batch, d, (special if d.planted else normal).row(record_id, d))
                if not d.planted:
                    last_seen[d.importer.id] = d
    return last_seen


def _write_item(batch: Batch, d: Declaration, row: list[str]) -> None:
    record_id = row[0]
    batch.record("declarations", row, d.refs, d.importer.id, "importer")
    columns = DECLARATION_COLUMNS
    if row[columns.index("exporter_name")]:
        batch.truth.mention(batch.source, record_id, "exporter", d.exporter.id)
    if row[columns.index("declarant_name")]:
        declarant = d.declarant or d.importer
        batch.truth.mention(batch.source, record_id, "declarant", declarant.id)


def decoys(world: World) -> list[Instance]:
    return [Instance("shell-cluster", f"Registered agent, must not be reported: {note}",
                     list(tenants), list(tenants)) for _, note, tenants in world.agents]
