"""`kg export` and `kg eval`: graph files for other tools, and scores against hand annotations."""

from __future__ import annotations

import json
from pathlib import Path

import click

from kg.cli.main import main
from kg.evaluate.entities import evaluate_files, format_table
from kg.export import EXPORT_FORMATS, export_graph


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
