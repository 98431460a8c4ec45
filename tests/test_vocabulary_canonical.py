"""canonical_key: one spelling per entity (lowercase, singular head, unified joiners), idempotent."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kg.vocabulary.canonical import canonical_key


@pytest.mark.parametrize(
    ("phrase", "key"),
    [
        ("Large Language Models", "large language model"),
        ("large-language model", "large language model"),
        ("LLMs", "llm"),
        ("CNNs", "cnn"),
        ("Transformers", "transformer"),
        ("Gaussians", "gaussian"),
        ("Mixture-of-Experts", "mixture of experts"),
        ("mixtures of experts", "mixture of experts"),
        ("GPT-3.5", "gpt 3.5"),
        ("CIFAR-10", "cifar 10"),
        ("HumanEval+", "humaneval+"),
        ("(MorpMamba),", "morpmamba"),
        ("ReWOO's", "rewoo"),
        ("3DGS", "3dgs"),
        ("MCTS", "mcts"),
        ("data", "data"),
        ("analysis", "analysis"),
        ("Self–Supervised  Learning", "self supervised learning"),
    ],
)
def test_canonical_key_unifies_case_number_and_joiners(phrase: str, key: str) -> None:
    assert canonical_key(phrase) == key


def test_acronyms_ending_in_capital_s_are_not_made_singular() -> None:
    assert canonical_key("MCTS") != canonical_key("MCT")
    assert canonical_key("3DGS") == "3dgs"


def test_different_names_sharing_a_word_keep_different_keys() -> None:
    assert canonical_key("Mamba") != canonical_key("MorpMamba")
    assert canonical_key("GPT-4") != canonical_key("GPT-3.5")


@given(st.text(max_size=60))
def test_canonical_key_is_idempotent_and_never_crashes(phrase: str) -> None:
    key = canonical_key(phrase)
    assert canonical_key(key) == key


@given(
    st.lists(
        st.sampled_from(
            [
                "Large",
                "language",
                "Models",
                "LLMs",
                "-",
                " ",
                "of",
                "GPT-4",
                "Experts",
                "data",
                "'s",
                "(",
                ")",
                "axes",
                "SSs",
            ]
        ),
        max_size=8,
    )
)
def test_canonical_key_is_idempotent_on_phrase_like_input(words: list[str]) -> None:
    key = canonical_key("".join(words))
    assert canonical_key(key) == key
    assert key == key.lower().strip()
