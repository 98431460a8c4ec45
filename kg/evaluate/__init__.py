"""Scoring kg against hand annotations: methods, datasets and repositories (`kg eval`), keyphrases on Inspec."""

from kg.evaluate.entities import (
    TYPES,
    Evaluation,
    GoldPaper,
    Prediction,
    Score,
    evaluate,
    evaluate_analyses,
    evaluate_files,
    format_table,
    read_gold,
    score_predictions,
)

__all__ = [
    "TYPES",
    "Evaluation",
    "GoldPaper",
    "Prediction",
    "Score",
    "evaluate",
    "evaluate_analyses",
    "evaluate_files",
    "format_table",
    "read_gold",
    "score_predictions",
]
