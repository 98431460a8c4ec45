"""Authors and arXiv categories as nodes, papers' dates as Neo4j dates: built from a real arXiv Atom feed."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest

from kg.build import build_knowledge_graph
from kg.graph.bibliography import author_key
from kg.neo4j.library import find_cypher_file, run_query
from kg.neo4j.loader import load_graph
from kg.sources import read_papers

FEED = Path(__file__).parent / "data" / "sources" / "arxiv_query.xml"


@pytest.fixture(scope="module")
def graph(tmp_path_factory: pytest.TempPathFactory) -> nx.MultiDiGraph:
    return build_knowledge_graph([FEED], tmp_path_factory.mktemp("feed") / "graph.json").graph


@pytest.mark.parametrize(
    ("one", "other", "same"),
    [
        ("John  Smith", "john smith", True),  # case and spaces only
        ("Ｊｏｈｎ Smith", "John Smith", True),  # full-width letters (NFKC)
        ("J. Smith", "John Smith", False),  # an initial could be anyone
        ("Müller", "Muller", False),  # accents are part of the name
        ("Smith, John", "John Smith", False),
    ],
)
def test_author_names_merge_conservatively(one: str, other: str, same: bool) -> None:
    assert (author_key(one) == author_key(other)) is same


def test_every_author_and_arxiv_category_of_the_feed_is_a_node_with_its_position(graph: nx.MultiDiGraph) -> None:
    papers = list(read_papers([FEED]))
    for paper in papers:
        node = f"Paper:{paper.id}"
        bylines = sorted(
            (data["position"], graph.nodes[source]["name"])
            for source, _, data in graph.in_edges(node, data=True)
            if data["type"] == "AUTHORED"
        )
        assert bylines == list(enumerate(paper.authors, 1))
        listed = sorted(
            (data["position"], graph.nodes[target]["code"])
            for _, target, data in graph.out_edges(node, data=True)
            if data["type"] == "IN_CATEGORY"
        )
        assert listed == list(enumerate(paper.categories, 1))
    assert graph.nodes["Category:eess.IV"]["name"] == "Image and Video Processing"
    authors = {author_key(name) for paper in papers for name in paper.authors}
    assert {data["key"] for _, data in graph.nodes(data=True) if data["label"] == "Author"} == authors


def test_in_neo4j_dates_are_dates_and_coauthors_are_one_query_away(
    graph: nx.MultiDiGraph, neo4j_settings, neo4j_driver, clean_kg_database
) -> None:
    load_graph(graph, neo4j_settings)
    records, _, _ = neo4j_driver.execute_query(
        "MATCH (paper:Paper) RETURN paper.key AS key, paper.published IS :: DATE AS is_date, "
        "toString(paper.published) AS published",
        database_=neo4j_settings.database,
    )
    assert all(record["is_date"] for record in records)
    assert {record["key"]: record["published"] for record in records} == {
        paper.id: paper.published for paper in read_papers([FEED])
    }
    result = run_query(neo4j_settings, find_cypher_file("coauthors"), {"author": "Binfeng Xu", "limit": 100})
    coauthors = {row[0] for row in result.rows}
    assert "Zhiyuan Peng" in coauthors and "Binfeng Xu" not in coauthors
    newest = run_query(neo4j_settings, find_cypher_file("new_papers"), {"since": "2025-04-01", "limit": 100})
    assert {row[1] for row in newest.rows} == {p.published for p in read_papers([FEED]) if p.published >= "2025-04-01"}
