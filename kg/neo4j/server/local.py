"""`LocalNeo4j`: one local Neo4j Community 5.26 server, assembled from Maven Central, started and stopped by kg.

The server runs from one home folder (kg.neo4j.server.home), bound to 127.0.0.1 only, with kg's
Browser guide served beside it (kg.neo4j.server.guide). A new database starts with the default
login `neo4j`/`neo4j`, which is changed over Bolt to the password recorded in the home's env file,
so the password never appears on a command line.
"""

from __future__ import annotations

import contextlib
import json
import secrets
import subprocess
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from kg.errors import KgError
from kg.neo4j.cypher import CHANGE_INITIAL_PASSWORD, PING
from kg.neo4j.server.config import DEFAULT_BOLT_PORT, DEFAULT_HTTP_PORT, configured_ports, write_config
from kg.neo4j.server.guide import GUIDE_FILE, post_connect_command, start_guide, stop_guide
from kg.neo4j.server.home import USER, ServerHome, default_home, default_jars, write_file
from kg.neo4j.server.java import ENTRY_POINT, JVM_FLAGS, require_java, run_admin
from kg.neo4j.server.maven import ensure_jars
from kg.neo4j.server.ports import pick_free_port, port_answers, port_is_free
from kg.neo4j.server.processes import last_line, runs, tail, terminate
from kg.neo4j.settings import Neo4jSettings

__all__ = ["LocalNeo4j", "ServerStatus"]


@dataclass(frozen=True)
class ServerStatus:
    """What `kg neo4j status` reports."""

    running: bool
    pid: int | None
    bolt_uri: str | None
    browser_url: str | None
    version: str | None
    home: Path


@dataclass(frozen=True)
class LocalNeo4j:
    """One local Neo4j installation and database folder, and the server process running from it."""

    home: Path
    bolt_port: int = DEFAULT_BOLT_PORT
    http_port: int = DEFAULT_HTTP_PORT
    heap: str = "1g"
    page_cache: str = "512m"
    jars: Path | None = None  # where the jars live; default `<home>/lib` (several homes may share one)

    @classmethod
    def from_home(cls, home: Path | None = None, jars: Path | None = None) -> LocalNeo4j:
        """The server of a home (default: `default_home()`, jars `default_jars()`), with the ports its
        configuration was last written for. Paths are made absolute: Maven and the JVM run elsewhere."""
        home = (home or default_home()).absolute()
        jars = jars or default_jars()
        bolt_port, http_port = configured_ports(home)
        return cls(home=home, bolt_port=bolt_port, http_port=http_port, jars=jars.absolute() if jars else None)

    @property
    def paths(self) -> ServerHome:
        """The folders and files of this server's home."""
        return ServerHome(self.home, self.jars)

    @property
    def env_file(self) -> Path:
        return self.paths.env_file

    @property
    def console_log(self) -> Path:
        return self.paths.console_log

    @property
    def bolt_uri(self) -> str:
        return f"neo4j://127.0.0.1:{self.bolt_port}"

    @property
    def browser_url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}/browser/"

    def settings(self, database: str = "neo4j") -> Neo4jSettings:
        """How to reach this server: its Bolt URI and the credentials its home records."""
        return Neo4jSettings(uri=self.bolt_uri, user=USER, password=self.stored_password(), database=database)

    def stored_password(self) -> str | None:
        """The password recorded in the home's env file when the server was first set up."""
        return self.paths.stored_password()

    def ensure_jars(self) -> Path:
        """Resolve the server jars with Maven once; later calls reuse them without network."""
        return ensure_jars(self.paths.lib_dir)

    def write_config(self, guide_port: int | None = None) -> None:
        """Write conf/neo4j.conf; with `guide_port`, Browser applies kg's style and opens kg's guide after login."""
        command = post_connect_command(f"http://localhost:{guide_port}/{GUIDE_FILE}") if guide_port else None
        write_config(self.paths, self.bolt_port, self.http_port, self.page_cache, command)

    def choose_password(self, password: str | None = None) -> str:
        """The `neo4j` user's password: the one stored in the home, else `password`, else a generated one.

        It is recorded (mode 0600) before the first start; the server gets it over Bolt once it runs.
        """
        stored = self.stored_password()
        if stored is not None and password is not None and password != stored:
            raise KgError(
                f"the local Neo4j in {self.home} already has a password (in {self.env_file}); "
                "start it without --password, or delete that folder to begin afresh"
            )
        password = stored or password or secrets.token_urlsafe(18)
        if len(password) < 8:
            raise KgError("the Neo4j password must have at least 8 characters; choose a longer one")
        self.paths.write_env(self.bolt_uri, password)
        return password

    def admin(self, arguments: list[str], check_output: bool = False) -> subprocess.CompletedProcess[str]:
        """Run `neo4j-admin <arguments>` (e.g. `database import full ...`) against this home."""
        self.ensure_jars()
        self.write_config()
        return run_admin(self.home, self.paths.conf_dir, self.paths.lib_dir, arguments, check_output)

    def running_pid(self) -> int | None:
        """The pid of this home's server if it is alive (checked against /proc, not just the pid file)."""
        try:
            pid = int(self.paths.pid_file.read_text().strip())
        except (OSError, ValueError):
            return None
        return pid if runs(pid, ENTRY_POINT, f"--home-dir={self.home}") else None

    def start(self, password: str | None = None, timeout: float = 180.0) -> ServerStatus:
        """Start the server in the background and return once Bolt answers a query."""
        paths = self.paths
        with paths.lock():
            if (pid := self.running_pid()) is not None:
                raise KgError(
                    f"the local Neo4j in {self.home} is already running (pid {pid}); `kg neo4j status` shows it"
                )
            java = require_java()
            self.ensure_jars()
            for port, option in ((self.bolt_port, "--bolt-port"), (self.http_port, "--http-port")):
                if not port_is_free(port):
                    raise KgError(
                        f"port {port} on 127.0.0.1 is already in use; stop what uses it or choose another {option}"
                    )
            guide_port = pick_free_port()
            self.write_config(guide_port)
            password = self.choose_password(password)
            command = [
                java,
                f"-Xms{self.heap}",
                f"-Xmx{self.heap}",
                *JVM_FLAGS,
                "-cp",
                f"{self.home}/plugins/*:{paths.conf_dir}/*:{paths.lib_dir}/*",
                ENTRY_POINT,
                f"--home-dir={self.home}",
                f"--config-dir={paths.conf_dir}",
                "--console-mode",
            ]
            with open(paths.console_log, "ab") as log:
                process = subprocess.Popen(
                    command, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
                )
            write_file(paths.pid_file, f"{process.pid}\n")
            try:
                self._wait_until_ready(process, password, timeout)
                start_guide(paths, guide_port)
            except BaseException:
                terminate(process.pid, grace=30)
                paths.pid_file.unlink(missing_ok=True)
                stop_guide(paths)
                raise
        return self.status()

    def _wait_until_ready(self, process: subprocess.Popen[bytes], password: str, timeout: float) -> None:
        """Poll until a Bolt session runs `RETURN 1`; fail fast if the JVM exits.

        A new database starts with the default `neo4j`/`neo4j` login that must be changed first: it
        is changed to `password` here, as a query parameter.
        """
        from neo4j import GraphDatabase
        from neo4j.exceptions import AuthError, DriverError, Neo4jError

        deadline = time.monotonic() + timeout
        while True:
            if process.poll() is not None:
                raise KgError(
                    f"the local Neo4j exited during start (code {process.returncode}): "
                    f"{last_line(tail(self.console_log))}; see {self.console_log}"
                )
            if port_answers(self.bolt_port):
                try:
                    with GraphDatabase.driver(self.bolt_uri, auth=(USER, password)) as driver:
                        driver.execute_query(PING, database_="neo4j")
                    return
                except AuthError:
                    self._replace_default_password(password)
                except (Neo4jError, DriverError, OSError):
                    pass
            if time.monotonic() > deadline:
                raise KgError(
                    f"the local Neo4j did not answer on {self.bolt_uri} within {timeout:.0f}s; see {self.console_log}"
                )
            time.sleep(0.5)

    def _replace_default_password(self, password: str) -> None:
        """Change the first-start login `neo4j`/`neo4j` to `password`; retried by the caller until it sticks."""
        from neo4j import GraphDatabase
        from neo4j.exceptions import AuthError, DriverError, Neo4jError

        try:
            with GraphDatabase.driver(self.bolt_uri, auth=(USER, "neo4j")) as driver:
                driver.execute_query(CHANGE_INITIAL_PASSWORD, old="neo4j", new=password, database_="system")
        except AuthError:
            raise KgError(
                f"the local Neo4j in {self.home} rejects the password in {self.env_file}; "
                f"restore that file, or delete {self.home / 'data'} to begin with an empty database"
            ) from None
        except (Neo4jError, DriverError, OSError):
            pass  # not ready yet

    def stop(self, timeout: float = 90.0) -> bool:
        """Stop exactly this home's server process (SIGTERM, then SIGKILL after `timeout`); False if none ran."""
        with self.paths.lock():
            stop_guide(self.paths)
            pid = self.running_pid()
            if pid is None:
                self.paths.pid_file.unlink(missing_ok=True)
                return False
            terminate(pid, grace=timeout)
            self.paths.pid_file.unlink(missing_ok=True)
            return True

    def status(self) -> ServerStatus:
        """Whether the server runs, its pid, URIs and the version it reports over HTTP."""
        pid = self.running_pid()
        version = None
        if pid is not None:
            with contextlib.suppress(OSError, ValueError):
                with urllib.request.urlopen(f"http://127.0.0.1:{self.http_port}/", timeout=5) as response:
                    version = json.load(response).get("neo4j_version")
        return ServerStatus(
            running=pid is not None,
            pid=pid,
            bolt_uri=self.bolt_uri if pid else None,
            browser_url=self.browser_url if pid else None,
            version=version,
            home=self.home,
        )
