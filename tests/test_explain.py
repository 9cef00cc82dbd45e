"""`tradegraph explain`: the model's waterfall for two mentions, and the stored evidence."""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from graph.ladybug_store import LadybugStore
from resolvers import evidence, model
from resolvers.explain import MentionNotFound, explain
from resolvers.rebuild import resolve
from tests.test_store_contract import load_all
from tradegraph.cli import app


@pytest.fixture(scope="module")
def resolved(demo_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("explain") / "graph"
    with LadybugStore(folder) as store:
        store.setup_schema()
        load_all(store, demo_dir)
        resolve(store)
    return folder


def mention_ids(demo: Path) -> dict[str, list[str]]:
    by_party: dict[str, list[str]] = defaultdict(list)
    with (demo / "truth" / "resolution.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            role = f"#{row['role']}" if row["role"] else ""
            by_party[row["entity_id"]].append(f"{row['source']}:{row['record_id']}{role}")
    return by_party


def test_the_total_is_the_prior_plus_each_weight(resolved: Path, demo_dir: Path) -> None:
    with LadybugStore(resolved) as store:
        mentions = next(m for m in mention_ids(demo_dir).values() if len(m) > 3)
        result = explain(store, mentions[0], mentions[1])
    assert result.total == pytest.approx(result.prior + sum(s.weight for s in result.steps))
    names = {step.comparison for step in result.steps}
    assert {"name", "tax", "phone", "address", "country", "birth_date"} <= names
    assert result.same_entity and all(result.evidence)


def test_a_shared_tax_code_is_a_rule_link(resolved: Path, demo_dir: Path) -> None:
    with LadybugStore(resolved) as store:
        for mentions in mention_ids(demo_dir).values():
            result = explain(store, mentions[0], mentions[-1])
            if result.decision.startswith("link (rule"):
                break
    tax = next(s for s in result.steps if s.comparison == "tax")
    assert tax.level == "exact" and tax.weight > 5 and result.same_entity


def test_different_tax_codes_are_never_linked(resolved: Path) -> None:
    with LadybugStore(resolved) as store:
        result = explain(store, "tax-authority:TX-C-000001", "tax-authority:TX-C-000002")
    assert result.decision.startswith("never linked: different tax")
    tax = next(s for s in result.steps if s.comparison == "tax")
    assert tax.level == "else" and tax.weight < -5
    assert not result.same_entity


def test_links_store_the_same_waterfall(resolved: Path) -> None:
    """A link's evidence code names the pair that holds it and its levels; read with the
    model, it is the waterfall `explain` computes for that pair, at the link's score."""
    settings = model.load()
    with LadybugStore(resolved) as store:
        rows = store.query("MATCH (d:Declaration)-[r:IMPORTER]->(:Entity) WHERE r.method = "
                           "'model' RETURN d.key AS k, r.evidence AS e, r.score AS s, "
                           "r.model_version AS v LIMIT 1")
        reading = evidence.read(rows[0]["e"], settings, rows[0]["s"], "model", rows[0]["v"])
        assert reading.other and rows[0]["v"] == settings.version
        result = explain(store, f"{rows[0]['k']}#importer", reading.other)
    assert [(s.comparison, s.level) for s in reading.steps] == \
        [(s.comparison, s.level) for s in result.steps]
    assert result.decision == "link (model)"
    assert result.total == pytest.approx(result.prior + sum(s.weight for s in result.steps))
    assert rows[0]["s"] == pytest.approx(result.probability, abs=1e-4)
    assert "model" in reading.text and reading.other in reading.text


def test_evidence_codes_are_short_and_read_as_text() -> None:
    settings = model.load()
    assert evidence.read(evidence.NONE, settings).text.startswith("no other mention")
    assert "person" in evidence.read(evidence.JUDGED, settings).text
    assert evidence.read(evidence.same("police:P1"), settings).other == "police:P1"
    code = evidence.pair("1" + "0" * (len(settings.comparisons) - 1), "police:P1")
    assert len(code) < 20
    reading = evidence.read(code, settings, 0.5, "model", "0")
    assert reading.steps[0].level == settings.comparisons[0].levels[0].label
    assert "made by 0" in reading.text and not reading.alias
    through = evidence.read(evidence.pair(evidence.levels_code(
        np.ones(len(settings.comparisons), dtype=np.int8), alias=True), "police:P1"), settings)
    assert through.alias and through.steps and "alias" in through.text
    # The loader's provisional links and stores resolved before the code read as they are.
    assert evidence.read("tax code 0101", settings).text == "tax code 0101"
    legacy = json.dumps({"model": "2", "method": "model", "comparisons": [["name", "exact", 3.0]],
                         "weight": 3.0, "with": "police:P1"})
    assert evidence.read(legacy, settings).other == "police:P1"


def test_an_unknown_record_is_named(resolved: Path) -> None:
    with LadybugStore(resolved) as store, pytest.raises(MentionNotFound, match="nope:X"):
        explain(store, "nope:X", "tax-authority:TX-C-000001")


def test_explain_command_prints_the_waterfall(resolved: Path) -> None:
    result = CliRunner().invoke(app, ["explain", "tax-authority:TX-C-000001",
                                      "tax-authority:TX-C-000002", "--store", str(resolved)],
                                terminal_width=160)
    assert result.exit_code == 0
    for text in ("prior", "tax", "total", "never linked", "running"):
        assert text in result.stdout
