"""One chunk of papers analysed in one process: the work every extraction engine (local, worker pool, Ray) runs.

`ChunkExtractor` holds what a process needs (the model, the embedding store, the corpus acronym
table) and turns a chunk of PaperTexts into PaperAnalyses: the model-free work (noun-phrase
candidates, named entities), then one batched encode of the chunk's distinct phrases and documents.
"""

from __future__ import annotations

from kg.embeddings import Embedder, EmbeddingCache, EmbeddingStore, MemoryEmbeddingStore, load_encoder
from kg.extract.acronyms import AcronymTable
from kg.extract.concepts.aboutness import about_links
from kg.extract.concepts.keyphrases import find_candidates, rank_keyphrases
from kg.extract.entities.resolve import extract_entities
from kg.extract.options import ExtractOptions
from kg.extract.paper_text import PaperText
from kg.records import Entity, Label, Link, PaperAnalysis, Relation
from kg.vocabulary.taxonomy import load_taxonomy

__all__ = ["ChunkExtractor", "corpus_embedder"]


def corpus_embedder(options: ExtractOptions) -> Embedder:
    """The embedder `options` ask for, in this process (the model loads once per process)."""
    store: EmbeddingStore = EmbeddingCache() if options.cache else MemoryEmbeddingStore()
    return Embedder(load_encoder(options.model, device=options.device), store)


class ChunkExtractor:
    """Everything one process needs to analyse chunks: the model, the embedding store, the acronym table."""

    def __init__(self, options: ExtractOptions, acronyms: AcronymTable) -> None:
        """Load the model (once per process) and open the embedding store the options ask for."""
        self.embedder = corpus_embedder(options)
        self.options = options
        self.acronyms = acronyms

    def analyze(self, texts: list[PaperText]) -> list[PaperAnalysis]:
        """Entities, concepts and embeddings of a chunk of papers: the model-free work, then one batched encode."""
        candidates = find_candidates(texts, self.acronyms)
        entity_links = [extract_entities(text, self.acronyms) for text in texts]
        batch = rank_keyphrases(candidates, self.embedder, self.acronyms, top_n=self.options.top_n)
        about = about_links(texts, candidates.groups, batch.document_embeddings, self.embedder, load_taxonomy())
        analyses = []
        for text, links, keyphrases, embedding, about_concepts in zip(
            texts, entity_links, batch.keyphrases, batch.document_embeddings, about
        ):
            concepts = [
                Link(
                    Relation.MENTIONS,
                    Entity(Label.CONCEPT, phrase.key, phrase.name, phrase.aliases),
                    phrase.evidence,
                    phrase.score,
                    rank,
                )
                for rank, phrase in enumerate(keyphrases, start=1)
            ]
            analyses.append(
                PaperAnalysis(
                    text.paper, links + concepts + about_concepts, embedding if self.options.embeddings else None
                )
            )
        return analyses
