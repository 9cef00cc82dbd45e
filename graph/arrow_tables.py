"""Arrow shapes of the graph's tables, for LadybugDB's bulk COPY."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pyarrow as pa

from graph.schema import NODE_TYPES, REL_TYPES

ARROW_TYPES = {
    "STRING": pa.string(),
    "DATE": pa.date32(),
    "DOUBLE": pa.float64(),
    "INT64": pa.int64(),
    "STRING[]": pa.list_(pa.string()),
}


def node_schema(label: str) -> pa.Schema:
    return pa.schema([(p, ARROW_TYPES[t]) for p, t in NODE_TYPES[label].properties.items()])


def rel_schema(name: str) -> pa.Schema:
    """COPY into a relationship table reads the start and end keys first."""
    columns = [("from", pa.string()), ("to", pa.string())]
    return pa.schema(columns + [(p, ARROW_TYPES[t])
                                for p, t in REL_TYPES[name].properties.items()])


def arrow_table(rows: Sequence[dict[str, Any]], schema: pa.Schema) -> pa.Table:
    return pa.table({field.name: pa.array([row.get(field.name) for row in rows], field.type)
                     for field in schema}, schema=schema)
