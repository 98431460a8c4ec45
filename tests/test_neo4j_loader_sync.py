"""Load = sync, against the real Neo4j: after `kg load B` the kg part of the database equals B.

A is 300 synthetic papers, B 150 of them (and none of A's first 100 or last 50) with other
embeddings, so other SIMILAR_TO and RELATED_TO links; nodes without kg's labels must survive.
"""

from __future__ import annotations

import signal
import subprocess
import sys
from collections import Counter
from pathlib import Path

import networkx as nx
import pytest

from kg.neo4j.cypher import load_id, merge_row_groups
from kg.neo4j.loader import load_graph
from kg.records import Label
from tests.synthetic_graphs import write_synthetic_graph
from tests.waiting import wait_until

KG_NODES = f"MATCH (n:{'|'.join(label.value for label in Label)})"
SECONDS = 300


pytestmark = pytest.mark.usefixtures("clean_kg_database")


@pytest.fixture
def graphs(tmp_path: Path) -> tuple[nx.MultiDiGraph, nx.MultiDiGraph, Path]:
    """Graph A, graph B and B's graph.json."""
    a = write_synthetic_graph(tmp_path / "a.json", 300, first=0, seed=1)
    b = write_synthetic_graph(tmp_path / "b.json", 150, first=100, seed=2)
    return a, b, tmp_path / "b.json"


def graph_state(graph: nx.MultiDiGraph) -> tuple[set, set]:
    """Every (label, key) node and (type, source key, target key) relationship of a graph."""
    nodes = {(data["label"], data["key"]) for _, data in graph.nodes(data=True)}
    keys = dict(graph.nodes(data="key"))
    relationships = {(data["type"], keys[source], keys[target]) for source, target, data in graph.edges(data=True)}
    return nodes, relationships


def database_state(driver, database: str) -> tuple[set, set]:
    """The same for the kg part of the database (every relationship starting at a kg node)."""
    nodes, _, _ = driver.execute_query(f"{KG_NODES} RETURN labels(n)[0] AS label, n.key AS key", database_=database)
    relationships, _, _ = driver.execute_query(
        f"{KG_NODES}-[r]->(m) RETURN type(r) AS type, n.key AS source, m.key AS target", database_=database
    )
    return {(r["label"], r["key"]) for r in nodes}, {(r["type"], r["source"], r["target"]) for r in relationships}


def per_kind(state: tuple[set, set]) -> tuple[Counter, Counter]:
    """Counts per label and per relationship type."""
    return Counter(label for label, _ in state[0]), Counter(kind for kind, _, _ in state[1])


def add_other_data(driver, database: str) -> None:
    """Nodes without kg's labels, one of them pointing at a paper both graphs have."""
    driver.execute_query(
        "CREATE (:Other {name: 'reading list'})-[:KNOWS]->(:Other {name: 'me'}) "
        "WITH 1 AS one MATCH (paper:Paper {key: '2504.00150'}) CREATE (:Other {name: 'note'})-[:ON]->(paper)",
        database_=database,
    )


def other_data(driver, database: str) -> tuple[int, int]:
    """(:Other nodes, relationships from :Other nodes)."""
    records, _, _ = driver.execute_query(
        "MATCH (o:Other) OPTIONAL MATCH (o)-[r]->() RETURN count(DISTINCT o) AS nodes, count(r) AS links",
        database_=database,
    )
    return records[0]["nodes"], records[0]["links"]


def test_loading_b_after_a_leaves_exactly_b_and_every_other_node(neo4j_settings, neo4j_driver, graphs):
    a, b, _ = graphs
    load_graph(a, neo4j_settings)
    add_other_data(neo4j_driver, neo4j_settings.database)
    report = load_graph(b, neo4j_settings)
    state = database_state(neo4j_driver, neo4j_settings.database)
    assert per_kind(state) == per_kind(graph_state(b))
    assert state == graph_state(b)  # no node or link of A alone remains
    assert other_data(neo4j_driver, neo4j_settings.database) == (3, 2)
    assert report.nodes_removed == len(graph_state(a)[0] - graph_state(b)[0])
    assert report.nodes_created == len(graph_state(b)[0] - graph_state(a)[0])
    assert report.nodes_changed > 0  # degrees and metrics of the papers both graphs have


def test_an_interrupted_sync_run_again_leaves_exactly_b(neo4j_settings, neo4j_driver, graphs):
    a, b, b_file = graphs
    load_graph(a, neo4j_settings)
    stamp = load_id(merge_row_groups(b))
    loading = subprocess.Popen(
        [sys.executable, "-m", "kg", "load", str(b_file), "--batch-size", "5"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )

    def written_by_b() -> int:
        records, _, _ = neo4j_driver.execute_query(
            f"{KG_NODES} WHERE n.kg_load = $stamp RETURN count(n) AS nodes",
            {"stamp": stamp},
            database_=neo4j_settings.database,
        )
        return records[0]["nodes"]

    wait_until(lambda: written_by_b() > 0 or loading.poll() is not None, "the load to write part of B", SECONDS)
    loading.send_signal(signal.SIGKILL)
    loading.wait(timeout=SECONDS)
    assert database_state(neo4j_driver, neo4j_settings.database) != graph_state(b), "the load was not stopped part-way"

    load_graph(b, neo4j_settings)
    assert database_state(neo4j_driver, neo4j_settings.database) == graph_state(b)


def test_an_additive_load_keeps_the_rest_and_gives_its_papers_exactly_its_links(neo4j_settings, neo4j_driver, graphs):
    a, b, _ = graphs
    load_graph(a, neo4j_settings)
    report = load_graph(b, neo4j_settings, add=True)
    nodes, relationships = database_state(neo4j_driver, neo4j_settings.database)
    assert nodes == graph_state(a)[0] | graph_state(b)[0]
    assert report.nodes_removed == 0
    b_papers = {key for label, key in graph_state(b)[0] if label == "Paper"}
    b_links = {link for link in graph_state(b)[1] if link[1] in b_papers}
    assert {link for link in relationships if link[1] in b_papers} == b_links
    a_only = {key for label, key in graph_state(a)[0] if label == "Paper"} - b_papers
    assert {link for link in relationships if link[1] in a_only} == {
        link for link in graph_state(a)[1] if link[1] in a_only
    }
