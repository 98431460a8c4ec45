"""The corpus passes' contract: what a step over all papers of a build may read and what it changes.

After every chunk is analysed, `kg.extract.pipeline.CORPUS_PASSES` runs in order over all the
analyses. Each pass is a function `(analyses, corpus) -> None` that changes only the links of the
analyses it is given (in place) and reads nothing but those analyses and the `Corpus` (the shipped
taxonomy and, only when a pass asks for it, the embedding model); its docstring says what it reads
and writes.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field

from kg.embeddings import Embedder
from kg.records import PaperAnalysis
from kg.vocabulary.taxonomy import Taxonomy

__all__ = ["Corpus", "CorpusPass"]


@dataclass
class Corpus:
    """What corpus passes read besides the analyses: the shipped taxonomy and the build's embedding model."""

    taxonomy: Taxonomy
    load_embedder: Callable[[], Embedder] = field(default=lambda: _no_model())

    @functools.cached_property
    def embedder(self) -> Embedder:
        """The embedding model and store of the build, loaded on first use (once per process)."""
        return self.load_embedder()


def _no_model() -> Embedder:
    """The model of a corpus built without one: a pass that asks for it is a programming error."""
    raise RuntimeError("this corpus has no embedding model; give Corpus a load_embedder")


CorpusPass = Callable[[list[PaperAnalysis], Corpus], None]
"""A step over all papers of a build: changes the analyses' links in place (see the module docstring)."""
