"""Neo4j connection settings: explicit values first, then the NEO4J_* environment variables, then the
settings file of kg's local server (`kg neo4j start` writes `.neo4j/env`; kg.neo4j.server.home), then the defaults."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field

from kg.neo4j.server.home import local_server_env

DEFAULT_URI = "neo4j://127.0.0.1:7687"
DEFAULT_USER = "neo4j"
DEFAULT_DATABASE = "neo4j"


@dataclass(frozen=True)
class Neo4jSettings:
    """Where and as whom to connect; the password is never part of repr() or str()."""

    uri: str = DEFAULT_URI
    user: str = DEFAULT_USER
    password: str | None = field(default=None, repr=False)
    database: str = DEFAULT_DATABASE
    insecure: bool = False  # allow credentials over a non-TLS URI to a non-loopback host

    @classmethod
    def resolve(
        cls,
        uri: str | None = None,
        user: str | None = None,
        password: str | None = None,
        database: str | None = None,
        insecure: bool = False,
        environ: Mapping[str, str] | None = None,
    ) -> Neo4jSettings:
        """Combine explicit values with NEO4J_URI, NEO4J_USERNAME (or NEO4J_USER), NEO4J_PASSWORD, NEO4J_DATABASE;
        when neither a URI nor a password is given either way, use the local server's HOME/env if there is one."""
        env = os.environ if environ is None else environ
        given = uri or password is not None or env.get("NEO4J_URI") or env.get("NEO4J_PASSWORD") is not None
        if not given:
            env = {**local_server_env(env), **env}
        return cls(
            uri=uri or env.get("NEO4J_URI") or DEFAULT_URI,
            user=user or env.get("NEO4J_USERNAME") or env.get("NEO4J_USER") or DEFAULT_USER,
            password=password if password is not None else env.get("NEO4J_PASSWORD"),
            database=database or env.get("NEO4J_DATABASE") or DEFAULT_DATABASE,
            insecure=insecure,
        )

    def describe(self) -> str:
        """A safe one-line description for messages: URI, user and database, never the password."""
        return f"{self.uri} (user {self.user!r}, database {self.database!r})"
