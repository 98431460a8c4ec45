"""Shared fixtures: the real Neo4j the README test command starts (or any NEO4J_URI), and offline models.

Integration tests take `neo4j_settings` or `neo4j_driver`; they fail (never skip) when Neo4j is
not reachable, so a CI run without Neo4j is red, not silently green.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from neo4j import Driver

import tests.properties  # noqa: F401  (loads the hypothesis profile: derandomized unless HYPOTHESIS_PROFILE=wide)
from kg.errors import KgError
from kg.neo4j.connection import connect
from kg.neo4j.loader import wipe_kg_nodes
from kg.neo4j.settings import Neo4jSettings
from tests.databases import wipe_kg_nodes_and_vector_index

# Nothing in the tests may reach a model hub: the bundled model must load from site-packages.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test that uses the Neo4j fixtures with `neo4j`, so `-m "not neo4j"` gives a fast unit run."""
    for item in items:
        if {"neo4j_settings", "neo4j_driver"} & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.neo4j)


@pytest.fixture(scope="session")
def neo4j_settings() -> Neo4jSettings:
    """Connection settings of the Neo4j under test, verified reachable once per session."""
    if not os.environ.get("NEO4J_URI"):
        pytest.fail(
            "NEO4J_URI is not set: run the README test command (scripts/test.sh starts a local Neo4j), "
            "or `kg neo4j start` then `set -a; . .neo4j/env; set +a`; deselect with -m 'not neo4j'",
            pytrace=False,
        )
    settings = Neo4jSettings.resolve()
    try:
        with connect(settings):
            pass
    except KgError as error:
        pytest.fail(str(error), pytrace=False)
    return settings


@pytest.fixture(scope="session")
def neo4j_driver(neo4j_settings: Neo4jSettings) -> Iterator[Driver]:
    """One verified driver for the whole session."""
    with connect(neo4j_settings) as driver:
        yield driver


@pytest.fixture
def clean_kg_database(neo4j_settings: Neo4jSettings, neo4j_driver: Driver) -> Iterator[None]:
    """Start a test without kg nodes and with a fresh vector index; end it without kg nodes or :Other nodes."""
    wipe_kg_nodes_and_vector_index(neo4j_settings)
    yield
    wipe_kg_nodes(neo4j_settings)
    neo4j_driver.execute_query("MATCH (n:Other) DETACH DELETE n", database_=neo4j_settings.database)
