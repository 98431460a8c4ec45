"""What a paper is substantially about: the evidence for each concept it names, and the rule that turns it into ABOUT.

For one paper, every concept it names is gathered with its evidence: the shipped concepts
(kg.vocabulary.taxonomy) found anywhere in the title or abstract by any of their spellings, and the
paper's own noun phrases (the keyphrase candidates). An occurrence in a passing context does not
count ("unlike diffusion models, ...", "compared with LLM-based methods", "e.g., object
detection"), nor does one in the background an abstract opens with, before it says what the paper
does ("Recent advances in large language models have ..."). What counts is in which sentences the
concept occurs (the title is sentence 0) and how close the concept's name is to the paper's
embedding. `is_about` decides: a concept in the title, or in at least two sentences, or in one
sentence and close to the whole paper.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from kg.embeddings import Embedder
from kg.extract.concepts.keyphrases import PhraseGroup
from kg.extract.corpus import Corpus
from kg.extract.paper_text import PaperText
from kg.records import Entity, Label, Link, PaperAnalysis, Relation
from kg.vocabulary.taxonomy import Taxonomy

__all__ = [
    "AboutRule",
    "ConceptEvidence",
    "about_links",
    "background_sentences",
    "concept_evidence",
    "is_about",
    "keep_shared",
]

# Words right before an occurrence that make it a passing mention: a contrast, an example, prior work.
_PASSING_BEFORE = re.compile(
    r"""\b(?:unlike|than|versus|vs|compared\s+(?:to|with)|in\s+contrast\s+to|instead\s+of|rather\s+than|
    other\s+than|beyond|such\s+as|e\.?g|i\.?e|including|like|outperform\w*|surpass\w*|existing|previous|
    prior|traditional|conventional|classical)\W+(?:[\w-]+\W+){0,3}$""",
    re.IGNORECASE | re.VERBOSE,
)

# The paper speaking of its own work: a sentence with one of these is no longer background.
_OWN_WORK = re.compile(
    r"\b(?:we|our|us|here|this\s+(?:paper|work|study|article|survey|thesis|report|letter)|in\s+this)\b", re.IGNORECASE
)
# What the field's state is said with, in the opening sentences of an abstract.
_BACKGROUND_CUE = re.compile(
    r"""\b(?:recent(?:ly)?|advances?|advent|success(?:es|ful)?|emerg\w*|remarkable|widely|increasingly|growing|
    popular\w*|rise|rapid\w*|(?:have|has)\s+(?:shown|demonstrated|achieved|become|gained))\b""",
    re.IGNORECASE | re.VERBOSE,
)


@dataclass(frozen=True)
class AboutRule:
    """When evidence makes a paper about a concept (see `is_about`); tuned on the tune half of the topic gold."""

    min_sentences: int = 2  # counted sentences (title included) that make it about the concept outright
    min_cosine: float = 0.30  # a concept in one sentence only must be at least this close to the paper


@dataclass
class ConceptEvidence:
    """One concept a paper names: its key, how it was written, whether kg ships it, where it counts."""

    key: str
    shipped: bool
    forms: dict[str, None] = field(default_factory=dict)  # as written, in order of appearance
    sentences: set[int] = field(default_factory=set)  # counted occurrences' sentence indices (0 = the title)
    passing: int = 0  # occurrences in passing contexts (not counted)
    evidence: str = ""  # the first sentence with a counted occurrence
    cosine: float = 0.0  # of the concept's name to the paper (set by the caller, which holds the model)

    def count(self, sentence_index: int, sentence: str, written: str) -> None:
        """Record one counted occurrence; the evidence is the earliest sentence with one."""
        self.forms.setdefault(written)
        if not self.sentences or sentence_index < min(self.sentences):
            self.evidence = sentence
        self.sentences.add(sentence_index)


def concept_evidence(
    text: PaperText, phrase_keys: Mapping[str, Iterable[tuple[str, int]]], taxonomy: Taxonomy
) -> dict[str, ConceptEvidence]:
    """The concepts `text` names, with their evidence (cosines left at 0 for the caller to fill).

    `phrase_keys` holds the paper's noun phrases: concept key -> (surface, sentence index) of each
    occurrence; shipped concepts are looked up in every sentence by all their spellings.
    """
    found: dict[str, ConceptEvidence] = {}
    background = background_sentences(text.sentences)
    for index, sentence in enumerate(text.sentences):
        for occurrence in taxonomy.index.find(sentence):
            evidence = found.setdefault(occurrence.concept, ConceptEvidence(occurrence.concept, shipped=True))
            _record(evidence, index, sentence, occurrence.written, index in background)
    for key, occurrences in phrase_keys.items():
        if key in found:
            continue
        for surface, index in occurrences:
            shipped = taxonomy.index.concept_named(surface)  # "satellite imagery" is a spelling of remote sensing
            target = shipped if shipped is not None else key
            evidence = found.setdefault(target, ConceptEvidence(target, shipped=target in taxonomy))
            _record(evidence, index, text.sentences[index], surface, index in background)
    return {key: evidence for key, evidence in found.items() if evidence.sentences}


def background_sentences(sentences: Sequence[str]) -> set[int]:
    """Indices of the abstract's opening sentences that tell the field's state, not the paper's work.

    Only sentences before the first one that speaks of the paper's own work ("we", "this paper")
    qualify, and only with a cue of that kind of telling ("recent advances", "have shown"); the
    title (index 0) never does.
    """
    background = set()
    for index, sentence in enumerate(sentences[1:], start=1):
        if _OWN_WORK.search(sentence):
            break
        if _BACKGROUND_CUE.search(sentence):
            background.add(index)
    return background


def _record(evidence: ConceptEvidence, index: int, sentence: str, written: str, background: bool) -> None:
    """Count one occurrence, unless it is a passing mention or in the background the abstract opens with."""
    position = sentence.find(written)
    if background or (position >= 0 and _PASSING_BEFORE.search(sentence[:position])):
        evidence.passing += 1
    else:
        evidence.count(index, sentence, written)


def is_about(evidence: ConceptEvidence, rule: AboutRule = AboutRule()) -> bool:
    """Whether the paper is about the concept: in its title, in `min_sentences` sentences, or once and close to it."""
    if 0 in evidence.sentences or len(evidence.sentences) >= rule.min_sentences:
        return True
    return evidence.cosine >= rule.min_cosine


def about_links(
    texts: Sequence[PaperText],
    groups: Sequence[Mapping[str, PhraseGroup]],
    document_embeddings: np.ndarray,
    embedder: Embedder,
    taxonomy: Taxonomy,
    rule: AboutRule = AboutRule(),
) -> list[list[Link]]:
    """The ABOUT links of each paper of a batch: concepts its evidence makes it about, with a salience score.

    Concept names are embedded in one batched call (each distinct name once; most are already in
    the store, KeyBERT embedded the phrases) to give every evidence its cosine to the paper.
    """
    evidences = [
        concept_evidence(
            text,
            {key: [(item.text, item.sentence_index) for item in group.occurrences] for key, group in paper.items()},
            taxonomy,
        )
        for text, paper in zip(texts, groups)
    ]
    names = sorted({_embedded_name(evidence, taxonomy) for paper in evidences for evidence in paper.values()})
    vectors = dict(zip(names, embedder.embed(names))) if names else {}
    links = []
    for paper, paper_groups, document in zip(evidences, groups, document_embeddings):
        chosen = []
        for _, evidence in sorted(paper.items()):
            evidence.cosine = float(np.dot(vectors[_embedded_name(evidence, taxonomy)], document))
            if is_about(evidence, rule):
                chosen.append(
                    Link(
                        Relation.ABOUT,
                        _concept(evidence, paper_groups, taxonomy),
                        evidence.evidence,
                        _salience(evidence),
                    )
                )
        links.append(chosen)
    return links


def _embedded_name(evidence: ConceptEvidence, taxonomy: Taxonomy) -> str:
    """What is embedded for a concept: a shipped concept's name, else the phrase's key (as KeyBERT embeds it)."""
    return taxonomy.concepts[evidence.key].name if evidence.shipped else evidence.key


def _salience(evidence: ConceptEvidence) -> float:
    """How central the concept is to the paper: its cosine, plus a little per sentence and for the title."""
    return round(
        evidence.cosine + 0.05 * min(len(evidence.sentences), 4) + (0.1 if 0 in evidence.sentences else 0.0), 4
    )


def _concept(evidence: ConceptEvidence, groups: Mapping[str, PhraseGroup], taxonomy: Taxonomy) -> Entity:
    """The Concept entity of an evidence: a shipped concept's name, else the phrase's display form."""
    if evidence.shipped:
        return taxonomy.concept_entity(evidence.key, tuple(evidence.forms))
    group = groups.get(evidence.key)
    name = group.name() if group is not None else next(iter(evidence.forms))
    return Entity(Label.CONCEPT, evidence.key, name, tuple(evidence.forms))


def keep_shared(analyses: list[PaperAnalysis], corpus: Corpus) -> None:
    """Corpus pass: drop ABOUT links to phrases only one paper is about (shipped concepts always stay).

    Reads every paper's ABOUT links and the taxonomy; writes (removes) ABOUT links. A concept only one
    paper is about connects nothing; its paper still names it (MENTIONS).
    """
    taxonomy = corpus.taxonomy
    papers_of: dict[str, int] = {}
    for analysis in analyses:
        for link in analysis.links:
            if link.relation is Relation.ABOUT:
                papers_of[link.target.key] = papers_of.get(link.target.key, 0) + 1
    for analysis in analyses:
        analysis.links = [
            link
            for link in analysis.links
            if link.relation is not Relation.ABOUT or link.target.key in taxonomy or papers_of[link.target.key] >= 2
        ]
