"""The checks every graph file passes when it is read (graph.json and Parquet folders alike).

A file edited by hand or damaged is refused whole, here, with one line naming it, so that no sink
(Neo4j above all) fails halfway through it.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import numpy as np

from kg.errors import KgError
from kg.graph.schema import EDGE_ATTRIBUTES, EMBEDDING, NODE_ATTRIBUTES, SCHEMA_VERSION, Kind

__all__ = ["check_kg_graph", "check_metadata", "damaged"]


def check_kg_graph(source: Path, data: object, hint: str) -> None:
    """Raise KgError unless `data` looks like node-link data written by kg with a schema this kg reads."""
    check_metadata(source, data.get("graph") if isinstance(data, dict) else None, hint)
    if not isinstance(data, dict) or not isinstance(data.get("nodes"), list) or not isinstance(data.get("edges"), list):
        raise damaged(source, "nodes/edges are not lists")
    _check_elements(source, data["nodes"], data["edges"])


def check_metadata(source: Path, metadata: object, hint: str) -> None:
    """Raise KgError unless `metadata` (the graph's "graph" attributes) names kg and a schema this kg reads."""
    if not isinstance(metadata, dict) or not {"schema", "kg_version"} <= metadata.keys():
        raise KgError(f"{source} is not a kg graph file (no graph.schema/kg_version); {hint}")
    if metadata["schema"] != SCHEMA_VERSION:
        raise KgError(
            f"{source} uses graph schema {metadata['schema']!r}, this kg reads schema {SCHEMA_VERSION}; "
            f"rebuild it with this kg or use the kg version that wrote it ({metadata['kg_version']})"
        )


def _check_elements(source: Path, nodes: list[Any], edges: list[Any]) -> None:
    """Raise KgError for a node without a text id, label and key, an edge to a node the file does not hold, or
    an attribute whose value is not of its kind (kg.graph.schema), not finite, or of another embedding size.

    Such files were edited by hand or damaged; refusing them whole, here, keeps every sink (Neo4j above
    all) from failing halfway.
    """
    ids = set()
    dimensions: set[int] = set()
    for position, node in enumerate(nodes, start=1):
        fields = node if isinstance(node, dict) else {}
        missing = next((name for name in ("id", "label", "key") if not isinstance(fields.get(name), str)), None)
        if missing is not None or not fields["key"]:
            raise damaged(source, f"node {position} lacks the attribute {missing or 'key'!r} as text")
        _check_attributes(source, f"node {position} ({fields['id']})", fields, NODE_ATTRIBUTES)
        if isinstance(fields.get(EMBEDDING), list):
            dimensions.add(len(fields[EMBEDDING]))
        ids.add(fields["id"])
    if len(dimensions) > 1:
        raise damaged(source, f"embeddings of {' and '.join(map(str, sorted(dimensions)))} dimensions")
    for position, edge in enumerate(edges, start=1):
        endpoints = (edge.get("source"), edge.get("target")) if isinstance(edge, dict) else (None, None)
        if not all(isinstance(endpoint, str) and endpoint in ids for endpoint in endpoints):
            raise damaged(source, f"edge {position} joins nodes the file does not hold")
        _check_attributes(source, f"edge {position} ({endpoints[0]} -> {endpoints[1]})", edge, EDGE_ATTRIBUTES)


def damaged(source: Path, what: str) -> KgError:
    """The one-line error for a damaged graph file."""
    return KgError(f"{source} is a damaged kg graph file ({what}); rebuild it with `kg build`")


def _check_attributes(source: Path, where: str, fields: dict[str, Any], kinds: dict[str, Kind]) -> None:
    """KgError naming the first attribute of `fields` whose value is not of its kind; an attribute the schema
    does not name must still be something Neo4j can store (text, number, boolean or a list of one of them)."""
    for name, value in fields.items():
        if not name or "\x00" in name:
            raise damaged(source, f"{where}: an attribute name Neo4j refuses ({name!r})")
        if value is None or name in ("id", "source", "target", "key"):
            continue
        kind = kinds.get(name)
        if not (_is_kind(value, kind) if kind is not None else _is_storable(value)):
            expected = kind.value if kind is not None else "text, a number or a list of them"
            raise damaged(source, f"{where}: {name!r} should be {expected}, not {json.dumps(value)[:60]}")


def _is_kind(value: Any, kind: Kind) -> bool:
    """Whether `value` is of the attribute kind `kind` (numbers finite, booleans no numbers)."""
    if kind is Kind.TEXT:
        return isinstance(value, str)
    if kind is Kind.TEXTS:
        return isinstance(value, list) and all(isinstance(item, str) for item in value)
    if kind is Kind.INTEGER:
        return isinstance(value, int) and not isinstance(value, bool)
    if kind is Kind.NUMBER:
        return _is_number(value)
    vector = np.asarray(value) if isinstance(value, list) else None
    return vector is not None and vector.ndim == 1 and vector.dtype.kind in "if" and bool(np.isfinite(vector).all())


def _is_number(value: Any) -> bool:
    """A finite int or float (not a boolean)."""
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _is_storable(value: Any) -> bool:
    """Whether Neo4j can store `value` as a property: text, a finite number, a boolean, or a list of one of them."""
    if isinstance(value, (str, bool)) or _is_number(value):
        return True
    if not isinstance(value, list) or not all(isinstance(item, (str, bool)) or _is_number(item) for item in value):
        return False
    return len({str if isinstance(item, str) else bool if isinstance(item, bool) else float for item in value}) <= 1
