"""Every paper in a broad area: from its arXiv category or its embedding, and what bare task words mean there."""

from __future__ import annotations

import numpy as np
import pytest

from kg.embeddings import Embedder, load_encoder
from kg.extract.concepts.areas import area_links
from kg.extract.corpus import Corpus
from kg.records import Entity, Label, Link, Paper, PaperAnalysis, Relation
from kg.vocabulary.taxonomy import load_taxonomy

TAXONOMY = load_taxonomy()


def analysis(paper_id: str, *about: str, categories: tuple[str, ...] = ()) -> PaperAnalysis:
    links = [Link(Relation.ABOUT, Entity(Label.CONCEPT, key, key), "", 0.5) for key in about]
    return PaperAnalysis(Paper(paper_id, f"Title {paper_id}", "", categories=categories), links)


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
    area_links(analyses, Corpus(TAXONOMY, load_embedder=lambda: embedder))
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
    area_links(analyses, Corpus(TAXONOMY, load_embedder=lambda: embedder))
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
    area_links(analyses, Corpus(TAXONOMY, load_embedder=lambda: embedder))
    assert [link.target.key for link in analyses[0].links if link.target.key == "image segmentation"] == [
        "image segmentation"
    ]


def test_a_phrase_kg_does_not_ship_means_the_area_task_of_its_head_word_a_shipped_one_keeps_its_own(embedder):
    links = [about("histogram transformer", 0.5), about("text classification", 0.5)]
    analyses = [PaperAnalysis(Paper("v", "t", "a", categories=("cs.CV",)), links)]
    area_links(analyses, Corpus(TAXONOMY, load_embedder=lambda: embedder))
    assert [link.target.key for link in analyses[0].links] == [
        "histogram transformer",
        "text classification",
        "vision transformer",
        "computer vision",
    ]
