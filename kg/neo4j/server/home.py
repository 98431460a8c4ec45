"""The local server's home folder, and the one place that writes and reads its credentials.

Everything of one local server lives in one folder (`.neo4j/` by default, `$KG_NEO4J_HOME` or
`--home` otherwise): `lib/` (the jars, unless `$KG_NEO4J_LIB` shares one set between homes),
`conf/neo4j.conf`, `data/`, `logs/`, `run/` (pid files), `browser/` (kg's guide) and `env`, the
file with NEO4J_URI, NEO4J_USERNAME and NEO4J_PASSWORD (mode 0600) that scripts source and that
kg's commands read when nothing else says where to connect.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from kg.fileio import atomic_write

__all__ = ["USER", "ServerHome", "default_home", "default_jars", "local_server_env", "write_file"]

USER = "neo4j"
"""The user kg's local server is set up with."""
_ENV_LINE = re.compile(r"^(NEO4J_URI|NEO4J_USERNAME|NEO4J_PASSWORD)=(.*)$", re.MULTILINE)


def default_home(environ: Mapping[str, str] | None = None) -> Path:
    """kg's local Neo4j folder: `$KG_NEO4J_HOME`, else `.neo4j` in the current folder (git-ignored in kg's checkout)."""
    env = os.environ if environ is None else environ
    return Path(env.get("KG_NEO4J_HOME") or ".neo4j").absolute()


def default_jars() -> Path | None:
    """`$KG_NEO4J_LIB` when set, so several homes can share one set of jars; else None (`<home>/lib`)."""
    value = os.environ.get("KG_NEO4J_LIB")
    return Path(value).absolute() if value else None


def local_server_env(environ: Mapping[str, str] | None = None) -> dict[str, str]:
    """The NEO4J_URI, NEO4J_USERNAME and NEO4J_PASSWORD of the default home's env file ({} if there is none)."""
    return ServerHome(default_home(environ)).env_values()


@dataclass(frozen=True)
class ServerHome:
    """The folders and files of one local server's home (absolute paths)."""

    path: Path
    jars: Path | None = None  # where the jars live; default `<home>/lib` (several homes may share one)

    @property
    def lib_dir(self) -> Path:
        return self.jars or self.path / "lib"

    @property
    def conf_dir(self) -> Path:
        return self.path / "conf"

    @property
    def pid_file(self) -> Path:
        return self.path / "run" / "kg-neo4j.pid"

    @property
    def guide_pid_file(self) -> Path:
        return self.path / "run" / "kg-guide.pid"

    @property
    def guide_dir(self) -> Path:
        return self.path / "browser"

    @property
    def env_file(self) -> Path:
        return self.path / "env"

    @property
    def console_log(self) -> Path:
        return self.path / "logs" / "console.log"

    def write_env(self, uri: str, password: str) -> None:
        """Record how to connect (the URI, kg's user and `password`) in the env file, readable by the owner only."""
        write_file(self.env_file, f"NEO4J_URI={uri}\nNEO4J_USERNAME={USER}\nNEO4J_PASSWORD={password}\n", mode=0o600)

    def env_values(self) -> dict[str, str]:
        """NEO4J_URI, NEO4J_USERNAME and NEO4J_PASSWORD as the env file records them ({} when there is none)."""
        try:
            text = self.env_file.read_text(encoding="utf-8")
        except OSError:
            return {}
        return {name: value.strip() for name, value in _ENV_LINE.findall(text)}

    def stored_password(self) -> str | None:
        """The password recorded in the env file when the server was first set up."""
        return self.env_values().get("NEO4J_PASSWORD")

    @contextlib.contextmanager
    def lock(self) -> Iterator[None]:
        """Serialize start/stop of this home across processes."""
        self.path.mkdir(parents=True, exist_ok=True)
        with open(self.path / ".lock", "w") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)


def write_file(path: Path, text: str, mode: int | None = None) -> None:
    """Write `text` to `path` atomically, creating its folder first."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with atomic_write(path, mode) as out:
        out.write(text)
