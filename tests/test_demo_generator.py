"""The demo data generator: determinism, spec-valid files, consistent truth, planted patterns."""

from __future__ import annotations

import csv
import json
import re
import statistics
from collections import Counter, defaultdict
from datetime import date
from difflib import SequenceMatcher
from pathlib import Path

import pytest
import yaml
from anyascii import anyascii

from tradegraph.demo import generate

SCALE = 0.1
TYPOLOGIES = {
    "shell-cluster", "shared-contact", "shared-director", "phoenix", "circular-trade",
    "origin-laundering", "undervaluation", "related-party-undervaluation", "split-shipments",
    "sanctions-proximity", "seizure-proximity", "new-high-volume", "broker-hub",
    "identity-change",
}
# Field names from the contribution format spec; * marks required fields.
SPEC = {
    "companies": "record_id* name* aliases tax_id registration_no country address city postcode "
                 "phone email registered_on status deregistered_on",
    "persons": "record_id* name* aliases birth_date nationality id_number address city country "
               "phone email",
    "roles": "record_id* holder_record_id* company_record_id* role* share_pct since until",
    "declarations": "record_id* date* office procedure hs_code* description origin_country* "
                    "departure_country transport_mode vessel container_no quantity quantity_unit "
                    "net_mass_kg customs_value* currency* importer_name* importer_tax_id "
                    "importer_address importer_country importer_phone importer_email "
                    "exporter_name exporter_address exporter_country declarant_name "
                    "declarant_tax_id",
    "watchlist": "record_id* name* aliases entity_type* country birth_date id_number tax_id "
                 "program* listed_on reason",
    "cases": "record_id* date* offence* party_name* party_type party_tax_id party_country "
             "party_address hs_code description declaration_record_id outcome",
}
COLUMNS = {kind: [f.rstrip("*") for f in spec.split()] for kind, spec in SPEC.items()}
REQUIRED = {kind: [f.rstrip("*") for f in spec.split() if f.endswith("*")]
            for kind, spec in SPEC.items()}
BATCHES = {
    "customs-registry": ("customs", {"companies"}),
    "tax-authority": ("tax", {"companies", "persons", "roles"}),
    "business-registry": ("business-registry", {"companies", "persons", "roles"}),
    "customs-declarations": ("customs", {"declarations"}),
    "sanctions": ("sanctions", {"watchlist"}),
    "police": ("police", {"cases"}),
}
DATE_FIELDS = {"registered_on", "deregistered_on", "birth_date", "since", "until", "date",
               "listed_on"}
COUNTRY_FIELDS = {"country", "nationality", "origin_country", "departure_country",
                  "importer_country", "exporter_country", "party_country"}
ENUMS = {
    "status": {"active", "deregistered", "suspended"},
    "role": {"director", "shareholder", "legal_representative", "beneficial_owner", "contact"},
    "transport_mode": {"sea", "air", "road", "rail", "post", "other"},
    "entity_type": {"company", "person"},
    "party_type": {"company", "person"},
}
NAME_FIELDS = {"importer": "importer_name", "exporter": "exporter_name",
               "declarant": "declarant_name"}


# -- fixtures ------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    out = tmp_path_factory.mktemp("demo")
    return out, generate(out, seed=7, scale=SCALE)


@pytest.fixture(scope="module")
def plain(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    out = tmp_path_factory.mktemp("plain")
    return out, generate(out, seed=7, scale=SCALE, patterns=False)


def read_table(path: Path) -> list[dict[str, str]]:
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".jsonl":
        return [json.loads(line) for line in text.splitlines()]
    return list(csv.DictReader(text.splitlines()))


def tables(root: Path) -> dict[tuple[str, str], list[dict[str, str]]]:
    """(source, kind) -> rows, for every table of every batch."""
    found = {}
    for folder in sorted((root / "batches").iterdir()):
        for path in sorted(folder.glob("*.*")):
            if path.suffix in (".csv", ".jsonl"):
                found[(folder.name, path.stem)] = read_table(path)
    return found


def truth_rows(root: Path) -> list[dict[str, str]]:
    return read_table(root / "truth" / "resolution.csv")


def all_files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file()}


def usd(row: dict[str, str], fx: dict[str, float]) -> float:
    return float(row["customs_value"]) * fx[row["currency"]]


def fx_rates(root: Path) -> dict[str, float]:
    return {r["currency"]: float(r["usd_per_unit"])
            for r in read_table(root / "reference" / "fx_rates.csv")}


# -- determinism ---------------------------------------------------------------------------
def test_same_seed_gives_byte_identical_files(demo: tuple[Path, dict], tmp_path: Path) -> None:
    root, summary = demo
    again = generate(tmp_path, seed=7, scale=SCALE)
    assert all_files(tmp_path) == all_files(root)
    assert again == summary


def test_other_seed_gives_other_data(demo: tuple[Path, dict], tmp_path: Path) -> None:
    generate(tmp_path, seed=8, scale=SCALE)
    name = "batches/customs-declarations/declarations.csv"
    assert (tmp_path / name).read_bytes() != (demo[0] / name).read_bytes()


# -- files follow the contribution format ----------------------------------------------------
def test_batches_have_source_yaml_and_spec_headers(demo: tuple[Path, dict]) -> None:
    root = demo[0]
    for source, (agency_type, kinds) in BATCHES.items():
        folder = root / "batches" / source
        meta = yaml.safe_load((folder / "source.yaml").read_text(encoding="utf-8"))
        assert meta["id"] == source
        assert meta["agency_type"] == agency_type
        assert meta["visibility"] == ("restricted" if source == "police" else "shared")
        assert meta["name"]
        stems = {p.stem for p in folder.iterdir() if p.suffix in (".csv", ".jsonl")}
        assert stems == kinds
        for kind in kinds:
            path = next(folder.glob(f"{kind}.*"))
            if path.suffix == ".csv":
                header = path.read_text(encoding="utf-8").splitlines()[0]
                assert next(csv.reader([header])) == COLUMNS[kind]
            for row in read_table(path):
                assert set(row) <= set(COLUMNS[kind]), path


def test_business_registry_uses_json_lines(demo: tuple[Path, dict]) -> None:
    folder = demo[0] / "batches" / "business-registry"
    assert sorted(p.name for p in folder.glob("*.jsonl")) == [
        "companies.jsonl", "persons.jsonl", "roles.jsonl"]


def test_rows_are_valid(demo: tuple[Path, dict]) -> None:
    root = demo[0]
    fx = fx_rates(root)
    for (source, kind), rows in tables(root).items():
        assert rows, (source, kind)
        for row in rows:
            _check_row(kind, row, fx)


def _check_row(kind: str, row: dict[str, str], fx: dict[str, float]) -> None:
    for field in REQUIRED[kind]:
        assert row.get(field), (kind, field, row)
    for field, value in row.items():
        if not value:
            continue
        if field in DATE_FIELDS:
            assert date.fromisoformat(value).isoformat() == value, (field, value)
        if field in COUNTRY_FIELDS:
            assert re.fullmatch(r"[A-Z]{2}", value), (field, value)
        if field in ENUMS:
            assert value in ENUMS[field], (field, value)
    if kind == "declarations":
        assert re.fullmatch(r"\d{6,10}", row["hs_code"])
        assert row["currency"] in fx
        assert float(row["customs_value"]) >= 0
        assert float(row["net_mass_kg"]) > 0 and float(row["quantity"]) > 0
    if kind == "watchlist":
        assert all(p for p in row["program"].split(";"))


def test_record_ids_unique_within_each_source(demo: tuple[Path, dict]) -> None:
    seen: dict[str, Counter[str]] = defaultdict(Counter)
    for (source, _), rows in tables(demo[0]).items():
        seen[source].update(r["record_id"] for r in rows)
    for source, ids in seen.items():
        assert ids.most_common(1)[0][1] == 1, source


def test_roles_point_at_records_of_their_batch(demo: tuple[Path, dict]) -> None:
    found = tables(demo[0])
    for source in ("tax-authority", "business-registry"):
        companies = {r["record_id"] for r in found[(source, "companies")]}
        holders = companies | {r["record_id"] for r in found[(source, "persons")]}
        for role in found[(source, "roles")]:
            assert role["company_record_id"] in companies
            assert role["holder_record_id"] in holders


def test_cases_cite_existing_declarations(demo: tuple[Path, dict]) -> None:
    found = tables(demo[0])
    declarations = {r["record_id"] for r in found[("customs-declarations", "declarations")]}
    cited = [c["declaration_record_id"] for c in found[("police", "cases")]
             if c["declaration_record_id"]]
    assert cited and set(cited) <= declarations


def test_reference_data(demo: tuple[Path, dict]) -> None:
    root = demo[0] / "reference"
    assert fx_rates(demo[0])["USD"] == 1.0
    remedies = read_table(root / "trade_remedies.csv")
    assert remedies and all(re.fullmatch(r"\d{2}", r["hs_chapter"]) for r in remedies)
    agents = read_table(root / "registered_agents.csv")
    assert agents and all(a["address"] for a in agents)


# -- truth ---------------------------------------------------------------------------------
def test_every_mention_has_exactly_one_truth_row(demo: tuple[Path, dict]) -> None:
    root = demo[0]
    expected = set()
    for (source, kind), rows in tables(root).items():
        for row in rows:
            if kind == "declarations":
                expected |= {(source, row["record_id"], role)
                             for role, field in NAME_FIELDS.items() if row.get(field)}
            elif kind == "cases":
                expected.add((source, row["record_id"], "party"))
            elif kind != "roles":
                expected.add((source, row["record_id"], ""))
    truth = [(t["source"], t["record_id"], t["role"]) for t in truth_rows(root)]
    assert len(truth) == len(set(truth))
    assert set(truth) == expected
    assert all(re.fullmatch(r"[CP]\d{6}", t["entity_id"]) for t in truth_rows(root))


def test_people_are_persons_and_companies_companies(demo: tuple[Path, dict]) -> None:
    kinds = {(s, k): rows for (s, k), rows in tables(demo[0]).items()}
    entity = {(t["source"], t["record_id"], t["role"]): t["entity_id"] for t in truth_rows(demo[0])}
    for (source, kind), rows in kinds.items():
        prefix = {"companies": "C", "persons": "P"}.get(kind)
        if prefix is None:
            continue
        for row in rows:
            assert entity[(source, row["record_id"], "")].startswith(prefix)


def test_sources_describe_shared_parties_differently(demo: tuple[Path, dict]) -> None:
    """The same company recurs across sources, and not always under the same name."""
    root = demo[0]
    names = {(s, k, r["record_id"]): r["name"] for (s, k), rows in tables(root).items()
             for r in rows if k == "companies"}
    by_entity: dict[str, set[str]] = defaultdict(set)
    sources: dict[str, set[str]] = defaultdict(set)
    for t in truth_rows(root):
        name = names.get((t["source"], "companies", t["record_id"]))
        if name and not t["role"]:
            by_entity[t["entity_id"]].add(name)
            sources[t["entity_id"]].add(t["source"])
    shared = [e for e, s in sources.items() if len(s) == 3]
    assert len(shared) > 50
    assert sum(len(by_entity[e]) > 1 for e in shared) > 0.5 * len(shared)


def test_lookalikes_are_distinct_parties_with_similar_names(demo: tuple[Path, dict]) -> None:
    root = demo[0]
    pairs = read_table(root / "truth" / "lookalikes.csv")
    entities = {t["entity_id"] for t in truth_rows(root)}
    companies = sum(e.startswith("C") for e in entities)
    assert 2 * len(pairs) >= 0.02 * companies
    for pair in pairs:
        assert pair["entity_id"] != pair["lookalike_entity_id"]
        assert {pair["entity_id"], pair["lookalike_entity_id"]} <= entities
        a, b = (anyascii(pair[k]).lower() for k in ("name", "lookalike_name"))
        same_trade_name = a.split()[-2:] == b.split()[-2:]  # only the legal form differs
        assert same_trade_name or SequenceMatcher(None, a, b).ratio() > 0.75, pair


def test_summary_matches_files(demo: tuple[Path, dict]) -> None:
    root, summary = demo
    for name, count in summary["files"].items():
        path = root / name
        data = json.loads(path.read_text(encoding="utf-8")) if path.suffix == ".json" else (
            read_table(path))
        assert len(data) == count, name
    assert summary["true_parties"] == len({t["entity_id"] for t in truth_rows(root)})


# -- planted patterns ----------------------------------------------------------------------
def test_every_typology_is_planted_with_existing_evidence(demo: tuple[Path, dict]) -> None:
    root, summary = demo
    instances = json.loads((root / "truth" / "patterns.json").read_text(encoding="utf-8"))
    assert {i["typology"] for i in instances} == TYPOLOGIES
    assert all(summary["instances"][t] >= 1 for t in TYPOLOGIES)
    records = {(s, r["record_id"]) for (s, _), rows in tables(root).items() for r in rows}
    entities = {t["entity_id"] for t in truth_rows(root)}
    for instance in instances:
        assert instance["records"] and instance["entities"] and instance["note"]
        assert {(r["source"], r["record_id"]) for r in instance["records"]} <= records
        assert set(instance["entities"]) <= entities, instance["instance"]
    assert len({i["instance"] for i in instances}) == len(instances)


def test_no_patterns_means_no_instances(plain: tuple[Path, dict]) -> None:
    root, summary = plain
    assert json.loads((root / "truth" / "patterns.json").read_text(encoding="utf-8")) == []
    assert set(summary["instances"].values()) == {0}


def _instances(root: Path, typology: str) -> list[dict]:
    found = json.loads((root / "truth" / "patterns.json").read_text(encoding="utf-8"))
    return [i for i in found if i["typology"] == typology]


def _declarations(root: Path) -> dict[str, dict[str, str]]:
    rows = read_table(root / "batches" / "customs-declarations" / "declarations.csv")
    return {r["record_id"]: r for r in rows}


def _unit_ratios(root: Path) -> dict[str, float]:
    """Each declaration's value per kg against the median of its HS6."""
    fx, declarations = fx_rates(root), _declarations(root)
    per_kg = {k: usd(r, fx) / float(r["net_mass_kg"]) for k, r in declarations.items()}
    groups: dict[str, list[float]] = defaultdict(list)
    for k, r in declarations.items():
        groups[r["hs_code"][:6]].append(per_kg[k])
    medians = {h: statistics.median(v) for h, v in groups.items()}
    return {k: per_kg[k] / medians[r["hs_code"][:6]] for k, r in declarations.items()}


def test_undervaluation_stands_out_only_where_planted(demo: tuple[Path, dict],
                                                      plain: tuple[Path, dict]) -> None:
    assert min(_unit_ratios(plain[0]).values()) > 0.3
    ratios = _unit_ratios(demo[0])
    for instance in _instances(demo[0], "undervaluation"):
        assert all(ratios[r["record_id"]] < 0.3 for r in instance["records"])


def test_split_shipments_sit_just_under_the_threshold(demo: tuple[Path, dict]) -> None:
    root = demo[0]
    fx, declarations = fx_rates(root), _declarations(root)
    for instance in _instances(root, "split-shipments"):
        rows = [declarations[r["record_id"]] for r in instance["records"]]
        values = [usd(r, fx) for r in rows]
        days = sorted(date.fromisoformat(r["date"]) for r in rows)
        assert len(rows) >= 4 and all(800 < v < 1000 for v in values) and sum(values) > 1000
        assert (days[-1] - days[0]).days <= 7
        assert len({r["hs_code"][:6] for r in rows}) == 1


def test_normal_data_has_no_accidental_clusters(plain: tuple[Path, dict]) -> None:
    """Only registered agents gather many companies at one address."""
    root = plain[0]
    agents = {_address_key(a["address"])
              for a in read_table(root / "reference" / "registered_agents.csv")}
    rows = read_table(root / "batches" / "tax-authority" / "companies.csv")
    crowded = Counter(_address_key(r["address"]) for r in rows)
    assert {a for a, n in crowded.items() if n >= 3} <= agents


def _address_key(address: str) -> str:
    """Crude address normalisation: full and abbreviated Vietnamese spellings compare equal."""
    text = anyascii(address).upper()
    for long, short in (("SO ", ""), ("DUONG ", "D. "), ("PHUONG ", "P. "), ("QUAN ", "Q. "),
                        ("THANH PHO ", "TP. "), ("HO CHI MINH", "HCM")):
        text = text.replace(long, short)
    return re.sub(r"[^A-Z0-9]", "", text)


def test_phone_numbers_parse(demo: tuple[Path, dict]) -> None:
    phonenumbers = pytest.importorskip("phonenumbers")
    rows = read_table(demo[0] / "batches" / "tax-authority" / "companies.csv")
    phones = [r["phone"] for r in rows if r["phone"]]
    parsed = [phonenumbers.parse(p, "VN") for p in phones]
    assert sum(phonenumbers.is_valid_number(n) for n in parsed) > 0.95 * len(parsed)


def test_vietnamese_tax_codes_are_valid(demo: tuple[Path, dict]) -> None:
    mst = pytest.importorskip("stdnum.vn.mst")
    rows = read_table(demo[0] / "batches" / "tax-authority" / "companies.csv")
    assert all(mst.is_valid(r["tax_id"]) for r in rows)
