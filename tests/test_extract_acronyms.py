"""Acronym definitions (Schwartz–Hearst) and the corpus-wide acronym table."""

from __future__ import annotations

import pytest

from kg.extract.acronyms import (
    AcronymDefinition,
    AcronymTable,
    find_acronym_definitions,
    find_title_definition,
)
from kg.extract.paper_text import build_acronym_table, read_paper_text
from kg.extract.text import split_sentences
from kg.records import Paper


@pytest.mark.parametrize(
    ("sentence", "short", "long"),
    [
        (
            "we propose an interpretable self-supervised single-image denoising framework -- Filter2Noise (F2N).",
            "F2N",
            "Filter2Noise",
        ),
        (
            "Parameter-Efficient Fine-Tuning (PEFT) methods have achieved strong task performance.",
            "PEFT",
            "Parameter-Efficient Fine-Tuning",
        ),
        (
            "Augmented Language Models (ALMs) blend the reasoning capabilities of Large Language Models (LLMs) with tools.",
            "LLMs",
            "Large Language Models",
        ),
        (
            "This paper introduces a novel approach, Two-Stage Deep Decision Rules (TS-DDR), to train policies.",
            "TS-DDR",
            "Two-Stage Deep Decision Rules",
        ),
        (
            "optimizing the CodeLLM via Proximal Policy Optimization (PPO) algorithm.",
            "PPO",
            "Proximal Policy Optimization",
        ),
        (
            "proposing a modular paradigm ReWOO (Reasoning WithOut Observation) that detaches reasoning.",
            "ReWOO",
            "Reasoning WithOut Observation",
        ),
        (
            "we develop ENAMEL (EfficeNcy AutoMatic EvaLuator), a rigorous and high-standard benchmark.",
            "ENAMEL",
            "EfficeNcy AutoMatic EvaLuator",
        ),
        (
            "Simple yet effective methods like Iterative Magnitude Pruning (IMP, Han et al., 2015) remove parameters.",
            "IMP",
            "Iterative Magnitude Pruning",
        ),
        (
            "we introduce Parametric retrieval-augmented generation (Parametric RAG), a new RAG paradigm.",
            "Parametric RAG",
            "Parametric retrieval-augmented generation",
        ),
        (
            "Recent works in volume rendering, e.g. NeRF and 3D Gaussian Splatting (3DGS), advance quality.",
            "3DGS",
            "3D Gaussian Splatting",
        ),
    ],
)
def test_definitions_from_seed_sentences(sentence: str, short: str, long: str) -> None:
    definitions = find_acronym_definitions(split_sentences(sentence))
    assert AcronymDefinition(short, long, sentence) in definitions


@pytest.mark.parametrize(
    "sentence",
    [
        "Experiments on HSI datasets show that MorpMamba outperforms (parametric efficiency) both CNN and Transformer models.",
        "a part-sensitive texture reasoner is adopted to make local parts (e.g., nose, ears) perceived.",
        "F2N outperforms the leading self-supervised single-image method (ZS-N2N) by 4.59 dB PSNR.",
        "We release the code (https://github.com/hakuhodo-technologies/scope-rl) today.",
    ],
)
def test_parentheses_that_define_nothing_give_no_definition(sentence: str) -> None:
    assert find_acronym_definitions(split_sentences(sentence)) == []


def test_evidence_is_the_sentence_of_the_definition() -> None:
    text = "Off-Policy Evaluation (OPE) is used widely. We study it further."
    [definition] = find_acronym_definitions(split_sentences(text))
    assert definition.evidence == "Off-Policy Evaluation (OPE) is used widely."


@pytest.mark.parametrize(
    ("title", "short", "long"),
    [
        (
            "PYRA: Parallel Yielding Re-Activation for Training-Inference Efficient Task Adaptation",
            "PYRA",
            "Parallel Yielding Re-Activation",
        ),
        ("LST: Ladder Side-Tuning for Parameter and Memory Efficient Transfer Learning", "LST", "Ladder Side-Tuning"),
        (
            "MVGS: Multi-view-regulated Gaussian Splatting for Novel View Synthesis",
            "MVGS",
            "Multi-view-regulated Gaussian Splatting",
        ),
    ],
)
def test_title_names_are_expanded_from_the_subtitle_initials(title: str, short: str, long: str) -> None:
    assert find_title_definition(title) == AcronymDefinition(short, long, title)


def test_title_names_that_are_not_acronyms_of_the_subtitle_define_nothing() -> None:
    assert (
        find_title_definition("ReWOO: Decoupling Reasoning from Observations for Efficient Augmented Language Models")
        is None
    )
    assert (
        find_title_definition(
            "SHERL: Synthesizing High Accuracy and Efficient Memory for Resource-Limited Transfer Learning"
        )
        is None
    )


def _paper(paper_id: str, abstract: str, title: str = "A title") -> Paper:
    return Paper(id=paper_id, title=title, abstract=abstract)


def test_a_short_form_defined_in_one_paper_resolves_in_another() -> None:
    defining = _paper("a", "Parameter-Efficient Fine-Tuning (PEFT) adapts large models cheaply.")
    using = _paper("b", "We compare several PEFT methods on GLUE.")
    table = build_acronym_table(map(read_paper_text, [defining, using]))
    assert table.long_form("PEFT") == "Parameter-Efficient Fine-Tuning"
    assert (
        table.resolve("PEFT") == table.resolve("parameter-efficient fine-tuning") == "parameter efficient fine tuning"
    )
    assert set(table.aliases("PEFT")) == {"PEFT", "Parameter-Efficient Fine-Tuning"}


def test_plural_acronyms_resolve_like_the_singular() -> None:
    table = build_acronym_table(map(read_paper_text, [_paper("a", "Large Language Models (LLMs) are everywhere.")]))
    assert table.long_form("LLM") == table.long_form("LLMs") == "Large Language Models"
    assert table.resolve("LLM") == "large language model"


def test_conflicting_definitions_pick_the_most_frequent_then_the_first() -> None:
    first = AcronymDefinition("AP", "Average Precision", "s1")
    other = AcronymDefinition("AP", "Access Point", "s2")
    again = AcronymDefinition("AP", "access points", "s3")
    assert AcronymTable([first, other, again]).long_form("AP") == "Access Point"
    assert AcronymTable([first, other]).long_form("AP") == "Average Precision"
    assert AcronymTable([other, first]).long_form("AP") == "Access Point"


def test_unknown_phrases_resolve_to_their_own_canonical_key() -> None:
    table = AcronymTable()
    assert table.long_form("XYZ") is None
    assert table.definition("XYZ") is None
    assert table.aliases("XYZ") == ()
    assert table.resolve("Graph Networks") == "graph network"
