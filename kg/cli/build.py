"""`kg sources`, `kg build` and `kg cache`: from listings to a graph file."""

from __future__ import annotations

from pathlib import Path

import click

from kg.build import build_knowledge_graph
from kg.cli.main import main, progress_bar
from kg.cli.options import ShardType, neo4j_options, ready_to_connect
from kg.embeddings import DEVICES, Device
from kg.extract.options import ENGINES, Engine, ExtractOptions
from kg.graph import GraphOptions
from kg.neo4j.loader import DEFAULT_BATCH_SIZE
from kg.neo4j.settings import Neo4jSettings
from kg.sources import FORMATS, read_papers
from kg.sources.display import OUTPUTS, paper_lines
from kg.sources.shard import Shard


@main.command("sources")
@click.argument("paths", nargs=-1, required=True, metavar="FILE_OR_DIR...")
@click.option(
    "--format", "input_format", type=click.Choice(FORMATS), help="Read every file as this format (default: detect)."
)
@click.option(
    "--output",
    type=click.Choice(OUTPUTS),
    default="table",
    show_default=True,
    help="A table, or full records as JSONL.",
)
def sources(paths: tuple[str, ...], input_format: str | None, output: str) -> None:
    """Print the papers read from files, folders or globs, to check parsing before a build.

    Example:  kg sources seeds/ --output jsonl > papers.jsonl
    """
    papers = list(read_papers(paths, input_format))
    for line in paper_lines(papers, output):
        click.echo(line)
    click.echo(f"{len(papers)} paper(s)", err=True)


@main.command("build")
@click.argument("source_paths", metavar="SOURCES...", nargs=-1, required=True)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    default=Path("graph.json"),
    show_default=True,
    help="Graph file to write (a Parquet folder when it ends in .parquet); its summary table goes next to it "
    "(graph.summary.txt).",
)
@click.option(
    "--format", "input_format", type=click.Choice(FORMATS), help="Read every source as this format (default: detect)."
)
@click.option(
    "--model",
    help="Sentence-transformers model: a local folder or a cached name [default: the bundled all-MiniLM-L6-v2].",
)
@click.option("--top-n", type=click.IntRange(min=1), default=10, show_default=True, help="Concepts per paper.")
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Extraction processes (with --engine ray: Ray actors, each loading the model once).",
)
@click.option(
    "--engine",
    type=click.Choice(ENGINES),
    default="local",
    show_default=True,
    help="Where extraction runs: this machine, or a Ray cluster (pip install 'kg[ray]'; docs/scaling.md).",
)
@click.option(
    "--ray-address",
    envvar="RAY_ADDRESS",
    help="Ray cluster to join with --engine ray, e.g. ray://head:10001 [env: RAY_ADDRESS; default: a local cluster].",
)
@click.option(
    "--device",
    type=click.Choice(DEVICES),
    default="auto",
    show_default=True,
    help="Where the model runs: auto is CUDA when torch sees a GPU, else the CPU (kg -v says which).",
)
@click.option(
    "--no-embeddings", is_flag=True, help="Keep no paper embeddings: no SIMILAR_TO edges and no vector search."
)
@click.option(
    "--no-cache",
    is_flag=True,
    help="Do not read or extend the embedding cache ($KG_CACHE_DIR, else ~/.cache/kg).",
)
@click.option(
    "--similarity-top-k",
    type=click.IntRange(min=0),
    default=GraphOptions.similarity_top_k,
    show_default=True,
    help="SIMILAR_TO edges per paper (at most).",
)
@click.option(
    "--similarity-threshold",
    type=click.FloatRange(-1.0, 1.0),
    default=GraphOptions.similarity_threshold,
    show_default=True,
    help="Minimum cosine for a SIMILAR_TO edge.",
)
@click.option(
    "--shard",
    type=ShardType(),
    help="Extract only shard I of N (1-based) of the papers, e.g. 2/4; see docs/scaling.md.",
)
@click.option(
    "--load", "load_after", is_flag=True, help="Then load the graph into Neo4j (see --uri and the NEO4J_* variables)."
)
@click.option(
    "--batch-size",
    type=click.IntRange(min=1),
    default=DEFAULT_BATCH_SIZE,
    show_default=True,
    help="Rows per transaction for --load.",
)
@neo4j_options
def build(
    source_paths: tuple[str, ...],
    output: Path,
    input_format: str | None,
    model: str | None,
    top_n: int,
    workers: int,
    device: Device,
    engine: Engine,
    ray_address: str | None,
    no_embeddings: bool,
    no_cache: bool,
    similarity_top_k: int,
    similarity_threshold: float,
    shard: Shard | None,
    load_after: bool,
    batch_size: int,
    settings: Neo4jSettings,
) -> None:
    """Build the knowledge graph of SOURCES (files, folders, globs) into graph.json (or a graph.parquet folder).

    \b
    Examples:
      kg build seeds/hf-trending-papers-apr22.txt
      kg build papers/ -o graph.parquet
      kg build papers/*.jsonl -o corpus.json --workers 2 --load
      kg build papers/ --engine ray --workers 8 --ray-address ray://head:10001
    """
    result = build_knowledge_graph(
        source_paths,
        output,
        source_format=input_format,
        extract_options=ExtractOptions(
            model=model,
            top_n=top_n,
            workers=workers,
            device=device,
            embeddings=not no_embeddings,
            cache=not no_cache,
            engine=engine,
            ray_address=ray_address,
        ),
        graph_options=GraphOptions(similarity_top_k=similarity_top_k, similarity_threshold=similarity_threshold),
        load_into=ready_to_connect(settings) if load_after else None,
        batch_size=batch_size,
        shard=shard,
        progress=progress_bar,
    )
    click.echo(result.summary.table(), nl=False)
    click.echo(f"wrote {result.output} and {result.summary_file}")
    if result.load_report is not None:
        click.echo(result.load_report.describe())


@main.group()
def cache() -> None:
    """The embedding cache ($KG_CACHE_DIR, else ~/.cache/kg): rebuilds embed only new text."""


@cache.command("merge")
@click.argument("cache_files", metavar="CACHE_FILE...", nargs=-1, required=True, type=click.Path(path_type=Path))
def cache_merge(cache_files: tuple[Path, ...]) -> None:
    """Add the vectors of other caches (e.g. of sharded builds) to this machine's cache.

    \b
    Example, after `kg build --shard i/4` ran on four machines:
      kg cache merge shard-*/embeddings-v1.sqlite3 && kg build papers/ -o graph.json
    """
    from kg.embeddings import EmbeddingCache

    target = EmbeddingCache()
    for cache_file in cache_files:
        click.echo(f"{cache_file}: {target.merge_from(cache_file)} new vectors")
    click.echo(f"merged into {target.path}")
