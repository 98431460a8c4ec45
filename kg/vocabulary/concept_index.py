"""Finding known concepts in sentences: every surface form, compared as a sequence of normalized words.

A word is normalized as a canonical key is (Unicode folded, lowercase, singular: "LLMs" -> "llm",
"Models" -> "model"), and hyphens, slashes and other punctuation separate words, so "Vision-Language
Models", "vision language model" and "vision-language model" are one sequence. An index maps the
word sequences of every form of every concept (names, aliases, acronyms) to the concept; `find`
returns each occurrence in a sentence, longest first, overlaps allowed (an occurrence of "latent
diffusion model" is also one of "diffusion model").

A form that is one acronym-like word (two or more capitals: "LLM", "3DGS", "CoT", "NeRF") matches
only as written, up to a plural -s ("LLMs"), so "SAR" is not "sar" and "CoT" is not "cot"; pass
`exact_case=False` to compare everything folded (for text that is already lowercase, like keys).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from kg.vocabulary.canonical import canonical_key
from kg.vocabulary.spelling import is_acronym, singular_acronym

__all__ = ["ConceptIndex", "Occurrence", "normalized_words"]

_WORD = re.compile(r"[^\W_]+(?:[.+][^\W_]+)*\+*")
_MAX_WORDS = 8


@functools.lru_cache(maxsize=262144)
def _normalized_word(word: str) -> str:
    """One word as the index compares it: its canonical key (lowercase, singular)."""
    return canonical_key(word) or word.lower()


def normalized_words(text: str) -> tuple[str, ...]:
    """The normalized words of `text`, in order."""
    return tuple(_normalized_word(match.group()) for match in _WORD.finditer(text))


def _acronym_form(word: str) -> str | None:
    """`word` as an acronym is compared (a plural -s after a capital dropped), or None if it is not acronym-like."""
    singular = singular_acronym(word)
    return singular if is_acronym(singular) else None


@dataclass(frozen=True, slots=True)
class Occurrence:
    """A concept found in a sentence: which, where (word positions [start, end)) and the words as written."""

    concept: str
    start: int
    end: int
    written: str


class ConceptIndex:
    """Surface forms of concepts by their normalized word sequences."""

    def __init__(self, forms: Mapping[str, Iterable[str]]) -> None:
        """Index `forms`: concept key -> its names, aliases and acronyms as written."""
        self._concept_of: dict[tuple[str, ...], str] = {}
        self._first_words: set[str] = set()
        self._acronyms: dict[tuple[str, ...], set[str]] = {}  # one-word sequences with only acronym spellings
        spelled_out: set[tuple[str, ...]] = set()
        for concept, spellings in forms.items():
            for spelling in spellings:
                words = normalized_words(spelling)
                if not words or len(words) > _MAX_WORDS:
                    continue
                self._concept_of.setdefault(words, concept)
                self._first_words.add(words[0])
                acronym = _acronym_form(spelling) if len(words) == 1 else None
                if acronym is None:
                    spelled_out.add(words)
                else:
                    self._acronyms.setdefault(words, set()).add(acronym)
        for words in spelled_out:
            self._acronyms.pop(words, None)

    def __len__(self) -> int:
        """Number of distinct indexed word sequences."""
        return len(self._concept_of)

    def concept_named(self, form: str) -> str | None:
        """The concept `form` (as written) is a whole spelling of, if any."""
        words = normalized_words(form)
        concept = self._concept_of.get(words)
        if concept is not None and words in self._acronyms and _acronym_form(form.strip()) not in self._acronyms[words]:
            return None
        return concept

    def find(self, sentence: str, *, exact_case: bool = True) -> list[Occurrence]:
        """Every occurrence of an indexed form in `sentence`, in order of position, longest first at each."""
        matches = list(_WORD.finditer(sentence))
        words = [_normalized_word(match.group()) for match in matches]
        found = []
        for start, word in enumerate(words):
            if word not in self._first_words:
                continue
            for end in range(min(len(words), start + _MAX_WORDS), start, -1):
                sequence = tuple(words[start:end])
                concept = self._concept_of.get(sequence)
                if concept is not None and exact_case and sequence in self._acronyms:
                    if _acronym_form(matches[start].group()) not in self._acronyms[sequence]:
                        continue
                if concept is not None:
                    written = sentence[matches[start].start() : matches[end - 1].end()]
                    found.append(Occurrence(concept, start, end, written))
        return found
