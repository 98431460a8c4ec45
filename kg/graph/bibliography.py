"""Authors and arXiv categories as nodes: `(:Author)-[:AUTHORED {position}]->(:Paper)` and
`(:Paper)-[:IN_CATEGORY {position}]->(:Category)`, from the papers' `authors` and `categories` fields.

Author names merge conservatively, since two people must never become one: the key is the name with
Unicode compatibility forms unified, case folded and spaces collapsed, nothing more ("J. Smith" and
"John Smith" stay two authors, as do "Müller" and "Muller"); the display name is the spelling seen
most often (kg.entity_merge's rule). Categories are keyed by their arXiv code and named from arXiv's
taxonomy (kg/vocabulary/data/arxiv_categories.tsv); codes of other schemes in `categories` (ACM's
"H.5.3", MSC's "68T07") stay on the Paper only. `position` counts from 1: the first author, the
primary category.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

import networkx as nx

from kg.entity_merge import EntitySightings
from kg.graph.schema import node_id
from kg.records import Entity, Label, Paper, Relation
from kg.vocabulary.taxonomy import arxiv_category_names

__all__ = ["add_authors_and_categories", "author_key"]


def author_key(name: str) -> str:
    """The key of an author's name: NFKC, case-folded, single spaces ("" for a name with no letters)."""
    key = " ".join(unicodedata.normalize("NFKC", name).casefold().split())
    return key if any(character.isalpha() for character in key) else ""


def add_authors_and_categories(graph: nx.MultiDiGraph, papers: Iterable[Paper]) -> None:
    """Add Author and Category nodes and the AUTHORED / IN_CATEGORY edges of `papers` to `graph`, in place."""
    names = arxiv_category_names()
    authors = EntitySightings()
    edges: list[tuple[str, str, Relation, int]] = []
    for paper in papers:
        paper_node = node_id(Label.PAPER, paper.id)
        keys = dict.fromkeys(key for key in map(author_key, paper.authors) if key)  # a name twice counts once
        for name in paper.authors:
            if author_key(name):
                authors.add(Entity(Label.AUTHOR, author_key(name), " ".join(name.split())))
        edges += [(node_id(Label.AUTHOR, key), paper_node, Relation.AUTHORED, rank) for rank, key in enumerate(keys, 1)]
        codes = dict.fromkeys(code for code in (code.strip() for code in paper.categories) if code in names)
        for rank, code in enumerate(codes, 1):
            category = node_id(Label.CATEGORY, code)
            if category not in graph:
                graph.add_node(category, label=Label.CATEGORY.value, key=code, name=names[code], aliases=[], code=code)
            edges.append((paper_node, category, Relation.IN_CATEGORY, rank))
    for author in authors:
        graph.add_node(
            node_id(Label.AUTHOR, author.key),
            label=Label.AUTHOR.value,
            key=author.key,
            name=author.name,
            aliases=list(author.aliases),
        )
    for source, target, relation, position in edges:
        graph.add_edge(source, target, key=relation.value, type=relation.value, position=position)
