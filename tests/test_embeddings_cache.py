"""The on-disk embedding cache: a rebuild encodes only new text, concurrent processes share one file safely."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from kg.embeddings import Embedder, EmbeddingCache, default_cache_path, load_encoder
from kg.errors import KgError
from kg.extract.acronyms import AcronymTable
from kg.extract.concepts.keyphrases import extract_keyphrases
from kg.extract.paper_text import PaperText, read_paper_text
from kg.records import Paper
from tests.waiting import wait_until

PAPERS = [
    Paper("1", "Graph Neural Networks for Molecules", "Graph neural networks predict molecular properties from atoms."),
    Paper("2", "Diffusion Models", "Diffusion models generate images by iterative denoising of Gaussian noise."),
]
GROWN = PAPERS + [Paper("3", "Sparse Attention", "Sparse attention reduces the cost of long-context transformers.")]


def texts_of(papers: list[Paper]) -> list[PaperText]:
    """Each paper read as the extractors read it."""
    return [read_paper_text(paper) for paper in papers]


def cached_embedder(path: Path) -> Embedder:
    """A fresh Embedder on the cache file at `path`, as a new `kg build` would open it."""
    return Embedder(load_encoder(), EmbeddingCache(path))


def test_a_second_run_on_the_same_papers_encodes_nothing(tmp_path: Path) -> None:
    first = cached_embedder(tmp_path / "cache.sqlite3")
    cold = extract_keyphrases(texts_of(PAPERS), first, AcronymTable())
    assert first.counts.encoded > len(PAPERS)
    second = cached_embedder(tmp_path / "cache.sqlite3")
    warm = extract_keyphrases(texts_of(PAPERS), second, AcronymTable())
    assert second.counts.encoded == 0 and second.counts.requested == first.counts.requested
    assert warm.keyphrases == cold.keyphrases
    np.testing.assert_array_equal(warm.document_embeddings, cold.document_embeddings)


def test_a_grown_corpus_encodes_only_its_new_texts(tmp_path: Path) -> None:
    extract_keyphrases(texts_of(PAPERS), cached_embedder(tmp_path / "cache.sqlite3"), AcronymTable())
    alone = Embedder(load_encoder())
    extract_keyphrases(texts_of(GROWN[2:]), alone, AcronymTable())
    grown = cached_embedder(tmp_path / "cache.sqlite3")
    extract_keyphrases(texts_of(GROWN), grown, AcronymTable())
    assert 0 < grown.counts.encoded <= alone.counts.encoded


def test_results_do_not_depend_on_the_cache(tmp_path: Path) -> None:
    texts = [
        "sparse attention",
        "long-context transformers",
        "a longer sentence about sparse attention in transformers",
    ]
    uncached = Embedder(load_encoder()).embed(texts)
    cached = cached_embedder(tmp_path / "cache.sqlite3")
    cached.embed(texts[:1])
    np.testing.assert_array_equal(cached.embed(texts), uncached)


def test_each_distinct_text_is_encoded_once_per_call() -> None:
    embedder = Embedder(load_encoder())
    vectors = embedder.embed(["same text", "same text", "other text"])
    assert embedder.counts.encoded == 2 and embedder.counts.requested == 3
    np.testing.assert_array_equal(vectors[0], vectors[1])


WRITER = """
import sys
import time
import numpy as np
from pathlib import Path
from kg.embeddings import EmbeddingCache

path, offset = Path(sys.argv[1]), int(sys.argv[2])
(path.parent / f"ready-{offset}").touch()
while not (path.parent / "go").exists():  # every writer opens the new file at the same moment
    time.sleep(0.001)
cache = EmbeddingCache(path)
for start in range(0, 400, 20):
    keys = [i.to_bytes(16, "big") for i in range(offset + start, offset + start + 20)]
    cache.put_many({key: np.full(384, int.from_bytes(key, "big") % 1000, dtype=np.float16) for key in keys})
"""


def test_concurrent_processes_create_and_write_one_cache_file_safely(tmp_path: Path) -> None:
    path = tmp_path / "shared.sqlite3"  # new: all writers race to create it and switch it to WAL
    offsets = (0, 200, 400)
    writers = [subprocess.Popen([sys.executable, "-c", WRITER, str(path), str(offset)]) for offset in offsets]
    wait_until(lambda: all((tmp_path / f"ready-{offset}").exists() for offset in offsets), "the writers to start", 120)
    (tmp_path / "go").touch()
    assert [writer.wait(timeout=300) for writer in writers] == [0, 0, 0]
    stored = EmbeddingCache(path).get_many([i.to_bytes(16, "big") for i in range(800)])
    assert len(stored) == 800
    assert all(float(vector[0]) == int.from_bytes(key, "big") % 1000 for key, vector in stored.items())


def test_cache_location_follows_kg_cache_dir(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("KG_CACHE_DIR", str(tmp_path / "kgcache"))
    assert default_cache_path().parent == tmp_path / "kgcache"


def test_a_damaged_cache_file_is_set_aside_with_one_warning_and_a_new_cache_takes_its_place(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "damaged.sqlite3"
    path.write_bytes(b"this is not an sqlite database" * 100)
    vectors = cached_embedder(path).embed(["text"])
    assert vectors.shape == (1, 384)
    [aside] = [file for file in tmp_path.iterdir() if file.name.startswith("damaged.sqlite3.damaged-")]
    assert aside.read_bytes() == b"this is not an sqlite database" * 100  # kept for inspection
    assert [record.levelname for record in caplog.records if "is damaged" in record.getMessage()] == ["WARNING"]
    assert len(EmbeddingCache(path).get_many([b"x"])) == 0  # the new file is a working cache


def test_a_cache_found_damaged_while_reading_is_replaced_and_reading_goes_on(tmp_path: Path) -> None:
    path = tmp_path / "cache.sqlite3"
    cache = EmbeddingCache(path)
    keys = [i.to_bytes(16, "big") for i in range(3000)]
    cache.put_many({key: np.ones(384, dtype=np.float16) for key in keys})
    cache._connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    with path.open("r+b") as file:  # overwrite the table's pages, keep the header: SQLite opens it, then fails
        file.seek(8192)
        file.write(b"\xff" * 200_000)
    damaged = EmbeddingCache(path)
    assert damaged.get_many(keys) == {}
    damaged.put_many({keys[0]: np.zeros(384, dtype=np.float16)})
    assert list(EmbeddingCache(path).get_many(keys)) == [keys[0]]
    assert any(file.name.startswith("cache.sqlite3.damaged-") for file in tmp_path.iterdir())


def test_a_text_gets_the_same_vector_whatever_it_is_encoded_with() -> None:
    encoder = load_encoder()
    text = "Parametric retrieval-augmented generation injects documents into model parameters."
    neighbours = [
        "RAG",
        "a much longer sentence about documents, parameters, retrieval and generation in large models",
        "Sparse attention reduces cost.",
    ]
    alone = encoder.encode([text])
    together = encoder.encode(neighbours + [text] + neighbours)
    np.testing.assert_array_equal(together[len(neighbours)], alone[0])


def test_a_full_disk_while_writing_the_cache_is_one_error_saying_to_free_space(tmp_path: Path) -> None:
    cache = EmbeddingCache(tmp_path / "cache.sqlite3")
    cache._connection.execute("PRAGMA max_page_count = 8")  # SQLite then fails as on a full disk (SQLITE_FULL)
    vectors = {i.to_bytes(16, "big"): np.ones(384, dtype=np.float16) for i in range(500)}
    with pytest.raises(KgError, match=r"database or disk is full\); free some space, set KG_CACHE_DIR"):
        cache.put_many(vectors)
    assert not any(".damaged-" in file.name for file in tmp_path.iterdir())  # a full disk is no damage
