"""`kg eval`: score extracted methods, datasets, metrics and repositories against hand-annotated gold.

The gold format and the scoring rules are in docs/gold-format.md. In short: per paper (matched by
exact title) and per type, a prediction matches a gold item when its key or one of its aliases
equals one of the item's alternatives after `canonical_key` (repositories: after
`normalize_url`); a required item matched by some prediction is a true positive, an unmatched
one a false negative; a prediction matching no required and no optional item is a false
positive; counts are summed over papers (micro-average). Two measures sit beside the types: the
share of papers with a named own method whose method is found (`own_method`), and the stated
results (a metric's number, matched by metric and number). The same scoring serves a built graph
(`evaluate`) and in-memory extraction results (`evaluate_analyses`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx

from kg.errors import KgError
from kg.graph import read_graph
from kg.records import Label, PaperAnalysis, Relation
from kg.urls import normalize_url
from kg.vocabulary.canonical import canonical_key

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

TYPES = (
    "proposes",
    "uses",
    "methods",
    "evaluates_on",
    "introduces",
    "datasets",
    "metrics",
    "repositories",
    "own_method",
    "results",
)
# Which predicted links each scored type looks at.
_RELATIONS: dict[str, frozenset[Relation]] = {
    "proposes": frozenset({Relation.PROPOSES}),
    "uses": frozenset({Relation.USES}),
    "methods": frozenset({Relation.PROPOSES, Relation.USES}),
    "evaluates_on": frozenset({Relation.EVALUATES_ON}),
    "introduces": frozenset({Relation.INTRODUCES}),
    "datasets": frozenset({Relation.EVALUATES_ON, Relation.INTRODUCES}),
    "metrics": frozenset({Relation.REPORTS}),
    "repositories": frozenset({Relation.HAS_CODE}),
}
_GOLD_LISTS = ("proposes", "uses", "evaluates_on", "introduces", "metrics")
_UNIONS = {"methods": ("proposes", "uses"), "datasets": ("evaluates_on", "introduces")}
_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")

Item = frozenset[str]  # the normalized alternatives of one gold entity


@dataclass(frozen=True)
class Score:
    """True/false positives and false negatives of one type; precision, recall, F1 and support follow."""

    true_positives: int = 0
    false_positives: int = 0
    false_negatives: int = 0

    def __add__(self, other: Score) -> Score:
        """Sum of counts (micro-averaging)."""
        return Score(
            self.true_positives + other.true_positives,
            self.false_positives + other.false_positives,
            self.false_negatives + other.false_negatives,
        )

    @property
    def precision(self) -> float:
        """Correct share of the (non-optional) predictions; 1.0 when nothing was predicted."""
        predicted = self.true_positives + self.false_positives
        return self.true_positives / predicted if predicted else 1.0

    @property
    def recall(self) -> float:
        """Found share of the required gold items; 1.0 when there were none."""
        return self.true_positives / self.support if self.support else 1.0

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall."""
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0

    @property
    def support(self) -> int:
        """Number of required gold items."""
        return self.true_positives + self.false_negatives


@dataclass(frozen=True)
class Prediction:
    """One predicted link, reduced to what scoring needs: its relation and its entity's spellings."""

    relation: Relation
    forms: tuple[str, ...]  # key first, then name and aliases
    values: tuple[str, ...] = ()  # REPORTS: the numbers stated for the metric


@dataclass(frozen=True)
class GoldPaper:
    """The gold items of one paper, by type: required and optional, each a set of normalized alternatives;
    `results` the (metric item, number) pairs the abstract states. A type the file does not annotate for
    the paper (gold written before metrics were) is not in `required` and is not scored."""

    title: str
    required: Mapping[str, tuple[Item, ...]]
    optional: Mapping[str, tuple[Item, ...]]
    results: tuple[tuple[Item, str], ...] | None = None


@dataclass(frozen=True)
class Evaluation(Mapping[str, Score]):
    """Scores per type (also readable as a mapping: `evaluation["uses"].f1`), plus the gold titles
    no prediction source had a paper for."""

    scores: dict[str, Score]
    missing_titles: tuple[str, ...] = field(default=())

    def __getitem__(self, type_name: str) -> Score:
        """The score of one type ("proposes", "uses", ...)."""
        return self.scores[type_name]

    def __iter__(self) -> Iterator[str]:
        """The scored types, in `TYPES` order."""
        return iter(self.scores)

    def __len__(self) -> int:
        """Number of scored types."""
        return len(self.scores)

    def as_dict(self) -> dict[str, object]:
        """JSON-ready form: per type precision/recall/F1/support and the raw counts."""
        return {
            "scores": {
                name: {
                    "precision": round(score.precision, 4),
                    "recall": round(score.recall, 4),
                    "f1": round(score.f1, 4),
                    "support": score.support,
                    "true_positives": score.true_positives,
                    "false_positives": score.false_positives,
                    "false_negatives": score.false_negatives,
                }
                for name, score in self.scores.items()
            },
            "missing_titles": list(self.missing_titles),
        }


def read_gold(path: str | Path) -> list[GoldPaper]:
    """Parse a gold file (docs/gold-format.md); KgError naming the file when it is not one."""
    source = Path(path)
    try:
        data = json.loads(source.read_text(encoding="utf-8"))
        return [_gold_paper(paper) for paper in data["papers"]]
    except FileNotFoundError:
        raise KgError(f"{source}: no such gold file") from None
    except (json.JSONDecodeError, UnicodeDecodeError, KeyError, TypeError, AttributeError) as error:
        raise KgError(f"{source}: not a kg gold file ({error}); see docs/gold-format.md") from None


def _gold_paper(paper: Mapping[str, object]) -> GoldPaper:
    """One gold paper with every alternative normalized for its type."""
    optional = paper.get("optional") or {}
    if not isinstance(optional, Mapping):
        raise TypeError("optional must be an object")
    annotated = [name for name in _GOLD_LISTS if name != "metrics" or "metrics" in paper]
    required = {name: _items(paper[name], name) for name in annotated}
    required["repositories"] = _items(paper["repositories"], "repositories")
    optional_items = {name: _items(optional.get(name, []), name) for name in annotated}
    optional_items["repositories"] = ()
    for union, parts in _UNIONS.items():
        required[union] = required[parts[0]] + required[parts[1]]
        optional_items[union] = optional_items[parts[0]] + optional_items[parts[1]]
    results = (
        _results(paper["results"], required["metrics"] + optional_items["metrics"]) if "metrics" in paper else None
    )
    return GoldPaper(str(paper["title"]), required, optional_items, results)


def _results(raw: object, metrics: tuple[Item, ...]) -> tuple[tuple[Item, str], ...]:
    """The gold results as (the metric item they name, their number); TypeError when one names no metric item."""
    if not isinstance(raw, list):
        raise TypeError("results must be a list")
    pairs = []
    for result in raw:
        metric = canonical_key(str(result["metric"]))
        item = next((item for item in metrics if metric in item), None)
        number = _number(str(result["value"]))
        if item is None or number is None:
            raise TypeError(f"result {result!r} names no metric of the paper or states no number")
        pairs.append((item, number))
    return tuple(pairs)


def _number(value: str) -> str | None:
    """The first number of a stated value, without sign or unit ("+1.2 dB" -> "1.2"): how values are compared."""
    match = _NUMBER.search(value)
    return match.group().replace(",", ".").rstrip("0").rstrip(".") if match else None


def _items(raw: object, type_name: str) -> tuple[Item, ...]:
    """Gold items (a string or a list of alternatives each) as sets of normalized alternatives."""
    if not isinstance(raw, list):
        raise TypeError(f"{type_name} must be a list")
    items = []
    for item in raw:
        alternatives = [item] if isinstance(item, str) else list(item)
        items.append(frozenset(_normalize(str(alternative), type_name) for alternative in alternatives))
    return tuple(items)


def _normalize(form: str, type_name: str) -> str:
    """How a spelling is compared: a normalized URL for repositories, else its canonical key."""
    return normalize_url(form) if type_name == "repositories" else canonical_key(form)


def score_predictions(predictions: Mapping[str, Sequence[Prediction]], gold: Iterable[GoldPaper]) -> Evaluation:
    """Score predictions (by paper title) against gold papers, per type (see the module docstring)."""
    totals = {name: Score() for name in TYPES}
    scored = {name for name in TYPES if name not in ("metrics", "results")}
    missing = []
    for paper in gold:
        if paper.title not in predictions:
            missing.append(paper.title)
        predicted = predictions.get(paper.title, ())
        for name in _RELATIONS:
            if name not in paper.required:
                continue
            forms = [
                {_normalize(form, name) for form in prediction.forms}
                for prediction in predicted
                if prediction.relation in _RELATIONS[name]
            ]
            totals[name] += _score_paper(forms, paper.required[name], paper.optional[name])
        totals["own_method"] += _own_method(predicted, paper.required["proposes"])
        if paper.results is not None:
            scored |= {"metrics", "results"}
            totals["results"] += _score_results(predicted, paper.results)
    return Evaluation({name: score for name, score in totals.items() if name in scored}, tuple(missing))


def _own_method(predicted: Sequence[Prediction], proposed: tuple[Item, ...]) -> Score:
    """One paper of the own-method measure: a hit when a PROPOSES link finds one of its named contributions.

    Papers without a named contribution do not count; the measure is the recall (hits / papers).
    """
    if not proposed:
        return Score()
    forms = [{canonical_key(form) for form in p.forms} for p in predicted if p.relation is Relation.PROPOSES]
    hit = any(forms_of & item for forms_of in forms for item in proposed)
    return Score(true_positives=int(hit), false_negatives=int(not hit))


def _score_results(predicted: Sequence[Prediction], gold: tuple[tuple[Item, str], ...]) -> Score:
    """Stated results of one paper: a gold (metric, number) is found when a REPORTS link to that metric states
    the number; a stated number that is no gold result of its metric is a false positive."""
    stated = {
        (frozenset(canonical_key(form) for form in prediction.forms), number)
        for prediction in predicted
        if prediction.relation is Relation.REPORTS
        for value in prediction.values
        if (number := _number(value)) is not None
    }
    found = sum(1 for item, number in set(gold) if any(forms & item and n == number for forms, n in stated))
    wrong = sum(1 for forms, n in stated if not any(forms & item and n == number for item, number in gold))
    return Score(found, wrong, len(set(gold)) - found)


def _score_paper(predicted: list[set[str]], required: tuple[Item, ...], optional: tuple[Item, ...]) -> Score:
    """Counts for one paper and type; several predictions of one item are one true positive."""
    found = sum(1 for item in required if any(forms & item for forms in predicted))
    wrong = sum(1 for forms in predicted if not any(forms & item for item in (*required, *optional)))
    return Score(found, wrong, len(required) - found)


def evaluate(graph: nx.MultiDiGraph, gold: Iterable[GoldPaper]) -> Evaluation:
    """Score a kg graph (as `kg.graph.read_graph` returns it) against gold papers."""
    predictions: dict[str, list[Prediction]] = {}
    for node, attributes in graph.nodes(data=True):
        if attributes.get("label") != Label.PAPER:
            continue
        links = predictions.setdefault(str(attributes.get("title", "")), [])
        for _, target, edge in graph.out_edges(node, data=True):
            target_attributes = graph.nodes[target]
            forms = (target_attributes["key"], target_attributes["name"], *target_attributes.get("aliases", ()))
            links.append(Prediction(Relation(edge["type"]), tuple(forms), tuple(edge.get("values") or ())))
    return score_predictions(predictions, gold)


def evaluate_analyses(analyses: Iterable[PaperAnalysis], gold: Iterable[GoldPaper]) -> Evaluation:
    """Score extraction results (before graph assembly) against gold papers."""
    predictions: dict[str, list[Prediction]] = {}
    for analysis in analyses:
        links = predictions.setdefault(analysis.paper.title, [])
        for link in analysis.links:
            forms = (link.target.key, link.target.name, *link.target.aliases)
            links.append(Prediction(link.relation, forms, tuple(result.value for result in link.results)))
    return score_predictions(predictions, gold)


def evaluate_files(graph_path: str | Path, gold_path: str | Path) -> Evaluation:
    """Read a graph.json and a gold file and score one against the other."""
    return evaluate(read_graph(graph_path), read_gold(gold_path))


def format_table(evaluation: Evaluation) -> str:
    """A plain-text table: one row per type with precision, recall, F1, support, TP, FP, FN."""
    lines = [f"{'type':<14}{'P':>7}{'R':>7}{'F1':>7}{'support':>9}{'TP':>5}{'FP':>5}{'FN':>5}"]
    for name, score in evaluation.scores.items():
        if name == "own_method":  # a hit rate: papers found / papers with a named contribution
            lines.append(
                f"{name:<14}{'':>7}{score.recall:>7.3f}{'':>7}{score.support:>9}{score.true_positives:>5}"
                f"{'':>5}{score.false_negatives:>5}"
            )
            continue
        lines.append(
            f"{name:<14}{score.precision:>7.3f}{score.recall:>7.3f}{score.f1:>7.3f}{score.support:>9}"
            f"{score.true_positives:>5}{score.false_positives:>5}{score.false_negatives:>5}"
        )
    lines += [f"no paper with title: {title}" for title in evaluation.missing_titles]
    return "\n".join(lines)
