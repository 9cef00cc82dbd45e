"""File plumbing: batch folders with source.yaml, CSV or JSON Lines tables, and the truth log."""

from __future__ import annotations

import csv
import json
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

import yaml

from .model import Ref

COLUMNS = {
    "companies": ("record_id", "name", "aliases", "tax_id", "registration_no", "country", "address",
                  "city", "postcode", "phone", "email", "registered_on", "status",
                  "deregistered_on"),
    "persons": ("record_id", "name", "aliases", "birth_date", "nationality", "id_number",
                "address", "city", "country", "phone", "email"),
    "roles": ("record_id", "holder_record_id", "company_record_id", "role", "share_pct", "since",
              "until"),
    "watchlist": ("record_id", "name", "aliases", "entity_type", "country", "birth_date",
                  "id_number", "tax_id", "program", "listed_on", "reason"),
    "cases": ("record_id", "date", "offence", "party_name", "party_type", "party_tax_id",
              "party_country", "party_address", "hs_code", "description",
              "declaration_record_id", "outcome"),
}
TRUTH_COLUMNS = ("source", "record_id", "role", "entity_id")


class Table:
    def __init__(self, path: Path, columns: Sequence[str], jsonl: bool) -> None:
        self.path = path
        self.columns = tuple(columns)
        self.jsonl = jsonl
        self.rows = 0
        self.file: TextIO = path.open("w", encoding="utf-8", newline="")
        self.writer = csv.writer(self.file)
        if not jsonl:
            self.writer.writerow(self.columns)

    def write(self, values: Sequence[str]) -> None:
        if self.jsonl:  # a missing key means unknown, as in the spec: exercise that path
            row = {k: v for k, v in zip(self.columns, values, strict=True) if v}
            self.file.write(json.dumps(row, ensure_ascii=False) + "\n")
        else:
            self.writer.writerow(values)
        self.rows += 1

    def close(self) -> None:
        self.file.close()


class Truth:
    """truth/resolution.csv: which real party each mention is."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.table = Table(path, TRUTH_COLUMNS, jsonl=False)
        self.parties: set[str] = set()

    def mention(self, source: str, record_id: str, role: str, entity_id: str) -> None:
        self.table.write((source, record_id, role, entity_id))
        self.parties.add(entity_id)


class Batch:
    """One contributing source: a folder with source.yaml and its tables."""

    def __init__(self, root: Path, source: str, name: str, agency_type: str, truth: Truth,
                 visibility: str = "shared", jsonl: bool = False) -> None:
        self.source = source
        self.folder = root / "batches" / source
        self.folder.mkdir(parents=True, exist_ok=True)
        self.truth = truth
        self.jsonl = jsonl
        self.tables: dict[str, Table] = {}
        meta = {"id": source, "name": name, "agency_type": agency_type, "visibility": visibility}
        text = yaml.safe_dump(meta, sort_keys=False, allow_unicode=True)
        (self.folder / "source.yaml").write_text(text, encoding="utf-8")

    def table(self, kind: str, columns: Sequence[str] | None = None) -> Table:
        if kind not in self.tables:
            suffix = ".jsonl" if self.jsonl else ".csv"
            self.tables[kind] = Table(self.folder / f"{kind}{suffix}",
                                      columns or COLUMNS[kind], self.jsonl)
        return self.tables[kind]

    def record(self, kind: str, values: Sequence[str], refs: list[Ref], party_id: str = "",
               role: str = "") -> None:
        """Write one row and remember where it went; its first value is the record id."""
        self.table(kind).write(values)
        refs.append((self.source, values[0]))
        if party_id:
            self.truth.mention(self.source, values[0], role, party_id)

    def close(self) -> dict[str, int]:
        counts = {}
        for table in self.tables.values():
            table.close()
            counts[f"batches/{self.source}/{table.path.name}"] = table.rows
        return counts
