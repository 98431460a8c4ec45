"""Canonical keys: one spelling per entity so that surface variants become one graph node.

"Large Language Models", "large-language model" and "large language model" all map to
"large language model": Unicode folded, lowercase, hyphens/underscores/dashes and runs of
whitespace unified to one space, surrounding punctuation and possessive "'s" trimmed, and the head word (the last
one, or the one before "of": "mixtures of experts" -> "mixture of experts") made singular.
Singularisation uses lemminflect's bundled dictionary (no downloads); plural acronyms
("LLMs", "CNNs") lose their "s"; words the dictionary does not know keep their form unless they
end in a common noun suffix + "s" ("Greenformers" -> "greenformer").
"""

from __future__ import annotations

import functools
import re
import unicodedata

from lemminflect import getAllLemmas

from kg.vocabulary.spelling import head_index, singular_acronym

__all__ = ["canonical_key"]

_JOINERS = re.compile(r"[\s\-_‐‑‒–—―]+")
_POSSESSIVE = re.compile(r"['’]s$")
_TRIM = "\"'`“”‘’«»()[]{}<>,.;:!?*"
_ALPHABETIC = re.compile(r"[a-z]+")
_OUT_OF_VOCABULARY_PLURAL = re.compile(
    r"[a-z]{2,}(?:er|or|ian|ist|ment|tion|sion|ure|ive|ant|ent|el|et|ing|oid|ite|ase|net|former|model)s"
)


@functools.lru_cache(maxsize=131072)
def canonical_key(phrase: str) -> str:
    """Return the canonical key of `phrase` (lowercase, singular head word, unified joiners).

    Idempotent: `canonical_key(canonical_key(p)) == canonical_key(p)`. Cached: extraction asks for
    the same phrases again and again.
    """
    text = unicodedata.normalize("NFKC", phrase)
    words = [_bare(word) for word in _JOINERS.split(text)]
    words = [word for word in words if word]
    if not words:
        return ""
    head = head_index([word.lower() for word in words])
    words[head] = _singular(words[head])
    return " ".join(word.lower() for word in words)


def _bare(word: str) -> str:
    """`word` without surrounding punctuation and possessive endings ("(ReWOO's)" -> "ReWOO")."""
    previous = None
    while word != previous:
        previous, word = word, _POSSESSIVE.sub("", word.strip(_TRIM))
    return word


def _singular(word: str) -> str:
    """The singular of a head word, keeping its case when nothing changes."""
    if singular_acronym(word) != word:
        return word[:-1]
    lowered = word.lower()
    if not _ALPHABETIC.fullmatch(lowered):
        return word
    singular = _dictionary_singular(lowered)
    if singular is None and _OUT_OF_VOCABULARY_PLURAL.fullmatch(lowered):
        singular = lowered[:-1]
    return word if singular is None or singular == lowered else singular


@functools.lru_cache(maxsize=65536)
def _dictionary_singular(lowered: str) -> str | None:
    """The noun lemma lemminflect's dictionary gives for `lowered`, or None when it has none."""
    lemmas = getAllLemmas(lowered, upos="NOUN").get("NOUN")
    return lemmas[0] if lemmas else None
