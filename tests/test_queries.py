"""Saved queries: file format and validation, parameters, runner limits, built-in queries, CLI."""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from graph.ladybug_store import LadybugStore
from graph.store import GraphStore
from loaders.ingest import ingest
from loaders.reference import load_reference
from queries import catalog, scan
from queries.errors import (
    DuplicateQuery,
    ParameterError,
    QueryError,
    QueryFileError,
    QueryTimeout,
    UnknownQuery,
    WriteNotAllowed,
)
from queries.runner import Result, bind, run
from queries.saved import SavedQuery, load_file
from resolvers.rebuild import resolve
from tests.conftest import neo4j_store
from tradegraph.query_cli import query_app

BUILTIN = ("shell-cluster", "shared-contact", "split-shipments")
INJECTION = "x'}) DETACH DELETE n //"
SLOW = ("UNWIND range(1, 100000) AS a UNWIND range(1, 100000) AS b "
        "WITH a, b WHERE (a * b) % 7 = 3 RETURN count(*) AS n")
cli = CliRunner()


def header(name: str, params: str = "", extra: str = "") -> str:
    lines = [f"name: {name}", "title: A test query", "typology: test", "severity: low",
             "timeout: 5", *extra.splitlines()]
    if params:
        lines += ["parameters:", *(f"  {line}" for line in params.splitlines())]
    return "".join(f"// {line}\n" for line in lines)


def write(folder: Path, name: str, text: str, params: str = "", extra: str = "") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.cypher"
    path.write_text(header(name, params, extra) + text + "\n", encoding="utf-8")
    return path


def saved(tmp_path: Path, text: str, params: str = "", extra: str = "") -> SavedQuery:
    return load_file(write(tmp_path / "q", "probe", text, params, extra), "user")


# --- file format and validation ------------------------------------------------------------

def test_header_is_parsed_into_a_saved_query(tmp_path: Path) -> None:
    text = ("MATCH (c:CompanyRecord) WHERE c.name = $name AND c.registered_on >= $since\n"
            "  AND c.registered_on <= $since + $window\nRETURN c.key AS key")
    query = saved(tmp_path, text + ";",
                  "name: {type: string, default: Minh Phat, help: Company name}\n"
                  "since: {type: date, default: 2024-01-01}\n"
                  "window: {type: days}", "description: Finds one company.\nreason: '{key}'")
    assert (query.name, query.typology, query.severity, query.timeout) == (
        "probe", "test", "low", 5.0)
    assert query.description == "Finds one company." and query.reason == "{key}"
    assert [(p.name, p.type, p.required) for p in query.parameters] == [
        ("name", "string", False), ("since", "date", False), ("window", "days", True)]
    named = query.parameter("name")
    assert named is not None and named.help == "Company name" and query.parameter("x") is None
    assert query.text == text
    assert query.origin == "user" and not query.writes


@pytest.mark.parametrize(("body", "params", "extra", "field", "says"), [
    ("RETURN 1 AS x", "", "title: [unclosed", "header", "not valid YAML"),
    ("RETURN $n AS x", "n: {type: integer}", "", "parameters.n.type", "unknown parameter type"),
    ("RETURN $n AS x", "n: {type: int, default: six}", "", "parameters.n.default",
     "does not fit"),
    ("RETURN $d AS x", "d: {type: date, default: 2024-13-45}", "", "header", "not valid YAML"),
    ("RETURN $d AS x", "d: {type: date, default: 24/1/2024}", "", "parameters.d.default",
     "does not fit"),
    ("RETURN $l AS x", "l: {type: 'list[string]', default: 5}", "", "parameters.l.default",
     "does not fit"),
    ("RETURN $n + $m AS x", "n: {type: int, default: 1}", "", "parameters.m", "not declared"),
    ("RETURN 1 AS x", "n: {type: int, default: 1}", "", "parameters.n", "never used"),
    ("RETURN $n AS x", "n: {type: int, colour: red}", "", "parameters.n", "unknown parameter"),
    ("RETURN 1 AS x", "", "severity: extreme", "severity", "severity must be"),
    ("RETURN 1 AS x", "", "timeout: -1", "timeout", "positive"),
    ("RETURN 1 AS x", "", "owner: me", "owner", "unknown header field"),
    ("", "", "", "text", "no query"),
])
def test_invalid_files_name_the_file_and_the_field(tmp_path: Path, body: str, params: str,
                                                   extra: str, field: str, says: str) -> None:
    path = write(tmp_path, "probe", body, params)
    if extra:  # a later duplicate key in YAML wins, so it overrides the valid default
        path.write_text(header("probe", params) + f"// {extra}\n" + body, encoding="utf-8")
    with pytest.raises(QueryFileError) as caught:
        load_file(path)
    assert caught.value.file == str(path) and caught.value.field == field
    assert says in caught.value.message


def test_a_file_without_header_or_with_the_wrong_name_is_refused(tmp_path: Path) -> None:
    bare = tmp_path / "bare.cypher"
    bare.write_text("RETURN 1 AS x\n", encoding="utf-8")
    with pytest.raises(QueryFileError, match="header") as caught:
        load_file(bare)
    assert caught.value.field == "header"
    renamed = write(tmp_path, "probe", "RETURN 1 AS x")
    with pytest.raises(QueryFileError) as caught:
        load_file(renamed.rename(tmp_path / "other.cypher"))
    assert caught.value.field == "name"


@pytest.mark.parametrize("clause", [
    "CREATE (n:Entity {key: 'x'})", "MERGE (n:Entity {key: 'x'})", "MATCH (n) SET n.name = 'x'",
    "MATCH (n) DELETE n", "MATCH (n) DETACH DELETE n", "MATCH (n) REMOVE n.name",
    "DROP TABLE Entity", "LOAD CSV FROM 'file:///x' AS r RETURN r",
    "CALL dbms.killQueries(['1'])", "CALL apoc.periodic.iterate('a', 'b', {})",
    "match (n) detach\n  delete n",
])
def test_write_clauses_are_refused_unless_marked(tmp_path: Path, clause: str) -> None:
    with pytest.raises(WriteNotAllowed) as caught:
        saved(tmp_path, clause)
    assert caught.value.field == "text" and "writes: true" in caught.value.message
    assert saved(tmp_path, clause, extra="writes: true").writes


def test_a_write_query_runs_only_when_allowed(tmp_path: Path, store: GraphStore) -> None:
    query = saved(tmp_path, "MERGE (e:Entity {key: 'probe'}) RETURN e.key AS key",
                  extra="writes: true")
    with pytest.raises(WriteNotAllowed) as caught:
        run(store, query)
    assert caught.value.field == "writes" and store.count_nodes("Entity") == 0
    assert run(store, query, allow_writes=True).rows == [{"key": "probe"}]


def test_write_words_in_strings_and_comments_are_not_clauses(tmp_path: Path) -> None:
    text = ("// CREATE nothing here\nMATCH (c:CompanyRecord) /* DELETE */\n"
            "WHERE c.name = 'DETACH DELETE' OR c.name = \"SET\" RETURN c.key AS created_key")
    assert scan.write_clauses(text) == []
    assert saved(tmp_path, "\n" + text).text.startswith("// CREATE")  # blank line ends header
    assert scan.parameters_used("RETURN '$not_a_parameter' AS x, $real AS y") == {"real"}


# --- the catalog: built-in, analysts' folder, per-store variants ------------------------------

def test_builtin_queries_load(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(catalog.ENV, raising=False)
    queries = catalog.load_all()
    assert set(BUILTIN) <= set(queries)
    assert all(q.origin == "builtin" and q.typology == q.name for q in queries.values())
    with pytest.raises(UnknownQuery):
        catalog.get("no-such-query", queries)
    with pytest.raises(UnknownQuery):
        run(None, "no-such-query")  # type: ignore[arg-type]


def test_analysts_folder_is_listed_after_validation(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    mine = tmp_path / "mine"
    write(mine, "my-count", "MATCH (c:CompanyRecord) RETURN count(c) AS n")
    monkeypatch.setenv(catalog.ENV, str(mine))
    queries = catalog.load_all()
    assert queries["my-count"].origin == "user" and queries["shell-cluster"].origin == "builtin"
    write(mine, "broken", "RETURN $x AS x")
    with pytest.raises(QueryFileError) as caught:
        catalog.load_all()
    assert caught.value.file == str(mine / "broken.cypher") and caught.value.field == "parameters.x"


def test_a_name_clash_with_a_builtin_names_both_files(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    clash = write(tmp_path / "mine", "shell-cluster", "RETURN 1 AS x")
    monkeypatch.setenv(catalog.ENV, str(clash.parent))
    with pytest.raises(DuplicateQuery) as caught:
        catalog.load_all()
    assert str(clash) in caught.value.message
    assert str(catalog.BUILTIN / "shell-cluster.cypher") in caught.value.message
    monkeypatch.setenv(catalog.ENV, str(tmp_path / "missing"))
    with pytest.raises(QueryFileError, match="not a folder"):
        catalog.load_all()


def test_a_store_variant_replaces_the_text_for_that_store(tmp_path: Path,
                                                         store: GraphStore) -> None:
    path = write(tmp_path, "which", "RETURN 'main' AS text")
    (tmp_path / "which.ladybug.cypher").write_text("// ladybug\nRETURN 'ladybug' AS text\n",
                                                   encoding="utf-8")
    query = load_file(path)
    expected = "ladybug" if isinstance(store, LadybugStore) else "main"
    assert run(store, query).rows == [{"text": expected}]
    (tmp_path / "which.neo4j.cypher").write_text("MATCH (n) DELETE n", encoding="utf-8")
    with pytest.raises(WriteNotAllowed) as caught:
        load_file(path)
    assert caught.value.file == str(tmp_path / "which.neo4j.cypher")


# --- parameters ----------------------------------------------------------------------------

TYPED = ("i: {type: int, default: 1}\nf: {type: float, default: 1.5}\ns: {type: string}\n"
         "d: {type: date, default: 2024-01-01}\nb: {type: bool, default: false}\n"
         "w: {type: days, default: 7}\nl: {type: 'list[string]', default: []}\n"
         "m: {type: 'map[string,float]', default: {USD: 1}}")
TYPED_TEXT = "RETURN $i AS i, $f AS f, $s AS s, $d AS d, $b AS b, $w AS w, $l AS l, $m AS m"


def test_string_values_become_their_declared_types(tmp_path: Path) -> None:
    query = saved(tmp_path, TYPED_TEXT, TYPED)
    values = bind(query, {"i": "6", "f": "2", "s": "x", "d": "2025-02-28", "b": "yes",
                          "w": "30", "l": "a; b;", "m": "CNY=0.138;USD=1"})
    assert values == {"i": 6, "f": 2.0, "s": "x", "d": dt.date(2025, 2, 28), "b": True,
                      "w": dt.timedelta(days=30), "l": ["a", "b"],
                      "m": [{"key": "CNY", "value": 0.138}, {"key": "USD", "value": 1.0}]}
    defaults = bind(query, {"s": "x", "l": '["a;b", "c"]'})
    assert defaults["i"] == 1 and defaults["w"] == dt.timedelta(days=7)
    assert defaults["l"] == ["a;b", "c"] and defaults["m"] == [{"key": "USD", "value": 1.0}]


@pytest.mark.parametrize(("given", "field"), [
    ({"s": "x", "i": "six"}, "i"), ({"s": "x", "i": "1.5"}, "i"), ({"s": "x", "f": "x"}, "f"),
    ({"s": "x", "d": "2025-02-30"}, "d"), ({"s": "x", "b": "maybe"}, "b"),
    ({"s": "x", "w": "-1"}, "w"), ({"s": "x", "m": "CNY"}, "m"), ({"s": "x", "l": "[1"}, "l"),
    ({}, "s"), ({"s": "x", "colour": "red"}, "colour"),
])
def test_bad_parameter_values_are_refused(tmp_path: Path, given: dict[str, str],
                                          field: str) -> None:
    with pytest.raises(ParameterError) as caught:
        bind(saved(tmp_path, TYPED_TEXT, TYPED), given)
    assert caught.value.field == field and caught.value.query == "probe"


# --- runner: data not code, row cap, timeout --------------------------------------------------

def load_companies(store: GraphStore, folder: Path) -> None:
    folder.mkdir(parents=True)
    (folder / "source.yaml").write_text("id: tax-authority\n", encoding="utf-8")
    (folder / "companies.csv").write_text(
        "record_id,name,phone\nC1,Minh Phat Co,0901234567\nC2,An Binh Co,0901234567\n",
        encoding="utf-8")
    ingest(store, folder)


def test_cypher_in_a_parameter_value_is_plain_data(tmp_path: Path, store: GraphStore) -> None:
    load_companies(store, tmp_path / "batch")
    before = store.counts()
    query = saved(tmp_path, "MATCH (c:CompanyRecord) WHERE c.name = $name "
                  "RETURN c.key AS key, $name AS asked", "name: {type: string}")
    assert run(store, query, {"name": INJECTION}).rows == []
    echo = saved(tmp_path / "e", "RETURN $name AS asked", "name: {type: string}")
    assert run(store, echo, {"name": INJECTION}).rows == [{"asked": INJECTION}]
    listed = saved(tmp_path / "l", "MATCH (c:CompanyRecord) WHERE c.name IN $names "
                   "RETURN c.key AS key", "names: {type: 'list[string]'}")
    assert run(store, listed, {"names": f"{INJECTION};Minh Phat Co"}).rows == [
        {"key": "tax-authority:C1"}]
    assert store.counts() == before


def test_a_result_says_when_it_was_truncated(tmp_path: Path, store: GraphStore) -> None:
    query = saved(tmp_path, "UNWIND range(1, $n) AS x RETURN x ORDER BY x",
                  "n: {type: int, default: 10}")
    capped = run(store, query, limit=4)
    assert [r["x"] for r in capped.rows] == [1, 2, 3, 4] and capped.truncated
    assert not run(store, query, limit=10).truncated
    own_limit = saved(tmp_path / "o", "UNWIND range(1, 10) AS x RETURN x ORDER BY x LIMIT 6")
    sliced = run(store, own_limit, limit=5)
    assert len(sliced.rows) == 5 and sliced.truncated
    with pytest.raises(ParameterError):
        run(store, query, limit=0)


def test_a_query_over_its_timeout_is_stopped(tmp_path: Path, store: GraphStore) -> None:
    slow = saved(tmp_path, SLOW, extra="timeout: 0.2")
    with pytest.raises(QueryTimeout) as caught:
        run(store, slow)
    assert "probe" in caught.value.message and "0.2 s" in caught.value.message
    assert caught.value.shape()["error"]["type"] == "timeout"
    fast = saved(tmp_path / "f", "RETURN 1 AS x")
    assert run(store, fast).rows == [{"x": 1}]  # the store still answers afterwards


def test_finding_columns_become_findings(tmp_path: Path, store: GraphStore) -> None:
    query = saved(tmp_path, "RETURN ['tax:1'] AS entities, ['src:R-1', 'src:R-2'] AS records, "
                  "0.5 AS score, 'Minh Phat' AS who", extra="reason: '{who} shares {records}'")
    result = run(store, query)
    assert result.findings is not None and [f.as_dict() for f in result.findings] == [{
        "entities": ["tax:1"], "score": 0.5, "reason": "Minh Phat shares src:R-1, src:R-2",
        "records": [{"source": "src", "record_id": "R-1"}, {"source": "src", "record_id": "R-2"}],
    }]
    assert run(store, saved(tmp_path / "p", "RETURN 1 AS x")).findings is None
    none = saved(tmp_path / "n", "MATCH (c:CompanyRecord) RETURN [c.key] AS entities, "
                 "[c.key] AS records, 1.0 AS score")
    assert run(store, none).findings == []


def test_every_error_has_one_json_shape() -> None:
    shaped = json.loads(QueryError("boom", query="q", field="f").to_json())
    assert shaped == {"error": {"type": "query_error", "message": "boom", "query": "q",
                                "file": None, "field": "f"}}
    for kind in (QueryFileError, WriteNotAllowed, DuplicateQuery, UnknownQuery, ParameterError,
                 QueryTimeout):
        assert set(kind("x").shape()["error"]) == {"type", "message", "query", "file", "field"}


# --- the built-in queries on demo data ------------------------------------------------------

def ingest_demo(store: GraphStore, demo: Path) -> GraphStore:
    """The demo's batches, its reference data (FX rates, registered agents), resolved."""
    for folder in sorted((demo / "batches").iterdir()):
        ingest(store, folder)
    load_reference(store, demo / "reference")
    resolve(store)
    return store


@pytest.fixture(scope="module")
def demo_store(demo_dir: Path, tmp_path_factory: pytest.TempPathFactory
               ) -> Iterator[GraphStore]:
    store = LadybugStore(tmp_path_factory.mktemp("demo-graph"))
    store.setup_schema()
    with ingest_demo(store, demo_dir):
        yield store


def record_keys(result: Result) -> list[set[str]]:
    return [{f"{r['source']}:{r['record_id']}" for r in f.records} for f in result.findings or []]


def planted(demo: Path, typology: str) -> list[set[str]]:
    instances = json.loads((demo / "truth" / "patterns.json").read_text(encoding="utf-8"))
    return [{f"{r['source']}:{r['record_id']}" for r in i["records"]}
            for i in instances if i["typology"] == typology]


@pytest.mark.parametrize("name", BUILTIN)
def test_builtin_queries_find_the_planted_instances(name: str, demo_store: GraphStore,
                                                    demo_dir: Path) -> None:
    result = run(demo_store, catalog.get(name))
    found = record_keys(result)
    assert result.findings and not result.truncated and result.seconds < 5
    assert all(f.reason and f.entities and 0 < f.score <= 1 for f in result.findings)
    for instance in planted(demo_dir, name):
        # found: one finding whose evidence is mostly this instance's records
        assert any(len(keys & instance) >= len(keys) / 2 for keys in found), name


def test_registered_agents_can_be_excluded(demo_store: GraphStore, demo_dir: Path) -> None:
    query = catalog.get("shell-cluster")
    with (demo_dir / "reference" / "registered_agents.csv").open(encoding="utf-8") as file:
        agent = next(csv.DictReader(file))["address"]
    found = [r["address"] for r in run(demo_store, query).rows]
    assert agent not in found  # the reference data's registered agents are skipped
    kept = [r["address"] for r in run(demo_store, query, {"exclude_addresses": found[0]}).rows]
    assert found[0] not in kept and len(kept) < len(found)
    assert run(demo_store, query, {"exclude_addresses": ";".join(found)}).findings == []


@pytest.mark.neo4j
def test_builtin_queries_find_the_same_on_neo4j(demo_store: GraphStore,
                                                demo_dir: Path) -> None:
    server = neo4j_store(empty=True)
    server.setup_schema()
    with ingest_demo(server, demo_dir):
        for name in BUILTIN:
            query = catalog.get(name)
            assert comparable(run(server, query)) == comparable(run(demo_store, query)), name


def comparable(result: Result) -> list[tuple[list[str], list[str], float]]:
    """Findings without the order collect() happened to produce."""
    return sorted((sorted(f.entities), sorted(keys), round(f.score, 6))
                  for f, keys in zip(result.findings or [], record_keys(result), strict=True))


# --- command line ---------------------------------------------------------------------------

@pytest.fixture
def analyst(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    mine = tmp_path / "mine"
    write(mine, "fake-findings",
          "UNWIND range(1, $n) AS i RETURN ['tax:' + $who] AS entities, "
          "['src:R-1'] AS records, 0.5 AS score, 'shared phone' AS reason",
          "n: {type: int, default: 3}\nwho: {type: string, default: '1'}")
    monkeypatch.setenv(catalog.ENV, str(mine))
    return tmp_path / "store"


def invoke(*args: str) -> tuple[int, str, str]:
    result = cli.invoke(query_app, list(args))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def test_cli_lists_and_shows_queries(analyst: Path) -> None:
    code, out, _ = invoke("list")
    assert code == 0 and "fake-findings" in out and "user" in out and "builtin" in out
    for name in BUILTIN:
        assert name in out
    code, out, _ = invoke("show", "split-shipments")
    assert code == 0
    for expected in ("threshold_usd", "float", "window_days", "MATCH", "timeout"):
        assert expected in out


def test_cli_runs_in_every_format(analyst: Path) -> None:
    store = ["--store", str(analyst)]
    code, out, _ = invoke("run", "fake-findings", "--format", "json", "-p", "who=7", *store)
    data = json.loads(out)
    assert code == 0 and data["query"] == "fake-findings" and data["truncated"] is False
    assert data["findings"][0] == {"entities": ["tax:7"], "score": 0.5, "reason": "shared phone",
                                   "records": [{"source": "src", "record_id": "R-1"}]}
    code, out, err = invoke("run", "fake-findings", "--format", "csv", "--limit", "2", *store)
    assert code == 0 and out.splitlines() == ["entities,records,score,reason",
                                              "tax:1,src:R-1,0.5,shared phone",
                                              "tax:1,src:R-1,0.5,shared phone"]
    assert "truncated" in err
    code, out, _ = invoke("run", "fake-findings", *store)
    assert code == 0 and "shared phone" in out


@pytest.mark.parametrize(("args", "kind", "field"), [
    (["run", "nope"], "unknown_query", None),
    (["run", "fake-findings", "-p", "n=many"], "invalid_parameter", "n"),
    (["run", "fake-findings", "-p", "colour=red"], "invalid_parameter", "colour"),
    (["run", "fake-findings", "-p", "n"], "invalid_parameter", "param"),
    (["run", "fake-findings", "--format", "xml"], "invalid_parameter", "format"),
    (["show", "nope"], "unknown_query", None),
])
def test_cli_errors_print_the_json_shape_and_exit_2(analyst: Path, args: list[str], kind: str,
                                                   field: str | None) -> None:
    code, out, err = invoke(*args, *(["--store", str(analyst)] if args[0] == "run" else []))
    error = json.loads(err)["error"]
    assert code == 2 and out == "" and error["type"] == kind and error["field"] == field
    assert set(error) == {"type", "message", "query", "file", "field"}
