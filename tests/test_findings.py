"""`tradegraph findings` and `tradegraph risk`: all queries run, failures shown, totals add up."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from queries import catalog
from queries.findings import QueryFindings
from queries.risk import DECAY, SEVERITY_WEIGHTS, rank
from queries.runner import Finding
from tests.conftest import NEO4J_URL
from tradegraph.cli import app

cli = CliRunner()
SLOW = ("UNWIND range(1, 100000) AS a UNWIND range(1, 100000) AS b "
        "WITH a, b WHERE (a * b) % 7 = 3 RETURN count(*) AS n")


def analyst_query(folder: Path, name: str, text: str, timeout: float = 5,
                  params: str = "") -> None:
    folder.mkdir(parents=True, exist_ok=True)
    header = [f"name: {name}", "title: An analyst's query", "typology: test", "severity: high",
              f"timeout: {timeout}", *(["parameters:", f"  {params}"] if params else [])]
    body = "".join(f"// {line}\n" for line in header) + text + "\n"
    (folder / f"{name}.cypher").write_text(body, encoding="utf-8")


@pytest.fixture
def mine(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "mine"
    analyst_query(folder, "fronts", "UNWIND range(1, 2) AS i RETURN ['ent-' + $who] AS entities, "
                  "['src:R-' + $who] AS records, 0.5 AS score, 'shared phone' AS reason",
                  params="who: {type: string, default: '1'}")
    analyst_query(folder, "needs-value", "RETURN [$who] AS entities, [] AS records, 1.0 AS score",
                  params="who: {type: string}")
    analyst_query(folder, "too-slow", SLOW, timeout=0.2)
    analyst_query(folder, "plain-rows", "RETURN 1 AS x")
    monkeypatch.setenv(catalog.ENV, str(folder))
    return folder


def test_findings_runs_every_query_and_reports_failures(mine: Path, tmp_path: Path) -> None:
    out = tmp_path / "findings.json"
    result = cli.invoke(app, ["findings", "--out", str(out), "--store", str(tmp_path / "s")])
    assert result.exit_code == 1, result.output
    parts = {p["query"]: p for p in json.loads(out.read_text(encoding="utf-8"))}
    assert set(catalog.load_all()) == set(parts)
    assert all({"query", "typology", "findings"} <= set(p) for p in parts.values())
    assert parts["fronts"]["findings"][0] == {
        "entities": ["ent-1"], "records": [{"source": "src", "record_id": "R-1"}],
        "score": 0.5, "reason": "shared phone"}
    assert parts["needs-value"]["error"]["type"] == "invalid_parameter"
    assert parts["too-slow"]["error"]["type"] == "timeout"
    assert "0.2 s" in parts["too-slow"]["error"]["message"]
    assert parts["plain-rows"]["findings"] == [] and "rows" in parts["plain-rows"]["skipped"]
    assert parts["shell-cluster"]["findings"] == [] and "error" not in parts["shell-cluster"]
    for failed in ("needs-value", "too-slow"):
        assert f"query {failed} failed" in result.stderr


@pytest.mark.neo4j
def test_an_analyst_query_over_its_timeout_is_stopped_on_neo4j(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if not NEO4J_URL:
        pytest.skip("no Neo4j server: set TRADEGRAPH_TEST_NEO4J (scripts/neo4j.sh start)")
    folder = tmp_path / "mine"
    analyst_query(folder, "too-slow", SLOW, timeout=0.5)
    monkeypatch.setenv(catalog.ENV, str(folder))
    result = cli.invoke(app, ["query", "run", "too-slow", "--store", NEO4J_URL])
    error = json.loads(result.stderr)["error"]
    assert result.exit_code == 2 and error["type"] == "timeout"
    assert error["message"] == "query too-slow ran past its timeout of 0.5 s"
    assert error["file"] == str(folder / "too-slow.cypher") and error["field"] == "timeout"
    analyst_query(folder, "too-slow", "RETURN 1 AS x", timeout=0.5)
    assert cli.invoke(app, ["query", "run", "too-slow", "--store", NEO4J_URL]).exit_code == 0


# --- risk: how findings add up -----------------------------------------------------------

def part(query: str, typology: str, severity: str, *found: tuple[list[str], float]
         ) -> QueryFindings:
    return QueryFindings(query, typology, severity, [
        Finding(entities, [{"source": "src", "record_id": f"{query}-{i}"}], score,
                f"{query} finding {i}") for i, (entities, score) in enumerate(found)])


def test_points_are_weight_times_score_with_diminishing_returns() -> None:
    parts = [part("q1", "shell-cluster", "medium", (["a"], 0.5), (["a", "b"], 0.8),
                  (["a"], 0.2)),
             part("q2", "sanctions-proximity", "high", (["b"], 1.0))]
    ranked = rank(parts, {"a": "Minh Phat"})
    assert [r.entity for r in ranked] == ["b", "a"]
    b, a = ranked
    assert b.total == pytest.approx(3 * 1.0 + 2 * 0.8)
    assert a.name == "Minh Phat" and a.typologies == ["shell-cluster"]
    assert [(c.score, c.factor) for c in a.contributions] == [(0.8, 1), (0.5, DECAY),
                                                              (0.2, DECAY ** 2)]
    assert a.total == pytest.approx(sum(c.weight * c.score * c.factor for c in a.contributions))
    assert a.total == pytest.approx(2 * (0.8 + 0.25 + 0.05))
    assert a.records == [("src", "q1-1"), ("src", "q1-0"), ("src", "q1-2")]
    assert SEVERITY_WEIGHTS == {"low": 1.0, "medium": 2.0, "high": 3.0}


def test_many_findings_of_one_typology_never_pass_twice_its_weight() -> None:
    many = part("q", "shared-contact", "medium", *((["a"], 1.0) for _ in range(30)))
    two = [part("q1", "shared-contact", "medium", (["b"], 1.0)),
           part("q2", "phoenix", "medium", (["b"], 1.0))]
    ranked = {r.entity: r.total for r in rank([many, *two])}
    assert ranked["a"] < 2 * 2.0 < ranked["b"] + 0.001


def test_risk_command_explains_in_every_format(tmp_path: Path) -> None:
    findings = [part("q1", "shell-cluster", "medium", (["a"], 0.5)).as_dict(),
                part("q2", "sanctions-proximity", "high", (["a", "b"], 1.0)).as_dict()]
    source = tmp_path / "findings.json"
    source.write_text(json.dumps(findings), encoding="utf-8")
    args = ["risk", "--from", str(source), "--store", str(tmp_path / "s")]
    shown = json.loads(cli.invoke(app, [*args, "--format", "json"]).stdout)
    assert [e["entity"] for e in shown] == ["a", "b"] and shown[0]["total"] == 4.0
    assert [c["points"] for c in shown[0]["contributions"]] == [3.0, 1.0]
    rows = list(csv.DictReader(io.StringIO(cli.invoke(app, [*args, "--format", "csv",
                                                            "--top", "1"]).stdout)))
    assert [(r["entity"], r["typology"], r["points"]) for r in rows] == [
        ("a", "sanctions-proximity", "3.0000"), ("a", "shell-cluster", "1.0000")]
    table = cli.invoke(app, [*args, "--top", "1"])
    assert table.exit_code == 0 and "3.00 = 3 (high) x 1.00 x 1" in table.stdout
    bad = cli.invoke(app, [*args, "--format", "xml"])
    assert bad.exit_code == 2 and json.loads(bad.stderr)["error"]["field"] == "format"


def test_every_saved_query_runs_in_one_process_on_a_small_buffer_pool(
        demo_dir: Path, tmp_path: Path) -> None:
    """A run of saved queries on one embedded store must not fill the engine's page pool:
    with 96 MiB, one connection for them all ran out after two queries."""
    tradegraph = str(Path(sys.executable).parent / "tradegraph")
    folder = str(tmp_path / "graph")
    env = {**os.environ, "TRADEGRAPH_BUFFER_POOL_MIB": "96"}
    env.pop(catalog.ENV, None)
    for step in (["ingest", str(demo_dir / "batches")],
                 ["reference", "load", str(demo_dir / "reference")], ["resolve"]):
        subprocess.run([tradegraph, *step, "--store", folder], check=True, env=env,
                       capture_output=True)
    out = tmp_path / "findings.json"
    done = subprocess.run([tradegraph, "findings", "--out", str(out), "--store", folder],
                          env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    parts = json.loads(out.read_text(encoding="utf-8"))
    assert not [p["query"] for p in parts if "error" in p]
    assert sum(len(p["findings"]) for p in parts) > 0
