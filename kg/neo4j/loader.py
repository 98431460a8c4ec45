"""Load a kg graph into Neo4j: schema first, then batched `UNWIND ... MERGE` per label and relationship type,
then (a sync) the removal of what the graph does not have.

Every node is merged on its label's `key` and every relationship on (source, type, target); each
takes the graph's properties and the load's id (`kg_load`, a hash of the graph's node and relationship
identities). After the writes, a sync load deletes the kg nodes and relationships that carry another
id, so the kg part of the database equals the graph; an additive load (`add=True`, for shards and
partial graphs) deletes nothing but the links of its own papers that the graph no longer has. Loading
the same graph twice changes nothing, and re-running after a crash finishes the job. Each batch is one
managed transaction (`execute_write`), retried by the driver on transient errors such as deadlocks
between concurrent loads; the removals run in batches of their own (`CALL ... IN TRANSACTIONS`), and
kg runs a removal again itself after such an error. Nodes without kg's labels are never touched.
"""

from __future__ import annotations

import logging
import textwrap
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import networkx as nx
from neo4j import Driver, ManagedTransaction, ResultSummary, Session
from neo4j.exceptions import DriverError, Neo4jError, ServiceUnavailable, SessionExpired

from kg.errors import KgError
from kg.graph import embedding_dimensions
from kg.graph.schema import PAPER_LINKS
from kg.neo4j.connection import connect, error_line
from kg.neo4j.cypher import (
    AWAIT_INDEXES,
    COUNT_KG_NODES,
    REMOVE_STALE_NODES,
    REMOVE_STALE_PAPER_LINKS,
    REMOVE_STALE_RELATIONSHIPS,
    VECTOR_INDEX,
    VECTOR_INDEX_DIMENSIONS,
    WIPE_KG_NODES,
    load_id,
    merge_row_groups,
)
from kg.neo4j.library import schema_statements
from kg.neo4j.settings import Neo4jSettings
from kg.progress import Progress, no_progress
from kg.records import Label, Relation

__all__ = ["DEFAULT_BATCH_SIZE", "LoadReport", "apply_schema", "count_kg_nodes", "load_graph", "wipe_kg_nodes"]

DEFAULT_BATCH_SIZE = 1000
_INDEX_WAIT_SECONDS = 600  # populating the indexes of an existing large graph can take minutes
_MAX_REASON_CHARACTERS = 300
_REMOVAL_ATTEMPTS = 5  # a removal that deadlocks with a concurrent load runs again, up to this many times in all
_REMOVAL_BACKOFF_SECONDS = 0.25

# IF NOT EXISTS is checked before the schema lock: when another load creates the same index or
# constraint at the same moment, Neo4j reports it as already existing, which is what we wanted.
_CREATED_CONCURRENTLY = frozenset(
    {
        "Neo.ClientError.Schema.EquivalentSchemaRuleAlreadyExists",
        "Neo.ClientError.Schema.IndexAlreadyExists",
        "Neo.ClientError.Schema.ConstraintAlreadyExists",
    }
)

_log = logging.getLogger(__name__)


@dataclass(frozen=True)
class LoadReport:
    """What a load sent (rows per label / relationship type) and what it changed in Neo4j."""

    nodes: dict[str, int]
    relationships: dict[str, int]
    nodes_created: int = 0
    relationships_created: int = 0
    nodes_changed: int = 0  # existing nodes whose properties the graph changed
    relationships_changed: int = 0
    nodes_removed: int = 0  # kg nodes the graph does not have (none in an additive load)
    relationships_removed: int = 0  # also those of removed nodes, and old links of an additive load's papers

    def describe(self) -> str:
        """One line for the CLI: what was sent, and what was added, changed and removed."""
        return (
            f"loaded {sum(self.nodes.values())} nodes and {sum(self.relationships.values())} relationships: "
            f"{self.nodes_created} nodes and {self.relationships_created} relationships added, "
            f"{self.nodes_changed} and {self.relationships_changed} changed, "
            f"{self.nodes_removed} and {self.relationships_removed} removed"
        )


def load_graph(
    graph: nx.MultiDiGraph,
    settings: Neo4jSettings,
    batch_size: int = DEFAULT_BATCH_SIZE,
    progress: Progress = no_progress,
    *,
    add: bool = False,
) -> LoadReport:
    """Create kg's schema, merge all nodes and relationships of `graph` into Neo4j, then remove what `graph`
    does not have (with `add`: only the old links of the papers it has).

    `progress` is told about the rows as each batch is written. On failure the KgError says
    how far the load got; re-running it is safe.
    """
    if batch_size < 1:
        raise KgError(f"batch size must be at least 1, not {batch_size}")
    try:
        return _load(graph, settings, batch_size, progress, add)
    except Exception as error:
        if _interrupted(error):  # the driver failed while closing after Ctrl-C: report the interrupt, not that
            raise KeyboardInterrupt from None
        raise


def _interrupted(error: BaseException) -> bool:
    """Whether `error` was raised while a KeyboardInterrupt was being handled (anywhere in its context chain)."""
    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, KeyboardInterrupt):
            return True
        seen = seen.__context__
    return False


def _load(
    graph: nx.MultiDiGraph, settings: Neo4jSettings, batch_size: int, progress: Progress, add: bool
) -> LoadReport:
    """The body of `load_graph`: schema, every row group in batches, then the removals."""
    groups = merge_row_groups(graph)
    load = load_id(groups)
    total = sum(len(group.rows) for group in groups)
    changed = {Label: 0, Relation: 0}
    with connect(settings) as driver:
        apply_schema(driver, settings.database, embedding_dimensions(graph))
        counters = {"nodes_created": 0, "relationships_created": 0}
        done = 0
        with driver.session(database=settings.database) as session, progress("loading", total, "rows") as advance:
            for group in groups:
                started = time.perf_counter()
                for batch in _chunks(group.rows, batch_size):
                    try:
                        summary, changed_rows = session.execute_write(_write_batch, group.statement, batch, load)
                    except (Neo4jError, DriverError, OSError) as error:
                        raise KgError(
                            f"load into {settings.uri} stopped after {done:,} of {total:,} rows (at {group.kind}): "
                            f"{_failure_reason(error)}; {_what_to_do(error)}"
                        ) from None
                    for name in counters:
                        counters[name] += getattr(summary.counters, name)
                    changed[type(group.kind)] += changed_rows
                    done += len(batch)
                    advance(len(batch))
                _log.debug("merged %d %s rows in %.2f s", len(group.rows), group.kind, time.perf_counter() - started)
        with driver.session(database=settings.database) as session:
            nodes_removed, relationships_removed = _remove_stale(session, settings, load, batch_size, add)
    sent: Counter[str] = Counter()
    for group in groups:  # a relationship type may have several groups, one per pair of endpoint labels
        sent[group.kind.value] += len(group.rows)
    return LoadReport(
        nodes={label.value: sent[label.value] for label in Label},
        relationships={relation.value: sent[relation.value] for relation in Relation},
        nodes_changed=changed[Label],
        relationships_changed=changed[Relation],
        nodes_removed=nodes_removed,
        relationships_removed=relationships_removed,
        **counters,
    )


def _remove_stale(session: Session, settings: Neo4jSettings, load: str, batch_size: int, add: bool) -> tuple[int, int]:
    """Delete what this load did not write: kg's relationships, then nodes (sync), or only the other links of
    the papers it wrote (additive). Returns (nodes, relationships) deleted."""
    if add:
        statements = [(REMOVE_STALE_PAPER_LINKS, {"types": [relation.value for relation in PAPER_LINKS]})]
    else:
        statements = [(statement, {}) for statement in REMOVE_STALE_RELATIONSHIPS.values()]
        statements += [(statement, {}) for statement in REMOVE_STALE_NODES.values()]
    nodes = relationships = 0
    for statement, params in statements:
        try:
            summary = _run_removal(session, statement, {**params, "load": load, "batch_size": batch_size})
        except (Neo4jError, DriverError, OSError) as error:
            raise KgError(
                f"the load into {settings.uri} wrote every row but stopped removing what the graph no longer has: "
                f"{_failure_reason(error)}; re-running `kg load` is safe"
            ) from None
        nodes += summary.counters.nodes_deleted
        relationships += summary.counters.relationships_deleted
    return nodes, relationships


def _run_removal(session: Session, statement: str, params: dict[str, Any]) -> ResultSummary:
    """Run one removal (`CALL ... IN TRANSACTIONS`, which the driver does not retry), again after a transient
    error such as a deadlock with a concurrent load: each inner batch commits on its own, so a rerun deletes
    only what is left (the counts then miss the batches of the failed attempt)."""
    attempt = 1
    while True:
        try:
            return session.run(statement, params).consume()
        except Neo4jError as error:
            if not error.is_retryable() or attempt == _REMOVAL_ATTEMPTS:
                raise
            _log.info("removal hit a transient error (%s); running it again", error.code)
            time.sleep(_REMOVAL_BACKOFF_SECONDS * 2**attempt)
            attempt += 1


def _what_to_do(error: BaseException) -> str:
    """Whether running the load again can help: yes after a lost connection or a transient fault, no when
    Neo4j refused the graph's data (the file must be rebuilt)."""
    if isinstance(error, Neo4jError) and not isinstance(error, (ServiceUnavailable, SessionExpired)):
        if (error.code or "").startswith("Neo.ClientError") and not error.is_retryable():
            return "Neo4j refuses this graph's data, so loading it again will not help: rebuild it with `kg build`"
    return "re-running `kg load` is safe (it merges by key)"


def _failure_reason(error: BaseException) -> str:
    """Why a batch failed, in one short line: a lost connection in plain words, else the server's message, cut short.

    Neo4j quotes offending values whole (a rejected 384-float vector is thousands of characters).
    """
    if isinstance(error, (ServiceUnavailable, SessionExpired)):
        return "lost the connection to Neo4j (the server stopped or the network failed)"
    return textwrap.shorten(error_line(error), _MAX_REASON_CHARACTERS, placeholder=" ...")


def _write_batch(tx: ManagedTransaction, statement: str, rows: list[dict[str, Any]], load: str) -> tuple[Any, int]:
    """One batch in one transaction (the driver retries it as a whole); returns its summary and how many
    existing nodes or relationships it changed."""
    result = tx.run(statement, rows=rows, load=load)
    changed = result.single(strict=True)["changed"]
    return result.consume(), changed


def _chunks(rows: list[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    """Consecutive slices of at most `size` rows."""
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


def apply_schema(driver: Driver, database: str, dimensions: int | None) -> None:
    """Run cypher/schema.cypher (constraints and indexes, all IF NOT EXISTS) and wait until the indexes are online.

    `dimensions` sizes the vector index; KgError if the index exists with another size, since
    the graph's embeddings would then silently go unindexed.
    """
    statements, params = schema_statements(dimensions)
    try:
        for statement in statements:
            try:
                driver.execute_query(statement, params, database_=database)
            except Neo4jError as error:
                if error.code not in _CREATED_CONCURRENTLY:
                    raise
        driver.execute_query(AWAIT_INDEXES, {"timeout_seconds": _INDEX_WAIT_SECONDS}, database_=database)
        records, _, _ = driver.execute_query(VECTOR_INDEX_DIMENSIONS, {"name": VECTOR_INDEX}, database_=database)
    except (Neo4jError, DriverError) as error:
        raise KgError(
            f"creating kg's constraints and indexes failed: {_failure_reason(error)}; re-running `kg load` is safe"
        ) from None
    existing = records[0]["dimensions"] if records else None
    if dimensions is not None and existing != dimensions:
        raise KgError(
            f"Neo4j's vector index {VECTOR_INDEX} has {existing} dimensions but this graph's embeddings have "
            f"{dimensions} "
            f"(another model); run `DROP INDEX {VECTOR_INDEX}` or `kg load --wipe`, then load again"
        )


def count_kg_nodes(settings: Neo4jSettings) -> int:
    """How many nodes in the database carry one of kg's labels (what `wipe_kg_nodes` would delete)."""
    with connect(settings) as driver:
        records, _, _ = driver.execute_query(COUNT_KG_NODES, database_=settings.database)
    return records[0]["nodes"]


def wipe_kg_nodes(settings: Neo4jSettings, batch_size: int = DEFAULT_BATCH_SIZE) -> int:
    """Delete every node with a kg label and its relationships, in batches; other data stays. Returns the count."""
    with connect(settings) as driver, driver.session(database=settings.database) as session:
        try:
            summary = session.run(WIPE_KG_NODES, batch_size=batch_size).consume()
        except (Neo4jError, DriverError, OSError) as error:
            raise KgError(
                f"wiping kg's nodes in {settings.uri} failed: {error_line(error, settings)}; re-run to finish"
            ) from None
    return summary.counters.nodes_deleted
