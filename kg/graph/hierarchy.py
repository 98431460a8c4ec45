"""BROADER: the concept hierarchy of a graph, from the shipped taxonomy and from the structure of phrases.

For every Concept node of the graph (SKOS broader: narrower -> broader):
- a shipped concept points to its taxonomy parents, and those to theirs, up to the areas; a
  parent no paper links to directly still becomes a node, so that the walk from it finds the
  papers below ("generative model" above "diffusion model");
- any other concept points to the phrase before "of/for/from/with/in/on" ("reinforcement
  learning for scheduling" -> "reinforcement learning"), else to the concept that phrase ends with
  ("latent diffusion model" -> "diffusion model", "multimodal large language model" -> "large
  language model"), else to the longest shipped concept it contains ("diffusion model
  training" -> "diffusion model"); a one-word target must be a shipped concept ("detection" alone
  is too vague to stand above "object detection" unless kg ships it).
Acronyms need no rule of their own: an acronym and its long form are one key already.
A sized or tuned model or dataset points to its family, a node of its own label ("Qwen2.5-VL-7B-Instruct"
-> "Qwen2.5-VL", "ImageNet-1K" -> "ImageNet"; kg.vocabulary.spelling.version_family), and a named method to
the shipped concepts of its family ("YOLOv8" -> object detection, "Qwen2.5-VL-7B" -> multimodal
large language model; kg/vocabulary/data/method_families.tsv), and a benchmark that serves one or two
tasks to them ("GSM8K" -> mathematical reasoning; kg/vocabulary/data/pwc_benchmarks.tsv): a paper
evaluated on GSM8K works on mathematical reasoning even when it never says so.
"""

from __future__ import annotations

import networkx as nx

from kg.graph.schema import node_id
from kg.records import Label, Relation
from kg.vocabulary.canonical import canonical_key
from kg.vocabulary.concept_index import normalized_words
from kg.vocabulary.lexicon import listed_names
from kg.vocabulary.spelling import version_family
from kg.vocabulary.taxonomy import Taxonomy

__all__ = ["add_hierarchy", "concept_attributes"]

_PREPOSITIONS = frozenset({"of", "for", "from", "with", "in", "on", "via", "under"})


def concept_attributes(taxonomy: Taxonomy, key: str) -> dict[str, object]:
    """The node attributes of a shipped concept (name, aliases, kind, acronym)."""
    concept = taxonomy.concepts[key]
    attributes: dict[str, object] = {
        "label": Label.CONCEPT.value,
        "key": key,
        "name": concept.name,
        "aliases": sorted(set(concept.aliases) - {concept.name}),
        "kind": concept.kind,
    }
    if concept.acronym:
        attributes["acronym"] = concept.acronym
    return attributes


def add_hierarchy(graph: nx.MultiDiGraph, taxonomy: Taxonomy) -> None:
    """Add BROADER edges (and the broader concepts they need as nodes) to `graph`, in place, deterministically."""
    present = sorted(data["key"] for _, data in graph.nodes(data=True) if data.get("label") == Label.CONCEPT)
    known = set(present)
    edges: set[tuple[str, str]] = set()
    pending = list(present)
    while pending:
        key = pending.pop()
        for parent in _parents(key, known, taxonomy):
            edges.add((key, parent))
            if parent not in known:
                known.add(parent)
                pending.append(parent)
    for key in sorted(known - set(present)):
        graph.add_node(node_id(Label.CONCEPT, key), **concept_attributes(taxonomy, key))
    for key in present:  # a shipped concept papers link to is named as kg ships it, with its kind and acronym
        if key in taxonomy:
            data = graph.nodes[node_id(Label.CONCEPT, key)]
            shipped = concept_attributes(taxonomy, key)
            data["aliases"] = sorted({*data["aliases"], data["name"], *shipped["aliases"]} - {shipped["name"]})  # type: ignore[misc]
            data.update({name: value for name, value in shipped.items() if name != "aliases"})
    relation = Relation.BROADER.value
    for narrower, broader in sorted(edges):
        graph.add_edge(node_id(Label.CONCEPT, narrower), node_id(Label.CONCEPT, broader), key=relation, type=relation)
    _add_version_families(graph)
    _add_shipped_families(graph, taxonomy)


def _add_version_families(graph: nx.MultiDiGraph) -> None:
    """BROADER from each sized or tuned Method/Dataset to its family node, which is added when no paper names it."""
    relation = Relation.BROADER.value
    variants = sorted(
        (str(node), data["label"], family)
        for node, data in graph.nodes(data=True)
        if data.get("label") in (Label.METHOD, Label.DATASET) and (family := version_family(data["name"]))
    )
    for node, label, family in variants:
        entry = listed_names(Label(label)).lookup(family)  # a listed family is named and keyed as kg lists it
        key, name = (entry.key, entry.name) if entry else (canonical_key(family), family)
        family_node = node_id(label, key)
        if family_node == node:
            continue
        if family_node not in graph:
            graph.add_node(family_node, label=label, key=key, name=name, aliases=[])
        graph.add_edge(node, family_node, key=relation, type=relation)


def _add_shipped_families(graph: nx.MultiDiGraph, taxonomy: Taxonomy) -> None:
    """BROADER from each named method to the shipped concepts of its family and from each benchmark to its
    tasks, those concepts and their chain up to the areas as nodes."""
    relation = Relation.BROADER.value
    entities = sorted(
        (str(node), data["name"], data["label"])
        for node, data in graph.nodes(data=True)
        if data.get("label") in (Label.METHOD, Label.DATASET)
    )
    for entity, name, label in entities:
        families = taxonomy.families(name) if label == Label.METHOD else taxonomy.benchmarked_tasks(name)
        for family in families:
            chain = [key for key in (family, *taxonomy.ancestors(family)) if node_id(Label.CONCEPT, key) not in graph]
            for key in chain:  # the concepts up to the areas that are not nodes yet, then their BROADER edges
                graph.add_node(node_id(Label.CONCEPT, key), **concept_attributes(taxonomy, key))
            for key in chain:
                for parent in taxonomy.concepts[key].broader:
                    graph.add_edge(
                        node_id(Label.CONCEPT, key), node_id(Label.CONCEPT, parent), key=relation, type=relation
                    )
            graph.add_edge(entity, node_id(Label.CONCEPT, family), key=relation, type=relation)


def _parents(key: str, known: set[str], taxonomy: Taxonomy) -> list[str]:
    """The concepts directly broader than `key` (see the module docstring)."""
    if key in taxonomy:
        return list(taxonomy.concepts[key].broader)
    words = key.split()

    def usable(candidate: str) -> bool:
        return candidate != key and (candidate in taxonomy or (" " in candidate and candidate in known))

    cut = next((position for position, word in enumerate(words) if position and word in _PREPOSITIONS), len(words))
    head = words[:cut]  # "X for Y" is a kind of X: what follows the preposition is never the broader concept
    if cut < len(words) and usable(" ".join(head)):
        return [" ".join(head)]
    for start in range(1, len(head)):
        suffix = " ".join(head[start:])
        if usable(suffix):
            return [suffix]
    contained = [
        occurrence.concept
        for occurrence in taxonomy.index.find(key, exact_case=False)
        if occurrence.concept != key
        and " ".join(normalized_words(occurrence.written)) != " ".join(normalized_words(key))
    ]
    return [max(contained, key=lambda concept: (len(concept.split()), concept))] if contained else []
