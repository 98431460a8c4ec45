"""conf/neo4j.conf of the local server: loopback only, the chosen ports, modest memory, no telemetry.

Rewritten at every start; the ports a home was last started with are read back from it.
"""

from __future__ import annotations

import re
from pathlib import Path

from kg.neo4j.server.home import ServerHome, write_file

__all__ = ["DEFAULT_BOLT_PORT", "DEFAULT_HTTP_PORT", "configured_ports", "write_config"]

DEFAULT_BOLT_PORT = 7687
DEFAULT_HTTP_PORT = 7474


def write_config(
    home: ServerHome, bolt_port: int, http_port: int, page_cache: str, post_connect_command: str | None = None
) -> None:
    """Write `home`'s conf/neo4j.conf (and the folders the server expects).

    With `post_connect_command`, Browser runs it after every login (kg's style and guide).
    """
    for folder in ("conf", "data", "logs", "run", "import", "plugins"):
        (home.path / folder).mkdir(parents=True, exist_ok=True)
    settings = {
        "server.default_listen_address": "127.0.0.1",
        "server.default_advertised_address": "127.0.0.1",
        "server.bolt.enabled": "true",
        "server.bolt.listen_address": f"127.0.0.1:{bolt_port}",
        "server.bolt.advertised_address": f"127.0.0.1:{bolt_port}",
        "server.http.enabled": "true",
        "server.http.listen_address": f"127.0.0.1:{http_port}",
        "server.http.advertised_address": f"127.0.0.1:{http_port}",
        "server.https.enabled": "false",
        "dbms.security.auth_enabled": "true",
        "dbms.usage_report.enabled": "false",
        "client.allow_telemetry": "false",
        "server.memory.pagecache.size": page_cache,
        "db.tx_log.preallocate": "false",
        "db.tx_log.rotation.size": "64m",
        "server.directories.import": str(home.path / "import"),
    }
    if post_connect_command is not None:
        settings["browser.post_connect_cmd"] = post_connect_command
    text = "# Written by kg (kg/neo4j/server/config.py); rewritten at every `kg neo4j start`.\n"
    text += "".join(f"{key}={value}\n" for key, value in settings.items())
    write_file(home.conf_dir / "neo4j.conf", text)


def configured_ports(home: Path) -> tuple[int, int]:
    """(Bolt, HTTP) ports the home's configuration was last written for; the defaults when there is none."""
    conf = home / "conf" / "neo4j.conf"
    ports = {"bolt": DEFAULT_BOLT_PORT, "http": DEFAULT_HTTP_PORT}
    if conf.is_file():
        for kind in ports:
            match = re.search(rf"^server\.{kind}\.listen_address=.*:(\d+)$", conf.read_text(), re.MULTILINE)
            if match:
                ports[kind] = int(match.group(1))
    return ports["bolt"], ports["http"]
