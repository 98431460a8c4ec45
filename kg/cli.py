"""The `kg` command line: parse arguments, call one library function, print the result.

Every command lives here and stays a few lines long; the work happens in the library
modules. Library errors (`KgError`) become one-line `click.ClickException`s at this edge.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import json
import logging
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from types import FrameType
from typing import Any

import click
from tqdm import tqdm

from kg import __version__
from kg.build import build_knowledge_graph
from kg.bulk_load import bulk_load
from kg.embeddings import DEVICES, Device
from kg.errors import KgError
from kg.evaluate.entities import evaluate_files, format_table
from kg.export import EXPORT_FORMATS, export_graph
from kg.extract.options import ENGINES, Engine, ExtractOptions
from kg.graph import GraphOptions, read_graph
from kg.neo4j.connection import check_uri, server_version
from kg.neo4j.library import OUTPUT_FORMATS, find_cypher_file, format_result, list_library, parse_params, run_query
from kg.neo4j.loader import DEFAULT_BATCH_SIZE, count_kg_nodes, load_graph, wipe_kg_nodes
from kg.neo4j.server.config import DEFAULT_BOLT_PORT, DEFAULT_HTTP_PORT
from kg.neo4j.server.local import LocalNeo4j, ServerStatus
from kg.neo4j.server.maven import NEO4J_VERSION
from kg.neo4j.server.ports import pick_free_port
from kg.neo4j.settings import Neo4jSettings
from kg.progress import Advance
from kg.records import Label
from kg.sources import FORMATS, read_papers
from kg.sources.display import OUTPUTS, paper_lines
from kg.sources.shard import Shard, parse_shard


class _KgGroup(click.Group):
    """kg's command groups: a KgError from any command below becomes one `Error: ...` line and exit code 1."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except KgError as error:
            raise click.ClickException(str(error)) from None


class _ShardType(click.ParamType):
    """`--shard I/N` as a Shard; a usage error naming the option when malformed."""

    name = "I/N"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Shard:
        if isinstance(value, Shard):
            return value
        try:
            return parse_shard(str(value))
        except KgError as error:
            self.fail(str(error), param, ctx)


def neo4j_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """Add --uri/--user/--password/--database (with NEO4J_* fallbacks) as one `settings` argument."""

    @click.option("--uri", envvar="NEO4J_URI", help="Bolt/Neo4j URI [env: NEO4J_URI; default neo4j://127.0.0.1:7687].")
    @click.option(
        "--user",
        envvar=["NEO4J_USERNAME", "NEO4J_USER"],
        help="User name [env: NEO4J_USERNAME or NEO4J_USER; default neo4j].",
    )
    @click.option(
        "--password",
        envvar="NEO4J_PASSWORD",
        help="Password [env: NEO4J_PASSWORD; else asked for, hidden, on a terminal]; never printed.",
    )
    @click.option("--database", envvar="NEO4J_DATABASE", help="Database name [env: NEO4J_DATABASE; default neo4j].")
    @click.option(
        "--insecure",
        is_flag=True,
        help="Allow sending credentials unencrypted (bolt:// or neo4j://) to a non-local host.",
    )
    @functools.wraps(command)
    def wrapper(
        *args: Any,
        uri: str | None,
        user: str | None,
        password: str | None,
        database: str | None,
        insecure: bool,
        **kwargs: Any,
    ) -> Any:
        settings = Neo4jSettings.resolve(uri=uri, user=user, password=password, database=database, insecure=insecure)
        return command(*args, settings=settings, **kwargs)

    return wrapper


def _ready_to_connect(settings: Neo4jSettings) -> Neo4jSettings:
    """Fail fast on a URI kg would not send credentials to; ask for a missing password (hidden) on a terminal."""
    check_uri(settings)
    if settings.password is not None or not sys.stdin.isatty():
        return settings
    password = click.prompt(
        f"Neo4j password for {settings.user!r} at {settings.uri}",
        hide_input=True,
        default="",
        show_default=False,
        err=True,
    )
    return dataclasses.replace(settings, password=password or None)


@click.group(cls=_KgGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kg")
@click.option(
    "-v",
    "--verbose",
    is_flag=True,
    help="Log debug details to stderr, the Neo4j driver's included (never the password).",
)
@click.pass_context
def main(ctx: click.Context, verbose: bool) -> None:
    """kg: build a knowledge graph of papers, concepts, methods, datasets and code, and explore it in Neo4j."""
    ctx.with_resource(_sigterm_as_interrupt())
    ctx.with_resource(_warnings_on_stderr())
    if verbose:
        ctx.with_resource(_debug_logging())


@contextlib.contextmanager
def _sigterm_as_interrupt() -> Iterator[None]:
    """While a command runs, SIGTERM stops it as Ctrl-C does: temp files are removed, click prints "Aborted!"."""

    def interrupt(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt(f"signal {signum}")

    if threading.current_thread() is not threading.main_thread():  # only the main thread may set handlers
        yield
        return
    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


class _KgWarning(logging.Filter):
    """Passes kg's own warnings and errors (the one channel through which the library reports them)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.name.split(".")[0] == "kg" and record.levelno >= logging.WARNING


@contextlib.contextmanager
def _warnings_on_stderr() -> Iterator[None]:
    """While a command runs, kg's warnings print on stderr as `warning: ...`, one line each."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("warning: %(message)s"))
    handler.addFilter(_KgWarning())
    logger = logging.getLogger("kg")
    logger.addHandler(handler)
    try:
        yield
    finally:
        logger.removeHandler(handler)


@contextlib.contextmanager
def _progress_bar(description: str, total: int, unit: str) -> Iterator[Advance]:
    """kg's `Progress` for the command line: a tqdm bar on stderr with the rate and the ETA.

    Extraction (minutes to hours) always shows it, also in a log file; other stages only on a
    terminal, so that a failure they end with stays one line in a log.
    """
    shown = description == "extracting" or sys.stderr.isatty()
    with tqdm(total=total, unit=unit, desc=description, file=sys.stderr, disable=not shown) as bar:
        yield bar.update


@contextlib.contextmanager
def _debug_logging() -> Iterator[None]:
    """While a command runs, kg's and the Neo4j driver's DEBUG records go to stderr (the driver masks credentials).

    kg's warnings are left to `_warnings_on_stderr`, so each prints once.
    """
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(lambda record: not _KgWarning().filter(record))
    loggers = [logging.getLogger(name) for name in ("kg", "neo4j")]
    levels = [logger.level for logger in loggers]
    logging.getLogger().addHandler(handler)
    for logger in loggers:
        logger.setLevel(logging.DEBUG)
    try:
        yield
    finally:
        logging.getLogger().removeHandler(handler)
        for logger, level in zip(loggers, levels):
            logger.setLevel(level)


# -- kg neo4j: the local server -------------------------------------------------------------


def local_server_option(command: Callable[..., Any]) -> Callable[..., Any]:
    """Add --home as one `server` argument: the LocalNeo4j of that folder (default ./.neo4j or $KG_NEO4J_HOME)."""

    @click.option(
        "--home",
        type=click.Path(file_okay=False, path_type=Path),
        default=None,
        help="Folder holding the local server's jars, data and logs [env: KG_NEO4J_HOME; default ./.neo4j].",
    )
    @functools.wraps(command)
    def wrapper(*args: Any, home: Path | None, **kwargs: Any) -> Any:
        return command(*args, server=LocalNeo4j.from_home(home), **kwargs)

    return wrapper


@main.group()
def neo4j() -> None:
    """Run a local Neo4j Community server without Docker (assembled from Maven Central)."""


@neo4j.command("start")
@local_server_option
@click.option(
    "--bolt-port",
    type=int,
    help=f"Bolt port on 127.0.0.1; 0: any free port [default: as last time, else {DEFAULT_BOLT_PORT}].",
)
@click.option(
    "--http-port",
    type=int,
    help=f"HTTP/Browser port on 127.0.0.1; 0: any free port [default: as last time, else {DEFAULT_HTTP_PORT}].",
)
@click.option("--password", help="Initial password for user neo4j (first start only) [default: generated].")
@click.option("--timeout", type=float, default=180.0, show_default=True, help="Seconds to wait for Bolt to answer.")
def neo4j_start(
    server: LocalNeo4j, bolt_port: int | None, http_port: int | None, password: str | None, timeout: float
) -> None:
    """Start the local Neo4j in the background and wait until it answers.

    The first start fetches Neo4j 5.26 with Maven (about 140 MB, once); the credentials go to
    HOME/env, which scripts can source:  set -a; . .neo4j/env; set +a

    Set KG_NEO4J_LIB to a jar folder to share one set of jars between several homes.
    """
    server = dataclasses.replace(
        server,
        bolt_port=(server.bolt_port if bolt_port is None else bolt_port) or pick_free_port(),
        http_port=(server.http_port if http_port is None else http_port) or pick_free_port(),
    )
    click.echo(f"starting Neo4j {NEO4J_VERSION} in {server.home} ...", err=True)
    _print_status(server.start(password=password, timeout=timeout))
    click.echo(f"credentials: {server.env_file}")


@neo4j.command("stop")
@local_server_option
def neo4j_stop(server: LocalNeo4j) -> None:
    """Stop the local Neo4j started from HOME (only that process)."""
    click.echo("stopped" if server.stop() else f"not running ({server.home})")


@neo4j.command("status")
@local_server_option
def neo4j_status(server: LocalNeo4j) -> None:
    """Say whether the local Neo4j runs, with its version, pid and URLs; exit 1 if it does not run."""
    status = server.status()
    _print_status(status)
    if not status.running:
        raise SystemExit(1)


@main.command()
@neo4j_options
def ping(settings: Neo4jSettings) -> None:
    """Check that Neo4j answers with these connection settings; print its version.

    Example:  NEO4J_URI=neo4j://127.0.0.1:7687 kg ping
    """
    click.echo(f"Neo4j {server_version(_ready_to_connect(settings))} at {settings.describe()}")


def _print_status(status: ServerStatus) -> None:
    if not status.running:
        click.echo(f"not running ({status.home})")
        return
    click.echo(f"Neo4j {status.version or '?'} running (pid {status.pid})")
    click.echo(f"bolt:    {status.bolt_uri}")
    click.echo(f"browser: {status.browser_url}")


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


# -- kg build: sources -> graph.json -----------------------------------------------------------


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
    type=_ShardType(),
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
        load_into=_ready_to_connect(settings) if load_after else None,
        batch_size=batch_size,
        shard=shard,
        progress=_progress_bar,
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


# -- kg load / kg query: the graph in Neo4j ---------------------------------------------------


@main.command("load")
@click.argument("graph_file", type=click.Path(exists=True, path_type=Path))
@click.option(
    "--batch-size",
    type=click.IntRange(min=1),
    default=DEFAULT_BATCH_SIZE,
    show_default=True,
    help="Rows per transaction.",
)
@click.option(
    "--add",
    is_flag=True,
    help="Keep the kg nodes and relationships GRAPH_FILE does not have (for shards and partial graphs); "
    "only the links of its own papers become exactly its links.",
)
@click.option("--wipe", is_flag=True, help="First delete all nodes with kg's labels (other data stays).")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation before --wipe.")
@click.option(
    "--bulk",
    is_flag=True,
    help="First load into an EMPTY database of kg's local server (--home) with neo4j-admin import (faster for "
    "large graphs); restarts the server.",
)
@local_server_option
@neo4j_options
def load(
    graph_file: Path,
    batch_size: int,
    add: bool,
    wipe: bool,
    yes: bool,
    bulk: bool,
    server: LocalNeo4j,
    settings: Neo4jSettings,
) -> None:
    """Load GRAPH_FILE (graph.json or .parquet from `kg build`) into Neo4j, so that kg's part of the database equals it.

    Nodes merge on their key and relationships on their endpoints and take the graph's properties; then
    the kg nodes and relationships the graph does not have are removed (nodes without kg's labels are
    never touched). Loading again is safe, also after an interruption. Prints what was added, changed
    and removed.

    \b
    Examples:
      kg load graph.json
      kg load shard-2.json --add      # keep what the other shards loaded
      kg load graph.json --wipe --yes
      kg load graph.parquet --bulk    # a big first load into kg's local server (docs/scaling.md)
    """
    if bulk and (add or wipe):
        raise click.UsageError("--bulk loads into an empty database: drop --add and --wipe")
    graph = read_graph(graph_file)
    if bulk:
        click.echo(bulk_load(graph, server, settings.database).describe())
        return
    settings = _ready_to_connect(settings)
    if wipe:
        if not yes:
            count = count_kg_nodes(settings)
            click.confirm(f"Delete {count} nodes labelled {'/'.join(Label)} in {settings.describe()}?", abort=True)
        click.echo(f"deleted {wipe_kg_nodes(settings, batch_size)} kg nodes", err=True)
    click.echo(load_graph(graph, settings, batch_size, progress=_progress_bar, add=add).describe())


@main.command("query")
@click.argument("query_file", metavar="FILE|NAME", required=False)
@click.option(
    "-p",
    "--param",
    "params",
    multiple=True,
    metavar="KEY=VALUE",
    help="A query parameter; JSON if it parses, unless its default is text. Repeatable.",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(OUTPUT_FORMATS),
    default="table",
    show_default=True,
    help="Output format.",
)
@click.option("--list", "list_library_only", is_flag=True, help="List kg's Cypher library and what each query answers.")
@click.option(
    "--model", help="Embedding model for semantic search (path or name) [default: the bundled all-MiniLM-L6-v2]."
)
@neo4j_options
def query(
    query_file: str | None,
    params: tuple[str, ...],
    output_format: str,
    list_library_only: bool,
    model: str | None,
    settings: Neo4jSettings,
) -> None:
    """Run a Cypher file or a library query by NAME, with its `:param` defaults overridden by -p.

    \b
    Examples:
      kg query --list
      kg query similar_papers -p title=ReWOO -p limit=5 --format json
      kg query semantic_search -p text="denoising CT images without clean targets"
    """
    if list_library_only or query_file is None:
        for item in list_library():
            click.echo(
                click.wrap_text(item.description, 100, initial_indent=f"{item.name:<24} ", subsequent_indent=" " * 25)
            )
        return
    library_query = find_cypher_file(query_file)
    result = run_query(
        _ready_to_connect(settings), library_query, parse_params(params, library_query.params), model=model
    )
    click.echo(format_result(result, output_format))


# -- kg export: files for other tools ---------------------------------------------------------


@main.command("export")
@click.argument("graph_file", type=click.Path(exists=True, path_type=Path))
@click.option("-o", "--output", required=True, type=click.Path(path_type=Path), help="Output file (a folder for csv).")
@click.option(
    "--format",
    "export_format",
    type=click.Choice(list(EXPORT_FORMATS)),
    help="Output format [default: from the -o suffix: .graphml .gexf .cypher .html; no suffix: csv].",
)
@click.option(
    "--embeddings/--no-embeddings",
    default=None,
    help="Include Paper embeddings [default: yes for csv and cypher, no for graphml and gexf; html: never].",
)
def export(graph_file: Path, output: Path, export_format: str | None, embeddings: bool | None) -> None:
    """Export GRAPH_FILE (graph.json or .parquet from `kg build`) for Gephi, yEd, neo4j-admin, cypher-shell or browsers.

    Outputs are written atomically; docs/exports.md describes each format.

    \b
    Examples:
      kg export graph.json -o graph.graphml
      kg export graph.json -o graph.html
      kg export graph.json --format csv -o neo4j-import
      kg export graph.json -o graph.cypher --no-embeddings
    """
    click.echo(export_graph(graph_file, output, export_format, embeddings).describe())


@main.command("eval")
@click.argument("graph_file", type=click.Path(exists=True, path_type=Path))
@click.argument("gold_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON instead of a table.")
def evaluate(graph_file: Path, gold_file: Path, as_json: bool) -> None:
    """Score GRAPH_FILE's methods, datasets, metrics and repositories against hand-annotated GOLD_FILE.

    Prints precision, recall, F1 and support per type (proposes, uses, methods, evaluates_on,
    introduces, datasets, metrics, repositories), the share of papers whose own method is found,
    and the stated results (metric and number) when the gold annotates them; docs/gold-format.md
    describes the gold file and the scoring.

    \b
    Examples:
      kg eval graph.json tests/data/gold/seed_gold.json
      kg eval graph.json tests/data/gold/seed_gold.json --json
    """
    evaluation = evaluate_files(graph_file, gold_file)
    click.echo(json.dumps(evaluation.as_dict(), indent=2) if as_json else format_table(evaluation))
