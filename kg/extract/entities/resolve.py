"""Named methods, datasets, metrics and code of one paper -> PROPOSES/USES/EVALUATES_ON/INTRODUCES/REPORTS/HAS_CODE.

Three steps per paper (its `PaperText`: the title, then each abstract sentence):
1. find name mentions (kg.extract.entities.mentions);
2. resolve each mention to one entity key (here): lexicon entry, else the acronym's long form
   (this paper's definitions first, then the corpus-wide table), else the canonical form;
3. decide per entity from all its mentions: generic names (kg/vocabulary/data/generic.txt) are dropped; the
   paper's own names become PROPOSES, or INTRODUCES when described as a dataset or benchmark
   (kg.extract.entities.methods, kg.extract.entities.datasets); listed datasets and names in dataset contexts become
   EVALUATES_ON (kg.extract.entities.datasets); listed methods, name-shaped words and names in method
   contexts become USES (kg.extract.entities.methods).
How much evidence a name needs depends on its shape: a lone capitalized word ("Greenformers")
only counts as the paper's own name; ALL-CAPS words and runs of capitalized words need a
method or dataset context; CamelCase, digits and symbols are names by themselves.
Each link keeps the sentence it came from as evidence.
"""

from __future__ import annotations

from kg.extract.acronyms import AcronymTable
from kg.extract.entities.datasets import dataset_mention, is_introduced_dataset
from kg.extract.entities.mentions import find_mentions, overlaps, title_name_mention
from kg.extract.entities.methods import method_mention, names_a_class_or_task, own_mention
from kg.extract.entities.metrics import is_metric_name, metric_links
from kg.extract.entities.names import Mention, NameCandidate
from kg.extract.entities.repositories import repository_links
from kg.extract.paper_text import PaperText
from kg.records import Entity, Label, Link, Relation
from kg.vocabulary.canonical import canonical_key
from kg.vocabulary.lexicon import LISTED_LABELS, LexiconEntry, listed_names, load_lexicon

__all__ = ["extract_entities"]


def extract_entities(text: PaperText, acronyms: AcronymTable) -> list[Link]:
    """PROPOSES/USES->Method, EVALUATES_ON/INTRODUCES->Dataset and HAS_CODE->Repository links of one paper.

    `acronyms` is the table of the whole build (`build_acronym_table`), so that a short form defined
    in another paper resolves to the same entity; the paper's own definitions take precedence.
    """
    local = AcronymTable(text.definitions)
    candidates: dict[str, NameCandidate] = {}  # by key without spaces
    title_mention = title_name_mention(text.title)
    title_key = _resolve(title_mention, local, acronyms)[0] if title_mention else None
    for index, sentence in enumerate(text.sentences):
        mentions = find_mentions(sentence, local, in_title=index == 0)
        if index == 0 and title_mention and not any(overlaps(title_mention.span, other.span) for other in mentions):
            mentions.insert(0, title_mention)
        for mention in mentions:
            _add_mention(candidates, mention, local, acronyms)
    links = [link for candidate in candidates.values() if (link := _decide(candidate, text.title, title_key))]
    datasets = [name for link in links if link.target.label is Label.DATASET for name in _names(link.target)]
    return links + repository_links(text) + metric_links(text, datasets)


def _names(entity: Entity) -> list[str]:
    """The name and aliases of an entity: how a sentence may spell it."""
    return [entity.name, *entity.aliases]


# --- resolving mentions to entities -------------------------------------------------------


def _add_mention(
    candidates: dict[str, NameCandidate], mention: Mention, local: AcronymTable, corpus: AcronymTable
) -> None:
    """Resolve `mention` and file it under its entity; keys equal up to spaces are one entity ("HAWQ-V2", "HAWQV2")."""
    key, name, forms, listed_as = _resolve(mention, local, corpus)
    candidate = candidates.setdefault(key.replace(" ", ""), NameCandidate(key, name))
    candidate.aliases.update(dict.fromkeys(forms))
    candidate.mentions.append(mention)
    candidate.listed_as = candidate.listed_as or listed_as


def _resolve(mention: Mention, local: AcronymTable, corpus: AcronymTable) -> tuple[str, str, list[str], Label | None]:
    """(key, display name, surface forms, listing label or None) of the entity `mention` names.

    A listed name wins over the corpus acronym table (another paper's "PACS" is not this one's),
    but not over a definition in this paper that spells out something else.
    """
    written = mention.span.text if mention.lexicon is not None else mention.surface
    if mention.lexicon is not None and written != mention.surface:  # a listed name plus a version: "OLMo 2"
        return canonical_key(written), written, [written], None
    entry, listed_as = (mention.lexicon, mention.listed_as) if mention.lexicon else _lexicon_entry([written])
    definition = mention.definition or local.definition(written) or (None if entry else corpus.definition(written))
    if entry is not None and definition is not None and _lexicon_entry([definition.long])[0] is not entry:
        entry = None  # this paper's "Segment Any Crack (SAC)" is not the listed SAC (Soft Actor-Critic)
    forms = [written] + ([definition.short, definition.long] if definition else [])
    if entry is None:
        entry, listed_as = _lexicon_entry(forms)
    if entry is not None:
        return entry.key, entry.name, forms, listed_as
    if definition is not None:
        name = definition.long if len(definition.long.split()) == 1 else definition.short
        return canonical_key(definition.long), name, forms, None
    return canonical_key(written), written, forms, None


def _lexicon_entry(forms: list[str]) -> tuple[LexiconEntry | None, Label | None]:
    """The first dataset or method lexicon entry one of `forms` is written like, and its label."""
    for label in LISTED_LABELS:
        for form in forms:
            entry = listed_names(label).lookup(form)
            if entry is not None:
                return entry, label
    return None, None


# --- deciding what each entity is --------------------------------------------------------


def _decide(candidate: NameCandidate, title: str, title_key: str | None) -> Link | None:
    """The link for one candidate entity, or None when it is generic or neither a method nor a dataset."""
    if _is_generic(candidate):
        return None
    own = own_mention(candidate, title_key)
    if own is not None:
        if is_introduced_dataset(candidate, title, title_key):
            return _link(Relation.INTRODUCES, Label.DATASET, candidate, own)
        return _link(Relation.PROPOSES, Label.METHOD, candidate, own)
    if _is_metric(candidate) or names_a_class_or_task(candidate):
        return None
    evidence = dataset_mention(candidate)
    if evidence is not None:
        return _link(Relation.EVALUATES_ON, Label.DATASET, candidate, evidence)
    evidence = method_mention(candidate)
    if evidence is not None:
        return _link(Relation.USES, Label.METHOD, candidate, evidence)
    return None


def _is_generic(candidate: NameCandidate) -> bool:
    """Whether the entity is unlisted and one of its forms names a generic class, a unit, an organisation or
    a listed metric (metrics are Metric nodes of their own: kg.extract.entities.metrics)."""
    generic = load_lexicon("generic")
    forms = (candidate.key, *candidate.aliases)
    return candidate.listed_as is None and any(
        form in generic or (is_metric_name(form) and "@" not in form) for form in forms
    )


def _is_metric(candidate: NameCandidate) -> bool:
    """Whether an unlisted entity that is not the paper's own is an "@k" metric ("pass@k"): a paper may
    propose a new one ("we propose eff@k"), so this is decided after its own contribution."""
    return candidate.listed_as is None and any(
        "@" in form and is_metric_name(form) for form in (candidate.key, *candidate.aliases)
    )


def _link(relation: Relation, label: Label, candidate: NameCandidate, mention: Mention) -> Link:
    """A link to the candidate's entity, with the sentence of `mention` as evidence."""
    aliases = tuple(alias for alias in candidate.aliases if alias != candidate.name)
    return Link(relation, Entity(label, candidate.key, candidate.name, aliases), mention.span.sentence)
