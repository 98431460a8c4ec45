"""`kg build`: sources -> extraction -> graph -> graph.json or graph.parquet (+ a summary table), optionally loaded.

The one place the stages are chained. Output is written atomically, so a stopped build (Ctrl-C, or
SIGTERM, which the CLI turns into the same interrupt) never leaves a half-written graph.json and a
previous one stays intact.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import networkx as nx

from kg.embeddings import BUNDLED_MODEL_NAME, check_model_environment, resolve_device
from kg.errors import KgError
from kg.extract.options import ExtractOptions
from kg.fileio import atomic_write, check_writable
from kg.graph import GraphOptions, GraphSummary, build_graph, check_graph_writable, summarize_graph, write_graph
from kg.neo4j.connection import server_version
from kg.neo4j.loader import DEFAULT_BATCH_SIZE, LoadReport, load_graph
from kg.neo4j.settings import Neo4jSettings
from kg.progress import Progress, no_progress
from kg.sources import read_papers
from kg.sources.shard import Shard, papers_in_shard

__all__ = ["BuildResult", "build_knowledge_graph", "summary_path"]

_log = logging.getLogger(__name__)


@dataclass(frozen=True)
class BuildResult:
    """What a build produced: the graph, where it was written, its counts, and the load report if loaded."""

    graph: nx.MultiDiGraph
    output: Path
    summary_file: Path
    summary: GraphSummary
    load_report: LoadReport | None = None


def summary_path(output: str | Path) -> Path:
    """Where the summary table of `output` goes: graph.json -> graph.summary.txt, next to it."""
    path = Path(output)
    return path.with_name(f"{path.stem}.summary.txt")


def build_knowledge_graph(
    sources: Sequence[str | Path],
    output: str | Path = "graph.json",
    *,
    source_format: str | None = None,
    extract_options: ExtractOptions = ExtractOptions(),
    graph_options: GraphOptions = GraphOptions(),
    load_into: Neo4jSettings | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
    shard: Shard | None = None,
    progress: Progress = no_progress,
) -> BuildResult:
    """Read `sources`, extract entities, assemble the graph, write `output` and its summary; load it if asked.

    Bad input, an `output` that cannot be written and (with `load_into`) a Neo4j that does not answer
    fail before extraction starts. With `shard`, only that shard's papers are extracted and written
    (docs/scaling.md).
    `progress` is told about extraction (papers) and, with `load_into`, the load (rows).
    """
    started = time.perf_counter()
    read = read_papers(sources, format=source_format)
    papers = list(papers_in_shard(read, shard) if shard is not None else read)
    if not papers:
        where = f" shard {shard.number}/{shard.count} of" if shard is not None else ""
        raise KgError(f"no papers found in{where} {', '.join(map(str, sources))}; check the paths and --format")
    _log.debug("read %d papers in %.2f s", len(papers), time.perf_counter() - started)
    check_model_environment()
    check_graph_writable(output)
    check_writable(summary_path(output))
    if load_into is not None:
        server_version(load_into)  # fails now, with the connection's one-line error, rather than after extraction
    # --device cuda without a GPU fails here, once, rather than in each extraction worker.
    extract_options = replace(extract_options, device=resolve_device(extract_options.device))
    # Imported only now: the model stack takes seconds to load, and bad input or an unwritable -o
    # should fail at once.
    from kg.extract.pipeline import analyze_papers

    with progress("extracting", len(papers), "papers") as advance:
        analyses = analyze_papers(papers, extract_options, progress=advance)
    _log.debug("extracted in %.2f s", time.perf_counter() - started)
    model = extract_options.model or BUNDLED_MODEL_NAME
    graph = build_graph(analyses, replace(graph_options, model=model))
    _log.debug(
        "assembled %d nodes and %d relationships at %.2f s",
        graph.number_of_nodes(),
        graph.number_of_edges(),
        time.perf_counter() - started,
    )
    write_graph(graph, output)
    summary = summarize_graph(graph)
    with atomic_write(summary_path(output)) as out:
        out.write(summary.table())
    report = load_graph(graph, load_into, batch_size, progress) if load_into is not None else None
    return BuildResult(graph, Path(output), summary_path(output), summary, report)
