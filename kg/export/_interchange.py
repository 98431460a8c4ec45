"""How kg's graph maps onto the attributes of the XML graph formats (GraphML, GEXF) and back.

Gephi shows a node's `label` attribute as its text and colours by any attribute, yEd maps any
attribute to colours, and neither has list or null values. So in those files: `label` is the
display name (a node's `name`, an edge's relationship type), `kind` is kg's label (Paper,
Concept, ...), lists are JSON strings, null values are left out, embeddings are left out unless
asked for, and characters XML 1.0 cannot hold (most control characters) become U+FFFD.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

import networkx as nx

from kg.errors import KgError
from kg.graph.schema import EMBEDDING, LIST_ATTRIBUTES

__all__ = ["KIND", "from_interchange", "to_interchange", "xml_safe"]

KIND = "kind"
"""The file attribute that holds kg's node label; partition (Gephi) or map colours (yEd) by it."""


_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_safe(text: str) -> str:
    """`text` with every character XML 1.0 cannot represent replaced by U+FFFD."""
    return _NOT_XML.sub("\ufffd", text)


def to_interchange(graph: nx.MultiDiGraph, *, embeddings: bool) -> nx.MultiDiGraph:
    """A copy of kg's `graph` with the attribute layout of the XML formats (see the module docstring).

    Edges get unique keys `e0`, `e1`, ... because both formats want unique edge ids.
    """
    result = nx.MultiDiGraph(**_file_values(graph.graph, embeddings))
    ids = {node: xml_safe(str(node)) for node in graph}
    if len(set(ids.values())) < len(ids):
        raise KgError("two node ids differ only in characters XML cannot hold; rebuild the graph from cleaned input")
    for node, data in graph.nodes(data=True):
        attributes = _file_values(data, embeddings)
        attributes[KIND] = attributes.pop("label")
        attributes["label"] = attributes.pop("name")
        result.add_node(ids[node], **attributes)
    for number, (source, target, data) in enumerate(graph.edges(data=True)):
        attributes = _file_values(data, embeddings)
        attributes["label"] = attributes.pop("type")
        result.add_edge(ids[source], ids[target], key=f"e{number}", **attributes)
    return result


def from_interchange(file_graph: nx.Graph) -> nx.MultiDiGraph:
    """kg's graph from a graph read from GraphML/GEXF that `to_interchange` shaped (format extras already removed)."""
    graph = nx.MultiDiGraph(**file_graph.graph)
    for node, data in file_graph.nodes(data=True):
        attributes = _kg_values(data)
        attributes["name"] = attributes.pop("label")
        attributes["label"] = attributes.pop(KIND)
        graph.add_node(node, **attributes)
    for source, target, data in file_graph.edges(data=True):
        attributes = _kg_values(data)
        relation = attributes.pop("label")
        graph.add_edge(source, target, key=relation, type=relation, **attributes)
    return graph


def _file_values(data: Mapping[str, Any], embeddings: bool) -> dict[str, Any]:
    """Attributes as XML formats can hold them: no None, lists as JSON, XML-safe text."""
    values: dict[str, Any] = {}
    for name, value in data.items():
        if value is None or (name == EMBEDDING and not embeddings):
            continue
        if isinstance(value, (list, tuple, dict)):
            value = json.dumps(value, ensure_ascii=False)
        values[name] = xml_safe(value) if isinstance(value, str) else value
    return values


def _kg_values(data: Mapping[str, Any]) -> dict[str, Any]:
    """Attributes as kg holds them: the list attributes decoded from JSON."""
    return {
        name: json.loads(value) if name in LIST_ATTRIBUTES and isinstance(value, str) else value
        for name, value in data.items()
    }
