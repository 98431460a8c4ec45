"""Neo4j faults with real processes: the server killed mid-load and restarted, and two loads at once.

The tests run `kg load` as subprocesses against a scratch Neo4j of their own (a second server on
free ports, sharing the jars through KG_NEO4J_LIB), so they can SIGKILL it, restart it and drop its
schema without touching the suite's server. The graphs of thousands of papers are assembled by
kg's own `build_graph` from synthetic analyses (no model needed).
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import networkx as nx
import pytest
from neo4j import Driver, GraphDatabase

from kg.neo4j.server.home import USER, default_jars
from kg.neo4j.server.local import LocalNeo4j
from kg.neo4j.server.ports import pick_free_port
from kg.records import Label
from tests.synthetic_graphs import write_synthetic_graph
from tests.waiting import wait_until

PAPERS = 1200  # enough batches (of 100) that the kill lands mid-load
LOAD_SECONDS = 600  # generous bound for one `kg load` subprocess; a hang fails instead of blocking the suite


@pytest.fixture(scope="module")
def scratch_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalNeo4j]:
    """A second, running local Neo4j that these tests may kill, restart and re-schema; stopped at the end."""
    server = LocalNeo4j(
        home=tmp_path_factory.mktemp("neo4j-faults"),
        bolt_port=pick_free_port(),
        http_port=pick_free_port(),
        jars=default_jars(),
    )
    server.start()
    try:
        yield server
    finally:
        server.stop()


def kg_load(server: LocalNeo4j, graph_file: Path, batch_size: int, *options: str) -> subprocess.Popen[str]:
    """Start `kg load GRAPH_FILE [OPTIONS]` against `server` as a separate process (credentials in its environment)."""
    environment = {
        **os.environ,
        "NEO4J_URI": server.bolt_uri,
        "NEO4J_USERNAME": USER,
        "NEO4J_PASSWORD": server.stored_password() or "",
    }
    return subprocess.Popen(
        [sys.executable, "-m", "kg", "load", str(graph_file), "--batch-size", str(batch_size), *options],
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def driver_for(server: LocalNeo4j) -> Driver:
    """A driver for `server` (notifications off: the tests query labels that may not exist yet)."""
    return GraphDatabase.driver(
        server.bolt_uri, auth=(USER, server.stored_password()), notifications_min_severity="OFF"
    )


def clear_database(server: LocalNeo4j, drop_schema: bool = False) -> None:
    """Delete every node (and relationship); with `drop_schema` also every constraint and index."""
    with driver_for(server) as driver:
        with driver.session() as session:  # CALL ... IN TRANSACTIONS needs an auto-commit transaction
            session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS").consume()
        if drop_schema:
            for record in driver.execute_query("SHOW CONSTRAINTS YIELD name").records:
                driver.execute_query("DROP CONSTRAINT $name", name=record["name"])
            for record in driver.execute_query("SHOW INDEXES YIELD name, type WHERE type <> 'LOOKUP'").records:
                driver.execute_query("DROP INDEX $name", name=record["name"])


def paper_count(server: LocalNeo4j) -> int:
    """How many Paper nodes the server holds right now."""
    with driver_for(server) as driver:
        return driver.execute_query("MATCH (n:Paper) RETURN count(n) AS n").records[0]["n"]


def snapshot(server: LocalNeo4j) -> tuple[list[str], list[str]]:
    """Every node (labels, full property map) and relationship (endpoint keys, type, properties), as sorted reprs."""
    with driver_for(server) as driver:
        nodes = driver.execute_query("MATCH (n) RETURN labels(n) AS labels, properties(n) AS properties").records
        relationships = driver.execute_query(
            "MATCH (a)-[r]->(b) RETURN labels(a) AS a, a.key AS source, type(r) AS type, b.key AS target, properties(r) AS properties"
        ).records
    return sorted(repr(record.data()) for record in nodes), sorted(repr(record.data()) for record in relationships)


def counts(server: LocalNeo4j) -> tuple[Counter[str], Counter[str]]:
    """Nodes per label and relationships per type in Neo4j."""
    with driver_for(server) as driver:
        nodes = driver.execute_query("MATCH (n) UNWIND labels(n) AS label RETURN label, count(*) AS n").records
        relationships = driver.execute_query("MATCH ()-[r]->() RETURN type(r) AS type, count(*) AS n").records
    return Counter({r["label"]: r["n"] for r in nodes}), Counter({r["type"]: r["n"] for r in relationships})


def graph_counts(graph: nx.MultiDiGraph) -> tuple[Counter[str], Counter[str]]:
    """Nodes per label and edges per type in a kg graph."""
    return Counter(label for _, label in graph.nodes(data="label")), Counter(
        kind for _, _, kind in graph.edges(data="type")
    )


def test_neo4j_killed_mid_load_then_restarted_and_reloaded_equals_a_clean_load(scratch_server, tmp_path):
    graph_file = tmp_path / "graph.json"
    graph = write_synthetic_graph(graph_file, PAPERS)
    total_rows = graph.number_of_nodes() + graph.number_of_edges()
    clear_database(scratch_server)

    loading = kg_load(scratch_server, graph_file, batch_size=100)
    wait_until(
        lambda: loading.poll() is not None or paper_count(scratch_server) >= PAPERS // 3,
        "a third of the papers",
        LOAD_SECONDS,
    )
    assert loading.poll() is None, "the load finished before the server could be killed part-way"
    os.kill(scratch_server.running_pid(), signal.SIGKILL)

    _, error = loading.communicate(timeout=LOAD_SECONDS)
    assert loading.returncode == 1
    lines = error.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in error, error
    reported = re.fullmatch(
        r"Error: load into neo4j://127\.0\.0\.1:\d+ stopped after ([\d,]+) of ([\d,]+) rows \(at \w+\): "
        r"lost the connection to Neo4j \(the server stopped or the network failed\); re-running `kg load` is safe \(it merges by key\)",
        lines[0],
    )
    assert reported is not None, lines[0]
    done, total = (int(number.replace(",", "")) for number in reported.groups())
    assert total == total_rows and done < total

    scratch_server.start()
    assert sum(counts(scratch_server)[0].values()) < graph.number_of_nodes()  # the interrupted load really was partial
    rerun = kg_load(scratch_server, graph_file, batch_size=100)
    output, error = rerun.communicate(timeout=LOAD_SECONDS)
    assert rerun.returncode == 0, error
    assert f"loaded {graph.number_of_nodes()} nodes and {graph.number_of_edges()} relationships" in output
    recovered = snapshot(scratch_server)

    clear_database(scratch_server)
    clean = kg_load(scratch_server, graph_file, batch_size=1000)
    assert clean.wait(timeout=LOAD_SECONDS) == 0
    assert counts(scratch_server) == graph_counts(graph)
    assert recovered == snapshot(scratch_server)


def test_two_concurrent_loads_of_overlapping_graphs_leave_no_duplicates(scratch_server, tmp_path):
    first = write_synthetic_graph(tmp_path / "first.json", 2000, first=0, seed=1)
    second = write_synthetic_graph(
        tmp_path / "second.json", 2000, first=1000, seed=2
    )  # papers 1000-1999 and every entity in both
    clear_database(scratch_server, drop_schema=True)  # both loads also race to create the constraints and indexes

    loads = [kg_load(scratch_server, tmp_path / name, 50, "--add") for name in ("first.json", "second.json")]
    wait_until(
        lambda: paper_count(scratch_server) > 0 or any(load.poll() is not None for load in loads),
        "the first papers",
        LOAD_SECONDS,
    )
    ended = [load.communicate()[1] for load in loads if load.poll() is not None]
    assert not ended, f"a load ended before the other one started writing: {ended}"
    for load in loads:
        _, error = load.communicate(timeout=LOAD_SECONDS)
        assert load.returncode == 0, error

    with driver_for(scratch_server) as driver:
        for label in Label:
            keys = driver.execute_query(
                f"MATCH (n:{label.value}) RETURN count(n.key) AS keys, count(DISTINCT n.key) AS distinct_keys"
            ).records[0]
            assert keys["keys"] == keys["distinct_keys"], label
        repeated = driver.execute_query(
            "MATCH (a)-[r]->(b) WITH a, type(r) AS type, b, count(r) AS copies WHERE copies > 1 RETURN count(*) AS n"
        ).records[0]["n"]
    assert repeated == 0
    # Both are additive: every node of both graphs stays, and every link is one of the two graphs' links
    # (a paper in both ends with the links of whichever load wrote it last, or some of each).
    union = nx.compose(first, second)  # nodes by id, edges by (source, target, type)
    node_counts, _ = counts(scratch_server)
    assert node_counts == graph_counts(union)[0]
    with driver_for(scratch_server) as driver:
        links = driver.execute_query(
            "MATCH (a)-[r]->(b) RETURN a.key AS source, type(r) AS type, b.key AS target"
        ).records
    keys = dict(union.nodes(data="key"))
    allowed = {(keys[source], kind, keys[target]) for source, target, kind in union.edges(data="type")}
    assert {(link["source"], link["type"], link["target"]) for link in links} <= allowed
