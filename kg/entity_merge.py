"""One rule for merging every sighting of an entity into one Entity, the same for every label.

Extraction uses it to give each (label, key) one Entity across the corpus, and graph assembly to
make each one node: the name is the form seen most often, ties going to the alphabetically first
(so input order never matters); the aliases are every other name and alias seen, sorted; each
label-specific property takes its most frequent value by the same rule.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from kg.records import Entity, Label

__all__ = ["EntitySightings", "most_common"]


def most_common(counts: Counter[str]) -> str:
    """The most frequent value; ties go to the alphabetically first, so input order does not matter."""
    return min(counts, key=lambda value: (-counts[value], value))


@dataclass
class _Sightings:
    """Every form in which one (label, key) entity was seen."""

    names: Counter[str] = field(default_factory=Counter)
    aliases: set[str] = field(default_factory=set)
    properties: defaultdict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))


class EntitySightings:
    """Sightings of entities, by (label, key), merged on demand by the one rule of this module."""

    def __init__(self, entities: Iterable[Entity] = ()) -> None:
        """Start with the sightings `entities` (in any order: the result does not depend on it)."""
        self._seen: dict[tuple[Label, str], _Sightings] = {}
        for entity in entities:
            self.add(entity)

    def add(self, entity: Entity) -> None:
        """Record one sighting."""
        seen = self._seen.setdefault((entity.label, entity.key), _Sightings())
        seen.names[entity.name] += 1
        seen.aliases.update(entity.aliases)
        for name, value in entity.properties:
            seen.properties[name][value] += 1

    def merged(self, label: Label, key: str) -> Entity:
        """The one Entity of all sightings of (label, key); KeyError if it was never seen."""
        seen = self._seen[(label, key)]
        name = most_common(seen.names)
        aliases = sorted((seen.aliases | set(seen.names)) - {name})
        properties = tuple((prop, most_common(values)) for prop, values in sorted(seen.properties.items()))
        return Entity(label, key, name, tuple(aliases), properties)

    def __iter__(self) -> Iterator[Entity]:
        """Every merged entity, in the order first seen."""
        return (self.merged(label, key) for label, key in self._seen)
