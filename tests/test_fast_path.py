"""The whole-column path loads exactly what the row-by-row models load, and rejects the same
rows with the same reasons, lines and fields: on every corpus batch, on awkward values
it must hand to the models, and on the demo data."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from graph.ladybug_store import LadybugStore
from loaders import readers
from loaders.batch import BatchError
from loaders.ingest import ingest
from tests import corpus
from tests.graph_dump import dump
from tradegraph.cli import batch_folders

Builder = Callable[[Path], Path]


def load_both(folders: list[Path], root: Path, **options: object) -> None:
    found = {}
    for columns in (True, False):
        store = LadybugStore(root / f"db-{columns}")
        store.setup_schema()
        rejections = []
        for folder in folders:
            result = ingest(store, folder, columns=columns, **options)  # type: ignore[arg-type]
            rejections += [str(r) for r in result.rejections]
            rejections += [f"{kind}: {vars(w)}" for kind, w in sorted(result.loaded.items())]
        found[columns] = dump(store), rejections
        store.close()
    (graph, rejected), (reference_graph, reference_rejected) = found[True], found[False]
    assert rejected == reference_rejected
    for name in reference_graph:
        assert graph[name] == reference_graph[name], name


AWKWARD = [
    # whitespace the row path folds
    {"importer_name": "  Minh  Phat\u00a0Co "}, {"importer_tax_id": "\t0101234567"},
    {"importer_name": "Minh\u3000Phat"}, {"currency": " usd"},
    # codes in other cases or not codes
    {"origin_country": "cn"}, {"origin_country": "Cn"}, {"origin_country": "XX"},
    {"origin_country": "ＣＮ"}, {"currency": "usd"}, {"currency": "ABC"},
    {"transport_mode": "SEA"}, {"transport_mode": "ſea"}, {"transport_mode": "boat"},
    # dates the strict check hands over, valid or not
    {"date": "2024-02-30"}, {"date": "2024-2-3"}, {"date": "20240203"}, {"date": "2024-W05-2"},
    {"date": "2024-02-03T10:00:00"}, {"date": "0000-01-01"}, {"date": "2024-13-01"},
    {"date": "2024-02-29"}, {"date": "٢٠٢٤-٠٢-٠٣"},
    # numbers
    {"customs_value": "1e5"}, {"customs_value": "1_000"}, {"customs_value": "-0"},
    {"customs_value": "-5"}, {"customs_value": "nan"}, {"customs_value": "inf"},
    {"customs_value": ".5"}, {"customs_value": "5."}, {"customs_value": "1,5"},
    {"customs_value": "9" * 400}, {"customs_value": "0.1000000000000000055511151231257827"},
    {"customs_value": "١٢"}, {"customs_value": ""},
    # HS codes
    {"hs_code": "8517.12"}, {"hs_code": "8517 12"}, {"hs_code": "85 17.12.00"},
    {"hs_code": "12345"}, {"hs_code": "12345678901"}, {"hs_code": "８５１７１２"},
    # required values missing, text too long
    {"importer_name": ""}, {"importer_name": "x" * 5000}, {"record_id": " "},
]


def awkward_rows() -> list[dict[str, object]]:
    rows = [{**corpus.declaration(f"D{i}"), **values} for i, values in enumerate(AWKWARD)]
    return rows + [corpus.declaration("D0", importer_name="duplicate of D0")]


def awkward(root: Path) -> Path:
    header = corpus.DECLARATION_HEADER
    csv = corpus.csv_text(header, [[row[c] for c in header] for row in awkward_rows()])
    return corpus.write_batch(root, "awkward", {"declarations.csv": csv})


def awkward_jsonl(root: Path) -> Path:
    """The same rows, some values as JSON numbers, lists and nulls, reloaded over the CSV's."""
    rows = awkward_rows()
    rows[1]["customs_value"], rows[2]["importer_tax_id"] = 12.5, 101234567
    rows[3]["importer_address"], rows[4]["description"] = None, ["a", "b"]
    return corpus.write_batch(root, "awkward-jsonl", {
        "declarations.jsonl": corpus.jsonl_text(rows)})


def blank_lines_and_quotes(root: Path) -> Path:
    header = ",".join(corpus.COMPANY_HEADER)
    text = (f"{header}\n"
            'C1,"Acme, Trading",,VN,2020-01-02,active\n'
            "\n"
            'C2,"Two\nLines Co",,vn,2020-01-02,Active\n'
            "C3,Plain Co,,VN,2020-01-02,active\r\n"
            ",,,,,\n"
            'C4,"Quoted ""Name""",,VN,,\n'
            "C5,Short row\n"
            "C6,After the short row,,VN,2020-01-02,active\n")
    return corpus.write_batch(root, "blank", {"companies.csv": text})


def extra_and_lists(root: Path) -> Path:
    header = ["record_id", "name", "aliases", "phone", "note", "country"]
    rows = [["C1", "Acme", "A; B ;;C", "090 123 4567", "first", "VN"],
            ["C2", "Beta", ";", "", "", "vn"],
            ["C3", "Gamma", " x ", "+84 90 123 4567", "x" * 5000, "VN"]]
    return corpus.write_batch(root, "extra", {"companies.csv": corpus.csv_text(header, rows)})


def awkward_parties(root: Path) -> Path:
    """Party fields the column-wise mentions and attributes must read as the row path does:
    tax codes shared between roles and records, codes that normalise to nothing, blank
    optional parties, one address and phone written several ways (the first spelling met
    names the node), phones read with each record's country, identifiers of every scheme."""
    declarations = [
        corpus.declaration("D1", importer_tax_id="0101234567-001", declarant_name="Broker A",
                           declarant_tax_id="0101 234 567", importer_address="12 Lê Lợi, Q.1",
                           importer_phone="0901 234 567", importer_country="VN",
                           exporter_name="Shenzhen Co", exporter_address="12 Le Loi, Q1"),
        corpus.declaration("D2", importer_tax_id="---", importer_address="12 LE LOI, Q. 1",
                           importer_phone="090.123.4567", importer_country="vn",
                           importer_email=" Sales@Minh.vn ", exporter_name="",
                           exporter_address="No exporter named", declarant_tax_id="0202"),
        corpus.declaration("D3", importer_tax_id="", importer_phone="90 123 4567",
                           importer_country="SG", importer_email="not an e-mail",
                           declarant_name="Broker A", declarant_tax_id="0101234567"),
        corpus.declaration("D4", importer_name="Minh Phat", importer_tax_id="0101234567",
                           importer_phone="+84 90 123 4567 / 028 3822 1234",
                           exporter_name="Shenzhen Co", exporter_country="CN",
                           exporter_address="12 Le Loi, Q1"),
    ]
    companies = [
        {"record_id": "C1", "name": "Minh Phat", "tax_id": "0101234567",
         "registration_no": "REG-1", "address": "12 le loi q1", "phone": "0901234567",
         "email": "sales@minh.vn", "country": "VN"},
        {"record_id": "C2", "name": "No Ids Co", "registration_no": " ", "tax_id": "0"},
        {"record_id": "C3", "name": "Other Reg", "registration_no": "reg-1", "country": "CN",
         "phone": "0901234567"},
    ]
    persons = [{"record_id": "P1", "name": "Nguyen Van An", "id_number": "A-1",
                "nationality": "VN", "phone": "0901234567"},
               {"record_id": "P2", "name": "Tran Thi B", "id_number": "a 1", "country": "CN",
                "nationality": "VN", "phone": "0901234567"}]
    watchlist = [{"record_id": "W1", "name": "Minh Phat", "entity_type": "company",
                  "program": "p", "tax_id": "0101234567", "id_number": "A-1"},
                 {"record_id": "W2", "name": "Someone", "entity_type": "person",
                  "program": "p", "id_number": "X 9"}]
    cases = [{"record_id": "K1", "date": "2024-01-02", "offence": "smuggling",
              "party_name": "Minh Phat", "party_tax_id": "0101234567",
              "party_address": "12 Lê Lợi, Q.1"},
             {"record_id": "K2", "date": "2024-01-02", "offence": "smuggling",
              "party_name": "Nobody", "party_type": "person"}]
    return corpus.write_batch(root, "parties", {
        "declarations.jsonl": corpus.jsonl_text(declarations),
        "companies.jsonl": corpus.jsonl_text(companies),
        "persons.jsonl": corpus.jsonl_text(persons),
        "watchlist.jsonl": corpus.jsonl_text(watchlist),
        "cases.jsonl": corpus.jsonl_text(cases)})


def jsonl_text_only(root: Path) -> Path:
    """JSON Lines Arrow reads (CRLF, no newline at the end, escapes, nulls, keys in any
    order) and files it must leave to the row reader: a key in capitals, a repeated key, a
    number, a list, a field the model lacks, a blank line."""
    good = ('{"record_id": "C1", "name": "Acme \\u00c9 \\"Co\\"", "tax_id": null}\r\n'
            '{"name": "Beta", "record_id": "C2", "country": "vn", "phone": "090 1"}\r\n'
            '{"record_id": "C3", "name": "Gamma", "country": "XX"}')
    plain = '{"record_id": "P1", "name": "An"}\n{"record_id": "P2", "name": "Binh"}\n'
    return corpus.write_batch(root, "text-only", {
        "companies.jsonl": good,
        "persons.jsonl": plain.replace('"name": "Binh"', '"Name": "Binh"'),
        "watchlist.jsonl": '{"record_id": "W1", "name": "X", "name": "Y", '
                           '"entity_type": "person", "program": "p"}\n',
        "declarations.jsonl": corpus.jsonl_text([corpus.declaration("D1"),
                                                 corpus.declaration("D2", customs_value=5)]),
        "cases.jsonl": '{"record_id": "K1", "date": "2024-01-02", "offence": "o", '
                       '"party_name": "P", "note": "kept"}\n\n'
                       '{"record_id": "K2", "date": "2024-01-02", "offence": "o", '
                       '"party_name": "Q", "party_type": ["person"]}\n'})


BUILDERS: list[Builder] = [
    corpus.latin1_mixed, corpus.utf16, corpus.utf8_bom, corpus.missing_column,
    corpus.empty_files, corpus.ragged_rows, corpus.multiline_fields, corpus.extra_columns,
    corpus.unknown_files, corpus.bad_values, corpus.bad_company_values, corpus.duplicates,
    corpus.dangling_roles, corpus.huge_field, corpus.formulas, corpus.jsonl_shapes,
    corpus.mixed, lambda root: corpus.generated(root, 300), awkward, awkward_jsonl,
    blank_lines_and_quotes, extra_and_lists, awkward_parties, jsonl_text_only,
]


@pytest.mark.parametrize("build", BUILDERS)
def test_corpus_batch_loads_and_is_rejected_alike(tmp_path: Path, build: Builder) -> None:
    folder = build(tmp_path / "batch")
    try:
        load_both([folder], tmp_path)
    except BatchError:
        pytest.skip("the batch as a whole is refused before any row is read")


def test_a_reload_with_changed_rows_loads_alike(tmp_path: Path) -> None:
    load_both([awkward(tmp_path / "a"), awkward_jsonl(tmp_path / "b")], tmp_path)


def test_latin1_with_declared_encoding_loads_alike(tmp_path: Path) -> None:
    load_both([corpus.latin1_mixed(tmp_path / "batch")], tmp_path, encoding="cp1252")


def test_small_chunks_load_alike(tmp_path: Path) -> None:
    load_both([awkward(tmp_path / "a"), corpus.generated(tmp_path / "g", 120)], tmp_path,
              chunk=7)


def test_demo_data_loads_alike(tmp_path: Path, demo_dir: Path) -> None:
    load_both(batch_folders([demo_dir / "batches"]), tmp_path)


def test_demo_rows_take_the_column_path(tmp_path: Path, demo_dir: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    from loaders.validate import BatchValidator

    calls = []
    validate = BatchValidator.validate

    def counted(self: BatchValidator, data: object, raw: object) -> object:
        calls.append(raw)
        return validate(self, data, raw)  # type: ignore[arg-type]

    monkeypatch.setattr(BatchValidator, "validate", counted)
    jsonl_rows = []
    read_jsonl = readers._read_jsonl

    def jsonl_counted(*args: object) -> object:
        for row in read_jsonl(*args):  # type: ignore[arg-type]
            jsonl_rows.append(row)
            yield row

    monkeypatch.setattr(readers, "_read_jsonl", jsonl_counted)
    store = LadybugStore(tmp_path / "db")
    store.setup_schema()
    loaded = sum(ingest(store, folder).rows_loaded
                 for folder in batch_folders([demo_dir / "batches"]))
    store.close()
    assert len(calls) < loaded / 100, f"{len(calls)} of {loaded} rows took the row path"
    assert not jsonl_rows, "the demo's JSON Lines files are text only: Arrow reads them"
