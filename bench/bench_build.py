"""End to end and cost growth: `kg build` + `kg load` at several N vs vanilla KeyBERT, in one run.

Every measurement is a separate process timed from its start (interpreter, imports, model load)
to its exit, with its own peak RSS:

- kg: `kg build corpus.jsonl -o graph.json` at its default settings with a cold embedding cache
  (a fresh $KG_CACHE_DIR), then `kg load graph.json` into a throw-away local Neo4j 5.26 (started
  by this script on free ports; needs Java 17 and Maven);
- vanilla KeyBERT end to end: read the same JSON lines, load the same model, call
  `KeyBERT(model).extract_keywords(doc, keyphrase_ngram_range=(1, 3), stop_words="english",
  top_n=10)` per document, assemble paper→keyphrase edges in NetworkX and write node-link JSON;
  timed on the first `--vanilla-docs` papers and reported as a rate.

Prints the table, kg's end-to-end ratio against vanilla, the exponent b of time ≈ a·N^b fitted
by least squares over the sizes, and writes a PNG plot of throughput vs N (needs matplotlib:
`pip install -e .[bench]`). A size whose projected build + load time exceeds `--budget-minutes`
is skipped, and the script says so.

Data: `arxiv_2025-04.jsonl` (3,507 real abstracts) from $KG_DATA_DIR or ../shared/data; beyond
that, abstracts are reused with new ids (see bench_extract.py).

    python bench/bench_build.py                          # N = 1,000, 3,000, 10,000, 100,000 if it fits
    python bench/bench_build.py --sizes 1000 --vanilla-docs 50
"""

from __future__ import annotations

import argparse
import json
import math
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.bench_extract import write_corpus  # noqa: E402
from bench.scratch import scratch_neo4j  # noqa: E402
from kg.neo4j.loader import wipe_kg_nodes  # noqa: E402
from kg.neo4j.settings import Neo4jSettings  # noqa: E402

KG = [sys.executable, "-m", "kg"]


@dataclass(frozen=True)
class Measurement:
    """One process: wall seconds from start to exit and its peak resident memory."""

    seconds: float
    peak_rss_mb: float


def measure(command: list[str], environment: dict[str, str]) -> Measurement:
    """Run `command` to completion; SystemExit with its stderr tail if it fails."""
    started = time.perf_counter()
    process = subprocess.Popen(command, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    stderr = process.stderr.read() if process.stderr else ""
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({process.returncode}):\n{stderr[-3000:]}")
    return Measurement(seconds, usage.ru_maxrss / 1024)


def vanilla_end_to_end(corpus: Path, output: Path) -> None:
    """The baseline pipeline: vanilla KeyBERT per document, then a NetworkX graph written as JSON."""
    import networkx as nx
    from keybert import KeyBERT
    from sentence_transformers import SentenceTransformer

    from kg.embeddings import bundled_model_path

    model = KeyBERT(model=SentenceTransformer(str(bundled_model_path()), device="cpu"))
    graph = nx.MultiDiGraph()
    for row in map(json.loads, corpus.open(encoding="utf-8")):
        graph.add_node(row["id"], label="Paper", title=row["title"])
        document = f"{row['title']}\n\n{row['abstract']}"
        for phrase, score in model.extract_keywords(
            document, keyphrase_ngram_range=(1, 3), stop_words="english", top_n=10
        ):
            graph.add_node(f"concept:{phrase}", label="Concept", name=phrase)
            graph.add_edge(row["id"], f"concept:{phrase}", type="MENTIONS", score=score)
    output.write_text(json.dumps(nx.node_link_data(graph, edges="links")), encoding="utf-8")


def fitted_exponent(sizes: list[int], seconds: list[float]) -> float:
    """Least-squares slope of log(seconds) against log(N)."""
    xs, ys = [math.log(size) for size in sizes], [math.log(value) for value in seconds]
    mean_x, mean_y = sum(xs) / len(xs), sum(ys) / len(ys)
    return sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys)) / sum((x - mean_x) ** 2 for x in xs)


def plot(rows: list[dict[str, float]], vanilla_rate: float, path: Path) -> None:
    """Throughput (papers/s) of build and build + load against N, with the vanilla rate for scale."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    sizes = [row["N"] for row in rows]
    figure, axes = plt.subplots(figsize=(6.4, 4.0), dpi=120)
    axes.plot(sizes, [row["N"] / row["build_s"] for row in rows], "o-", label="kg build (cold cache)")
    axes.plot(sizes, [row["N"] / (row["build_s"] + row["load_s"]) for row in rows], "s-", label="kg build + kg load")
    axes.axhline(vanilla_rate, color="grey", linestyle="--", label="vanilla KeyBERT end to end")
    axes.set_xscale("log")
    axes.set_xlabel("papers (N)")
    axes.set_ylabel("papers per second, process start to graph written")
    axes.set_ylim(bottom=0)
    axes.grid(True, which="both", alpha=0.3)
    axes.legend()
    axes.set_title(f"kg throughput vs N ({os.cpu_count()} cores)")
    figure.tight_layout()
    figure.savefig(path)


def main() -> None:
    """Measure vanilla and kg at each size, print the table, ratio and exponent, write the plot."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,3000,10000,100000", help="comma-separated corpus sizes N")
    parser.add_argument("--vanilla-docs", type=int, default=200, help="papers the vanilla pipeline runs on [200]")
    parser.add_argument("--budget-minutes", type=float, default=30.0, help="skip a size projected to take longer [30]")
    parser.add_argument("--plot", type=Path, default=REPO / "bench" / "throughput.png", help="PNG to write")
    parser.add_argument("--child-vanilla", nargs=2, type=Path, metavar=("CORPUS", "OUTPUT"), help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.child_vanilla:
        vanilla_end_to_end(*arguments.child_vanilla)
        return

    environment = {**os.environ, "HF_HUB_OFFLINE": "1"}
    print(
        f"machine: {os.cpu_count()} cores, {os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30:.0f} GB; "
        f"load average {os.getloadavg()[0]:.1f} at start",
        flush=True,
    )
    with scratch_neo4j("kg-bench-build-") as (work, server):
        server.start()
        settings = Neo4jSettings(uri=server.bolt_uri, password=server.stored_password())
        neo4j_environment = {
            **environment,
            "NEO4J_URI": settings.uri,
            "NEO4J_USERNAME": settings.user,
            "NEO4J_PASSWORD": settings.password,
        }

        sample = work / "vanilla.jsonl"
        write_corpus(arguments.vanilla_docs, sample)
        vanilla = measure(
            [sys.executable, __file__, "--child-vanilla", str(sample), str(work / "vanilla.json")], environment
        )
        vanilla_rate = arguments.vanilla_docs / vanilla.seconds
        print("\n| N | run | build s | load s | total s | papers/s end to end | peak RSS MB | vs vanilla |")
        print("|---|---|---|---|---|---|---|---|")
        print(
            f"| {arguments.vanilla_docs} | vanilla KeyBERT + NetworkX JSON | {vanilla.seconds:.0f} | | "
            f"{vanilla.seconds:.0f} "
            f"| {vanilla_rate:.2f} | {vanilla.peak_rss_mb:.0f} | 1.0x |",
            flush=True,
        )

        rows: list[dict[str, float]] = []
        for size in sorted(int(size) for size in arguments.sizes.split(",")):
            if rows:
                exponent = (
                    fitted_exponent([row["N"] for row in rows], [row["total_s"] for row in rows])
                    if len(rows) > 1
                    else 1.0
                )
                projected = rows[-1]["total_s"] * (size / rows[-1]["N"]) ** max(exponent, 1.0) / 60
                if projected > arguments.budget_minutes:
                    print(
                        f"| {size} | skipped: projected {projected:.0f} min > {arguments.budget_minutes:.0f} min "
                        "budget | | | | | | |"
                    )
                    continue
            corpus, graph = work / f"corpus-{size}.jsonl", work / f"graph-{size}.json"
            write_corpus(size, corpus)
            build = measure(
                [*KG, "build", str(corpus), "-o", str(graph)],
                {**environment, "KG_CACHE_DIR": str(work / f"cache-{size}")},
            )
            load = measure([*KG, "load", str(graph)], neo4j_environment)
            total = build.seconds + load.seconds
            rate = size / build.seconds
            rows.append({"N": size, "build_s": build.seconds, "load_s": load.seconds, "total_s": total})
            print(
                f"| {size} | kg build (cold cache) + kg load | {build.seconds:.0f} | {load.seconds:.0f} | {total:.0f} "
                f"| {rate:.1f} build, {size / total:.1f} with load | {max(build.peak_rss_mb, load.peak_rss_mb):.0f} "
                f"| {rate / vanilla_rate:.1f}x |",
                flush=True,
            )
            wipe_kg_nodes(settings)
            graph.unlink()

        if len(rows) > 1:
            sizes = [row["N"] for row in rows]
            total_exponent = fitted_exponent(sizes, [row["total_s"] for row in rows])
            print(
                f"\nfitted exponent (time ≈ a·N^b), build + load: b = {total_exponent:.2f}; "
                f"build alone: b = {fitted_exponent(sizes, [row['build_s'] for row in rows]):.2f} (target <= 1.1)"
            )
        try:
            plot(rows, vanilla_rate, arguments.plot)
            print(f"plot: {arguments.plot}")
        except ImportError:
            print("no plot: matplotlib is not installed (pip install -e .[bench])")
        print(f"load average {os.getloadavg()[0]:.1f} at end")


if __name__ == "__main__":
    main()
