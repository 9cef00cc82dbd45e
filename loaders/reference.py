"""Analysts' reference data: FX rates, trade remedies and registered agents' addresses.

`tradegraph reference load DIR` reads the files of the spec's Reference data section
that DIR holds; each file's valid rows replace what the previous load of that file left.
Rows are checked like a batch's (file, line, field, value, reason in DIR/rejections.csv);
a file none of whose rows is usable leaves the previous version in place, so a broken
export never empties the rates every value query converts with.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, ValidationError

from graph.store import GraphStore
from loaders.batch import DataFile
from loaders.fields import Currency as CurrencyCode
from loaders.fields import RequiredAmount, RequiredCountry, RequiredText, Text, clean_text
from loaders.readers import RawRow, read_rows
from loaders.report import REPORT_NAME, Rejection, shorten, write_report
from loaders.validate import _given, _reason
from resolvers.addresses import address_key


def _positive(value: float) -> float:
    if value <= 0:
        raise ValueError(f"{value:g} is not a positive rate")
    return value


def _chapter(value: Any) -> str:
    """Two digits; "7" (a spreadsheet dropped the leading zero) is read as "07"."""
    text = clean_text(value) or ""
    if not text.isascii() or not text.isdigit() or len(text) > 2 or int(text) == 0:
        raise ValueError(f"'{text}' is not an HS chapter (two digits, 01 to 99)")
    return text.zfill(2)


class Reference(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True, coerce_numbers_to_str=True)


class FxRate(Reference):
    currency: CurrencyCode
    usd_per_unit: Annotated[RequiredAmount, AfterValidator(_positive)]


class TradeRemedy(Reference):
    country: RequiredCountry
    hs_chapter: Annotated[str, BeforeValidator(_chapter)]
    measure: Text = None


class RegisteredAgent(Reference):
    address: RequiredText
    note: Text = None


@dataclass(frozen=True)
class Kind:
    """One reference file: its model, node label, and the key two rows must not share."""

    model: type[Reference]
    label: str
    key: Callable[[Any], str | None]
    key_field: str
    node: Callable[[Any], dict[str, Any]]


KINDS: dict[str, Kind] = {
    "fx_rates": Kind(FxRate, "FxRate", lambda r: r.currency, "currency",
                     lambda r: {"currency": r.currency, "usd_per_unit": r.usd_per_unit}),
    "trade_remedies": Kind(TradeRemedy, "TradeRemedy", lambda r: f"{r.country}:{r.hs_chapter}",
                           "hs_chapter", lambda r: {"country": r.country,
                                                    "hs_chapter": r.hs_chapter,
                                                    "measure": r.measure}),
    "registered_agents": Kind(RegisteredAgent, "RegisteredAgent",
                              lambda r: address_key(r.address), "address",
                              lambda r: {"address": r.address, "note": r.note}),
}


@dataclass
class FileResult:
    name: str
    rows: int = 0
    rejected: int = 0
    replaced: bool = False


@dataclass
class ReferenceResult:
    folder: Path
    files: list[FileResult] = field(default_factory=list)
    rejections: list[Rejection] = field(default_factory=list)
    report: Path | None = None
    agent_addresses: int = 0  # company addresses found to be a registered agent's


class NoReferenceFiles(ValueError):
    """The folder holds none of the reference files."""


def file_name(kind: str) -> str:
    return f"{kind}.csv"


def load_reference(store: GraphStore, folder: Path, report_dir: Path | None = None
                   ) -> ReferenceResult:
    """Load every reference file the folder holds; the others keep their previous version."""
    if not folder.is_dir():
        raise NoReferenceFiles(f"{folder} is not a folder")
    present = [kind for kind in KINDS if (folder / file_name(kind)).is_file()]
    if not present:
        expected = ", ".join(file_name(k) for k in KINDS)
        raise NoReferenceFiles(f"{folder} holds none of the reference files ({expected})")
    result = ReferenceResult(folder)
    loaded_at = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
    for kind in present:
        rejections: list[Rejection] = []
        nodes = list(_valid_nodes(kind, folder / file_name(kind), rejections, loaded_at))
        outcome = FileResult(file_name(kind), len(nodes), len(rejections))
        if nodes or not rejections:
            _replace(store, kind, nodes, outcome, loaded_at)
        result.files.append(outcome)
        result.rejections += rejections
    result.agent_addresses = link_registered_agents(store)
    result.report = _save_report(result.rejections, folder, report_dir)
    return result


def _valid_nodes(kind: str, path: Path, rejections: list[Rejection],
                 loaded_at: str) -> Iterator[dict[str, Any]]:
    spec, seen = KINDS[kind], dict[str, int]()
    data = DataFile(kind, path)
    header = lambda columns: _check_header(spec, path, columns, rejections)  # noqa: E731
    for raw in read_rows(data, None, rejections, header):
        row = _validate(spec, path, raw, rejections)
        if row is None:
            continue
        key = spec.key(row)
        if key is None:
            rejections.append(Rejection(path.name, raw.line, spec.key_field,
                                        shorten(raw.values.get(spec.key_field)),
                                        "no words left to compare after normalisation"))
        elif key in seen:
            rejections.append(Rejection(path.name, raw.line, spec.key_field,
                                        shorten(raw.values.get(spec.key_field)),
                                        f"duplicate of line {seen[key]} ({key})"))
        else:
            seen[key] = raw.line
            yield {"key": key, **spec.node(row), "file": path.name, "line": raw.line,
                   "loaded_at": loaded_at}
    # a header-only file is a valid empty list (e.g. no registered agents), not a mistake
    rejections[:] = [r for r in rejections if r.reason != "header only: no data rows"]


def _check_header(spec: Kind, path: Path, columns: list[str],
                  rejections: list[Rejection]) -> bool:
    required = [n for n, f in spec.model.model_fields.items() if f.is_required()]
    missing = [name for name in required if name not in columns]
    for name in missing:
        rejections.append(Rejection(path.name, 1, name, "", "required column missing from the "
                                    "header; no row of this file was loaded"))
    return not missing


def _validate(spec: Kind, path: Path, raw: RawRow, rejections: list[Rejection]
              ) -> Reference | None:
    try:
        return spec.model.model_validate(_given(raw.values))
    except ValidationError as error:
        for problem in error.errors():
            name = str(problem["loc"][0]) if problem["loc"] else ""
            rejections.append(Rejection(path.name, raw.line, name,
                                        shorten(raw.values.get(name, "")), _reason(problem)))
        return None


def _replace(store: GraphStore, kind: str, nodes: list[dict[str, Any]], outcome: FileResult,
             loaded_at: str) -> None:
    label = KINDS[kind].label
    store.delete_label(label)
    store.create_nodes(label, nodes)
    store.put_node("ReferenceFile", {"key": outcome.name, "rows": outcome.rows,
                                     "rejected": outcome.rejected, "loaded_at": loaded_at})
    outcome.replaced = True


def link_registered_agents(store: GraphStore) -> int:
    """Tie each company-record address to the registered agent it normalises to.

    Address nodes and the agents list are both keyed by the resolver's address
    normalisation ("Q. Tân Bình" and "Quận Tân Bình" are one address).
    Returns how many company records have an address that is a registered agent's."""
    store.execute("MATCH (:Address)-[r:REGISTERED_AGENT]->(:RegisteredAgent) DELETE r")
    agents = {row["key"] for row in store.query("MATCH (g:RegisteredAgent) RETURN g.key AS key")}
    if not agents:
        return 0
    rows = store.query("MATCH (c:CompanyRecord)-[:HAS_ADDRESS]->(a:Address) "
                       "RETURN a.key AS key, a.value AS value, count(c) AS companies")
    found = [(row, key) for row in rows if (key := address_key(row["value"])) in agents]
    store.create_rels("REGISTERED_AGENT", ("Address", "RegisteredAgent"),
                      [{"from": row["key"], "to": key} for row, key in found])
    return sum(int(row["companies"]) for row, _ in found)


def _save_report(rejections: list[Rejection], folder: Path, report_dir: Path | None
                 ) -> Path | None:
    path = folder / REPORT_NAME
    if not rejections:
        if path.is_file():
            path.unlink()  # an earlier load's report would mislead
        return None
    try:
        write_report(rejections, path)
    except OSError:
        if report_dir is None:
            raise
        report_dir.mkdir(parents=True, exist_ok=True)
        path = report_dir / f"reference-{REPORT_NAME}"
        write_report(rejections, path)
    return path
