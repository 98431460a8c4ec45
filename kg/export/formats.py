"""`kg export`: pick a format (by name or output suffix), read graph.json, write the export, report it."""

from __future__ import annotations

import shlex
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from kg.errors import KgError
from kg.export.admin_csv import import_command, write_csv
from kg.export.cypher_script import write_cypher
from kg.export.gexf import write_gexf
from kg.export.graphml import write_graphml
from kg.export.html import write_html
from kg.graph import read_graph

__all__ = ["EXPORT_FORMATS", "ExportFormat", "ExportResult", "export_graph", "infer_format"]


@dataclass(frozen=True)
class ExportFormat:
    """One export format: its writer, the output suffixes that select it, and what it accepts."""

    write: Callable[..., None]
    suffixes: tuple[str, ...]
    takes_embeddings: bool = True  # the writer has an `embeddings` switch


EXPORT_FORMATS: dict[str, ExportFormat] = {
    "graphml": ExportFormat(write_graphml, (".graphml",)),
    "gexf": ExportFormat(write_gexf, (".gexf",)),
    "csv": ExportFormat(write_csv, ("", ".csv")),  # a folder: no suffix selects it
    "cypher": ExportFormat(write_cypher, (".cypher", ".cql")),
    "html": ExportFormat(write_html, (".html", ".htm"), takes_embeddings=False),
}
"""Every format `kg export` writes, by the name `--format` takes."""


@dataclass(frozen=True)
class ExportResult:
    """What `export_graph` wrote."""

    format: str
    path: Path
    nodes: int
    relationships: int

    def describe(self) -> str:
        """Lines for the CLI: what was written where, and for CSV the neo4j-admin command that imports it."""
        text = f"wrote {self.nodes} nodes and {self.relationships} relationships as {self.format} to {self.path}"
        if self.format == "csv":
            text += (
                "\nimport them into a new database while Neo4j is stopped (then start it and run "
                "cypher/schema.cypher):\n  " + shlex.join(import_command(self.path))
            )
        return text


def infer_format(output: str | Path) -> str:
    """The format an output path asks for by its suffix (no suffix: a csv folder); KgError if it says none."""
    suffix = Path(output).suffix.lower()
    for name, export_format in EXPORT_FORMATS.items():
        if suffix in export_format.suffixes:
            return name
    raise KgError(f"cannot tell the export format from {str(output)!r}; pass --format ({'|'.join(EXPORT_FORMATS)})")


def export_graph(
    graph_path: str | Path, output: str | Path, format: str | None = None, embeddings: bool | None = None
) -> ExportResult:
    """Read a graph.json and write it to `output` in `format` (default: from the suffix), atomically.

    `embeddings` overrides the format's default (kept for csv and cypher, dropped for graphml and gexf).
    """
    name = format or infer_format(output)
    if name not in EXPORT_FORMATS:
        raise KgError(f"unknown export format {name!r}; choose one of {', '.join(EXPORT_FORMATS)}")
    export_format = EXPORT_FORMATS[name]
    if embeddings is not None and not export_format.takes_embeddings:
        raise KgError(f"the {name} export never includes embeddings; drop --embeddings/--no-embeddings")
    graph = read_graph(graph_path)
    target = Path(output)
    options = {} if embeddings is None else {"embeddings": embeddings}
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        export_format.write(graph, target, **options)
    except OSError as error:
        raise KgError(f"cannot write {target}: {error.strerror or error}; choose another -o path") from None
    except KeyError as error:
        raise KgError(
            f"{graph_path}: a node or edge lacks the attribute {error}; rebuild the graph with `kg build`"
        ) from None
    return ExportResult(name, target, graph.number_of_nodes(), graph.number_of_edges())
