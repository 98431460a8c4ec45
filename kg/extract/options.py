"""How extraction runs: the options of `kg build` that reach `kg.extract.pipeline.analyze_papers`.

Kept apart from the pipeline so that reading them (the CLI, a build that fails on its input)
does not load the model stack, which takes seconds.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from kg.embeddings import Device

__all__ = ["ENGINES", "ExtractOptions"]

Engine = Literal["local", "ray"]
ENGINES: tuple[Engine, ...] = ("local", "ray")


@dataclass(frozen=True)
class ExtractOptions:
    """How `analyze_papers` runs; every field has the default `kg build` uses."""

    model: str | None = None  # sentence-transformers model path or name; None = the bundled all-MiniLM-L6-v2 (offline)
    top_n: int = 10  # concepts per paper
    workers: int = 1  # extraction processes, or Ray actors (1 already keeps 2 cores busy, bench/README.md)
    embeddings: bool = True  # keep paper (title+abstract) embeddings for SIMILAR_TO and vector search
    cache: bool = True  # reuse and extend the on-disk embedding cache ($KG_CACHE_DIR, else ~/.cache/kg)
    device: Device = "auto"  # where the model runs; auto: CUDA when torch sees a GPU
    engine: Engine = "local"  # "ray": extraction on Ray actors (kg.extract.ray_engine, the kg[ray] extra)
    ray_address: str | None = None  # the Ray cluster to join; None = a local one (engine "ray" only)
