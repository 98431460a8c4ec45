"""Wrong-target safety: `kg load --wipe` asks first, deletes only nodes with kg's labels, and loads leave other data alone.

Real `kg load` processes against the suite's Neo4j, which also holds `:Other` data that is not kg's:
two linked `:Other` nodes, one `:Other` node sharing a Paper's key, and one linked to a kg node.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from kg.graph import read_graph
from kg.neo4j.loader import count_kg_nodes, load_graph, wipe_kg_nodes

SMALL_GRAPH = Path(__file__).parent / "data" / "graph" / "small_graph.json"
SECONDS = 300
OTHER_DATA = """
MATCH (paper:Paper {key: $paper})
CREATE (:Other {name: 'alice'})-[:KNOWS {since: 2020}]->(:Other {name: 'bob'})
CREATE (:Other {name: 'same key as a paper', key: $paper})
CREATE (:Other {name: 'cites a kg paper'})-[:CITES]->(paper)
"""
OTHER_SNAPSHOT = """
MATCH (n:Other)
OPTIONAL MATCH (n)-[r]->(m:Other)
RETURN labels(n) AS labels, properties(n) AS properties, type(r) AS type, properties(r) AS link, m.name AS to
ORDER BY n.name
"""


@pytest.fixture
def other_data(neo4j_settings, neo4j_driver) -> Iterator[list[dict]]:
    """The small graph loaded next to `:Other` data; yields the `:Other` snapshot; removes both afterwards."""
    wipe_kg_nodes(neo4j_settings)
    load_graph(read_graph(SMALL_GRAPH), neo4j_settings)
    paper = next(
        node["key"] for node in json.loads(SMALL_GRAPH.read_text(encoding="utf-8"))["nodes"] if node["label"] == "Paper"
    )
    neo4j_driver.execute_query(OTHER_DATA, paper=paper, database_=neo4j_settings.database)
    yield other_snapshot(neo4j_settings, neo4j_driver)
    wipe_kg_nodes(neo4j_settings)
    neo4j_driver.execute_query("MATCH (n:Other) DETACH DELETE n", database_=neo4j_settings.database)


def other_snapshot(neo4j_settings, neo4j_driver) -> list[dict]:
    """Every `:Other` node with its labels, properties and links to other `:Other` nodes."""
    records, _, _ = neo4j_driver.execute_query(OTHER_SNAPSHOT, database_=neo4j_settings.database)
    return [record.data() for record in records]


def kg_load_wipe(answer: str | None) -> subprocess.CompletedProcess[str]:
    """`kg load SMALL_GRAPH --wipe` as a process, with `answer` typed at the confirmation (None: --yes)."""
    arguments = ["load", str(SMALL_GRAPH), "--wipe"] + (["--yes"] if answer is None else [])
    return subprocess.run(
        [sys.executable, "-m", "kg", *arguments], input=answer or "", capture_output=True, text=True, timeout=SECONDS
    )


@pytest.mark.parametrize("answer", ["n\n", ""], ids=["answered no", "no answer (end of input)"])
def test_wipe_deletes_nothing_unless_confirmed(neo4j_settings, neo4j_driver, other_data, answer) -> None:
    nodes = count_kg_nodes(neo4j_settings)
    result = kg_load_wipe(answer)
    assert result.returncode == 1
    assert (
        f"Delete {nodes} nodes labelled Paper/Concept/Method/Dataset/Repository/Metric/Author/Category in {neo4j_settings.describe()}? [y/N]"
        in result.stdout
    )
    assert result.stderr.strip() == "Aborted!"
    assert count_kg_nodes(neo4j_settings) == nodes
    assert other_snapshot(neo4j_settings, neo4j_driver) == other_data


@pytest.mark.parametrize("answer", ["y\n", None], ids=["answered yes", "--yes"])
def test_wipe_and_load_leave_other_labels_their_links_and_their_properties(
    neo4j_settings, neo4j_driver, other_data, answer
) -> None:
    result = kg_load_wipe(answer)
    assert result.returncode == 0, result.stderr
    assert f"deleted {len(read_graph(SMALL_GRAPH))} kg nodes" in result.stderr
    assert other_snapshot(neo4j_settings, neo4j_driver) == other_data  # incl. the :Other node holding a Paper's key
    cites, _, _ = neo4j_driver.execute_query(
        "MATCH (n:Other {name: 'cites a kg paper'}) OPTIONAL MATCH (n)-[r]->() RETURN count(n) AS nodes, count(r) AS links",
        database_=neo4j_settings.database,
    )
    assert cites[0].data() == {"nodes": 1, "links": 0}  # it stays; its link went with the kg node it pointed to
    assert count_kg_nodes(neo4j_settings) == len(read_graph(SMALL_GRAPH))
