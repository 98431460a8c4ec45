"""Every file of the Cypher library, run through `kg query` on the hand-made graph, answers what it says."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.graph import read_graph
from kg.neo4j.library import find_cypher_file, list_library, run_query
from kg.neo4j.loader import load_graph, wipe_kg_nodes
from tests.databases import wipe_kg_nodes_and_vector_index

SMALL_GRAPH = Path(__file__).parent / "data" / "graph" / "small_graph.json"
REWOO = "ReWOO: Decoupling Reasoning from Observations for Efficient Augmented Language Models"
PRAG = "Parametric Retrieval Augmented Generation"
HOSTILE = read_graph(SMALL_GRAPH).nodes["Paper:2504.13519"]["title"]
TOPIC_ZERO = [1.0] + [0.0] * 383  # the axis the two LLM papers share in the hand-made embeddings

# Per library file: the -p options to pass and a check of the rows it returns on small_graph.json.
CHECKS = {
    "schema": ([], lambda rows: rows == []),
    "top_concepts": (
        ["limit=2"],
        lambda rows: (
            [row["concept"] for row in rows] == ["reasoning", "large language models"] and rows[0]["papers"] == 3
        ),
    ),
    "papers_proposing_method": (
        ["method=rewoo"],
        lambda rows: [(row["method"], row["paper"]) for row in rows] == [("ReWOO", REWOO)],
    ),
    "methods_on_dataset": (
        ["dataset=hotpotqa"],
        lambda rows: (
            {row["method"]: sorted(row["papers"]) for row in rows} == {"LLaMA": sorted([REWOO, PRAG]), "ReWOO": [REWOO]}
            and rows[0]["method"] == "LLaMA"
        ),
    ),
    "shared_datasets": (
        [],
        lambda rows: [(row["dataset"], sorted(row["papers"])) for row in rows] == [("HotpotQA", sorted([REWOO, PRAG]))],
    ),
    "papers_with_code": (
        [],
        lambda rows: (
            {row["paper"]: row["repositories"] for row in rows}
            == {REWOO: ["https://github.com/billxbf/ReWOO"], HOSTILE: ["https://github.com/sypsyp97/Filter2Noise"]}
        ),
    ),
    "papers_without_code": ([], lambda rows: [row["paper"] for row in rows] == ["A paper nothing was found in", PRAG]),
    "similar_papers": (
        ["title=rewoo"],
        lambda rows: [(row["paper"], row["similar_paper"]) for row in rows] == [(REWOO, PRAG)],
    ),
    "semantic_search": (
        [f"embedding={json.dumps(TOPIC_ZERO)}", "limit=2"],
        lambda rows: {row["paper"] for row in rows} == {REWOO, PRAG},
    ),
    "fulltext_search": (["query=denoising"], lambda rows: [row["paper"] for row in rows] == [HOSTILE]),
    "concept_neighbourhood": (
        ["concept=LLMs"],
        lambda rows: (
            [(row["label"], row["neighbour"]) for row in rows]
            == [("Concept", "reasoning"), ("Paper", REWOO), ("Paper", PRAG)]
        ),
    ),
    "shortest_path": (
        ["from=rag", "to=image denoising"],
        lambda rows: (
            rows[0]["hops"] == 4
            and rows[0]["nodes"][0] == "Concept: retrieval augmented generation"
            and rows[0]["nodes"][-1] == "Concept: image denoising"
        ),
    ),
    "communities": (
        [],
        lambda rows: (
            [(row["community"], row["size"], row["paper_count"]) for row in rows] == [(0, 6, 2), (1, 2, 1), (2, 1, 1)]
            and rows[0]["top_concepts"][0] == "large language models"
        ),
    ),
    "paper_overview": (["title=2504"], lambda rows: rows == []),
    "papers_about": (["topic=Large-Language-Models"], lambda rows: [row["title"] for row in rows] == [REWOO, PRAG]),
    "concept_tree": (["concept=reasoning"], lambda rows: rows == []),  # the hand-made graph has no BROADER edges
    "topic_graph": (
        ["concept=LLMs"],
        lambda rows: (
            sorted((row["path"][0]["title"], row["path"][-1]["name"]) for row in rows)
            == sorted([(REWOO, "large language models"), (PRAG, "large language models")])
        ),
    ),
    "datasets_introduced": ([], lambda rows: rows == []),
    "most_used_methods": ([], lambda rows: [(row["method"], row["papers"]) for row in rows] == [("LLaMA", 2)]),
    "results_on_dataset": (
        ["dataset=hotpotqa"],
        lambda rows: (
            [(row["paper"], row["methods"], row["metric"], row["value"]) for row in rows]
            == [(PRAG, [], "F1", "35.3"), (REWOO, ["ReWOO"], "accuracy", "+4.4%")]
        ),
    ),
    "metrics_used": (
        [],
        lambda rows: (
            [(row["metric"], row["papers"], row["with_numbers"], row["datasets"]) for row in rows]
            == [("accuracy", 2, 1, ["HotpotQA"]), ("F1", 1, 1, ["HotpotQA"])]
        ),
    ),
    "author_papers": (
        ["author=zhiyuan peng"],
        lambda rows: (
            [(row["paper"], row["position"], row["published"]) for row in rows]
            == [(PRAG, 2, "2025-01-27"), (REWOO, 2, "2023-05-23")]
        ),
    ),
    "coauthors": (
        ["author=Zhiyuan Peng"],
        lambda rows: [(row["coauthor"], row["papers"]) for row in rows] == [("Binfeng Xu", 1), ("Weihang Su", 1)],
    ),
    "category_overview": (
        [],
        lambda rows: (
            [(row["code"], row["category"], row["papers"], row["primary"]) for row in rows]
            == [("cs.CL", "Computation and Language", 2, 2), ("cs.IR", "Information Retrieval", 1, 0)]
        ),
    ),
    "new_papers": (
        ["since=2024-06-01"],
        lambda rows: (
            [(row["paper"], row["published"], row["categories"]) for row in rows]
            == [(PRAG, "2025-01-27", ["cs.CL", "cs.IR"])]
        ),
    ),
    "rising_concepts": (
        ["days=365", "min_papers=1"],
        lambda rows: (
            [(row["concept"], row["recent"], row["earlier"], row["growth"]) for row in rows][0]
            == ("retrieval augmented generation", 1, 0, 1.0)
        ),
    ),
}


@pytest.fixture(scope="module", autouse=True)
def small_graph_loaded(neo4j_settings):
    """The hand-made graph in Neo4j for this module (and no other kg nodes), with a fresh vector index."""
    wipe_kg_nodes_and_vector_index(neo4j_settings)
    load_graph(read_graph(SMALL_GRAPH), neo4j_settings)
    yield
    wipe_kg_nodes(neo4j_settings)


def test_every_library_file_has_a_check():
    assert {item.name for item in list_library()} == set(CHECKS)


@pytest.mark.parametrize("name", sorted(CHECKS))
def test_library_query_answers_correctly_through_kg_query(name):
    options, check = CHECKS[name]
    result = CliRunner().invoke(main, ["query", name, "--format", "json", *(f"-p{option}" for option in options)])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert check(rows), rows


def test_paper_overview_lists_every_link_of_a_paper(neo4j_settings):
    rows = run_query(neo4j_settings, find_cypher_file("paper_overview"), {"title": REWOO}).rows
    assert {(row[1], row[2]) for row in rows} == {
        ("MENTIONS", "large language models"),
        ("MENTIONS", "reasoning"),
        ("MENTIONS", "tool use"),
        ("PROPOSES", "ReWOO"),
        ("USES", "LLaMA"),
        ("EVALUATES_ON", "HotpotQA"),
        ("REPORTS", "accuracy"),
        ("HAS_CODE", "ReWOO"),
    }
    assert [row[4] for row in rows if row[1] == "REPORTS"] == [["+4.4%"]]


def test_semantic_search_without_an_embedding_uses_the_best_full_text_match_as_in_neo4j_browser(
    neo4j_driver, neo4j_settings
):
    query = find_cypher_file("semantic_search")
    records, _, _ = neo4j_driver.execute_query(
        query.statements[0], {**query.params, "text": "augmented", "limit": 2}, database_=neo4j_settings.database
    )
    assert {record["paper"] for record in records} == {REWOO, PRAG}


def test_an_unknown_parameter_is_refused_naming_the_known_ones():
    result = CliRunner().invoke(main, ["query", "top_concepts", "-p", "limt=3"])
    assert result.exit_code == 1
    assert "top_concepts has no parameter limt; its parameters: limit" in result.output


def test_a_query_neo4j_rejects_is_one_line_naming_the_file(tmp_path):
    broken = tmp_path / "broken.cypher"
    broken.write_text("// Broken on purpose.\nMATCH (n RETURN n;\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["query", str(broken)])
    assert result.exit_code == 1 and result.output.startswith("Error: broken: Neo4j at ")
    assert len(result.output.strip().splitlines()) == 1


def test_a_number_beyond_64_bits_is_one_line_not_a_traceback(neo4j_settings):
    result = CliRunner().invoke(main, ["query", "top_concepts", "-p", "limit=99999999999999999999999"])
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        "Error: top_concepts: a parameter is outside Neo4j's 64-bit integer range; pass a smaller number"
    ]


def test_kg_query_list_shows_every_library_file():
    result = CliRunner().invoke(main, ["query", "--list"])
    assert result.exit_code == 0
    listed = {line.split()[0] for line in result.output.splitlines() if line and not line.startswith(" ")}
    assert listed == set(CHECKS)
