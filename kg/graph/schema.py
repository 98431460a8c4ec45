"""The shape of kg's graph that every sink relies on: node ids, attributes and their kinds, relationship endpoints.

This module is the one attribute contract. Graph assembly writes exactly these attributes, the
graph file check reads them, the Neo4j loader and the cypher-shell export turn them into
properties, and the XML, CSV and HTML exports map them to their formats; none of them keeps an
attribute list of its own. A new Paper field is a new row in `NODE_ATTRIBUTES` (a test checks
that every Paper field has one).
"""

from __future__ import annotations

from dataclasses import fields
from enum import StrEnum

from kg.records import Label, Paper, Relation

__all__ = [
    "DATE_ATTRIBUTES",
    "DECIMALS",
    "EDGE_ATTRIBUTES",
    "EMBEDDING",
    "ENDPOINTS",
    "IDENTITY",
    "LIST_ATTRIBUTES",
    "METRIC_ATTRIBUTES",
    "NODE_ATTRIBUTES",
    "NOT_EDGE_PROPERTIES",
    "NOT_NODE_PROPERTIES",
    "PAPER_FIELDS",
    "PAPER_LINKS",
    "RESERVED_NODE_ATTRIBUTES",
    "SCHEMA_VERSION",
    "Kind",
    "node_id",
]

SCHEMA_VERSION = 1  # the "schema" value in graph.json; bump when a node or edge attribute changes meaning

DECIMALS = 6
"""Scores and embedding values are rounded to this many decimals when the graph is assembled."""


class Kind(StrEnum):
    """What values an attribute holds in graph.json (null is allowed for optional ones)."""

    TEXT = "text"
    TEXTS = "list of text"
    INTEGER = "integer"
    NUMBER = "number"
    VECTOR = "list of numbers"


IDENTITY = ("label", "key")
"""The attributes that identify a node: its label (the Neo4j label) and its key (unique within the label)."""

EMBEDDING = "embedding"
"""The Paper attribute holding the title+abstract vector (a Neo4j vector property, not a plain one)."""

PAPER_FIELDS = tuple(field.name for field in fields(Paper) if field.name != "id")
"""The Paper record's fields, each a Paper node attribute of the same name (the id is the node's key)."""

DATE_ATTRIBUTES = ("published", "listed")
"""Paper attributes that Neo4j stores as `date` values when they are ISO dates (YYYY-MM-DD); other text stays text."""

METRIC_ATTRIBUTES = ("degree", "pagerank", "community", "papers")
"""Computed on the assembled graph (kg.graph.centrality)."""

NODE_ATTRIBUTES: dict[str, Kind] = {
    "label": Kind.TEXT,
    "key": Kind.TEXT,
    "name": Kind.TEXT,
    "aliases": Kind.TEXTS,
    "degree": Kind.INTEGER,
    "pagerank": Kind.NUMBER,
    "community": Kind.INTEGER,
    # Paper
    "title": Kind.TEXT,
    "abstract": Kind.TEXT,
    "urls": Kind.TEXTS,
    "authors": Kind.TEXTS,
    "published": Kind.TEXT,
    "listed": Kind.TEXT,
    "categories": Kind.TEXTS,
    "sources": Kind.TEXTS,
    EMBEDDING: Kind.VECTOR,
    # Concept
    "kind": Kind.TEXT,  # a shipped concept's kind: area, task, method, domain or property
    "acronym": Kind.TEXT,
    "papers": Kind.INTEGER,  # papers linked to it directly
    # Category
    "code": Kind.TEXT,  # the arXiv category code ("cs.CV"), also the key
    # Repository
    "url": Kind.TEXT,
    "host": Kind.TEXT,
    "owner": Kind.TEXT,
}
"""Every node attribute kg writes, with the kind of its values."""

EDGE_ATTRIBUTES: dict[str, Kind] = {
    "type": Kind.TEXT,  # the relationship type
    "evidence": Kind.TEXT,  # the sentence a paper's link came from
    "score": Kind.NUMBER,  # MENTIONS, ABOUT: concept score; SIMILAR_TO: cosine
    "rank": Kind.INTEGER,  # MENTIONS: 1 for the paper's best keyphrase
    "weight": Kind.INTEGER,  # RELATED_TO: papers shared
    "value": Kind.TEXT,  # REPORTS: the first number stated for the metric, with unit and direction ("+1.2 dB")
    "dataset": Kind.TEXT,  # REPORTS: the dataset that number is on, when the sentence names one
    "values": Kind.TEXTS,  # REPORTS: every number stated for the metric, in text order
    "datasets": Kind.TEXTS,  # REPORTS: the dataset of each of `values` ("" where the sentence names none)
    "position": Kind.INTEGER,  # AUTHORED: 1 for the first author; IN_CATEGORY: 1 for the primary category
}
"""Every edge attribute kg writes (besides the endpoints)."""

LIST_ATTRIBUTES = frozenset(
    name for name, kind in {**NODE_ATTRIBUTES, **EDGE_ATTRIBUTES}.items() if kind in (Kind.TEXTS, Kind.VECTOR)
)
"""Attributes whose values are lists (formats without lists store them as JSON text)."""

RESERVED_NODE_ATTRIBUTES = frozenset({"label", "key", "name", "aliases", *METRIC_ATTRIBUTES})
"""Attributes kg sets on every node; an entity property may not use these names."""

NOT_NODE_PROPERTIES = frozenset({"id", *IDENTITY, EMBEDDING})
"""Node fields that are not plain Neo4j properties: the graph id, the label, the MERGE key, the vector."""

NOT_EDGE_PROPERTIES = frozenset({"source", "target", "key", "type"})
"""Edge fields that are not Neo4j relationship properties: the endpoints, the multigraph key and the type."""

ENDPOINTS: dict[Relation, tuple[tuple[Label, Label], ...]] = {
    Relation.MENTIONS: ((Label.PAPER, Label.CONCEPT),),
    Relation.ABOUT: ((Label.PAPER, Label.CONCEPT),),
    Relation.PROPOSES: ((Label.PAPER, Label.METHOD),),
    Relation.USES: ((Label.PAPER, Label.METHOD),),
    Relation.EVALUATES_ON: ((Label.PAPER, Label.DATASET),),
    Relation.INTRODUCES: ((Label.PAPER, Label.DATASET),),
    Relation.HAS_CODE: ((Label.PAPER, Label.REPOSITORY),),
    Relation.REPORTS: ((Label.PAPER, Label.METRIC),),
    Relation.SIMILAR_TO: ((Label.PAPER, Label.PAPER),),
    Relation.RELATED_TO: ((Label.CONCEPT, Label.CONCEPT),),
    Relation.BROADER: (
        (Label.CONCEPT, Label.CONCEPT),
        (Label.METHOD, Label.METHOD),  # "Llama-3-8B" -> "Llama 3"
        (Label.METHOD, Label.CONCEPT),  # "Stable Diffusion" -> "diffusion model"
        (Label.DATASET, Label.DATASET),  # "ImageNet-1K" -> "ImageNet"
        (Label.DATASET, Label.CONCEPT),  # "GSM8K" -> "mathematical reasoning", the task it benchmarks
    ),
    Relation.AUTHORED: ((Label.AUTHOR, Label.PAPER),),
    Relation.IN_CATEGORY: ((Label.PAPER, Label.CATEGORY),),
}
"""The (source label, target label) pairs each relationship type may join."""

PAPER_LINKS = tuple(relation for relation, pairs in ENDPOINTS.items() if pairs[0][0] == Label.PAPER)
"""The relationship types that go from a paper to what it links to (SIMILAR_TO included)."""


def node_id(label: Label | str, key: str) -> str:
    """The graph node id of an entity or paper: "<Label>:<key>", e.g. "Paper:2504.13519"."""
    return f"{label}:{key}"
