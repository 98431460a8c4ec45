"""Words and spans of a sentence: how a name is cut into words and where it may span several.

A word is letters and digits with inner ".", "@", "'" ("GPT3.5", "eff@k"), a patch size after a capital
("ViT-L/14", "DiT-XL/2": one model, not two words) and a trailing "+" ("HumanEval+"); hyphens split words
("GPT-4" is "GPT" and "4"), and only spaces and hyphens may separate the words of one name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Span", "word_after", "word_spans"]

_WORD = re.compile(r"[^\W_]+(?:[.@'’][^\W_]+)*(?:(?<=[A-Z])/\d{1,3}(?![\w/]|\.\d))?\+*")
# The word right after a name: past up to three spaces or quotes ("X dataset", "X' model"), or, when any
# punctuation may come between, past any three non-word characters ("X-Benchmark", "X) dataset").
_NEXT_WORD = re.compile(r"[\s\"'”’]{0,3}([A-Za-z]+)")
_NEXT_WORD_PAST_PUNCTUATION = re.compile(r"\W{0,3}([A-Za-z]+)")
# What may separate the words of one name: spaces and hyphens/dashes only.
_NAME_GAP = re.compile(r"[ \t\-‐‑–—]{1,3}")


@dataclass(frozen=True)
class Span:
    """A character range [start, end) of `sentence`."""

    start: int
    end: int
    sentence: str

    @property
    def text(self) -> str:
        """The spanned characters."""
        return self.sentence[self.start : self.end]

    def joins(self, following: Span) -> bool:
        """True when only spaces or hyphens separate this span from `following` (one name can span both)."""
        return _NAME_GAP.fullmatch(self.sentence[self.end : following.start]) is not None


def word_spans(sentence: str) -> list[Span]:
    """The words of `sentence` in order; hyphens split words ("GPT-4" is "GPT" and "4")."""
    return [Span(match.start(), match.end(), sentence) for match in _WORD.finditer(sentence)]


def word_after(text: str, *, past_punctuation: bool = False) -> str:
    """The first word of `text` past up to three spaces or quotes (any non-word characters with
    `past_punctuation`: "-Benchmark" after a dataset's name), lowercase; "" when there is none."""
    match = (_NEXT_WORD_PAST_PUNCTUATION if past_punctuation else _NEXT_WORD).match(text)
    return match.group(1).lower() if match else ""
