"""`kg neo4j start|stop|status`: kg's own local Neo4j server (kg.neo4j.server)."""

from __future__ import annotations

import dataclasses

import click

from kg.cli.main import main
from kg.cli.options import local_server_option
from kg.neo4j.server.config import DEFAULT_BOLT_PORT, DEFAULT_HTTP_PORT
from kg.neo4j.server.local import LocalNeo4j, ServerStatus
from kg.neo4j.server.maven import NEO4J_VERSION
from kg.neo4j.server.ports import pick_free_port


@main.group()
def neo4j() -> None:
    """Run a local Neo4j Community server without Docker (assembled from Maven Central)."""


@neo4j.command("start")
@local_server_option
@click.option(
    "--bolt-port",
    type=int,
    help=f"Bolt port on 127.0.0.1; 0: any free port [default: as last time, else {DEFAULT_BOLT_PORT}].",
)
@click.option(
    "--http-port",
    type=int,
    help=f"HTTP/Browser port on 127.0.0.1; 0: any free port [default: as last time, else {DEFAULT_HTTP_PORT}].",
)
@click.option("--password", help="Initial password for user neo4j (first start only) [default: generated].")
@click.option("--timeout", type=float, default=180.0, show_default=True, help="Seconds to wait for Bolt to answer.")
def neo4j_start(
    server: LocalNeo4j, bolt_port: int | None, http_port: int | None, password: str | None, timeout: float
) -> None:
    """Start the local Neo4j in the background and wait until it answers.

    The first start fetches Neo4j 5.26 with Maven (about 140 MB, once); the credentials go to
    HOME/env, which scripts can source:  set -a; . .neo4j/env; set +a

    Set KG_NEO4J_LIB to a jar folder to share one set of jars between several homes.
    """
    server = dataclasses.replace(
        server,
        bolt_port=(server.bolt_port if bolt_port is None else bolt_port) or pick_free_port(),
        http_port=(server.http_port if http_port is None else http_port) or pick_free_port(),
    )
    click.echo(f"starting Neo4j {NEO4J_VERSION} in {server.home} ...", err=True)
    _print_status(server.start(password=password, timeout=timeout))
    click.echo(f"credentials: {server.env_file}")


@neo4j.command("stop")
@local_server_option
def neo4j_stop(server: LocalNeo4j) -> None:
    """Stop the local Neo4j started from HOME (only that process)."""
    click.echo("stopped" if server.stop() else f"not running ({server.home})")


@neo4j.command("status")
@local_server_option
def neo4j_status(server: LocalNeo4j) -> None:
    """Say whether the local Neo4j runs, with its version, pid and URLs; exit 1 if it does not run."""
    status = server.status()
    _print_status(status)
    if not status.running:
        raise SystemExit(1)


def _print_status(status: ServerStatus) -> None:
    if not status.running:
        click.echo(f"not running ({status.home})")
        return
    click.echo(f"Neo4j {status.version or '?'} running (pid {status.pid})")
    click.echo(f"bolt:    {status.bolt_uri}")
    click.echo(f"browser: {status.browser_url}")
