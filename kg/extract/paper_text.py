"""A paper read once for every extractor: its title and abstract sentences and its acronym definitions.

Every extractor (noun phrases, acronyms, methods and datasets, repositories) works on the same
`PaperText`, so a sentence is the same string wherever it is quoted as evidence and the acronym
definitions of a paper are found once, for the corpus table and for the paper's own entities.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from kg.extract.acronyms import AcronymDefinition, AcronymTable, find_acronym_definitions, find_title_definition
from kg.extract.text import split_sentences, unescape_latex_specials
from kg.records import Paper

__all__ = ["PaperText", "build_acronym_table", "read_paper_text"]


@dataclass(frozen=True)
class PaperText:
    """One paper's text, split once: sentence 0 is the title ("" when there is none), then the abstract's."""

    paper: Paper
    sentences: tuple[str, ...]
    definitions: tuple[AcronymDefinition, ...]  # the title's ("PYRA: Parallel Yielding ...") first, then the text's

    @property
    def title(self) -> str:
        """The title as one sentence (stripped)."""
        return self.sentences[0]

    @property
    def abstract_sentences(self) -> tuple[str, ...]:
        """The abstract's sentences, in order."""
        return self.sentences[1:]

    @property
    def document(self) -> str:
        """Title and abstract as the one text the paper's embedding is computed from."""
        return f"{self.paper.title}\n\n{self.paper.abstract}"


def read_paper_text(paper: Paper) -> PaperText:
    """Split `paper` into sentences (TeX escapes such as "\\%" written plainly) and find its acronym definitions."""
    title = unescape_latex_specials(paper.title.strip())
    sentences = (title, *split_sentences(unescape_latex_specials(paper.abstract)))
    title_definition = find_title_definition(title)
    found = find_acronym_definitions(sentence for sentence in sentences if sentence)
    return PaperText(paper, sentences, tuple(([title_definition] if title_definition else []) + found))


def build_acronym_table(texts: Iterable[PaperText]) -> AcronymTable:
    """The acronym table of a whole build, from the definitions each paper's text holds."""
    return AcronymTable(definition for text in texts for definition in text.definitions)
