"""Large kg graphs for fault tests, assembled by kg's own `build_graph` from synthetic analyses (no model needed).

Every label and relationship type occurs; papers of one topic get similar embeddings, so SIMILAR_TO
edges exist; the same arguments always give the same graph.
"""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import numpy as np

from kg.graph import build_graph, write_graph
from kg.records import Entity, Label, Link, Paper, PaperAnalysis, Relation, StatedResult

TOPICS = 25


def synthetic_analyses(count: int, first: int = 0, seed: int = 0) -> list[PaperAnalysis]:
    """Papers `first`..`first + count - 1`, each with concepts, methods, a dataset, often a repository, and an embedding."""
    rng = np.random.default_rng(seed)
    topics = np.random.default_rng(0).normal(size=(TOPICS, 384))
    analyses = []
    for number in range(first, first + count):
        topic = number % TOPICS
        paper = Paper(
            id=f"2504.{number:05d}",
            title=f"Paper {number} about topic {topic}",
            abstract=f"We study topic {topic}. Paper {number} proposes method {number % 60}.",
            urls=(f"https://arxiv.org/abs/2504.{number:05d}",),
            authors=(f"Author {number % 400}", f"Author {(number * 7) % 400}"),
            published="2025-04-22",
            categories=("cs.CL",),
            sources=(f"synthetic.jsonl:{number + 1}",),
        )
        concepts = sorted({topic, TOPICS + number % 40, TOPICS + 40 + (number * 3) % 35})
        links = [
            Link(
                Relation.MENTIONS, Entity(Label.CONCEPT, f"concept {key}", f"Concept {key}"), f"evidence {number}", 0.5
            )
            for key in concepts
        ]
        method = Entity(Label.METHOD, f"method {number % 60}", f"Method {number % 60}")
        links.append(Link(Relation.PROPOSES if number % 5 == 0 else Relation.USES, method, f"method sentence {number}"))
        dataset = Entity(Label.DATASET, f"dataset {number % 30}", f"Dataset {number % 30}")
        links.append(
            Link(Relation.INTRODUCES if number % 30 == 0 else Relation.EVALUATES_ON, dataset, f"data sentence {number}")
        )
        metric = Entity(Label.METRIC, f"metric {number % 8}", f"Metric {number % 8}")
        stated = (StatedResult(f"{number % 100}.5%", dataset.name),) if number % 2 else ()
        links.append(Link(Relation.REPORTS, metric, f"result sentence {number}", results=stated))
        if number % 3 == 0:
            url = f"https://github.com/lab{number % 50}/repo{number}"
            properties = (("url", url), ("host", "github.com"), ("owner", f"lab{number % 50}"))
            repository = Entity(Label.REPOSITORY, url, f"repo{number}", (), properties)
            links.append(Link(Relation.HAS_CODE, repository, f"code at {url}"))
        vector = topics[topic] + 0.5 * rng.normal(size=384)
        analyses.append(PaperAnalysis(paper, links, (vector / np.linalg.norm(vector)).astype(np.float32)))
    return analyses


def write_synthetic_graph(path: Path, count: int, first: int = 0, seed: int = 0) -> nx.MultiDiGraph:
    """Build the synthetic graph and write it as graph.json; return it."""
    graph = build_graph(synthetic_analyses(count, first, seed))
    write_graph(graph, path)
    return graph
