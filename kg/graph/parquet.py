"""Parquet graph folders (`graph.parquet/`): kg's graph as column tables, for DuckDB, Spark, pandas or Polars,
and for graphs too large to read as one JSON document.

    graph.parquet/
      kg-graph.json                    the graph's metadata (schema, kg_version, model) and which file holds what
      nodes_Paper.parquet ...          one table per label: id, key, then one column per attribute
      relationships_MENTIONS.parquet   one table per type: source, target, key, then one column per attribute

A folder holds the node-link data graph.json holds, so both pass the same checks when read
(kg.graph.validation). Column types follow the attribute kinds of kg.graph.schema (other attributes: the
type of their values); rows are sorted as in graph.json, so the same graph gives the same bytes. Paper
embeddings are `fixed_size_list<float32>`: their values were rounded to DECIMALS decimals when the graph
was assembled, float32 keeps 7 significant digits, so rounding them to DECIMALS again on reading gives
back exactly graph.json's values; embeddings that would not survive that (a hand-made graph) are stored
as float64. Where a row's attribute is null rather than absent, the row's `kg:null` column names it (the
column exists only in tables that need it).
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from kg.errors import KgError
from kg.fileio import atomic_folder, check_folder_writable
from kg.graph.schema import DECIMALS, EDGE_ATTRIBUTES, NODE_ATTRIBUTES, Kind
from kg.graph.validation import check_metadata, damaged

__all__ = ["MANIFEST", "NULLS", "check_parquet_writable", "read_parquet", "write_parquet"]

MANIFEST = "kg-graph.json"
"""The folder's metadata file (it also marks the folder as kg's, so a rewrite may replace it)."""

NULLS = "kg:null"
"""The column naming the attributes that are null (not absent) in a row."""

_ROWS_PER_BATCH = 10_000  # rows per row group written and per record batch read
_DECIMALS_KEY = b"kg:decimals"  # field metadata: round the float32 values to this many decimals when reading
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_ARROW_TYPES = {
    Kind.TEXT: pa.string(),
    Kind.TEXTS: pa.list_(pa.string()),
    Kind.INTEGER: pa.int64(),
    Kind.NUMBER: pa.float64(),
}


def check_parquet_writable(path: Path) -> None:
    """KgError unless `write_parquet` could write the folder `path` (new, empty, or an earlier kg Parquet graph)."""
    check_folder_writable(path, MANIFEST)


def write_parquet(data: dict[str, Any], path: Path) -> None:
    """Write node-link `data`, sorted as `graph_data` gives it, as the folder `path` (swapped in atomically)."""
    manifest: dict[str, Any] = {"graph": data["graph"], "nodes": {}, "relationships": {}}
    with atomic_folder(path, MANIFEST) as staging:
        for label, rows in sorted(_grouped(data["nodes"], "label", path).items()):
            file_name = f"nodes_{label}.parquet"
            _write_table(staging / file_name, rows, ("id", "key"), NODE_ATTRIBUTES, path)
            manifest["nodes"][label] = file_name
        for relation, rows in sorted(_grouped(data["edges"], "type", path).items()):
            file_name = f"relationships_{relation}.parquet"
            _write_table(staging / file_name, rows, ("source", "target", "key"), EDGE_ATTRIBUTES, path)
            manifest["relationships"][relation] = file_name
        (staging / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")


def _grouped(items: list[dict[str, Any]], field: str, path: Path) -> dict[str, list[dict[str, Any]]]:
    """Nodes by label or edges by type (without that field, which the table name keeps), in their order."""
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for item in items:
        name = item.get(field)
        if not isinstance(name, str) or not _NAME.fullmatch(name):
            raise KgError(
                f"cannot write {path}: the {field} {name!r} cannot name a Parquet table; use letters, digits and _"
            )
        groups[name].append({key: value for key, value in item.items() if key != field})
    return groups


def _write_table(
    file: Path, rows: Sequence[dict[str, Any]], leading: tuple[str, ...], kinds: dict[str, Kind], path: Path
) -> None:
    """One table: the `leading` text columns, then one column per attribute (sorted), in row groups."""
    schema = _schema(rows, leading, kinds, path)
    try:
        with pq.ParquetWriter(file, schema) as writer:
            for start in range(0, len(rows), _ROWS_PER_BATCH):
                chunk = [_with_nulls(row) for row in rows[start : start + _ROWS_PER_BATCH]]
                table = pa.Table.from_pylist(chunk, schema)
                _check_finite(table, path)
                writer.write_table(table)
    except (pa.ArrowInvalid, pa.ArrowTypeError, OverflowError) as error:
        reason = str(error).splitlines()[0][:200]
        raise KgError(f"cannot write {path}: the graph holds a value Parquet cannot store ({reason})") from None


def _schema(rows: Sequence[dict[str, Any]], leading: tuple[str, ...], kinds: dict[str, Kind], path: Path) -> pa.Schema:
    """The table's columns: types from the attribute kinds, else from the values; `kg:null` if a row needs it."""
    names = sorted({name for row in rows for name in row} - set(leading))
    if NULLS in names:
        raise KgError(f"cannot write {path}: an attribute is named {NULLS!r}, which kg's Parquet tables reserve")
    fields = [pa.field(name, pa.string()) for name in leading]
    fields += [_field(name, [row[name] for row in rows if row.get(name) is not None], kinds, path) for name in names]
    if any(value is None for row in rows for value in row.values()):
        fields.append(pa.field(NULLS, pa.list_(pa.string())))
    return pa.schema(fields)


def _field(name: str, values: list[Any], kinds: dict[str, Kind], path: Path) -> pa.Field:
    """The column of attribute `name`, given its present values."""
    kind = kinds.get(name)
    if kind is Kind.VECTOR:
        dimension = len(values[0]) if values else 0
        if all(_survives_float32(vector) for vector in values):
            return pa.field(name, pa.list_(pa.float32(), dimension), metadata={_DECIMALS_KEY: str(DECIMALS)})
        return pa.field(name, pa.list_(pa.float64(), dimension))
    if kind is not None:
        return pa.field(name, _ARROW_TYPES[kind])
    try:
        return pa.field(name, pa.array(values).type)
    except (pa.ArrowInvalid, pa.ArrowTypeError, OverflowError):
        raise KgError(f"cannot write {path}: attribute {name!r} mixes types; a Parquet column holds one") from None


def _survives_float32(vector: Any) -> bool:
    """Whether float32, rounded to DECIMALS on reading, gives back exactly these values."""
    try:
        values = np.asarray(vector, dtype=np.float64)
    except (TypeError, ValueError):
        return False  # not numbers: writing the column fails with a one-line error
    return bool(np.array_equal(np.round(values.astype(np.float32).astype(np.float64), DECIMALS), values))


def _with_nulls(row: dict[str, Any]) -> dict[str, Any]:
    """`row` plus its `kg:null` list (ignored by tables without that column)."""
    return {**row, NULLS: [name for name, value in row.items() if value is None]}


def _check_finite(table: pa.Table, path: Path) -> None:
    """KgError for NaN or infinity in a float column: no kg graph file may hold them (read_graph refuses them)."""
    for name, column in zip(table.column_names, table.columns):
        values: Any = column
        while pa.types.is_list(values.type) or pa.types.is_fixed_size_list(values.type):
            values = pc.list_flatten(values)
        if pa.types.is_floating(values.type) and pc.all(pc.is_finite(values)).as_py() is False:
            raise KgError(f"cannot write {path}: attribute {name!r} holds NaN or infinity, which graph files cannot")


def read_parquet(source: Path, hint: str) -> dict[str, Any]:
    """The node-link data of the Parquet folder `source`, read a record batch at a time; KgError if it is
    missing, not a kg graph, of another schema, or has a missing or unreadable table."""
    manifest = _read_manifest(source, hint)
    check_metadata(source, manifest.get("graph"), hint)
    nodes = [
        {**row, "label": label}
        for label, file_name in _tables(manifest, "nodes", source)
        for row in _rows(source, file_name)
    ]
    edges = [
        {**row, "type": relation}
        for relation, file_name in _tables(manifest, "relationships", source)
        for row in _rows(source, file_name)
    ]
    nodes.sort(key=lambda node: str(node.get("id")))  # graph.json's order (str: a damaged id is refused later)
    edges.sort(key=lambda edge: tuple(str(edge.get(name)) for name in ("source", "target", "key")))
    return {"directed": True, "multigraph": True, "graph": manifest["graph"], "nodes": nodes, "edges": edges}


def _read_manifest(source: Path, hint: str) -> dict[str, Any]:
    """The folder's kg-graph.json; KgError if the folder is missing or is not a kg Parquet graph."""
    try:
        manifest = json.loads((source / MANIFEST).read_text(encoding="utf-8"))
    except (FileNotFoundError, NotADirectoryError):
        if not source.exists():
            raise KgError(f"{source}: no such file; {hint}") from None
        raise KgError(f"{source} is not a kg graph file (not a folder holding {MANIFEST}); {hint}") from None
    except OSError as error:
        raise KgError(f"cannot read {source / MANIFEST}: {error.strerror}") from None
    except ValueError:
        raise damaged(source, f"{MANIFEST} is not JSON") from None
    if not isinstance(manifest, dict):
        raise damaged(source, f"{MANIFEST} is not a JSON object")
    return manifest


def _tables(manifest: dict[str, Any], part: str, source: Path) -> list[tuple[str, str]]:
    """(label or type, file name) of each table the manifest lists under `part`."""
    tables = manifest.get(part)
    if not isinstance(tables, dict) or not all(isinstance(name, str) for name in tables.values()):
        raise damaged(source, f"{MANIFEST} lists no {part} tables")
    return sorted(tables.items())


def _rows(source: Path, file_name: str) -> Iterator[dict[str, Any]]:
    """The rows of one table as node-link fields, one record batch at a time (nulls left out unless `kg:null`
    names them)."""
    try:
        batches = pq.ParquetFile(source / file_name).iter_batches(batch_size=_ROWS_PER_BATCH)
        for batch in batches:
            names = batch.schema.names
            columns = [_values(field, column) for field, column in zip(batch.schema, batch.columns)]
            for values in zip(*columns):
                row = dict(zip(names, values))
                nulls = row.pop(NULLS, None) or ()
                yield {name: value for name, value in row.items() if value is not None or name in nulls}
    except FileNotFoundError:
        raise damaged(source, f"the table {file_name} is missing") from None
    except (OSError, pa.ArrowException) as error:
        raise damaged(source, f"the table {file_name} is unreadable: {str(error).splitlines()[0][:120]}") from None


def _values(field: pa.Field, column: pa.Array) -> list[Any]:
    """A column's values as Python; float32 embeddings rounded back to the decimals graph.json holds."""
    values = column.to_pylist()
    decimals = (field.metadata or {}).get(_DECIMALS_KEY)
    if decimals is None:
        return values
    return [None if vector is None else np.round(np.asarray(vector), int(decimals)).tolist() for vector in values]
