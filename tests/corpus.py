"""A bad-input corpus: broken contribution batches written into a folder at test time.

Each builder writes one batch (source.yaml plus data files) under `root` and
returns its folder. Valid rows sit beside the broken ones so a test can check
both that each problem is named and that the rest of the batch still loads.
Nothing here is committed as a binary file: every byte is produced in code.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

SOURCE_YAML = ("id: test-agency\nname: Test Agency\nagency_type: tax\n"
               "visibility: shared\n")
SOURCE_ID = "test-agency"
FORMULA = "=cmd|' /C calc'!A0"
ONE_MB = 1024 * 1024

COMPANY_HEADER = ["record_id", "name", "tax_id", "country", "registered_on", "status"]
PERSON_HEADER = ["record_id", "name", "birth_date", "nationality"]
ROLE_HEADER = ["record_id", "holder_record_id", "company_record_id", "role", "share_pct"]
DECLARATION_HEADER = ["record_id", "date", "hs_code", "origin_country", "transport_mode",
                      "customs_value", "currency", "importer_name", "importer_tax_id"]

Content = str | bytes


def csv_text(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """RFC 4180 CSV (CRLF line ends, quoting only where needed)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def jsonl_text(lines: Iterable[object]) -> str:
    """One line per item: dicts and other values as JSON, strings written as they are."""
    return "".join((item if isinstance(item, str) else json.dumps(item)) + "\n"
                   for item in lines)


def company(record_id: str, name: str = "Acme Trading Co", **fields: str) -> list[str]:
    values = {"tax_id": "", "country": "VN", "registered_on": "2020-01-02", "status": "active",
              **fields}
    return [record_id, name, *(values[c] for c in COMPANY_HEADER[2:])]


def person(record_id: str, name: str = "Nguyen Van An", **fields: str) -> list[str]:
    values = {"birth_date": "1970-05-06", "nationality": "VN", **fields}
    return [record_id, name, *(values[c] for c in PERSON_HEADER[2:])]


def role(record_id: str, holder: str, company_id: str, name: str = "director") -> list[str]:
    return [record_id, holder, company_id, name, ""]


def declaration(record_id: str, **fields: object) -> dict[str, object]:
    row: dict[str, object] = {
        "record_id": record_id, "date": "2024-01-02", "hs_code": "851712",
        "origin_country": "CN", "transport_mode": "sea", "customs_value": "100.5",
        "currency": "USD", "importer_name": "Minh Phat Co Ltd", "importer_tax_id": "0101234567"}
    row.update(fields)
    return row


def declaration_cells(record_id: str, **fields: object) -> list[object]:
    row = declaration(record_id, **fields)
    return [row[c] for c in DECLARATION_HEADER]


def write_batch(root: Path, name: str, files: Mapping[str, Content],
                source: Content | None = SOURCE_YAML) -> Path:
    """A batch folder `root/name` with the given files (str as UTF-8, bytes as given)."""
    folder = root / name
    folder.mkdir(parents=True)
    if source is not None:
        _write(folder / "source.yaml", source)
    for file_name, content in files.items():
        _write(folder / file_name, content)
    return folder


def _write(path: Path, content: Content) -> None:
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_bytes(content.encode("utf-8"))


# --- encodings -----------------------------------------------------------------------------

LATIN1_NAME = "Société Générale"


def latin1_mixed(root: Path) -> Path:
    """An ASCII companies.csv where line 3 carries a Latin-1 encoded name."""
    lines = [",".join(COMPANY_HEADER), ",".join(company("C1", "Plain Ascii Ltd")),
             ",".join(company("C2", LATIN1_NAME, country="FR")),
             ",".join(company("C3", "Other Ascii Ltd"))]
    return write_batch(root, "latin1", {"companies.csv": "\r\n".join(lines).encode("latin-1")})


def utf16(root: Path, with_utf8_neighbour: bool = True) -> Path:
    """companies.csv saved as UTF-16 (with BOM), next to an ordinary UTF-8 persons.csv."""
    files: dict[str, Content] = {
        "companies.csv": csv_text(COMPANY_HEADER, [company("C1", "Công ty TNHH Minh Phát"),
                                                   company("C2")]).encode("utf-16")}
    if with_utf8_neighbour:
        files["persons.csv"] = csv_text(PERSON_HEADER, [person("P1")])
    return write_batch(root, "utf16" if with_utf8_neighbour else "utf16-only", files)


def utf8_bom(root: Path) -> Path:
    text = csv_text(COMPANY_HEADER, [company("C1", "Công ty TNHH Minh Phát")])
    jsonl = jsonl_text([declaration("D1")])
    return write_batch(root, "bom", {"companies.csv": b"\xef\xbb\xbf" + text.encode(),
                                     "declarations.jsonl": b"\xef\xbb\xbf" + jsonl.encode()})


# --- structure -----------------------------------------------------------------------------

def missing_column(root: Path) -> Path:
    """companies.csv without its required `name` column; persons.csv is fine."""
    header = [c for c in COMPANY_HEADER if c != "name"]
    rows = [[c for i, c in enumerate(company(f"C{n}")) if i != 1] for n in (1, 2)]
    return write_batch(root, "missing-column", {
        "companies.csv": csv_text(header, rows),
        "persons.csv": csv_text(PERSON_HEADER, [person("P1")])})


def empty_files(root: Path) -> Path:
    """A 0-byte companies.csv, a header-only persons.csv, an empty JSONL, one good file."""
    return write_batch(root, "empty", {
        "companies.csv": b"",
        "persons.csv": ",".join(PERSON_HEADER) + "\r\n",
        "watchlist.jsonl": b"",
        "declarations.csv": csv_text(DECLARATION_HEADER, [declaration_cells("D1")])})


def ragged_rows(root: Path) -> Path:
    """Rows with too many and too few fields among good ones."""
    text = (",".join(COMPANY_HEADER) + "\r\n"
            + ",".join(company("C1")) + "\r\n"
            + ",".join(company("C2")) + ",surplus\r\n"
            + "C3,Short Ltd\r\n"
            + ",".join(company("C4")) + "\r\n")
    return write_batch(root, "ragged", {"companies.csv": text})


MULTILINE_NAME = "Acme, Trading\r\nand Shipping \"Co\""
MULTILINE_ADDRESS = "12 Le Loi,\nDistrict 1,\nHo Chi Minh City"


def multiline_fields(root: Path) -> Path:
    """Quoted fields with commas and newlines, then bad rows whose physical line is known.

    Physical lines: 1 header, 2-3 C1 (name spans two lines), 4 C2 bad country,
    5-7 C3 (address spans three lines), 8 C4 bad date, 9 C5 good,
    10-12 C6 bad country (address spans three lines: reported at its first line).
    """
    header = [*COMPANY_HEADER, "address"]
    text = csv_text(header, [
        [*company("C1", MULTILINE_NAME), ""],
        [*company("C2", country="XX"), ""],
        [*company("C3"), MULTILINE_ADDRESS],
        [*company("C4", registered_on="2024-02-30"), ""],
        [*company("C5"), ""],
        [*company("C6", country="Vietnam"), MULTILINE_ADDRESS],
    ])
    return write_batch(root, "multiline", {"companies.csv": text})


def extra_columns(root: Path) -> Path:
    header = [*COMPANY_HEADER, "Internal_Ref", "risk note"]
    rows = [[*company("C1"), "ref-001", "checked, ok"], [*company("C2"), "", ""]]
    return write_batch(root, "extra", {"companies.csv": csv_text(header, rows)})


def unknown_files(root: Path) -> Path:
    return write_batch(root, "unknown-files", {
        "companies.csv": csv_text(COMPANY_HEADER, [company("C1")]),
        "notes.txt": "please call me about line 4\n",
        "companies.xlsx": b"PK\x03\x04 not really a spreadsheet",
        "persons.jsonl": jsonl_text([{"record_id": "P1", "name": "Tran Thi B"}]),
        "persons.csv": csv_text(PERSON_HEADER, [person("P2")])})


# --- values --------------------------------------------------------------------------------

def bad_values(root: Path) -> Path:
    """Declarations with one broken value per row; D0 and D99 are valid.

    Line numbers: the header is line 1, row n of CASES is line n + 2 (after D0).
    """
    rows = [declaration_cells("D0")]
    rows += [declaration_cells(record_id, **{field: value})
             for record_id, field, value, _ in BAD_VALUE_CASES]
    rows.append(declaration_cells("D99"))
    return write_batch(root, "bad-values", {"declarations.csv": csv_text(DECLARATION_HEADER, rows)})


# (record_id, field, value, key words expected in the reason)
BAD_VALUE_CASES: list[tuple[str, str, str, tuple[str, ...]]] = [
    ("D1", "date", "", ("required", "missing")),
    ("D2", "importer_name", "", ("required", "missing")),
    ("D3", "date", "2024-02-30", ("2024-02-30", "ISO 8601")),
    ("D4", "date", "02/03/2024", ("02/03/2024", "ISO 8601")),
    ("D5", "origin_country", "XX", ("XX", "ISO 3166-1")),
    ("D6", "origin_country", "Vietnam", ("Vietnam", "ISO 3166-1")),
    ("D7", "customs_value", "-5", ("-5", "negative")),
    ("D8", "customs_value", "12,5abc", ("12,5abc", "not a number")),
    ("D9", "hs_code", "85", ("85", "HS code")),
    ("D10", "hs_code", "8517AB", ("8517AB", "HS code")),
    ("D11", "transport_mode", "ship", ("ship", "sea")),
    ("D12", "currency", "DOLLARS", ("DOLLARS", "ISO 4217")),
    ("D13", "importer_name", "   ", ("required", "missing")),
    ("D14", "hs_code", "٨٥١٧١٢", ("HS code",)),
]


def bad_company_values(root: Path) -> Path:
    rows = [company("C1"), company("C2", status="closed"), company("C3", name=""),
            company("", "No Id Ltd"), company("C5")]
    return write_batch(root, "bad-company-values",
                       {"companies.csv": csv_text(COMPANY_HEADER, rows)})


def duplicates(root: Path) -> Path:
    """C1 twice in companies.csv, and C2 (a company id) reused in persons.csv."""
    return write_batch(root, "duplicates", {
        "companies.csv": csv_text(COMPANY_HEADER, [
            company("C1", "First Co"), company("C2", "Second Co"), company("C1", "Copy Co")]),
        "persons.csv": csv_text(PERSON_HEADER, [person("P1"), person("C2", "Clash Person")])})


def dangling_roles(root: Path) -> Path:
    """Roles to unknown holders and companies, and to a company rejected for a bad value."""
    return write_batch(root, "roles", {
        "companies.csv": csv_text(COMPANY_HEADER, [
            company("C1"), company("C2", country="Vietnam")]),
        "persons.csv": csv_text(PERSON_HEADER, [person("P1")]),
        "roles.csv": csv_text(ROLE_HEADER, [
            role("R1", "P1", "C1"),
            role("R2", "P9", "C1"),
            role("R3", "P1", "C9"),
            role("R4", "P1", "C2"),
            role("R5", "C1", "C1", "shareholder"),
            role("R6", "P1", "C1", "boss")])})


def huge_field(root: Path, column: str = "name") -> Path:
    """Line 3 carries a 1 MB value in `column`; lines 2 and 4 are valid."""
    header = [*COMPANY_HEADER, "note"]
    big = "A" * ONE_MB
    rows = [[*company("C1"), ""], [*company("C2"), ""], [*company("C3"), ""]]
    rows[1][header.index(column)] = big
    return write_batch(root, f"huge-{column}", {"companies.csv": csv_text(header, rows)})


def formulas(root: Path) -> Path:
    """A formula as the name of a valid company, and formulas in values that are rejected."""
    return write_batch(root, "formulas", {
        "companies.csv": csv_text(COMPANY_HEADER, [
            company("C1", FORMULA),
            company("C2", "Harmless Ltd", registered_on="=HYPERLINK(\"http://x\")"),
            company("C3", "+Plus Ltd", country="@SUM(A1)")])})


def jsonl_shapes(root: Path) -> Path:
    """declarations.jsonl: good objects, then an array, a string, a number, broken JSON, blanks.

    Line numbers: 1 D1, 2 array, 3 blank, 4 string, 5 number, 6 invalid, 7 blank, 8 D2,
    9 object missing importer_name.
    """
    missing = declaration("D3")
    del missing["importer_name"]
    text = jsonl_text([
        declaration("D1"), [1, 2], "", '"just a string"', "42", '{"record_id": "D9", ',
        "   ", declaration("D2", customs_value=250), missing])
    return write_batch(root, "jsonl", {"declarations.jsonl": text})


# --- source.yaml ---------------------------------------------------------------------------

BAD_SOURCES: dict[str, tuple[str | None, tuple[str, ...]]] = {
    # name: (source.yaml text or None for missing, key words of the BatchError)
    "missing": (None, ("source.yaml", "missing")),
    "bad-slug": ("id: Tax Authority\nagency_type: tax\n", ("source.yaml", "id", "slug")),
    "unknown-agency": ("id: tax\nagency_type: ministry\n", ("source.yaml", "agency_type")),
    "not-yaml": ("id: [tax\nname: {oops\n", ("source.yaml", "YAML")),
    "not-a-mapping": ("- just\n- a list\n", ("source.yaml", "id")),
    "no-id": ("name: No Id Agency\n", ("source.yaml", "id")),
    "bad-visibility": ("id: tax\nvisibility: public\n", ("source.yaml", "visibility")),
}


def bad_source(root: Path, name: str) -> Path:
    text, _ = BAD_SOURCES[name]
    return write_batch(root, f"source-{name}",
                       {"companies.csv": csv_text(COMPANY_HEADER, [company("C1")])}, source=text)


# --- big batches ---------------------------------------------------------------------------

def generated(root: Path, n: int, name: str = "generated") -> Path:
    """A valid batch with n companies, n persons, n roles and n declarations."""
    companies = [company(f"C{i}", f"Company {i} Ltd", tax_id=f"01{i:08d}") for i in range(n)]
    persons = [person(f"P{i}", f"Person {i}") for i in range(n)]
    roles = [role(f"R{i}", f"P{i}", f"C{(i * 7) % n}") for i in range(n)]
    declarations = [declaration(f"D{i}", importer_name=f"Company {i % n} Ltd",
                                importer_tax_id=f"01{i % n:08d}", customs_value=str(i))
                    for i in range(n)]
    return write_batch(root, name, {
        "companies.csv": csv_text(COMPANY_HEADER, companies),
        "persons.csv": csv_text(PERSON_HEADER, persons),
        "roles.csv": csv_text(ROLE_HEADER, roles),
        "declarations.jsonl": jsonl_text(declarations)})


def mixed(root: Path) -> Path:
    """Several problems at once, for reload checks."""
    return write_batch(root, "mixed", {
        "companies.csv": csv_text(COMPANY_HEADER, [
            company("C1"), company("C2", country="XX"), company("C1", "Dup"),
            company("C3", FORMULA)]),
        "persons.csv": csv_text(PERSON_HEADER, [person("P1"), person("P2", birth_date="1970")]),
        "roles.csv": csv_text(ROLE_HEADER, [role("R1", "P1", "C1"), role("R2", "P1", "C2")]),
        "declarations.jsonl": jsonl_text([declaration("D1"), [1], declaration("D2", hs_code="1")]),
        "notes.txt": "hello\n"})
