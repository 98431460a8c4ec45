"""Options several commands share: where Neo4j is (`neo4j_options`), which local server (`local_server_option`),
and `--shard I/N`."""

from __future__ import annotations

import dataclasses
import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from kg.errors import KgError
from kg.neo4j.connection import check_uri
from kg.neo4j.server.local import LocalNeo4j
from kg.neo4j.settings import Neo4jSettings
from kg.sources.shard import Shard, parse_shard

__all__ = ["ShardType", "local_server_option", "neo4j_options", "ready_to_connect"]


class ShardType(click.ParamType):
    """`--shard I/N` as a Shard; a usage error naming the option when malformed."""

    name = "I/N"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Shard:
        if isinstance(value, Shard):
            return value
        try:
            return parse_shard(str(value))
        except KgError as error:
            self.fail(str(error), param, ctx)


def neo4j_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """Add --uri/--user/--password/--database (with NEO4J_* fallbacks) as one `settings` argument."""

    @click.option("--uri", envvar="NEO4J_URI", help="Bolt/Neo4j URI [env: NEO4J_URI; default neo4j://127.0.0.1:7687].")
    @click.option(
        "--user",
        envvar=["NEO4J_USERNAME", "NEO4J_USER"],
        help="User name [env: NEO4J_USERNAME or NEO4J_USER; default neo4j].",
    )
    @click.option(
        "--password",
        envvar="NEO4J_PASSWORD",
        help="Password [env: NEO4J_PASSWORD; else asked for, hidden, on a terminal]; never printed.",
    )
    @click.option("--database", envvar="NEO4J_DATABASE", help="Database name [env: NEO4J_DATABASE; default neo4j].")
    @click.option(
        "--insecure",
        is_flag=True,
        help="Allow sending credentials unencrypted (bolt:// or neo4j://) to a non-local host.",
    )
    @functools.wraps(command)
    def wrapper(
        *args: Any,
        uri: str | None,
        user: str | None,
        password: str | None,
        database: str | None,
        insecure: bool,
        **kwargs: Any,
    ) -> Any:
        settings = Neo4jSettings.resolve(uri=uri, user=user, password=password, database=database, insecure=insecure)
        return command(*args, settings=settings, **kwargs)

    return wrapper


def ready_to_connect(settings: Neo4jSettings) -> Neo4jSettings:
    """Fail fast on a URI kg would not send credentials to; ask for a missing password (hidden) on a terminal."""
    check_uri(settings)
    if settings.password is not None or not sys.stdin.isatty():
        return settings
    password = click.prompt(
        f"Neo4j password for {settings.user!r} at {settings.uri}",
        hide_input=True,
        default="",
        show_default=False,
        err=True,
    )
    return dataclasses.replace(settings, password=password or None)


def local_server_option(command: Callable[..., Any]) -> Callable[..., Any]:
    """Add --home as one `server` argument: the LocalNeo4j of that folder (default ./.neo4j or $KG_NEO4J_HOME)."""

    @click.option(
        "--home",
        type=click.Path(file_okay=False, path_type=Path),
        default=None,
        help="Folder holding the local server's jars, data and logs [env: KG_NEO4J_HOME; default ./.neo4j].",
    )
    @functools.wraps(command)
    def wrapper(*args: Any, home: Path | None, **kwargs: Any) -> Any:
        return command(*args, server=LocalNeo4j.from_home(home), **kwargs)

    return wrapper
