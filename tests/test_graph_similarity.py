"""SIMILAR_TO top-k (blocked matrix products) and RELATED_TO co-occurrence counting, against brute force."""

from __future__ import annotations

from collections import Counter
from itertools import combinations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.graph.cooccurrence import co_occurring_pairs
from kg.graph.similarity import top_k_similar


def brute_force_top_k(embeddings: np.ndarray, k: int, threshold: float) -> list[tuple[int, int, float]]:
    """Every pair's cosine, then each row's k best (ties: lower index) above the threshold."""
    unit = embeddings / np.linalg.norm(embeddings, axis=1, keepdims=True)
    scores = unit @ unit.T
    result = []
    for row in range(len(unit)):
        others = sorted((-scores[row, other], other) for other in range(len(unit)) if other != row)
        result += [(row, other, -negative) for negative, other in others[:k] if -negative >= threshold]
    return result


@settings(max_examples=60, deadline=None)
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


def test_a_paper_is_never_its_own_neighbour_even_with_a_duplicate():
    embeddings = np.array([[1.0, 0.0], [1.0, 0.0], [0.0, 1.0]], dtype=np.float32)
    found = list(top_k_similar(embeddings, k=1, threshold=0.5))
    assert [(row, other) for row, other, _ in found] == [(0, 1), (1, 0)]


def test_an_all_zero_embedding_is_similar_to_nothing():
    embeddings = np.array([[0.0, 0.0], [1.0, 0.0], [1.0, 0.1]], dtype=np.float32)
    assert all(0 not in (row, other) for row, other, _ in top_k_similar(embeddings, k=2, threshold=0.1))


@settings(max_examples=80, deadline=None)
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
