"""Papers as printable lines for `kg sources`: an aligned table to read, or JSON Lines of the full records."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator, Sequence

from kg.records import Paper

OUTPUTS = ("table", "jsonl")
_TITLE_WIDTH = 72


def paper_lines(papers: Sequence[Paper], output: str) -> Iterator[str]:
    """One line per paper (after a header line for the table): `output` is "table" or "jsonl"."""
    if output == "jsonl":
        yield from (json.dumps(dataclasses.asdict(paper), ensure_ascii=False) for paper in papers)
        return
    id_width = max((len(paper.id) for paper in papers), default=2)
    yield f"{'id':<{id_width}}  {'date':<10}  authors  urls  title"
    for paper in papers:
        when = paper.published or paper.listed or "-"
        counts = f"{len(paper.authors):>7}  {len(paper.urls):>4}"
        yield f"{paper.id:<{id_width}}  {when:<10}  {counts}  {_short(paper.title)}"


def _short(title: str) -> str:
    """A title on one line (control characters shown as spaces), cut to the table width with an ellipsis."""
    flat = " ".join("".join(" " if ord(character) < 32 else character for character in title).split())
    return flat if len(flat) <= _TITLE_WIDTH else flat[: _TITLE_WIDTH - 1] + "…"
