"""The research concepts kg ships: areas, tasks, method families, domains, with aliases and broader concepts.

The tables in kg/vocabulary/data/, none compiled from the papers a build reads:
- `concepts.tsv`: kg's own list (areas, tasks, method families, application domains, studied
  properties), hand-compiled from the field's standard vocabulary; it wins where the others overlap;
- `pwc_tasks.tsv`: Papers with Code's tasks and their task hierarchy (CC BY-SA 4.0, see
  LICENSE.pwc), compiled by scripts/compile_taxonomy.py;
- `arxiv_areas.tsv`: which of kg's areas each arXiv category belongs to;
- `arxiv_categories.tsv`: the name of every arXiv category (for Category nodes);
- `method_families.tsv`: which shipped concepts a named method belongs to ("Qwen2.5-VL-7B" ->
  multimodal large language model, "YOLOv8" -> object detection), as name patterns;
- `pwc_benchmarks.tsv`: the tasks of benchmarks that serve one or two tasks ("GSM8K" ->
  mathematical reasoning), compiled by scripts/compile_taxonomy.py from Papers with Code's leaderboards;
- `area_senses.tsv`: what a bare task word means in one area ("classification" in computer vision is
  image classification), hand-compiled.
Each concept row is `name <TAB> kind <TAB> aliases (| separated) <TAB> broader names (| separated)`.
A concept's key is the canonical key of its name; a name the methods or datasets gazetteer lists
("TriviaQA" is a task to Papers with Code) is left out, it is an entity, not a concept.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from kg.errors import KgError
from kg.records import Entity, Label
from kg.vocabulary.canonical import canonical_key
from kg.vocabulary.concept_index import ConceptIndex
from kg.vocabulary.lexicon import LISTED_LABELS, listed_names
from kg.vocabulary.spelling import is_acronym, singular_acronym
from kg.vocabulary.tables import DATA_FOLDER, table_lines

__all__ = ["KINDS", "Taxonomy", "TaxonomyConcept", "arxiv_category_names", "load_taxonomy"]

KINDS = ("area", "task", "method", "domain", "property")
_TABLES = ("concepts.tsv", "pwc_tasks.tsv")  # in precedence order


@dataclass(frozen=True)
class TaxonomyConcept:
    """One shipped concept: canonical key, display name, kind, other spellings, acronym, broader concepts' keys."""

    key: str
    name: str
    kind: str
    aliases: tuple[str, ...]
    acronym: str | None
    broader: tuple[str, ...]


class Taxonomy:
    """The shipped concepts by key, an index of all their spellings, and arXiv's categories mapped to areas."""

    def __init__(
        self,
        concepts: dict[str, TaxonomyConcept],
        area_of_category: dict[str, str],
        method_families: Sequence[tuple[re.Pattern[str], tuple[str, ...]]] = (),
        benchmark_tasks: dict[str, tuple[str, ...]] | None = None,
        area_senses: dict[tuple[str, str], str] | None = None,
    ) -> None:
        """Hold `concepts` (key -> concept), `area_of_category` (arXiv code -> area key), method name patterns,
        the tasks of benchmarks (canonical key of the benchmark's name -> task keys) and the senses of bare
        task words ((area key, word key) -> concept key)."""
        self.concepts = concepts
        self.area_of_category = area_of_category
        self.method_families = tuple(method_families)
        self.benchmark_tasks = benchmark_tasks or {}
        self.area_senses = area_senses or {}
        self.index = ConceptIndex({key: (concept.name, *concept.aliases) for key, concept in concepts.items()})

    def __contains__(self, key: object) -> bool:
        """Whether `key` is a shipped concept."""
        return key in self.concepts

    def __iter__(self) -> Iterator[TaxonomyConcept]:
        """Every concept, in table order."""
        return iter(self.concepts.values())

    def concept_entity(self, key: str, aliases: tuple[str, ...] = ()) -> Entity:
        """The Concept entity of shipped concept `key`: named as kg ships it, with `aliases` as written in a paper."""
        return Entity(Label.CONCEPT, key, self.concepts[key].name, aliases)

    def ancestors(self, key: str) -> list[str]:
        """Every concept above `key` through broader links, nearest first (each once)."""
        seen: list[str] = []
        frontier = list(self.concepts[key].broader) if key in self.concepts else []
        while frontier:
            current = frontier.pop(0)
            if current not in seen:
                seen.append(current)
                frontier.extend(self.concepts[current].broader)
        return seen

    def families(self, method_name: str) -> tuple[str, ...]:
        """The shipped concepts a named method belongs to (the first pattern its whole name matches), or ()."""
        return next((wider for pattern, wider in self.method_families if pattern.fullmatch(method_name.strip())), ())

    def benchmarked_tasks(self, dataset_name: str) -> tuple[str, ...]:
        """The shipped tasks a named benchmark serves ("GSM8K" -> mathematical reasoning), or ()."""
        return self.benchmark_tasks.get(canonical_key(dataset_name), ())

    def sense_in_area(self, area: str, key: str) -> str | None:
        """The shipped concept the bare word `key` means in a paper of `area` ("classification" in computer
        vision: image classification), or None."""
        return self.area_senses.get((area, key))

    def areas(self, key: str) -> list[str]:
        """The areas at or above `key`."""
        return [other for other in (key, *self.ancestors(key)) if self.concepts.get(other, _NONE).kind == "area"]


_NONE = TaxonomyConcept("", "", "", (), None, ())


@functools.cache
def load_taxonomy() -> Taxonomy:
    """The shipped taxonomy, read once per process; KgError if a table is missing or malformed."""
    rows: dict[str, tuple[str, str, list[str], list[str]]] = {}
    owner: dict[str, str] = {}  # key of every name and alias -> the concept it spells (earlier tables win)
    for table in _TABLES:
        for number, line in table_lines(table):
            fields = line.split("\t")
            if len(fields) != 4 or fields[1] not in KINDS:
                raise KgError(f"{DATA_FOLDER}/{table}:{number}: expected name, kind, aliases, broader; reinstall kg")
            name, kind, aliases, broader = fields
            key = canonical_key(name)
            if key and key not in owner and not _is_listed_entity(name):
                rows[key] = (name, kind, _split(aliases), _split(broader))
                for spelling in (name, *rows[key][2]):
                    owner.setdefault(canonical_key(spelling), key)
    concepts = {}
    for key, (name, kind, spellings, wider) in rows.items():
        parents = tuple(
            dict.fromkeys(
                parent for parent in (owner.get(canonical_key(item)) for item in wider) if parent and parent != key
            )
        )
        acronym = next((alias for alias in spellings if is_acronym(singular_acronym(alias)) and len(alias) <= 10), None)
        concepts[key] = TaxonomyConcept(key, name, kind, tuple(spellings), acronym, parents)
    area_of_category = {}
    for _, line in table_lines("arxiv_areas.tsv"):
        code, area = line.split("\t")
        if canonical_key(area) in concepts:
            area_of_category[code] = canonical_key(area)
    families = []
    for number, line in table_lines("method_families.tsv"):
        pattern, _, family_names = line.partition("\t")
        keys = tuple(key for key in (owner.get(canonical_key(name)) for name in _split(family_names)) if key)
        try:
            families.append((re.compile(pattern, re.IGNORECASE), keys))
        except re.error:
            raise KgError(f"{DATA_FOLDER}/method_families.tsv:{number}: not a valid pattern; reinstall kg") from None
    concepts = _without_cycles(concepts)
    benchmark_tasks = {}
    for _, line in table_lines("pwc_benchmarks.tsv"):
        benchmark, _, task_names = line.partition("\t")
        tasks = (owner.get(canonical_key(name)) for name in _split(task_names))
        keys = tuple(dict.fromkeys(key for key in tasks if key in concepts))
        if keys:
            benchmark_tasks[canonical_key(benchmark)] = keys
    area_senses = {}
    for number, line in table_lines("area_senses.tsv"):
        fields = line.split("\t")
        area, word, sense = (canonical_key(field) for field in fields) if len(fields) == 3 else ("", "", "")
        if area not in concepts or owner.get(sense) not in concepts:
            raise KgError(f"{DATA_FOLDER}/area_senses.tsv:{number}: expected area, word, concept; reinstall kg")
        area_senses[(area, word)] = owner[sense]
    return Taxonomy(concepts, area_of_category, families, benchmark_tasks, area_senses)


@functools.cache
def arxiv_category_names() -> dict[str, str]:
    """arXiv's category codes and their names ("cs.CV" -> "Computer Vision and Pattern Recognition")."""
    names = {}
    for number, line in table_lines("arxiv_categories.tsv"):
        code, tab, name = line.partition("\t")
        if not tab:
            raise KgError(f"{DATA_FOLDER}/arxiv_categories.tsv:{number}: expected code, name; reinstall kg")
        names[code] = name
    return names


def _split(field: str) -> list[str]:
    """The |-separated items of a field, blanks dropped."""
    return [item.strip() for item in field.split("|") if item.strip()]


def _is_listed_entity(name: str) -> bool:
    """Whether a gazetteer lists `name` as a method or dataset."""
    return any(listed_names(label).lookup(name) is not None for label in LISTED_LABELS)


def _without_cycles(concepts: dict[str, TaxonomyConcept]) -> dict[str, TaxonomyConcept]:
    """`concepts` with every broader link that closes a cycle dropped (tables from different sources can disagree)."""
    kept: dict[str, list[str]] = {key: [] for key in concepts}

    def reaches(start: str, goal: str) -> bool:
        stack, seen = [start], set()
        while stack:
            node = stack.pop()
            if node == goal:
                return True
            if node not in seen:
                seen.add(node)
                stack.extend(kept[node])
        return False

    for key, concept in concepts.items():
        for parent in concept.broader:
            if not reaches(parent, key):
                kept[key].append(parent)
    return {
        key: TaxonomyConcept(key, concept.name, concept.kind, concept.aliases, concept.acronym, tuple(kept[key]))
        for key, concept in concepts.items()
    }
