"""GraphML export for yEd, Gephi and other graph tools, and its reader.

The attribute layout is `_interchange`'s: `label` = display name, `kind` = kg label (map colours
to it in yEd's Properties Mapper or partition by it in Gephi), lists as JSON strings, no nulls.
"""

from __future__ import annotations

import io
from pathlib import Path

import networkx as nx

from kg.export._interchange import from_interchange, to_interchange
from kg.fileio import atomic_write

__all__ = ["read_graphml", "write_graphml"]

_READER_DEFAULTS = ("node_default", "edge_default")
_CARRIAGE_RETURN = "\x00"  # stands in for "\r" while serializing; xml_safe() removed every real NUL


def write_graphml(graph: nx.MultiDiGraph, path: str | Path, *, embeddings: bool = False) -> None:
    """Write kg's `graph` to `path` as GraphML (atomically); `embeddings` keeps Paper embeddings as JSON strings."""
    file_graph = to_interchange(graph, embeddings=embeddings)
    _mark_carriage_returns(file_graph)
    buffer = io.BytesIO()
    nx.write_graphml(file_graph, buffer, infer_numeric_types=True)
    with atomic_write(path) as out:
        out.write(buffer.getvalue().decode("utf-8").replace(_CARRIAGE_RETURN, "&#13;"))


def _mark_carriage_returns(file_graph: nx.MultiDiGraph) -> None:
    """Swap carriage returns in text values for a placeholder, in place.

    XML readers turn a raw carriage return into a line feed; the "&#13;" it becomes on output survives.
    """
    for data in [
        *(data for _, data in file_graph.nodes(data=True)),
        *(data for *_, data in file_graph.edges(data=True)),
    ]:
        for name, value in data.items():
            if isinstance(value, str):
                data[name] = value.replace("\r", _CARRIAGE_RETURN)


def read_graphml(path: str | Path) -> nx.MultiDiGraph:
    """Read a GraphML file written by `write_graphml` back into kg's graph layout."""
    file_graph = nx.read_graphml(path, force_multigraph=True)
    for name in _READER_DEFAULTS:
        file_graph.graph.pop(name, None)
    return from_interchange(file_graph)
