"""What kg knows about a name found in an abstract: how it is spelled (`Shape`), each place it occurs
(`Mention`), and all mentions of one entity of a paper (`NameCandidate`).

kg.extract.entities.mentions finds the mentions, kg.extract.entities.resolve resolves them into candidates, and
kg.extract.entities.datasets and kg.extract.entities.methods decide what each candidate is.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from enum import Enum

from kg.extract.acronyms import AcronymDefinition
from kg.records import Label
from kg.vocabulary.lexicon import LexiconEntry
from kg.vocabulary.words import Span

__all__ = ["STRONG_SHAPES", "Mention", "NameCandidate", "Shape", "shape_of"]


class Shape(Enum):
    """How name-like a written word group is, from strongest evidence of being a name to none."""

    CAMEL = "camel"  # "GradSign", "ReWOO"
    DIGIT = "digit"  # "Filter2Noise", "GPT-4"
    SPECIAL = "special"  # "eff@k", "HumanEval+", "<projektor>"
    CAPS = "caps"  # "TS-DDR"
    CAPITALIZED = "capitalized"  # "Greenformers", "Sharpness Aware Minimization"
    PLAIN = "plain"


STRONG_SHAPES = frozenset({Shape.CAMEL, Shape.DIGIT, Shape.SPECIAL})
"""Shapes that make a word group a name by themselves."""

# A quantity with its unit ("10.8mW", "200Hz", "1.2dB", "16GB", "60FPS"): an SI prefix and a unit after a number.
_QUANTITY = r"""\d+(?:\.\d+)?(?:x|X|[kMGTmµunp]?(?:W|Wh|Hz|V|A|J|s|B|bit|bits|FLOPs?|FPS|fps|dB|px|K|nm|mm|cm|km))"""
_NOT_NAME_PART = re.compile(
    rf"""\d+(?:\.\d+)?[KMBTkmbt]?|\d+(?:st|nd|rd|th)|\d+D|[A-Za-z]\d{{1,4}}|[A-Z]|[IVX]+|
    {_QUANTITY}|dB|kHz|MHz|GHz|\d+[xX×]\d+""",
    re.VERBOSE,
)

# No name has a hyphen part this long: "ComplementaryPolarizedImageDemosaicingandSuper" is a title without spaces.
_LONGEST_NAME_PART = 24


@dataclass(eq=False)
class Mention:
    """One place a name occurs: where, how it is written, and what found it."""

    span: Span
    surface: str
    shape: Shape
    lexicon: LexiconEntry | None = None
    listed_as: Label | None = None  # the gazetteer (lexicon) that lists it, if one does
    definition: AcronymDefinition | None = None
    dataset_phrase: bool = False  # written as "the X dataset"
    variant_of_listed_method: bool = False  # a longer name ending with a listed one: "Bi-Mamba", "CSwin UNet"
    neighbours: list[Mention] = field(default_factory=list)  # listed with it: "X, Y and Z"

    def listed_with(self) -> list[Mention]:
        """This mention and everything listed with it ("BUSI, ChestXray2017, and Retinal OCT datasets")."""
        members = [self]
        for member in members:
            members += [neighbour for neighbour in member.neighbours if neighbour not in members]
        return members


@dataclass
class NameCandidate:
    """One named entity of a paper with all its mentions (what resolution groups and the decisions read)."""

    key: str
    name: str
    aliases: dict[str, None] = field(default_factory=dict)
    mentions: list[Mention] = field(default_factory=list)
    listed_as: Label | None = None  # listed in the methods or datasets gazetteer


@functools.lru_cache(maxsize=65536)
def shape_of(text: str) -> Shape:
    """How name-like a written word group is: camel, digit, special, caps, capitalized or plain."""
    if ("@" in text or text.endswith("+") or text.startswith("<")) and any(char.isalpha() for char in text):
        return Shape.SPECIAL
    parts = [part for part in re.split(r"[\s\-‐‑]+", text) if part]
    if not any(char.isalpha() for char in text) or all(_NOT_NAME_PART.fullmatch(part) for part in parts):
        return Shape.PLAIN
    if any(len(part) > _LONGEST_NAME_PART for part in parts):  # words glued together by lost spaces
        return Shape.PLAIN
    if any(re.search(r"[a-z][A-Z]", part) or re.fullmatch(r"[A-Z]{2,}[a-z]+[A-Za-z]*", part) for part in parts):
        return Shape.CAMEL
    has_capital = any(char.isupper() for char in text)
    if (
        has_capital
        and any(char.isdigit() for char in text)
        and not all(_NOT_NAME_PART.fullmatch(part) or part.isalpha() for part in parts)
    ):
        return Shape.DIGIT
    letters = [char for char in text if char.isalpha()]
    if len(letters) >= 2 and all(char.isupper() for char in letters):
        return Shape.CAPS
    return Shape.CAPITALIZED if text[0].isupper() else Shape.PLAIN
