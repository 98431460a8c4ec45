"""Finding name mentions in a sentence: what could name a method or a dataset.

A mention comes from one of several finders, earlier ones winning where they overlap: acronym
definitions of the paper ("long form (SHORT)"), "called/named/dubbed X", the shipped gazetteers
(`kg/vocabulary/data/`), "the X dataset" phrases, and name-shaped word groups (CamelCase
"GradSign", digits "Filter2Noise", symbols "eff@k", ALL-CAPS "TS-DDR", runs of capitalized words
"Sharpness Aware Minimization"); URLs are skipped. Each mention records its `Shape`: the evidence
of being a name that its spelling alone gives.
"""

from __future__ import annotations

import re

from lemminflect import getAllLemmas

from kg.extract.acronyms import AcronymTable
from kg.extract.entities.datasets import find_dataset_phrases
from kg.extract.entities.methods import naming_cue_ends, title_name
from kg.extract.entities.names import STRONG_SHAPES, Mention, Shape, shape_of
from kg.records import Label
from kg.urls import find_url_spans
from kg.vocabulary.lexicon import LISTED_LABELS, listed_names, load_lexicon
from kg.vocabulary.spelling import DESCRIPTIVE_SUFFIXES
from kg.vocabulary.words import Span, word_spans

__all__ = ["find_mentions", "overlaps", "title_name_mention"]

_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_TWO_NAMES_BY_DASH = re.compile(r"[A-Z][a-z]+ [A-Z][a-z]+")
_VERSION = re.compile(r"v?\d+(?:\.\d+)*(?:-[A-Z][a-z]+)?")
_VERSION_AFTER = re.compile(
    r"""(?:\ (\d+(?:\.\d+)*(?:-[A-Z][a-z]+)?)|-(\d+(?:\.\d+)*[a-z]?))?
    (?:[-\ ]\d+(?:\.\d+)?[BMK])?
    (?:\ (?:Sonnet|Opus|Haiku|Pro|Flash|Ultra|Instruct|Chat|Turbo|Mini|Nano|Plus|Max|Lite)\b)?
    (?![\w%]|\.\d|\s*(?:times|x|%|percent))""",
    re.VERBOSE,
)
_MATH_NEIGHBOURS = "^_{}\\$"
# Capitalized pronouns and possessives ("i.e. Our SuperCL", "Their Method") never begin a name.
_PRONOUNS = frozenset("our their this these those its we his her my your".split())
_LIST_GAP = re.compile(r"\s*(?:,|/|,?\s*(?:and|or))\s*")
_BRACKETED_NAME = re.compile(r"<[A-Za-z][\w-]*>")


def find_mentions(sentence: str, local: AcronymTable, in_title: bool) -> list[Mention]:
    """Non-overlapping name mentions of `sentence`, in order; earlier finders win, except that a longer
    run may replace names inside it when it is name-shaped ("CSwin UNet" over "UNet") or ends with
    them ("Structured Pruning Adapters" over "Adapter", but not "Transformer Encoders" over "Transformer")."""
    found = _definition_mentions(sentence, local) + _named_mentions(sentence)
    for label in LISTED_LABELS:
        for span, entry in listed_names(label).find(sentence):
            mention = Mention(_with_version(span), span.text, shape_of(span.text), entry, label)
            mention.variant_of_listed_method = label is Label.METHOD and mention.span != span  # "OPT-2.7B"
            found.append(mention)
    if not in_title:
        found += [
            Mention(span, span.text, Shape.CAPITALIZED, dataset_phrase=True) for span in find_dataset_phrases(sentence)
        ]
    found += _shaped_mentions(sentence, in_title)
    urls = find_url_spans(sentence)
    chosen: list[Mention] = []
    for mention in found:
        if any(mention.span.start < end and start < mention.span.end for start, end in urls):
            continue
        overlapping = [other for other in chosen if overlaps(mention.span, other.span)]
        if not overlapping:
            chosen.append(mention)
        elif all(_strictly_inside(other.span, mention.span) for other in overlapping) and (
            mention.shape in STRONG_SHAPES | {Shape.CAPS}
            or all(other.span.end == mention.span.end for other in overlapping)
        ):
            mention.variant_of_listed_method = any(other.listed_as is Label.METHOD for other in overlapping)
            chosen = [other for other in chosen if other not in overlapping] + [mention]
    chosen.sort(key=lambda mention: mention.span.start)
    for first, second in zip(chosen, chosen[1:]):
        if _LIST_GAP.fullmatch(sentence[first.span.end : second.span.start]):
            first.neighbours.append(second)
            second.neighbours.append(first)
    return chosen


def overlaps(first: Span, second: Span) -> bool:
    """Whether two spans share a character."""
    return first.start < second.end and second.start < first.end


def _strictly_inside(inner: Span, outer: Span) -> bool:
    """Whether `inner` lies within `outer` and is shorter."""
    return outer.start <= inner.start and inner.end <= outer.end and inner.end - inner.start < outer.end - outer.start


def _definition_mentions(sentence: str, local: AcronymTable) -> list[Mention]:
    """ "long form (SHORT)" and "SHORT (long form)" written in this sentence, one mention each."""
    mentions = []
    for definition in local:
        if definition.evidence != sentence:
            continue
        for pattern in (f"{definition.long} ({definition.short}", f"{definition.short} ({definition.long}"):
            start = sentence.find(pattern)
            if start >= 0:
                end = sentence.find(")", start + len(pattern) - 1) + 1
                span = Span(start, end, sentence)
                mentions.append(Mention(span, definition.long, shape_of(definition.short), definition=definition))
                break
    return mentions


def _named_mentions(sentence: str) -> list[Mention]:
    """Names right after "called/named/dubbed": "<projektor>", or the next word plus following capitalized words."""
    mentions = []
    words = word_spans(sentence)
    for cue_end in naming_cue_ends(sentence):
        bracketed = _BRACKETED_NAME.match(sentence, cue_end)
        if bracketed:
            span = Span(bracketed.start(), bracketed.end(), sentence)
            mentions.append(Mention(span, span.text, Shape.SPECIAL))
            continue
        index = next((index for index, word in enumerate(words) if word.start >= cue_end), None)
        if index is None or sentence[cue_end : words[index].start].strip():
            continue
        end = index
        while end + 1 < len(words) and words[end].joins(words[end + 1]):
            if _VERSION.fullmatch(words[end + 1].text):
                end += 1
                break
            if shape_of(words[end + 1].text) == Shape.PLAIN:
                break
            end += 1
        span = Span(words[index].start, words[end].end, sentence)
        if shape_of(span.text) != Shape.PLAIN:
            mentions.append(Mention(span, span.text, shape_of(span.text)))
    return mentions


def _shaped_mentions(sentence: str, in_title: bool) -> list[Mention]:
    """Name-shaped word groups, extended by a version number or by further names and capitalized words.

    In titles, where every word is capitalized, only name-shaped words count.
    """
    groups = [group for group in _hyphen_groups(sentence) if not _in_math(group)]
    mentions: list[Mention] = []
    index = 0
    while index < len(groups):
        shape = shape_of(groups[index].text)
        if shape == Shape.PLAIN or (
            shape == Shape.CAPITALIZED
            and (in_title or _starts_clause(groups[index]) or groups[index].text.lower() in _PRONOUNS)
        ):
            index += 1
            continue
        end = index
        while end + 1 < len(groups) and groups[end].joins(groups[end + 1]) and sentence[groups[end].end] == " ":
            following = groups[end + 1]
            if _VERSION.fullmatch(following.text):
                end += 1
                break
            following_shape = shape_of(following.text)
            if following_shape in {Shape.PLAIN, Shape.SPECIAL} or (in_title and following_shape == Shape.CAPITALIZED):
                break
            end += 1
        run = _without_generic_ends(groups[index : end + 1])
        if run:
            span = Span(run[0].start, run[-1].end, sentence)
            mentions.append(Mention(span, span.text, shape_of(span.text) if len(run) == 1 else _run_shape(run)))
        index = end + 1
    return mentions


def _run_shape(run: list[Span]) -> Shape:
    """A run of several words is as strong as its strongest word, but never stronger than caps."""
    shapes = {shape_of(group.text) for group in run}
    return next((shape for shape in (Shape.CAMEL, Shape.DIGIT, Shape.CAPS) if shape in shapes), Shape.CAPITALIZED)


def _without_generic_ends(run: list[Span]) -> list[Span]:
    """Drop generic words (units, hardware, organisations: "dB", "GPUs", "NVIDIA") from both ends of a run."""
    generic = load_lexicon("generic")
    start, end = 0, len(run)
    while start < end and run[start].text in generic:
        start += 1
    while end > start and run[end - 1].text in generic:
        end -= 1
    return run[start:end]


def _hyphen_groups(sentence: str) -> list[Span]:
    """Words joined by hyphens as one span ("Two-Stage", "GPT-4", "HAWQ-V2", "Rao--Blackwellization"), without
    lowercase or number parts around a name ("StyleGAN-based" -> "StyleGAN", "med-VLMs" -> "VLMs", "3-DoF" -> "DoF",
    "ROAST's" -> "ROAST"; a size stays: "OPT-2.7B"); "--" between other words is a dash, not a joiner."""
    groups: list[list[Span]] = []
    for word in word_spans(sentence):
        joiner = sentence[groups[-1][-1].end : word.start] if groups else ""
        if joiner in {"-", "‐", "‑"} or (
            joiner == "--" and _TWO_NAMES_BY_DASH.fullmatch(f"{groups[-1][-1].text} {word.text}")
        ):
            groups[-1].append(word)
        else:
            groups.append([word])
    spans = []
    for parts in groups:
        while (
            len(parts) > 1
            and (parts[0].text.islower() or _NUMBER.fullmatch(parts[0].text))
            and not parts[1].text.islower()
        ):
            parts = parts[1:]
        while len(parts) > 1 and not parts[0].text.islower() and _is_suffix_part(parts[-1].text):
            parts = parts[:-1]
        end = parts[-1].end - 2 if parts[-1].text.endswith(("'s", "’s")) else parts[-1].end
        spans.append(Span(parts[0].start, end, sentence))
    return spans


def _is_suffix_part(part: str) -> bool:
    """Whether a hyphen part after a name is a description, not part of it: "-based", "-Like" (a size such as
    "-2.7B" is part of the name: "OPT-2.7B" is a model of the OPT family, kg.graph.hierarchy)."""
    return part.islower() or part.lower() in DESCRIPTIVE_SUFFIXES


def _in_math(group: Span) -> bool:
    """Whether a word group touches math markup ("R^drightarrowR", "{\\Psi}")."""
    before = group.sentence[group.start - 1 : group.start]
    after = group.sentence[group.end : group.end + 1]
    return bool(before and before in _MATH_NEIGHBOURS) or bool(after and after in _MATH_NEIGHBOURS)


def _starts_clause(group: Span) -> bool:
    """Whether a word starts its sentence or clause (after ":", ";" or "--"), where any word is capitalized."""
    before = group.sentence[: group.start].rstrip().rstrip("\"'“‘(").rstrip()
    return before == "" or before.endswith((":", ";", "--"))


def _with_version(span: Span) -> Span:
    """A listed model name extended by a version written right after it ("OLMo 2", "ChatGPT-4o", "Claude 3.5")."""
    match = _VERSION_AFTER.match(span.sentence, span.end)
    return Span(span.start, match.end(), span.sentence) if match else span


def title_name_mention(title: str) -> Mention | None:
    """The name before ":" in the title ("ReWOO: ...", "Cost-of-Pass: ..."); a plain word ("Beating:") is none."""
    name = title_name(title)
    if name is None:
        return None
    shape = shape_of(name)
    if shape == Shape.PLAIN or (shape == Shape.CAPITALIZED and getAllLemmas(name.lower())):
        return None
    start = title.index(name)
    return Mention(Span(start, start + len(name), title), name, shape)
