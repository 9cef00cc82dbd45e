"""One error shape for every saved-query failure: {"error": {type, message, query, file, field}}."""

from __future__ import annotations

import json
from typing import Any


class QueryError(Exception):
    """A saved query could not be loaded, given its parameters or run."""

    kind = "query_error"

    def __init__(self, message: str, *, query: str | None = None, file: str | None = None,
                 field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.query = query
        self.file = file
        self.field = field

    def __str__(self) -> str:
        where = ", ".join(f"{k} {v}" for k, v in (("file", self.file), ("field", self.field))
                          if v)
        return f"{self.message} ({where})" if where else self.message

    def shape(self) -> dict[str, Any]:
        return {"error": {"type": self.kind, "message": self.message, "query": self.query,
                          "file": self.file, "field": self.field}}

    def to_json(self) -> str:
        return json.dumps(self.shape(), ensure_ascii=False)


class QueryFileError(QueryError):
    """A .cypher file is malformed: its header, parameters or text."""

    kind = "invalid_query_file"


class WriteNotAllowed(QueryFileError):
    kind = "write_not_allowed"


class DuplicateQuery(QueryFileError):
    kind = "duplicate_query"


class UnknownQuery(QueryError):
    kind = "unknown_query"


class ParameterError(QueryError):
    kind = "invalid_parameter"


class QueryTimeout(QueryError):
    kind = "timeout"


class QueryFailed(QueryError):
    kind = "query_failed"
