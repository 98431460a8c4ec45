"""Datasets: named datasets a paper evaluates on (EVALUATES_ON) and those it releases (INTRODUCES)."""

from __future__ import annotations

import pytest

from kg.extract.acronyms import AcronymTable
from kg.extract.entities.resolve import extract_entities
from kg.extract.paper_text import read_paper_text
from kg.records import Label, Link, Paper, Relation
from kg.vocabulary.lexicon import load_lexicon


def _links(title: str, abstract: str) -> list[Link]:
    return extract_entities(read_paper_text(Paper(id="p", title=title, abstract=abstract)), AcronymTable())


def _keys(links: list[Link], relation: Relation) -> set[str]:
    return {link.target.key for link in links if link.relation is relation}


def test_a_capitalized_name_before_dataset_is_evaluated_on() -> None:
    sentence = "On the Mayo Clinic 2016 low-dose CT dataset, F2N outperforms the leading self-supervised method by 4.59 dB PSNR."
    [link] = [link for link in _links("A study", sentence) if link.relation is Relation.EVALUATES_ON]
    assert link.target.label is Label.DATASET
    assert link.target.name == "Mayo Clinic 2016 low-dose CT"
    assert link.evidence == sentence


def test_rewoo_evaluates_on_hotpotqa() -> None:
    links = _links(
        "ReWOO: Decoupling Reasoning from Observations for Efficient Augmented Language Models",
        "Comprehensive evaluations across six public NLP benchmarks and a curated dataset reveal consistent performance "
        "enhancements. Notably, ReWOO achieves 5x token efficiency and 4% accuracy improvement on HotpotQA, a multi-step "
        "reasoning benchmark.",
    )
    assert _keys(links, Relation.EVALUATES_ON) == {"hotpotqa"}
    assert _keys(links, Relation.PROPOSES) == {"rewoo"}


@pytest.mark.parametrize(
    ("sentence", "datasets"),
    [
        (
            "We evaluate our method with various models on both NLP (GLUE) and vision-and-language (VQA, GQA, NLVR2 , MSCOCO) tasks.",
            {"glue", "vqa", "gqa", "nlvr2", "coco"},
        ),
        (
            "We present experiments comparing the different algorithms on CIFAR-10 and show that MCTS outperforms random search.",
            {"cifar 10"},
        ),
        ("On TriviaQA, we demonstrate relative accuracy improvements in the range of 15%-50%.", {"triviaqa"}),
        ("We evaluate LLMTune's effectiveness with different workloads, such as TPC-H and JOB.", {"tpc h", "job"}),
        (
            "Extensive evaluations on TVR, ActivityNet-Captions, and QVHighlights validate the effectiveness of our approach.",
            {"tvr", "activitynet", "qvhighlights"},
        ),
        (
            "Experiments on the BUSI, ChestXray2017, and Retinal OCT datasets show gains.",
            {"busi", "chestxray2017", "retinal oct"},
        ),
    ],
)
def test_named_datasets_in_evaluation_contexts(sentence: str, datasets: set[str]) -> None:
    assert _keys(_links("A study", sentence), Relation.EVALUATES_ON) == datasets


@pytest.mark.parametrize(
    "sentence",
    [
        "Experiments on widely used HSI datasets demonstrate that the model outperforms both CNN and Transformer models.",
        "Using a large prostate bpMRI dataset with 1500 patients, we first pre-train the network.",
        "Evaluation on seven NAS benchmarks across three training datasets shows that it generalizes well.",
        "We achieved 100% weak scaling efficiency on 1024 and 3072 MI250X GPUs, respectively.",
        "In principle, a learned parametric model could improve on ER by generalizing from real experience.",
        "Results show the effectiveness of the Planner across standard manipulation benchmarks.",
    ],
)
def test_generic_descriptions_and_hardware_are_not_datasets(sentence: str) -> None:
    assert _keys(_links("A study", sentence), Relation.EVALUATES_ON) == set()


def test_a_dataset_the_paper_releases_is_introduced_not_evaluated_on() -> None:
    links = _links(
        "RaBit: Parametric Modeling of 3D Biped Cartoon Characters with a Topological-consistent Dataset",
        "In this paper, we introduce 3DBiCar, the first large-scale dataset of 3D biped cartoon characters, and RaBit, "
        "the corresponding parametric model. To demonstrate the practicality of 3DBiCar and RaBit, applications are conducted.",
    )
    assert _keys(links, Relation.INTRODUCES) == {"3dbicar"}
    assert _keys(links, Relation.PROPOSES) == {"rabit"}
    assert _keys(links, Relation.EVALUATES_ON) == set()


@pytest.mark.parametrize(
    ("title", "abstract", "introduced"),
    [
        (
            "GraphFM: A Comprehensive Benchmark for Graph Foundation Model",
            "We have constructed a rigorous benchmark.",
            "graphfm",
        ),
        (
            "How Efficient is LLM-Generated Code? A Rigorous & High-Standard Benchmark",
            "In this work, we develop ENAMEL (EfficeNcy AutoMatic EvaLuator), a rigorous and high-standard benchmark for "
            "evaluating the capability of LLMs in generating efficient code.",
            "efficency automatic evaluator",
        ),
        (
            "2 OLMo 2 Furious",
            "Our updated pretraining data mixture introduces a new, specialized data mix called Dolmino Mix 1124, which "
            "significantly improves model capabilities.",
            "dolmino mix 1124",
        ),
    ],
)
def test_benchmarks_and_data_mixes_the_paper_presents_are_introduced(
    title: str, abstract: str, introduced: str
) -> None:
    assert _keys(_links(title, abstract), Relation.INTRODUCES) == {introduced}


def test_dataset_lexicon_knows_the_standard_benchmarks() -> None:
    datasets = load_lexicon("datasets")
    for name in [
        "HotpotQA",
        "CIFAR-10",
        "MNIST",
        "ImageNet",
        "COCO",
        "GLUE",
        "SQuAD",
        "TriviaQA",
        "HumanEval",
        "MBPP",
        "GSM8K",
        "MMLU",
        "ImageNet-1K",
        "MSCOCO",
    ]:
        assert datasets.lookup(name) is not None, name
    assert datasets.lookup("ImageNet-1K") is datasets.lookup("ImageNet")


@pytest.mark.parametrize(
    ("sentence", "datasets"),
    [
        ("GPT4V achieves an accuracy of 92.1% in Autosplice and 86.3% in LaMa.", {"autosplice", "lama"}),
        ("Results on MMWHS, CHAOS, Spleen show the gain.", {"mmwhs", "chaos", "spleen"}),
        ("We fine-tune on the LLaMA3-8B-Chinese model.", set()),
        ("The attack success rate on the Segment Anything Model (SAM) drops.", set()),
    ],
)
def test_stated_results_and_acronym_contexts_decide_datasets(sentence: str, datasets: set[str]) -> None:
    assert _keys(_links("A study", sentence), Relation.EVALUATES_ON) == datasets
