"""SIMILAR_TO: each paper's k most similar papers by cosine, found with blocked matrix products.

Exact top-k: every block of rows is multiplied against all rows at once (BLAS), so memory stays
at `block_rows x n` scores (about 64 MB) however many papers there are, and no Python loop runs
over pairs.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

__all__ = ["top_k_similar"]

_BLOCK_CELLS = 1 << 24  # scores held at once: 16M float32 = 64 MB


def top_k_similar(
    embeddings: np.ndarray, k: int, threshold: float, block_cells: int = _BLOCK_CELLS
) -> Iterator[tuple[int, int, float]]:
    """Yield (row, other row, cosine) for each row's k most similar other rows with cosine >= threshold.

    Rows come out in order, each row's neighbours by descending score (ties: lower index first).
    """
    count = len(embeddings)
    if count < 2 or k <= 0:
        return
    unit = _unit_rows(embeddings)
    neighbours = min(k, count - 1)
    block_rows = max(1, block_cells // count)
    for start in range(0, count, block_rows):
        scores = unit[start : start + block_rows] @ unit.T
        local = np.arange(len(scores))
        scores[local, local + start] = -np.inf  # a paper is not its own neighbour
        top = np.argpartition(-scores, neighbours - 1, axis=1)[:, :neighbours]
        top_scores = np.take_along_axis(scores, top, axis=1)
        order = np.lexsort((top, -top_scores))
        top = np.take_along_axis(top, order, axis=1)
        top_scores = np.take_along_axis(top_scores, order, axis=1)
        for offset in range(len(scores)):
            for other, score in zip(top[offset].tolist(), top_scores[offset].tolist()):
                if score >= threshold:
                    yield start + offset, other, score


def _unit_rows(embeddings: np.ndarray) -> np.ndarray:
    """The rows scaled to length 1 as float32 (all-zero rows stay zero: similar to nothing)."""
    matrix = np.asarray(embeddings, dtype=np.float32)
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return matrix / norms
