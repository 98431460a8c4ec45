"""Acronym definitions ("Parameter-Efficient Fine-Tuning (PEFT)") and a corpus-wide acronym table.

Definitions are found with the Schwartz–Hearst (2003) matcher: for "long form (SHORT)" the
characters of SHORT are matched right to left against the words before the parenthesis, the
first character at the start of a word, and the shortest such long form wins; "SHORT (long
form)" is recognised the same way with the roles swapped. The table merges the definitions of
all papers of a build so that "PEFT" in one paper resolves to the long form defined in another.
When papers define the same short form differently, the long form defined most often wins, ties
going to the one seen first (deterministic in input order).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from kg.vocabulary.canonical import canonical_key
from kg.vocabulary.spelling import is_acronym

__all__ = [
    "AcronymDefinition",
    "AcronymTable",
    "find_acronym_definitions",
    "find_title_definition",
]

_PARENTHESIS = re.compile(r"\(([^()]{1,200})\)")
_CLAUSE_BREAK = re.compile(r"[,;]\s|\s(?:or|i\.e\.|e\.g\.)\s")
# Where a long form cannot reach back across: other brackets, clause punctuation, LaTeX braces.
_LONG_FORM_FENCE = re.compile(r"""[()\[\]{}:;,."“”]|\s--?\s|\\[a-z]+""")
_WORD = re.compile(r"[^\s\-/]+")
_MAX_SHORT_CHARS = 16
_TITLE_ACRONYM = re.compile(r"^\s*([^\s:]+)\s*:\s+(.+)$")
# Function words an acronym usually skips ("Mixture of Experts" -> MoE counts M and E only).
_SKIPPED_IN_INITIALS = frozenset({"of", "the", "and", "for", "with", "in", "on", "to", "a", "an", "by", "after", "via"})


@dataclass(frozen=True)
class AcronymDefinition:
    """One definition as written: `short` ("LLMs"), `long` ("Large Language Models") and its sentence."""

    short: str
    long: str
    evidence: str


def find_acronym_definitions(sentences: Iterable[str]) -> list[AcronymDefinition]:
    """All acronym definitions in `sentences`, in order of appearance, each with its sentence as evidence."""
    definitions: list[AcronymDefinition] = []
    for sentence in sentences:
        for match in _PARENTHESIS.finditer(sentence):
            inside = _CLAUSE_BREAK.split(match.group(1), maxsplit=1)[0].strip()
            before = _LONG_FORM_FENCE.split(sentence[: match.start()])[-1]
            definition = _long_form_first(before, inside) or _short_form_first(before, inside)
            if definition is not None:
                definitions.append(AcronymDefinition(definition[0], definition[1], sentence))
    return definitions


def _long_form_first(before: str, inside: str) -> tuple[str, str] | None:
    """("SHORT", "long form") for "... long form (SHORT)", else None."""
    if not _looks_like_short_form(inside):
        return None
    long_form = _match_long_form(inside, before)
    return (inside, long_form) if long_form else None


def _short_form_first(before: str, inside: str) -> tuple[str, str] | None:
    """("SHORT", "long form") for "SHORT (long form)", else None."""
    words = before.split()
    if not words or len(_WORD.findall(inside)) < 2 or "://" in inside:
        return None
    short = words[-1]
    if not _looks_like_short_form(short):
        return None
    long_form = _match_long_form(short, inside)
    return (short, long_form) if long_form == inside.strip() else None


def _looks_like_short_form(candidate: str) -> bool:
    """At most two words, 2–16 characters, starts alphanumeric, and one word looks like an acronym."""
    words = candidate.split()
    if not 1 <= len(words) <= 2 or not 2 <= len(candidate) <= _MAX_SHORT_CHARS:
        return False
    if not candidate[0].isalnum():
        return False
    return any(is_acronym(word) for word in words)


def _match_long_form(short: str, candidate: str) -> str | None:
    """The long form at the end of `candidate` that spells `short`, else None.

    Word initials that spell the acronym exactly ("Proximal Policy Optimization") win; otherwise the
    Schwartz–Hearst shortest tail whose letters spell it in order, the first at a word start.
    """
    letters = [char.lower() for char in _singular_acronym(short) if char.isalnum()]
    text = candidate.rstrip()
    if len(letters) < 2 or not _WORD.search(text):
        return None
    start = _initials_start(letters, text)
    if start is None:
        start = _schwartz_hearst_start(letters, text)
    if start is None:
        return None
    long_form = text[start:].strip()
    too_many_words = len(_WORD.findall(long_form)) > min(len(letters) + 5, len(letters) * 2)
    if too_many_words or len(long_form) <= len(short) or long_form.lower() == short.lower():
        return None
    return long_form


def _initials_start(letters: list[str], text: str) -> int | None:
    """Start of the shortest tail of `text` whose word initials spell `letters` (see `_initials_spell`)."""
    words = list(_WORD.finditer(text))
    for first in range(len(words) - 1, -1, -1):
        tail = words[first:]
        if len(tail) > len(letters) * 2 + 1:
            return None
        optional = [
            word.start() > 0 and text[word.start() - 1] == "-" or word.group().lower() in _SKIPPED_IN_INITIALS
            for word in tail
        ]
        optional[0] = False
        if _initials_spell(letters, [_initial(word.group()) for word in tail], optional):
            return tail[0].start()
    return None


def _initial(word: str) -> str:
    """The letter a word contributes to an acronym: its first, or "x" for "cross" ("Cross-platform" in XS-Video)."""
    return "x" if word.lower() == "cross" else word[0].lower()


def _initials_spell(letters: list[str], initials: list[str], optional: list[bool]) -> bool:
    """Whether `letters` equal `initials` in order, skipping only words marked optional.

    Optional words are function words ("of", "with") and the inner parts of hyphenated words
    ("Multi-view-regulated" may give M, MV or MVR).
    """
    if not letters:
        return all(optional)
    if not initials:
        return False
    if (initials[0] == letters[0] or (initials[0] == "x" and letters[0] == "c")) and _initials_spell(
        letters[1:], initials[1:], optional[1:]
    ):
        return True
    return optional[0] and _initials_spell(letters, initials[1:], optional[1:])


def _schwartz_hearst_start(letters: list[str], text: str) -> int | None:
    """Start of the shortest tail of `text` spelling `letters` in order, the first at a word start."""
    position = len(text)
    for index in range(len(letters) - 1, -1, -1):
        position -= 1
        while position >= 0 and (
            text[position].lower() != letters[index] or (index == 0 and position > 0 and text[position - 1].isalnum())
        ):
            position -= 1
        if position < 0:
            return None
    return position


def _singular_acronym(short: str) -> str:
    """'LLMs' -> 'LLM': a plural acronym's final 's' is not one of its letters."""
    return short[:-1] if len(short) > 2 and short.endswith("s") and short[-2].isupper() else short


def find_title_definition(title: str) -> AcronymDefinition | None:
    """ "PYRA: Parallel Yielding Re-Activation for ..." -> PYRA = the subtitle's opening words, else None.

    Only word initials count here (no Schwartz–Hearst letters inside words), so "ReWOO:
    Decoupling Reasoning ..." defines nothing.
    """
    match = _TITLE_ACRONYM.match(title)
    if match is None or not _looks_like_short_form(match.group(1)):
        return None
    short, subtitle = match.group(1), match.group(2)
    letters = [char.lower() for char in _singular_acronym(short) if char.isalnum()]
    for end in _WORD.finditer(subtitle):
        prefix = subtitle[: end.end()]
        if _initials_start(letters, prefix) == 0:
            return AcronymDefinition(short, prefix, title)
    return None


class AcronymTable:
    """Corpus-wide acronyms: each short form (by canonical key) maps to one chosen definition."""

    def __init__(self, definitions: Iterable[AcronymDefinition] = ()) -> None:
        """Choose, per short form, the long form defined most often (ties: first seen)."""
        by_short: dict[str, list[AcronymDefinition]] = {}
        for definition in definitions:
            by_short.setdefault(canonical_key(definition.short), []).append(definition)
        self._chosen: dict[str, AcronymDefinition] = {}
        self._surface_forms: dict[str, tuple[str, ...]] = {}
        self._short_by_long: dict[str, str] = {}
        for short_key, candidates in by_short.items():
            counts = Counter(canonical_key(candidate.long) for candidate in candidates)
            best_long = max(counts, key=lambda long_key: counts[long_key])  # max keeps the first of ties
            agreeing = [candidate for candidate in candidates if canonical_key(candidate.long) == best_long]
            self._chosen[short_key] = agreeing[0]
            forms = [form for candidate in agreeing for form in (candidate.short, candidate.long)]
            self._surface_forms[short_key] = tuple(dict.fromkeys(forms))
            self._short_by_long.setdefault(best_long, short_key)

    def __len__(self) -> int:
        """Number of distinct short forms."""
        return len(self._chosen)

    def __iter__(self) -> Iterator[AcronymDefinition]:
        """The chosen definition of every short form, in first-seen order."""
        return iter(self._chosen.values())

    def definition(self, phrase: str) -> AcronymDefinition | None:
        """The chosen definition when `phrase` is a known short form or long form, else None."""
        key = canonical_key(phrase)
        short_key = key if key in self._chosen else self._short_by_long.get(key)
        return self._chosen.get(short_key) if short_key is not None else None

    def long_form(self, short: str) -> str | None:
        """The long form chosen for the short form `short` ("LLMs" or "LLM"), else None."""
        chosen = self._chosen.get(canonical_key(short))
        return chosen.long if chosen is not None else None

    def resolve(self, phrase: str) -> str:
        """Canonical key of the entity `phrase` names: a short form resolves to its long form's key."""
        long_form = self.long_form(phrase)
        return canonical_key(long_form if long_form is not None else phrase)

    def aliases(self, phrase: str) -> tuple[str, ...]:
        """Surface forms (short and long, as written) of the definition `phrase` belongs to, else ()."""
        chosen = self.definition(phrase)
        return self._surface_forms[canonical_key(chosen.short)] if chosen is not None else ()
