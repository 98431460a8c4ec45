"""Every Cypher statement in kg's Python code (the query library lives in cypher/), and the loader's rows.

Labels and relationship types cannot be query parameters in an index-backed MERGE, so one
statement per label and per relationship type is generated here from kg's own enums; every
value from the graph travels as a parameter ($rows), never inside the statement text. The rows
are built here too, once, for every writer of these statements (`kg load` and the cypher-shell
export), so both create exactly the same nodes and relationships.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import networkx as nx

from kg.errors import KgError
from kg.graph.schema import DATE_ATTRIBUTES, EMBEDDING, ENDPOINTS, NOT_EDGE_PROPERTIES, NOT_NODE_PROPERTIES
from kg.records import Label, Relation

__all__ = [
    "AWAIT_INDEXES",
    "CHANGE_INITIAL_PASSWORD",
    "PING",
    "SERVER_VERSION",
    "RowGroup",
    "load_id",
    "merge_row_groups",
    "COUNT_KG_NODES",
    "COUNT_LABELS",
    "COUNT_NODES",
    "COUNT_RELATIONSHIP_TYPES",
    "MERGE_NODES",
    "MERGE_RELATIONSHIPS",
    "REMOVE_STALE_NODES",
    "REMOVE_STALE_PAPER_LINKS",
    "REMOVE_STALE_RELATIONSHIPS",
    "VECTOR_INDEX",
    "VECTOR_INDEX_DIMENSIONS",
    "WIPE_KG_NODES",
]

VECTOR_INDEX = "paper_embedding"  # created by cypher/schema.cypher

_KG_LABELS = "|".join(label.value for label in Label)

# What changed, per row: an existing node or relationship whose properties differ from the row's,
# not counting kg_load (every load stamps its own id on what it writes).
_CHANGED = "count(CASE WHEN {existed} AND before{{.*, kg_load: null}} <> after{{.*, kg_load: null}} THEN 1 END)"

# A paper's ISO dates become Neo4j dates (a listing's "Apr 22" without a year stays text).
_AS_DATES = "".join(
    f"SET n.{name} = CASE WHEN n.{name} =~ '\\\\d{{4}}-\\\\d{{2}}-\\\\d{{2}}' THEN date(n.{name}) ELSE n.{name} END\n"
    for name in DATE_ATTRIBUTES
)

MERGE_NODES: dict[Label, str] = {
    label: (
        "UNWIND $rows AS row\n"
        f"MERGE (n:{label.value} {{key: row.key}})\n"
        "WITH n, row, properties(n) AS before\n"
        "SET n = row.properties, n.key = row.key, n.kg_load = $load\n"
        f"{_AS_DATES if label is Label.PAPER else ''}"
        "WITH n, row, before\n"
        "CALL (n, row) {\n"
        "  WITH n, row WHERE row.embedding IS NOT NULL\n"
        "  CALL db.create.setNodeVectorProperty(n, 'embedding', row.embedding)\n"
        "}\n"
        "WITH before, properties(n) AS after\n"
        f"RETURN {_CHANGED.format(existed='size(keys(before)) > 1')} AS changed"
    )
    for label in Label
}
"""Per label: merge each row's node on `key`, replace its properties by the row's (and its embedding, as a
vector property), stamp it with the load's id ($load); returns how many existing nodes changed."""

MERGE_RELATIONSHIPS: dict[tuple[Relation, Label, Label], str] = {
    (relation, source, target): (
        "UNWIND $rows AS row\n"
        f"MATCH (source:{source.value} {{key: row.source}})\n"
        f"MATCH (target:{target.value} {{key: row.target}})\n"
        f"MERGE (source)-[r:{relation.value}]->(target)\n"
        "WITH r, row, properties(r) AS before\n"
        "SET r = row.properties, r.kg_load = $load\n"
        "WITH before, properties(r) AS after\n"
        f"RETURN {_CHANGED.format(existed='size(keys(before)) > 0')} AS changed"
    )
    for relation, pairs in ENDPOINTS.items()
    for source, target in pairs
}
"""Per (relationship type, source label, target label): merge one relationship per endpoint pair, replace its
properties by the row's, stamp it with $load; returns how many existing relationships changed."""

REMOVE_STALE_RELATIONSHIPS: dict[tuple[Relation, Label, Label], str] = {
    (relation, source, target): (
        f"MATCH (:{source.value})-[r:{relation.value}]->(:{target.value})\n"
        "WHERE r.kg_load IS NULL OR r.kg_load <> $load\n"
        "CALL (r) { DELETE r } IN TRANSACTIONS OF $batch_size ROWS"
    )
    for relation, source, target in MERGE_RELATIONSHIPS
}
"""Sync: delete kg's relationships of one type that the load with id $load did not write, batch by batch."""

REMOVE_STALE_NODES: dict[Label, str] = {
    label: (
        f"MATCH (n:{label.value})\n"
        "WHERE n.kg_load IS NULL OR n.kg_load <> $load\n"
        "CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF $batch_size ROWS"
    )
    for label in Label
}
"""Sync: delete the nodes of one kg label that the load with id $load did not write (and their relationships)."""

REMOVE_STALE_PAPER_LINKS = (
    "MATCH (paper:Paper)-[r]->()\n"
    "WHERE paper.kg_load = $load AND type(r) IN $types AND (r.kg_load IS NULL OR r.kg_load <> $load)\n"
    "CALL (r) { DELETE r } IN TRANSACTIONS OF $batch_size ROWS"
)
"""Additive loads: delete the links ($types) from the papers this load wrote that it did not write itself."""

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

COUNT_NODES = "MATCH (n) RETURN count(n) AS nodes"
"""How many nodes the database holds, of any label (Neo4j answers from its count store)."""

COUNT_LABELS = "MATCH (n) UNWIND labels(n) AS label RETURN label, count(*) AS count ORDER BY label"
"""Nodes per label."""

COUNT_RELATIONSHIP_TYPES = "MATCH ()-[r]->() RETURN type(r) AS type, count(*) AS count ORDER BY type"
"""Relationships per type."""

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


def load_id(groups: Sequence[RowGroup]) -> str:
    """The id a load stamps on what it writes (`kg_load`): a hash of the graph's node and relationship identities.

    It depends only on which nodes and relationships the graph has, so loading the same graph again (after
    an interruption, or with other property values) stamps the same id on the same elements, and whatever
    carries another id is what this graph does not have.
    """
    digest = hashlib.sha256()
    for group in groups:
        for row in group.rows:
            identity = (row["key"],) if group.endpoints is None else (*group.endpoints, row["source"], row["target"])
            digest.update("\t".join((group.kind.value, *identity)).encode("utf-8") + b"\n")
    return digest.hexdigest()[:32]


def _known(kinds: type[Label] | type[Relation], value: Any, what: str) -> Any:
    """`value` as a member of `kinds`; KgError naming the element when kg has no such label or type."""
    try:
        return kinds(value)
    except ValueError:
        known = ", ".join(member.value for member in kinds)
        raise KgError(f"{what} has label/type {value!r}, which kg does not load; kg knows {known}") from None
