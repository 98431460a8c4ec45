"""Method-specific evidence: does a sentence present a name as the paper's own method, or use it?

`extract_entities` finds name candidates; the functions here read the words around one:
- own contribution (PROPOSES, or INTRODUCES for datasets): the name before ":" in the title, or
  a name introduced by "we propose/introduce/present/develop/design X", "called/named/dubbed X",
  "we call X", "refer to ... as X", "our X", "X is proposed", "a novel <method noun> (X)";
- used method (USES): a name in a method context: next to a method noun ("the MorpMamba
  model", "technique ROAST", "X-based", "X-style"), or after "such as", "like", "compared to",
  "than", "outperforms", "using".
"""

from __future__ import annotations

import re

from lemminflect import getAllLemmas

from kg.extract.entities.names import STRONG_SHAPES, Mention, NameCandidate, Shape
from kg.records import Label
from kg.vocabulary.lexicon import listed_names
from kg.vocabulary.spelling import NAME_SUFFIXES, head_word, is_plural_acronym
from kg.vocabulary.words import Span, word_after

__all__ = [
    "method_mention",
    "names_a_class_or_task",
    "own_mention",
    "METHOD_HEADS",
    "TASK_HEADS",
    "follows_naming_cue",
    "naming_cue_ends",
    "is_described_as_method",
    "is_measure_name",
    "is_method_context",
    "is_named_by_head",
    "is_own_name_context",
    "is_modifier",
    "is_problem_or_quantity",
    "is_task_name",
    "title_name",
]

# Nouns that, next to a name, say it is a method/model/system ("the MorpMamba model", "technique ROAST").
METHOD_HEADS = frozenset(
    """method methods algorithm algorithms model models framework frameworks architecture architectures
    approach approaches technique techniques network networks baseline baselines system systems library
    libraries engine engines optimizer optimizers loss estimator estimators strategy strategies pipeline
    pipelines module modules scheme procedure toolkit tool tools solver compiler backbone backbones variant
    variants encoder encoders decoder decoders classifier classifiers detector generator metric agent agents
    paradigm policy planner prompting regularizer kernel kernels""".split()
)
# Nouns that, right after a name, say it is not a method: "the LTHD problem", "the Bellman equation".
_NOT_METHOD_HEADS = frozenset(
    """problem problems task tasks equation equations principle theorem law laws distribution distributions
    process processes setting settings scenario scenarios formula formulas score scores rate rates condition
    conditions constraint constraints bound bounds inequality hypothesis effect phenomenon regime index
    exponent exponents cancer disease patients hours dataset datasets benchmark benchmarks corpus""".split()
)
# Head nouns of tasks, fields and measures ("named entity recognition (NER)", "active learning (AL)",
# "signal-to-noise ratio (SNR)"): not methods.
TASK_HEADS = frozenset(
    """translation detection recognition extraction generalization generalisation correction classification
    segmentation generation understanding answering retrieval reasoning summarization summarisation parsing
    tracking captioning grounding forecasting prediction localization localisation reconstruction synthesis
    completion editing inpainting matching labeling labelling tagging analysis discovery planning navigation
    manipulation estimation identification verification
    learning intelligence design computing engineering vision processing mining science analytics
    sequencing imaging spectroscopy microscopy tomography perception
    disease disorder syndrome cancer""".split()
)
_MEASURE_HEADS = frozenset("ratio rate score error distance divergence precision recall accuracy coefficient".split())
_FUNCTION_WORDS = frozenset(
    """and or but nor to for with in on of by as at from into onto over via than that which who whose while where
    when whereas because so if then also can could may might will would shall should must is are was were be been
    has have had does do did not""".split()
)
_APPOSITIVE_METHOD = re.compile(
    rf"^\s*,\s*(?:a|an|the|our)\s+(?:[\w-]+\s+){{0,5}}?(?:{'|'.join(sorted(METHOD_HEADS))})\b", re.IGNORECASE
)
_NAME_SUFFIX = re.compile(rf"-(?:{'|'.join(NAME_SUFFIXES)})\b", re.IGNORECASE)
_AND_RELATED = re.compile(r"^\s+and\s+(?:related|other|similar)\s+(\w+)", re.IGNORECASE)
_BEFORE_USE = re.compile(
    r"""\b(?:such\s+as|like|including|e\.g\.,?|i\.e\.,?|namely|compared\s+(?:to|with)|than|versus|vs\.?|
    outperform(?:s|ing)?|surpass(?:es|ing)?|beat(?:s|ing)?|against|baselines?|using|uses?|via|
    adopt(?:s|ing)?|employ(?:s|ing)?|leverag(?:e|es|ing)|built\s+(?:on|upon)|based\s+on|on\s+top\s+of|
    fine-?tun(?:e|es|ed|ing))\W*(?:the\s+|a\s+|an\s+)?(?:[\w-]+\s+){0,2}$""",
    re.IGNORECASE | re.VERBOSE,
)
_EXAMPLE_CUE = re.compile(r"(?:such\s+as|like|including|e\.g\.|i\.e\.|namely)\b", re.IGNORECASE)
_OWN_CUE = re.compile(
    r"""\b(?:we|this\s+(?:paper|work|study|thesis|article|dissertation)|here\s+we|in\s+this\s+\w+,?\s*we)\s+
    (?:\w+\s+){0,2}?
    (?:propose|proposes|introduce|introduces|present|presents|develop|develops|design|designs|devise|devises|
    release|releases|build|builds|create|creates|construct|constructs|contribute|contributes|
    put\s+forward|call|term|name|dub|curate|curates|collect|collects)\b
    |\b(?:by\s+|while\s+)?(?:introducing|proposing|presenting|developing|designing|devising)\b""",
    re.IGNORECASE | re.VERBOSE,
)
_NAMING_WORDS = r"(?<![\w-])(?<!so-)(?:called|named|dubbed|termed|coined|(?i:we)\s+(?:call|name|term))\s*[:,]?\s*"
_NAMING_CUE = re.compile(_NAMING_WORDS + "$")
_NAMING_CUE_ANYWHERE = re.compile(_NAMING_WORDS)
_REFER_AS = re.compile(r"\b(?:we\s+refer\s+to|is\s+referred\s+to)\b.*\bas\s*$", re.IGNORECASE)
_OUR = re.compile(r"\bour\s+(?:(?!(?:to|on|of|in|for|with|and|at|by|from)\b)[\w-]+\s+){0,2}$", re.IGNORECASE)
_NOVEL_HEAD = re.compile(
    rf"\b(?:novel|new)\b[\w\s-]{{0,60}}?\b(?:{'|'.join(sorted(METHOD_HEADS))})\s*(?:\(|,|--|:)\s*$", re.IGNORECASE
)
_OTHERS = re.compile(
    r"\b(?:existing|previous|prior|standard|conventional|popular|well-known|recent|classic|original|so-called|state-of-the-art)\b",
    re.IGNORECASE,
)
_PASSIVE_OWN = re.compile(
    r"^\W*(?:\([^)]*\)\W*)?(?:is|are)\s+(?:first\s+)?(?:proposed|introduced|presented)\b", re.IGNORECASE
)
# Words after which a name no longer belongs to the "we propose ..." phrase (hyphenated words do not count).
_SCOPE_BREAK = re.compile(
    r"""[;:]|(?<![\w-])(?:to|using|with|for|via|by|on|in|that|which|where|while|based|from|through|against|than|but|
    between|among|across|over|under|compared|comparing|including|such|like|versus|vs|towards|into)(?![\w-])""",
    re.IGNORECASE | re.VERBOSE,
)
_TITLE_NAME = re.compile(r"^\s*([^\s:]+)\s*(?::|\s--?)\s+\S")
# Nouns saying a newly introduced thing is a task or problem, not a method ("we propose a new task, ...").
_NOT_OWN_HEADS = (
    r"task|tasks|problem|problems|setting|settings|scenario|scenarios|question|questions|challenge|phenomenon"
)
# ... or that what it presents is a study of other things ("we present an assessment of four TIGs: X, Y").
_STUDY_HEADS = r"assessment|evaluation|comparison|analysis|study|survey|review|benchmarking|investigation"
_NOT_OWN_BETWEEN = re.compile(rf"\b(?:{_NOT_OWN_HEADS}|{_STUDY_HEADS})\b", re.IGNORECASE)
_NOT_OWN_AFTER = re.compile(rf"^\s*(?:,\s*(?:a|an|the)\s+(?:[\w-]+\s+){{0,4}}?)?(?:{_NOT_OWN_HEADS})\b", re.IGNORECASE)
_CONNECTORS = frozenset({"of", "for", "with", "and", "after", "on", "in", "to", "the"})
_STANDS_ALONE = re.compile(r"^\s*(?:$|[,.;:(]|--|and\b|which\b|that\b|is\b|are\b)")
_PREVIOUS_WORD = re.compile(r"([A-Za-z]+)\s+(?:the\s+)?$")


def title_name(title: str) -> str | None:
    """The one word before ":" in titles such as "ReWOO: Decoupling ...", else None."""
    match = _TITLE_NAME.match(title)
    return match.group(1) if match else None


def follows_naming_cue(before: str) -> bool:
    """Whether text ending in `before` names what follows: "called X", "dubbed X", "we call X" (not "so-called")."""
    return _NAMING_CUE.search(before) is not None


def naming_cue_ends(sentence: str) -> list[int]:
    """Positions right after every "called", "named", "dubbed", "we call" ... in `sentence` (where a name follows)."""
    return [match.end() for match in _NAMING_CUE_ANYWHERE.finditer(sentence)]


def is_own_name_context(span: Span) -> bool:
    """Whether the sentence around `span` presents it as the paper's own contribution.

    True after "called/named X" (unless that thing is "existing"/"previous"...), after "our",
    before "is proposed", after "a novel <method noun> (", and after "we propose/introduce/..."
    when nothing between the verb and the name starts another phrase ("to", "using", "with", ...).
    False for components ("a TSDF-based system") and for tasks ("we introduce X, a new task").
    """
    before = span.sentence[: span.start]
    if _NOT_OWN_AFTER.match(span.sentence[span.end :]) or _NAME_SUFFIX.match(span.sentence[span.end :]):
        return False
    if follows_naming_cue(before) or _REFER_AS.search(before):
        return not _OTHERS.search(before[-60:])
    if _OUR.search(before) or _NOVEL_HEAD.search(before) or _PASSIVE_OWN.match(span.sentence[span.end :]):
        return True
    cues = list(_OWN_CUE.finditer(before))
    if not cues:
        return False
    between = before[cues[-1].end() :]
    return not (_SCOPE_BREAK.search(between) or _OTHERS.search(between) or _NOT_OWN_BETWEEN.search(between))


def is_named_by_head(span: Span) -> bool:
    """Whether a method noun stands next to `span`: "the X model", "technique X", "X-based", "X and related models"."""
    after = span.sentence[span.end :]
    if _NAME_SUFFIX.match(after):
        return True
    if word_after(after) in METHOD_HEADS:
        return True
    related = _AND_RELATED.match(after)
    if related and related.group(1).lower() in METHOD_HEADS:
        return True
    previous_word = _PREVIOUS_WORD.search(span.sentence[: span.start])
    return previous_word is not None and previous_word.group(1).lower() in METHOD_HEADS


def is_method_context(span: Span) -> bool:
    """Whether the words around `span` treat it as a method: a method noun next to it, or "such as" ... before."""
    return is_named_by_head(span) or _BEFORE_USE.search(span.sentence[: span.start]) is not None


def is_modifier(span: Span) -> bool:
    """Whether `span` modifies the lowercase noun right after it ("UD treebank", "CSwin transformer"),
    so it is part of a longer description rather than a name on its own; method nouns do not count."""
    next_word = re.match(r"\s+([a-z][a-z-]*)\b", span.sentence[span.end :])
    if next_word is None:
        return False
    word = next_word.group(1)
    if word in METHOD_HEADS or word in _FUNCTION_WORDS or word.split("-")[0] in _FUNCTION_WORDS:
        return False
    parts_of_speech = getAllLemmas(word)
    return not parts_of_speech or set(parts_of_speech) <= {"NOUN", "PROPN"}


def is_task_name(phrase: str) -> bool:
    """Whether `phrase` names a task or field ("multimodal machine translation", "Active Learning")."""
    return head_word(phrase) in TASK_HEADS


def is_measure_name(phrase: str) -> bool:
    """Whether `phrase` names a measure ("signal-to-noise ratio", "Operating-Point-Inconsistency-Score")."""
    return head_word(phrase) in _MEASURE_HEADS


def is_described_as_method(span: Span) -> bool:
    """Whether an appositive calls `span` a method: "X (ACRO), a new RAG paradigm", "X, an efficient framework"."""
    return _APPOSITIVE_METHOD.match(span.sentence[span.end :]) is not None


def is_problem_or_quantity(span: Span) -> bool:
    """Whether the noun right after `span` says it names a problem, law, quantity or dataset ("the LTHD problem")."""
    return word_after(span.sentence[span.end :]) in _NOT_METHOD_HEADS


# --- deciding: is a paper's named entity its own method, or one it uses? -------------------


def own_mention(candidate: NameCandidate, title_key: str | None) -> Mention | None:
    """The mention showing the entity is the paper's own contribution, else None.

    Listed (well-known) names are never the paper's own; the title's name always is.
    """
    if candidate.listed_as is not None:
        return None
    if candidate.key == title_key:
        return candidate.mentions[0]
    own = [mention for mention in candidate.mentions if _is_own_mention(mention)]
    if _defined_as_task(candidate):  # "a new ... retrieval (PRVR) framework" is a framework for a task
        own = [mention for mention in own if is_described_as_method(mention.span)]
    return own[0] if own else None


def _is_own_mention(mention: Mention) -> bool:
    """Whether this mention is introduced as the paper's own, as a name and not as a modifier.

    A lone capitalized word must be no English word and stand alone ("we introduce Greenformers, ..."),
    not modify a noun ("we describe how Bayesian optimization works"); no name may modify a listed method
    ("Cross-Shaped windows (CSwin) transformer") or another noun ("Universal Dependencies (UD) treebank").
    """
    if not is_own_name_context(mention.span):
        return False
    after = mention.span.sentence[mention.span.end :]
    lone_word = mention.shape == Shape.CAPITALIZED and " " not in mention.surface
    if lone_word and (not _STANDS_ALONE.match(after) or getAllLemmas(mention.surface.lower())):
        return False
    following = listed_names(Label.METHOD).find(after[:40])
    return not (following and following[0][0].start <= 1) and not is_modifier(mention.span)


def names_a_class_or_task(candidate: NameCandidate) -> bool:
    """Whether an unlisted entity is a class of things ("LRMs": acronyms used in the plural), a task
    ("multimodal machine translation (MMT)") or a measure ("signal-to-noise ratio (SNR)"): none of
    them is one named method or dataset."""
    if candidate.listed_as is not None:
        return False
    plural = any(is_plural_acronym(alias) for alias in candidate.aliases)
    measure = any(
        mention.definition is not None and is_measure_name(mention.definition.long) for mention in candidate.mentions
    )
    return plural or measure or _defined_as_task(candidate)


def _defined_as_task(candidate: NameCandidate) -> bool:
    """Whether the entity's acronym spells out a task or field ("named entity recognition", "active learning")."""
    return any(
        mention.definition is not None and is_task_name(mention.definition.long) for mention in candidate.mentions
    )


def method_mention(candidate: NameCandidate) -> Mention | None:
    """The mention showing the entity is a named method, model or system, else None."""
    if candidate.listed_as is not None:
        return candidate.mentions[0] if candidate.listed_as is Label.METHOD else None
    if any(is_problem_or_quantity(mention.span) for mention in candidate.mentions):
        return None
    described = _spelled_out_in_lowercase(candidate)
    for mention in candidate.mentions:
        if (mention.shape in STRONG_SHAPES and not described) or mention.variant_of_listed_method:
            return mention
        if mention.definition is not None and _title_case(mention.definition.long):
            return mention
    for mention in candidate.mentions:
        if any(_is_method_neighbour(other, described) for other in mention.listed_with() if other is not mention):
            return mention
        if mention.shape == Shape.CAPITALIZED:
            if " " in mention.surface and is_named_by_head(mention.span):
                return mention
        elif described:
            if _is_used_as_one_method(mention.span):
                return mention
        elif is_method_context(mention.span):
            return mention
    return None


def _spelled_out_in_lowercase(candidate: NameCandidate) -> bool:
    """Whether an acronym stands for a lowercase description ("degree of polarization (DoP)"): its letters'
    case then says nothing, and it names a notion unless the words around it treat it as one method."""
    return any(mention.definition is not None and mention.definition.long.islower() for mention in candidate.mentions)


def _is_used_as_one_method(span: Span) -> bool:
    """Whether a spelled-out notion is used as one method: a singular method noun next to it ("the PID
    method", not "PID methods"), a use cue ("using X", "outperforms X"), or an example of methods
    ("methods such as X", not "parameters such as X")."""
    word = word_after(span.sentence[span.end :])
    if word in METHOD_HEADS:
        return not (word.endswith("s") and word[:-1] in METHOD_HEADS)
    before = span.sentence[: span.start]
    cue = _BEFORE_USE.search(before)
    if cue is None:
        return False
    example = _EXAMPLE_CUE.match(cue.group())
    if example is None:
        return True
    previous = _PREVIOUS_WORD.search(before[: cue.start()] + " ")
    return previous is not None and previous.group(1).lower() in METHOD_HEADS


def _is_method_neighbour(mention: Mention, described: bool) -> bool:
    """Whether a mention listed next to another is itself clearly a method ("such as MAG, SNIP, ..."); next to
    a spelled-out notion only a listed method is ("DoP and AoP" are two quantities)."""
    return mention.listed_as is Label.METHOD or (mention.shape in STRONG_SHAPES and not described)


def _title_case(phrase: str) -> bool:
    """Whether `phrase` has several words, each content word capitalized ("Iterative Magnitude Pruning")."""
    words = [word for word in re.split(r"[\s\-]+", phrase) if word and word.lower() not in _CONNECTORS]
    several = len(phrase.split()) >= 2
    return several and all(word[0].isupper() or word[0].isdigit() for word in words)
