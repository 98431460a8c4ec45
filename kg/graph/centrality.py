"""Centrality and communities of nodes: `degree` on every node; `pagerank` and `community` on Paper and Concept nodes.

PageRank and Louvain run on the *topic graph*: an undirected weighted graph of the Paper and
Concept nodes whose edges are MENTIONS and ABOUT (weight = score) and SIMILAR_TO (weight = cosine).
RELATED_TO is left out because it is derived from the same MENTIONS and would count them twice;
Method/Dataset/Repository nodes are left out because they are sparse and would split topics by
tooling rather than subject.
"""

from __future__ import annotations

import networkx as nx

from kg.records import Label, Relation

__all__ = ["add_centrality", "topic_graph"]

_TOPIC_LABELS = frozenset({Label.PAPER, Label.CONCEPT})
_TOPIC_RELATIONS = frozenset({Relation.MENTIONS, Relation.ABOUT, Relation.SIMILAR_TO})
_PAPER_TO_CONCEPT = frozenset({Relation.MENTIONS, Relation.ABOUT})


def add_centrality(graph: nx.MultiDiGraph, seed: int) -> None:
    """Set `degree` on all nodes, `papers` (linked directly) on Concept nodes and `pagerank`/`community` on
    Paper and Concept nodes, in place.

    Communities are numbered by size (0 = largest; ties by smallest node id) so the numbers are stable.
    """
    for node, degree in graph.degree():
        graph.nodes[node]["degree"] = degree
    for node, label in graph.nodes(data="label"):
        if label == Label.CONCEPT:
            linked = {paper for paper, _, kind in graph.in_edges(node, data="type") if kind in _PAPER_TO_CONCEPT}
            graph.nodes[node]["papers"] = len(linked)
    topics = topic_graph(graph)
    for node, rank in nx.pagerank(topics, weight="weight").items():
        graph.nodes[node]["pagerank"] = _significant(rank)
    communities = nx.community.louvain_communities(topics, weight="weight", seed=seed)
    for number, members in enumerate(sorted(communities, key=lambda members: (-len(members), min(members)))):
        for node in members:
            graph.nodes[node]["community"] = number


def topic_graph(graph: nx.MultiDiGraph) -> nx.Graph:
    """The undirected Paper+Concept graph used for PageRank and Louvain, built in sorted order for determinism."""
    topics = nx.Graph()
    topics.add_nodes_from(sorted(node for node, label in graph.nodes(data="label") if label in _TOPIC_LABELS))
    edges = sorted(
        (source, target, max(float(data.get("score", 1.0)), 0.0))
        for source, target, data in graph.edges(data=True)
        if data["type"] in _TOPIC_RELATIONS
    )
    for source, target, weight in edges:
        if not topics.has_edge(source, target) or topics[source][target]["weight"] < weight:
            topics.add_edge(source, target, weight=weight)
    return topics


def _significant(value: float) -> float:
    """`value` to 6 significant digits: PageRank values are about 1/N, so fixed decimals would erase them."""
    return float(f"{value:.6g}")
