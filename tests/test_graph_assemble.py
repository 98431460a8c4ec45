"""Graph assembly: node/edge attributes per the graph.json contract, entity merging, metrics, determinism."""

from __future__ import annotations

import json
import random
from pathlib import Path

import networkx as nx
import numpy as np
import pytest

from kg.errors import KgError
from kg.graph import GraphOptions, build_graph, read_graph, summarize_graph, write_graph
from kg.graph.schema import EDGE_ATTRIBUTES, LIST_ATTRIBUTES, NODE_ATTRIBUTES, PAPER_FIELDS, Kind
from kg.records import Entity, Label, Link, Paper, PaperAnalysis, Relation, StatedResult

SMALL_GRAPH = Path(__file__).parent / "data" / "graph" / "small_graph.json"
FLAT = GraphOptions(hierarchy=False)  # the hand-made graph keeps its concepts as the papers name them
HOSTILE_TITLE = 'Quotes "double" \'single\' \\back\\slash "}) MATCH (n) DETACH DELETE n // <script>alert(1)</script>'
DIMENSIONS = 384


def topic_vector(*weights: tuple[int, float]) -> np.ndarray:
    """A 384-d float32 vector with the given (axis, weight) components, so cosines are easy to reason about."""
    vector = np.zeros(DIMENSIONS, dtype=np.float32)
    for axis, weight in weights:
        vector[axis] = weight
    return vector


def concept(key: str, name: str | None = None, aliases: tuple[str, ...] = ()) -> Entity:
    """A Concept entity (name defaults to the key)."""
    return Entity(Label.CONCEPT, key, name or key, aliases)


def mention(entity: Entity, score: float) -> Link:
    """A MENTIONS link to `entity` with a score."""
    return Link(Relation.MENTIONS, entity, evidence=f"... {entity.name} ...", score=score)


def link(
    relation: Relation, label: Label, key: str, name: str, aliases: tuple[str, ...] = (), **properties: str
) -> Link:
    """A link of `relation` to a new entity with the given label-specific properties."""
    entity = Entity(label, key, name, aliases, tuple(sorted(properties.items())))
    return Link(relation, entity, evidence=f"We use {name}.")


def reports(key: str, name: str, aliases: tuple[str, ...] = (), *results: StatedResult) -> Link:
    """A REPORTS link to a Metric, with the numbers the sentence states for it."""
    return Link(Relation.REPORTS, Entity(Label.METRIC, key, name, aliases), f"We report {name}.", results=results)


def small_analyses() -> list[PaperAnalysis]:
    """Four hand-made papers: two similar LLM papers, a denoising paper with a hostile title, one bare paper."""
    llm = concept("large language model", "large language models", ("LLMs",))
    rewoo = Paper(
        "2305.18323",
        "ReWOO: Decoupling Reasoning from Observations for Efficient Augmented Language Models",
        "Augmented Language Models ... ReWOO ... HotpotQA ...",
        urls=("https://arxiv.org/abs/2305.18323",),
        authors=("Binfeng Xu", "Zhiyuan Peng"),
        published="2023-05-23",
        listed="Apr 22",
        categories=("cs.CL",),
        sources=("seeds/listing.txt:12",),
    )
    prag = Paper(
        "2501.15915",
        "Parametric Retrieval Augmented Generation",
        "Retrieval-augmented generation ...",
        authors=("Weihang Su", "Zhiyuan Peng"),
        published="2025-01-27",
        listed="Apr 22",
        categories=("cs.CL", "cs.IR"),
    )
    denoise = Paper(
        "2504.13519", HOSTILE_TITLE, "Effective denoising ... \\ \" ' ...", sources=("seeds/listing.txt:5",)
    )
    bare = Paper("title:0badc0ffee", "A paper nothing was found in", "")
    return [
        PaperAnalysis(
            rewoo,
            [
                mention(llm, 0.71),
                mention(concept("reasoning"), 0.52),
                mention(concept("tool use"), 0.40),
                link(Relation.PROPOSES, Label.METHOD, "rewoo", "ReWOO", ("Reasoning WithOut Observation",)),
                link(Relation.USES, Label.METHOD, "llama", "LLaMA"),
                link(Relation.EVALUATES_ON, Label.DATASET, "hotpotqa", "HotpotQA"),
                reports("accuracy", "accuracy", ("Acc",), StatedResult("+4.4%", "HotpotQA")),
                link(
                    Relation.HAS_CODE,
                    Label.REPOSITORY,
                    "https://github.com/billxbf/rewoo",
                    "ReWOO",
                    url="https://github.com/billxbf/ReWOO",
                    host="github.com",
                    owner="billxbf",
                ),
            ],
            topic_vector((0, 1.0), (10, 0.2)),
        ),
        PaperAnalysis(
            prag,
            [
                mention(concept("large language model", "Large Language Model", ("LLM",)), 0.66),
                mention(concept("large language model", "large language models"), 0.60),
                mention(concept("reasoning"), 0.31),
                mention(concept("retrieval augmented generation", aliases=("RAG",)), 0.75),
                link(Relation.USES, Label.METHOD, "llama", "LLaMa"),
                link(Relation.USES, Label.METHOD, "llama", "LLaMA", ("Large Language Model Meta AI",)),
                link(Relation.EVALUATES_ON, Label.DATASET, "hotpotqa", "HotpotQA"),
                reports("f1", "F1", ("F1 score",), StatedResult("35.3", "HotpotQA"), StatedResult("+2.1")),
                reports("accuracy", "accuracy"),
            ],
            topic_vector((0, 1.0), (11, 0.3)),
        ),
        PaperAnalysis(
            denoise,
            [
                mention(concept("image denoising"), 0.8),
                mention(concept("reasoning"), 0.2),
                link(
                    Relation.HAS_CODE,
                    Label.REPOSITORY,
                    "https://github.com/sypsyp97/filter2noise",
                    "Filter2Noise",
                    url="https://github.com/sypsyp97/Filter2Noise",
                    host="github.com",
                    owner="sypsyp97",
                ),
            ],
            topic_vector((1, 1.0)),
        ),
        PaperAnalysis(bare, [], None),
    ]


@pytest.fixture(scope="module")
def graph():
    """The graph of the hand-made papers, built once per module."""
    return build_graph(small_analyses(), FLAT)


def test_entities_with_one_key_become_one_node_named_by_majority_with_sorted_aliases(graph):
    llm = graph.nodes["Concept:large language model"]
    assert llm["name"] == "large language models"
    assert llm["aliases"] == ["LLM", "LLMs", "Large Language Model"]
    llama = graph.nodes["Method:llama"]
    assert llama["name"] == "LLaMA"
    assert llama["aliases"] == ["LLaMa", "Large Language Model Meta AI"]


def test_every_node_has_the_contract_attributes(graph):
    for node, data in graph.nodes(data=True):
        assert node == f"{data['label']}:{data['key']}"
        assert isinstance(data["name"], str) and isinstance(data["aliases"], list)
        assert data["degree"] == graph.degree(node)
        has_topic_metrics = data["label"] in {"Paper", "Concept"}
        assert ("pagerank" in data) == has_topic_metrics
        assert ("community" in data) == has_topic_metrics


def test_paper_nodes_keep_the_paper_fields(graph):
    paper = graph.nodes["Paper:2305.18323"]
    assert paper["name"] == paper["title"] == small_analyses()[0].paper.title
    assert paper["authors"] == ["Binfeng Xu", "Zhiyuan Peng"]
    assert paper["published"] == "2023-05-23" and paper["listed"] == "Apr 22"
    assert paper["urls"] == ["https://arxiv.org/abs/2305.18323"]
    assert paper["categories"] == ["cs.CL"] and paper["sources"] == ["seeds/listing.txt:12"]
    assert len(paper["embedding"]) == DIMENSIONS
    assert "embedding" not in graph.nodes["Paper:title:0badc0ffee"]


def test_repository_nodes_carry_url_host_owner_and_the_repository_name(graph):
    repository = graph.nodes["Repository:https://github.com/sypsyp97/filter2noise"]
    assert repository["name"] == "Filter2Noise"
    assert repository["url"] == "https://github.com/sypsyp97/Filter2Noise"
    assert (repository["host"], repository["owner"]) == ("github.com", "sypsyp97")


def test_a_repeated_link_becomes_one_edge_keeping_the_highest_score(graph):
    edges = graph.get_edge_data("Paper:2501.15915", "Concept:large language model")
    assert list(edges) == ["MENTIONS"]
    assert edges["MENTIONS"]["score"] == 0.66
    assert list(graph.get_edge_data("Paper:2501.15915", "Method:llama")) == ["USES"]


def test_edges_carry_type_evidence_and_score_per_relation(graph):
    for source, target, key, data in graph.edges(keys=True, data=True):
        assert key == data["type"]
        if data["type"] == "MENTIONS":
            assert set(data) == {"type", "score", "evidence"}
        elif data["type"] == "SIMILAR_TO":
            assert set(data) == {"type", "score"}
        elif data["type"] == "RELATED_TO":
            assert set(data) == {"type", "weight"} and source < target
        elif data["type"] in ("AUTHORED", "IN_CATEGORY"):
            assert set(data) == {"type", "position"} and data["position"] >= 1
        elif data["type"] == "REPORTS" and "values" in data:
            assert set(data) == {"type", "evidence", "value", "dataset", "values", "datasets"}
            assert data["value"] == data["values"][0] and len(data["values"]) == len(data["datasets"])
        else:
            assert set(data) == {"type", "evidence"}


def test_similar_to_links_papers_above_the_threshold_in_both_directions(graph):
    similar = {(s, t): d["score"] for s, t, d in graph.edges(data=True) if d["type"] == "SIMILAR_TO"}
    expected = round(1 / np.sqrt(1.04 * 1.09), 6)
    assert similar == {
        ("Paper:2305.18323", "Paper:2501.15915"): expected,
        ("Paper:2501.15915", "Paper:2305.18323"): expected,
    }


def test_related_to_needs_the_minimum_number_of_shared_papers(graph):
    related = {(s, t): d["weight"] for s, t, d in graph.edges(data=True) if d["type"] == "RELATED_TO"}
    assert related == {("Concept:large language model", "Concept:reasoning"): 2}
    every_pair = build_graph(small_analyses(), GraphOptions(related_min_weight=1, hierarchy=False))
    assert ("Concept:image denoising", "Concept:reasoning") in every_pair.edges()


def test_related_to_counts_only_each_papers_best_concepts():
    capped = build_graph(small_analyses(), GraphOptions(related_concepts_per_paper=2, hierarchy=False))
    related = {(s, t) for s, t, d in capped.edges(data=True) if d["type"] == "RELATED_TO"}
    assert related == set()  # "reasoning" is not among the two best concepts of the second paper


def test_communities_group_papers_with_their_topics_numbered_by_size(graph):
    community = dict(graph.nodes(data="community"))
    assert community["Paper:2305.18323"] == community["Paper:2501.15915"] == community["Concept:large language model"]
    assert community["Paper:2504.13519"] == community["Concept:image denoising"]
    assert community["Paper:2305.18323"] != community["Paper:2504.13519"]
    sizes = [list(community.values()).count(number) for number in sorted(set(community.values()) - {None})]
    assert sizes == sorted(sizes, reverse=True)


def test_pagerank_ranks_the_most_mentioned_concept_above_a_once_mentioned_one(graph):
    assert graph.nodes["Concept:reasoning"]["pagerank"] > graph.nodes["Concept:tool use"]["pagerank"]


def test_without_embeddings_there_is_no_embedding_and_no_similar_to():
    analyses = [PaperAnalysis(item.paper, item.links, None) for item in small_analyses()]
    graph = build_graph(analyses)
    assert not any("embedding" in data for _, data in graph.nodes(data=True))
    assert summarize_graph(graph).relationships["SIMILAR_TO"] == 0


def test_the_same_input_in_any_order_writes_byte_identical_graph_json(tmp_path):
    first, second = tmp_path / "first.json", tmp_path / "second.json"
    write_graph(build_graph(small_analyses(), FLAT), first)
    shuffled = small_analyses()
    random.Random(7).shuffle(shuffled)
    write_graph(build_graph(shuffled, FLAT), second)
    assert first.read_bytes() == second.read_bytes()


def test_graph_json_is_sorted_node_link_json_with_kg_metadata(tmp_path, graph):
    path = tmp_path / "graph.json"
    write_graph(graph, path)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["graph"]["schema"] == 1 and "kg_version" in data["graph"] and "model" in data["graph"]
    ids = [node["id"] for node in data["nodes"]]
    assert ids == sorted(ids)
    edges = [(edge["source"], edge["target"], edge["key"]) for edge in data["edges"]]
    assert edges == sorted(edges)


def test_read_graph_gives_back_what_write_graph_wrote(tmp_path, graph):
    path = tmp_path / "graph.json"
    write_graph(graph, path)
    again = read_graph(path)
    assert dict(again.nodes(data=True)) == dict(graph.nodes(data=True))
    assert sorted(again.edges(keys=True, data=True)) == sorted(graph.edges(keys=True, data=True))
    assert again.graph == graph.graph


def test_committed_small_graph_is_what_build_graph_writes(tmp_path):
    fresh = tmp_path / "small_graph.json"
    write_graph(build_graph(small_analyses(), FLAT), fresh)
    assert fresh.read_bytes() == SMALL_GRAPH.read_bytes(), f"if the change is intended, copy {fresh} to {SMALL_GRAPH}"


def test_a_paper_id_seen_twice_is_an_error_naming_it():
    analyses = small_analyses()
    with pytest.raises(KgError, match="2305.18323"):
        build_graph([*analyses, analyses[0]])


def test_a_link_to_the_wrong_label_is_an_error():
    paper = small_analyses()[3].paper
    wrong = PaperAnalysis(paper, [Link(Relation.HAS_CODE, concept("github"), evidence="")])
    with pytest.raises(KgError, match="HAS_CODE links must point to a Repository"):
        build_graph([wrong])


def test_an_empty_input_gives_an_empty_graph_with_metadata():
    graph = build_graph([])
    assert graph.number_of_nodes() == 0 and graph.graph["schema"] == 1


def test_the_schema_names_every_paper_field_and_every_attribute_assembly_writes(graph):
    assert set(PAPER_FIELDS) <= set(NODE_ATTRIBUTES)  # a new Paper field without a schema row fails here
    written_nodes = {name for _, data in graph.nodes(data=True) for name in data}
    written_edges = {name for *_, data in graph.edges(data=True) for name in data}
    assert written_nodes <= set(NODE_ATTRIBUTES) and written_edges <= set(EDGE_ATTRIBUTES)
    assert {name for name, kind in NODE_ATTRIBUTES.items() if kind in (Kind.TEXTS, Kind.VECTOR)} <= LIST_ATTRIBUTES


def test_by_default_concepts_get_the_hierarchy_and_the_shipped_name():
    graph = build_graph(small_analyses())
    node = "Concept:large language model"
    assert graph.nodes[node]["name"] == "large language model" and graph.nodes[node]["acronym"] == "LLM"
    above = {graph.nodes[other]["key"] for other in nx.descendants(graph, node)}
    assert {"language model", "natural language processing"} <= above
    assert all(kind != "BROADER" for *_, kind in build_graph(small_analyses(), FLAT).edges(data="type"))
