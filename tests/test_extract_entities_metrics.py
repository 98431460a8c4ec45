"""Metrics and the numbers an abstract states for them (kg/extract/entities/metrics.py), through extract_entities."""

from __future__ import annotations

import pytest

from kg.extract.acronyms import AcronymTable
from kg.extract.entities.resolve import extract_entities
from kg.extract.paper_text import read_paper_text
from kg.records import Label, Link, Paper, Relation


def _reported(abstract: str) -> dict[str, list[tuple[str, str | None]]]:
    """Metric name -> its stated (value, dataset) pairs, for a paper with `abstract`."""
    text = read_paper_text(Paper("x", "A study", abstract))
    links: list[Link] = extract_entities(text, AcronymTable(text.definitions))
    return {
        link.target.name: [(result.value, result.dataset) for result in link.results]
        for link in links
        if link.relation is Relation.REPORTS
    }


def test_a_value_belongs_to_the_metric_before_it_with_its_direction_and_dataset() -> None:
    reported = _reported(
        "Experiments on the URUR, GID, and FBP datasets show that our method improves mIoU by "
        "3.33%, 0.66%, and 0.98%, respectively."
    )
    assert reported == {"mIoU": [("+3.33%", "URUR"), ("+0.66%", "GID"), ("+0.98%", "FBP")]}


def test_a_value_right_before_a_metric_is_that_metrics() -> None:
    reported = _reported("DeeCLIP achieves an average F1 Score of 79.49% and 89.00% accuracy.")
    assert reported == {"F1": [("79.49%", None)], "accuracy": [("89.00%", None)]}


def test_a_cut_is_negative_and_a_count_of_things_is_no_value() -> None:
    reported = _reported("It reduces latency by 40% with 10% annotations.")
    assert reported == {"latency": [("-40%", None)]}


@pytest.mark.parametrize(
    ("abstract", "names"),
    [
        ("Existing methods struggle with accuracy in the wild.", set()),  # a common word in passing
        ("We report accuracy and pass@1 on held-out tasks.", {"accuracy", "pass@1"}),  # an evaluation cue
        ("Unlike earlier work, we study PSNR as a training signal.", {"PSNR"}),  # a specific name counts alone
    ],
)
def test_common_word_metrics_need_a_number_or_a_cue(abstract: str, names: set[str]) -> None:
    assert set(_reported(abstract)) == names


def test_metric_names_are_never_methods_or_datasets() -> None:
    text = read_paper_text(Paper("x", "A study", "On ImageNet, our model improves FID and CLIPScore over SDXL."))
    links = extract_entities(text, AcronymTable(text.definitions))
    typed = {link.target.name for link in links if link.target.label in (Label.METHOD, Label.DATASET)}
    assert not typed & {"FID", "CLIPScore"}
    assert {"FID", "CLIPScore"} <= {link.target.name for link in links if link.target.label is Label.METRIC}


@pytest.mark.parametrize(
    ("abstract", "expected"),
    [
        ("It saves 69% of the memory costs.", {"memory consumption": [("69%", None)]}),
        ("Large models consume up to 4600x more energy consumption.", {"energy consumption": [("+4600x", None)]}),
        (
            "It reaches 0.888 AUC and 0.545 Average Precision (AP).",
            {"AUC": [("0.888", None)], "average precision": [("0.545", None)]},
        ),
        ("It improves pass@1 by 2% and reduces runtime in 65% to 72% of cases.", {"pass@1": [("+2%", None)]}),
        (
            "We achieved strong scaling efficiencies of 89% and 87%.",
            {"scaling efficiency": [("89%", None), ("87%", None)]},
        ),
    ],
)
def test_values_after_of_or_more_belong_to_the_metric_and_shares_of_things_do_not(
    abstract: str, expected: dict[str, list[tuple[str, str | None]]]
) -> None:
    assert _reported(abstract) == expected


@pytest.mark.parametrize(
    "abstract",
    [
        "Mixed-precision quantization keeps sensitive layers at higher precision with 8-bit precision weights.",
        "We show that a better sensitivity metric is the average of the Hessian eigenvalues.",
    ],
)
def test_numeric_precision_and_sensitivity_as_a_property_are_not_metrics(abstract: str) -> None:
    assert _reported(abstract) == {}
