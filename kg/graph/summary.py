"""Counts of a graph per node label and per relationship type, as a plain-text table."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import networkx as nx

from kg.records import Label, Relation

__all__ = ["GraphSummary", "summarize_graph"]


@dataclass(frozen=True)
class GraphSummary:
    """How many nodes of each label and relationships of each type a graph holds (all kinds listed, zeros too)."""

    nodes: dict[str, int]
    relationships: dict[str, int]

    def table(self) -> str:
        """A two-column text table: labels, then relationship types, then totals."""
        rows = [("label", "nodes"), *self.nodes.items(), ("total", sum(self.nodes.values())), ("", "")]
        rows += [("relationship", "count"), *self.relationships.items(), ("total", sum(self.relationships.values()))]
        width = max(len(str(name)) for name, _ in rows)
        return "\n".join(f"{name:<{width}}  {count:>9}".rstrip() for name, count in rows) + "\n"


def summarize_graph(graph: nx.MultiDiGraph) -> GraphSummary:
    """Count the graph's nodes per label and edges per relationship type."""
    labels = Counter(label for _, label in graph.nodes(data="label"))
    types = Counter(kind for _, _, kind in graph.edges(data="type"))
    return GraphSummary(
        nodes={label.value: labels[label.value] for label in Label},
        relationships={relation.value: types[relation.value] for relation in Relation},
    )
