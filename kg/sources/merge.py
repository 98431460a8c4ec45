"""One record per paper: records with the same id or the same normalized title are merged.

The richer value wins field by field: the stronger id (arXiv id, then DOI, then title hash), the longer
abstract, the longer author list (two spellings of one author must not become two people), the more
precise published date; title and listed date are the first seen; urls, categories and sources are
unioned in order. Two records with different arXiv ids are never merged, even with equal titles.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from kg.records import Paper
from kg.sources.fields import id_rank, normalized_title


def merge_papers(papers: Iterable[Paper]) -> Iterator[Paper]:
    """The merged papers, in order of first appearance; yields once all input is read (merging needs it all)."""
    index = _PaperIndex()
    for paper in papers:
        index.add(paper)
    yield from index.papers()


class _PaperIndex:
    """Merged papers in slots, with every id and normalized title pointing at the slot that holds it."""

    def __init__(self) -> None:
        self._slots: list[Paper | None] = []  # None once merged into an earlier slot
        self._keys: list[set[str]] = []
        self._slot_of: dict[str, int] = {}

    def add(self, paper: Paper) -> None:
        """Merge `paper` into the slot(s) it matches, or give it a new slot."""
        matches = self._matching_slots(paper)
        if not matches:
            self._slots.append(paper)
            self._keys.append(set())
            self._point(len(self._slots) - 1, _keys_of(paper))
            return
        target, *others = sorted(matches)
        merged = self._paper(target)
        for other in others:  # the paper links slots that were apart so far: fold them into the first
            merged = _combine(merged, self._paper(other))
            self._point(target, self._keys[other])
            self._slots[other] = None
        merged = _combine(merged, paper)
        self._slots[target] = merged
        self._point(target, _keys_of(paper) | _keys_of(merged))

    def _paper(self, slot: int) -> Paper:
        """The paper a live slot holds (ids and titles only ever point at live slots)."""
        paper = self._slots[slot]
        if paper is None:
            raise RuntimeError(f"paper slot {slot} was merged away but is still referenced")
        return paper

    def _matching_slots(self, paper: Paper) -> set[int]:
        """Slots holding the same id, or the same title unless the two arXiv ids differ."""
        by_id = self._slot_of.get(paper.id)
        found = set() if by_id is None else {by_id}
        known_id = paper.id if by_id is None else min(paper.id, self._paper(by_id).id, key=id_rank)
        by_title = self._slot_of.get(_title_key(paper))
        if by_title is not None and not _different_arxiv_ids(self._paper(by_title).id, known_id):
            found.add(by_title)
        return found

    def _point(self, slot: int, keys: set[str]) -> None:
        """Make `keys` lead to `slot`."""
        self._keys[slot] |= keys
        for key in keys:
            self._slot_of[key] = slot

    def papers(self) -> Iterator[Paper]:
        """The merged papers in order of first appearance."""
        return (paper for paper in self._slots if paper is not None)


def _title_key(paper: Paper) -> str:
    """The index key of a paper's title (a space keeps it apart from every id)."""
    return "title " + normalized_title(paper.title)


def _keys_of(paper: Paper) -> set[str]:
    """The index keys of a paper: its id and its title."""
    return {paper.id, _title_key(paper)}


def _different_arxiv_ids(first: str, second: str) -> bool:
    """Whether both ids are arXiv ids and name different papers."""
    return id_rank(first) == id_rank(second) == 0 and first != second


def _combine(first: Paper, second: Paper) -> Paper:
    """Two records of one paper as one; on ties the first (earlier read) value stays."""
    return Paper(
        id=min(first.id, second.id, key=id_rank),
        title=first.title,
        abstract=second.abstract if len(second.abstract) > len(first.abstract) else first.abstract,
        urls=_union(first.urls, second.urls),
        authors=second.authors if len(second.authors) > len(first.authors) else first.authors,
        published=max(first.published, second.published, key=lambda found: len(found or "")),
        listed=first.listed or second.listed,
        categories=_union(first.categories, second.categories),
        sources=_union(first.sources, second.sources),
    )


def _union(first: tuple[str, ...], second: tuple[str, ...]) -> tuple[str, ...]:
    """The items of both, each once, in order of first appearance."""
    return tuple(dict.fromkeys((*first, *second)))
