"""Quality bars on the seed listing (methods, datasets, repositories, metrics), scored against its gold annotation."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.evaluate.entities import Evaluation, evaluate_analyses, read_gold
from kg.extract.entities.resolve import extract_entities
from kg.extract.paper_text import build_acronym_table, read_paper_text
from kg.records import PaperAnalysis
from kg.sources import read_papers

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "hf-trending-papers-apr22.txt"
GOLD = ROOT / "tests" / "data" / "gold" / "seed_gold.json"


@pytest.fixture(scope="module")
def seed_evaluation() -> Evaluation:
    papers = list(read_papers([SEED]))
    table = build_acronym_table(map(read_paper_text, papers))
    return evaluate_analyses(
        [PaperAnalysis(paper, extract_entities(read_paper_text(paper), table)) for paper in papers], read_gold(GOLD)
    )


def test_every_gold_paper_is_in_the_seed(seed_evaluation: Evaluation) -> None:
    assert seed_evaluation.missing_titles == ()


def test_every_repository_url_and_nothing_else(seed_evaluation: Evaluation) -> None:
    score = seed_evaluation.scores["repositories"]
    assert (score.precision, score.recall) == (1.0, 1.0)


@pytest.mark.parametrize(
    ("type_name", "minimum_f1"),
    [("proposes", 0.85), ("datasets", 0.85), ("uses", 0.7), ("methods", 0.7), ("metrics", 0.85), ("results", 0.8)],
)
def test_methods_and_datasets_reach_the_issue_bars(
    seed_evaluation: Evaluation, type_name: str, minimum_f1: float
) -> None:
    assert seed_evaluation.scores[type_name].f1 >= minimum_f1
