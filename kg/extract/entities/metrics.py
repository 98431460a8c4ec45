"""Evaluation metrics of one paper and the numbers it states for them -> REPORTS links to Metric entities.

A metric is a name of the shipped list (kg/vocabulary/data/metrics.txt: PSNR, FID, mIoU, BLEU,
accuracy, latency, ...) or a name written with "@k" ("pass@1", "Recall@10"). Specific names
(an acronym such as "PSNR", a proper name such as "Chamfer distance") count wherever the abstract
uses them; common words ("accuracy", "latency", "precision") only where the sentence states a
number for them or frames them as a measure ("in terms of accuracy", "measured by latency").

A stated value is a number with a unit ("91.3%", "+1.2 dB", "2.62x", "4 to 8 times") or a
decimal ("an IoU of 0.952"). It belongs to the metric right after it ("89.00% accuracy", "0.66
dB PSNR") or else to the nearest metric before it in the same clause ("improves mIoU by 3.33%,
0.66%, and 0.98%"). Its direction is the sign as written, or "+"/"-" from the words around it
("improves ... by", "reduces ... by", "... higher"). Its dataset is a dataset of the paper named
in the same sentence: the only one, the one in the same place of a "respectively" list, or the
one right after the value ("on X", "in X").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.extract.entities.names import Shape, shape_of
from kg.extract.paper_text import PaperText
from kg.records import Entity, Label, Link, Relation, StatedResult
from kg.vocabulary.lexicon import Lexicon, LexiconEntry, load_lexicon
from kg.vocabulary.words import Span

__all__ = ["is_metric_name", "metric_links"]

# Listed spellings that are too ambiguous to count without a number or an evaluation cue.
_AMBIGUOUS = frozenset({"AP", "IS", "CD", "MAE", "SDR", "MOS", "Elo", "MSE", "EM", "ROC", "R2", "Pearson", "Spearman"})
_AT_K = re.compile(r"\b[A-Za-z][\w-]*@(?:\d+(?:\.\d+)?|[kKnN])\b")
_UNIT = (
    r"(?:\\?%|\s?percent\b|\s?dB\b|\s?[x×](?![\w])|\s?times\b|\s?ms\b|\s?(?:fps|FPS)\b|\s?(?:points?|pp|pts)\b|\s?mW\b)"
)
_NUMBER = r"[+\-−±]?\d+(?:[.,]\d+)?"
_VALUE = re.compile(
    rf"(?<![\w.@/-])(?:{_NUMBER}{_UNIT}?\s?(?:-|–|to)\s?{_NUMBER}{_UNIT}|{_NUMBER}{_UNIT}|[+\-−]?\d+\.\d+)(?![\w.]*\w)"
)
# "10% annotations", "28 users", "50% density": a number of something, not a stated result.
_COUNTED_NOUN = re.compile(
    r"\s(?!(?:on|in|of|for|and|or|with|at|to|than|by|over|across|under|vs|versus|while|when|compared|respectively|"
    r"higher|lower|better|worse|more|less|fewer|faster|slower|improvement|gain|increase|reduction|decrease|drop|"
    r"relative|absolute|average|overall|mean|top)\b)[a-z]+\b"
)
# Between a value and the metric it states: nothing, or "improvement in", "gain of", "reduction in" ...
_VALUE_THEN_METRIC = re.compile(
    r"\s*(?:(?:absolute\s+|relative\s+|average\s+)?(?:improvements?|gains?|increases?|reductions?|decreases?|drops?|"
    r"boosts?|higher|lower|better|more|less|fewer)\s+(?:in|of|on)?\s*(?:the\s+)?|of\s+(?:the\s+|its\s+)?)?"
)
# "in 65% to 72% of cases", "0.27% of the parameters": a share of things, not a result (unless a metric follows).
_SHARE_OF_THINGS = re.compile(r"\s+of\s+(?:the\s+|all\s+)?[a-z]+s\b")
# "by 3.33%, 0.66%, and": the "by" of a gain or a cut, also for the later values of a list.
_BY = re.compile(
    r"\bby\s+(?:about\s+|up\s+to\s+|over\s+|nearly\s+|an?\s+average\s+of\s+)?"
    r"(?:[+\-]?\d+(?:[.,]\d+)?\s?(?:\\?%|dB|x|×)?\s*(?:,\s*and|,|and)\s*)*$"
)
_LIST_GAP = re.compile(r"\s*(?:,|and|,\s*and)\s*")
_CLAUSE_BREAK = re.compile(r";|\bwhile\b|\bwhereas\b|\bbut\b")
_FRAMING = re.compile(
    r"\b(?:in\s+terms\s+of|measured\s+(?:by|in|with)|metrics?|we\s+report|reported|evaluated\s+(?:by|with|using)|"
    r"scores?|coefficients?|rates?\s+of|assess(?:es|ed|ing)?|estimat(?:e|es|ed|ing)\s+the|"
    r"test(?:s|ed|ing)?\s+(?:their|its|the)|impact\s+on)\b",
    re.IGNORECASE,
)
_NUMERIC_PRECISION_BEFORE = re.compile(
    r"(?:mixed|low|high|higher|lower|full|half|single|double|bit|numerical|arbitrary|reduced|floating[- ]point|"
    r"\d+-bit)[- ]$",
    re.IGNORECASE,
)
_NUMERIC_PRECISION_AFTER = re.compile(r"[- ](?:quantization|format|formats|arithmetic|floating|weights)\b")
_COMPARED = re.compile(
    r"\b(?:higher|lower|better|superior|improved|increased|reduced|competitive)\s+(?:[a-z-]+\s+)?$", re.I
)
_UP = re.compile(
    r"\b(?:improv\w*|increas\w*|gain\w*|boost\w*|rais\w*|higher|outperform\w*|surpass\w*|exceed\w*)\b", re.I
)
_DOWN = re.compile(r"\b(?:reduc\w*|decreas\w*|lower\w*|cut\w*|drop\w*|fewer|less|sav\w*)\b", re.IGNORECASE)
_UP_AFTER = re.compile(r"^\s*(?:higher|improvement|gain|increase|more|better|boost)\b", re.IGNORECASE)
_DOWN_AFTER = re.compile(r"^\s*(?:lower|reduction|decrease|drop|less|fewer)\b", re.IGNORECASE)
_ON_DATASET = re.compile(r"^\W{0,3}(?:\w+\W+){0,3}?(?:on|in|for)\s+(?:the\s+)?$", re.IGNORECASE)


@dataclass(frozen=True)
class _MetricMention:
    """One place a metric is named in a sentence."""

    span: Span
    entry: LexiconEntry | None  # None for an "@k" name
    specific: bool  # counts without a number or an evaluation cue

    @property
    def name(self) -> str:
        """The metric's display name: the listed name, or the "@k" name as written."""
        return self.entry.name if self.entry is not None else self.span.text


def _metric_lexicon() -> Lexicon:
    """The shipped metric list (kg/vocabulary/data/metrics.txt)."""
    return load_lexicon("metrics")


def is_metric_name(form: str) -> bool:
    """Whether `form` spells a listed metric or an "@k" metric (such a name is never a method or dataset)."""
    return form in _metric_lexicon() or bool(_AT_K.fullmatch(form))


def metric_links(text: PaperText, dataset_names: list[str]) -> list[Link]:
    """REPORTS links of one paper: each metric once, with the first sentence that counts as evidence and every
    number stated for it. `dataset_names` are the names and aliases of the paper's datasets."""
    found: dict[str, tuple[_MetricMention, list[StatedResult]]] = {}
    for sentence in text.sentences:
        mentions = _find_metric_mentions(sentence)
        if not mentions:
            continue
        values = _assign_values(sentence, mentions)
        datasets = _datasets_in(sentence, dataset_names)
        for mention in mentions:
            stated = values.get(mention.span.start, [])
            if not (
                mention.specific
                or stated
                or _FRAMING.search(sentence)
                or _COMPARED.search(sentence[max(0, mention.span.start - 30) : mention.span.start])
            ):
                continue
            key = mention.entry.key if mention.entry is not None else mention.span.text.lower()
            kept = found.setdefault(key, (mention, []))
            results = [
                StatedResult(value, _dataset_of(value_span, index, len(stated), datasets))
                for index, (value_span, value) in enumerate(stated)
            ]
            kept[1].extend(result for result in results if result not in kept[1])
    return [
        Link(
            Relation.REPORTS,
            Entity(Label.METRIC, key, mention.name, _aliases(mention)),
            mention.span.sentence,
            results=tuple(results),
        )
        for key, (mention, results) in found.items()
    ]


def _aliases(mention: _MetricMention) -> tuple[str, ...]:
    """The listed spellings of a metric other than its name (its acronym or long form, for matching and search)."""
    if mention.entry is None:
        return ()
    return tuple(spelling for spelling in mention.entry.spellings if spelling != mention.entry.name)


def _find_metric_mentions(sentence: str) -> list[_MetricMention]:
    """Listed metrics and "@k" metrics of a sentence, in order, without overlaps."""
    mentions = [
        _MetricMention(Span(match.start(), match.end(), sentence), None, True) for match in _AT_K.finditer(sentence)
    ]
    taken = [(mention.span.start, mention.span.end) for mention in mentions]
    for span, entry in _metric_lexicon().find(sentence):
        if any(span.start < end and start < span.end for start, end in taken) or _is_other_sense(span, entry):
            continue
        mentions.append(_MetricMention(span, entry, _is_specific(span.text, entry)))
    mentions.sort(key=lambda mention: mention.span.start)
    return mentions


def _is_other_sense(span: Span, entry: LexiconEntry) -> bool:
    """Whether a metric's word is used in another sense: numeric precision ("mixed-precision quantization",
    "kept at higher precision", "8-bit precision") or sensitivity as a property ("layer sensitivity")."""
    if entry.name == "precision":
        before = span.sentence[max(0, span.start - 20) : span.start]
        return bool(_NUMERIC_PRECISION_BEFORE.search(before) or _NUMERIC_PRECISION_AFTER.match(span.sentence, span.end))
    return span.text.lower() == "sensitivity" and not _VALUE.search(span.sentence)


def _is_specific(written: str, entry: LexiconEntry) -> bool:
    """Whether a metric name counts by itself: an acronym-like spelling or a proper name, not a common word."""
    if written in _AMBIGUOUS or entry.name in _AMBIGUOUS:
        return False
    if shape_of(written) in (Shape.CAPS, Shape.CAMEL, Shape.DIGIT, Shape.SPECIAL):
        return len(written) >= 3 or any(char.isdigit() for char in written)
    return entry.name[0].isupper()


def _assign_values(sentence: str, mentions: list[_MetricMention]) -> dict[int, list[tuple[Span, str]]]:
    """The values stated for each metric mention (by its start), in text order."""
    values = [
        Span(match.start(), match.end(), sentence)
        for match in _VALUE.finditer(sentence)
        if not (_COUNTED_NOUN.match(sentence, match.end()) or _SHARE_OF_THINGS.match(sentence, match.end()))
        or any(_states(sentence, match.end(), mention) for mention in mentions)
    ]
    owners: list[_MetricMention | None] = [None] * len(values)
    for index in range(len(values) - 1, -1, -1):  # right to left: "3.15%, 5.44%, 7.89% DSC" all belong to DSC
        value = values[index]
        right = next((mention for mention in mentions if mention.span.start >= value.end), None)
        if right is not None and _states(sentence, value.end, right):
            owners[index] = right
        else:
            owners[index] = _nearest_before(sentence, value, mentions)
            if owners[index] is None and index + 1 < len(values):  # a list ending with its metric
                if _LIST_GAP.fullmatch(sentence[value.end : values[index + 1].start]):
                    owners[index] = owners[index + 1]
    assigned: dict[int, list[tuple[Span, str]]] = {}
    for value, owner in zip(values, owners):
        if owner is not None:
            assigned.setdefault(owner.span.start, []).append((value, _with_direction(sentence, value)))
    return assigned


def _states(sentence: str, value_end: int, mention: _MetricMention) -> bool:
    """Whether the value ending at `value_end` states `mention` after it ("5% higher mIoU", "69% of the FLOPs")."""
    return (
        mention.span.start > value_end
        and _VALUE_THEN_METRIC.fullmatch(sentence, value_end, mention.span.start) is not None
    )


def _nearest_before(sentence: str, value: Span, mentions: list[_MetricMention]) -> _MetricMention | None:
    """The closest metric before `value` in the same clause and at most 15 words away."""
    for mention in reversed([m for m in mentions if m.span.end <= value.start]):
        between = sentence[mention.span.end : value.start]
        if _CLAUSE_BREAK.search(between) or len(between.split()) > 15:
            return None
        return mention
    return None


def _with_direction(sentence: str, value: Span) -> str:
    """The value as written ("\\%" as "%"), with "+" or "-" when the words around it say it is a gain or a cut."""
    written = value.text.replace("\\%", "%").replace("−", "-")
    if written[0] in "+-±":
        return written
    before = sentence[max(0, value.start - 80) : value.start]
    after = sentence[value.end :]
    clause = _CLAUSE_BREAK.split(before)[-1]
    by = _BY.search(before) is not None
    if _UP_AFTER.match(after) or (by and _UP.search(clause) and not _DOWN.search(clause)):
        return "+" + written
    if _DOWN_AFTER.match(after) or (by and _DOWN.search(clause)):
        return "-" + written
    return written


def _datasets_in(sentence: str, dataset_names: list[str]) -> list[tuple[int, str]]:
    """(position, name) of the paper's datasets named in `sentence`, in order, the longest name at a place."""
    found: dict[int, str] = {}
    for name in sorted(set(dataset_names), key=len, reverse=True):
        for match in re.finditer(rf"(?<![\w-]){re.escape(name)}(?![\w-])", sentence):
            if not any(start <= match.start() < start + len(other) for start, other in found.items()):
                found[match.start()] = name
    return sorted(found.items())


def _dataset_of(value: Span, index: int, count: int, datasets: list[tuple[int, str]]) -> str | None:
    """The dataset a value is measured on: right after it ("on X"), the only one, or its place in "respectively"."""
    for start, name in datasets:
        if start >= value.end and _ON_DATASET.match(value.sentence[value.end : start]):
            return name
    if len(datasets) == 1:
        return datasets[0][1]
    if count > 1 and len(datasets) == count and "respectively" in value.sentence:
        return datasets[index][1]
    return None
