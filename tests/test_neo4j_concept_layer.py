"""The concept layer in Neo4j: papers_about walks BROADER exactly as the topic contract does, concept_tree shows it."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import networkx as nx
import pytest

from kg.build import build_knowledge_graph
from kg.evaluate.topics import graph_topic_papers, read_topic_gold
from kg.neo4j.library import find_cypher_file, run_query
from kg.neo4j.loader import load_graph, wipe_kg_nodes
from kg.records import Label, Relation

TOPICS = Path(__file__).parent / "data" / "topics"
GOLD = read_topic_gold(TOPICS / "topic_gold.json")


@pytest.fixture(scope="module")
def topic_graph(tmp_path_factory) -> nx.MultiDiGraph:
    """The graph of the first 60 papers of the topic gold."""
    folder = tmp_path_factory.mktemp("topics")
    papers = folder / "papers.jsonl"
    with (TOPICS / "papers.jsonl").open(encoding="utf-8") as lines:
        papers.write_text("".join(itertools.islice(lines, 60)), encoding="utf-8")
    return build_knowledge_graph([papers], folder / "graph.json").graph


@pytest.fixture(scope="module")
def loaded(topic_graph, neo4j_settings):
    wipe_kg_nodes(neo4j_settings)
    load_graph(topic_graph, neo4j_settings)
    yield neo4j_settings
    wipe_kg_nodes(neo4j_settings)


def test_papers_about_returns_what_the_topic_contract_walks_for_every_topic(topic_graph, loaded):
    query = find_cypher_file("papers_about")
    walked_any = 0
    for topic in GOLD.topics:
        rows = run_query(loaded, query, {"topic": topic, "limit": 1000}).rows
        expected = graph_topic_papers(topic_graph, topic)
        assert {row[0] for row in rows} == expected, topic
        walked_any += bool(expected)
    assert walked_any >= 10


def test_papers_about_finds_a_topic_by_its_acronym_and_ranks_the_strongest_link_first(topic_graph, loaded):
    query = find_cypher_file("papers_about")
    by_acronym = run_query(loaded, query, {"topic": "LLMs", "limit": 1000}).rows
    assert {row[0] for row in by_acronym} == graph_topic_papers(topic_graph, "large language model") != set()
    scores = [row[2] for row in by_acronym]
    assert scores == sorted(scores, reverse=True)


def test_concept_tree_shows_the_broader_chain_up_to_the_area_and_the_narrower_concepts(loaded):
    rows = run_query(loaded, find_cypher_file("concept_tree"), {"concept": "LLM", "depth": 2}).rows
    broader = {row[3] for row in rows if row[1] == "broader"}
    assert {"language model", "natural language processing"} <= broader
    assert any(row[1] == "narrower" for row in rows)


def test_every_paper_is_about_an_area_and_its_mentions_are_ranked_from_one(topic_graph):
    for node, data in topic_graph.nodes(data=True):
        if data["label"] != Label.PAPER:
            continue
        about = [target for _, target, kind in topic_graph.out_edges(node, data="type") if kind == Relation.ABOUT]
        assert any(topic_graph.nodes[target].get("kind") == "area" for target in about), data["key"]
        ranks = sorted(
            link["rank"] for _, _, link in topic_graph.out_edges(node, data=True) if link["type"] == Relation.MENTIONS
        )
        assert ranks == list(range(1, len(ranks) + 1))


def test_the_broader_edges_form_no_cycle(topic_graph):
    broader = nx.DiGraph(
        (source, target) for source, target, kind in topic_graph.edges(data="type") if kind == Relation.BROADER
    )
    assert broader.number_of_edges() > 50 and nx.is_directed_acyclic_graph(broader)


def test_the_graph_file_round_trips_the_new_attributes(topic_graph, tmp_path):
    from kg.graph import read_graph, write_graph

    path = tmp_path / "graph.json"
    write_graph(topic_graph, path)
    again = read_graph(path)
    assert sorted(again.edges(keys=True)) == sorted(topic_graph.edges(keys=True))
    assert json.dumps(dict(again.nodes(data=True)), sort_keys=True, default=str) == json.dumps(
        dict(topic_graph.nodes(data=True)), sort_keys=True, default=str
    )
