"""A scratch folder with a throw-away local Neo4j 5.26 on free ports, removed afterwards (benchmarks only)."""

from __future__ import annotations

import contextlib
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from kg.neo4j.server.home import default_jars
from kg.neo4j.server.local import LocalNeo4j
from kg.neo4j.server.ports import pick_free_port


@contextlib.contextmanager
def scratch_neo4j(prefix: str) -> Iterator[tuple[Path, LocalNeo4j]]:
    """(work folder, a not yet started server living in it); the server is stopped and the folder deleted on exit."""
    work = Path(tempfile.mkdtemp(prefix=prefix))
    server = LocalNeo4j(
        home=work / "neo4j", bolt_port=pick_free_port(), http_port=pick_free_port(), jars=default_jars()
    )
    try:
        yield work, server
    finally:
        server.stop()
        shutil.rmtree(work, ignore_errors=True)
