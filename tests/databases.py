"""Database state for integration tests: kg's nodes and the vector index, and scratch servers of their own."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from neo4j import Driver, GraphDatabase

from kg.neo4j.connection import connect
from kg.neo4j.cypher import VECTOR_INDEX
from kg.neo4j.loader import wipe_kg_nodes
from kg.neo4j.server.home import default_jars
from kg.neo4j.server.local import LocalNeo4j
from kg.neo4j.server.ports import pick_free_port
from kg.neo4j.settings import Neo4jSettings


def wipe_kg_nodes_and_vector_index(settings: Neo4jSettings) -> None:
    """Delete kg's nodes and drop the vector index (the next load creates it again).

    The vector index is approximate (HNSW): after the suite's many loads and wipes it is full of
    deleted entries, which can hide a true nearest neighbour from a query; a fresh index over a
    small test graph returns the exact neighbours.
    """
    wipe_kg_nodes(settings)
    with connect(settings) as driver:
        driver.execute_query(f"DROP INDEX {VECTOR_INDEX} IF EXISTS", database_=settings.database)


def scratch_server(home: Path) -> LocalNeo4j:
    """A Neo4j of its own in `home` (not started), on free ports, with the jars the suite shares."""
    return LocalNeo4j(home=home, bolt_port=pick_free_port(), http_port=pick_free_port(), jars=default_jars())


@contextmanager
def started(server: LocalNeo4j) -> Iterator[LocalNeo4j]:
    """`server` running for the duration of the block, stopped after it whatever happens."""
    server.start()
    try:
        yield server
    finally:
        server.stop()


@contextmanager
def scratch_driver(server: LocalNeo4j) -> Iterator[Driver]:
    """A driver for a scratch server, with the password it chose."""
    with GraphDatabase.driver(server.bolt_uri, auth=("neo4j", server.stored_password())) as driver:
        yield driver
