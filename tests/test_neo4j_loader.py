"""The Neo4j loader against the real server: idempotent merges, verbatim text, incremental loads, safe wipes."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.errors import KgError
from kg.graph import read_graph, write_graph
from kg.neo4j.loader import count_kg_nodes, load_graph, wipe_kg_nodes
from kg.neo4j.settings import Neo4jSettings

SMALL_GRAPH = Path(__file__).parent / "data" / "graph" / "small_graph.json"
KG_NODES = "MATCH (n:Paper|Concept|Method|Dataset|Repository|Metric|Author|Category)"


pytestmark = pytest.mark.usefixtures("clean_kg_database")


@pytest.fixture
def graph():
    """A fresh copy of the hand-made graph (tests may change it)."""
    return read_graph(SMALL_GRAPH)


def snapshot(driver, database: str) -> tuple[list, list]:
    """Every kg node (labels, properties) and relationship (endpoint keys, type, properties), sorted."""
    nodes, _, _ = driver.execute_query(
        f"{KG_NODES} RETURN labels(n) AS labels, properties(n) AS properties", database_=database
    )
    relationships, _, _ = driver.execute_query(
        f"{KG_NODES}-[r]->(m) RETURN n.key AS source, type(r) AS type, m.key AS target, properties(r) AS properties",
        database_=database,
    )
    return sorted(map(_in_key_order, nodes)), sorted(map(_in_key_order, relationships))


def _in_key_order(record) -> str:
    """A record as text, its properties sorted by name (Neo4j keeps no order of properties)."""
    return repr({**record.data(), "properties": sorted(record["properties"].items())})


def counts(driver, database: str) -> dict[str, int]:
    """Numbers of kg nodes and relationships and of their properties in Neo4j."""
    records, _, _ = driver.execute_query(
        f"{KG_NODES} OPTIONAL MATCH (n)-[r]->() "
        "RETURN count(DISTINCT n) AS nodes, count(r) AS relationships, sum(size(keys(r))) AS relationship_properties",
        database_=database,
    )
    properties, _, _ = driver.execute_query(
        f"{KG_NODES} RETURN sum(size(keys(n))) AS node_properties", database_=database
    )
    return {**records[0].data(), **properties[0].data()}


def test_loading_twice_leaves_identical_nodes_relationships_and_properties(neo4j_settings, neo4j_driver, graph):
    first = load_graph(graph, neo4j_settings, batch_size=1)
    after_first = snapshot(neo4j_driver, neo4j_settings.database)
    second = load_graph(graph, neo4j_settings)
    assert snapshot(neo4j_driver, neo4j_settings.database) == after_first
    assert (
        counts(neo4j_driver, neo4j_settings.database)["nodes"] == graph.number_of_nodes() == sum(first.nodes.values())
    )
    assert counts(neo4j_driver, neo4j_settings.database)["relationships"] == graph.number_of_edges()
    assert (first.nodes_created, first.relationships_created) == (graph.number_of_nodes(), graph.number_of_edges())
    assert (second.nodes_created, second.relationships_created) == (0, 0)


def test_hostile_titles_round_trip_verbatim(neo4j_settings, neo4j_driver, graph):
    load_graph(graph, neo4j_settings)
    paper = graph.nodes["Paper:2504.13519"]
    records, _, _ = neo4j_driver.execute_query(
        "MATCH (p:Paper {key: $key}) RETURN p.title AS title, p.abstract AS abstract, p.name AS name",
        key="2504.13519",
        database_=neo4j_settings.database,
    )
    assert records[0].data() == {"title": paper["title"], "abstract": paper["abstract"], "name": paper["name"]}
    assert '"}) MATCH (n) DETACH DELETE n //' in records[0]["title"] and "<script>" in records[0]["title"]
    assert count_kg_nodes(neo4j_settings) == graph.number_of_nodes()


def test_lists_stay_lists_and_embeddings_are_indexed_vectors(neo4j_settings, neo4j_driver, graph):
    load_graph(graph, neo4j_settings)
    records, _, _ = neo4j_driver.execute_query(
        "MATCH (m:Method {key: 'llama'}) MATCH (p:Paper {key: '2305.18323'}) "
        "RETURN m.aliases AS aliases, p.authors AS authors, size(p.embedding) AS dimensions",
        database_=neo4j_settings.database,
    )
    assert records[0].data() == {
        "aliases": ["LLaMa", "Large Language Model Meta AI"],
        "authors": ["Binfeng Xu", "Zhiyuan Peng"],
        "dimensions": 384,
    }
    nearest, _, _ = neo4j_driver.execute_query(
        "MATCH (p:Paper {key: '2305.18323'}) "
        "CALL db.index.vector.queryNodes('paper_embedding', 2, p.embedding) YIELD node RETURN node.key AS key",
        database_=neo4j_settings.database,
    )
    assert [record["key"] for record in nearest] == ["2305.18323", "2501.15915"]


def test_schema_has_named_constraints_and_indexes(neo4j_settings, neo4j_driver, graph):
    load_graph(graph, neo4j_settings)
    constraints, _, _ = neo4j_driver.execute_query(
        "SHOW CONSTRAINTS YIELD name, type", database_=neo4j_settings.database
    )
    assert {"paper_key", "concept_key", "method_key", "dataset_key", "repository_key", "metric_key"} <= {
        record["name"] for record in constraints
    }
    indexes, _, _ = neo4j_driver.execute_query(
        "SHOW INDEXES YIELD name, type, options", database_=neo4j_settings.database
    )
    by_name = {record["name"]: record for record in indexes}
    assert by_name["paper_text"]["type"] == "FULLTEXT"
    assert by_name["paper_embedding"]["type"] == "VECTOR"
    assert by_name["paper_embedding"]["options"]["indexConfig"]["vector.dimensions"] == 384


def _with_a_later_paper(graph):
    """A copy of `graph` with one more paper and its MENTIONS link."""
    larger = copy.deepcopy(graph)
    larger.add_node(
        "Paper:2504.99999",
        label="Paper",
        key="2504.99999",
        name="A later paper",
        title="A later paper",
        aliases=[],
        degree=1,
    )
    larger.add_edge(
        "Paper:2504.99999", "Concept:reasoning", key="MENTIONS", type="MENTIONS", score=0.5, evidence="reasoning"
    )
    return larger


def test_a_larger_graph_adds_and_the_smaller_one_again_removes_exactly_that(neo4j_settings, neo4j_driver, graph):
    load_graph(graph, neo4j_settings)
    before = snapshot(neo4j_driver, neo4j_settings.database)
    grown = load_graph(_with_a_later_paper(graph), neo4j_settings)
    after = snapshot(neo4j_driver, neo4j_settings.database)
    assert (len(after[0]), len(after[1])) == (len(before[0]) + 1, len(before[1]) + 1)
    assert (grown.nodes_created, grown.relationships_created, grown.nodes_removed) == (1, 1, 0)
    shrunk = load_graph(graph, neo4j_settings)
    assert snapshot(neo4j_driver, neo4j_settings.database) == before
    assert (shrunk.nodes_removed, shrunk.relationships_removed, shrunk.nodes_created) == (1, 1, 0)


def test_an_additive_load_keeps_what_its_graph_lacks(neo4j_settings, neo4j_driver, graph):
    load_graph(_with_a_later_paper(graph), neo4j_settings)
    report = load_graph(graph, neo4j_settings, add=True)
    assert (report.nodes_removed, report.relationships_removed) == (0, 0)
    kept, _, _ = neo4j_driver.execute_query(
        "MATCH (:Paper {key: '2504.99999'})-[r:MENTIONS]->(:Concept {key: 'reasoning'}) RETURN count(r) AS links",
        database_=neo4j_settings.database,
    )
    assert kept[0]["links"] == 1
    assert count_kg_nodes(neo4j_settings) == graph.number_of_nodes() + 1


def test_wipe_deletes_only_nodes_with_kg_labels(neo4j_settings, neo4j_driver, graph):
    neo4j_driver.execute_query(
        "CREATE (:Other {name: 'keep me'})-[:KNOWS]->(:Other {name: 'and me'})", database_=neo4j_settings.database
    )
    load_graph(graph, neo4j_settings)
    assert wipe_kg_nodes(neo4j_settings, batch_size=2) == graph.number_of_nodes()
    assert count_kg_nodes(neo4j_settings) == 0
    others, _, _ = neo4j_driver.execute_query(
        "MATCH (a:Other)-[:KNOWS]->(b:Other) RETURN a.name AS a, b.name AS b", database_=neo4j_settings.database
    )
    assert [record.data() for record in others] == [{"a": "keep me", "b": "and me"}]


def test_a_batch_neo4j_refuses_says_how_far_the_load_got_and_that_loading_again_will_not_help(neo4j_settings, graph):
    graph.nodes["Concept:reasoning"]["aliases"] = [{"a map": "Neo4j cannot store"}]
    with pytest.raises(KgError) as failure:
        load_graph(graph, neo4j_settings)
    message = str(failure.value)
    papers = sum(1 for _, label in graph.nodes(data="label") if label == "Paper")  # Papers load first, then Concepts
    rows = graph.number_of_nodes() + graph.number_of_edges()
    assert f"stopped after {papers} of {rows} rows (at Concept)" in message
    assert message.endswith("so loading it again will not help: rebuild it with `kg build`")  # its data, not a fault
    assert "\n" not in message


def test_embeddings_of_another_dimension_are_refused_before_writing(neo4j_settings, graph):
    load_graph(graph, neo4j_settings)
    wipe_kg_nodes(neo4j_settings)
    for _, data in graph.nodes(data=True):
        if "embedding" in data:
            data["embedding"] = data["embedding"][:8]
    with pytest.raises(KgError, match="paper_embedding has 384 dimensions but this graph's embeddings have 8"):
        load_graph(graph, neo4j_settings)
    assert count_kg_nodes(neo4j_settings) == 0


def test_unreachable_neo4j_is_one_line_naming_the_uri_not_the_password(graph):
    settings = Neo4jSettings(uri="bolt://127.0.0.1:1", password="s3cret-password")
    with pytest.raises(KgError) as failure:
        load_graph(graph, settings)
    assert "bolt://127.0.0.1:1" in str(failure.value) and "s3cret-password" not in str(failure.value)


def test_kg_load_cli_reports_counts_and_wipe_asks_first(neo4j_settings, neo4j_driver, tmp_path, graph):
    path = tmp_path / "graph.json"
    write_graph(graph, path)
    runner = CliRunner()
    loaded = runner.invoke(main, ["load", str(path), "--batch-size", "5"])
    assert loaded.exit_code == 0, loaded.output
    assert f"loaded {graph.number_of_nodes()} nodes and {graph.number_of_edges()} relationships" in loaded.output
    declined = runner.invoke(main, ["load", str(path), "--wipe"], input="n\n")
    assert declined.exit_code != 0 and f"Delete {graph.number_of_nodes()} nodes" in declined.output
    assert count_kg_nodes(neo4j_settings) == graph.number_of_nodes()
    neo4j_driver.execute_query("CREATE (:Other {name: 'survivor'})", database_=neo4j_settings.database)
    wiped = runner.invoke(main, ["load", str(path), "--wipe", "--yes"])
    assert wiped.exit_code == 0, wiped.output
    assert count_kg_nodes(neo4j_settings) == graph.number_of_nodes()
    survivors, _, _ = neo4j_driver.execute_query(
        "MATCH (n:Other) RETURN count(n) AS n", database_=neo4j_settings.database
    )
    assert survivors[0]["n"] == 1


def test_kg_load_of_a_file_that_is_not_a_graph_fails_in_one_line(tmp_path):
    path = tmp_path / "notes.json"
    path.write_text('{"hello": "world"}', encoding="utf-8")
    result = CliRunner().invoke(main, ["load", str(path)])
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        f"Error: {path} is not a kg graph file (no graph.schema/kg_version); build one with `kg build SOURCES -o {path}`"
    ]


def test_a_node_with_a_label_kg_does_not_know_is_refused_before_writing(neo4j_settings, graph):
    graph.add_node("Reviewer:ada", label="Reviewer", key="ada", name="Ada", aliases=[], degree=0)
    with pytest.raises(KgError, match="node 'Reviewer:ada' has label/type 'Reviewer', which kg does not load"):
        load_graph(graph, neo4j_settings)
    assert count_kg_nodes(neo4j_settings) == 0


def test_an_auth_failure_is_one_line_naming_the_uri_not_the_password(neo4j_settings, graph):
    settings = Neo4jSettings(
        uri=neo4j_settings.uri, user="kg-test-nobody", password="wrong-password-123", database=neo4j_settings.database
    )
    with pytest.raises(KgError) as failure:
        load_graph(graph, settings)
    message = str(failure.value)
    assert neo4j_settings.uri in message and "authentication failed" in message
    assert "wrong-password-123" not in message and "\n" not in message
