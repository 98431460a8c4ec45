"""Database state for integration tests that read Neo4j's vector index."""

from __future__ import annotations

from kg.neo4j.connection import connect
from kg.neo4j.cypher import VECTOR_INDEX
from kg.neo4j.loader import wipe_kg_nodes
from kg.settings import Neo4jSettings


def wipe_kg_nodes_and_vector_index(settings: Neo4jSettings) -> None:
    """Delete kg's nodes and drop the vector index (the next load creates it again).

    The vector index is approximate (HNSW): after the suite's many loads and wipes it is full of
    deleted entries, which can hide a true nearest neighbour from a query; a fresh index over a
    small test graph returns the exact neighbours.
    """
    wipe_kg_nodes(settings)
    with connect(settings) as driver:
        driver.execute_query(f"DROP INDEX {VECTOR_INDEX} IF EXISTS", database_=settings.database)
