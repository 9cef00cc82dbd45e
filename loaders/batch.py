"""A batch folder: its source.yaml, its data files, and an id from its content."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import yaml
from pydantic import ValidationError

from loaders.models import LOAD_ORDER, SourceInfo
from loaders.report import REPORT_NAME, Rejection

SOURCE_FILE = "source.yaml"
FORMATS = (".csv", ".jsonl")
IGNORED = {SOURCE_FILE, REPORT_NAME}


class BatchError(ValueError):
    """The batch as a whole cannot be loaded (no usable source.yaml, not a folder)."""


@dataclass(frozen=True)
class DataFile:
    kind: str
    path: Path


@dataclass(frozen=True)
class Batch:
    folder: Path
    source: SourceInfo
    files: list[DataFile]
    unknown: list[Rejection]
    batch_id: str


def open_batch(folder: Path) -> Batch:
    if not folder.is_dir():
        raise BatchError(f"{folder}: not a folder; a batch is a folder with a {SOURCE_FILE}")
    source = read_source(folder / SOURCE_FILE)
    files, unknown = find_files(folder)
    return Batch(folder, source, files, unknown, batch_id(source, files))


def read_source(path: Path) -> SourceInfo:
    if not path.is_file():
        raise BatchError(f"{path}: missing; every batch needs a {SOURCE_FILE} naming its source")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8-sig"))
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        raise BatchError(f"{path}: not valid YAML: {error}") from None
    if not isinstance(data, dict):
        raise BatchError(f"{path}: expected keys id, name, agency_type, visibility")
    try:
        return SourceInfo.model_validate(data)
    except ValidationError as error:
        problems = "; ".join(f"{'.'.join(map(str, e['loc'])) or 'file'}: "
                             f"{e['msg'].removeprefix('Value error, ')}" for e in error.errors())
        raise BatchError(f"{path}: {problems}") from None


def find_files(folder: Path) -> tuple[list[DataFile], list[Rejection]]:
    found: dict[str, DataFile] = {}
    unknown: list[Rejection] = []
    for path in sorted(folder.iterdir()):
        if path.name in IGNORED or path.name.startswith(".") or path.is_dir():
            continue
        kind, fmt = path.stem, path.suffix.lower()
        if kind not in LOAD_ORDER or fmt not in FORMATS:
            unknown.append(Rejection(path.name, 0, "", "", _unknown_reason()))
        elif kind in found:
            unknown.append(Rejection(path.name, 0, "", "",
                                     f"{found[kind].path.name} already holds {kind}; not read"))
        else:
            found[kind] = DataFile(kind, path)
    return [found[k] for k in LOAD_ORDER if k in found], unknown


def _unknown_reason() -> str:
    names = ", ".join(f"{k}.csv" for k in LOAD_ORDER)
    return f"unknown file, not read: expected {names} (or .jsonl)"


def batch_id(source: SourceInfo, files: list[DataFile]) -> str:
    """Same files, same id: reloading a batch is recognised as the same batch."""
    digest = hashlib.sha256(source.id.encode())
    for data in files:
        digest.update(data.path.name.encode())
        with data.path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    return f"{source.id}-{digest.hexdigest()[:12]}"
