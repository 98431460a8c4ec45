"""Keyphrase quality with the standard Inspec (Hulth 2003) scoring: what bench/inspec.py reports and tests check.

Per document, predicted and gold phrases are lowercased, punctuation becomes spaces and every word
is Porter-stemmed (NLTK's PorterStemmer, no data download); a prediction is correct when its
stemmed form equals a stemmed gold phrase. Precision@k divides the correct predictions among the
first k (duplicates after stemming removed) by k; gold phrases that never occur in the text stay in
the gold set. P, R and F1 are computed per document and averaged (macro), reported in percent.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.errors import KgError
from kg.records import Paper

if TYPE_CHECKING:
    from kg.extract.concepts.keyphrases import RankingWeights

__all__ = ["InspecDocument", "Scores", "kg_keyphrases", "load_inspec", "normalize_phrase", "score_at"]

_PUNCTUATION = re.compile(r"[^\w\s]|_")


@dataclass(frozen=True)
class InspecDocument:
    """One Inspec document: its id, title, abstract and the indexers' keyphrases."""

    id: str
    title: str
    abstract: str
    keyphrases: tuple[str, ...]

    def as_paper(self) -> Paper:
        """The document as a kg Paper."""
        return Paper(id=self.id, title=self.title, abstract=self.abstract)


@dataclass(frozen=True)
class Scores:
    """Macro-averaged precision, recall and F1 at some k, in percent."""

    precision: float
    recall: float
    f1: float


def load_inspec(path: Path, split: str = "all") -> list[InspecDocument]:
    """Inspec documents from a JSON-lines file; `split` "even"/"odd" keeps every other document (by line)."""
    documents = []
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines):
            if split == "all" or (number % 2 == 0) == (split == "even"):
                record = json.loads(line)
                documents.append(
                    InspecDocument(record["id"], record["title"], record["abstract"], tuple(record["keyphrases"]))
                )
    return documents


def normalize_phrase(phrase: str) -> str:
    """Lowercase, punctuation to spaces, every word Porter-stemmed."""
    stem = _stemmer().stem
    return " ".join(stem(word) for word in _PUNCTUATION.sub(" ", phrase.lower()).split())


@functools.cache
def _stemmer() -> Any:
    """NLTK's Porter stemmer (no data download); part of kg's test and bench extras."""
    try:
        from nltk.stem import PorterStemmer
    except ImportError:
        raise KgError("keyphrase scoring needs NLTK's Porter stemmer: pip install 'kg[bench]' (or nltk)") from None
    return PorterStemmer()


def score_at(predictions: Sequence[Sequence[str]], gold: Sequence[Sequence[str]], k: int) -> Scores:
    """Macro P/R/F1@k of ranked `predictions` against `gold` phrases, one list per document."""
    precisions, recalls, f1s = [], [], []
    for predicted, expected in zip(predictions, gold, strict=True):
        ranked = list(dict.fromkeys(normalize_phrase(phrase) for phrase in predicted))[:k]
        expected_set = {normalize_phrase(phrase) for phrase in expected}
        correct = sum(phrase in expected_set for phrase in ranked)
        precision = correct / k
        recall = correct / len(expected_set) if expected_set else 0.0
        precisions.append(precision)
        recalls.append(recall)
        f1s.append(2 * precision * recall / (precision + recall) if correct else 0.0)
    count = max(1, len(f1s))
    return Scores(100 * sum(precisions) / count, 100 * sum(recalls) / count, 100 * sum(f1s) / count)


def kg_keyphrases(
    documents: Sequence[InspecDocument], top_n: int = 10, weights: RankingWeights | None = None
) -> list[list[str]]:
    """kg's concepts (display names, ranked by score) for each document, extracted as `kg build` does."""
    from kg.embeddings import Embedder, load_encoder
    from kg.extract.concepts.keyphrases import RankingWeights, extract_keyphrases
    from kg.extract.paper_text import build_acronym_table, read_paper_text

    texts = [read_paper_text(document.as_paper()) for document in documents]
    batch = extract_keyphrases(
        texts,
        Embedder(load_encoder()),
        build_acronym_table(texts),
        top_n=top_n,
        weights=weights or RankingWeights(),
    )
    return [[keyphrase.name for keyphrase in keyphrases] for keyphrases in batch.keyphrases]
