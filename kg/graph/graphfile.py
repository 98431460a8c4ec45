"""graph.json: kg's public graph file (networkx node-link JSON, sorted, so equal graphs give equal bytes)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import IO, Any

import networkx as nx

from kg.errors import KgError
from kg.fileio import atomic_write
from kg.graph.schema import EMBEDDING, SCHEMA_VERSION

__all__ = ["embedding_dimensions", "graph_data", "read_graph", "write_graph"]


def embedding_dimensions(graph: nx.MultiDiGraph) -> int | None:
    """The length of the Paper embeddings in `graph`, or None when it has none."""
    return next((len(vector) for _, vector in graph.nodes(data=EMBEDDING) if vector is not None), None)


def graph_data(graph: nx.MultiDiGraph) -> dict[str, Any]:
    """The graph as node-link data with nodes sorted by id and edges by (source, target, key)."""
    data = nx.node_link_data(graph, edges="edges")
    data["nodes"].sort(key=lambda node: node["id"])
    data["edges"].sort(key=lambda edge: (edge["source"], edge["target"], edge["key"]))
    return data


def write_graph(graph: nx.MultiDiGraph, path: str | Path) -> None:
    """Write `graph` to `path` as graph.json, atomically; the same graph always gives the same bytes."""
    try:
        with atomic_write(path) as out:
            _write_json(graph_data(graph), out)
    except ValueError as error:
        raise KgError(f"cannot write {path}: the graph holds a value JSON cannot store ({error})") from None


def _write_json(data: dict[str, Any], out: IO[str]) -> None:
    """Write `data` as compact JSON with sorted keys, one list item at a time.

    The bytes equal `json.dumps(data, sort_keys=True, separators=(",", ":"))` plus a newline, but each
    node and edge is encoded by the C encoder (`json.dump` falls back to the slow pure-Python one)
    and the whole document is never held as one string.
    """
    out.write("{")
    for position, (name, value) in enumerate(sorted(data.items())):
        out.write(f"{',' if position else ''}{_json(name)}:")
        if isinstance(value, list):
            out.write("[")
            for index, item in enumerate(value):
                out.write(f"{',' if index else ''}{_json(item)}")
            out.write("]")
        else:
            out.write(_json(value))
    out.write("}\n")


def _json(value: Any) -> str:
    """One value as compact JSON with sorted keys; NaN and infinity are refused (they are not JSON)."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), allow_nan=False)


def read_graph(path: str | Path) -> nx.MultiDiGraph:
    """Read a graph.json written by `write_graph`; KgError if the file is missing or not a kg graph."""
    source = Path(path)
    hint = f"build one with `kg build SOURCES -o {source}`"
    try:
        with source.open(encoding="utf-8") as handle:
            data = json.load(handle)
    except FileNotFoundError:
        raise KgError(f"{source}: no such file; {hint}") from None
    except OSError as error:
        raise KgError(f"cannot read {source}: {error.strerror}") from None
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise KgError(f"{source} is not a kg graph file (not JSON); {hint}") from None
    except RecursionError:
        raise KgError(f"{source} is not a kg graph file (JSON nested too deeply to read); {hint}") from None
    _check_kg_graph(source, data, hint)
    try:
        return nx.node_link_graph(data, directed=True, multigraph=True, edges="edges")
    except (KeyError, TypeError) as error:
        raise KgError(f"{source} is a damaged kg graph file (missing {error}); rebuild it with `kg build`") from None


def _check_kg_graph(source: Path, data: object, hint: str) -> None:
    """Raise KgError unless `data` looks like node-link JSON written by kg with a schema this kg reads."""
    metadata = data.get("graph") if isinstance(data, dict) else None
    if not isinstance(data, dict) or not isinstance(metadata, dict) or not {"schema", "kg_version"} <= metadata.keys():
        raise KgError(f"{source} is not a kg graph file (no graph.schema/kg_version); {hint}")
    if metadata["schema"] != SCHEMA_VERSION:
        raise KgError(
            f"{source} uses graph schema {metadata['schema']!r}, this kg reads schema {SCHEMA_VERSION}; "
            f"rebuild it with this kg or use the kg version that wrote it ({metadata['kg_version']})"
        )
    if not isinstance(data.get("nodes"), list) or not isinstance(data.get("edges"), list):
        raise KgError(f"{source} is a damaged kg graph file (nodes/edges are not lists); rebuild it with `kg build`")
    _check_elements(source, data["nodes"], data["edges"])


def _check_elements(source: Path, nodes: list[Any], edges: list[Any]) -> None:
    """Raise KgError for a node without a text id, label and key, or an edge to a node the file does not hold.

    Such files were edited by hand or damaged; refusing them here keeps every sink from failing halfway.
    """
    ids = set()
    for position, node in enumerate(nodes, start=1):
        fields = node if isinstance(node, dict) else {}
        missing = next((name for name in ("id", "label", "key") if not isinstance(fields.get(name), str)), None)
        if missing is not None:
            raise KgError(
                f"{source} is a damaged kg graph file (node {position} lacks the attribute {missing!r} as text); "
                "rebuild it with `kg build`"
            )
        ids.add(fields["id"])
    for position, edge in enumerate(edges, start=1):
        endpoints = (edge.get("source"), edge.get("target")) if isinstance(edge, dict) else (None, None)
        if not all(isinstance(endpoint, str) and endpoint in ids for endpoint in endpoints):
            raise KgError(
                f"{source} is a damaged kg graph file (edge {position} joins nodes the file does not hold); "
                "rebuild it with `kg build`"
            )
