"""`kg load --bulk`: the first load of a large graph into kg's local server, through `neo4j-admin database import`.

neo4j-admin writes the store files directly, several times faster than transactions, but only into a
database that is offline, and Neo4j Community cannot take one database offline (`STOP DATABASE` is an
Enterprise command; neo4j-admin refuses with "The database is in use" while the server runs). So the
bulk load stops the local server, imports the CSV export (kg.export.admin_csv) with
`--overwrite-destination=true`, starts the server again and creates kg's constraints and indexes
over Bolt (the loader's `apply_schema`). Overwriting deletes the database, so a database holding any
node, kg's or not, is refused before anything changes.
"""

from __future__ import annotations

import logging
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import networkx as nx
from neo4j.exceptions import DriverError, Neo4jError

from kg.errors import KgError
from kg.export.admin_csv import import_command, write_csv
from kg.graph import embedding_dimensions
from kg.neo4j.connection import connect, error_line
from kg.neo4j.cypher import COUNT_LABELS, COUNT_NODES, COUNT_RELATIONSHIP_TYPES
from kg.neo4j.loader import apply_schema
from kg.neo4j.server.local import LocalNeo4j
from kg.neo4j.settings import Neo4jSettings

__all__ = ["BulkReport", "bulk_load"]

_log = logging.getLogger(__name__)


@dataclass(frozen=True)
class BulkReport:
    """What the import created: nodes per label, relationships per type (counted in Neo4j afterwards)."""

    nodes: dict[str, int]
    relationships: dict[str, int]

    def describe(self) -> str:
        """Lines for the CLI: the totals, then the count of each label and relationship type."""
        counts = {**self.nodes, **self.relationships}
        width = max(map(len, counts), default=0)
        return "\n".join(
            [
                f"imported {sum(self.nodes.values())} nodes and {sum(self.relationships.values())} relationships "
                "with neo4j-admin, then created kg's constraints and indexes",
                *(f"  {name:<{width}} {count:>9}" for name, count in counts.items()),
            ]
        )


def bulk_load(graph: nx.MultiDiGraph, server: LocalNeo4j, database: str = "neo4j") -> BulkReport:
    """Import `graph` into the empty `database` of the running local `server` with neo4j-admin (see the module
    docstring); the server runs again afterwards, also when the import fails. KgError if the database holds a node."""
    settings = _settings(server, database)
    _check_empty(settings)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix=".kg-bulk-", dir=server.home) as folder:  # beside the store: same disk
        csv = Path(folder) / "csv"
        write_csv(graph, csv)
        _log.debug("wrote the neo4j-admin CSV in %.2f s; stopping %s", time.perf_counter() - started, server.home)
        server.stop()
        try:
            result = server.admin([*import_command(csv, database)[1:], "--overwrite-destination=true"])
        finally:
            server.start()
    if result.returncode != 0:
        last = next((line for line in reversed(result.stdout.splitlines()) if line.strip()), "no output")
        raise KgError(
            f"neo4j-admin could not import the graph into {database!r}: {last.strip()}; "
            f"see {server.home / 'import.report'} and run it again"
        )
    _log.debug("imported in %.2f s (CSV, stop, neo4j-admin, start)", time.perf_counter() - started)
    with connect(settings) as driver:
        apply_schema(driver, database, embedding_dimensions(graph))
        labels, _, _ = driver.execute_query(COUNT_LABELS, database_=database)
        types, _, _ = driver.execute_query(COUNT_RELATIONSHIP_TYPES, database_=database)
    return BulkReport(
        {record["label"]: record["count"] for record in labels},
        {record["type"]: record["count"] for record in types},
    )


def _settings(server: LocalNeo4j, database: str) -> Neo4jSettings:
    """How to reach the running local server (its home's settings); KgError when it does not run."""
    if server.running_pid() is None:
        raise KgError(f"the local Neo4j in {server.home} is not running; start it with `kg neo4j start --home ...`")
    return server.settings(database)


def _check_empty(settings: Neo4jSettings) -> None:
    """KgError unless the database holds no node at all (the import replaces the whole database)."""
    with connect(settings) as driver:
        try:
            records, _, _ = driver.execute_query(COUNT_NODES, database_=settings.database)
        except (Neo4jError, DriverError) as error:
            raise KgError(f"cannot count the nodes in {settings.describe()}: {error_line(error)}") from None
    if records[0]["nodes"]:
        raise KgError(
            f"{settings.describe()} holds {records[0]['nodes']} nodes; --bulk only loads into an empty database "
            "(it replaces the whole database): use `kg load` without --bulk"
        )
