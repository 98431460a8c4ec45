"""CSV files for `neo4j-admin database import full`, the fastest way to create a new Neo4j database.

One nodes file per label (`nodes_Paper.csv`: `key:ID(Paper)`, `:LABEL`, typed property columns)
and one relationships file per type (`relationships_MENTIONS.csv`: `:START_ID(Paper)`,
`:END_ID(Concept)`, `:TYPE`, properties). Each label is its own ID space, so keys need only be
unique within a label. Every text value is double-quoted (inner quotes doubled, newlines and
backslashes kept as they are), an absent value is an empty unquoted field, and array elements
are separated by U+001F, a character no kg text contains. `kg-export.json` in the folder
records the files; `import_command` builds the matching neo4j-admin command line.
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import networkx as nx

from kg.errors import KgError
from kg.fileio import atomic_folder
from kg.graph import node_id
from kg.graph.schema import DATE_ATTRIBUTES, EMBEDDING, IDENTITY
from kg.records import Label

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")

__all__ = ["ARRAY_DELIMITER", "MANIFEST", "import_command", "read_csv", "write_csv"]

ARRAY_DELIMITER = "\x1f"
"""Separates array elements inside one field (neo4j-admin's `--array-delimiter=U+001F`)."""

MANIFEST = "kg-export.json"
"""The file in the export folder that lists the CSV files (and marks the folder as kg's)."""

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_NUMBER_TYPES = {"long": int, "double": float, "float": float}
_COLUMN_TYPES = (  # (the value types a column may hold, its neo4j-admin type), first match wins
    ({"string"}, "string"),
    ({"long"}, "long"),
    ({"long", "double"}, "double"),
    ({"boolean"}, "boolean"),
    ({"[]", "string[]"}, "string[]"),
    ({"[]", "long[]"}, "long[]"),
    ({"[]", "long[]", "float[]"}, "float[]"),
    ({"[]", "boolean[]"}, "boolean[]"),
)


@dataclass(frozen=True)
class _Column:
    """One property column: the attribute it holds and its neo4j-admin type (`string`, `long`, `float[]`, ...)."""

    name: str
    type: str

    @property
    def header(self) -> str:
        return self.name if self.type == "string" else f"{self.name}:{self.type}"


def write_csv(graph: nx.MultiDiGraph, folder: str | Path, *, embeddings: bool = True) -> None:
    """Write `graph` as neo4j-admin import CSV files into `folder` (replaced atomically; see the module docstring)."""
    skipped = {*IDENTITY} | (set() if embeddings else {EMBEDDING})
    groups = _relationships_by_type(graph)
    types = Counter(relation for relation, _, _ in groups)
    manifest: dict[str, Any] = {
        "graph": graph.graph,
        "array_delimiter": ARRAY_DELIMITER,
        "nodes": {},
        "relationships": [],
    }
    with atomic_folder(folder, MANIFEST) as staging:
        for label, nodes in sorted(_nodes_by_label(graph).items()):
            manifest["nodes"][label] = f"nodes_{label}.csv"
            _write_nodes(staging / f"nodes_{label}.csv", label, nodes, skipped)
        for (relation, start, end), edges in sorted(groups.items()):
            file_name = (
                f"relationships_{relation}.csv"
                if types[relation] == 1
                else f"relationships_{relation}_{start}_{end}.csv"
            )
            _write_relationships(staging / file_name, (relation, start, end), edges)
            manifest["relationships"].append({"type": relation, "start": start, "end": end, "file": file_name})
        (staging / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")


def _nodes_by_label(graph: nx.MultiDiGraph) -> dict[str, list[Mapping[str, Any]]]:
    """Node attributes grouped by label."""
    groups: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
    for _, data in graph.nodes(data=True):
        groups[_checked_name(data["label"], "label")].append(data)
    return groups


def _relationships_by_type(graph: nx.MultiDiGraph) -> dict[tuple[str, str, str], list[Mapping[str, Any]]]:
    """Edge attributes plus their endpoints' keys (`start`, `end`), grouped by (type, start label, end label)."""
    groups: dict[tuple[str, str, str], list[Mapping[str, Any]]] = defaultdict(list)
    for source, target, data in graph.edges(data=True):
        start, end = graph.nodes[source], graph.nodes[target]
        relation = _checked_name(data["type"], "relationship type")
        groups[(relation, start["label"], end["label"])].append({"start": start["key"], "end": end["key"], **data})
    return groups


def _write_nodes(path: Path, label: str, nodes: Sequence[Mapping[str, Any]], skipped: set[str]) -> None:
    """One nodes file: `key:ID(<label>)`, `:LABEL`, then a typed column per attribute (sorted by key)."""
    rows = sorted(nodes, key=lambda data: data["key"])
    columns = _columns(rows, skipped, label)
    header = [f"key:ID({label})", ":LABEL", *(column.header for column in columns)]
    _write_file(path, header, ([_text(data["key"]), _text(label), *_fields(data, columns, label)] for data in rows))


def _write_relationships(path: Path, kind: tuple[str, str, str], edges: Sequence[Mapping[str, Any]]) -> None:
    """One relationships file: `:START_ID(<start label>)`, `:END_ID(<end label>)`, `:TYPE`, then typed properties."""
    relation, start, end = kind
    rows = sorted(edges, key=lambda data: (data["start"], data["end"]))
    columns = _columns(rows, {"start", "end", "type"}, relation)
    header = [f":START_ID({start})", f":END_ID({end})", ":TYPE", *(column.header for column in columns)]
    records = (
        [_text(data["start"]), _text(data["end"]), _text(relation), *_fields(data, columns, relation)] for data in rows
    )
    _write_file(path, header, records)


def import_command(folder: str | Path, database: str = "neo4j", neo4j_admin: str = "neo4j-admin") -> list[str]:
    """The `neo4j-admin database import full` command (as arguments) that imports the CSV export in `folder`.

    Run it while the target Neo4j is stopped; the database must not exist yet (or add --overwrite-destination).
    """
    location = Path(folder).absolute()
    manifest = _read_manifest(location)
    if "," in str(location):
        raise KgError(f"{location}: neo4j-admin splits file lists at commas; move the export to a folder without one")
    return [
        neo4j_admin,
        "database",
        "import",
        "full",
        database,
        *(f"--nodes={location / name}" for name in manifest["nodes"].values()),
        *(f"--relationships={location / group['file']}" for group in manifest["relationships"]),
        f"--array-delimiter=U+{ord(manifest['array_delimiter']):04X}",
        "--multiline-fields=true",
    ]


def read_csv(folder: str | Path) -> nx.MultiDiGraph:
    """Read an export written by `write_csv` back into kg's graph layout (absent values stay absent)."""
    location = Path(folder)
    manifest = _read_manifest(location)
    delimiter = manifest["array_delimiter"]
    graph = nx.MultiDiGraph(**manifest["graph"])
    for label, file_name in manifest["nodes"].items():
        for values in _read_file(location / file_name, delimiter):
            key = values.pop("key")
            graph.add_node(node_id(label, key), label=values.pop(":LABEL"), key=key, **values)
    for group in manifest["relationships"]:
        for values in _read_file(location / group["file"], delimiter):
            relation = values.pop(":TYPE")
            source, target = (
                node_id(group["start"], values.pop(":START_ID")),
                node_id(group["end"], values.pop(":END_ID")),
            )
            graph.add_edge(source, target, key=relation, type=relation, **values)
    return graph


def _checked_name(name: str, what: str) -> str:
    """`name` if it is usable in file names, ID spaces and headers; KgError otherwise."""
    if not _NAME.fullmatch(name):
        raise KgError(f"{what} {name!r} cannot be a CSV file name or ID space; use letters, digits and underscores")
    return name


def _columns(rows: Sequence[Mapping[str, Any]], skipped: set[str], where: str) -> list[_Column]:
    """The typed property columns for `rows`: `name` first, then the other attributes sorted."""
    names = sorted({name for row in rows for name in row} - skipped, key=lambda name: (name != "name", name))
    return [_Column(_checked_name(name, f"{where} attribute"), _column_type(rows, name, where)) for name in names]


def _column_type(rows: Sequence[Mapping[str, Any]], name: str, where: str) -> str:
    """The neo4j-admin type that holds every value of attribute `name` (ints and floats together: double)."""
    types = {_value_type(row[name]) for row in rows if row.get(name) is not None}
    if name in DATE_ATTRIBUTES and where == Label.PAPER and types == {"string"}:
        if all(_ISO_DATE.fullmatch(row[name]) for row in rows if row.get(name) is not None):
            return "date"  # as `kg load` stores them
    for allowed, column_type in _COLUMN_TYPES:
        if types <= allowed:
            return column_type
    raise KgError(
        f"{where} attribute {name!r} has values of types {sorted(types)}; neo4j-admin needs one type per column"
    )


def _value_type(value: Any) -> str:
    """The neo4j-admin type of one value; an empty list is `[]` (it fits any array column)."""
    if isinstance(value, (list, tuple)):
        element_types = {_value_type(item) for item in value}
        if element_types <= {"long", "double"}:
            return "float[]" if "double" in element_types else "long[]" if element_types else "[]"
        return f"{element_types.pop()}[]" if element_types in ({"string"}, {"boolean"}) else "mixed[]"
    for kind, python_type in (("boolean", bool), ("long", int), ("double", float), ("string", str)):
        if isinstance(value, python_type):
            return kind
    return type(value).__name__


def _fields(data: Mapping[str, Any], columns: Iterable[_Column], where: str) -> Iterator[str]:
    """The CSV fields of one row's property columns."""
    for column in columns:
        value = data.get(column.name)
        if value is None or (isinstance(value, (list, tuple)) and not value):
            yield ""  # absent; an empty list cannot be told from a missing one in neo4j-admin CSV
        elif column.type.endswith("[]"):
            items = [_scalar(item) for item in value]
            if any(ARRAY_DELIMITER in item for item in items):
                raise KgError(
                    f"{where} {data.get('key', '')!r}: a {column.name} item contains U+001F, kg's array delimiter; "
                    "remove it"
                )
            yield _text(ARRAY_DELIMITER.join(items))
        elif column.type == "string":
            yield _text(value)
        else:
            yield _scalar(value)


def _scalar(value: Any) -> str:
    """A single value as neo4j-admin parses it: numbers in Python's round-trip form, booleans in lower case."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return repr(value) if isinstance(value, float) else str(value)


def _text(value: str) -> str:
    """A double-quoted CSV field; inner quotes are doubled, everything else is kept verbatim."""
    return '"' + value.replace('"', '""') + '"'


def _write_file(path: Path, header: list[str], records: Iterable[list[str]]) -> None:
    """Write one CSV file with LF line ends (fields are already quoted)."""
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write(",".join(header) + "\n")
        for record in records:
            out.write(",".join(record) + "\n")


def _read_manifest(folder: Path) -> dict[str, Any]:
    """The manifest of a CSV export; KgError if `folder` is not one."""
    try:
        return json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise KgError(
            f"{folder} is not a kg CSV export (no readable {MANIFEST}); write one with `kg export --format csv`"
        ) from None


_FIELD = re.compile(r'"((?:[^"]+|"")*)"|([^,"\n]*)')


def _read_file(path: Path, delimiter: str) -> Iterator[dict[str, Any]]:
    """The rows of one CSV file as {column: value}, typed by the header; empty unquoted fields are left out."""
    with path.open(encoding="utf-8", newline="") as handle:  # newline="": keep carriage returns inside fields
        records = _records(handle.read())
    columns = [_header_column(header or "") for header in next(records)]
    for record in records:
        yield {
            name: _parse(value, kind, delimiter) for (name, kind), value in zip(columns, record) if value is not None
        }


def _header_column(header: str) -> tuple[str, str]:
    """(name, type) of a header: `pagerank:double` -> pagerank, double; `key:ID(Paper)` -> key; `:TYPE` -> :TYPE."""
    name, _, kind = header.split("(")[0].partition(":")
    if not name:
        return f":{kind}", "string"
    return name, "string" if kind in ("", "ID") else kind


def _parse(value: str, kind: str, delimiter: str) -> Any:
    """One field's value as Python: numbers and booleans typed, arrays split at `delimiter`."""
    if kind.endswith("[]"):
        return [_parse(item, kind[:-2], delimiter) for item in value.split(delimiter)]
    if kind == "boolean":
        return value == "true"
    return _NUMBER_TYPES[kind](value) if kind in _NUMBER_TYPES else value


def _records(text: str) -> Iterator[list[str | None]]:
    """RFC 4180 records of `text`; a quoted field is a str (even ""), an empty unquoted field is None."""
    position = 0
    while position < len(text):
        record: list[str | None] = []
        while True:
            match = _FIELD.match(text, position)
            assert match is not None  # the pattern matches the empty string
            quoted, bare = match.groups()
            record.append(quoted.replace('""', '"') if quoted is not None else (bare or None))
            position = match.end()
            if position < len(text) and text[position] == ",":
                position += 1
                continue
            if position < len(text) and text[position] != "\n":
                raise KgError(f"malformed CSV near character {position}: expected a comma or a line end")
            position += 1
            break
        yield record
