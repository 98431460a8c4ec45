"""Methods, datasets and metrics on 100 unseen April-2025 arXiv abstracts (tests/data/entities/arxiv_*_gold.json).

The tune half is what rules were checked against; the untouched half is scored only as a whole. The
bars sit below the measured scores (docs/quality.md) to catch regressions, not to fit them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.evaluate.entities import Evaluation, evaluate_analyses, read_gold
from kg.extract.corpus import Corpus
from kg.extract.entities.resolve import extract_entities
from kg.extract.entities.type_agreement import agree_on_types
from kg.extract.paper_text import build_acronym_table, read_paper_text
from kg.records import PaperAnalysis
from kg.sources import read_papers
from kg.vocabulary.taxonomy import load_taxonomy

DATA = Path(__file__).parent / "data" / "entities"


def _evaluate(half: str) -> Evaluation:
    papers = list(read_papers([DATA / f"arxiv_{half}_papers.jsonl"]))
    table = build_acronym_table(map(read_paper_text, papers))
    analyses = [PaperAnalysis(paper, extract_entities(read_paper_text(paper), table)) for paper in papers]
    agree_on_types(analyses, Corpus(load_taxonomy()))  # as `kg build` does
    return evaluate_analyses(analyses, read_gold(DATA / f"arxiv_{half}_gold.json"))


@pytest.fixture(scope="module", params=["tune", "untouched"])
def evaluation(request: pytest.FixtureRequest) -> Evaluation:
    return _evaluate(request.param)


def test_every_annotated_paper_is_read(evaluation: Evaluation) -> None:
    assert evaluation.missing_titles == ()


@pytest.mark.parametrize(
    ("type_name", "minimum_f1"), [("methods", 0.78), ("datasets", 0.8), ("metrics", 0.85), ("results", 0.75)]
)
def test_unseen_abstracts_stay_above_the_bars(evaluation: Evaluation, type_name: str, minimum_f1: float) -> None:
    assert evaluation.scores[type_name].f1 >= minimum_f1


def test_most_papers_with_a_named_contribution_have_it_found(evaluation: Evaluation) -> None:
    assert evaluation.scores["own_method"].recall >= 0.85
