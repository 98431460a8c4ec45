"""Plain data passed between kg's stages: sources -> extraction -> graph -> sinks."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np


class Label(StrEnum):
    """Node labels of the knowledge graph (also the Neo4j labels)."""

    PAPER = "Paper"
    CONCEPT = "Concept"
    METHOD = "Method"
    DATASET = "Dataset"
    REPOSITORY = "Repository"
    METRIC = "Metric"
    AUTHOR = "Author"
    CATEGORY = "Category"


class Relation(StrEnum):
    """Relationship types of the knowledge graph (also the Neo4j relationship types)."""

    MENTIONS = "MENTIONS"  # Paper -> Concept {score, evidence, rank}: the paper's top-N keyphrases
    ABOUT = "ABOUT"  # Paper -> Concept {score, evidence}: a concept the paper is substantially about
    PROPOSES = "PROPOSES"  # Paper -> Method {evidence}
    USES = "USES"  # Paper -> Method {evidence}
    EVALUATES_ON = "EVALUATES_ON"  # Paper -> Dataset {evidence}
    INTRODUCES = "INTRODUCES"  # Paper -> Dataset {evidence}
    HAS_CODE = "HAS_CODE"  # Paper -> Repository {evidence}
    REPORTS = "REPORTS"  # Paper -> Metric {evidence, value?, dataset?, values?, datasets?}
    SIMILAR_TO = "SIMILAR_TO"  # Paper -> Paper {score}
    RELATED_TO = "RELATED_TO"  # Concept -> Concept {weight}
    BROADER = "BROADER"  # narrower -> broader (SKOS): Concept -> Concept, a model -> its family or its concept
    AUTHORED = "AUTHORED"  # Author -> Paper {position}: 1 for the first author
    IN_CATEGORY = "IN_CATEGORY"  # Paper -> Category {position}: 1 for the primary category


@dataclass(frozen=True, slots=True)
class Paper:
    """One paper as read from a listing; `id` is the arXiv id (no version), a DOI or a title hash."""

    id: str
    title: str
    abstract: str
    urls: tuple[str, ...] = ()
    authors: tuple[str, ...] = ()
    published: str | None = None  # ISO date (YYYY-MM-DD) when known
    listed: str | None = None  # listing date as the listing states it, e.g. "Apr 22"
    categories: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()  # where it was read: "path:line" or "path#record"


@dataclass(frozen=True, slots=True)
class Entity:
    """A thing papers link to, identified by (label, key); `key` is the canonical form."""

    label: Label
    key: str
    name: str
    aliases: tuple[str, ...] = ()
    properties: tuple[tuple[str, str], ...] = ()  # label-specific, e.g. Repository url/host/owner


@dataclass(frozen=True, slots=True)
class StatedResult:
    """A number an abstract states for a metric, as written with its unit and direction ("+1.2 dB", "91.3%"),
    and the dataset the same sentence says it was measured on."""

    value: str
    dataset: str | None = None


@dataclass(frozen=True, slots=True)
class Link:
    """An edge from a paper to an entity, with the sentence it came from."""

    relation: Relation
    target: Entity
    evidence: str
    score: float | None = None
    rank: int | None = None  # MENTIONS: 1 for the paper's best keyphrase
    results: tuple[StatedResult, ...] = ()  # REPORTS: the numbers stated for the metric, in text order


@dataclass(slots=True)
class PaperAnalysis:
    """Everything extraction found for one paper; the input of graph assembly."""

    paper: Paper
    links: list[Link] = field(default_factory=list)
    embedding: np.ndarray | None = None  # float32 title+abstract embedding (384-d for MiniLM)
