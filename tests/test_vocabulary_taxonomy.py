"""The shipped taxonomy: kg's hand list over Papers with Code's tasks, areas on top, no cycles, no entities."""

from __future__ import annotations

import pytest

from kg.vocabulary.canonical import canonical_key
from kg.vocabulary.lexicon import LISTED_LABELS, listed_names
from kg.vocabulary.taxonomy import KINDS, load_taxonomy

TAXONOMY = load_taxonomy()


def test_every_concept_has_a_known_kind_and_only_known_broader_concepts():
    for concept in TAXONOMY:
        assert concept.kind in KINDS
        assert all(parent in TAXONOMY for parent in concept.broader), concept


def test_no_concept_is_its_own_ancestor():
    for concept in TAXONOMY:
        assert concept.key not in TAXONOMY.ancestors(concept.key), concept.name


@pytest.mark.parametrize(
    ("narrower", "area"),
    [
        ("latent diffusion model", "machine learning"),
        ("medical image segmentation", "computer vision"),
        ("machine translation", "natural language processing"),
        ("multi-agent reinforcement learning", "multi-agent system"),
        ("speech recognition", "speech processing"),
    ],
)
def test_a_task_or_method_family_reaches_its_area(narrower, area):
    assert canonical_key(area) in TAXONOMY.areas(canonical_key(narrower))


def test_every_concept_of_kgs_own_list_reaches_an_area():
    from importlib import resources

    text = resources.files("kg.vocabulary").joinpath("data", "concepts.tsv").read_text(encoding="utf-8")
    names = [line.split("\t")[0] for line in text.splitlines() if line.strip() and not line.startswith("#")]
    keys = [canonical_key(name) for name in names if canonical_key(name) in TAXONOMY]
    assert len(keys) > 350
    assert [key for key in keys if not TAXONOMY.areas(key)] == []


def test_the_hand_list_wins_where_papers_with_code_has_an_alias_of_it_as_a_task():
    # Papers with Code lists "reading comprehension" as a task; kg's list spells question answering so.
    assert "reading comprehension" not in TAXONOMY
    assert TAXONOMY.index.concept_named("reading comprehension") == "question answering"


def test_a_reversed_or_wrong_papers_with_code_edge_is_overruled_by_the_hand_list():
    assert TAXONOMY.concepts["image segmentation"].broader == ("computer vision",)
    assert "large language model" in TAXONOMY.ancestors("multimodal large language model")


@pytest.mark.parametrize(
    ("task", "unrelated"),
    [
        ("benchmarking", "data-free knowledge distillation"),
        ("denoising", "3D architecture"),
        ("model editing", "3D action recognition"),
    ],
)
def test_a_papers_with_code_edge_between_unrelated_tasks_is_not_shipped(task, unrelated):
    assert canonical_key(unrelated) not in TAXONOMY.ancestors(canonical_key(task))


def test_a_papers_with_code_edge_between_related_tasks_without_a_shared_word_stays():
    assert canonical_key("style transfer") in TAXONOMY.concepts[canonical_key("image stylization")].broader


def test_names_the_gazetteers_list_as_methods_or_datasets_are_entities_not_concepts():
    for concept in TAXONOMY:
        assert all(listed_names(label).lookup(concept.name) is None for label in LISTED_LABELS), concept.name


def test_acronyms_are_taken_from_the_aliases():
    assert TAXONOMY.concepts["retrieval augmented generation"].acronym == "RAG"
    assert TAXONOMY.concepts["machine translation"].acronym == "MT"


def test_arxiv_categories_map_to_shipped_areas():
    assert TAXONOMY.area_of_category["cs.CV"] == "computer vision"
    assert TAXONOMY.area_of_category["cs.CL"] == "natural language processing"
    assert all(TAXONOMY.concepts[area].kind == "area" for area in TAXONOMY.area_of_category.values())


@pytest.mark.parametrize(
    ("method", "family"),
    [
        ("Qwen2.5-VL-7B-Instruct", "multimodal large language model"),
        ("Llama-3.1-8B", "large language model"),
        ("GPT-4o", "large language model"),
        ("Stable Diffusion XL", "text to image diffusion model"),
        ("YOLOv11", "object detection"),
        ("SAM 2", "image segmentation"),
        ("GRPO", "reinforcement learning"),
    ],
)
def test_a_versioned_or_sized_method_name_finds_its_family(method, family):
    assert TAXONOMY.families(method)[0] == family


def test_every_method_family_names_shipped_concepts_and_an_unknown_method_has_none():
    assert all(wider and all(key in TAXONOMY for key in wider) for _, wider in TAXONOMY.method_families)
    assert TAXONOMY.families("ReWOO") == ()


@pytest.mark.parametrize(
    ("benchmark", "tasks"),
    [
        ("GSM8K", ("mathematical reasoning",)),
        ("MATH500", ("mathematical reasoning",)),
        ("RAF-DB", ("facial expression recognition",)),
        ("ImageNet", ()),  # leaderboards of dozens of tasks: says nothing about a paper's task
        ("COCO", ()),
        ("SQuAD", ()),  # a common dataset of many tasks, though its few leaderboards are elsewhere
    ],
)
def test_a_benchmark_names_its_tasks_only_when_it_serves_one_or_two(benchmark, tasks):
    assert TAXONOMY.benchmarked_tasks(benchmark) == tasks
