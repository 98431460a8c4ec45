"""split_sentences: verbatim sentences in order, robust to abbreviations, numbers and URLs."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from kg.extract.text import split_sentences
from kg.vocabulary.words import word_spans


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_abbreviations_numbers_and_urls_do_not_end_sentences() -> None:
    text = (
        "Recent works in volume rendering, e.g. NeRF and 3D Gaussian Splatting (3DGS), significantly advance quality. "
        "Wanda (Sun et al. 2023) beats SparseGPT vs. IMP. "
        "ReWOO offloads reasoning from 175B GPT3.5 into 7B LLaMA, a 3.5 times smaller model. "
        "Our code is demonstrated at https://github.com/sypsyp97/Filter2Noise.git . "
        "Fig. 3 shows the U.S. data centers."
    )
    assert split_sentences(text) == [
        "Recent works in volume rendering, e.g. NeRF and 3D Gaussian Splatting (3DGS), significantly advance quality.",
        "Wanda (Sun et al. 2023) beats SparseGPT vs. IMP.",
        "ReWOO offloads reasoning from 175B GPT3.5 into 7B LLaMA, a 3.5 times smaller model.",
        "Our code is demonstrated at https://github.com/sypsyp97/Filter2Noise.git .",
        "Fig. 3 shows the U.S. data centers.",
    ]


def test_questions_exclamations_and_blank_lines_end_sentences() -> None:
    text = "But how accurate are such notions? How many parameters are really needed!\n\nA new paragraph"
    assert split_sentences(text) == [
        "But how accurate are such notions?",
        "How many parameters are really needed!",
        "A new paragraph",
    ]


def test_sentences_are_verbatim_substrings() -> None:
    text = "First one.  Second (with a parenthesis.) Third."
    sentences = split_sentences(text)
    assert all(sentence in text for sentence in sentences)
    assert len(sentences) == 3


@given(st.text(alphabet=st.sampled_from(list("ab .?!\n()e.g3ACX")), max_size=80))
def test_pieces_concatenate_back_to_the_input(text: str) -> None:
    sentences = split_sentences(text)
    assert _squeeze("".join(sentences)) == _squeeze(text)
    assert all(sentence and sentence == sentence.strip() for sentence in sentences)


@given(st.text(max_size=80))
def test_split_sentences_never_crashes_and_keeps_every_character(text: str) -> None:
    assert _squeeze("".join(split_sentences(text))) == _squeeze(text)


def test_word_spans_split_hyphens_but_keep_versions_and_symbols() -> None:
    words = [span.text for span in word_spans("GPT-3.5 beats HumanEval+ via eff@k and GPT3.5.")]
    assert words == ["GPT", "3.5", "beats", "HumanEval+", "via", "eff@k", "and", "GPT3.5"]
