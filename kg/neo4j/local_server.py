"""A real Neo4j Community 5.26 server without Docker, assembled from Maven Central.

The first start resolves the server and Neo4j Browser jars with Maven (`pom.xml` beside this
file) into `<home>/lib`; later starts reuse them. Everything lives in one folder (`.neo4j/` by
default): jars, configuration, data, logs, the pid file and an `env` file with the
credentials that scripts source. The server runs `org.neo4j.server.CommunityEntryPoint` in one
JVM (what `neo4j console` would fork), bound to 127.0.0.1 only.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from kg.errors import KgError
from kg.fileio import atomic_write
from kg.neo4j.browser import GUIDE_FILE, guide_html, post_connect_command
from kg.neo4j.cypher import CHANGE_INITIAL_PASSWORD, PING

NEO4J_VERSION = "5.26.30"
POM = Path(__file__).with_name("pom.xml")
ENTRY_POINT = "org.neo4j.server.CommunityEntryPoint"
ADMIN_ENTRY_POINT = "org.neo4j.server.startup.Neo4jAdminCommand"
GUIDE_MODULE = "kg.neo4j.browser"
DEFAULT_BOLT_PORT = 7687
DEFAULT_HTTP_PORT = 7474
USER = "neo4j"

# The JVM flags of Neo4j's own neo4j.conf template (server.jvm.additional); the bootloader
# would add them, so a direct start must too (java.nio must be open on Java 17).
JVM_FLAGS = (
    "-XX:+UseG1GC",
    "-XX:-OmitStackTraceInFastThrow",
    "-XX:+UnlockExperimentalVMOptions",
    "-XX:+TrustFinalNonStaticFields",
    "-XX:+DisableExplicitGC",
    "-Djdk.nio.maxCachedBufferSize=1024",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--enable-native-access=ALL-UNNAMED",
    "-Dlog4j2.disable.jmx=true",
    "-Dfile.encoding=UTF-8",
)


def default_jars() -> Path | None:
    """`$KG_NEO4J_LIB` when set, so several homes can share one set of jars; else None (`<home>/lib`)."""
    value = os.environ.get("KG_NEO4J_LIB")
    return Path(value).absolute() if value else None


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

    @property
    def lib_dir(self) -> Path:
        return self.jars or self.home / "lib"

    @property
    def conf_dir(self) -> Path:
        return self.home / "conf"

    @property
    def pid_file(self) -> Path:
        return self.home / "run" / "kg-neo4j.pid"

    @property
    def guide_pid_file(self) -> Path:
        return self.home / "run" / "kg-guide.pid"

    @property
    def guide_dir(self) -> Path:
        return self.home / "browser"

    @property
    def env_file(self) -> Path:
        return self.home / "env"

    @property
    def console_log(self) -> Path:
        return self.home / "logs" / "console.log"

    @property
    def bolt_uri(self) -> str:
        return f"neo4j://127.0.0.1:{self.bolt_port}"

    @property
    def browser_url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}/browser/"

    # -- assembling ---------------------------------------------------------------------

    def ensure_jars(self) -> Path:
        """Resolve the server jars with Maven once; later calls reuse `<home>/lib` without network."""
        marker = self.lib_dir / ".kg-neo4j-version"
        if marker.is_file() and marker.read_text().strip() == NEO4J_VERSION:
            return self.lib_dir
        require_java()
        mvn = shutil.which("mvn")
        if mvn is None:
            raise KgError(
                "Maven (mvn) not found on PATH; it is needed once to fetch Neo4j from Maven Central: "
                "install it (e.g. apt-get install maven) or use Docker: docker compose up -d"
            )
        self.lib_dir.parent.mkdir(parents=True, exist_ok=True)
        staging = self.lib_dir.with_name(self.lib_dir.name + ".partial")
        shutil.rmtree(staging, ignore_errors=True)
        result = subprocess.run(
            [mvn, "-q", "-B", "-f", str(POM), "dependency:copy-dependencies", f"-DoutputDirectory={staging}"],
            capture_output=True,
            text=True,
        )
        if result.returncode != 0:
            last = _last_line(result.stdout + result.stderr)
            raise KgError(
                f"Maven could not fetch Neo4j {NEO4J_VERSION} from Maven Central ({last}); check network access to "
                "Maven Central and retry"
            )
        (staging / ".kg-neo4j-version").write_text(NEO4J_VERSION + "\n")
        shutil.rmtree(self.lib_dir, ignore_errors=True)
        staging.rename(self.lib_dir)
        return self.lib_dir

    def write_config(self, guide_port: int | None = None) -> None:
        """Write conf/neo4j.conf: loopback only, the chosen ports, modest memory, no telemetry.

        With `guide_port`, Browser applies kg's style and opens kg's guide from that port after login.
        """
        for folder in ("conf", "data", "logs", "run", "import", "plugins"):
            (self.home / folder).mkdir(parents=True, exist_ok=True)
        settings = {
            "server.default_listen_address": "127.0.0.1",
            "server.default_advertised_address": "127.0.0.1",
            "server.bolt.enabled": "true",
            "server.bolt.listen_address": f"127.0.0.1:{self.bolt_port}",
            "server.bolt.advertised_address": f"127.0.0.1:{self.bolt_port}",
            "server.http.enabled": "true",
            "server.http.listen_address": f"127.0.0.1:{self.http_port}",
            "server.http.advertised_address": f"127.0.0.1:{self.http_port}",
            "server.https.enabled": "false",
            "dbms.security.auth_enabled": "true",
            "dbms.usage_report.enabled": "false",
            "client.allow_telemetry": "false",
            "server.memory.pagecache.size": self.page_cache,
            "db.tx_log.preallocate": "false",
            "db.tx_log.rotation.size": "64m",
            "server.directories.import": str(self.home / "import"),
        }
        if guide_port is not None:
            settings["browser.post_connect_cmd"] = post_connect_command(f"http://localhost:{guide_port}/{GUIDE_FILE}")
        text = "# Written by kg (kg/neo4j/local_server.py); rewritten at every `kg neo4j start`.\n"
        text += "".join(f"{key}={value}\n" for key, value in settings.items())
        _write_file(self.conf_dir / "neo4j.conf", text)

    def choose_password(self, password: str | None = None) -> str:
        """The `neo4j` user's password: the one stored in `<home>/env`, else `password`, else a generated one.

        It is recorded (mode 0600) before the first start; the server gets it over Bolt once it runs
        (see `_wait_until_ready`), so it never appears on a command line.
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
        env = f"NEO4J_URI={self.bolt_uri}\nNEO4J_USERNAME={USER}\nNEO4J_PASSWORD={password}\n"
        _write_file(self.env_file, env, mode=0o600)
        return password

    def stored_password(self) -> str | None:
        """The password recorded in `<home>/env` when the local server was first set up."""
        if not self.env_file.is_file():
            return None
        match = re.search(r"^NEO4J_PASSWORD=(.*)$", self.env_file.read_text(), re.MULTILINE)
        return match.group(1) if match else None

    def admin(self, arguments: list[str], check_output: bool = False) -> subprocess.CompletedProcess[str]:
        """Run `neo4j-admin <arguments>` (e.g. `database import full ...`) against this home."""
        self.ensure_jars()
        self.write_config()
        environment = dict(os.environ, NEO4J_HOME=str(self.home), NEO4J_CONF=str(self.conf_dir))
        return subprocess.run(
            [require_java(), "-cp", f"{self.lib_dir}/*", f"-Dbasedir={self.home}", ADMIN_ENTRY_POINT, *arguments],
            env=environment,
            cwd=self.home,  # relative outputs such as import.report land in the home, not the caller's folder
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            check=check_output,
        )

    # -- running ------------------------------------------------------------------------

    def running_pid(self) -> int | None:
        """The pid of this home's server if it is alive (checked against /proc, not just the pid file)."""
        try:
            pid = int(self.pid_file.read_text().strip())
        except (OSError, ValueError):
            return None
        return pid if _is_our_server(pid, self.home) else None

    def start(self, password: str | None = None, timeout: float = 180.0) -> ServerStatus:
        """Start the server in the background and return once Bolt answers a query."""
        with self._lock():
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
                f"{self.home}/plugins/*:{self.conf_dir}/*:{self.lib_dir}/*",
                ENTRY_POINT,
                f"--home-dir={self.home}",
                f"--config-dir={self.conf_dir}",
                "--console-mode",
            ]
            with open(self.console_log, "ab") as log:
                process = subprocess.Popen(
                    command, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
                )
            _write_file(self.pid_file, f"{process.pid}\n")
            try:
                self._wait_until_ready(process, password, timeout)
                self._start_guide(guide_port)
            except BaseException:
                _terminate(process.pid, grace=30)
                self.pid_file.unlink(missing_ok=True)
                self._stop_guide()
                raise
        return self.status()

    def _start_guide(self, port: int) -> None:
        """Write kg's Browser guide and serve it on `port` in the background (see kg/neo4j/browser.py)."""
        self._stop_guide()  # a leftover from a server that died without `kg neo4j stop`
        _write_file(self.guide_dir / GUIDE_FILE, guide_html())
        log_file = self.home / "logs" / "guide.log"
        with open(log_file, "ab") as log:
            process = subprocess.Popen(
                [sys.executable, "-m", GUIDE_MODULE, str(self.guide_dir), str(port)],
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        _write_file(self.guide_pid_file, f"{process.pid}\n")
        deadline = time.monotonic() + 20
        while not _port_answers(port):
            if process.poll() is not None or time.monotonic() > deadline:
                self._stop_guide()
                raise KgError(f"kg's Browser guide could not be served on 127.0.0.1:{port}; see {log_file}")
            time.sleep(0.1)

    def _stop_guide(self) -> None:
        """Stop this home's guide server, if one runs."""
        with contextlib.suppress(OSError, ValueError):
            pid = int(self.guide_pid_file.read_text().strip())
            if _runs(pid, GUIDE_MODULE, str(self.guide_dir)):
                _terminate(pid, grace=5)
        self.guide_pid_file.unlink(missing_ok=True)

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
                    f"{_last_line(_tail(self.console_log))}; see {self.console_log}"
                )
            if _port_answers(self.bolt_port):
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
        with self._lock():
            self._stop_guide()
            pid = self.running_pid()
            if pid is None:
                self.pid_file.unlink(missing_ok=True)
                return False
            _terminate(pid, grace=timeout)
            self.pid_file.unlink(missing_ok=True)
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

    @classmethod
    def from_home(cls, home: Path, jars: Path | None = None) -> LocalNeo4j:
        """The server of an existing home, with the ports its configuration was written for.

        Paths are made absolute: Maven and the JVM run in other working directories.
        """
        home = home.absolute()
        jars = jars.absolute() if jars is not None else None
        conf = home / "conf" / "neo4j.conf"
        ports = {"bolt": DEFAULT_BOLT_PORT, "http": DEFAULT_HTTP_PORT}
        if conf.is_file():
            for kind in ports:
                match = re.search(rf"^server\.{kind}\.listen_address=.*:(\d+)$", conf.read_text(), re.MULTILINE)
                if match:
                    ports[kind] = int(match.group(1))
        return cls(home=home, bolt_port=ports["bolt"], http_port=ports["http"], jars=jars)

    @contextlib.contextmanager
    def _lock(self) -> Iterator[None]:
        """Serialize start/stop of one home across processes."""
        self.home.mkdir(parents=True, exist_ok=True)
        with open(self.home / ".lock", "w") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)


def require_java() -> str:
    """The path of a Java 17+ runtime, or a KgError saying how to get one."""
    java = (
        shutil.which("java", path=os.path.join(os.environ["JAVA_HOME"], "bin")) if os.environ.get("JAVA_HOME") else None
    )
    java = java or shutil.which("java")
    if java is None:
        raise KgError(
            "Java not found (PATH/JAVA_HOME); the local Neo4j needs Java 17 or 21: "
            "install it (e.g. apt-get install openjdk-17-jre-headless) or use Docker: docker compose up -d"
        )
    result = subprocess.run([java, "-version"], capture_output=True, text=True)
    match = re.search(r'version "(\d+)', result.stderr + result.stdout)
    if match is None or int(match.group(1)) < 17:
        found = match.group(1) if match else "unknown"
        raise KgError(
            f"Java {found} found at {java}, but the local Neo4j needs Java 17 or 21; install one and set JAVA_HOME"
        )
    return java


def pick_free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def port_is_free(port: int) -> bool:
    """True when nothing listens on 127.0.0.1:port (so the server can bind it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server does: TIME_WAIT is no conflict
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return not _port_answers(port)


def _port_answers(port: int) -> bool:
    with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
        return True
    return False


def _is_our_server(pid: int, home: Path) -> bool:
    """True when `pid` is a live Neo4j server JVM started for exactly this home."""
    return _runs(pid, ENTRY_POINT, f"--home-dir={home}")


def _runs(pid: int, *arguments: str) -> bool:
    """True when process `pid` is alive and has all these command-line arguments (so a reused pid is not ours)."""
    try:
        actual = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return False
    return all(argument.encode() in actual for argument in arguments)


def _terminate(pid: int, grace: float) -> None:
    """SIGTERM the server (a clean shutdown), SIGKILL it if it is still alive after `grace` seconds."""
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + grace
    while time.monotonic() < deadline:
        if not _alive(pid):
            return
        time.sleep(0.25)
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)
    while _alive(pid):
        time.sleep(0.1)


def _alive(pid: int) -> bool:
    """True while `pid` exists and is not a zombie (reaping it when it is our child)."""
    with contextlib.suppress(ChildProcessError):
        if os.waitpid(pid, os.WNOHANG)[0] == pid:
            return False
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


def _tail(path: Path, lines: int = 40) -> str:
    with contextlib.suppress(OSError):
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    return ""


def _last_line(text: str) -> str:
    """The last meaningful line of a tool's output, for a one-line error."""
    meaningful = [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("\tat ")]
    return meaningful[-1] if meaningful else "no output"


def _write_file(path: Path, text: str, mode: int | None = None) -> None:
    """Write `text` to `path` atomically, creating its folder first."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with atomic_write(path, mode) as out:
        out.write(text)
