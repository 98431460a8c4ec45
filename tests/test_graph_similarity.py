"""SIMILAR_TO top-k (blocked matrix products, HNSW beyond the exact limit) and RELATED_TO co-occurrence, against brute force."""

from __future__ import annotations

from collections import Counter
from itertools import combinations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from kg.graph.cooccurrence import co_occurring_pairs
from kg.graph.similarity import top_k_similar
from tests.properties import property_settings


def brute_force_top_k(embeddings: np.ndarray, k: int, threshold: float) -> list[tuple[int, int, float]]:
    """Every pair's cosine, then each row's k best (ties: lower index) above the threshold."""
    unit = embeddings / np.linalg.norm(embeddings, axis=1, keepdims=True)
    scores = unit @ unit.T
    result = []
    for row in range(len(unit)):
        others = sorted((-scores[row, other], other) for other in range(len(unit)) if other != row)
        result += [(row, other, -negative) for negative, other in others[:k] if -negative >= threshold]
    return result


@property_settings(60)
@given(
    seed=st.integers(0, 2**32 - 1),
    count=st.integers(0, 40),
    k=st.integers(0, 6),
    threshold=st.floats(-1.0, 1.0),
    block_cells=st.integers(1, 500),
)
def test_blocked_top_k_equals_brute_force_for_any_block_size(seed, count, k, threshold, block_cells):
    embeddings = np.random.default_rng(seed).normal(size=(count, 8)).astype(np.float32)
    found = list(top_k_similar(embeddings, k, threshold, block_cells=block_cells))
    expected = brute_force_top_k(embeddings, k, threshold)
    assert [(row, other) for row, other, _ in found] == [(row, other) for row, other, _ in expected]
    assert np.allclose([score for *_, score in found], [score for *_, score in expected], atol=1e-5)


@property_settings(40)
@given(seed=st.integers(0, 2**32 - 1), count=st.integers(0, 60), k=st.integers(0, 6), threshold=st.floats(-1.0, 1.0))
def test_hnsw_top_k_equals_brute_force_on_small_inputs(seed, count, k, threshold):
    embeddings = np.random.default_rng(seed).normal(size=(count, 8)).astype(np.float32)
    found = list(top_k_similar(embeddings, k, threshold, exact_limit=0))
    expected = brute_force_top_k(embeddings, k, threshold)
    assert [(row, other) for row, other, _ in found] == [(row, other) for row, other, _ in expected]
    assert np.allclose([score for *_, score in found], [score for *_, score in expected], atol=1e-5)


def clustered_embeddings(count: int, seed: int = 0) -> np.ndarray:
    """Unit vectors around 100 topic centres: the shape of abstract embeddings, harder than uniform noise."""
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(100, 64)).astype(np.float32)
    return centres[rng.integers(0, 100, count)] + rng.normal(size=(count, 64)).astype(np.float32)


def test_hnsw_top_k_finds_nearly_all_exact_neighbours_of_thousands_of_papers():
    embeddings = clustered_embeddings(4000)
    exact = {(row, other) for row, other, _ in top_k_similar(embeddings, 5, -1.0)}
    approximate = {(row, other) for row, other, _ in top_k_similar(embeddings, 5, -1.0, exact_limit=0)}
    assert len(approximate) == len(exact) == 4000 * 5
    assert len(exact & approximate) / len(exact) >= 0.95


def test_hnsw_top_k_is_the_same_on_every_run():
    embeddings = clustered_embeddings(3000, seed=1)
    first = list(top_k_similar(embeddings, 5, 0.0, exact_limit=0))
    assert first == list(top_k_similar(embeddings, 5, 0.0, exact_limit=0))


@pytest.mark.parametrize("exact_limit", [0, 20_000], ids=["hnsw", "exact"])
def test_a_paper_is_never_its_own_neighbour_even_with_a_duplicate(exact_limit):
    embeddings = np.array([[1.0, 0.0], [1.0, 0.0], [0.0, 1.0]], dtype=np.float32)
    found = list(top_k_similar(embeddings, k=1, threshold=0.5, exact_limit=exact_limit))
    assert [(row, other) for row, other, _ in found] == [(0, 1), (1, 0)]


@pytest.mark.parametrize("exact_limit", [0, 20_000], ids=["hnsw", "exact"])
def test_an_all_zero_embedding_is_similar_to_nothing(exact_limit):
    embeddings = np.array([[0.0, 0.0], [1.0, 0.0], [1.0, 0.1]], dtype=np.float32)
    found = top_k_similar(embeddings, k=2, threshold=0.1, exact_limit=exact_limit)
    assert all(0 not in (row, other) for row, other, _ in found)


@property_settings(80)
@given(
    papers=st.lists(st.lists(st.integers(0, 12), max_size=6), max_size=20),
    min_weight=st.integers(1, 4),
)
def test_co_occurrence_counts_each_pair_once_per_paper(papers, min_weight):
    counts = Counter(pair for concepts in papers for pair in combinations(sorted(set(concepts)), 2))
    expected = sorted((a, b, weight) for (a, b), weight in counts.items() if weight >= min_weight)
    assert list(co_occurring_pairs(papers, min_weight)) == expected


def test_co_occurrence_handles_indices_beyond_16_bits():
    big = 2**31 - 1
    assert list(co_occurring_pairs([[big, 70000], [70000, big]], 2)) == [(70000, big, 2)]
