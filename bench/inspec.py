"""Keyphrase quality on Inspec (Hulth 2003) with the standard scoring, for kg and for vanilla KeyBERT.

The scoring (the data README's, Porter-stemmed exact match, macro P/R/F1@k) is
kg.evaluate.keyphrases; this script runs kg and vanilla KeyBERT and prints the table.

    python bench/inspec.py                 # kg and vanilla KeyBERT on all 500 documents
    python bench/inspec.py --split odd     # the half not used for tuning kg's weights
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from kg.evaluate.keyphrases import InspecDocument, kg_keyphrases, load_inspec, score_at  # noqa: E402

__all__ = ["data_dir", "vanilla_keyphrases"]


def data_dir() -> Path:
    """The shared data folder: $KG_DATA_DIR, else ../shared/data next to the repository."""
    return Path(os.environ.get("KG_DATA_DIR") or REPO.parent / "shared" / "data")


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
