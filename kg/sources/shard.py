"""Sharded builds: `kg build --shard i/n` keeps the papers whose id hashes to shard i of n.

Every machine reads all sources (reading is cheap) and extracts only its shard, so the shards of
one corpus are disjoint and together hold every paper, whatever order the files come in.
docs/scaling.md shows how the shards' work is combined.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from kg.errors import KgError
from kg.records import Paper

__all__ = ["Shard", "parse_shard", "papers_in_shard"]

_SHARD = re.compile(r"\s*(\d+)\s*/\s*(\d+)\s*")


@dataclass(frozen=True)
class Shard:
    """Shard `number` (1-based) of `count`."""

    number: int
    count: int

    def holds(self, paper_id: str) -> bool:
        """Whether the paper with this id belongs to this shard (a stable hash, not Python's salted hash())."""
        digest = hashlib.blake2b(paper_id.encode("utf-8"), digest_size=8).digest()
        return int.from_bytes(digest, "big") % self.count == self.number - 1


def parse_shard(text: str) -> Shard:
    """'2/4' -> Shard(2, 4); KgError for anything else."""
    match = _SHARD.fullmatch(text)
    if not match or not 1 <= int(match[1]) <= int(match[2]):
        raise KgError(f"{text!r} is not a shard: write i/n with 1 <= i <= n, e.g. 2/4 for the second of four shards")
    return Shard(int(match[1]), int(match[2]))


def papers_in_shard(papers: Iterable[Paper], shard: Shard) -> Iterator[Paper]:
    """The papers of `shard`, in input order."""
    return (paper for paper in papers if shard.holds(paper.id))
