"""kg eval: scoring predictions against gold (docs/gold-format.md), for graphs, analyses and the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.errors import KgError
from kg.evaluate.entities import Score, evaluate, evaluate_analyses, evaluate_files, format_table, read_gold
from kg.graph import build_graph, write_graph
from kg.records import Entity, Label, Link, Paper, PaperAnalysis, Relation, StatedResult

GOLD = Path(__file__).parent / "data" / "entities" / "mini_gold.json"
FILTER2NOISE = Paper(
    id="2504.13519", title="Filter2Noise: Interpretable Self-Supervised Single-Image Denoising", abstract="..."
)
# What a gold file without metric annotations is scored on, in table order.
SCORED_WITHOUT_METRICS = [
    "proposes",
    "uses",
    "methods",
    "evaluates_on",
    "introduces",
    "datasets",
    "repositories",
    "own_method",
]
REWOO = Paper(id="2305.18323", title="ReWOO: Decoupling Reasoning from Observations", abstract="...")


def _link(relation: Relation, label: Label, key: str, name: str, *aliases: str) -> Link:
    return Link(relation, Entity(label, key, name, aliases), "evidence")


def _analyses() -> list[PaperAnalysis]:
    method, dataset = Label.METHOD, Label.DATASET
    return [
        PaperAnalysis(
            FILTER2NOISE,
            [
                _link(Relation.PROPOSES, method, "filter2noise", "Filter2Noise", "F2N"),
                _link(Relation.USES, method, "u net", "U-Net"),
                _link(Relation.USES, method, "cnn", "CNN"),  # optional: neither right nor wrong
                _link(Relation.USES, method, "psnr", "PSNR"),  # wrong
                _link(Relation.EVALUATES_ON, dataset, "mayo clinic 2016 low dose ct", "Mayo Clinic 2016 low-dose CT"),
                _link(Relation.HAS_CODE, Label.REPOSITORY, "https://github.com/sypsyp97/Filter2Noise", "Filter2Noise"),
            ],
        ),
        PaperAnalysis(
            REWOO,
            [
                _link(Relation.PROPOSES, method, "rewoo", "ReWOO"),
                _link(Relation.USES, method, "gpt3.5", "GPT3.5"),
                _link(Relation.USES, method, "gpt 3.5", "GPT-3.5"),  # the same gold item twice: one true positive
                _link(Relation.INTRODUCES, dataset, "hotpotqa", "HotpotQA"),  # wrong relation for evaluates_on
            ],
        ),
    ]


def test_scores_follow_the_gold_format_rules() -> None:
    scores = evaluate_analyses(_analyses(), read_gold(GOLD)).scores
    assert scores["proposes"] == Score(true_positives=2, false_positives=0, false_negatives=1)
    assert scores["uses"] == Score(true_positives=2, false_positives=1, false_negatives=2)
    assert scores["evaluates_on"] == Score(true_positives=1, false_positives=0, false_negatives=1)
    assert scores["introduces"] == Score(true_positives=0, false_positives=1, false_negatives=1)
    assert scores["datasets"] == Score(true_positives=2, false_positives=0, false_negatives=1)
    assert scores["repositories"] == Score(true_positives=1, false_positives=0, false_negatives=1)


def test_gold_papers_without_a_prediction_are_reported_by_title() -> None:
    assert evaluate_analyses(_analyses(), read_gold(GOLD)).missing_titles == ("A paper the graph does not have",)


def test_an_evaluation_reads_like_a_mapping_of_types_to_scores() -> None:
    evaluation = evaluate_analyses(_analyses(), read_gold(GOLD))
    assert list(evaluation) == SCORED_WITHOUT_METRICS
    assert evaluation["uses"] is evaluation.scores["uses"]
    assert dict(evaluation) == evaluation.scores


def test_precision_recall_f1_and_support() -> None:
    score = Score(true_positives=3, false_positives=1, false_negatives=3)
    assert (score.precision, score.recall, score.support) == (0.75, 0.5, 6)
    assert score.f1 == pytest.approx(0.6)
    assert Score().precision == Score().recall == 1.0


def test_a_graph_and_its_analyses_score_the_same(tmp_path: Path) -> None:
    analyses = _analyses()
    gold = read_gold(GOLD)
    graph = build_graph(analyses)
    assert evaluate(graph, gold) == evaluate_analyses(analyses, gold)
    write_graph(graph, tmp_path / "graph.json")
    assert evaluate_files(tmp_path / "graph.json", GOLD) == evaluate_analyses(analyses, gold)


def test_kg_eval_prints_a_table_and_json(tmp_path: Path) -> None:
    write_graph(build_graph(_analyses()), tmp_path / "graph.json")
    table = CliRunner().invoke(main, ["eval", str(tmp_path / "graph.json"), str(GOLD)])
    assert table.exit_code == 0, table.output
    assert table.output.splitlines()[0].split() == ["type", "P", "R", "F1", "support", "TP", "FP", "FN"]
    assert table.output.splitlines()[1].split() == ["proposes", "1.000", "0.667", "0.800", "3", "2", "0", "1"]
    as_json = CliRunner().invoke(main, ["eval", str(tmp_path / "graph.json"), str(GOLD), "--json"])
    data = json.loads(as_json.output)
    assert data["scores"]["uses"]["f1"] == pytest.approx(0.5714, abs=1e-4)
    assert data["missing_titles"] == ["A paper the graph does not have"]


def test_a_broken_gold_file_is_a_one_line_error(tmp_path: Path) -> None:
    broken = tmp_path / "gold.json"
    broken.write_text('{"papers": [{"title": "x"}]}', encoding="utf-8")
    with pytest.raises(KgError, match="gold.json: not a kg gold file"):
        read_gold(broken)
    write_graph(build_graph(_analyses()), tmp_path / "graph.json")
    result = CliRunner().invoke(main, ["eval", str(tmp_path / "graph.json"), str(broken)])
    assert result.exit_code != 0
    assert "Traceback" not in result.output and "not a kg gold file" in result.output


def test_the_table_lists_every_type() -> None:
    table = format_table(evaluate_analyses(_analyses(), read_gold(GOLD)))
    assert [line.split()[0] for line in table.splitlines()[1:9]] == SCORED_WITHOUT_METRICS


def test_metrics_results_and_own_method_are_scored_where_the_gold_annotates_them(tmp_path: Path) -> None:
    gold = tmp_path / "gold.json"
    paper = {
        "title": FILTER2NOISE.title,
        "proposes": [["Filter2Noise", "F2N"]],
        "uses": [],
        "evaluates_on": ["Mayo"],
        "introduces": [],
        "repositories": [],
        "metrics": [["peak signal-to-noise ratio", "PSNR"], "SSIM"],
        "results": [{"metric": "PSNR", "value": "+4.59 dB", "dataset": "Mayo"}, {"metric": "SSIM", "value": "0.91"}],
        "optional": {"metrics": ["accuracy"]},
    }
    unnamed = {**paper, "title": REWOO.title, "proposes": [], "metrics": [], "results": []}
    gold.write_text(json.dumps({"papers": [paper, unnamed]}), encoding="utf-8")
    metric = Label.METRIC
    analyses = [
        PaperAnalysis(
            FILTER2NOISE,
            [
                _link(Relation.USES, Label.METHOD, "filter2noise", "Filter2Noise"),  # proposed, found as used: a miss
                Link(Relation.REPORTS, Entity(metric, "psnr", "PSNR"), "e", results=(StatedResult("4.59 dB"),)),
                Link(Relation.REPORTS, Entity(metric, "accuracy", "accuracy"), "e", results=(StatedResult("91%"),)),
                Link(Relation.REPORTS, Entity(metric, "fid", "FID"), "e"),  # not in the gold: wrong
            ],
        ),
        PaperAnalysis(REWOO, []),
    ]
    scores = evaluate_analyses(analyses, read_gold(gold)).scores
    assert scores["metrics"] == Score(true_positives=1, false_positives=1, false_negatives=1)
    assert scores["results"] == Score(true_positives=1, false_positives=1, false_negatives=1)  # 91% is no result
    assert scores["own_method"] == Score(true_positives=0, false_positives=0, false_negatives=1)  # REWOO: no name


def test_gold_without_metrics_scores_no_metrics() -> None:
    assert "metrics" not in evaluate_analyses(_analyses(), read_gold(GOLD)).scores


def test_a_result_naming_no_metric_of_its_paper_is_a_one_line_error(tmp_path: Path) -> None:
    paper = {"title": "t", "proposes": [], "uses": [], "evaluates_on": [], "introduces": [], "repositories": []}
    broken = tmp_path / "gold.json"
    broken.write_text(
        json.dumps({"papers": [{**paper, "metrics": ["PSNR"], "results": [{"metric": "FID", "value": "3"}]}]})
    )
    with pytest.raises(KgError, match=r"gold.json: not a kg gold file .*names no metric"):
        read_gold(broken)
