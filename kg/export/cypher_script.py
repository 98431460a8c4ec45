"""A `.cypher` script that rebuilds the graph in any Neo4j 5: `cypher-shell -f graph.cypher`.

The script runs kg's schema (cypher/schema.cypher) first, then for each label and relationship
type sets `:param rows => [...]` batch by batch and runs the loader's own `UNWIND $rows ... MERGE`
statement with the loader's own rows and load id (kg.neo4j.cypher), so it creates exactly what `kg load`
creates and is safe to run again; unlike `kg load` it removes nothing (like `kg load --add`, without
the removal of old paper links). The data sits
in the `:param` lines as Cypher literals that `cypher_literal` writes: strings single-quoted with
every quote, backslash and non-ASCII character escaped, so the file is plain ASCII whatever the
shell's locale and no text can end a literal early.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from pathlib import Path
from typing import IO, Any

import networkx as nx

from kg.errors import KgError
from kg.fileio import atomic_write
from kg.graph import embedding_dimensions
from kg.neo4j.cypher import RowGroup, load_id, merge_row_groups
from kg.neo4j.library import schema_statements

__all__ = ["DEFAULT_BATCH_SIZE", "cypher_identifier", "cypher_literal", "write_cypher"]

DEFAULT_BATCH_SIZE = 500
"""Rows per `:param rows` batch: large enough to be fast, small enough for cypher-shell's parser."""

_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_PRINTABLE_ASCII = re.compile(r"[ -~]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_SIMPLE_ESCAPES = {"\\": "\\\\", "'": "\\'", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}
_INTEGER_RANGE = (-(2**63), 2**63 - 1)


def write_cypher(
    graph: nx.MultiDiGraph, path: str | Path, *, embeddings: bool = True, batch_size: int = DEFAULT_BATCH_SIZE
) -> None:
    """Write `graph` as a cypher-shell script to `path` (atomically); `embeddings=False` leaves Paper vectors out."""
    if batch_size < 1:
        raise KgError(f"batch size must be at least 1, not {batch_size}")
    dimensions = embedding_dimensions(graph)
    statements, params = schema_statements(dimensions if embeddings and dimensions else None)
    groups = merge_row_groups(graph, embeddings=embeddings)
    params["load"] = load_id(groups)  # the stamp `kg load` of this graph writes too
    with atomic_write(path) as out:
        out.write(
            f"// kg graph ({graph.number_of_nodes()} nodes, {graph.number_of_edges()} relationships), written by kg's "
            "exporter.\n"
            "// Run it with: cypher-shell -a neo4j://HOST:7687 -u neo4j -f THIS_FILE   (safe to re-run: everything "
            "MERGEs on key; unlike `kg load` it removes nothing)\n"
            "\n// Schema: constraints and indexes (cypher/schema.cypher)\n"
        )
        for name, value in params.items():
            out.write(f":param {name} => {cypher_literal(value)}\n")
        for statement in statements:
            out.write(f"{statement};\n")
        _write_batches(out, groups, batch_size)


def cypher_literal(value: Any) -> str:
    """`value` as a Cypher literal (str, int, float, bool, None, lists, maps); the text is printable ASCII only.

    Raises KgError for values Cypher has no literal for (NaN, infinities, integers beyond 64 bits, other types).
    """
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        if not _INTEGER_RANGE[0] <= value <= _INTEGER_RANGE[1]:
            raise KgError(f"integer {value} does not fit Neo4j's 64-bit integers")
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise KgError(f"{value} has no Cypher literal; remove it from the graph")
        return repr(value)
    if isinstance(value, str):
        return "'" + "".join(_escaped(character) for character in value) + "'"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(cypher_literal(item) for item in value) + "]"
    if isinstance(value, Mapping):
        return (
            "{"
            + ", ".join(f"{cypher_identifier(str(key))}: {cypher_literal(item)}" for key, item in value.items())
            + "}"
        )
    raise KgError(f"a {type(value).__name__} value has no Cypher literal: {value!r:.60}")


def cypher_identifier(name: str) -> str:
    """`name` as a Cypher identifier: as is when it is a plain name, else backtick-quoted (backticks doubled).

    Raises KgError for an empty name or one with characters outside printable ASCII (kg's names never are).
    """
    if _IDENTIFIER.fullmatch(name):
        return name
    if not name or not all(_PRINTABLE_ASCII.fullmatch(character) for character in name):
        raise KgError(f"attribute name {name!r} has characters a plain-ASCII Cypher script cannot quote; rename it")
    # Inside backticks Cypher still reads \uXXXX as a character, so a backslash is written as \u005C.
    return "`" + name.replace("`", "``").replace("\\", "\\u005C") + "`"


def _escaped(character: str) -> str:
    """One character of a quoted literal: itself if printable ASCII, else a backslash escape (UTF-16 units).

    NUL becomes U+FFFD: cypher-shell 5.26 keeps `\\u0000` inside a `:param` value as six literal characters.
    A lone surrogate (a Python string can hold one; it is not a character) becomes U+FFFD too, as
    everywhere else in kg: Neo4j would store it as "?".
    """
    if character == "\x00" or _SURROGATE.fullmatch(character):
        return "\\uFFFD"
    if character in _SIMPLE_ESCAPES:
        return _SIMPLE_ESCAPES[character]
    if _PRINTABLE_ASCII.fullmatch(character):
        return character
    encoded = character.encode("utf-16-be")
    return "".join(f"\\u{encoded[start]:02X}{encoded[start + 1]:02X}" for start in range(0, len(encoded), 2))


def _write_batches(out: IO[str], groups: list[RowGroup], batch_size: int) -> None:
    """Per non-empty group: `:param rows => [...]` lines of at most `batch_size` rows, each followed by its MERGE."""
    for group in groups:
        if not group.rows:
            continue
        out.write(f"\n// {group.kind.value}: {len(group.rows)}\n")
        for start in range(0, len(group.rows), batch_size):
            out.write(f":param rows => {cypher_literal(group.rows[start : start + batch_size])}\n{group.statement};\n")
