"""The `tradegraph` command as a user runs it: demo, ingest, stats, store selection."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import NEO4J_URL
from tradegraph.cli import app

ROOT = Path(__file__).resolve().parent.parent
runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def write_batch(folder: Path, source_yaml: str | None, companies: str) -> Path:
    folder.mkdir(parents=True)
    if source_yaml is not None:
        (folder / "source.yaml").write_text(source_yaml, encoding="utf-8")
    (folder / "companies.csv").write_text(companies, encoding="utf-8")
    return folder


def test_demo_generates_loads_and_prints_stats(tmp_path: Path) -> None:
    code, out, _ = run("demo", "--scale", "0.05", "--out", str(tmp_path / "demo"),
                       "--store", str(tmp_path / "store"))
    assert code == 0
    for expected in ("Nodes", "Relationships", "Declaration", "customs-declarations",
                     "no rejections"):
        assert expected in out
    assert (tmp_path / "demo" / "truth" / "resolution.csv").exists()


def test_stats_json_prints_only_json(tmp_path: Path) -> None:
    store = str(tmp_path / "store")
    batch = write_batch(tmp_path / "tax", "id: tax-authority\nagency_type: tax\n",
                        "record_id,name,country\nC1,Minh Phat Co,VN\nC2,Bad Co,XX\n")
    assert run("ingest", str(batch), "--store", store)[0] == 0
    code, out, _ = run("stats", "--json", "--store", store)
    data = json.loads(out)
    assert code == 0
    assert data["nodes"]["CompanyRecord"] == 1
    assert data["sources"]["tax-authority"]["records"] == {"companies": 1}
    assert data["sources"]["tax-authority"]["rejected"] == 1


def test_ingest_summarises_rejections_and_names_the_report(tmp_path: Path) -> None:
    batch = write_batch(tmp_path / "tax", "id: tax-authority\n",
                        "record_id,name,registered_on\nC1,Minh Phat Co,2024-02-30\n")
    code, out, _ = run("ingest", str(batch), "--store", str(tmp_path / "store"))
    assert code == 0
    assert "1 rejections" in out and "registered_on" in out
    assert str(batch / "rejections.csv") in out.replace("\n", "")


def test_a_batch_without_source_yaml_is_refused_by_name(tmp_path: Path) -> None:
    batch = write_batch(tmp_path / "anon", None, "record_id,name\nC1,Minh Phat Co\n")
    code, _, err = run("ingest", str(batch), "--store", str(tmp_path / "store"))
    assert code == 1
    assert "source.yaml" in err and "missing" in err


def test_store_comes_from_the_environment(tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRADEGRAPH_STORE", str(tmp_path / "from-env"))
    code, out, _ = run("stats", "--json")
    assert code == 0
    assert str(tmp_path / "from-env") in json.loads(out)["store"]


def test_an_unreachable_neo4j_is_a_clear_error(tmp_path: Path) -> None:
    code, _, err = run("stats", "--store", "bolt://neo4j:wrong@127.0.0.1:1")
    assert code == 2
    assert "cannot reach Neo4j" in err


@pytest.mark.neo4j
def test_commands_work_against_neo4j(tmp_path: Path) -> None:
    if not NEO4J_URL:
        pytest.skip("no Neo4j server")
    from tests.conftest import neo4j_store

    neo4j_store(empty=True).close()
    batch = write_batch(tmp_path / "tax", "id: tax-authority\n", "record_id,name\nC1,A Co\n")
    assert run("ingest", str(batch), "--store", NEO4J_URL)[0] == 0
    code, out, _ = run("stats", "--json", "--store", NEO4J_URL)
    assert json.loads(out)["nodes"]["CompanyRecord"] == 1


def test_readme_gives_the_two_commands_and_ci_runs_the_test_one() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```sh\n(.*?)\n```", readme, re.S)
    assert "scripts/setup.sh && .venv/bin/tradegraph demo" in blocks
    assert "scripts/test.sh" in blocks
    assert "scripts/test.sh" in (ROOT / ".ci" / "run").read_text()
    for script in ("scripts/setup.sh", "scripts/test.sh", "scripts/neo4j.sh", ".ci/run"):
        assert os.access(ROOT / script, os.X_OK), script
