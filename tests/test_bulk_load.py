"""`kg load --bulk` against a real Neo4j 5.26 scratch server of its own: neo4j-admin import into the empty
database (the server stopped and started again), kg's schema afterwards, refused into a database with nodes.

The server (own home, free ports, shared jars) starts twice in all: once here, once inside the bulk load.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from click.testing import CliRunner, Result
from neo4j import Driver

from kg.cli import main
from kg.graph import build_graph, write_graph
from kg.neo4j.loader import load_graph
from kg.neo4j.server.local import LocalNeo4j
from kg.records import Label
from tests.databases import scratch_driver, scratch_server, started
from tests.synthetic_graphs import synthetic_analyses

pytestmark = pytest.mark.neo4j

Counts = tuple[Counter[str], Counter[str]]


@pytest.fixture(scope="module")
def graph() -> nx.MultiDiGraph:
    """A graph with every label and relationship type and 384-dimensional embeddings."""
    return build_graph(synthetic_analyses(60))


@pytest.fixture(scope="module")
def graph_file(graph: nx.MultiDiGraph, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("bulk") / "graph.parquet"
    write_graph(graph, path)
    return path


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalNeo4j]:
    with started(scratch_server(tmp_path_factory.mktemp("neo4j-bulk-home"))) as scratch:
        yield scratch


@pytest.fixture(scope="module")
def driver(server: LocalNeo4j) -> Iterator[Driver]:
    with scratch_driver(server) as scratch:
        yield scratch


def _kg_load(*arguments: str) -> Result:
    """`kg load` in-process, with no connection settings from the environment (the home supplies them)."""
    return CliRunner().invoke(
        main, ["load", *arguments], env={"NEO4J_URI": None, "NEO4J_PASSWORD": None, "NEO4J_DATABASE": None}
    )


def _counts(driver: Driver) -> Counts:
    """Nodes per label and relationships per type in the database."""
    labels, _, _ = driver.execute_query("MATCH (n) UNWIND labels(n) AS label RETURN label, count(*) AS count")
    types, _, _ = driver.execute_query("MATCH ()-[r]->() RETURN type(r) AS type, count(*) AS count")
    return (
        Counter({record["label"]: record["count"] for record in labels}),
        Counter({record["type"]: record["count"] for record in types}),
    )


@pytest.fixture(scope="module")
def bulk(server: LocalNeo4j, driver: Driver, graph_file: Path) -> tuple[Result, Counts, dict[str, Any]]:
    """`kg load --bulk` into the empty database: what it printed, the counts and the schema afterwards."""
    result = _kg_load(str(graph_file), "--bulk", "--home", str(server.home))
    constraints, _, _ = driver.execute_query("SHOW CONSTRAINTS YIELD labelsOrTypes, properties")
    indexes, _, _ = driver.execute_query("SHOW INDEXES YIELD name, type, state, options")
    schema = {
        "key_constraints": {record["labelsOrTypes"][0] for record in constraints if record["properties"] == ["key"]},
        "indexes": {record["name"]: record.data() for record in indexes},
    }
    return result, _counts(driver), schema


@pytest.fixture(scope="module")
def refused(server: LocalNeo4j, driver: Driver, graph_file: Path, bulk: Any) -> tuple[Result, bool, Counts]:
    """A second `kg load --bulk` into the now filled database: its result, whether the server ran on throughout
    (same pid), and the counts afterwards."""
    pid = server.running_pid()
    result = _kg_load(str(graph_file), "--bulk", "--home", str(server.home))
    return result, server.running_pid() == pid, _counts(driver)


@pytest.fixture(scope="module")
def loaded(server: LocalNeo4j, driver: Driver, graph: nx.MultiDiGraph, refused: Any) -> Counts:
    """The counts after emptying the database and loading the same graph with `kg load`'s transactions."""
    driver.execute_query("MATCH (n) DETACH DELETE n")
    load_graph(graph, server.settings())
    return _counts(driver)


def test_bulk_load_imports_the_graph_and_prints_its_counts(bulk, graph: nx.MultiDiGraph) -> None:
    result, (labels, types), _ = bulk
    assert result.exit_code == 0, result.output
    assert labels == Counter(label for _, label in graph.nodes(data="label"))
    assert types == Counter(kind for *_, kind in graph.edges(data="type"))
    assert f"imported {graph.number_of_nodes()} nodes and {graph.number_of_edges()} relationships" in result.output
    for name, count in (labels + types).items():
        assert re.search(rf"^  {name} +{count}$", result.output, re.MULTILINE), name


def test_bulk_load_and_kg_load_give_the_same_counts_per_label_and_type(bulk, loaded: Counts) -> None:
    assert bulk[1] == loaded
    assert set(loaded[0]) == set(Label)


def test_bulk_load_creates_kg_constraints_and_indexes(bulk, graph: nx.MultiDiGraph) -> None:
    schema = bulk[2]
    assert schema["key_constraints"] >= set(Label)
    assert schema["indexes"]["paper_text"]["type"] == "FULLTEXT"
    assert schema["indexes"]["paper_embedding"]["options"]["indexConfig"]["vector.dimensions"] == 384
    assert {index["state"] for index in schema["indexes"].values()} == {"ONLINE"}


def test_a_second_bulk_load_is_refused_and_changes_nothing(bulk, refused) -> None:
    result, ran_throughout, counts = refused
    assert result.exit_code == 1
    assert result.output.startswith("Error: ") and len(result.output.strip().splitlines()) == 1
    assert "--bulk only loads into an empty database" in result.output
    assert ran_throughout  # the server was not stopped
    assert counts == bulk[1]


def test_bulk_into_a_local_server_that_is_not_running_says_how_to_start_it(graph_file: Path, tmp_path: Path) -> None:
    result = _kg_load(str(graph_file), "--bulk", "--home", str(tmp_path / "no-server"))
    assert result.exit_code == 1 and len(result.output.strip().splitlines()) == 1
    assert "is not running; start it with `kg neo4j start --home" in result.output
    assert not (tmp_path / "no-server").exists()


@pytest.mark.parametrize("flag", ["--add", "--wipe"])
def test_bulk_with_add_or_wipe_is_a_usage_error(graph_file: Path, flag: str) -> None:
    result = _kg_load(str(graph_file), "--bulk", flag)
    assert result.exit_code == 2 and "--bulk loads into an empty database: drop --add and --wipe" in result.output
