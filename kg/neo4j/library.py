"""kg's Cypher library: find `.cypher` files, read their `:param` defaults, run them, format the rows.

A library file starts with `//` lines saying what it answers, then `:param name => value;` lines
(JSON literals, which Neo4j Browser also reads as Cypher literals), then the query. The files live
in the repository's `cypher/` folder, installed as `kg/cypher` inside the wheel.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import neo4j
from neo4j.exceptions import DriverError, Neo4jError

from kg.errors import KgError
from kg.neo4j.connection import connect, error_line
from kg.neo4j.settings import Neo4jSettings

__all__ = [
    "CypherFile",
    "QueryResult",
    "find_cypher_file",
    "format_result",
    "library_dir",
    "list_library",
    "parse_cypher",
    "parse_param_value",
    "parse_params",
    "read_cypher_file",
    "run_query",
]

OUTPUT_FORMATS = ("table", "json", "csv")
_PARAM_LINE = re.compile(r":param\s+(?P<name>\w+)\s*=>\s*(?P<value>.*?);?\s*$")
_TABLE_CELL_WIDTH = 60


@dataclass(frozen=True)
class CypherFile:
    """One parsed `.cypher` file: its description, `:param` defaults and statements."""

    name: str
    path: Path
    description: str
    params: dict[str, Any] = field(default_factory=dict)
    statements: tuple[str, ...] = ()


@dataclass(frozen=True)
class QueryResult:
    """Rows returned by a query, as plain Python values (nodes become property maps)."""

    columns: list[str]
    rows: list[list[Any]]


def library_dir() -> Path:
    """The folder of kg's Cypher files: `kg/cypher` in an installed wheel, else the checkout's `cypher/`."""
    package = Path(__file__).resolve().parent.parent
    installed = package / "cypher"
    return installed if installed.is_dir() else package.parent / "cypher"


def list_library() -> list[CypherFile]:
    """Every file of the Cypher library, sorted by name."""
    return [read_cypher_file(path) for path in sorted(library_dir().glob("*.cypher"))]


def find_cypher_file(name_or_path: str | Path) -> CypherFile:
    """A library query by name (`top_concepts`) or any `.cypher` file by path."""
    path = Path(name_or_path)
    if not path.is_file():
        path = library_dir() / f"{Path(name_or_path).stem}.cypher"
    if not path.is_file():
        raise KgError(
            f"no Cypher file or library query named {str(name_or_path)!r}; `kg query --list` shows the library"
        )
    return read_cypher_file(path)


def schema_statements(dimensions: int | None) -> tuple[list[str], dict[str, Any]]:
    """kg's schema (cypher/schema.cypher: constraints and indexes, all IF NOT EXISTS) and its parameters;
    `dimensions` sizes the vector index (None: the file's default). What `kg load` runs and exports write."""
    schema = read_cypher_file(library_dir() / "schema.cypher")
    return list(schema.statements), {**schema.params, **({} if dimensions is None else {"dimensions": dimensions})}


def read_cypher_file(path: Path) -> CypherFile:
    """Read and parse one `.cypher` file; KgError naming the file if it cannot be read."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise KgError(f"cannot read Cypher file {path}: {error}") from None
    return parse_cypher(text, path)


def parse_cypher(text: str, path: Path) -> CypherFile:
    """Split a Cypher file into its leading `//` description, `:param` defaults and `;`-separated statements."""
    description: list[str] = []
    params: dict[str, Any] = {}
    statements: list[str] = []
    current: list[str] = []
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if stripped.startswith("//") and not statements and not current:
            description.append(stripped[2:].strip())
        elif stripped.startswith(":param"):
            name, value = _parse_param_line(stripped, path, number)
            params[name] = value
        elif stripped:
            current.append(line)
            if stripped.endswith(";"):
                statements.append("\n".join(current).rstrip().rstrip(";"))
                current = []
    if current:
        statements.append("\n".join(current).rstrip())
    if not statements:
        raise KgError(f"{path} holds no Cypher statement")
    return CypherFile(path.stem, path, " ".join(line for line in description if line), params, tuple(statements))


def _parse_param_line(line: str, path: Path, number: int) -> tuple[str, Any]:
    """Parse `:param name => <JSON literal>;` into (name, value)."""
    match = _PARAM_LINE.fullmatch(line)
    if match is None:
        raise KgError(f"{path}:{number}: write parameters as `:param name => value;`")
    try:
        return match["name"], json.loads(match["value"])
    except json.JSONDecodeError:
        raise KgError(
            f"{path}:{number}: the value of :param {match['name']} must be a JSON literal (strings in double quotes)"
        ) from None


def parse_param_value(text: str) -> Any:
    """A `-p key=value` value: parsed as JSON when it is JSON (numbers, lists, null, "quoted"), else the text itself.

    Strict JSON: NaN and Infinity (which Python's json accepts) stay text, e.g. a method named "NaN".
    """
    try:
        return json.loads(text, parse_constant=_not_json)
    except ValueError:  # json.JSONDecodeError is a ValueError
        return text


def _not_json(constant: str) -> Any:
    """json.loads hook for NaN/Infinity/-Infinity: not JSON, so the value is taken as text."""
    raise ValueError(f"{constant} is not JSON")


def run_query(
    settings: Neo4jSettings, query: CypherFile, overrides: Mapping[str, Any] | None = None, model: str | None = None
) -> QueryResult:
    """Run a Cypher file's statements in order, `:param` defaults updated by `overrides`; return the last one's rows.

    A query with an `embedding` parameter left null and a `text` parameter gets `embedding` computed
    from `text` with the sentence-transformers `model` (the bundled default when None).
    """
    params = _merge_params(query, overrides or {})
    if params.get("embedding", False) is None and isinstance(params.get("text"), str):
        params["embedding"] = _embed(params["text"], model)
    with connect(settings) as driver:
        try:
            for statement in query.statements:
                records, _, keys = driver.execute_query(statement, params, database_=settings.database)
        except (Neo4jError, DriverError) as error:
            raise KgError(
                f"{query.name}: Neo4j at {settings.uri} rejected the query: {error_line(error, settings)}"
            ) from None
        except OverflowError:
            raise KgError(
                f"{query.name}: a parameter is outside Neo4j's 64-bit integer range; pass a smaller number"
            ) from None
    return QueryResult(list(keys), [[_plain(value) for value in record.values()] for record in records])


def parse_params(assignments: Sequence[str], defaults: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """`-p key=value` options as a dict: text for parameters whose default is text, else `parse_param_value`.

    So `-p title=2504` stays the title "2504" while `-p limit=5` is the number 5.
    """
    params = {}
    for assignment in assignments:
        name, separator, value = assignment.partition("=")
        name = name.strip()
        if not separator or not name:
            raise KgError(f"query parameter {assignment!r} is not key=value, e.g. -p limit=5 or -p title=ReWOO")
        params[name] = value if isinstance((defaults or {}).get(name), str) else parse_param_value(value)
    return params


def _merge_params(query: CypherFile, overrides: Mapping[str, Any]) -> dict[str, Any]:
    """The file's defaults updated by `overrides`; an unknown name is an error (usually a typo)."""
    unknown = sorted(set(overrides) - set(query.params))
    if unknown:
        known = ", ".join(sorted(query.params)) or "none"
        raise KgError(f"{query.name} has no parameter {', '.join(unknown)}; its parameters: {known}")
    return {**query.params, **overrides}


def _embed(text: str, model: str | None) -> list[float]:
    """Embed a search text with the same model family as the papers (imported lazily: it loads torch)."""
    try:
        from kg.embeddings import embed_texts
    except ImportError as error:
        raise KgError(
            f"semantic search needs kg's embedding model ({error}); reinstall kg with its dependencies"
        ) from None
    return [float(value) for value in embed_texts([text], model=model)[0]]


def _plain(value: Any) -> Any:
    """Driver values as JSON-friendly Python: nodes/relationships become property maps (no embeddings)."""
    if isinstance(value, neo4j.graph.Node):
        return {name: _plain(item) for name, item in sorted(value.items()) if name != "embedding"}
    if isinstance(value, neo4j.graph.Relationship):
        return {"type": value.type, **{name: _plain(item) for name, item in sorted(value.items())}}
    if isinstance(value, neo4j.graph.Path):
        return [_plain(node) for node in value.nodes]
    if isinstance(value, Mapping):
        return {name: _plain(item) for name, item in value.items()}
    if isinstance(value, Sequence) and not isinstance(value, str):
        return [_plain(item) for item in value]
    if hasattr(value, "iso_format"):
        return value.iso_format()
    return value


def format_result(result: QueryResult, output_format: str) -> str:
    """Render rows as an aligned text table, a JSON list of objects, or CSV with a header row."""
    if output_format == "json":
        return json.dumps([dict(zip(result.columns, row)) for row in result.rows], indent=2, ensure_ascii=False)
    if output_format == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(result.columns)
        writer.writerows([[_cell(value) for value in row] for row in result.rows])
        return buffer.getvalue().rstrip("\n")
    if output_format == "table":
        return _table(result)
    raise KgError(f"unknown output format {output_format!r}; use one of {', '.join(OUTPUT_FORMATS)}")


def _cell(value: Any) -> str:
    """One value as text: strings as they are, null as empty, anything else as JSON."""
    if value is None:
        return ""
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def _table(result: QueryResult) -> str:
    """An aligned plain-text table; long cells are cut to keep rows on one line (use json/csv for full values)."""
    cells = [[_shorten(_cell(value).replace("\n", " ")) for value in row] for row in result.rows]
    widths = [max([len(column), *(len(row[index]) for row in cells)]) for index, column in enumerate(result.columns)]
    lines = ["  ".join(column.ljust(width) for column, width in zip(result.columns, widths)).rstrip()]
    lines.append("  ".join("-" * width for width in widths))
    lines += ["  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip() for row in cells]
    lines.append(f"({len(cells)} row{'s' if len(cells) != 1 else ''})")
    return "\n".join(lines)


def _shorten(text: str) -> str:
    """Cut a table cell to the table width with an ellipsis."""
    return text if len(text) <= _TABLE_CELL_WIDTH else text[: _TABLE_CELL_WIDTH - 1] + "…"
