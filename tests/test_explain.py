"""`tradegraph explain`: the comparisons and the rule behind a link, or behind no link."""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path

import pytest
from typer.testing import CliRunner

from graph.ladybug_store import LadybugStore
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


def test_a_shared_tax_code_explains_a_link(resolved: Path, demo_dir: Path) -> None:
    with LadybugStore(resolved) as store:
        for mentions in mention_ids(demo_dir).values():
            result = explain(store, mentions[0], mentions[1])
            if result.rule.startswith("rule 1"):
                break
        tax = next(c for c in result.comparisons if c.field == "tax")
    assert tax.verdict == "agree" and result.same_entity
    assert all(evidence for evidence in result.evidence)


def test_different_tax_codes_are_never_linked(resolved: Path, demo_dir: Path) -> None:
    with LadybugStore(resolved) as store:
        result = explain(store, "tax-authority:TX-C-000001", "tax-authority:TX-C-000002")
    assert result.rule.startswith("never linked: different tax codes")
    assert not result.same_entity


def test_an_unknown_record_is_named(resolved: Path) -> None:
    with LadybugStore(resolved) as store, pytest.raises(MentionNotFound, match="nope:X"):
        explain(store, "nope:X", "tax-authority:TX-C-000001")


def test_explain_command_prints_the_comparisons(resolved: Path) -> None:
    result = CliRunner().invoke(app, ["explain", "tax-authority:TX-C-000001",
                                      "tax-authority:TX-C-000002", "--store", str(resolved)])
    assert result.exit_code == 0
    assert "tax" in result.stdout and "never linked" in result.stdout
