"""GEXF export for Gephi (with a viz colour per label and a size per degree), and its reader.

The attribute layout is `_interchange`'s: the node's GEXF label is its name, `kind` is kg's label,
the edge's GEXF label is its relationship type, lists are JSON strings and nulls are left out.
RELATED_TO's `weight` becomes the GEXF edge weight, which Gephi's layouts use.
"""

from __future__ import annotations

import io
import math
from pathlib import Path

import networkx as nx

from kg.export._interchange import KIND, from_interchange, to_interchange
from kg.export.palette import label_colours
from kg.fileio import atomic_write

__all__ = ["read_gexf", "write_gexf"]

_RESERVED_KEY = "networkx_key"  # networkx's GEXF writer renames a `key` attribute to this


def write_gexf(graph: nx.MultiDiGraph, path: str | Path, *, embeddings: bool = False) -> None:
    """Write kg's `graph` to `path` as GEXF 1.2 (atomically); `embeddings` keeps Paper embeddings as JSON strings."""
    file_graph = to_interchange(graph, embeddings=embeddings)
    colours = label_colours(kind for _, kind in file_graph.nodes(data=KIND))
    for _, data in file_graph.nodes(data=True):
        red, green, blue = (int(colours[data[KIND]][start : start + 2], 16) for start in (1, 3, 5))
        data["viz"] = {"color": {"r": red, "g": green, "b": blue, "a": 1.0}, "size": _node_size(data.get("degree", 0))}
    for *_, key, data in file_graph.edges(keys=True, data=True):
        data["id"] = key  # GEXF edge ids must be unique: the interchange keys e0, e1, ...
    buffer = io.BytesIO()
    nx.write_gexf(file_graph, buffer)
    with atomic_write(path) as out:
        out.write(buffer.getvalue().decode("utf-8"))


def read_gexf(path: str | Path) -> nx.MultiDiGraph:
    """Read a GEXF file written by `write_gexf` back into kg's graph layout."""
    file_graph = nx.MultiDiGraph(nx.read_gexf(path))
    file_graph.graph.clear()  # GEXF keeps no graph attributes beyond its own `mode`
    for _, data in file_graph.nodes(data=True):
        data.pop("viz", None)
        data["key"] = data.pop(_RESERVED_KEY)
    for *_, data in file_graph.edges(data=True):
        del data["id"]
        if isinstance(data.get("weight"), float) and data["weight"].is_integer():
            data["weight"] = int(data["weight"])  # GEXF weights are floats; kg's RELATED_TO weight counts papers
    return from_interchange(file_graph)


def _node_size(degree: int) -> float:
    """A node's drawing size in Gephi: grows with the square root of its degree."""
    return round(4.0 + 3.0 * math.sqrt(degree), 3)
