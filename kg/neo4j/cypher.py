"""The loader's own Cypher statements (the only Cypher text in kg's Python code).

Labels and relationship types cannot be query parameters in an index-backed MERGE, so one
statement per label and per relationship type is generated here from kg's own enums; every
value from the graph travels as a parameter ($rows), never inside the statement text.
"""

from __future__ import annotations

from kg.graph.schema import ENDPOINTS
from kg.records import Label, Relation

__all__ = [
    "AWAIT_INDEXES",
    "COUNT_KG_NODES",
    "MERGE_NODES",
    "MERGE_RELATIONSHIPS",
    "VECTOR_INDEX",
    "VECTOR_INDEX_DIMENSIONS",
    "WIPE_KG_NODES",
]

VECTOR_INDEX = "paper_embedding"  # created by cypher/schema.cypher

_KG_LABELS = "|".join(label.value for label in Label)

MERGE_NODES: dict[Label, str] = {
    label: (
        "UNWIND $rows AS row\n"
        f"MERGE (n:{label.value} {{key: row.key}})\n"
        "SET n += row.properties\n"
        "WITH n, row WHERE row.embedding IS NOT NULL\n"
        "CALL db.create.setNodeVectorProperty(n, 'embedding', row.embedding)"
    )
    for label in Label
}
"""Per label: merge each row's node on `key`, set its properties, and its embedding as a vector property."""

MERGE_RELATIONSHIPS: dict[Relation, str] = {
    relation: (
        "UNWIND $rows AS row\n"
        f"MATCH (source:{source.value} {{key: row.source}})\n"
        f"MATCH (target:{target.value} {{key: row.target}})\n"
        f"MERGE (source)-[r:{relation.value}]->(target)\n"
        "SET r += row.properties"
    )
    for relation, (source, target) in ENDPOINTS.items()
}
"""Per relationship type: merge one relationship per (source, target) and set its properties."""

AWAIT_INDEXES = "CALL db.awaitIndexes($timeout_seconds)"
"""Wait until every index is online (new indexes on existing data are populated in the background)."""

VECTOR_INDEX_DIMENSIONS = (
    "SHOW VECTOR INDEXES YIELD name, options WHERE name = $name\n"
    "RETURN options.indexConfig['vector.dimensions'] AS dimensions"
)
"""The dimension of an existing vector index (no row if it does not exist)."""

COUNT_KG_NODES = f"MATCH (n:{_KG_LABELS}) RETURN count(n) AS nodes"
"""How many nodes carry one of kg's labels."""

WIPE_KG_NODES = f"MATCH (n:{_KG_LABELS})\nCALL (n) {{ DETACH DELETE n }} IN TRANSACTIONS OF $batch_size ROWS"
"""Delete every node with one of kg's labels (and its relationships), batch by batch; other nodes stay."""
