"""Row-by-row validation of a batch: models, unique record ids, roles that point somewhere."""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import repeat
from typing import Any

from pydantic import ValidationError

from graph.records import row_hash
from loaders.batch import DataFile
from loaders.fields import clean_text
from loaders.models import ROW_MODELS, Contribution, RoleRow, required_fields
from loaders.readers import RawRow
from loaders.report import Rejection, shorten

FIELD_NAMES = {kind: frozenset(model.model_fields) for kind, model in ROW_MODELS.items()}


@dataclass(frozen=True)
class ValidRow:
    line: int
    row: Contribution
    extra: dict[str, str]
    digest: str


@dataclass
class BatchValidator:
    """Keeps what one batch has seen so far: record ids and the companies and persons loaded."""

    rejections: list[Rejection] = field(default_factory=list)
    _seen: dict[str, tuple[str, int]] = field(default_factory=dict)
    _companies: set[str] = field(default_factory=set)
    _persons: set[str] = field(default_factory=set)

    def check_header(self, data: DataFile, columns: list[str]) -> bool:
        """False when a required column is missing: then no row of the file can load."""
        missing = [name for name in required_fields(ROW_MODELS[data.kind]) if name not in columns]
        for name in missing:
            self.rejections.append(Rejection(
                data.path.name, 1, name, "",
                "required column missing from the header; no row of this file was loaded"))
        return not missing

    def validate(self, data: DataFile, raw: RawRow) -> ValidRow | None:
        model, names = ROW_MODELS[data.kind], FIELD_NAMES[data.kind]
        given = _given(raw.values)
        extra = {k: str(v) for k, v in given.items() if k not in names}
        oversized = self._reject_oversized(data, raw.line, extra)
        try:
            row = model.model_validate({k: v for k, v in given.items() if k in names})
        except ValidationError as error:
            self._reject_fields(data, raw, error)
            return None
        if oversized or not self._accept(data, raw.line, row):
            return None
        return ValidRow(raw.line, row, extra, row_hash(given))

    def _reject_oversized(self, data: DataFile, line: int, extra: dict[str, str]) -> bool:
        """Unknown columns are kept as given, but not a 1 MB one: the text limit applies too."""
        found = False
        for name, value in extra.items():
            try:
                clean_text(value)
            except ValueError as error:
                self.rejections.append(Rejection(data.path.name, line, name, shorten(value),
                                                 str(error)))
                found = True
        return found

    def _reject_fields(self, data: DataFile, raw: RawRow, error: ValidationError) -> None:
        for problem in error.errors():
            name = str(problem["loc"][0]) if problem["loc"] else ""
            self.rejections.append(Rejection(
                data.path.name, raw.line, name, shorten(raw.values.get(name, "")),
                _reason(problem)))

    def _accept(self, data: DataFile, line: int, row: Contribution) -> bool:
        if isinstance(row, RoleRow):
            return self.accept(data, line, row.record_id, row.holder_record_id,
                               row.company_record_id)
        return self.accept(data, line, row.record_id)

    def accept(self, data: DataFile, line: int, record_id: str, holder: str | None = None,
               company: str | None = None) -> bool:
        """A valid row's checks against the rest of the batch: a new record_id, and for a
        role (`holder` and `company` given), records of this batch at both ends."""
        first = self._seen.get(record_id)
        if first is not None:
            self.rejections.append(Rejection(
                data.path.name, line, "record_id", record_id,
                f"duplicate record_id: already used at {first[0]} line {first[1]}"))
            return False
        if holder is not None and company is not None and \
                not self._role_points_somewhere(data, line, holder, company):
            return False
        self._seen[record_id] = (data.path.name, line)
        {"companies": self._companies, "persons": self._persons}.get(data.kind, set()).add(
            record_id)
        return True

    def accept_all(self, data: DataFile, lines: list[int], record_ids: list[str],
                   holders: list[Any], companies: list[Any]) -> bool:
        """`accept` of every row at once, when every one passes (the usual chunk): new and
        distinct record_ids, and roles with both ends known. False changes nothing: the
        rows then go through `accept` one by one, which names each problem."""
        if len(set(record_ids)) != len(record_ids) or not self._seen.keys().isdisjoint(
                record_ids):
            return False
        if any(h is not None for h in holders) and not (
                set(companies) <= self._companies
                and set(holders) <= self._companies | self._persons):
            return False
        self._seen.update(zip(record_ids, zip(repeat(data.path.name), lines), strict=True))
        {"companies": self._companies, "persons": self._persons}.get(data.kind, set()).update(
            record_ids)
        return True

    def _role_points_somewhere(self, data: DataFile, line: int, holder: str,
                               company: str) -> bool:
        problems = []
        if holder not in self._companies and holder not in self._persons:
            problems.append(("holder_record_id", holder,
                             "no loaded company or person record of this batch has this id"))
        if company not in self._companies:
            problems.append(("company_record_id", company,
                             "no loaded company record of this batch has this id"))
        for name, value, reason in problems:
            self.rejections.append(Rejection(data.path.name, line, name, value, reason))
        return not problems

    def holder_label(self, holder_record_id: str) -> str:
        return "CompanyRecord" if holder_record_id in self._companies else "PersonRecord"


def _given(values: dict[str, Any]) -> dict[str, Any]:
    """Cells with runs of whitespace made single spaces; empty and all-whitespace ones
    dropped, since they mean unknown."""
    given = {}
    for key, value in values.items():
        if isinstance(value, str):
            value = " ".join(value.split())
        if value is not None and value != "":
            given[key] = value
    return given


def _reason(problem: Any) -> str:
    if problem["type"] == "missing":
        return "required value missing"
    if problem["type"] == "string_too_long":
        return (f"text is {len(problem['input']):,} characters long; "
                f"at most {problem['ctx']['max_length']:,} allowed")
    if problem["type"] == "literal_error":
        return f"'{problem['input']}' is not allowed: {problem['msg'].lower()}"
    return str(problem["msg"]).removeprefix("Value error, ")
