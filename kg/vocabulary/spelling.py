"""Spelling rules every stage shares: acronyms, plural acronyms, head words, name suffixes, variants.

One rule per notion, used by the concept layer and typed entities alike:
- an acronym-like word has a capital after its first character, or starts with a capital and has a
  digit ("LLM", "CoT", "3DGS", "mmWave", "csPCa", "T5", "V2"), and no spaces;
- a plural acronym drops its "s" after a capital ("LLMs" -> "LLM", "CNNs" -> "CNN");
- the head of a noun phrase is the word before "of" ("mixture of experts" -> "mixture"), else the last;
- a hyphenated suffix such as "-based" or "-style" makes a name the modifier of something else
  ("Transformer-based" names the Transformer);
- a sized or tuned variant carries its size or tuning after its family's name ("Qwen2.5-VL-7B-Instruct").
"""

from __future__ import annotations

import re

__all__ = [
    "DESCRIPTIVE_SUFFIXES",
    "NAME_SUFFIXES",
    "head_index",
    "head_word",
    "is_acronym",
    "is_plural_acronym",
    "singular_acronym",
    "version_family",
]

NAME_SUFFIXES = ("based", "style", "like", "type", "inspired", "driven", "powered", "assisted", "guided")
"""Suffixes after which a hyphenated name names the thing it modifies: "GPT-style", "SMPL-like" name GPT, SMPL."""
DESCRIPTIVE_SUFFIXES = frozenset(NAME_SUFFIXES) | frozenset("aware free specific level wise scale generated".split())
"""Every suffix that describes rather than names ("noise-aware", "training-free"): never the last part of a name."""

# Sizes and tunings written after a model's or dataset's name: "-7B", " 72B", "-Instruct", "-Base", "-1K".
_VARIANT_TAIL = re.compile(
    r"(?:[-\s](?:\d+(?:\.\d+)?[KMBT]|\d+x\d+B|Instruct|Chat|Base|Large|Small|Tiny|Mini|Preview))+$", re.IGNORECASE
)


def is_acronym(word: str) -> bool:
    """Whether `word` is written like an acronym: a capital after its first character, or a capital first and a
    digit ("LLM", "CoT", "mmWave", "T5"); no spaces."""
    if not word or any(char.isspace() for char in word):
        return False
    return any(char.isupper() for char in word[1:]) or (word[0].isupper() and any(char.isdigit() for char in word))


def singular_acronym(word: str) -> str:
    """`word` without a plural "s" right after a capital ("LLMs" -> "LLM"); any other word as it is."""
    return word[:-1] if len(word) > 2 and word.endswith("s") and word[-2].isupper() else word


def is_plural_acronym(word: str) -> bool:
    """Whether `word` is an acronym in the plural ("LLMs", "X-CNNs"): an "s" after a capital of an acronym."""
    singular = singular_acronym(word)
    return singular != word and is_acronym(singular)


def head_index(lowered_words: list[str]) -> int:
    """Position of the head noun: the word before the first "of" after the first word, else the last word."""
    if "of" in lowered_words[1:]:
        return lowered_words.index("of", 1) - 1
    return len(lowered_words) - 1


def head_word(phrase: str) -> str:
    """The head noun of a noun phrase, lowercase ("level of detail" -> "level", "signal-to-noise ratio" -> "ratio")."""
    words = phrase.lower().replace("-", " ").split()
    return words[head_index(words)] if words else ""


def version_family(name: str) -> str | None:
    """The family a sized or tuned variant belongs to ("Qwen2.5-VL-7B-Instruct" -> "Qwen2.5-VL",
    "Llama-2-7B" -> "Llama-2", "ImageNet-1K" -> "ImageNet"); None when `name` is no such variant."""
    family = _VARIANT_TAIL.sub("", name)
    return family if family != name and any(char.isalpha() for char in family) else None
