"""Keyphrase candidates are whole noun phrases of one sentence, found from real seed sentences."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from kg.extract.concepts.candidates import MAX_CANDIDATE_WORDS, noun_phrase_candidates
from kg.extract.paper_text import read_paper_text
from kg.records import Paper

# Sentences of the first seed paper (seeds/hf-trending-papers-apr22.txt), verbatim.
MAMBA_TITLE = "Spatial-Spectral Morphological Mamba for Hyperspectral Image Classification"
MAMBA_ABSTRACT = (
    "In recent years, the emergence of Transformers with self-attention mechanism has revolutionized the "
    "hyperspectral image (HSI) classification. However, these models face major challenges in computational "
    "efficiency, as their complexity increases quadratically with the sequence length. The Mamba architecture, "
    "leveraging a state space model (SSM), offers a more efficient alternative to Transformers."
)


def candidate_texts(title: str, abstract: str) -> list[str]:
    """The candidate phrases of a paper, in reading order."""
    return [candidate.text for candidate in noun_phrase_candidates(read_paper_text(Paper("test", title, abstract)))]


def test_candidates_are_the_noun_phrases_of_seed_sentences() -> None:
    texts = candidate_texts(MAMBA_TITLE, MAMBA_ABSTRACT)
    for phrase in (
        "Spatial-Spectral Morphological Mamba",
        "Hyperspectral Image Classification",
        "self-attention mechanism",
        "hyperspectral image",
        "computational efficiency",
        "sequence length",
        "Mamba architecture",
        "state space model",
        "SSM",
    ):
        assert phrase in texts


def test_verbs_adverbs_and_stop_words_end_a_candidate() -> None:
    texts = candidate_texts(MAMBA_TITLE, MAMBA_ABSTRACT)
    assert not any("quadratically" in text or "increases" in text for text in texts)
    assert not any(
        word in text.lower().split() for text in texts for word in ("the", "with", "has", "for", "leveraging")
    )


def test_candidates_end_on_a_word_that_can_be_a_noun() -> None:
    texts = candidate_texts("", "The extracted information is enhanced in an efficient module.")
    assert texts == ["extracted information", "efficient module"]


def test_a_verb_before_a_determiner_is_not_part_of_the_phrase() -> None:
    texts = candidate_texts("", "Large language models store their knowledge in parameters.")
    assert "Large language models" in texts
    assert not any("store" in text for text in texts)


def test_a_word_after_to_or_we_that_can_be_a_verb_starts_no_phrase() -> None:
    texts = candidate_texts("", "We train parametric actor policies to extract fuzzy rules.")
    assert texts == ["parametric actor policies", "fuzzy rules"]


def test_candidates_never_cross_punctuation_sentences_or_the_title() -> None:
    texts = candidate_texts("Neural Networks", "Graph models, neural fields. Networks learn.")
    assert texts == ["Neural Networks", "Graph models", "neural fields", "Networks"]


def test_numbers_and_web_addresses_are_not_candidates() -> None:
    texts = candidate_texts("", "Code is at https://github.com/x/y and 4.59 dB PSNR gains on 2016 data.")
    assert not any("github" in text or "4.59" in text or "2016" in text for text in texts)


def test_evidence_is_the_sentence_and_index_zero_is_the_title() -> None:
    candidates = noun_phrase_candidates(read_paper_text(Paper("test", MAMBA_TITLE, MAMBA_ABSTRACT)))
    assert candidates[0].sentence_index == 0 and candidates[0].evidence == MAMBA_TITLE
    ssm = next(candidate for candidate in candidates if candidate.text == "SSM")
    assert ssm.evidence.startswith("The Mamba architecture") and ssm.sentence_index == 3


_WORDS = st.sampled_from(
    [
        "model",
        "the",
        "Graph",
        "neural",
        "networks",
        "is",
        "quickly",
        "of",
        "LLMs",
        "3D",
        "self-attention",
        "we",
        "train",
        "data",
        "(",
        ")",
        ",",
        ".",
        ";",
        "https://x.org/a",
        "42",
        "novel",
        "their",
        "store",
        "\n\n",
    ]
)


@given(st.lists(_WORDS, max_size=40), st.lists(_WORDS, max_size=8))
def test_every_candidate_is_a_short_verbatim_part_of_its_sentence(
    abstract_words: list[str], title_words: list[str]
) -> None:
    paper = Paper("p", " ".join(title_words), " ".join(abstract_words))
    for candidate in noun_phrase_candidates(read_paper_text(paper)):
        assert candidate.text in candidate.evidence
        from_title = bool(paper.title.strip()) and candidate.sentence_index == 0
        assert candidate.evidence == paper.title.strip() if from_title else candidate.evidence in paper.abstract
        assert 1 <= candidate.word_count <= MAX_CANDIDATE_WORDS
        assert candidate.text == candidate.text.strip() and not any(mark in candidate.text for mark in "(),;")
