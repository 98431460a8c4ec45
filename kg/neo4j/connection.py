"""Open a Neo4j driver from `Neo4jSettings`, turning connection failures into one-line errors.

Every command that talks to Neo4j goes through `connect`, so the checks live in one place:
the URI is valid, credentials never travel unencrypted to another machine unless the user
says `--insecure`, and the password never appears in a message.
"""

from __future__ import annotations

import contextlib
import ipaddress
import logging
from collections.abc import Iterator
from urllib.parse import SplitResult, urlsplit

from neo4j import Driver, GraphDatabase
from neo4j.exceptions import AuthError, ConfigurationError, DriverError, Neo4jError, ServiceUnavailable

from kg.errors import KgError
from kg.neo4j.cypher import PING, SERVER_VERSION
from kg.neo4j.settings import Neo4jSettings

# The driver logs connection failures at ERROR; kg reports them as one line instead, so keep
# Python's last-resort handler from printing the driver's records to stderr.
logging.getLogger("neo4j").addHandler(logging.NullHandler())

ENCRYPTED_SCHEMES = {"neo4j+s", "neo4j+ssc", "bolt+s", "bolt+ssc"}
PLAIN_SCHEMES = {"neo4j", "bolt"}


def check_uri(settings: Neo4jSettings) -> None:
    """Reject malformed URIs, URIs holding credentials, and plain-text credentials to another host (unless insecure)."""
    if (
        "@" in settings.uri.partition("://")[2].partition("/")[0]
    ):  # checked first, even unparsed: other messages show the URI
        raise KgError(
            "the Neo4j URI holds a user name or password (user:password@host); kg keeps credentials out of URIs, "
            "which end up in messages: pass them with --user/--password or NEO4J_USERNAME/NEO4J_PASSWORD"
        )
    parts = _uri_parts(settings.uri)
    if parts is None or parts.scheme not in ENCRYPTED_SCHEMES | PLAIN_SCHEMES or not parts.hostname:
        raise KgError(
            f"invalid Neo4j URI {settings.uri!r}: use neo4j://host:7687, bolt://host:7687 or their +s (TLS) forms"
        )
    if parts.scheme in PLAIN_SCHEMES and not settings.insecure and not is_loopback(parts.hostname):
        raise KgError(
            f"refusing to send credentials unencrypted to {parts.hostname} over {parts.scheme}://; "
            f"use {parts.scheme}+s:// (TLS) or pass --insecure if you accept the risk"
        )


def _uri_parts(uri: str) -> SplitResult | None:
    """The parts of `uri`, or None when it does not parse (unclosed IPv6 bracket, non-numeric or out-of-range port)."""
    try:
        parts = urlsplit(uri)
        _ = parts.port  # the port is parsed on access: a bad one raises ValueError here, not later in the driver
    except ValueError:
        return None
    return parts


def is_loopback(host: str) -> bool:
    """True for localhost and loopback addresses (127.0.0.0/8, ::1)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@contextlib.contextmanager
def connect(settings: Neo4jSettings) -> Iterator[Driver]:
    """A verified driver for `settings`; unreachable servers and bad credentials raise a one-line KgError."""
    check_uri(settings)
    auth = (settings.user, settings.password) if settings.password is not None else None
    try:
        driver = GraphDatabase.driver(settings.uri, auth=auth)
    except (ConfigurationError, ValueError) as error:
        raise KgError(f"invalid Neo4j connection settings for {settings.uri}: {error_line(error, settings)}") from None
    try:
        _verify(driver, settings)
        yield driver
    finally:
        driver.close()


def _verify(driver: Driver, settings: Neo4jSettings) -> None:
    """Fail early, with a message that names the URI and what to do."""
    try:
        driver.verify_connectivity()
        driver.execute_query(PING, database_=settings.database)
    except AuthError:
        hint = "set NEO4J_PASSWORD or --password" if settings.password is None else "check --password / NEO4J_PASSWORD"
        raise KgError(
            f"Neo4j at {settings.uri} rejected user {settings.user!r}: authentication failed; {hint}"
        ) from None
    except ServiceUnavailable:
        raise KgError(
            f"cannot reach Neo4j at {settings.uri}; start it (kg neo4j start, or docker compose up -d) "
            "or set --uri / NEO4J_URI"
        ) from None
    except (Neo4jError, DriverError, OSError) as error:
        raise KgError(f"Neo4j at {settings.uri} failed: {error_line(error, settings)}") from None


def error_line(error: BaseException, settings: Neo4jSettings | None = None) -> str:
    """The first line of an error's message (Neo4j messages can span many lines), the password (if any) masked."""
    message = getattr(error, "message", None) or str(error)
    line = (message.strip().splitlines() or [type(error).__name__])[0]
    if settings is not None and settings.password:
        line = line.replace(settings.password, "***")
    return line


def server_version(settings: Neo4jSettings) -> str:
    """The version string the server reports (e.g. "5.26.30 community")."""
    with connect(settings) as driver:
        records, _, _ = driver.execute_query(
            SERVER_VERSION,
            database_=settings.database,
        )
    return f"{records[0]['version']} {records[0]['edition']}"
