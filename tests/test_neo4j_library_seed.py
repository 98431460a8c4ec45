"""Every library query on the real seed listing (built with kg build, loaded into Neo4j) agrees with graph.json.

Each expected answer is computed independently from the graph file with networkx; the brief's known
facts of the seed are asserted too (Filter2Noise has its code on GitHub, ReWOO evaluates on HotpotQA).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import networkx as nx
import pytest

from kg.build import build_knowledge_graph
from kg.neo4j.library import find_cypher_file, list_library, run_query
from kg.neo4j.loader import load_graph, wipe_kg_nodes
from tests.databases import wipe_kg_nodes_and_vector_index

REPO = Path(__file__).resolve().parent.parent
SEED = REPO / "seeds" / "hf-trending-papers-apr22.txt"
BIG = 10_000  # a limit larger than any seed answer


@pytest.fixture(scope="module")
def graph(neo4j_settings, tmp_path_factory) -> nx.MultiDiGraph:
    """The seed listing built with kg build and loaded into Neo4j, once for the module."""
    built = build_knowledge_graph([SEED], tmp_path_factory.mktemp("seed") / "graph.json").graph
    wipe_kg_nodes_and_vector_index(neo4j_settings)
    load_graph(built, neo4j_settings)
    yield built
    wipe_kg_nodes(neo4j_settings)


@pytest.fixture(scope="module")
def ask(neo4j_settings):
    """A function running a library query with parameters, giving rows as dicts."""

    def run(name: str, **params) -> list[dict]:
        """Rows of library query `name` as dicts."""
        result = run_query(neo4j_settings, find_cypher_file(name), params)
        return [dict(zip(result.columns, row)) for row in result.rows]

    return run


def titled(graph: nx.MultiDiGraph, prefix: str) -> str:
    """The node id of the paper whose title starts with `prefix`."""
    return next(
        node for node, data in graph.nodes(data=True) if data["label"] == "Paper" and data["title"].startswith(prefix)
    )


def linked(graph: nx.MultiDiGraph, relation: str) -> list[tuple[str, str]]:
    """(source, target) of every edge of one relationship type."""
    return [(source, target) for source, target, kind in graph.edges(data="type") if kind == relation]


def matches(data: dict, text: str) -> bool:
    """Whether `text` is the node's key, name or an alias, ignoring case (as the queries match)."""
    return text.lower() in {data["key"], data["name"].lower(), *(alias.lower() for alias in data["aliases"])}


def title(graph: nx.MultiDiGraph, node: str) -> str:
    """A paper node's title."""
    return graph.nodes[node]["title"]


def test_every_library_query_is_checked_here():
    checked = {
        name.removeprefix("test_")
        for name in globals()
        if name.startswith("test_") and name != "test_every_library_query_is_checked_here"
    }
    assert {item.name for item in list_library()} <= checked


def test_schema(graph, ask):
    assert ask("schema") == []


def test_top_concepts(graph, ask):
    mentions = Counter(graph.nodes[target]["name"] for _, target in linked(graph, "MENTIONS"))
    rows = ask("top_concepts", limit=5)
    assert [row["papers"] for row in rows] == sorted(mentions.values(), reverse=True)[:5]
    assert all(mentions[row["concept"]] == row["papers"] for row in rows)


def test_papers_proposing_method(graph, ask):
    expected = {
        (graph.nodes[m]["name"], title(graph, p))
        for p, m in linked(graph, "PROPOSES")
        if matches(graph.nodes[m], "ReWOO")
    }
    rows = ask("papers_proposing_method", method="ReWOO")
    assert {(row["method"], row["paper"]) for row in rows} == expected
    assert title(graph, titled(graph, "ReWOO:")) in {row["paper"] for row in rows}
    everything = ask("papers_proposing_method", method=None)
    assert len(everything) == len(linked(graph, "PROPOSES"))


def test_methods_on_dataset(graph, ask):
    evaluating = {p for p, d in linked(graph, "EVALUATES_ON") if matches(graph.nodes[d], "HotpotQA")}
    assert titled(graph, "ReWOO:") in evaluating  # a known fact of the seed
    expected = {graph.nodes[m]["name"] for p, m in linked(graph, "PROPOSES") + linked(graph, "USES") if p in evaluating}
    assert {row["method"] for row in ask("methods_on_dataset", dataset="hotpotqa")} == expected


def test_shared_datasets(graph, ask):
    users = Counter(graph.nodes[d]["name"] for p, d in set(linked(graph, "EVALUATES_ON") + linked(graph, "INTRODUCES")))
    rows = ask("shared_datasets", min_papers=2)
    assert {row["dataset"]: row["paper_count"] for row in rows} == {
        name: count for name, count in users.items() if count >= 2
    }


def test_papers_with_code(graph, ask):
    rows = {row["paper"]: row["repositories"] for row in ask("papers_with_code", limit=BIG)}
    assert set(rows) == {title(graph, p) for p, _ in linked(graph, "HAS_CODE")}
    filter2noise = rows[title(graph, titled(graph, "Filter2Noise:"))]
    assert "https://github.com/sypsyp97/Filter2Noise" in {url.removesuffix(".git") for url in filter2noise}


def test_papers_without_code(graph, ask):
    with_code = {p for p, _ in linked(graph, "HAS_CODE")}
    papers = {
        data["title"] for node, data in graph.nodes(data=True) if data["label"] == "Paper" and node not in with_code
    }
    assert {row["paper"] for row in ask("papers_without_code", limit=BIG)} == papers


def test_similar_papers(graph, ask):
    rewoo = titled(graph, "ReWOO:")
    neighbours = {
        title(graph, other)
        for other in nx.all_neighbors(graph, rewoo)
        if graph.has_edge(rewoo, other, "SIMILAR_TO") or graph.has_edge(other, rewoo, "SIMILAR_TO")
    }
    rows = ask("similar_papers", title=title(graph, rewoo), limit=BIG)
    assert {row["similar_paper"] for row in rows} == neighbours
    assert [row["score"] for row in rows] == sorted((row["score"] for row in rows), reverse=True)


def test_semantic_search(graph, ask):
    rows = ask("semantic_search", text="self-supervised denoising of low-dose CT scans with bilateral filters", limit=3)
    assert rows[0]["paper"] == title(graph, titled(graph, "Filter2Noise:"))


def test_fulltext_search(graph, ask):
    assert title(graph, titled(graph, "ReWOO:")) in {row["paper"] for row in ask("fulltext_search", query="HotpotQA")}


def test_concept_neighbourhood(graph, ask):
    concept = max(
        (node for node, label in graph.nodes(data="label") if label == "Concept"),
        key=lambda node: (graph.in_degree(node), node),
    )
    rows = ask("concept_neighbourhood", concept=graph.nodes[concept]["key"], limit=BIG)
    papers = {title(graph, p) for p in graph.predecessors(concept) if graph.nodes[p]["label"] == "Paper"}
    related = {
        graph.nodes[other]["name"]
        for other in nx.all_neighbors(graph, concept)
        if graph.nodes[other]["label"] == "Concept"
    }
    assert {row["neighbour"] for row in rows if row["label"] == "Paper"} == papers
    assert {row["neighbour"] for row in rows if row["label"] == "Concept"} == related


def test_shortest_path(graph, ask):
    concepts = sorted(node for node, label in graph.nodes(data="label") if label == "Concept")
    undirected = nx.Graph(graph)
    start = titled(graph, "Filter2Noise:")
    first = next(c for c in concepts if graph.has_edge(start, c))
    second = next(
        c for c in concepts if graph.has_edge(titled(graph, "ReWOO:"), c) and nx.has_path(undirected, first, c)
    )
    rows = ask("shortest_path", **{"from": graph.nodes[first]["key"], "to": graph.nodes[second]["key"]})
    assert rows[0]["hops"] == nx.shortest_path_length(undirected, first, second)


def test_communities(graph, ask):
    rows = ask("communities", top=3, limit=BIG)
    topic_nodes = [node for node, label in graph.nodes(data="label") if label in {"Paper", "Concept"}]
    assert sum(row["size"] for row in rows) == len(topic_nodes)
    assert sum(row["paper_count"] for row in rows) == 65
    assert [row["size"] for row in rows] == sorted((row["size"] for row in rows), reverse=True)
    sizes = Counter(graph.nodes[node]["community"] for node in topic_nodes)
    assert {row["community"]: row["size"] for row in rows} == dict(sizes)


def test_paper_overview(graph, ask):
    paper = titled(graph, "Filter2Noise:")
    rows = ask("paper_overview", title=title(graph, paper))
    assert len(rows) == graph.out_degree(paper) - sum(
        1 for *_, kind in graph.out_edges(paper, data="type") if kind == "SIMILAR_TO"
    )
    assert any(row["relationship"] == "HAS_CODE" and "sypsyp97/filter2noise" in row["key"].lower() for row in rows)


def test_datasets_introduced(graph, ask):
    expected = {(graph.nodes[d]["name"], title(graph, p)) for p, d in linked(graph, "INTRODUCES")}
    assert {(row["dataset"], row["paper"]) for row in ask("datasets_introduced", limit=BIG)} == expected


def test_most_used_methods(graph, ask):
    users = Counter(graph.nodes[m]["name"] for _, m in linked(graph, "USES"))
    rows = ask("most_used_methods", limit=BIG)
    assert {row["method"]: row["papers"] for row in rows} == dict(users)


def test_papers_about(graph, ask):
    from kg.evaluate.topics import graph_topic_papers

    for topic in ("large language model", "computer vision", "reinforcement learning", "RAG"):
        rows = ask("papers_about", topic=topic, limit=BIG)
        assert {row["key"] for row in rows} == graph_topic_papers(graph, topic), topic
    assert len(ask("papers_about", topic="natural language processing", limit=BIG)) >= 10
    # PERP names only "OPT-2.7B"; the sized model sits under its family (Method BROADER Method)
    perp = graph.nodes[titled(graph, "PERP")]["key"]
    assert perp in {row["key"] for row in ask("papers_about", topic="OPT", limit=BIG)}


def test_topic_graph(graph, ask):
    """The papers linked to a concept or to a concept below it, drawn as paths ending at the concept."""
    concept = "Concept:large language model"
    broader = nx.DiGraph((s, t) for s, t, kind in graph.edges(data="type") if kind == "BROADER")
    below = {concept} | {node for node in nx.ancestors(broader, concept) if graph.nodes[node]["label"] == "Concept"}
    expected = {
        graph.nodes[source]["key"]
        for source, target, kind in graph.edges(data="type")
        if target in below and kind != "SIMILAR_TO" and graph.nodes[source]["label"] == "Paper"
    }
    rows = ask("topic_graph", concept="LLMs", depth=20, limit=BIG)
    assert {row["path"][0]["key"] for row in rows} == expected
    assert {row["path"][-1]["key"] for row in rows} == {"large language model"}
    assert len(ask("topic_graph", concept="LLMs", limit=3)) >= 3


def test_concept_tree(graph, ask):
    concept = next(
        node
        for node, data in graph.nodes(data=True)
        if data["label"] == "Concept" and data["key"] == "large language model"
    )
    rows = ask("concept_tree", concept="LLM", depth=1)
    broader = {
        graph.nodes[target]["name"]
        for target in nx.descendants(
            nx.DiGraph((s, t) for s, t, kind in graph.edges(data="type") if kind == "BROADER"), concept
        )
    }
    narrower = {
        graph.nodes[source]["name"] for source, _, kind in graph.in_edges(concept, data="type") if kind == "BROADER"
    }
    assert {row["name"] for row in rows if row["direction"] == "broader"} == broader
    assert {row["name"] for row in rows if row["direction"] == "narrower"} == narrower


def test_results_on_dataset(graph, ask):
    stated = [
        (graph.nodes[paper]["key"], graph.nodes[target]["name"], value, graph.nodes[dataset]["name"])
        for paper, target, data in graph.edges(data=True)
        if data["type"] == "REPORTS"
        for value, named in zip(data.get("values", []), data.get("datasets", []))
        for _, dataset, kind in graph.out_edges(paper, data="type")
        if kind in ("EVALUATES_ON", "INTRODUCES") and matches(graph.nodes[dataset], named)
    ]
    assert stated, "the seed states results on its datasets"
    for dataset in {name for *_, name in stated}:
        rows = ask("results_on_dataset", dataset=dataset)
        expected = sorted(
            (graph.nodes[f"Paper:{key}"]["title"], metric, value)
            for key, metric, value, name in stated
            if name == dataset
        )
        assert sorted((row["paper"], row["metric"], row["value"]) for row in rows) == expected, dataset


def test_metrics_used(graph, ask):
    reporters = Counter(graph.nodes[m]["name"] for _, m in linked(graph, "REPORTS"))
    rows = ask("metrics_used", limit=BIG)
    assert {row["metric"]: row["papers"] for row in rows} == dict(reporters)
    assert {"PSNR", "accuracy"} <= set(reporters)


# The seed listing names no authors, categories or ISO dates (a trending page: titles, abstracts, "Apr 22"),
# so the people, category and time queries must answer exactly what graph.json has for them: nothing.
def test_author_papers(graph, ask):
    assert linked(graph, "AUTHORED") == [] and ask("author_papers", author="anyone") == []


def test_coauthors(graph, ask):
    assert ask("coauthors", author="anyone", limit=BIG) == []


def test_category_overview(graph, ask):
    assert linked(graph, "IN_CATEGORY") == [] and ask("category_overview", limit=BIG) == []


def test_new_papers(graph, ask):
    assert {data.get("listed") for _, data in graph.nodes(data=True) if data["label"] == "Paper"} == {"Apr 22"}
    assert ask("new_papers", since="2000-01-01", limit=BIG) == []  # "Apr 22" has no year: no date to compare


def test_rising_concepts(graph, ask):
    assert ask("rising_concepts", days=30, min_papers=1, limit=BIG) == []
