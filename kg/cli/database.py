"""`kg ping`, `kg load` and `kg query`: the graph in Neo4j."""

from __future__ import annotations

from pathlib import Path

import click

from kg.bulk_load import bulk_load
from kg.cli.main import main, progress_bar
from kg.cli.options import local_server_option, neo4j_options, ready_to_connect
from kg.graph import read_graph
from kg.neo4j.connection import server_version
from kg.neo4j.library import OUTPUT_FORMATS, find_cypher_file, format_result, list_library, parse_params, run_query
from kg.neo4j.loader import DEFAULT_BATCH_SIZE, count_kg_nodes, load_graph, wipe_kg_nodes
from kg.neo4j.server.local import LocalNeo4j
from kg.neo4j.settings import Neo4jSettings
from kg.records import Label


@main.command()
@neo4j_options
def ping(settings: Neo4jSettings) -> None:
    """Check that Neo4j answers with these connection settings; print its version.

    Example:  NEO4J_URI=neo4j://127.0.0.1:7687 kg ping
    """
    click.echo(f"Neo4j {server_version(ready_to_connect(settings))} at {settings.describe()}")


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
    settings = ready_to_connect(settings)
    if wipe:
        if not yes:
            count = count_kg_nodes(settings)
            click.confirm(f"Delete {count} nodes labelled {'/'.join(Label)} in {settings.describe()}?", abort=True)
        click.echo(f"deleted {wipe_kg_nodes(settings, batch_size)} kg nodes", err=True)
    click.echo(load_graph(graph, settings, batch_size, progress=progress_bar, add=add).describe())


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
        ready_to_connect(settings), library_query, parse_params(params, library_query.params), model=model
    )
    click.echo(format_result(result, output_format))
