"""The shape of kg's graph that every sink relies on: node ids, relationship endpoints, schema version."""

from __future__ import annotations

from kg.records import Label, Relation

__all__ = ["ENDPOINTS", "SCHEMA_VERSION", "node_id"]

SCHEMA_VERSION = 1  # the "schema" value in graph.json; bump when a node or edge attribute changes meaning

ENDPOINTS: dict[Relation, tuple[Label, Label]] = {
    Relation.MENTIONS: (Label.PAPER, Label.CONCEPT),
    Relation.PROPOSES: (Label.PAPER, Label.METHOD),
    Relation.USES: (Label.PAPER, Label.METHOD),
    Relation.EVALUATES_ON: (Label.PAPER, Label.DATASET),
    Relation.INTRODUCES: (Label.PAPER, Label.DATASET),
    Relation.HAS_CODE: (Label.PAPER, Label.REPOSITORY),
    Relation.SIMILAR_TO: (Label.PAPER, Label.PAPER),
    Relation.RELATED_TO: (Label.CONCEPT, Label.CONCEPT),
}
"""The (source label, target label) of every relationship type."""


def node_id(label: Label | str, key: str) -> str:
    """The graph node id of an entity or paper: "<Label>:<key>", e.g. "Paper:2504.13519"."""
    return f"{label}:{key}"
