"""What a paper is about: shipped concepts and its own phrases, passing mentions left out, every paper in an area."""

from __future__ import annotations

from kg.extract.concepts.aboutness import (
    AboutRule,
    ConceptEvidence,
    background_sentences,
    concept_evidence,
    is_about,
    keep_shared,
)
from kg.extract.corpus import Corpus
from kg.extract.paper_text import read_paper_text
from kg.records import Entity, Label, Link, Paper, PaperAnalysis, Relation
from kg.vocabulary.taxonomy import load_taxonomy

TAXONOMY = load_taxonomy()


def evidence_of(title: str, abstract: str, phrases=None) -> dict[str, ConceptEvidence]:
    return concept_evidence(read_paper_text(Paper("p", title, abstract)), phrases or {}, TAXONOMY)


def test_a_concept_in_the_title_or_in_two_sentences_makes_the_paper_about_it():
    found = evidence_of(
        "Faster Sampling for Latent Diffusion Models",
        "We study object detection. Our detector is small. Object detection on drones is hard.",
    )
    assert found["latent diffusion model"].sentences == {0}
    assert found["object detection"].sentences == {1, 3}
    assert is_about(found["latent diffusion model"]) and is_about(found["object detection"])


def test_a_passing_mention_does_not_count():
    found = evidence_of(
        "A new sampler",
        "Unlike diffusion models, our sampler is exact. Compared with LLMs, it is cheap. We use CoT prompts.",
    )
    assert "diffusion model" not in found and "large language model" not in found
    assert found["chain of thought"].sentences == {1 + 2}


def test_the_background_an_abstract_opens_with_does_not_count():
    found = evidence_of(
        "Tones in spoken Mandarin",
        "Recent advances in large language models have transformed linguistics. "
        "We measure tones with embeddings. Object detection has shown remarkable progress too.",
    )
    assert "large language model" not in found  # only in the opening background
    assert found["object detection"].sentences == {3}  # after the paper's own work began, it counts


def test_background_is_the_cued_opening_before_the_paper_speaks_of_its_work():
    sentences = (
        "A title with recent advances",
        "Diffusion models have shown remarkable quality.",
        "Sampling is slow.",
        "The rise of video models makes it worse.",
        "This paper proposes a faster sampler.",
        "Recent samplers are compared.",
    )
    assert background_sentences(sentences) == {1, 3}
    assert background_sentences(("Title", "We propose X, building on recent advances in Y.")) == set()


def test_one_sentence_makes_it_about_the_concept_only_when_it_is_close_to_the_paper():
    evidence = ConceptEvidence("x", shipped=True, sentences={2})
    evidence.cosine = 0.40
    assert not is_about(evidence, AboutRule(min_sentences=2, min_cosine=0.45))
    evidence.cosine = 0.50
    assert is_about(evidence, AboutRule(min_sentences=2, min_cosine=0.45))


def test_a_phrase_that_spells_a_shipped_concept_is_counted_as_that_concept():
    found = evidence_of(
        "Ships at sea", "We detect ships in satellite imagery.", {"satellite imagery": [("satellite imagery", 1)]}
    )
    assert "satellite imagery" not in found
    assert found["remote sensing"].sentences == {1}


def analysis(paper_id: str, *about: str, categories: tuple[str, ...] = ()) -> PaperAnalysis:
    links = [Link(Relation.ABOUT, Entity(Label.CONCEPT, key, key), "", 0.5) for key in about]
    return PaperAnalysis(Paper(paper_id, f"Title {paper_id}", "", categories=categories), links)


def test_a_phrase_only_one_paper_is_about_is_dropped_a_shipped_concept_stays():
    analyses = [
        analysis("a", "token merging", "object detection", "pixel budget"),
        analysis("b", "token merging"),
    ]
    keep_shared(analyses, Corpus(TAXONOMY))
    assert [[link.target.key for link in item.links] for item in analyses] == [
        ["token merging", "object detection"],
        ["token merging"],
    ]
