"""What a paper is about: shipped concepts and its own phrases, passing mentions left out, every paper in an area."""

from __future__ import annotations

import numpy as np
import pytest

from kg.embeddings import Embedder, load_encoder
from kg.extract.aboutness import (
    AboutRule,
    ConceptEvidence,
    area_links,
    background_sentences,
    concept_evidence,
    is_about,
    keep_shared,
)
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
    keep_shared(analyses, TAXONOMY)
    assert [[link.target.key for link in item.links] for item in analyses] == [
        ["token merging", "object detection"],
        ["token merging"],
    ]


@pytest.fixture(scope="module")
def embedder() -> Embedder:
    return Embedder(load_encoder())


def test_every_paper_gets_an_area_from_its_primary_category_or_its_embedding(embedder):
    vision = embedder.embed(["Detecting pedestrians in street images with a convolutional detector"])[0]
    analyses = [
        analysis("a", categories=("cs.CL", "cs.CV")),
        PaperAnalysis(Paper("b", "Pedestrian detection", ""), [], np.asarray(vision)),
        analysis("c"),  # no category, no embedding: nothing to decide by
    ]
    area_links(analyses, embedder, TAXONOMY)
    assert [(link.target.name, link.evidence) for link in analyses[0].links] == [
        ("natural language processing", "arXiv category cs.CL")
    ]
    assert [link.target.name for link in analyses[1].links] == ["computer vision"]
    assert analyses[2].links == []


def about(key: str, score: float) -> Link:
    return Link(Relation.ABOUT, Entity(Label.CONCEPT, key, key), "", score)


def test_a_bare_task_word_means_the_task_of_the_papers_area(embedder):
    analyses = [
        PaperAnalysis(Paper("v", "t", "a", categories=("cs.CV",)), [about("classification", 0.6)]),
        PaperAnalysis(
            Paper("n", "t", "a", categories=("cs.CL",)), [about("translation", 0.5), about("classification", 0.4)]
        ),
        PaperAnalysis(
            Paper("x", "t", "a", categories=("cs.CV",)), [about("translation", 0.5)]
        ),  # no one sense in vision
    ]
    area_links(analyses, embedder, TAXONOMY)
    assert [(link.target.key, link.score) for link in analyses[0].links] == [
        ("classification", 0.6),
        ("image classification", 0.6),
        ("computer vision", 1.0),
    ]
    assert [link.target.key for link in analyses[1].links] == [
        "translation",
        "classification",
        "machine translation",
        "text classification",
        "natural language processing",
    ]
    assert [link.target.key for link in analyses[2].links] == ["translation", "computer vision"]


def test_a_paper_already_about_the_task_gets_no_second_link_to_it(embedder):
    links = [about("segmentation", 0.5), about("image segmentation", 0.7)]
    analyses = [PaperAnalysis(Paper("v", "t", "a", categories=("eess.IV",)), list(links))]
    area_links(analyses, embedder, TAXONOMY)
    assert [link.target.key for link in analyses[0].links if link.target.key == "image segmentation"] == [
        "image segmentation"
    ]


def test_a_phrase_kg_does_not_ship_means_the_area_task_of_its_head_word_a_shipped_one_keeps_its_own(embedder):
    links = [about("histogram transformer", 0.5), about("text classification", 0.5)]
    analyses = [PaperAnalysis(Paper("v", "t", "a", categories=("cs.CV",)), links)]
    area_links(analyses, embedder, TAXONOMY)
    assert [link.target.key for link in analyses[0].links] == [
        "histogram transformer",
        "text classification",
        "vision transformer",
        "computer vision",
    ]
