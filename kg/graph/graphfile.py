"""Graph files: graph.json, kg's public graph file (networkx node-link JSON, sorted, so equal graphs give equal
bytes), or a Parquet folder (`graph.parquet/`, kg.graph.parquet) for any path ending in `.parquet`.

`read_graph` and `write_graph` are the one place that picks the format; both formats pass the same checks
(kg.graph.validation) when read.
"""

from __future__ import annotations

import json
from pathlib import Path
from types import ModuleType
from typing import IO, Any

import networkx as nx

from kg.errors import KgError
from kg.fileio import atomic_write, check_writable
from kg.graph.schema import EMBEDDING
from kg.graph.validation import check_kg_graph

__all__ = ["PARQUET_SUFFIX", "check_graph_writable", "embedding_dimensions", "graph_data", "read_graph", "write_graph"]

PARQUET_SUFFIX = ".parquet"
"""A graph path ending in this is a Parquet folder (kg.graph.parquet); any other is graph.json."""


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
    """Write `graph` to `path` as graph.json (a Parquet folder for `.parquet`), atomically; the same graph always
    gives the same bytes."""
    if _is_parquet(path):
        _parquet().write_parquet(graph_data(graph), Path(path))
        return
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


def check_graph_writable(path: str | Path) -> None:
    """KgError now, before long work, unless `write_graph` could write `path` (and, for Parquet, pyarrow is here)."""
    if _is_parquet(path):
        _parquet().check_parquet_writable(Path(path))
    else:
        check_writable(path)


def read_graph(path: str | Path) -> nx.MultiDiGraph:
    """Read a graph file written by `write_graph`; KgError if it is missing or not a kg graph."""
    source = Path(path)
    hint = f"build one with `kg build SOURCES -o {source}`"
    data = _parquet().read_parquet(source, hint) if _is_parquet(source) else _read_json(source, hint)
    check_kg_graph(source, data, hint)
    try:
        return nx.node_link_graph(data, directed=True, multigraph=True, edges="edges")
    except (KeyError, TypeError) as error:
        raise KgError(f"{source} is a damaged kg graph file (missing {error}); rebuild it with `kg build`") from None


def _read_json(source: Path, hint: str) -> Any:
    """The parsed content of a graph.json; KgError if it is missing, unreadable or not JSON."""
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
    return data


def _is_parquet(path: str | Path) -> bool:
    return Path(path).suffix.lower() == PARQUET_SUFFIX


def _parquet() -> ModuleType:
    """kg.graph.parquet, imported only when a Parquet graph is asked for (pyarrow is an optional extra)."""
    try:
        from kg.graph import parquet
    except ModuleNotFoundError as error:
        if error.name != "pyarrow":
            raise
        raise KgError("Parquet graphs need pyarrow: pip install 'kg[parquet]' (or use a .json graph file)") from None
    return parquet
