"""Extraction stage: papers -> PaperAnalysis (concepts, methods, datasets, repositories, embedding).

One acronym table is built over the whole corpus first, so an acronym defined in one paper
resolves in every other. Papers are then processed in chunks: the model-free work (noun-phrase
candidates, named entities), then one batched encode of the chunk's distinct phrases and
documents (cached on disk across runs) on all cores; `workers` > 1 spreads chunks over spawned
processes, or over Ray actors with `engine="ray"` (kg.extract.ray_engine). Then a name typed
both ways takes the type most papers give it (kg.extract.entities.type_agreement), and each concept key
gets one display name and one alias set across the corpus, so the same concept (and method,
dataset, repository) is the same Entity in every paper.

Output is deterministic: the same papers, options and cache contents give the same result. (A
vector can differ in its last bits with the shape of the batch it was encoded in, so scores may
move in the 4th decimal when a paper is analysed within another corpus or with another number of
workers; a warm cache returns exactly the vectors of the run that filled it.)
"""

from __future__ import annotations

import functools
import logging
import multiprocessing
import pickle
import tempfile
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import replace
from pathlib import Path

from kg.embeddings import available_cores, set_model_threads
from kg.entity_merge import EntitySightings
from kg.errors import KgError
from kg.extract.acronyms import AcronymTable
from kg.extract.chunks import ChunkExtractor, corpus_embedder
from kg.extract.concepts.aboutness import keep_shared
from kg.extract.concepts.areas import area_links
from kg.extract.corpus import Corpus, CorpusPass
from kg.extract.entities.type_agreement import agree_on_types
from kg.extract.options import ExtractOptions
from kg.extract.paper_text import PaperText, build_acronym_table, read_paper_text
from kg.extract.ray_engine import analyze_chunks_on_ray
from kg.records import Paper, PaperAnalysis
from kg.vocabulary.taxonomy import load_taxonomy

__all__ = ["CHUNK_SIZE", "CORPUS_PASSES", "MAX_TEXT_CHARS", "ExtractOptions", "analyze_papers", "merge_entities"]

CHUNK_SIZE = 256  # papers per batch: progress granularity and the unit of work of a worker process
MAX_TEXT_CHARS = 20_000  # of a title or abstract analysed: about 10x the longest arXiv abstract

_log = logging.getLogger(__name__)


def analyze_papers(
    papers: Sequence[Paper], options: ExtractOptions = ExtractOptions(), progress: Callable[[int], None] | None = None
) -> list[PaperAnalysis]:
    """Extract every paper's links and embedding; `progress(n)` is called as each batch of n papers finishes.

    Only the first MAX_TEXT_CHARS characters of a title or abstract are analysed (one warning says
    how many were cut); each PaperAnalysis still holds the Paper whole.
    """
    papers = list(papers)
    analysed = [_capped(paper) for paper in papers]
    cut = sum(capped is not paper for capped, paper in zip(analysed, papers))
    if cut:
        _log.warning(
            "%d paper(s) have a title or abstract over %d characters; only that much of each is analysed",
            cut,
            MAX_TEXT_CHARS,
        )
    texts = [read_paper_text(paper) for paper in analysed]  # each paper split into sentences once, for every extractor
    acronyms = build_acronym_table(texts)
    chunks = [texts[start : start + CHUNK_SIZE] for start in range(0, len(texts), CHUNK_SIZE)]
    analyses: list[PaperAnalysis] = []
    for chunk_analyses in _analyzed_chunks(chunks, acronyms, options):
        for analysis in chunk_analyses:
            analysis.paper = papers[len(analyses)]
            analyses.append(analysis)
        if progress is not None:
            progress(len(chunk_analyses))
    corpus = Corpus(load_taxonomy(), functools.partial(corpus_embedder, options))
    for corpus_pass in CORPUS_PASSES:
        corpus_pass(analyses, corpus)
    return analyses


def _capped(paper: Paper) -> Paper:
    """`paper` itself, or a copy with its title and abstract cut to MAX_TEXT_CHARS characters."""
    if len(paper.title) <= MAX_TEXT_CHARS and len(paper.abstract) <= MAX_TEXT_CHARS:
        return paper
    return replace(paper, title=paper.title[:MAX_TEXT_CHARS], abstract=paper.abstract[:MAX_TEXT_CHARS])


def _analyzed_chunks(
    chunks: list[list[PaperText]], acronyms: AcronymTable, options: ExtractOptions
) -> Iterator[list[PaperAnalysis]]:
    """The analyses of each chunk, in chunk order, from this process, a pool of spawned workers or Ray actors."""
    if options.engine == "ray":
        yield from analyze_chunks_on_ray(chunks, acronyms, options)
        return
    workers = max(1, min(options.workers, len(chunks)))
    if workers == 1:
        # Chunk after chunk, the model on every core. Preparing the next chunk in a thread meanwhile
        # was measured slower (56 s against 43 s for 1,000 abstracts on 2 cores): the thread takes a
        # core from the model's thread pool, which then waits for its slowest thread.
        extractor = ChunkExtractor(options, acronyms)
        yield from map(extractor.analyze, chunks)
        return
    with tempfile.TemporaryDirectory(prefix="kg-extract-") as folder:
        # The table goes to workers as a file: a large pickle in initargs can be cut off by an interrupt.
        table = Path(folder) / "acronyms.pickle"
        table.write_bytes(pickle.dumps(acronyms))
        # "spawn", not "fork": forking a process whose torch thread pool is running can deadlock.
        pool = ProcessPoolExecutor(
            workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_start_worker,
            initargs=(options, str(table), max(1, available_cores() // workers)),
        )
        try:
            yield from pool.map(_analyze_in_worker, chunks)
        except BrokenProcessPool:
            raise KgError("an extraction worker process died (out of memory?); rerun with --workers 1") from None
        except BaseException:  # interrupted: stop the workers now, not after their current chunk
            _stop_workers(pool)
            raise
        finally:
            pool.shutdown(wait=True, cancel_futures=True)


def _stop_workers(pool: ProcessPoolExecutor) -> None:
    """Terminate the pool's worker processes and wait until each has exited, so none outlives the build."""
    workers = list(getattr(pool, "_processes", {}).values())
    for process in workers:
        process.terminate()
    for process in workers:
        process.join()


_worker_extractor: ChunkExtractor | None = None


def _start_worker(options: ExtractOptions, acronym_table: str, threads: int) -> None:
    """Pool initializer: read the corpus acronym table, load the model once, use this worker's share of the cores."""
    global _worker_extractor
    _worker_extractor = ChunkExtractor(options, pickle.loads(Path(acronym_table).read_bytes()))
    set_model_threads(threads)


def _analyze_in_worker(texts: list[PaperText]) -> list[PaperAnalysis]:
    """Pool task: analyse one chunk with this worker's extractor."""
    if _worker_extractor is None:
        raise RuntimeError("extraction worker used before its initializer ran")
    return _worker_extractor.analyze(texts)


def merge_entities(analyses: list[PaperAnalysis], corpus: Corpus) -> None:
    """Corpus pass: give every (label, key) one Entity across the corpus, by the one merge rule of kg.entity_merge.

    Reads every link's target; writes every link's target (one name and alias set per key). `corpus` is not read.
    """
    sightings = EntitySightings(link.target for analysis in analyses for link in analysis.links)
    for analysis in analyses:
        analysis.links = [
            replace(link, target=sightings.merged(link.target.label, link.target.key)) for link in analysis.links
        ]


CORPUS_PASSES: tuple[CorpusPass, ...] = (keep_shared, area_links, agree_on_types, merge_entities)
"""The steps over all papers of a build, in order (each a `kg.extract.corpus.CorpusPass`)."""
