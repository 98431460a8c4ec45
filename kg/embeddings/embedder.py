"""`Embedder`: texts to vectors, each distinct text encoded once per store, the rest read back from it."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from kg.embeddings.cache import STORED_DTYPE, EmbeddingStore, MemoryEmbeddingStore
from kg.embeddings.model import Encoder, load_encoder

__all__ = ["Embedder", "EmbedderCounts", "embed_texts"]


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
            encoded = self.encoder.encode([distinct[index] for index in missing]).astype(STORED_DTYPE)
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
