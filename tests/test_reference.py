"""`tradegraph reference load`: analysts' FX rates, trade remedies and registered agents."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from typer.testing import CliRunner

from graph.store import GraphStore
from loaders.ingest import ingest
from loaders.reference import NoReferenceFiles, load_reference
from loaders.report import REPORT_NAME
from tradegraph.cli import app

FX = "currency,usd_per_unit\nUSD,1\nEUR,1.08\nCNY,0.138\n"
REMEDIES = "country,hs_chapter,measure\nCN,72,anti-dumping: steel\nKR,7,safeguard\n"
AGENT = "Tầng 22, Tòa nhà Saigon Centre, Số 285 Đường Quang Trung, Phường 12, Quận Tân Bình"
AGENTS = f'address,note\n"{AGENT}",business centre\n'
cli = CliRunner()


def folder(tmp_path: Path, name: str = "reference", **files: str) -> Path:
    path = tmp_path / name
    path.mkdir(parents=True, exist_ok=True)
    for stem, text in files.items():
        (path / f"{stem}.csv").write_text(text, encoding="utf-8")
    return path


def table(store: GraphStore, label: str, *fields: str) -> list[tuple]:
    rows = store.query(f"MATCH (n:{label}) RETURN {', '.join(f'n.{f} AS {f}' for f in fields)}")
    return sorted(tuple(row[f] for f in fields) for row in rows)


def test_the_three_files_load(store: GraphStore, tmp_path: Path) -> None:
    result = load_reference(store, folder(tmp_path, fx_rates=FX, trade_remedies=REMEDIES,
                                          registered_agents=AGENTS))
    assert not result.rejections and result.report is None
    assert [(f.name, f.rows, f.replaced) for f in result.files] == [
        ("fx_rates.csv", 3, True), ("trade_remedies.csv", 2, True),
        ("registered_agents.csv", 1, True)]
    assert table(store, "FxRate", "key", "usd_per_unit") == [
        ("CNY", 0.138), ("EUR", 1.08), ("USD", 1.0)]
    assert table(store, "TradeRemedy", "key", "country", "hs_chapter", "measure") == [
        ("CN:72", "CN", "72", "anti-dumping: steel"), ("KR:07", "KR", "07", "safeguard")]
    assert table(store, "RegisteredAgent", "address", "note") == [(AGENT, "business centre")]
    assert table(store, "ReferenceFile", "key", "rows", "rejected") == [
        ("fx_rates.csv", 3, 0), ("registered_agents.csv", 1, 0), ("trade_remedies.csv", 2, 0)]


@pytest.mark.parametrize(("kind", "text", "line", "field", "says"), [
    ("fx_rates", "currency,usd_per_unit\nUSD,1\nXXY,2\n", 3, "currency", "ISO 4217"),
    ("fx_rates", "currency,usd_per_unit\nUSD,1\nEUR,abc\n", 3, "usd_per_unit", "not a number"),
    ("fx_rates", "currency,usd_per_unit\nUSD,1\nEUR,0\n", 3, "usd_per_unit", "positive"),
    ("fx_rates", "currency,usd_per_unit\nUSD,1\nEUR,-1.08\n", 3, "usd_per_unit", "negative"),
    ("fx_rates", "currency,usd_per_unit\nUSD,1\nEUR,\n", 3, "usd_per_unit", "missing"),
    ("fx_rates", "currency,usd_per_unit\nUSD,1\nusd,1.1\n", 3, "currency", "duplicate of line 2"),
    ("trade_remedies", "country,hs_chapter\nCN,72\nCN,723\n", 3, "hs_chapter", "HS chapter"),
    ("trade_remedies", "country,hs_chapter\nCN,72\nCN,00\n", 3, "hs_chapter", "HS chapter"),
    ("trade_remedies", "country,hs_chapter\nCN,72\nXX,72\n", 3, "country", "ISO 3166"),
    ("trade_remedies", "country,hs_chapter\nCN,72\nCN,72\n", 3, "hs_chapter", "duplicate"),
    ("registered_agents", f'address,note\n"{AGENT}",\n,a note\n', 3, "address", "missing"),
    ("registered_agents", f'address\n"{AGENT}"\n"{AGENT.upper()}"\n', 3, "address",
     "duplicate of line 2"),
    ("registered_agents", 'address\n"12 Lò Đúc"\n"..."\n', 3, "address", "no words"),
])
def test_a_bad_row_is_named_and_the_rest_loads(store: GraphStore, tmp_path: Path, kind: str,
                                               text: str, line: int, field: str,
                                               says: str) -> None:
    result = load_reference(store, folder(tmp_path, **{kind: text}))
    [rejection] = result.rejections
    assert (rejection.file, rejection.line, rejection.field) == (f"{kind}.csv", line, field)
    assert says in rejection.reason
    assert result.files[0].rows == 1 and result.files[0].replaced
    report = list(csv.DictReader((tmp_path / "reference" / REPORT_NAME).open(encoding="utf-8")))
    assert [(r["file"], r["line"], r["field"]) for r in report] == [(f"{kind}.csv", str(line),
                                                                     field)]


def test_each_file_replaces_only_its_own_previous_version(store: GraphStore,
                                                          tmp_path: Path) -> None:
    load_reference(store, folder(tmp_path, "first", fx_rates=FX, trade_remedies=REMEDIES))
    yen = "currency,usd_per_unit\nJPY,0.0066\n"
    load_reference(store, folder(tmp_path, "second", fx_rates=yen))
    assert table(store, "FxRate", "key") == [("JPY",)]
    assert len(table(store, "TradeRemedy", "key")) == 2  # not in the second folder: kept
    load_reference(store, folder(tmp_path, "third", trade_remedies="country,hs_chapter,measure\n"))
    assert table(store, "TradeRemedy", "key") == []  # a header-only file is an empty list


def test_a_file_with_no_usable_row_keeps_the_previous_version(store: GraphStore,
                                                               tmp_path: Path) -> None:
    load_reference(store, folder(tmp_path, "good", fx_rates=FX))
    result = load_reference(store, folder(tmp_path, "bad", fx_rates="currency,rate\nUSD,1\n"))
    [rejection] = result.rejections
    assert (rejection.field, rejection.line) == ("usd_per_unit", 1)
    assert "required column missing" in rejection.reason
    assert not result.files[0].replaced and len(table(store, "FxRate", "key")) == 3


def test_a_folder_without_reference_files_is_refused(store: GraphStore, tmp_path: Path) -> None:
    empty = folder(tmp_path, "empty")
    (empty / "rates.csv").write_text(FX, encoding="utf-8")
    with pytest.raises(NoReferenceFiles, match="fx_rates.csv"):
        load_reference(store, empty)
    with pytest.raises(NoReferenceFiles, match="not a folder"):
        load_reference(store, tmp_path / "missing")


def companies(tmp_path: Path, rows: str) -> Path:
    batch = tmp_path / "registry"
    batch.mkdir(exist_ok=True)
    (batch / "source.yaml").write_text("id: business-registry\n", encoding="utf-8")
    (batch / "companies.csv").write_text("record_id,name,address\n" + rows, encoding="utf-8")
    return batch


def agent_addresses(store: GraphStore) -> list[str]:
    rows = store.query("MATCH (c:CompanyRecord)-[:HAS_ADDRESS]->(:Address)"
                       "-[:REGISTERED_AGENT]->(:RegisteredAgent) RETURN c.record_id AS id")
    return sorted(row["id"] for row in rows)


def test_company_addresses_are_tied_to_agents_after_address_normalisation(
        store: GraphStore, tmp_path: Path) -> None:
    abbreviated = "Tầng 22, Tòa nhà Saigon Centre, 285 Đ. Quang Trung, P. 12, Q. Tân Bình"
    ingest(store, companies(tmp_path, f'C1,An Phat Co,"{AGENT}"\nC2,Binh Minh Co,"{abbreviated}"\n'
                                      'C3,Cuong Thinh Co,"12 Lò Đúc, Hai Bà Trưng"\n'),
           report_dir=tmp_path / "reports")
    result = load_reference(store, folder(tmp_path, registered_agents=AGENTS))
    assert result.agent_addresses == 2 and agent_addresses(store) == ["C1", "C2"]
    # a company loaded after the reference data is tied to the agent as well
    ingest(store, companies(tmp_path, f'C4,Dai Loc Co,"{AGENT.upper()}"\n'),
           report_dir=tmp_path / "reports")
    assert agent_addresses(store) == ["C1", "C2", "C4"]
    load_reference(store, folder(tmp_path, "none", registered_agents="address,note\n"))
    assert agent_addresses(store) == []


def test_cli_loads_and_reports(tmp_path: Path) -> None:
    store = ["--store", str(tmp_path / "graph")]
    given = folder(tmp_path, fx_rates=FX + "EUR,2\n", trade_remedies=REMEDIES)
    result = cli.invoke(app, ["reference", "load", str(given), *store])
    assert result.exit_code == 0, result.output
    shown = " ".join(result.output.split())  # as read, whatever the terminal's width
    for expected in ("fx_rates.csv", "trade_remedies.csv", "replaced", "1 rejections",
                     "fx_rates.csv:5 currency: duplicate of line 3"):
        assert expected in shown
    broken = folder(tmp_path, "broken", fx_rates="currency\nUSD\n")
    result = cli.invoke(app, ["reference", "load", str(broken), *store])
    assert result.exit_code == 1 and "kept: no valid row" in " ".join(result.output.split())
    result = cli.invoke(app, ["reference", "load", str(tmp_path / "missing"), *store])
    assert result.exit_code == 2 and "not a folder" in " ".join(result.output.split())
