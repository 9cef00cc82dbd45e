"""Ground truth beside the batches: planted instances, decoys and look-alike pairs."""

from __future__ import annotations

import csv
import json
from collections import Counter
from pathlib import Path

from .model import Company, Instance, Person
from .planting import TYPOLOGIES


def instance_records(instance: Instance) -> list[dict[str, str]]:
    refs = []
    for item in instance.evidence:
        for source, record_id in item.refs:
            party = isinstance(item, Company | Person)
            if party and instance.sources and source not in instance.sources:
                continue
            refs.append((source, record_id))
    return [{"source": s, "record_id": r} for s, r in dict.fromkeys(refs)]


def write_instances(path: Path, instances: list[Instance], prefix: str = "") -> int:
    """Write instances as JSON, numbered per typology; returns how many."""
    numbers: Counter[str] = Counter()
    items = []
    for instance in sorted(instances, key=lambda i: TYPOLOGIES.index(i.typology)):
        numbers[instance.typology] += 1
        items.append({
            "typology": instance.typology,
            "instance": f"{prefix}{instance.typology}-{numbers[instance.typology]:03d}",
            "entities": [e.id for e in instance.entities],
            "records": instance_records(instance),
            "note": instance.note,
        })
    path.write_text(json.dumps(items, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return len(items)


def write_lookalikes(path: Path, pairs: list[tuple[Company, Company]]) -> int:
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(("entity_id", "lookalike_entity_id", "name", "lookalike_name"))
        for a, b in pairs:
            writer.writerow((a.id, b.id, a.names["legal"], b.names["legal"]))
    return len(pairs)
