"""Graph assembly: `PaperAnalysis` records -> one NetworkX MultiDiGraph with kg's schema.

Papers become Paper nodes; link targets are merged by (label, key) into one node each; authors and
arXiv categories become nodes of their own (kg.graph.bibliography); SIMILAR_TO,
RELATED_TO and the centrality measures are added on top. The result depends only on the input, never on
timing, so `write_graph` of the same input is byte-identical.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import networkx as nx
import numpy as np

from kg import __version__
from kg.entity_merge import EntitySightings
from kg.errors import KgError
from kg.graph.bibliography import add_authors_and_categories
from kg.graph.centrality import add_centrality
from kg.graph.cooccurrence import co_occurring_pairs
from kg.graph.hierarchy import add_hierarchy
from kg.graph.schema import (
    DECIMALS,
    EMBEDDING,
    ENDPOINTS,
    PAPER_FIELDS,
    RESERVED_NODE_ATTRIBUTES,
    SCHEMA_VERSION,
    node_id,
)
from kg.graph.similarity import top_k_similar
from kg.records import Entity, Label, Link, PaperAnalysis, Relation
from kg.vocabulary.taxonomy import load_taxonomy

__all__ = ["GraphOptions", "build_graph"]


@dataclass(frozen=True)
class GraphOptions:
    """How SIMILAR_TO, RELATED_TO and the centrality measures are computed; docs/schema.md explains the defaults."""

    similarity_top_k: int = 5  # SIMILAR_TO edges per paper (at most)
    similarity_threshold: float = 0.5  # minimum cosine for a SIMILAR_TO edge
    related_min_weight: int = 2  # minimum number of shared papers for a RELATED_TO edge
    related_concepts_per_paper: int = 10  # a paper's best-scored concepts that count for RELATED_TO
    community_seed: int = 42  # Louvain seed
    model: str | None = None  # the embedding model, recorded in graph.json's "graph" metadata
    hierarchy: bool = True  # BROADER edges from the shipped taxonomy and phrase structure (kg/graph/hierarchy.py)


def build_graph(analyses: Sequence[PaperAnalysis], options: GraphOptions = GraphOptions()) -> nx.MultiDiGraph:
    """Assemble papers, their links, SIMILAR_TO, RELATED_TO and node centrality into one graph.

    Raises KgError if two analyses share a paper id or embeddings differ in dimension.
    """
    graph = nx.MultiDiGraph(kg_version=__version__, model=options.model, schema=SCHEMA_VERSION)
    for analysis in analyses:
        _add_paper(graph, analysis)
    _add_links(graph, analyses)
    add_authors_and_categories(graph, [analysis.paper for analysis in analyses])
    if options.hierarchy:
        add_hierarchy(graph, load_taxonomy())
    _add_similar_to(graph, analyses, options)
    _add_related_to(graph, analyses, options)
    add_centrality(graph, options.community_seed)
    return graph


def _add_paper(graph: nx.MultiDiGraph, analysis: PaperAnalysis) -> None:
    """Add one Paper node with the paper's fields (and its rounded embedding, when there is one)."""
    paper = analysis.paper
    paper_node = node_id(Label.PAPER, paper.id)
    if paper_node in graph:
        raise KgError(
            f"paper {paper.id!r} ({paper.title!r}) occurs twice; merge duplicate records before building the graph"
        )
    attributes: dict[str, object] = {"label": Label.PAPER.value, "key": paper.id, "name": paper.title, "aliases": []}
    for name in PAPER_FIELDS:  # every field of the Paper record, lists as lists (graph.json has no tuples)
        value = getattr(paper, name)
        attributes[name] = list(value) if isinstance(value, tuple) else value
    if analysis.embedding is not None:
        attributes[EMBEDDING] = np.round(np.asarray(analysis.embedding, dtype=np.float64), DECIMALS).tolist()
    graph.add_node(paper_node, **attributes)


def _add_links(graph: nx.MultiDiGraph, analyses: Sequence[PaperAnalysis]) -> None:
    """Merge link targets into entity nodes (kg.entity_merge) and add one edge per (paper, target, relation)."""
    sightings = EntitySightings()
    edges: dict[tuple[str, str, Relation], Link] = {}
    for analysis in analyses:
        paper_node = node_id(Label.PAPER, analysis.paper.id)
        for link in analysis.links:
            target = link.target
            if (Label.PAPER, target.label) not in ENDPOINTS[link.relation]:
                allowed = " or a ".join(end for start, end in ENDPOINTS[link.relation] if start == Label.PAPER)
                raise KgError(
                    f"paper {analysis.paper.id!r}: a {link.relation} link points to a {target.label}; "
                    f"{link.relation} links must point to a {allowed or 'node other than a paper'}"
                )
            sightings.add(target)
            edge = (paper_node, node_id(target.label, target.key), link.relation)
            if edge not in edges or _better(link, edges[edge]):
                edges[edge] = link
    for entity in sightings:
        graph.add_node(node_id(entity.label, entity.key), **_entity_attributes(entity))
    for (paper_node, target_node, relation), link in edges.items():
        attributes: dict[str, object] = {"type": relation.value, "evidence": link.evidence}
        if link.score is not None:
            attributes["score"] = round(float(link.score), DECIMALS)
        if link.rank is not None:
            attributes["rank"] = link.rank
        if link.results:
            attributes.update(_result_attributes(link))
        graph.add_edge(paper_node, target_node, key=relation.value, **attributes)


def _result_attributes(link: Link) -> dict[str, object]:
    """REPORTS: the first stated value and its dataset, and every value with its dataset ("" where none is named)."""
    first = link.results[0]
    attributes: dict[str, object] = {"value": first.value}
    if first.dataset is not None:
        attributes["dataset"] = first.dataset
    attributes["values"] = [result.value for result in link.results]
    attributes["datasets"] = [result.dataset or "" for result in link.results]
    return attributes


def _entity_attributes(entity: Entity) -> dict[str, object]:
    """The node attributes of a merged entity: its label-specific properties, then kg's own attributes."""
    for name, _ in entity.properties:
        if name in RESERVED_NODE_ATTRIBUTES:
            raise KgError(f"{entity.label} {entity.key!r} has a property named {name!r}, which kg reserves; rename it")
    return {
        **dict(entity.properties),
        "label": entity.label.value,
        "key": entity.key,
        "name": entity.name,
        "aliases": list(entity.aliases),
    }


def _better(link: Link, kept: Link) -> bool:
    """Whether a repeated link replaces the kept one: only when it has a higher score."""
    return link.score is not None and (kept.score is None or link.score > kept.score)


def _add_similar_to(graph: nx.MultiDiGraph, analyses: Sequence[PaperAnalysis], options: GraphOptions) -> None:
    """Add SIMILAR_TO from each embedded paper to its top-k most similar papers above the threshold."""
    embedded = [analysis for analysis in analyses if analysis.embedding is not None]
    if not embedded:
        return
    dimensions = {np.shape(analysis.embedding) for analysis in embedded if analysis.embedding is not None}
    if len(dimensions) > 1:
        raise KgError(f"paper embeddings differ in shape ({sorted(dimensions)}); embed all papers with one model")
    matrix = np.stack([np.asarray(analysis.embedding, dtype=np.float32) for analysis in embedded])
    papers = [node_id(Label.PAPER, analysis.paper.id) for analysis in embedded]
    relation = Relation.SIMILAR_TO.value
    for row, other, score in top_k_similar(matrix, options.similarity_top_k, options.similarity_threshold):
        graph.add_edge(papers[row], papers[other], key=relation, type=relation, score=round(score, DECIMALS))


def _add_related_to(graph: nx.MultiDiGraph, analyses: Sequence[PaperAnalysis], options: GraphOptions) -> None:
    """Add RELATED_TO between concepts sharing at least `related_min_weight` papers (edge: smaller id -> larger id)."""
    concept_nodes = sorted(node for node, label in graph.nodes(data="label") if label == Label.CONCEPT)
    index = {node: position for position, node in enumerate(concept_nodes)}
    per_paper = []
    for analysis in analyses:
        mentions = [link for link in analysis.links if link.relation == Relation.MENTIONS]
        mentions.sort(key=lambda link: -(link.score or 0.0))
        best = mentions[: options.related_concepts_per_paper]
        per_paper.append([index[node_id(link.target.label, link.target.key)] for link in best])
    relation = Relation.RELATED_TO.value
    for first, second, weight in co_occurring_pairs(per_paper, options.related_min_weight):
        graph.add_edge(concept_nodes[first], concept_nodes[second], key=relation, type=relation, weight=weight)
