"""Extraction on Ray: the chunks of `kg.extract.pipeline` (kg.extract.chunks) over a pool of Ray actors.

`kg build --engine ray` sends each chunk of papers to one of `workers` actors (a Ray cluster's address
from `--ray-address` or `RAY_ADDRESS`, else a local cluster on this machine's cores) and takes the
analyses back in chunk order, so the corpus-wide steps that follow on the driver (acronym table
before, concept sharing, areas, type agreement and entity merging after) see exactly what a local
build sees. Each actor encodes the same chunks in the same batches as a local build: the graph is
the same, up to last-bit differences of vectors encoded with another number of threads
(docs/scaling.md). Ray is an optional extra: `pip install 'kg[ray]'`.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from typing import Any

from kg.embeddings import available_cores, set_model_threads
from kg.errors import KgError
from kg.extract.acronyms import AcronymTable
from kg.extract.chunks import ChunkExtractor
from kg.extract.options import ExtractOptions
from kg.extract.paper_text import PaperText
from kg.records import PaperAnalysis

__all__ = ["analyze_chunks_on_ray"]

_log = logging.getLogger(__name__)


def analyze_chunks_on_ray(
    chunks: list[list[PaperText]], acronyms: AcronymTable, options: ExtractOptions
) -> Iterator[list[PaperAnalysis]]:
    """The analyses of each chunk, in chunk order, computed by `options.workers` Ray actors."""
    ray = _import_ray()
    started_here = not ray.is_initialized()
    if started_here:
        _connect(ray, options.ray_address)
    try:
        cpus = _cpus_per_worker(ray, options.workers)
        worker_class = ray.remote(num_cpus=cpus)(_ExtractionWorker)
        table = ray.put(acronyms)
        workers = [worker_class.remote(options, table, cpus) for _ in range(max(1, min(options.workers, len(chunks))))]
        _log.info("extracting on Ray: %d worker(s) with %d CPU(s) each", len(workers), cpus)
        from ray.util import ActorPool

        pool = ActorPool(workers)
        try:
            yield from pool.map(lambda worker, chunk: worker.analyze.remote(chunk), chunks)
        except ray.exceptions.RayActorError:
            raise KgError("a Ray extraction worker died (out of memory?); rerun with fewer --workers") from None
        finally:
            for worker in workers:
                ray.kill(worker)
    finally:
        if started_here:
            ray.shutdown()


class _ExtractionWorker:
    """A Ray actor: one process's extractor (the model, the embedding store, the corpus acronym table)."""

    def __init__(self, options: ExtractOptions, acronyms: AcronymTable, threads: int) -> None:
        """Load the model once and give torch this worker's share of the node's cores."""
        self.extractor = ChunkExtractor(options, acronyms)
        set_model_threads(threads)

    def analyze(self, texts: list[PaperText]) -> list[PaperAnalysis]:
        """Analyse one chunk."""
        return self.extractor.analyze(texts)


def _import_ray() -> Any:
    """The ray module, or a KgError saying how to install it."""
    try:
        import ray
    except ImportError:
        raise KgError("--engine ray needs Ray: pip install 'kg[ray]'") from None
    return ray


def _connect(ray: Any, address: str | None) -> None:
    """Join the cluster at `address`, or start a local one on this machine's cores; KgError when it cannot."""
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")  # no usage reports from a build
    try:
        if address:
            ray.init(address=address, log_to_driver=False, configure_logging=False)
        else:
            ray.init(num_cpus=available_cores(), include_dashboard=False, log_to_driver=False, configure_logging=False)
    except (ConnectionError, RuntimeError, ValueError) as error:
        where = f"the Ray cluster at {address}" if address else "a local Ray cluster"
        raise KgError(f"cannot start or join {where}: {error}; check --ray-address / RAY_ADDRESS") from None


def _cpus_per_worker(ray: Any, workers: int) -> int:
    """CPUs each actor asks for: the cluster's CPUs shared by the workers, at most one node's worth."""
    nodes = [node for node in ray.nodes() if node.get("Alive")]
    node_cpus = [int(node.get("Resources", {}).get("CPU", 0)) for node in nodes] or [1]
    share = sum(node_cpus) // max(1, workers)
    return max(1, min(share, min(node_cpus)))
