"""Keyphrase quality on Inspec (Hulth 2003) with the standard scoring, for kg and for vanilla KeyBERT.

Scoring (the data README's): per document, predicted and gold phrases are lowercased, punctuation
becomes spaces and every word is Porter-stemmed (NLTK's PorterStemmer, no data download); a
prediction is correct when its stemmed form equals a stemmed gold phrase. Precision@k divides the
correct predictions among the first k (duplicates after stemming removed) by k; gold phrases that
never occur in the text stay in the gold set. P, R and F1 are computed per document and averaged
(macro), reported in percent.

    python bench/inspec.py                 # kg and vanilla KeyBERT on all 500 documents
    python bench/inspec.py --split odd     # the half not used for tuning kg's weights
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from nltk.stem import PorterStemmer

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from kg.records import Paper  # noqa: E402

__all__ = [
    "InspecDocument",
    "Scores",
    "data_dir",
    "kg_keyphrases",
    "load_inspec",
    "normalize_phrase",
    "score_at",
    "vanilla_keyphrases",
]

_PUNCTUATION = re.compile(r"[^\w\s]|_")
_STEMMER = PorterStemmer()


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


def data_dir() -> Path:
    """The shared data folder: $KG_DATA_DIR, else ../shared/data next to the repository."""
    return Path(os.environ.get("KG_DATA_DIR") or REPO.parent / "shared" / "data")


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
    return " ".join(_STEMMER.stem(word) for word in _PUNCTUATION.sub(" ", phrase.lower()).split())


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


def kg_keyphrases(documents: Sequence[InspecDocument], top_n: int = 10, **weights: float) -> list[list[str]]:
    """kg's concepts (display names, ranked by score) for each document, extracted as `kg build` does."""
    from kg.embeddings import Embedder, load_encoder
    from kg.extract.acronyms import build_acronym_table
    from kg.extract.keyphrases import RankingWeights, extract_keyphrases
    from kg.extract.paper_text import read_paper_text

    texts = [read_paper_text(document.as_paper()) for document in documents]
    batch = extract_keyphrases(
        texts,
        Embedder(load_encoder()),
        build_acronym_table(texts),
        top_n=top_n,
        weights=RankingWeights(**weights),
    )
    return [[keyphrase.name for keyphrase in keyphrases] for keyphrases in batch.keyphrases]


def vanilla_keyphrases(documents: Sequence[InspecDocument], top_n: int = 10) -> list[list[str]]:
    """Vanilla KeyBERT's keyphrases (1–3-grams, English stop words), one call per document as the issue measures."""
    from keybert import KeyBERT

    from kg.embeddings import load_encoder

    model = KeyBERT(model=load_encoder(precision="float32").model)
    return [
        [
            phrase
            for phrase, _ in model.extract_keywords(
                f"{document.title}\n{document.abstract}",
                keyphrase_ngram_range=(1, 3),
                stop_words="english",
                top_n=top_n,
            )
        ]
        for document in documents
    ]


def _report(
    name: str, extract: Callable[[Sequence[InspecDocument]], list[list[str]]], documents: Sequence[InspecDocument]
) -> None:
    """Run one extractor and print its F1@5/F1@10 row."""
    started = time.perf_counter()
    predictions = extract(documents)
    seconds = time.perf_counter() - started
    gold = [document.keyphrases for document in documents]
    at5, at10 = score_at(predictions, gold, 5), score_at(predictions, gold, 10)
    print(
        f"| {name} | {len(documents)} | {at5.precision:.1f} | {at5.recall:.1f} | {at5.f1:.1f} "
        f"| {at10.precision:.1f} | {at10.recall:.1f} | {at10.f1:.1f} | {len(documents) / seconds:.1f} |",
        flush=True,
    )


def main() -> None:
    """Print the quality table for the chosen methods and split."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--data", type=Path, default=None, help="inspec_dev.jsonl (default: $KG_DATA_DIR or ../shared/data)"
    )
    parser.add_argument("--split", choices=["all", "even", "odd"], default="all")
    parser.add_argument("--method", choices=["kg", "vanilla", "both"], default="both")
    arguments = parser.parse_args()
    documents = load_inspec(arguments.data or data_dir() / "inspec_dev.jsonl", arguments.split)
    print("| method | docs | P@5 | R@5 | F1@5 | P@10 | R@10 | F1@10 | docs/s |")
    print("|---|---|---|---|---|---|---|---|---|")
    if arguments.method in ("kg", "both"):
        _report("kg", kg_keyphrases, documents)
    if arguments.method in ("vanilla", "both"):
        _report("vanilla KeyBERT", vanilla_keyphrases, documents)


if __name__ == "__main__":
    main()
