"""Every Cypher statement in kg's Python code (the query library lives in cypher/), and the loader's rows.

Labels and relationship types cannot be query parameters in an index-backed MERGE, so one
statement per label and per relationship type is generated here from kg's own enums; every
value from the graph travels as a parameter ($rows), never inside the statement text. The rows
are built here too, once, for every writer of these statements (`kg load` and the cypher-shell
export), so both create exactly the same nodes and relationships.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import networkx as nx

from kg.errors import KgError
from kg.graph.schema import EMBEDDING, ENDPOINTS, NOT_EDGE_PROPERTIES, NOT_NODE_PROPERTIES
from kg.records import Label, Relation

__all__ = [
    "AWAIT_INDEXES",
    "CHANGE_INITIAL_PASSWORD",
    "PING",
    "SERVER_VERSION",
    "RowGroup",
    "merge_row_groups",
    "COUNT_KG_NODES",
    "MERGE_NODES",
    "MERGE_RELATIONSHIPS",
    "VECTOR_INDEX",
    "VECTOR_INDEX_DIMENSIONS",
    "WIPE_KG_NODES",
]

VECTOR_INDEX = "paper_embedding"  # created by cypher/schema.cypher

_KG_LABELS = "|".join(label.value for label in Label)

MERGE_NODES: dict[Label, str] = {
    label: (
        "UNWIND $rows AS row\n"
        f"MERGE (n:{label.value} {{key: row.key}})\n"
        "SET n += row.properties\n"
        "WITH n, row WHERE row.embedding IS NOT NULL\n"
        "CALL db.create.setNodeVectorProperty(n, 'embedding', row.embedding)"
    )
    for label in Label
}
"""Per label: merge each row's node on `key`, set its properties, and its embedding as a vector property."""

MERGE_RELATIONSHIPS: dict[tuple[Relation, Label, Label], str] = {
    (relation, source, target): (
        "UNWIND $rows AS row\n"
        f"MATCH (source:{source.value} {{key: row.source}})\n"
        f"MATCH (target:{target.value} {{key: row.target}})\n"
        f"MERGE (source)-[r:{relation.value}]->(target)\n"
        "SET r += row.properties"
    )
    for relation, pairs in ENDPOINTS.items()
    for source, target in pairs
}
"""Per (relationship type, source label, target label): merge one relationship per endpoint pair, set its properties."""

PING = "RETURN 1"
"""The smallest query: a session that runs it proves the server and the database answer."""

SERVER_VERSION = "CALL dbms.components() YIELD versions, edition RETURN versions[0] AS version, edition"
"""The version and edition the server reports (e.g. 5.26.30, community)."""

CHANGE_INITIAL_PASSWORD = "ALTER CURRENT USER SET PASSWORD FROM $old TO $new"
"""On the system database: replace the initial password (the password travels as a parameter, never in text)."""

AWAIT_INDEXES = "CALL db.awaitIndexes($timeout_seconds)"
"""Wait until every index is online (new indexes on existing data are populated in the background)."""

VECTOR_INDEX_DIMENSIONS = (
    "SHOW VECTOR INDEXES YIELD name, options WHERE name = $name\n"
    "RETURN options.indexConfig['vector.dimensions'] AS dimensions"
)
"""The dimension of an existing vector index (no row if it does not exist)."""

COUNT_KG_NODES = f"MATCH (n:{_KG_LABELS}) RETURN count(n) AS nodes"
"""How many nodes carry one of kg's labels."""

WIPE_KG_NODES = f"MATCH (n:{_KG_LABELS})\nCALL (n) {{ DETACH DELETE n }} IN TRANSACTIONS OF $batch_size ROWS"
"""Delete every node with one of kg's labels (and its relationships), batch by batch; other nodes stay."""


@dataclass(frozen=True)
class RowGroup:
    """The `$rows` of one label or relationship type and the MERGE statement that writes them."""

    kind: Label | Relation
    statement: str
    rows: list[dict[str, Any]]
    endpoints: tuple[Label, Label] | None = None  # of a relationship group


def merge_row_groups(graph: nx.MultiDiGraph, *, embeddings: bool = True) -> list[RowGroup]:
    """The rows of every label, then every relationship type (in kg's enum order), each sorted by key.

    A node row is {key, properties} plus its embedding if it has one, a relationship row {source, target, properties}
    with the endpoints' keys; null attributes are left out. `embeddings=False` leaves the Paper
    vectors out. KgError for a label or relationship type kg does not know (a graph.json edited by hand).
    """
    nodes: dict[Label, list[dict[str, Any]]] = {label: [] for label in Label}
    relationships: dict[tuple[Relation, Label, Label], list[dict[str, Any]]] = {
        kind: [] for kind in MERGE_RELATIONSHIPS
    }
    for node, data in sorted(graph.nodes(data=True), key=lambda item: str(item[0])):
        properties = {
            name: value for name, value in data.items() if name not in NOT_NODE_PROPERTIES and value is not None
        }
        row: dict[str, Any] = {"key": data["key"], "properties": properties}
        if embeddings and data.get(EMBEDDING) is not None:
            row["embedding"] = data[EMBEDDING]  # the MERGE reads a missing one as null
        nodes[_known(Label, data.get("label"), f"node {node!r}")].append(row)
    for source, target, data in sorted(graph.edges(data=True), key=lambda item: (str(item[0]), str(item[1]))):
        what = f"edge {source!r} -> {target!r}"
        relation = _known(Relation, data.get("type"), what)
        kind = (
            relation,
            _known(Label, graph.nodes[source].get("label"), what),
            _known(Label, graph.nodes[target].get("label"), what),
        )
        if kind not in relationships:
            pairs = ", ".join(f"{start}->{end}" for start, end in ENDPOINTS[relation])
            raise KgError(f"{what} is a {relation} between a {kind[1]} and a {kind[2]}; kg's {relation} joins {pairs}")
        properties = {
            name: value for name, value in data.items() if name not in NOT_EDGE_PROPERTIES and value is not None
        }
        relationships[kind].append(
            {"source": graph.nodes[source]["key"], "target": graph.nodes[target]["key"], "properties": properties}
        )
    return [
        *(RowGroup(label, MERGE_NODES[label], nodes[label]) for label in Label),
        *(
            RowGroup(
                relation,
                MERGE_RELATIONSHIPS[(relation, start, end)],
                relationships[(relation, start, end)],
                (start, end),
            )
            for relation, start, end in MERGE_RELATIONSHIPS
        ),
    ]


def _known(kinds: type[Label] | type[Relation], value: Any, what: str) -> Any:
    """`value` as a member of `kinds`; KgError naming the element when kg has no such label or type."""
    try:
        return kinds(value)
    except ValueError:
        known = ", ".join(member.value for member in kinds)
        raise KgError(f"{what} has label/type {value!r}, which kg does not load; kg knows {known}") from None
