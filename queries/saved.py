"""Saved queries: `.cypher` files whose leading `//` comment lines are a YAML header.

    // name: shell-cluster
    // title: Many companies registered at one address
    // typology: shell-cluster
    // severity: medium
    // timeout: 10
    // parameters:
    //   min_companies: {type: int, default: 6, help: Companies at one address}
    MATCH ...

The header ends at the first line that is not a `//` line (a blank line is the usual
separator), so comments inside the query after it are kept as part of the text.
`NAME.ladybug.cypher` or `NAME.neo4j.cypher` beside `NAME.cypher` replaces the
text (not the header) for that backend.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from queries import scan
from queries.errors import QueryFileError, WriteNotAllowed
from queries.params import CONVERTERS, convert

SEVERITIES = ("low", "medium", "high")
BACKENDS = ("ladybug", "neo4j")
REQUIRED = ("name", "title", "typology", "severity", "timeout")
KNOWN = {*REQUIRED, "description", "parameters", "writes", "reason"}


@dataclass(frozen=True)
class Parameter:
    name: str
    type: str
    default: Any = None
    help: str = ""
    required: bool = False


@dataclass(frozen=True)
class SavedQuery:
    name: str
    title: str
    typology: str
    severity: str
    timeout: float
    text: str
    path: Path
    description: str = ""
    parameters: tuple[Parameter, ...] = ()
    writes: bool = False
    reason: str = ""
    origin: str = "builtin"
    variants: dict[str, str] = field(default_factory=dict)

    def text_for(self, backend: str) -> str:
        return self.variants.get(backend, self.text)

    def parameter(self, name: str) -> Parameter | None:
        return next((p for p in self.parameters if p.name == name), None)


def split_header(source: str) -> tuple[str, str]:
    """(header YAML, query text): the header is the leading run of `//` lines."""
    lines = source.splitlines()
    count = next((i for i, line in enumerate(lines) if not line.lstrip().startswith("//")),
                 len(lines))
    header = [line.lstrip()[2:].removeprefix(" ") for line in lines[:count]]
    return "\n".join(header), "\n".join(lines[count:]).strip().rstrip(";").strip()


def _fail(path: Path, field_name: str | None, message: str, name: str | None = None) -> None:
    raise QueryFileError(message, query=name, file=str(path), field=field_name)


def parse_header(path: Path, header: str) -> dict[str, Any]:
    try:
        meta = yaml.safe_load(header) if header.strip() else None
    except (yaml.YAMLError, ValueError) as error:  # ValueError: an impossible date
        raise QueryFileError(f"header is not valid YAML: {error}", file=str(path),
                             field="header") from None
    if not isinstance(meta, dict):
        _fail(path, "header", "the file must start with a `// key: value` header")
    return meta  # type: ignore[return-value]


def _check_fields(path: Path, meta: dict[str, Any]) -> None:
    name = meta.get("name")
    for key in REQUIRED:
        if meta.get(key) in (None, ""):
            _fail(path, key, f"header has no {key}", name)
    for key in meta:
        if key not in KNOWN:
            _fail(path, str(key), f"unknown header field {key!r}", name)
    if name != path.name.removesuffix(".cypher"):
        _fail(path, "name", f"name {name!r} must match the file name", name)
    if meta["severity"] not in SEVERITIES:
        _fail(path, "severity", f"severity must be one of {', '.join(SEVERITIES)}", name)
    timeout = meta["timeout"]
    if isinstance(timeout, bool) or not isinstance(timeout, int | float) or timeout <= 0:
        _fail(path, "timeout", "timeout must be a positive number of seconds", name)
    if not isinstance(meta.get("writes", False), bool):
        _fail(path, "writes", "writes must be true or false", name)


def parse_parameter(path: Path, query: str, name: str, spec: Any) -> Parameter:
    where = f"parameters.{name}"
    if not isinstance(spec, dict) or "type" not in spec:
        _fail(path, where, "a parameter needs at least a type", query)
    if spec["type"] not in CONVERTERS:
        _fail(path, f"{where}.type", f"unknown parameter type {spec['type']!r} "
              f"(known: {', '.join(CONVERTERS)})", query)
    extra = set(spec) - {"type", "default", "help"}
    if extra:
        _fail(path, where, f"unknown parameter setting(s) {', '.join(map(str, extra))}", query)
    if "default" in spec and spec["default"] is not None:
        try:
            convert(spec["type"], spec["default"])
        except ValueError as error:
            raise QueryFileError(f"default does not fit its type: {error}", query=query,
                                 file=str(path), field=f"{where}.default") from None
    return Parameter(name, spec["type"], spec.get("default"), str(spec.get("help", "")),
                     required="default" not in spec)


def parse_parameters(path: Path, query: str, given: Any) -> tuple[Parameter, ...]:
    if given is None:
        return ()
    if not isinstance(given, dict):
        _fail(path, "parameters", "parameters must map each name to its type and default",
              query)
    return tuple(parse_parameter(path, query, str(n), s) for n, s in given.items())


def check_text(path: Path, query: SavedQuery, text: str) -> None:
    if not text:
        _fail(path, "text", "the file has no query after its header", query.name)
    used, declared = scan.parameters_used(text), {p.name for p in query.parameters}
    for name in sorted(used - declared):
        _fail(path, f"parameters.{name}", f"${name} is used but not declared", query.name)
    for name in sorted(declared - used):
        _fail(path, f"parameters.{name}", f"{name} is declared but never used", query.name)
    writes = scan.write_clauses(text)
    if writes and not query.writes:
        raise WriteNotAllowed(f"{writes[0]} writes to the graph; only queries marked "
                              "`writes: true` may", query=query.name, file=str(path),
                              field="text")


def variants_of(path: Path) -> dict[str, str]:
    stem = path.name.removesuffix(".cypher")
    found = {b: path.with_name(f"{stem}.{b}.cypher") for b in BACKENDS}
    return {b: split_header(p.read_text(encoding="utf-8"))[1]
            for b, p in found.items() if p.exists()}


def load_file(path: Path, origin: str = "builtin") -> SavedQuery:
    """Read and validate one saved query (and its per-backend variants)."""
    try:
        header, text = split_header(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise QueryFileError(f"cannot read the file: {error}", file=str(path)) from None
    meta = parse_header(path, header)
    _check_fields(path, meta)
    query = SavedQuery(
        name=meta["name"], title=str(meta["title"]), typology=str(meta["typology"]),
        severity=meta["severity"], timeout=float(meta["timeout"]), text=text, path=path,
        description=str(meta.get("description") or "").strip(),
        parameters=parse_parameters(path, meta["name"], meta.get("parameters")),
        writes=meta.get("writes", False), reason=str(meta.get("reason") or ""),
        origin=origin, variants=variants_of(path))
    for backend, variant in {"": text, **query.variants}.items():
        check_text(path.with_name(f"{query.name}.{backend}.cypher") if backend else path,
                   query, variant)
    return query
