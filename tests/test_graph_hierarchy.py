"""BROADER edges: taxonomy parents up to the areas, and phrase structure for the concepts kg does not ship."""

from __future__ import annotations

import networkx as nx
import pytest

from kg.graph.hierarchy import add_hierarchy
from kg.graph.schema import node_id
from kg.records import Label, Relation
from kg.vocabulary.canonical import canonical_key
from kg.vocabulary.spelling import version_family
from kg.vocabulary.taxonomy import load_taxonomy

TAXONOMY = load_taxonomy()


def graph_of(*concepts: tuple[str, str]) -> nx.MultiDiGraph:
    graph = nx.MultiDiGraph()
    for key, name in concepts:
        graph.add_node(node_id(Label.CONCEPT, key), label=Label.CONCEPT.value, key=key, name=name, aliases=[])
    add_hierarchy(graph, TAXONOMY)
    return graph


def broader(graph: nx.MultiDiGraph, key: str) -> list[str]:
    return sorted(
        graph.nodes[target]["key"]
        for _, target, kind in graph.out_edges(node_id(Label.CONCEPT, key), data="type")
        if kind == Relation.BROADER
    )


def test_a_phrase_points_to_the_concept_it_ends_with():
    graph = graph_of(("video latent diffusion model", "video latent diffusion model"))
    assert broader(graph, "video latent diffusion model") == ["latent diffusion model"]
    assert broader(graph, "latent diffusion model") == ["diffusion model"]


def test_a_phrase_with_a_preposition_points_to_its_head():
    graph = graph_of(("reinforcement learning for wireless scheduling", "reinforcement learning for scheduling"))
    assert broader(graph, "reinforcement learning for wireless scheduling") == ["reinforcement learning"]


def test_a_phrase_that_contains_a_shipped_concept_points_to_the_longest_one():
    graph = graph_of(("diffusion model training recipe", "diffusion model training recipe"))
    assert broader(graph, "diffusion model training recipe") == ["diffusion model"]


def test_a_one_word_head_is_used_only_when_kg_ships_it():
    graph = graph_of(("pedestrian counting method", "pedestrian counting method"))
    assert broader(graph, "pedestrian counting method") == []


def test_the_chain_above_a_concept_becomes_nodes_up_to_its_area():
    graph = graph_of(("latent diffusion model", "Latent Diffusion Models"))
    ancestors = {
        graph.nodes[node]["key"] for node in nx.descendants(graph, node_id(Label.CONCEPT, "latent diffusion model"))
    }
    assert {"diffusion model", "generative model", "machine learning"} <= ancestors
    assert graph.nodes[node_id(Label.CONCEPT, "generative model")]["kind"] == "method"


def test_a_shipped_concept_is_named_as_kg_ships_it_and_keeps_the_papers_spelling_as_an_alias():
    graph = graph_of(("retrieval augmented generation", "Retrieval-Augmented Generation"))
    data = graph.nodes[node_id(Label.CONCEPT, "retrieval augmented generation")]
    assert data["name"] == "retrieval-augmented generation"
    assert data["acronym"] == "RAG" and data["kind"] == "method"
    assert "Retrieval-Augmented Generation" in data["aliases"]


def test_the_hierarchy_has_no_cycles_and_is_the_same_for_the_same_graph():
    concepts = [(key, key) for key in ("multimodal large language model", "llm agent", "3d gaussian splatting")]
    first, second = graph_of(*concepts), graph_of(*concepts)
    assert nx.is_directed_acyclic_graph(first)
    assert sorted(first.edges(keys=True)) == sorted(second.edges(keys=True))


def entities_with_hierarchy(label: Label, *names: str) -> nx.MultiDiGraph:
    graph = nx.MultiDiGraph()
    for name in names:
        key = name.lower()
        graph.add_node(node_id(label, key), label=label.value, key=key, name=name, aliases=[])
    add_hierarchy(graph, TAXONOMY)
    return graph


def concepts_above(graph: nx.MultiDiGraph, label: Label) -> dict[str, str]:
    """Name of each `label` node with a BROADER edge to a Concept -> that concept's key."""
    return {
        graph.nodes[source]["name"]: graph.nodes[target]["key"]
        for source, target, kind in graph.edges(data="type")
        if kind == Relation.BROADER
        and graph.nodes[source]["label"] == label
        and graph.nodes[target]["label"] == Label.CONCEPT
    }


def test_a_named_method_sits_under_the_concept_of_its_family_with_the_chain_above():
    graph = entities_with_hierarchy(Label.METHOD, "Qwen2.5-VL-7B-Instruct", "YOLOv8", "ReWOO")
    assert concepts_above(graph, Label.METHOD) == {
        "Qwen2.5-VL-7B-Instruct": "multimodal large language model",
        "Qwen2.5-VL": "multimodal large language model",  # its version family (below), as a node of its own
        "YOLOv8": "object detection",
    }
    above = {graph.nodes[node]["key"] for node in nx.descendants(graph, node_id(Label.METHOD, "yolov8"))}
    assert "computer vision" in above


def test_a_benchmark_of_one_task_sits_under_that_task_and_a_general_purpose_dataset_under_none():
    graph = entities_with_hierarchy(Label.DATASET, "GSM8K", "ImageNet", "SQuAD")
    assert concepts_above(graph, Label.DATASET) == {"GSM8K": "mathematical reasoning"}
    above = {graph.nodes[node]["key"] for node in nx.descendants(graph, node_id(Label.DATASET, "gsm8k"))}
    assert "artificial intelligence" in above  # its chain up to the area, as nodes


def test_a_sized_or_tuned_model_or_dataset_sits_under_its_family_node():
    graph = nx.MultiDiGraph()
    for label, name in (
        (Label.METHOD, "Qwen2.5-VL-7B-Instruct"),
        (Label.METHOD, "Llama2-7B"),
        (Label.METHOD, "Llama 2"),
        (Label.DATASET, "ImageNet-1K"),
        (Label.METHOD, "ResNet-50"),
    ):
        key = canonical_key(name)
        graph.add_node(node_id(label, key), label=label.value, key=key, name=name, aliases=[])
    add_hierarchy(graph, TAXONOMY)
    families = {
        graph.nodes[source]["name"]: (graph.nodes[target]["label"], graph.nodes[target]["name"])
        for source, target, kind in graph.edges(data="type")
        if kind == Relation.BROADER and graph.nodes[target]["label"] != Label.CONCEPT
    }
    assert families == {
        "Qwen2.5-VL-7B-Instruct": ("Method", "Qwen2.5-VL"),
        "Llama2-7B": ("Method", "Llama 2"),  # the family already in the graph, found through the method list
        "ImageNet-1K": ("Dataset", "ImageNet"),
    }
    assert graph.in_degree(node_id(Label.METHOD, "llama 2")) == 1


@pytest.mark.parametrize(
    ("name", "family"),
    [
        ("Qwen2.5-VL-7B-Instruct", "Qwen2.5-VL"),
        ("Llama-3-8B", "Llama-3"),
        ("Mixtral-8x7B", "Mixtral"),
        ("T5-Base", "T5"),
        ("GPT-4", None),
        ("Transformer-XL", None),
        ("CIFAR-10", None),
        ("7B", None),
    ],
)
def test_the_family_of_a_name_drops_only_its_sizes_and_tunings(name: str, family: str | None):
    assert version_family(name) == family
