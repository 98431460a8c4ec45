"""Extraction throughput: kg's `analyze_papers` vs vanilla KeyBERT, on real arXiv abstracts, in one run.

Each measurement runs in its own process, timed from process start (interpreter, imports, model
load) to the last paper analysed, and reports that process's peak RSS. kg runs at its default
settings with a cold embedding cache (a fresh $KG_CACHE_DIR), then again warm (same cache).
Vanilla KeyBERT — `KeyBERT(model).extract_keywords(doc, keyphrase_ngram_range=(1, 3),
stop_words="english", top_n=10)` per document, same model — is timed on the first
`--vanilla-docs` real abstracts (model load excluded, which favours it) and reported as a rate.

Data: `arxiv_2025-04.jsonl` (3,507 real abstracts) from $KG_DATA_DIR or ../shared/data. For N
beyond that, abstracts are reused with new ids and " (copy k)" appended to the title, so every
document is still embedded, but the reused abstracts' phrases are already known: at N = 10,000
kg benefits from phrase de-duplication more than a real corpus of that size would.

    python bench/bench_extract.py                        # N = 1,000 and 10,000 (about 15 minutes)
    python bench/bench_extract.py --sizes 1000 --workers 2
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.inspec import data_dir  # noqa: E402


def write_corpus(size: int, path: Path) -> None:
    """Write `size` papers as JSON lines: the real abstracts first, then reused ones with new ids."""
    records = [json.loads(line) for line in (data_dir() / "arxiv_2025-04.jsonl").open(encoding="utf-8")]
    with path.open("w", encoding="utf-8") as out:
        for index in range(size):
            record, copy = records[index % len(records)], index // len(records)
            suffix = f" (copy {copy})" if copy else ""
            out.write(
                json.dumps(
                    {
                        "id": f"{record['id']}{'-' + str(copy) if copy else ''}",
                        "title": record["title"] + suffix,
                        "abstract": record["abstract"],
                    }
                )
                + "\n"
            )


def peak_rss_mb() -> float:
    """Peak resident memory of this process and of its finished children (worker processes), in MB."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024


def child_kg(corpus: Path, workers: int) -> dict[str, float]:
    """Analyse the corpus with kg's defaults (the cache is wherever $KG_CACHE_DIR points)."""
    from kg.extract.pipeline import ExtractOptions, analyze_papers
    from kg.records import Paper

    papers = [
        Paper(id=row["id"], title=row["title"], abstract=row["abstract"])
        for row in map(json.loads, corpus.open(encoding="utf-8"))
    ]
    analyses = analyze_papers(papers, ExtractOptions(workers=workers))
    links = sum(len(analysis.links) for analysis in analyses)
    return {"papers": len(analyses), "links": links, "peak_rss_mb": peak_rss_mb()}


def child_vanilla(corpus: Path, limit: int) -> dict[str, float]:
    """Vanilla KeyBERT per document on the first `limit` papers; the rate excludes model loading."""
    from keybert import KeyBERT
    from sentence_transformers import SentenceTransformer

    from kg.embeddings import bundled_model_path

    rows = [json.loads(line) for line, _ in zip(corpus.open(encoding="utf-8"), range(limit))]
    model = KeyBERT(model=SentenceTransformer(str(bundled_model_path()), device="cpu"))
    started = time.perf_counter()
    for row in rows:
        model.extract_keywords(
            f"{row['title']}\n\n{row['abstract']}", keyphrase_ngram_range=(1, 3), stop_words="english", top_n=10
        )
    seconds = time.perf_counter() - started
    return {"papers": len(rows), "loop_seconds": seconds, "peak_rss_mb": peak_rss_mb()}


def run_child(arguments: list[str], environment: dict[str, str]) -> tuple[dict[str, float], float]:
    """Run this script as a child measurement; return its report and its wall time from process start."""
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, __file__, *arguments], env=environment, capture_output=True, text=True, check=False
    )
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"measurement {arguments} failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1]), seconds


def cached_texts(cache_dir: Path) -> int:
    """Number of distinct texts (documents and phrases) the cache holds: what the model has encoded."""
    files = list(cache_dir.glob("embeddings-*.sqlite3"))
    if not files:
        return 0
    with sqlite3.connect(files[0]) as connection:
        return int(connection.execute("SELECT count(*) FROM embedding").fetchone()[0])


def main() -> None:
    """Measure kg (cold and warm cache) and vanilla KeyBERT, print the table and the ratios."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000", help="comma-separated corpus sizes N")
    parser.add_argument("--vanilla-docs", type=int, default=200, help="documents vanilla KeyBERT is timed on")
    parser.add_argument("--workers", type=int, default=1, help="kg extraction processes")
    parser.add_argument("--child", choices=["kg", "vanilla"], help=argparse.SUPPRESS)
    parser.add_argument("--corpus", type=Path, help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.child == "kg":
        print(json.dumps(child_kg(arguments.corpus, arguments.workers)))
        return
    if arguments.child == "vanilla":
        print(json.dumps(child_vanilla(arguments.corpus, arguments.vanilla_docs)))
        return

    environment = {**os.environ, "HF_HUB_OFFLINE": "1"}
    print(
        f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at start; workers={arguments.workers}"
    )
    print("| N | run | papers/s | seconds | peak RSS MB | texts encoded | vs vanilla |")
    print("|---|---|---|---|---|---|---|")
    sizes = [int(size) for size in arguments.sizes.split(",")]
    with tempfile.TemporaryDirectory() as scratch:
        sample = Path(scratch) / "vanilla.jsonl"
        write_corpus(arguments.vanilla_docs, sample)
        vanilla, _ = run_child(
            ["--child", "vanilla", "--corpus", str(sample), "--vanilla-docs", str(arguments.vanilla_docs)], environment
        )
        vanilla_rate = vanilla["papers"] / vanilla["loop_seconds"]
        print(
            f"| {arguments.vanilla_docs} | vanilla KeyBERT (model load excluded) | {vanilla_rate:.2f} "
            f"| {vanilla['loop_seconds']:.0f} | {vanilla['peak_rss_mb']:.0f} | | 1.0x |",
            flush=True,
        )
        for size in sizes:
            corpus = Path(scratch) / f"corpus-{size}.jsonl"
            write_corpus(size, corpus)
            cache_dir = Path(scratch) / f"cache-{size}"
            for label in ("kg, cold cache", "kg, warm cache"):
                before = cached_texts(cache_dir)
                report, seconds = run_child(
                    ["--child", "kg", "--corpus", str(corpus), "--workers", str(arguments.workers)],
                    {**environment, "KG_CACHE_DIR": str(cache_dir)},
                )
                rate = report["papers"] / seconds
                print(
                    f"| {size} | {label} | {rate:.1f} | {seconds:.0f} | {report['peak_rss_mb']:.0f} "
                    f"| {cached_texts(cache_dir) - before} | {rate / vanilla_rate:.1f}x |",
                    flush=True,
                )
    print(f"load average {os.getloadavg()[0]:.1f} at end")


if __name__ == "__main__":
    main()
