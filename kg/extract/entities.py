"""Named methods, datasets and code of one paper -> PROPOSES/USES/EVALUATES_ON/INTRODUCES/HAS_CODE links.

Three steps per paper (its `PaperText`: the title, then each abstract sentence):
1. find name mentions: acronym definitions, the shipped lexicons, "called X", "the X dataset",
   name-shaped words (CamelCase "GradSign", digits "Filter2Noise", "eff@k", ALL-CAPS "TS-DDR")
   and runs of capitalized words ("Sharpness Aware Minimization"); URLs are skipped;
2. resolve each mention to one entity key: lexicon entry, else the acronym's long form (this
   paper's definitions first, then the corpus-wide table), else the canonical form;
3. decide per entity from all its mentions: generic names (lexicon/generic.txt) are dropped; the
   paper's own names become PROPOSES (INTRODUCES when described as a dataset or benchmark);
   listed datasets and names in dataset contexts become EVALUATES_ON; listed methods,
   name-shaped words and names in method contexts become USES.
How much evidence a name needs depends on its shape: a lone capitalized word ("Greenformers")
only counts as the paper's own name; ALL-CAPS words and runs of capitalized words need a
method or dataset context; CamelCase, digits and symbols are names by themselves.
Each link keeps the sentence it came from as evidence.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from lemminflect import getAllLemmas

from kg.extract.acronyms import AcronymDefinition, AcronymTable
from kg.extract.canonical import canonical_key
from kg.extract.datasets import (
    find_dataset_phrases,
    is_dataset_context,
    is_dataset_description,
    title_describes_dataset,
)
from kg.extract.lexicon import LexiconEntry, load_lexicon
from kg.extract.methods import (
    is_described_as_method,
    is_measure_name,
    is_method_context,
    is_modifier,
    is_named_by_head,
    is_own_name_context,
    is_problem_or_quantity,
    is_task_name,
    naming_cue_ends,
    title_name,
)
from kg.extract.paper_text import PaperText
from kg.extract.repositories import repository_links, url_spans
from kg.extract.text import Span, word_spans
from kg.records import Entity, Label, Link, Relation

__all__ = ["extract_entities"]

# Shapes of a written name, from strongest evidence of being a name to none.
_CAMEL, _DIGIT, _SPECIAL, _CAPS, _CAPITALIZED, _PLAIN = "camel", "digit", "special", "caps", "capitalized", "plain"
_STRONG_SHAPES = frozenset({_CAMEL, _DIGIT, _SPECIAL})
# Word parts that never make a name: numbers, sizes, "3D", ordinals, "C1", roman numerals, units.
_NOT_NAME_PART = re.compile(
    r"""\d+(?:\.\d+)?[KMBTkmbt]?|\d+(?:st|nd|rd|th)|\d+D|[A-Za-z]\d{1,4}|[A-Z]|[IVX]+|
    \d+(?:\.\d+)?(?:x|X|ms|GB|MB|TB|dB|bit|bits)|dB|kHz|MHz|GHz|\d+[xX×]\d+""",
    re.VERBOSE,
)
_DESCRIPTIVE_SUFFIXES = frozenset(
    "based style like type inspired driven powered assisted guided aware free specific level wise scale "
    "generated".split()
)
_DATASET_NAME_ENDING = re.compile(r"(?:QA|Bench|Eval|Arena)(?:[-\s]?(?:\d+(?:\.\d+)?|v\d+|Hard|Pro|Lite))?\+?$")
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_TWO_NAMES_BY_DASH = re.compile(r"[A-Z][a-z]+ [A-Z][a-z]+")
_SIZE = re.compile(r"\d+(?:\.\d+)?[KMBTkmbt]")
_VERSION = re.compile(r"v?\d+(?:\.\d+)*(?:-[A-Z][a-z]+)?")
_VERSION_AFTER = re.compile(
    r"""(?:\ (\d+(?:\.\d+)*(?:-[A-Z][a-z]+)?)|-(\d+(?:\.\d+)*[a-z]?))
    (?:\ (?:Sonnet|Opus|Haiku|Pro|Flash|Ultra|Instruct|Chat|Turbo|Mini|Nano|Plus|Max|Lite)\b)?
    (?![\w%]|\.\d|\s*(?:times|x|%|percent))""",
    re.VERBOSE,
)
_CONNECTORS = frozenset({"of", "for", "with", "and", "after", "on", "in", "to", "the"})
_MATH_NEIGHBOURS = "^_{}\\$"
_LIST_GAP = re.compile(r"\s*(?:,|/|,?\s*(?:and|or))\s*")
_STANDS_ALONE = re.compile(r"^\s*(?:$|[,.;:(]|--|and\b|which\b|that\b|is\b|are\b)")
_BRACKETED_NAME = re.compile(r"<[A-Za-z][\w-]*>")
_PLURAL_ACRONYM = re.compile(r"(?:[A-Za-z0-9]+-)?[A-Za-z0-9]*[A-Z][A-Za-z0-9]*[A-Z]s")


@dataclass(eq=False)
class _Mention:
    """One place a name occurs: where, how it is written, and what found it."""

    span: Span
    surface: str
    shape: str
    lexicon: LexiconEntry | None = None
    lexicon_name: str | None = None  # "methods" or "datasets"
    definition: AcronymDefinition | None = None
    dataset_phrase: bool = False  # written as "the X dataset"
    variant_of_listed_method: bool = False  # a longer name ending with a listed one: "Bi-Mamba", "CSwin UNet"
    neighbours: list[_Mention] = field(default_factory=list)  # listed with it: "X, Y and Z"


@dataclass
class _Candidate:
    """One entity of a paper with all its mentions."""

    key: str
    name: str
    aliases: dict[str, None] = field(default_factory=dict)
    mentions: list[_Mention] = field(default_factory=list)
    lexicon_name: str | None = None


def extract_entities(text: PaperText, acronyms: AcronymTable) -> list[Link]:
    """PROPOSES/USES->Method, EVALUATES_ON/INTRODUCES->Dataset and HAS_CODE->Repository links of one paper.

    `acronyms` is the table of the whole build (`build_acronym_table`), so that a short form defined
    in another paper resolves to the same entity; the paper's own definitions take precedence.
    """
    local = AcronymTable(text.definitions)
    candidates: dict[str, _Candidate] = {}  # by key without spaces
    title_mention = _title_name_mention(text.title)
    title_key = _resolve(title_mention, local, acronyms)[0] if title_mention else None
    for index, sentence in enumerate(text.sentences):
        mentions = _find_mentions(sentence, local, in_title=index == 0)
        if index == 0 and title_mention and not any(_overlap(title_mention.span, other.span) for other in mentions):
            mentions.insert(0, title_mention)
        for mention in mentions:
            _add_mention(candidates, mention, local, acronyms)
    links = [link for candidate in candidates.values() if (link := _decide(candidate, text.title, title_key))]
    return links + repository_links(text)


# --- 1. finding mentions -------------------------------------------------------------------


def _find_mentions(sentence: str, local: AcronymTable, in_title: bool) -> list[_Mention]:
    """Non-overlapping name mentions of `sentence`, in order; earlier finders win, except that a longer
    run may replace names inside it when it is name-shaped ("CSwin UNet" over "UNet") or ends with
    them ("Structured Pruning Adapters" over "Adapter", but not "Transformer Encoders" over "Transformer")."""
    found = _definition_mentions(sentence, local) + _named_mentions(sentence)
    for lexicon_name in ("datasets", "methods"):
        for span, entry in load_lexicon(lexicon_name).find(sentence):
            found.append(_Mention(_with_version(span), span.text, _shape(span.text), entry, lexicon_name))
    if not in_title:
        found += [
            _Mention(span, span.text, _CAPITALIZED, dataset_phrase=True) for span in find_dataset_phrases(sentence)
        ]
    found += _shaped_mentions(sentence, in_title)
    urls = url_spans(sentence)
    chosen: list[_Mention] = []
    for mention in found:
        if any(mention.span.start < end and start < mention.span.end for start, end in urls):
            continue
        overlapping = [other for other in chosen if _overlap(mention.span, other.span)]
        if not overlapping:
            chosen.append(mention)
        elif all(_strictly_inside(other.span, mention.span) for other in overlapping) and (
            mention.shape in _STRONG_SHAPES | {_CAPS}
            or all(other.span.end == mention.span.end for other in overlapping)
        ):
            mention.variant_of_listed_method = any(other.lexicon_name == "methods" for other in overlapping)
            chosen = [other for other in chosen if other not in overlapping] + [mention]
    chosen.sort(key=lambda mention: mention.span.start)
    for first, second in zip(chosen, chosen[1:]):
        if _LIST_GAP.fullmatch(sentence[first.span.end : second.span.start]):
            first.neighbours.append(second)
            second.neighbours.append(first)
    return chosen


def _overlap(first: Span, second: Span) -> bool:
    """Whether two spans share a character."""
    return first.start < second.end and second.start < first.end


def _strictly_inside(inner: Span, outer: Span) -> bool:
    """Whether `inner` lies within `outer` and is shorter."""
    return outer.start <= inner.start and inner.end <= outer.end and inner.end - inner.start < outer.end - outer.start


def _definition_mentions(sentence: str, local: AcronymTable) -> list[_Mention]:
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
                mentions.append(_Mention(span, definition.long, _shape(definition.short), definition=definition))
                break
    return mentions


def _named_mentions(sentence: str) -> list[_Mention]:
    """Names right after "called/named/dubbed": "<projektor>", or the next word plus following capitalized words."""
    mentions = []
    words = word_spans(sentence)
    for cue_end in naming_cue_ends(sentence):
        bracketed = _BRACKETED_NAME.match(sentence, cue_end)
        if bracketed:
            span = Span(bracketed.start(), bracketed.end(), sentence)
            mentions.append(_Mention(span, span.text, _SPECIAL))
            continue
        index = next((index for index, word in enumerate(words) if word.start >= cue_end), None)
        if index is None or sentence[cue_end : words[index].start].strip():
            continue
        end = index
        while end + 1 < len(words) and words[end].joins(words[end + 1]):
            if _VERSION.fullmatch(words[end + 1].text):
                end += 1
                break
            if _shape(words[end + 1].text) == _PLAIN:
                break
            end += 1
        span = Span(words[index].start, words[end].end, sentence)
        if _shape(span.text) != _PLAIN:
            mentions.append(_Mention(span, span.text, _shape(span.text)))
    return mentions


def _shaped_mentions(sentence: str, in_title: bool) -> list[_Mention]:
    """Name-shaped word groups, extended by a version number or by further names and capitalized words.

    In titles, where every word is capitalized, only name-shaped words count.
    """
    groups = [group for group in _hyphen_groups(sentence) if not _in_math(group)]
    mentions: list[_Mention] = []
    index = 0
    while index < len(groups):
        shape = _shape(groups[index].text)
        if shape == _PLAIN or (shape == _CAPITALIZED and (in_title or _starts_clause(groups[index]))):
            index += 1
            continue
        end = index
        while end + 1 < len(groups) and groups[end].joins(groups[end + 1]) and sentence[groups[end].end] == " ":
            following = groups[end + 1]
            if _VERSION.fullmatch(following.text):
                end += 1
                break
            following_shape = _shape(following.text)
            if following_shape in {_PLAIN, _SPECIAL} or (in_title and following_shape == _CAPITALIZED):
                break
            end += 1
        run = _without_generic_ends(groups[index : end + 1])
        if run:
            span = Span(run[0].start, run[-1].end, sentence)
            mentions.append(_Mention(span, span.text, _shape(span.text) if len(run) == 1 else _run_shape(run)))
        index = end + 1
    return mentions


def _run_shape(run: list[Span]) -> str:
    """A run of several words is as strong as its strongest word, but never stronger than caps."""
    shapes = {_shape(group.text) for group in run}
    return next((shape for shape in (_CAMEL, _DIGIT, _CAPS) if shape in shapes), _CAPITALIZED)


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
    lowercase or number parts around a name or trailing sizes ("StyleGAN-based" -> "StyleGAN", "med-VLMs" -> "VLMs",
    "3-DoF" -> "DoF", "OPT-2.7B" -> "OPT", "ROAST's" -> "ROAST"); "--" between other words is a dash, not a joiner."""
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
    """Whether a hyphen part after a name is a description, not part of it: "-based", "-Like", "-2.7B"."""
    return part.islower() or part.lower() in _DESCRIPTIVE_SUFFIXES or _SIZE.fullmatch(part) is not None


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


@functools.lru_cache(maxsize=65536)
def _shape(text: str) -> str:
    """How name-like a written word group is: camel, digit, special, caps, capitalized or plain."""
    if ("@" in text or text.endswith("+") or text.startswith("<")) and any(char.isalpha() for char in text):
        return _SPECIAL
    parts = [part for part in re.split(r"[\s\-‐‑]+", text) if part]
    if not any(char.isalpha() for char in text) or all(_NOT_NAME_PART.fullmatch(part) for part in parts):
        return _PLAIN
    if any(re.search(r"[a-z][A-Z]", part) or re.fullmatch(r"[A-Z]{2,}[a-z]+[A-Za-z]*", part) for part in parts):
        return _CAMEL
    has_capital = any(char.isupper() for char in text)
    if (
        has_capital
        and any(char.isdigit() for char in text)
        and not all(_NOT_NAME_PART.fullmatch(part) or part.isalpha() for part in parts)
    ):
        return _DIGIT
    letters = [char for char in text if char.isalpha()]
    if len(letters) >= 2 and all(char.isupper() for char in letters):
        return _CAPS
    return _CAPITALIZED if text[0].isupper() else _PLAIN


# --- 2. resolving mentions to entities -------------------------------------------------------


def _add_mention(
    candidates: dict[str, _Candidate], mention: _Mention, local: AcronymTable, corpus: AcronymTable
) -> None:
    """Resolve `mention` and file it under its entity; keys equal up to spaces are one entity ("HAWQ-V2", "HAWQV2")."""
    key, name, forms, lexicon_name = _resolve(mention, local, corpus)
    candidate = candidates.setdefault(key.replace(" ", ""), _Candidate(key, name))
    candidate.aliases.update(dict.fromkeys(forms))
    candidate.mentions.append(mention)
    candidate.lexicon_name = candidate.lexicon_name or lexicon_name


def _resolve(mention: _Mention, local: AcronymTable, corpus: AcronymTable) -> tuple[str, str, list[str], str | None]:
    """(key, display name, surface forms, lexicon name or None) of the entity `mention` names.

    A listed name wins over the corpus acronym table (another paper's "PACS" is not this one's),
    but not over a definition in this paper that spells out something else.
    """
    written = mention.span.text if mention.lexicon is not None else mention.surface
    if mention.lexicon is not None and written != mention.surface:  # a listed name plus a version: "OLMo 2"
        return canonical_key(written), written, [written], None
    entry, lexicon_name = (mention.lexicon, mention.lexicon_name) if mention.lexicon else _lexicon_entry([written])
    definition = mention.definition or local.definition(written) or (None if entry else corpus.definition(written))
    if entry is not None and definition is not None and _lexicon_entry([definition.long])[0] is not entry:
        entry = None  # this paper's "Segment Any Crack (SAC)" is not the listed SAC (Soft Actor-Critic)
    forms = [written] + ([definition.short, definition.long] if definition else [])
    if entry is None:
        entry, lexicon_name = _lexicon_entry(forms)
    if entry is not None:
        return entry.key, entry.name, forms, lexicon_name
    if definition is not None:
        name = definition.long if len(definition.long.split()) == 1 else definition.short
        return canonical_key(definition.long), name, forms, None
    return canonical_key(written), written, forms, None


def _lexicon_entry(forms: list[str]) -> tuple[LexiconEntry | None, str | None]:
    """The first dataset or method lexicon entry one of `forms` is written like."""
    for lexicon_name in ("datasets", "methods"):
        for form in forms:
            entry = load_lexicon(lexicon_name).lookup(form)
            if entry is not None:
                return entry, lexicon_name
    return None, None


def _title_name_mention(title: str) -> _Mention | None:
    """The name before ":" in the title ("ReWOO: ...", "Cost-of-Pass: ..."); a plain word ("Beating:") is none."""
    name = title_name(title)
    if name is None:
        return None
    shape = _shape(name)
    if shape == _PLAIN or (shape == _CAPITALIZED and getAllLemmas(name.lower())):
        return None
    start = title.index(name)
    return _Mention(Span(start, start + len(name), title), name, shape)


# --- 3. deciding what each entity is ---------------------------------------------------------


def _decide(candidate: _Candidate, title: str, title_key: str | None) -> Link | None:
    """The link for one candidate entity, or None when it is generic or neither a method nor a dataset."""
    if _is_generic(candidate):
        return None
    own = _own_mention(candidate, title_key)
    if own is not None:
        if _described_as_dataset(candidate, title, title_key):
            return _link(Relation.INTRODUCES, Label.DATASET, candidate, own)
        return _link(Relation.PROPOSES, Label.METHOD, candidate, own)
    if _names_a_class_or_task(candidate):
        return None
    evidence = _dataset_mention(candidate)
    if evidence is not None:
        return _link(Relation.EVALUATES_ON, Label.DATASET, candidate, evidence)
    evidence = _method_mention(candidate)
    if evidence is not None:
        return _link(Relation.USES, Label.METHOD, candidate, evidence)
    return None


def _is_generic(candidate: _Candidate) -> bool:
    """Whether the entity is unlisted and one of its forms names a generic class, metric, unit or organisation."""
    generic = load_lexicon("generic")
    return candidate.lexicon_name is None and any(form in generic for form in [candidate.key, *candidate.aliases])


def _names_a_class_or_task(candidate: _Candidate) -> bool:
    """Whether an unlisted entity is a class of things ("LRMs": acronyms used in the plural), a task
    ("multimodal machine translation (MMT)") or a measure ("signal-to-noise ratio (SNR)"): none of
    them is one named method or dataset."""
    if candidate.lexicon_name is not None:
        return False
    plural = any(_PLURAL_ACRONYM.fullmatch(alias) for alias in candidate.aliases)
    measure = any(
        mention.definition is not None and is_measure_name(mention.definition.long) for mention in candidate.mentions
    )
    return plural or measure or _defined_as_task(candidate)


def _defined_as_task(candidate: _Candidate) -> bool:
    """Whether the entity's acronym spells out a task or field ("named entity recognition", "active learning")."""
    return any(
        mention.definition is not None and is_task_name(mention.definition.long) for mention in candidate.mentions
    )


def _own_mention(candidate: _Candidate, title_key: str | None) -> _Mention | None:
    """The mention showing the entity is the paper's own contribution, else None.

    Listed (well-known) names are never the paper's own; the title's name always is.
    """
    if candidate.lexicon_name is not None:
        return None
    if candidate.key == title_key:
        return candidate.mentions[0]
    own = [mention for mention in candidate.mentions if _is_own_mention(mention)]
    if _defined_as_task(candidate):  # "a new ... retrieval (PRVR) framework" is a framework for a task
        own = [mention for mention in own if is_described_as_method(mention.span)]
    return own[0] if own else None


def _is_own_mention(mention: _Mention) -> bool:
    """Whether this mention is introduced as the paper's own, as a name and not as a modifier.

    A lone capitalized word must be no English word and stand alone ("we introduce Greenformers, ..."),
    not modify a noun ("we describe how Bayesian optimization works"); no name may modify a listed method
    ("Cross-Shaped windows (CSwin) transformer") or another noun ("Universal Dependencies (UD) treebank").
    """
    if not is_own_name_context(mention.span):
        return False
    after = mention.span.sentence[mention.span.end :]
    lone_word = mention.shape == _CAPITALIZED and " " not in mention.surface
    if lone_word and (not _STANDS_ALONE.match(after) or getAllLemmas(mention.surface.lower())):
        return False
    following = load_lexicon("methods").find(after[:40])
    return not (following and following[0][0].start <= 1) and not is_modifier(mention.span)


def _described_as_dataset(candidate: _Candidate, title: str, title_key: str | None) -> bool:
    """Whether the paper presents its own contribution as a dataset or benchmark."""
    if candidate.key == title_key and ":" in title and title_describes_dataset(title.split(":", 1)[1]):
        return True
    if _DATASET_NAME_ENDING.search(candidate.name):
        return True
    return any(is_dataset_description(mention.span) for mention in candidate.mentions)


def _dataset_mention(candidate: _Candidate) -> _Mention | None:
    """The mention showing the entity is an evaluation dataset, else None.

    Names ending like benchmarks do ("NExT-QA", "LiveBench", "GenEval") are datasets anyway.
    CamelCase/digit names only need a dataset context ("On TriviaQA, ..."); other names need a
    dataset noun ("the XYZ benchmark", "the Mayo Clinic 2016 low-dose CT dataset"); a name listed
    with a dataset ("X, Y and Z datasets") is one too.
    """
    if candidate.lexicon_name is not None:
        return candidate.mentions[0] if candidate.lexicon_name == "datasets" else None
    for mention in candidate.mentions:
        if mention.dataset_phrase or any(_is_dataset_mention(member) for member in _list_of(mention)):
            return mention
    return None


def _is_dataset_mention(mention: _Mention) -> bool:
    """Whether this one mention reads as a dataset (see `_dataset_mention`)."""
    if mention.lexicon_name is not None:
        return mention.lexicon_name == "datasets"
    if mention.shape in _STRONG_SHAPES and _DATASET_NAME_ENDING.search(mention.surface):
        return True
    if mention.shape in _STRONG_SHAPES and is_dataset_context(mention.span):
        return True
    return mention.shape != _PLAIN and is_dataset_context(mention.span, needs_dataset_noun=True)


def _list_of(mention: _Mention) -> list[_Mention]:
    """The mention and everything listed with it ("BUSI, ChestXray2017, and Retinal OCT datasets")."""
    members = [mention]
    for member in members:
        members += [neighbour for neighbour in member.neighbours if neighbour not in members]
    return members


def _method_mention(candidate: _Candidate) -> _Mention | None:
    """The mention showing the entity is a named method, model or system, else None."""
    if candidate.lexicon_name is not None:
        return candidate.mentions[0] if candidate.lexicon_name == "methods" else None
    if any(is_problem_or_quantity(mention.span) for mention in candidate.mentions):
        return None
    for mention in candidate.mentions:
        if mention.shape in _STRONG_SHAPES or mention.variant_of_listed_method:
            return mention
        if mention.definition is not None and _title_case(mention.definition.long):
            return mention
    for mention in candidate.mentions:
        if any(_is_method_neighbour(other) for other in _list_of(mention) if other is not mention):
            return mention
        if mention.shape == _CAPITALIZED:
            if " " in mention.surface and is_named_by_head(mention.span):
                return mention
        elif is_method_context(mention.span):
            return mention
    return None


def _is_method_neighbour(mention: _Mention) -> bool:
    """Whether a mention listed next to another is itself clearly a method ("such as MAG, SNIP, ...")."""
    return mention.lexicon_name == "methods" or mention.shape in _STRONG_SHAPES


def _title_case(phrase: str) -> bool:
    """Whether `phrase` has several words, each content word capitalized ("Iterative Magnitude Pruning")."""
    words = [word for word in re.split(r"[\s\-]+", phrase) if word and word.lower() not in _CONNECTORS]
    several = len(phrase.split()) >= 2
    return several and all(word[0].isupper() or word[0].isdigit() for word in words)


def _link(relation: Relation, label: Label, candidate: _Candidate, mention: _Mention) -> Link:
    """A link to the candidate's entity, with the sentence of `mention` as evidence."""
    aliases = tuple(alias for alias in candidate.aliases if alias != candidate.name)
    return Link(relation, Entity(label, candidate.key, candidate.name, aliases), mention.span.sentence)
