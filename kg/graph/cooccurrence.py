"""RELATED_TO: pairs of concepts mentioned together, weighted by the number of papers they share.

Pairs are counted as packed 64-bit integers with numpy (one array per paper, one `np.unique` at
the end), so 100k papers x 45 pairs each stay in a few hundred MB of integers, not Python tuples.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

import numpy as np

__all__ = ["co_occurring_pairs"]


def co_occurring_pairs(concepts_per_paper: Iterable[Sequence[int]], min_weight: int) -> Iterator[tuple[int, int, int]]:
    """Yield (a, b, papers) for concept indices a < b that occur together in at least `min_weight` papers.

    Each item of `concepts_per_paper` lists the concept indices (non-negative, < 2**31) one paper
    mentions; pairs come out sorted by (a, b).
    """
    packed = []
    for concepts in concepts_per_paper:
        unique = np.unique(np.asarray(concepts, dtype=np.int64))
        if len(unique) >= 2:
            first, second = np.triu_indices(len(unique), k=1)
            packed.append((unique[first] << 32) | unique[second])
    if not packed:
        return
    pairs, weights = np.unique(np.concatenate(packed), return_counts=True)
    keep = weights >= min_weight
    for pair, weight in zip(pairs[keep].tolist(), weights[keep].tolist()):
        yield pair >> 32, pair & 0xFFFFFFFF, weight
