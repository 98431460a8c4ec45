"""Load throughput into a local Neo4j: kg's loader vs a naive loader vs `kg load --bulk` (neo4j-admin import).

    python bench/bench_load.py [--graph graph.json | --papers 10000] [--naive-sample 0.02]

Needs Java 17 + Maven (the bench starts its own throw-away local Neo4j 5.26, on free ports, in a
temp folder) and, without --graph, the real abstracts in $KG_DATA_DIR (default ../shared/data next
to the repository): the graph is then built with `kg build` from N abstracts (beyond the 3,507
real ones, the same abstracts are reused under new ids) and kept in $KG_BENCH_CACHE (default
~/.cache/kg/bench) for the next run. Prints rows (nodes + relationships) per
second for each method and the ratios. The naive loader sends one MERGE transaction per row; it
runs on a sample of the graph's papers (with their neighbourhoods) and is reported as a rate.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

import networkx as nx

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.bench_extract import write_corpus  # noqa: E402
from bench.scratch import scratch_neo4j  # noqa: E402
from kg.build import build_knowledge_graph  # noqa: E402
from kg.bulk_load import bulk_load  # noqa: E402
from kg.graph import read_graph  # noqa: E402
from kg.neo4j.connection import connect  # noqa: E402
from kg.neo4j.loader import load_graph, wipe_kg_nodes  # noqa: E402
from kg.neo4j.settings import Neo4jSettings  # noqa: E402

CACHE_DIR = Path(os.environ.get("KG_BENCH_CACHE", Path.home() / ".cache" / "kg" / "bench"))


def corpus_graph(papers: int, folder: Path) -> nx.MultiDiGraph:
    """Build (once; cached in $KG_BENCH_CACHE) the graph of `papers` real abstracts with `kg build`."""
    cached = CACHE_DIR / f"graph-{papers}.json"
    if cached.is_file():
        return read_graph(cached)
    listing = folder / f"abstracts-{papers}.jsonl"
    write_corpus(papers, listing)
    cached.parent.mkdir(parents=True, exist_ok=True)
    return build_knowledge_graph([listing], cached).graph


def sample(graph: nx.MultiDiGraph, fraction: float, seed: int = 0) -> nx.MultiDiGraph:
    """A fraction of the papers with every node they link to and the edges among those nodes."""
    papers = sorted(node for node, label in graph.nodes(data="label") if label == "Paper")
    chosen = set(random.Random(seed).sample(papers, max(1, int(len(papers) * fraction))))
    keep = chosen | {target for paper in chosen for target in graph.successors(paper)}
    return graph.subgraph(keep).copy()


def rows(graph: nx.MultiDiGraph) -> int:
    """What a load writes: nodes plus relationships."""
    return graph.number_of_nodes() + graph.number_of_edges()


def count_in_neo4j(settings: Neo4jSettings) -> int:
    """Nodes plus relationships in the database, to check that each method loaded everything."""
    with connect(settings) as driver:
        nodes = driver.execute_query("MATCH (n) RETURN count(n) AS n", database_=settings.database).records[0]["n"]
        relationships = driver.execute_query(
            "MATCH ()-[r]->() RETURN count(r) AS n", database_=settings.database
        ).records[0]["n"]
    return nodes + relationships


def timed(action: Callable[[], object]) -> float:
    """Wall-clock seconds that `action()` takes."""
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def main() -> None:
    """Build or read the graph, load it three ways into a fresh local Neo4j, print the table and ratios."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--graph", type=Path, help="a graph.json to load (default: build one from --papers abstracts)")
    parser.add_argument("--papers", type=int, default=10_000, help="abstracts to build the graph from [10000]")
    parser.add_argument(
        "--naive-sample", type=float, default=0.02, help="fraction of papers the naive loader loads [0.02]"
    )
    parser.add_argument("--batch-size", type=int, default=1000, help="kg loader batch size [1000]")
    arguments = parser.parse_args()

    with scratch_neo4j("kg-bench-load-") as (work, server):
        graph = read_graph(arguments.graph) if arguments.graph else corpus_graph(arguments.papers, work)
        total = rows(graph)
        print(f"graph: {graph.number_of_nodes()} nodes, {graph.number_of_edges()} relationships ({total} rows)")
        server.start()
        settings = Neo4jSettings(uri=server.bolt_uri, password=server.stored_password())

        kg_seconds = timed(lambda: load_graph(graph, settings, arguments.batch_size))
        assert count_in_neo4j(settings) == total, "kg loader: counts differ from the graph"
        wipe_kg_nodes(settings)

        small = sample(graph, arguments.naive_sample)
        naive_seconds = timed(lambda: load_graph(small, settings, batch_size=1))
        assert count_in_neo4j(settings) == rows(small), "naive loader: counts differ from the sample"
        wipe_kg_nodes(settings)

        bulk_seconds = timed(lambda: bulk_load(graph, server))
        assert count_in_neo4j(settings) == total, "kg load --bulk: counts differ from the graph"

        results = [
            (f"kg loader (UNWIND batches of {arguments.batch_size}, indexes maintained)", total, kg_seconds),
            (f"naive (1 MERGE transaction per row; {rows(small)}-row sample)", rows(small), naive_seconds),
            ("kg load --bulk (CSV, restart, neo4j-admin import, constraints and indexes)", total, bulk_seconds),
        ]
        print(f"\n{'method':<76} {'rows':>8} {'seconds':>8} {'rows/s':>8}")
        for name, count, seconds in results:
            print(f"{name:<76} {count:>8} {seconds:>8.1f} {count / seconds:>8.0f}")
        kg_rate, naive_rate, bulk_rate = (count / seconds for _, count, seconds in results)
        print(f"\nkg loader vs naive: {kg_rate / naive_rate:.1f}x faster (target >= 20x)")
        print(f"kg load --bulk vs kg load: {bulk_rate / kg_rate:.2f}x faster")


if __name__ == "__main__":
    main()
