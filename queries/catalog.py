"""Every saved query: the built-in ones, then the analysts' own from $TRADEGRAPH_QUERIES."""

from __future__ import annotations

import os
from pathlib import Path

from queries.errors import DuplicateQuery, QueryFileError, UnknownQuery
from queries.saved import BACKENDS, SavedQuery, load_file

BUILTIN = Path(__file__).parent / "builtin"
ENV = "TRADEGRAPH_QUERIES"


def query_files(folder: Path) -> list[Path]:
    """Main query files in a folder; per-backend variants are read with their main file."""
    variant = tuple(f".{backend}.cypher" for backend in BACKENDS)
    return sorted(p for p in folder.glob("*.cypher") if not p.name.endswith(variant))


def user_folder() -> Path | None:
    given = os.environ.get(ENV)
    if not given:
        return None
    folder = Path(given)
    if not folder.is_dir():
        raise QueryFileError(f"{ENV} is not a folder", file=given, field=ENV)
    return folder


def _add(found: dict[str, SavedQuery], query: SavedQuery) -> None:
    if query.name in found:
        other = found[query.name]
        raise DuplicateQuery(f"query {query.name!r} in {query.path} clashes with "
                             f"{other.path} ({other.origin})", query=query.name,
                             file=str(query.path), field="name")
    found[query.name] = query


def load_all(builtin: Path = BUILTIN, user: Path | None = None) -> dict[str, SavedQuery]:
    """Built-in queries, then the user's folder (default: $TRADEGRAPH_QUERIES)."""
    found: dict[str, SavedQuery] = {}
    for path in query_files(builtin):
        _add(found, load_file(path, "builtin"))
    folder = user or user_folder()
    for path in query_files(folder) if folder else []:
        _add(found, load_file(path, "user"))
    return found


def get(name: str, queries: dict[str, SavedQuery] | None = None) -> SavedQuery:
    queries = load_all() if queries is None else queries
    if name not in queries:
        raise UnknownQuery(f"no saved query named {name!r} (see `tradegraph query list`)",
                           query=name)
    return queries[name]
