"""One colour per node label, shared by every visual export (GEXF viz colours, the HTML page's legend)."""

from __future__ import annotations

from collections.abc import Iterable

from kg.records import Label

__all__ = ["LABEL_COLOURS", "label_colours"]

LABEL_COLOURS: dict[str, str] = {
    Label.PAPER.value: "#4c78a8",
    Label.CONCEPT.value: "#f58518",
    Label.METHOD.value: "#54a24b",
    Label.DATASET.value: "#b279a2",
    Label.REPOSITORY.value: "#e45756",
    Label.METRIC.value: "#eeca3b",
    Label.AUTHOR.value: "#72b7b2",
    Label.CATEGORY.value: "#9d755d",
}
"""kg's labels on a colour-blind-friendly palette (Tableau 10)."""

_SPARE_COLOURS = ("#ff9da6", "#bab0ac", "#17becf", "#bcbd22")


def label_colours(labels: Iterable[str]) -> dict[str, str]:
    """A `#rrggbb` colour for each label: kg's own fixed ones, spare colours for others in sorted order."""
    distinct = sorted(set(labels))
    others = [label for label in distinct if label not in LABEL_COLOURS]
    spare = {label: _SPARE_COLOURS[position % len(_SPARE_COLOURS)] for position, label in enumerate(others)}
    return {label: LABEL_COLOURS.get(label) or spare[label] for label in distinct}
