"""Dataset-specific evidence: is a name a dataset the paper evaluates on, or one it releases?

- EVALUATES_ON: a name followed by a dataset noun ("the Mayo Clinic 2016 low-dose CT dataset",
  "HSI datasets"), after "on" in an evaluation sentence ("On TriviaQA, ...", "experiments on X"),
  or listed after "datasets such as".
- INTRODUCES: a name the paper presents as its own (see `kg.extract.entities.methods.is_own_name_context`)
  and describes with a dataset noun ("we introduce 3DBiCar, the first large-scale dataset ...",
  "a new data mix called Dolmino Mix 1124", titles such as "GraphFM: A Comprehensive Benchmark").
"""

from __future__ import annotations

import re

from lemminflect import getAllLemmas

from kg.extract.entities.methods import METHOD_HEADS, TASK_HEADS
from kg.extract.entities.names import STRONG_SHAPES, Mention, NameCandidate, Shape
from kg.records import Label
from kg.vocabulary.words import Span, word_after

__all__ = [
    "dataset_mention",
    "is_introduced_dataset",
    "DATASET_HEADS",
    "find_dataset_phrases",
    "is_dataset_context",
    "is_dataset_description",
    "title_describes_dataset",
]

DATASET_HEADS = frozenset(
    """dataset datasets benchmark benchmarks corpus corpora suite testbed leaderboard collection
    workload workloads environment environments mix""".split()
)
_OWN_DATASET_HEADS = frozenset({"dataset", "benchmark", "corpus", "suite", "testbed", "treebank", "collection"})
# "on 3072 MI250X GPUs": hardware a model runs on, not data it is evaluated on.
_HARDWARE_NOUNS = frozenset(
    "gpu gpus cpu cpus tpu tpus chip chips core cores node nodes device devices processor processors".split()
)
_HEAD_WORDS = "dataset|datasets|benchmark|benchmarks|corpus|corpora|suite|testbed|data\\s+mix"
_EVALUATION_ON = re.compile(
    r"""(?:^\W*|\b(?:evaluat\w*|experiments?|results?|test\w*|benchmark\w*|accuracy|performance|
    outperform\w*|improv\w*|achiev\w*|score\w*|trained|training|fine-?tuned|state-of-the-art|SOTA)\b[^.;]*?\s)
    (?:on|across|over)\s+(?:the\s+|both\s+)?(?:(?-i:[A-Z0-9])[\w.+-]*\s*,?\s+(?:and\s+|or\s+)?){0,8}$
""",
    re.IGNORECASE | re.VERBOSE,
)
_IMPROVE_ON = re.compile(r"\bimprov\w*\s+(?:up)?on\s+(?:the\s+)?$", re.IGNORECASE)
# "92.1% in Autosplice", "75.1 on MathVista": a result stated on a named dataset.
_RESULT_ON = re.compile(r"\d(?:\.\d+)?\s?(?:\\?%|dB)?\s+(?:on|in)\s+(?:the\s+)?$")
# Last words of a long form that say the acronym is a model or a task, not data ("Segment Anything Model").
_NOT_DATASET_HEADS = METHOD_HEADS | TASK_HEADS
_LISTED_AFTER = re.compile(
    rf"\b(?:{_HEAD_WORDS})\b(?:[^.;]{{0,30}}?\b(?:such\s+as|including|like|e\.g\.,?|namely)|(?<=s)\s*[:(])\W*(?:[\w.+-]+\W+){{0,8}}$",
    re.IGNORECASE,
)
_DESCRIBED_AFTER = re.compile(
    rf"^\s*(?:\([^)]*\))?\s*(?:,|--|-|:)?\s*(?:a|an|the)\s+(?:[\w&-]+,?\s+){{0,7}}?(?:{_HEAD_WORDS})\b", re.IGNORECASE
)
_DESCRIBED_BEFORE = re.compile(
    rf"\b(?:new|novel|our|first)\b[^.;]{{0,40}}\b(?:{_HEAD_WORDS})\s*(?:called|named|dubbed|termed|,|--|:)?\s*$",
    re.IGNORECASE,
)
# Words a dataset's name never spans: "X across standard benchmarks" names no "X across standard" benchmark.
_PHRASE_BREAKS = "on|the|of|from|in|at|with|for|to|by|and|across|over|under|between|among|via|through|against|than|into"
_PHRASE = re.compile(
    rf"\b(?:the|on|of|from)\s+((?:[A-Z0-9][\w'-]*\s+)(?:(?!(?:{_PHRASE_BREAKS})\s)[\w'-]+\s+){{0,5}}?)"
    rf"(?:{_HEAD_WORDS})\b"
)
_LIST_SEPARATOR = re.compile(r",\s*(?:and\s+|or\s+)?|\s+(?:and|or|&)\s+")
# Names that end like benchmarks do: "NExT-QA", "LiveBench", "GenEval", "Chatbot Arena".
_DATASET_NAME_ENDING = re.compile(r"(?:QA|Bench|Eval|Arena)(?:[-\s]?(?:\d+(?:\.\d+)?|v\d+|Hard|Pro|Lite))?\+?$")
_TITLE_DATASET = re.compile(rf"^\s*(?:a|an|the)?\s*(?:[\w&-]+\s+){{0,4}}?(?:{_HEAD_WORDS})\b", re.IGNORECASE)


def is_dataset_context(span: Span, needs_dataset_noun: bool = False) -> bool:
    """Whether the words around `span` treat it as a dataset or benchmark (see module docstring).

    With `needs_dataset_noun`, only a dataset noun right after the name counts ("the XYZ benchmark").
    """
    next_word = word_after(span.sentence[span.end :], past_punctuation=True)
    if next_word in DATASET_HEADS:
        return True
    if needs_dataset_noun or next_word in _HARDWARE_NOUNS | METHOD_HEADS:
        return False
    before = span.sentence[: span.start]
    if _IMPROVE_ON.search(before):  # "improve on ER": do better than a method
        return False
    return bool(_EVALUATION_ON.search(before) or _LISTED_AFTER.search(before))


def is_dataset_description(span: Span) -> bool:
    """Whether the paper describes `span`, its own contribution, as a dataset or benchmark
    ("X, the first ... dataset", "a new benchmark called X", "our X dataset")."""
    after = span.sentence[span.end :]
    if word_after(after, past_punctuation=True) in _OWN_DATASET_HEADS:
        return True
    return bool(_DESCRIBED_AFTER.match(after) or _DESCRIBED_BEFORE.search(span.sentence[: span.start]))


def find_dataset_phrases(sentence: str) -> list[Span]:
    """Capitalized names written as "the X dataset/benchmark" ("the Mayo Clinic 2016 low-dose CT dataset");
    "the X and Y datasets" gives X and Y."""
    spans = []
    for match in _PHRASE.finditer(sentence):
        start = match.start(1)
        for part in _LIST_SEPARATOR.split(match.group(1).rstrip()):
            offset = sentence.index(part, start)
            if _looks_like_a_name(part):
                spans.append(Span(offset, offset + len(part), sentence))
            start = offset + len(part)
    return spans


def _looks_like_a_name(part: str) -> bool:
    """A dataset name starts with a capital or digit and is not one plain word ("the Vietnamese dataset")."""
    if not any(char.isupper() for char in part) or not (part[0].isupper() or part[0].isdigit()):
        return False
    return " " in part or not part.isalpha() or not part[1:].islower() or not getAllLemmas(part.lower())


def title_describes_dataset(subtitle: str) -> bool:
    """Whether the text after a title's ":" calls the work a dataset/benchmark ("A Comprehensive Benchmark ...")."""
    return _TITLE_DATASET.match(subtitle) is not None


# --- deciding: is a paper's named entity a dataset? ----------------------------------------


def is_introduced_dataset(candidate: NameCandidate, title: str, title_key: str | None) -> bool:
    """Whether the paper presents its own contribution as a dataset or benchmark."""
    if candidate.key == title_key and ":" in title and title_describes_dataset(title.split(":", 1)[1]):
        return True
    if _DATASET_NAME_ENDING.search(candidate.name):
        return True
    return any(is_dataset_description(mention.span) for mention in candidate.mentions)


def dataset_mention(candidate: NameCandidate) -> Mention | None:
    """The mention showing the entity is an evaluation dataset, else None.

    Names ending like benchmarks do ("NExT-QA", "LiveBench", "GenEval") are datasets anyway.
    CamelCase/digit names only need a dataset context ("On TriviaQA, ..."), ALL-CAPS ones too unless the
    paper spells them out as a model or task; any name a stated result on it ("92.1% in Autosplice");
    other names need a dataset noun ("the XYZ benchmark", "the Mayo Clinic 2016 low-dose CT dataset");
    a name listed with a dataset ("X, Y and Z datasets") is one too; a variant of a listed method never is.
    """
    if candidate.listed_as is not None:
        return candidate.mentions[0] if candidate.listed_as is Label.DATASET else None
    if any(mention.variant_of_listed_method for mention in candidate.mentions):
        return None  # a version or variant of a listed method ("SAM 2", "Bi-Mamba") is a method
    acronym_context = not _spelled_out_as_no_dataset(candidate)
    for mention in candidate.mentions:
        if mention.dataset_phrase or any(
            _is_dataset_mention(member, acronym_context) for member in mention.listed_with()
        ):
            return mention
    return None


def _spelled_out_as_no_dataset(candidate: NameCandidate) -> bool:
    """Whether the paper spells the name out as a method, a task or a plain notion, not a dataset
    ("Segment Anything Model (SAM)", "randomized parameter-sharing (RPS)")."""
    for form in candidate.aliases:
        words = form.split()
        if len(words) > 1 and (words[-1].lower() in _NOT_DATASET_HEADS or not any(w[0].isupper() for w in words)):
            return True
    return False


def _is_dataset_mention(mention: Mention, acronym_context: bool = False) -> bool:
    """Whether this one mention reads as a dataset (see `dataset_mention`)."""
    if mention.listed_as is not None:
        return mention.listed_as is Label.DATASET
    if mention.shape in STRONG_SHAPES and _DATASET_NAME_ENDING.search(mention.surface):
        return True
    if mention.shape in STRONG_SHAPES and is_dataset_context(mention.span):
        return True
    if acronym_context and mention.shape is Shape.CAPS and is_dataset_context(mention.span):
        return True
    if mention.shape != Shape.PLAIN and _RESULT_ON.search(mention.span.sentence[: mention.span.start]):
        return True
    return mention.shape != Shape.PLAIN and is_dataset_context(mention.span, needs_dataset_noun=True)
