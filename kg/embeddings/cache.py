"""Where computed vectors are kept: in memory for one run, or in the on-disk SQLite cache shared by runs.

Vectors are stored as float16 under a key that hashes the model id and the text, so a rebuild of a
grown corpus embeds only what is new, and vectors of different models never mix.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

import numpy as np

from kg.errors import KgError

__all__ = ["STORED_DTYPE", "EmbeddingCache", "EmbeddingStore", "MemoryEmbeddingStore", "default_cache_path"]

STORED_DTYPE = np.float16
"""How vectors are stored (and what every caller receives, rounded): half the bytes of float32."""
_SQLITE_MAX_VARIABLES = 900
_BUSY_SECONDS = 120  # how long a process waits for another that holds the cache file
_log = logging.getLogger("kg.embeddings")


class EmbeddingStore(Protocol):
    """Where an Embedder keeps vectors it has computed, by key."""

    def get_many(self, keys: Sequence[bytes]) -> dict[bytes, np.ndarray]:
        """The stored vectors of those `keys` that are present."""
        ...

    def put_many(self, items: dict[bytes, np.ndarray]) -> None:
        """Store vectors by key (keys already present keep their vector)."""
        ...


class MemoryEmbeddingStore:
    """An in-process store, for runs without the on-disk cache: each text is still encoded once per run."""

    def __init__(self) -> None:
        """Start empty."""
        self._vectors: dict[bytes, np.ndarray] = {}

    def get_many(self, keys: Sequence[bytes]) -> dict[bytes, np.ndarray]:
        """The stored vectors of those `keys` that are present."""
        return {key: self._vectors[key] for key in keys if key in self._vectors}

    def put_many(self, items: dict[bytes, np.ndarray]) -> None:
        """Store vectors by key (keys already present keep their vector)."""
        for key, vector in items.items():
            self._vectors.setdefault(key, vector)


def default_cache_path() -> Path:
    """The embedding cache file: in $KG_CACHE_DIR, else $XDG_CACHE_HOME/kg, else ~/.cache/kg."""
    folder = os.environ.get("KG_CACHE_DIR") or Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "kg"
    return Path(folder).expanduser() / "embeddings-v1.sqlite3"


def _is_busy_or_io(error: sqlite3.Error) -> bool:
    """Whether an SQLite error is about access (locked, busy, permissions, disk I/O, full), not a damaged file."""
    return isinstance(error, sqlite3.OperationalError)


class EmbeddingCache:
    """The on-disk store: one SQLite file shared by every model (keys hash the model id); safe for concurrent processes.

    Each write is one SQLite transaction, so a crash leaves either all or none of a batch, and
    several kg processes may read and write the same file at once (WAL journal, busy timeout).
    """

    def __init__(self, path: Path | None = None) -> None:
        """Open (creating if needed) the cache file at `path` (default: `default_cache_path()`)."""
        self.path = path or default_cache_path()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            try:
                self._connection = self._open()
            except sqlite3.DatabaseError as error:
                if _is_busy_or_io(error):
                    raise
                self._set_aside(error)
                self._connection = self._open()
        except (OSError, sqlite3.Error) as error:
            raise KgError(
                f"{self.path}: cannot open the embedding cache ({error}); delete the file, set KG_CACHE_DIR, or use "
                "--no-cache"
            ) from None

    def _open(self) -> sqlite3.Connection:
        """A connection in WAL mode with the table created. Switching a new file to WAL takes a lock that
        SQLite does not wait for, so two processes opening one new cache at once retry until it is free."""
        deadline = time.monotonic() + _BUSY_SECONDS
        while True:
            connection = sqlite3.connect(
                self.path, timeout=_BUSY_SECONDS, isolation_level=None, check_same_thread=False
            )
            try:
                connection.execute("PRAGMA journal_mode=WAL")
                connection.execute(
                    "CREATE TABLE IF NOT EXISTS embedding (key BLOB PRIMARY KEY, vector BLOB NOT NULL) WITHOUT ROWID"
                )
                return connection
            except sqlite3.OperationalError as error:
                connection.close()
                if "locked" not in str(error) or time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    def _set_aside(self, error: sqlite3.Error) -> None:
        """Rename a damaged cache file (and its WAL files) to `NAME.damaged-TIME`, kept for inspection; a cache can
        always be rebuilt, so the build goes on with a new one after one warning."""
        aside = self.path.with_name(f"{self.path.name}.damaged-{time.strftime('%Y%m%d-%H%M%S')}")
        for suffix in ("", "-wal", "-shm"):
            damaged = self.path.with_name(self.path.name + suffix)
            if damaged.exists():
                damaged.replace(aside.with_name(aside.name + suffix))
        _log.warning("%s is damaged (%s): set it aside as %s and started a new cache", self.path, error, aside.name)

    def _recovered(self, error: sqlite3.Error) -> bool:
        """After a failed query: whether the file was damaged and a new cache replaced it (else the error stands)."""
        if not isinstance(error, sqlite3.DatabaseError) or _is_busy_or_io(error):
            return False
        self._connection.close()
        self._set_aside(error)
        self._connection = self._open()
        return True

    def get_many(self, keys: Sequence[bytes]) -> dict[bytes, np.ndarray]:
        """The stored vectors of those `keys` that are present."""
        found: dict[bytes, np.ndarray] = {}
        for start in range(0, len(keys), _SQLITE_MAX_VARIABLES):
            chunk = keys[start : start + _SQLITE_MAX_VARIABLES]
            placeholders = ",".join("?" * len(chunk))
            rows = self._query(f"SELECT key, vector FROM embedding WHERE key IN ({placeholders})", chunk)
            found.update((key, np.frombuffer(vector, dtype=STORED_DTYPE)) for key, vector in rows)
        return found

    def put_many(self, items: dict[bytes, np.ndarray]) -> None:
        """Store vectors by key in one transaction (keys already present keep their vector)."""
        rows = [(key, np.ascontiguousarray(vector, dtype=STORED_DTYPE).tobytes()) for key, vector in items.items()]
        for attempt in (1, 2):
            try:
                with self._connection:
                    self._connection.execute("BEGIN IMMEDIATE")
                    self._connection.executemany("INSERT OR IGNORE INTO embedding (key, vector) VALUES (?, ?)", rows)
                return
            except sqlite3.Error as error:
                if attempt == 1 and self._recovered(error):
                    continue
                advice = (
                    "free some space, set KG_CACHE_DIR to another disk, or use --no-cache"
                    if "full" in str(error)
                    else "delete the file or use --no-cache"
                )
                raise KgError(f"{self.path}: cannot write the embedding cache ({error}); {advice}") from None

    def merge_from(self, other: Path) -> int:
        """Copy into this cache every vector of the cache file `other` that it lacks; return how many were added.

        This is how the caches of sharded builds on several machines become one (docs/scaling.md).
        """
        if not other.is_file():
            raise KgError(f"{other}: no such cache file; pass the embeddings-v1.sqlite3 of a kg cache folder")
        if other.resolve() == self.path.resolve():
            return 0
        try:
            with self._connection:
                self._connection.execute("ATTACH DATABASE ? AS other", (str(other),))
            try:
                with self._connection:
                    self._connection.execute("BEGIN IMMEDIATE")
                    before = self._connection.total_changes
                    self._connection.execute(
                        "INSERT OR IGNORE INTO embedding (key, vector) SELECT key, vector FROM other.embedding"
                    )
                    added = self._connection.total_changes - before
            finally:
                self._connection.execute("DETACH DATABASE other")
        except sqlite3.Error as error:
            raise KgError(
                f"{other}: cannot merge it into the embedding cache {self.path} ({error}); is it a kg cache file?"
            ) from None
        return added

    def _query(self, sql: str, parameters: Sequence[bytes]) -> list[tuple[bytes, bytes]]:
        """Run a read query (on a new cache if the file turns out damaged), failures a KgError naming the file."""
        try:
            return self._connection.execute(sql, parameters).fetchall()
        except sqlite3.Error as error:
            if self._recovered(error):
                return []
            raise KgError(
                f"{self.path}: cannot read the embedding cache ({error}); delete the file or use --no-cache"
            ) from None
