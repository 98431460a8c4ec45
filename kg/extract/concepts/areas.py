"""Every paper's broad research area: from its arXiv category, else from its text, and what bare task words mean there.

A paper whose primary arXiv category kg maps to an area (kg/vocabulary/data/arxiv_areas.tsv) is ABOUT
that area; one without a known category is ABOUT the area whose name is closest to its embedding. A
paper its category puts in an area is also linked to what the bare task words it is about mean there
("classification" in a computer-vision paper: image classification; kg/vocabulary/data/area_senses.tsv),
and so is one about a phrase kg does not ship, by its head word ("histogram transformer": vision transformer).
"""

from __future__ import annotations

import numpy as np

from kg.extract.corpus import Corpus
from kg.records import Link, PaperAnalysis, Relation
from kg.vocabulary.taxonomy import Taxonomy

__all__ = ["area_links"]


def area_links(analyses: list[PaperAnalysis], corpus: Corpus) -> None:
    """Corpus pass: give every paper an ABOUT link to a broad area (see the module docstring).

    Reads each paper's categories, embedding and ABOUT links, the taxonomy and the model (to embed the
    area names); writes ABOUT links to areas and area senses.
    A paper without an embedding (built with --no-embeddings) and without a known category gets none.
    """
    taxonomy = corpus.taxonomy
    areas = sorted(concept.key for concept in taxonomy if concept.kind == "area")
    vectors = corpus.embedder.embed([taxonomy.concepts[key].name for key in areas]) if areas else np.zeros((0, 0))
    for analysis in analyses:
        primary = next(iter(analysis.paper.categories), None)
        area = taxonomy.area_of_category.get(primary) if primary is not None else None
        evidence = f"arXiv category {primary}" if area is not None else ""
        score = 1.0
        if area is not None:
            analysis.links.extend(_sense_links(analysis, area, taxonomy))
        elif analysis.embedding is not None and areas:
            similarities = vectors @ np.asarray(analysis.embedding, dtype=np.float32)
            best = int(np.argmax(similarities))
            area, evidence, score = areas[best], "closest area to the paper", round(float(similarities[best]), 4)
        if area is not None:
            analysis.links.append(Link(Relation.ABOUT, taxonomy.concept_entity(area), evidence, score))


def _sense_links(analysis: PaperAnalysis, area: str, taxonomy: Taxonomy) -> list[Link]:
    """ABOUT links to what the bare task words `analysis` is about mean in `area`, with their scores."""
    linked = {link.target.key for link in analysis.links if link.relation is Relation.ABOUT}
    senses: list[Link] = []
    for link in analysis.links:
        if link.relation is not Relation.ABOUT:
            continue
        key = link.target.key
        sense = taxonomy.sense_in_area(area, key if key in taxonomy else key.rsplit(" ", 1)[-1])  # else its head word
        if sense is not None and sense not in linked:
            linked.add(sense)
            evidence = f"about {link.target.name!r} in a {taxonomy.concepts[area].name} paper"
            senses.append(Link(Relation.ABOUT, taxonomy.concept_entity(sense), evidence, link.score))
    return senses
