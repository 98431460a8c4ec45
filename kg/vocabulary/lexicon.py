"""Shipped name lists (gazetteers) and their matcher: well-known methods, datasets, and non-names.

Each list is a UTF-8 text file in kg/vocabulary/data/, one entity per line: the display name, then
optional aliases after " | ". "#" starts a comment. A name matches a span of text when both
have the same canonical key (spaces ignored) and the span is written like one of the names: same
letters and case, except that the first letter's case, hyphen vs space, a space next to a digit and a plural
"s" do not matter, and a lowercase name of several words may be written in title case
("Transformer" matches "transformers" and "Transformer-based"; "SOAP" does not match "soap").
A name written with a leading "=" must match its case exactly, first letter included
("=Adapter" matches "Adapter" but not "adapter").
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from kg.records import Label
from kg.vocabulary.canonical import canonical_key
from kg.vocabulary.tables import table_lines
from kg.vocabulary.words import Span, word_spans

__all__ = ["LISTED_LABELS", "Lexicon", "LexiconEntry", "listed_names", "load_lexicon", "load_word_list"]

LISTED_LABELS = (Label.DATASET, Label.METHOD)
"""The labels the gazetteers list names of, in the order a name is looked up (a listed dataset wins)."""
_LIST_OF_LABEL = {Label.DATASET: "datasets", Label.METHOD: "methods"}

_MAX_WORDS = 6
_NOT_QUICK = re.compile(r"[^\w.+@]|_")
_LETTER_JOINER = re.compile(r"(?<=[^\W\d_])[\s\-‐‑–—]+(?=[^\W\d_])")


@dataclass(frozen=True)
class LexiconEntry:
    """One listed entity: its display `name`, every accepted spelling, and which must match case exactly."""

    name: str
    spellings: tuple[str, ...]
    exact_case: frozenset[str]

    @property
    def key(self) -> str:
        """Canonical key of the entity (from its display name)."""
        return canonical_key(self.name)


class Lexicon:
    """A gazetteer: look names up by canonical key and find them in sentences."""

    def __init__(self, entries: list[LexiconEntry]) -> None:
        """Index `entries` by the canonical key of every spelling."""
        self.entries = entries
        self._by_key: dict[str, list[LexiconEntry]] = {}
        self._longest_from: dict[str, int] = {}  # quick form of a first word -> most words a spelling has after it
        for entry in entries:
            for spelling in entry.spellings:
                bucket = self._by_key.setdefault(_compact_key(spelling), [])
                if entry not in bucket:
                    bucket.append(entry)
                words = word_spans(spelling)
                for first, length in ((words[0].text, len(words)), (spelling, 1)):
                    quick = _quick(first)
                    self._longest_from[quick] = max(self._longest_from.get(quick, 0), length + 1)

    def __contains__(self, phrase: object) -> bool:
        """True when `phrase` (any case) has the canonical key of a listed spelling."""
        return isinstance(phrase, str) and _compact_key(phrase) in self._by_key

    def lookup(self, surface: str) -> LexiconEntry | None:
        """The entry whose spelling `surface` is written like (see the module docstring), else None."""
        for entry in self._by_key.get(_compact_key(surface), ()):
            if any(_written_like(surface, spelling, spelling in entry.exact_case) for spelling in entry.spellings):
                return entry
        return None

    def find(self, sentence: str) -> list[tuple[Span, LexiconEntry]]:
        """Non-overlapping listed names in `sentence`, longest first at each position, in order."""
        words = word_spans(sentence)
        found: list[tuple[Span, LexiconEntry]] = []
        index = 0
        while index < len(words):
            longest = self._longest_words_from(words[index].text)
            if not longest:
                index += 1
                continue
            reach = 1
            while reach < min(longest, len(words) - index) and words[index + reach - 1].joins(words[index + reach]):
                reach += 1
            for length in range(reach, 0, -1):
                span = Span(words[index].start, words[index + length - 1].end, sentence)
                entry = self.lookup(span.text)
                if entry is not None:
                    found.append((span, entry))
                    index += length
                    break
            else:
                index += 1
        return found

    def _longest_words_from(self, word: str) -> int:
        """How many words a listed name starting with `word` may span (0: none starts with it)."""
        quick = _quick(word)
        variants = (quick, quick[:-1], quick[:-2]) if quick.endswith("s") else (quick,)
        return min(_MAX_WORDS, max(self._longest_from.get(variant, 0) for variant in variants))


def _quick(word: str) -> str:
    """A cheap normal form of a word for pre-filtering: lowercase letters, digits and ".+@"."""
    return _NOT_QUICK.sub("", word.lower())


def _compact_key(phrase: str) -> str:
    """The canonical key without spaces, so that "Llama3" finds "Llama 3" and "GPT4" finds "GPT-4"."""
    return canonical_key(phrase).replace(" ", "")


def _written_like(surface: str, spelling: str, exact_case: bool) -> bool:
    """Whether `surface` is `spelling` up to joiners, a plural "s" and (unless exact) first-letter case; a
    lowercase name of several words may also be written in title case ("Average Precision")."""
    surface_shape, spelling_shape = _shape(surface), _shape(spelling)
    if exact_case:
        return surface_shape == spelling_shape
    if " " in spelling and spelling.islower() and all(word[:1].isupper() for word in surface.split()):
        return surface_shape.lower() == spelling_shape
    return surface_shape[1:] == spelling_shape[1:] and surface_shape[:1].lower() == spelling_shape[:1].lower()


def _shape(text: str) -> str:
    """`text` with a final plural "s"/"es" dropped, case kept, and joiners unified: "_" between letters
    ("Mip-NeRF" = "Mip NeRF", but not "MipNeRF"), nothing next to a digit ("Llama 3" = "Llama3")."""
    text = _LETTER_JOINER.sub("_", text)
    shape = "".join(char for char in text if char.isalnum() or char in ".+@_")
    if len(shape) > 3 and shape.endswith("es") and shape[-3] in "sxh":
        return shape[:-2]
    return shape[:-1] if len(shape) > 2 and shape.endswith("s") else shape


def load_word_list(name: str) -> frozenset[str]:
    """The entries of a shipped plain word list (e.g. "keyphrase_stopwords"), lowercase."""
    return frozenset(entry.lower() for _, entry in table_lines(f"{name}.txt"))


@functools.cache
def load_lexicon(name: str) -> Lexicon:
    """The shipped list `name` ("methods", "datasets", "generic"), parsed once per process."""
    entries = []
    for _, content in table_lines(f"{name}.txt"):
        raw = [spelling.strip() for spelling in content.split("|") if spelling.strip()]
        spellings = tuple(spelling.removeprefix("=") for spelling in raw)
        exact = frozenset(spelling.removeprefix("=") for spelling in raw if spelling.startswith("="))
        entries.append(LexiconEntry(spellings[0], spellings, exact))
    return Lexicon(entries)


def listed_names(label: Label) -> Lexicon:
    """The shipped gazetteer of well-known `label` names (Method: methods.txt, Dataset: datasets.txt)."""
    return load_lexicon(_LIST_OF_LABEL[label])
