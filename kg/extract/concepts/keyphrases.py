"""Concepts: KeyBERT keyphrases over noun-phrase candidates, each distinct phrase embedded once.

For a batch of papers, every paper's noun phrases (kg.extract.concepts.candidates) are grouped by
canonical key (acronyms resolved through the corpus AcronymTable, so "LLMs" and "large language
model (LLM)" are one key). The keys of all papers form one vocabulary (a CountVectorizer whose
analyzer returns each paper's keys) that KeyBERT embeds in one call through kg's batching,
caching `Embedder`, and KeyBERT's MMR picks each paper's top N phrases by cosine to the paper's
embedding, near-duplicates removed. kg then adds small priors to the cosine (phrases of the title
or of the opening sentence rank higher, single words lower) and orders the N by that score.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from keybert import KeyBERT
from keybert.backend import BaseEmbedder
from sklearn.feature_extraction.text import CountVectorizer

from kg.embeddings import Embedder
from kg.extract.acronyms import AcronymTable
from kg.extract.concepts.candidates import Candidate, noun_phrase_candidates
from kg.extract.paper_text import PaperText
from kg.vocabulary.canonical import canonical_key
from kg.vocabulary.lexicon import load_word_list
from kg.vocabulary.spelling import is_acronym

__all__ = [
    "CandidateBatch",
    "PhraseGroup",
    "Keyphrase",
    "KeyphraseBatch",
    "RankingWeights",
    "extract_keyphrases",
    "find_candidates",
    "rank_keyphrases",
]


class _KeyBERTBackend(BaseEmbedder):
    """KeyBERT's embedding seam served by kg's Embedder, so KeyBERT's encodes are batched, de-duplicated and cached."""

    def __init__(self, embedder: Embedder) -> None:
        """Serve KeyBERT's embedding requests from `embedder`."""
        super().__init__(embedding_model=embedder.encoder.model)
        self.embedder = embedder

    def embed(self, documents: Sequence[str], verbose: bool = False) -> np.ndarray:
        """Embeddings of `documents` (KeyBERT passes its vocabulary as a numpy array of str)."""
        return self.embedder.embed([str(document) for document in documents])


@dataclass(frozen=True, slots=True)
class Keyphrase:
    """One concept of a paper: canonical `key`, display `name`, surface forms, ranking score, first sentence."""

    key: str
    name: str
    aliases: tuple[str, ...]
    score: float
    evidence: str


@dataclass(frozen=True)
class RankingWeights:
    """How candidates are ranked: KeyBERT's MMR diversity, and kg's position/length priors on the score.

    Tuned on the even-numbered half of the Inspec validation split (docs/quality.md).
    """

    diversity: float = 0.3  # KeyBERT's MMR diversity (0 = pure relevance)
    title_bonus: float = 0.15  # the phrase occurs in the title
    early_bonus: float = 0.06  # ...or first occurs in the first `early_sentences` abstract sentences
    early_sentences: int = 1
    single_word_penalty: float = 0.05


@dataclass
class KeyphraseBatch:
    """The keyphrases of each paper of a batch (in paper order) and the papers' embeddings (rows)."""

    keyphrases: list[list[Keyphrase]]
    document_embeddings: np.ndarray


@dataclass
class PhraseGroup:
    """All occurrences in one paper of the phrases sharing one key."""

    key: str
    occurrences: list[Candidate] = field(default_factory=list)
    expansions: list[str] = field(default_factory=list)  # surfaces with their acronyms spelled out

    def aliases(self, acronyms: AcronymTable) -> tuple[str, ...]:
        """Every surface form seen, spelled-out acronyms, and both forms of a matching acronym definition."""
        surfaces = list(dict.fromkeys(occurrence.text for occurrence in self.occurrences))
        defined = [alias for surface in surfaces for alias in acronyms.aliases(surface)]
        return tuple(dict.fromkeys(surfaces + self.expansions + defined))

    def name(self) -> str:
        """The display form: the surface written most often in the abstract (the title's if only there)."""
        in_abstract = [occurrence.text for occurrence in self.occurrences if occurrence.sentence_index > 0]
        counts = Counter(in_abstract or [occurrence.text for occurrence in self.occurrences])
        return max(counts, key=lambda surface: counts[surface])  # max keeps the first of ties

    def prior(self, weights: RankingWeights) -> float:
        """The position and length prior added to the cosine score (sentence 0 is the title)."""
        first_sentence = min(occurrence.sentence_index for occurrence in self.occurrences)
        bonus = 0.0
        if first_sentence == 0:
            bonus = weights.title_bonus
        elif first_sentence - 1 < weights.early_sentences:
            bonus = weights.early_bonus
        if len(self.key.split()) == 1:
            bonus -= weights.single_word_penalty
        return bonus


@dataclass
class CandidateBatch:
    """Papers with their candidate phrases grouped by concept key: the model-free half of extraction."""

    texts: list[PaperText]
    groups: list[dict[str, PhraseGroup]]


def find_candidates(texts: Sequence[PaperText], acronyms: AcronymTable) -> CandidateBatch:
    """Each paper's noun phrases grouped by concept key (acronyms resolved), boilerplate and generic nouns dropped."""
    return CandidateBatch(list(texts), [_phrase_groups(text, acronyms) for text in texts])


def rank_keyphrases(
    batch: CandidateBatch,
    embedder: Embedder,
    acronyms: AcronymTable,
    top_n: int = 10,
    weights: RankingWeights = RankingWeights(),
) -> KeyphraseBatch:
    """The top `top_n` concepts of each paper, ranked by cosine to the paper plus priors, MMR dropping near-twins."""
    texts = [text.document for text in batch.texts]
    document_embeddings = embedder.embed(texts)
    groups_by_text = {text: paper_groups for text, paper_groups in zip(texts, batch.groups)}
    keyphrases: list[list[Keyphrase]] = [[] for _ in batch.texts]
    if top_n <= 0 or not any(batch.groups):
        return KeyphraseBatch(keyphrases, document_embeddings)
    vectorizer = CountVectorizer(analyzer=lambda text: list(groups_by_text[text]), lowercase=False)
    picked = KeyBERT(model=_KeyBERTBackend(embedder)).extract_keywords(
        texts,
        vectorizer=vectorizer,
        use_mmr=True,
        diversity=weights.diversity,
        top_n=top_n,
        doc_embeddings=document_embeddings,
    )
    if len(batch.texts) == 1:
        picked = [picked]  # KeyBERT unwraps the result of a single document
    for index, (paper_groups, paper_picks) in enumerate(zip(batch.groups, picked)):
        scored = [(cosine + paper_groups[key].prior(weights), key) for key, cosine in paper_picks]
        scored.sort(key=lambda pair: (-pair[0], pair[1]))
        keyphrases[index] = [_keyphrase(paper_groups[key], score, acronyms) for score, key in scored]
    return KeyphraseBatch(keyphrases, document_embeddings)


def extract_keyphrases(
    texts: Sequence[PaperText],
    embedder: Embedder,
    acronyms: AcronymTable,
    top_n: int = 10,
    weights: RankingWeights = RankingWeights(),
) -> KeyphraseBatch:
    """Find candidates and rank them: the top `top_n` concepts of each paper and the papers' embeddings."""
    return rank_keyphrases(find_candidates(texts, acronyms), embedder, acronyms, top_n, weights)


def _keyphrase(group: PhraseGroup, score: float, acronyms: AcronymTable) -> Keyphrase:
    """The Keyphrase of one ranked phrase group."""
    return Keyphrase(
        group.key, group.name(), group.aliases(acronyms), round(float(score), 4), group.occurrences[0].evidence
    )


def _phrase_groups(text: PaperText, acronyms: AcronymTable) -> dict[str, PhraseGroup]:
    """The paper's candidate phrases grouped by concept key, boilerplate and generic nouns dropped."""
    groups: dict[str, PhraseGroup] = {}
    for candidate in noun_phrase_candidates(text):
        expanded = _expand_acronyms(candidate.text, acronyms)
        key = canonical_key(expanded)
        if not key or _is_boilerplate(key):
            continue
        group = groups.setdefault(key, PhraseGroup(key))
        group.occurrences.append(candidate)
        if expanded != candidate.text:
            group.expansions.append(expanded)
    return groups


def _expand_acronyms(surface: str, acronyms: AcronymTable) -> str:
    """`surface` with every acronym-looking word ("LLMs", "HSI") that the corpus defines replaced by its long form."""
    words = surface.split()
    expanded = [(acronyms.long_form(word) or word) if is_acronym(word) else word for word in words]
    return " ".join(expanded) if expanded != words else surface


@functools.cache
def _boilerplate() -> tuple[frozenset[str], frozenset[str]]:
    """Keys that never become concepts, and last words that make any phrase boilerplate ("* word" lines)."""
    entries = load_word_list("keyphrase_boilerplate")
    heads = frozenset(entry.removeprefix("*").strip() for entry in entries if entry.startswith("*"))
    return frozenset(canonical_key(entry) for entry in entries if not entry.startswith("*")), heads


def _is_boilerplate(key: str) -> bool:
    """True for page furniture and generic nouns: listed keys, and phrases ending in a listed last word."""
    keys, heads = _boilerplate()
    return key in keys or key.rsplit(" ", 1)[-1] in heads
