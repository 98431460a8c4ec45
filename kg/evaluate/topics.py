"""Which papers are about a topic: the graph walk every user can do, against keyword and embedding search.

The graph walk is the contract `papers_about` (cypher/papers_about.cypher) implements in Neo4j:
the entry nodes of a topic are the non-Paper nodes whose name, key, acronym or one of whose
aliases equals the topic after `normalize_topic`; the topic's papers are the papers linked, by
any relationship except SIMILAR_TO, to an entry node or to any node below one through BROADER
edges, at any depth. Keyword search takes the papers whose normalized title and abstract contain
the normalized topic; embedding search ranks papers by the cosine of their embedding to the
topic name's and is scored at the best cut-off per topic (an upper bound no real user gets).
Scores are macro-averaged over topics.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import networkx as nx
import numpy as np

from kg.errors import KgError
from kg.records import Label, Relation

__all__ = [
    "TopicGold",
    "TopicScores",
    "concept_sharing",
    "embedding_ranking_scores",
    "graph_topic_papers",
    "keyword_topic_papers",
    "normalize_topic",
    "read_topic_gold",
    "score_topics",
]

PUNCTUATION = "-_.,:;/\\()[]{}'\"!?+&*#@%^=<>|~`–—‘’“”"
"""The characters a topic comparison reads as spaces (cypher/papers_about.cypher lists the same)."""
_TO_SPACE = str.maketrans(dict.fromkeys(PUNCTUATION, " "))


def normalize_topic(text: str) -> str:
    """Lowercase, punctuation to spaces, a plural -s dropped per word ("Diffusion-Models" -> "diffusion model")."""
    words = text.lower().translate(_TO_SPACE).split()
    return " ".join(
        word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word for word in words
    )


@dataclass(frozen=True)
class TopicGold:
    """Hand labels: the topics, and for each paper id its split and the topics it is about."""

    topics: tuple[str, ...]
    split_of: Mapping[str, str]
    topics_of: Mapping[str, frozenset[str]]

    def papers(self, split: str | None = None) -> list[str]:
        """The labelled paper ids (of one split, or all), in file order."""
        return [paper for paper, part in self.split_of.items() if split is None or part == split]

    def positives(self, topic: str, papers: Iterable[str]) -> set[str]:
        """Which of `papers` are about `topic`."""
        return {paper for paper in papers if topic in self.topics_of[paper]}


def read_topic_gold(path: str | Path) -> TopicGold:
    """Read tests/data/topics/topic_gold.json (see its GUIDELINES.md); KgError naming the file if it is not one."""
    source = Path(path)
    try:
        data = json.loads(source.read_text(encoding="utf-8"))
        topics = tuple(data["topics"])
        papers = data["papers"]
        split_of = {paper["id"]: paper["split"] for paper in papers}
        topics_of = {paper["id"]: frozenset(paper["topics"]) for paper in papers}
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise KgError(f"{source}: not a topic gold file ({error}); see tests/data/topics/GUIDELINES.md") from None
    unknown = {topic for labels in topics_of.values() for topic in labels} - set(topics)
    if unknown:
        raise KgError(f"{source}: papers labelled with topics the file does not list: {', '.join(sorted(unknown))}")
    return TopicGold(topics, split_of, topics_of)


def graph_topic_papers(graph: nx.MultiDiGraph, topic: str) -> set[str]:
    """The keys of the papers the graph walk finds for `topic` (see the module docstring)."""
    wanted = normalize_topic(topic)
    entries = [
        node
        for node, data in graph.nodes(data=True)
        if data.get("label") != Label.PAPER
        and wanted in {normalize_topic(form) for form in _forms(data) if isinstance(form, str)}
    ]
    below = set(entries)
    frontier = list(entries)
    while frontier:
        node = frontier.pop()
        for narrower, _, kind in graph.in_edges(node, data="type"):
            if kind == Relation.BROADER and narrower not in below:
                below.add(narrower)
                frontier.append(narrower)
    return {
        graph.nodes[paper]["key"]
        for node in below
        for paper, _, kind in graph.in_edges(node, data="type")
        if kind != Relation.SIMILAR_TO and graph.nodes[paper].get("label") == Label.PAPER
    }


def _forms(data: Mapping[str, object]) -> list[object]:
    """A node's name, key, acronym and aliases: the spellings a topic name is compared with."""
    aliases = data.get("aliases") or []
    return [data.get("name"), data.get("key"), data.get("acronym"), *(aliases if isinstance(aliases, list) else [])]


def keyword_topic_papers(texts: Mapping[str, str], topic: str) -> set[str]:
    """The papers (id -> title and abstract) whose normalized text contains the normalized topic as whole words."""
    wanted = f" {normalize_topic(topic)} "
    return {paper for paper, text in texts.items() if wanted in f" {normalize_topic(text)} "}


@dataclass(frozen=True)
class TopicScores:
    """Macro precision, recall and F1 over topics, and per topic (P, R, F1, support)."""

    precision: float
    recall: float
    f1: float
    per_topic: Mapping[str, tuple[float, float, float, int]]


def score_topics(
    found: Mapping[str, set[str]], gold: TopicGold, papers: Sequence[str], min_support: int
) -> TopicScores:
    """Macro P/R/F1 of `found` (topic -> paper ids) against the gold labels of `papers`.

    Topics with fewer than `min_support` positive papers among `papers` are left out (too few to score).
    """
    per_topic: dict[str, tuple[float, float, float, int]] = {}
    universe = set(papers)
    for topic in gold.topics:
        positives = gold.positives(topic, papers)
        if len(positives) < min_support:
            continue
        predicted = found.get(topic, set()) & universe
        correct = len(predicted & positives)
        precision = correct / len(predicted) if predicted else 0.0
        recall = correct / len(positives)
        f1 = 2 * precision * recall / (precision + recall) if correct else 0.0
        per_topic[topic] = (precision, recall, f1, len(positives))
    if not per_topic:
        return TopicScores(0.0, 0.0, 0.0, {})
    count = len(per_topic)
    return TopicScores(
        sum(value[0] for value in per_topic.values()) / count,
        sum(value[1] for value in per_topic.values()) / count,
        sum(value[2] for value in per_topic.values()) / count,
        per_topic,
    )


def embedding_ranking_scores(
    paper_vectors: Mapping[str, np.ndarray],
    topic_vectors: Mapping[str, np.ndarray],
    gold: TopicGold,
    papers: Sequence[str],
    min_support: int,
) -> TopicScores:
    """Scores of ranking `papers` by cosine to each topic name, cut at the best place per topic (an oracle)."""
    found: dict[str, set[str]] = {}
    for topic, topic_vector in topic_vectors.items():
        positives = gold.positives(topic, papers)
        ranked = sorted(papers, key=lambda paper: -float(np.dot(paper_vectors[paper], topic_vector)))
        best, best_f1, correct = 0, -1.0, 0
        for rank, paper in enumerate(ranked, start=1):
            correct += paper in positives
            f1 = 2 * correct / (rank + len(positives)) if positives else 0.0
            if f1 > best_f1:
                best, best_f1 = rank, f1
        found[topic] = set(ranked[:best])
    return score_topics(found, gold, papers, min_support)


def concept_sharing(graph: nx.MultiDiGraph) -> tuple[int, int, int, int]:
    """(Concept nodes, those linked to two or more papers, papers, papers sharing no node with another paper).

    Links are every relationship from a paper except SIMILAR_TO; a node shared with another paper
    through BROADER does not count, only a node both link to.
    """
    papers_of: dict[str, set[str]] = {}
    for paper, node, kind in graph.edges(data="type"):
        if kind != Relation.SIMILAR_TO and graph.nodes[paper].get("label") == Label.PAPER:
            papers_of.setdefault(node, set()).add(paper)
    concepts = [node for node, label in graph.nodes(data="label") if label == Label.CONCEPT]
    shared_concepts = sum(1 for node in concepts if len(papers_of.get(node, ())) >= 2)
    all_papers = [node for node, label in graph.nodes(data="label") if label == Label.PAPER]
    sharing = {paper for members in papers_of.values() if len(members) >= 2 for paper in members}
    return len(concepts), shared_concepts, len(all_papers), len(all_papers) - len(sharing)
