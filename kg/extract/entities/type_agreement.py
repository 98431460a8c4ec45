"""Corpus agreement on what a name is: a name most papers use as a dataset is a dataset in every paper.

One paper's words can mislead ("we build on ScanNet" reads like a method), while the corpus as a
whole rarely does. For each key typed both ways, the label more papers give it wins, and the
minority's USES and EVALUATES_ON links take that label; a tie changes nothing. A paper's own
contribution (PROPOSES, INTRODUCES) counts as a vote but is never retyped: its own words decide it,
and another paper may use the name for something else.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import replace

from kg.extract.corpus import Corpus
from kg.records import Label, Link, PaperAnalysis, Relation

__all__ = ["agree_on_types"]

_VOTING = frozenset({Relation.USES, Relation.EVALUATES_ON, Relation.PROPOSES, Relation.INTRODUCES})
_SWAPPED = {Relation.USES: Relation.EVALUATES_ON, Relation.EVALUATES_ON: Relation.USES}
_OTHER_LABEL = {Label.METHOD: Label.DATASET, Label.DATASET: Label.METHOD}


def agree_on_types(analyses: list[PaperAnalysis], corpus: Corpus) -> None:
    """Corpus pass: retype every used method or dataset whose key more papers give the other label.

    Reads every paper's USES, EVALUATES_ON, PROPOSES and INTRODUCES links; writes (retypes) USES and
    EVALUATES_ON links. `corpus` is not read.
    """
    papers_per_label: defaultdict[str, Counter[Label]] = defaultdict(Counter)
    for analysis in analyses:
        typed = {(link.target.key, link.target.label) for link in analysis.links if link.relation in _VOTING}
        for key, label in typed:
            papers_per_label[key][label] += 1
    for analysis in analyses:
        analysis.links = [_agreed(link, papers_per_label[link.target.key]) for link in analysis.links]


def _agreed(link: Link, papers: Counter[Label]) -> Link:
    """`link`, retyped when more papers give its key the other label."""
    if link.relation not in _SWAPPED:
        return link
    other = _OTHER_LABEL[link.target.label]
    if papers[other] <= papers[link.target.label]:
        return link
    return replace(link, relation=_SWAPPED[link.relation], target=replace(link.target, label=other))
