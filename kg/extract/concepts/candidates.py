"""Keyphrase candidates: the noun phrases of a title and abstract, found without an NLP model.

A candidate is a maximal run of words inside one sentence (the title is a sentence of its own)
that contains no stop word (kg/vocabulary/data/keyphrase_stopwords.txt), no punctuation and no word that
cannot sit inside a noun phrase (a verb or adverb by lemminflect's bundled dictionary), trimmed
so that its last word can be a noun, and 1–4 words long. A verb-or-noun word is taken as the
verb after "to", a modal, "we" or "they", and right before a determiner or an -ly adverb ("LLMs
store their knowledge", "complexity increases quadratically"). Whole runs, not their sub-sequences:
indexers' keyphrases are mostly whole noun phrases ("multi-step matrix game", not "step matrix").
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from enum import Enum

from lemminflect import getAllLemmas

from kg.extract.paper_text import PaperText
from kg.vocabulary.lexicon import load_word_list

__all__ = ["Candidate", "MAX_CANDIDATE_WORDS", "noun_phrase_candidates"]

MAX_CANDIDATE_WORDS = 4

# A word keeps its inner hyphens, periods, slashes and pluses ("multi-step", "GPT-3.5", "TCP/IP").
_WORD = re.compile(r"[^\W_]+(?:[-‐‑./+][^\W_]+)*\+*")
_ONLY_SPACES = re.compile(r"[ \t\n]+")
_NUMBER = re.compile(r"[\d.,/+-]+%?")
_WEB_ADDRESS = re.compile(r"(?:https?|www|ftp)\b|\w\.(?:com|org|net|io|edu|ai|html?)\b", re.IGNORECASE)
_PARTICIPLE = re.compile(r"[a-z]{3,}ed")
_ADVERB = re.compile(r"[a-z]{3,}ly")
# After these, a word that can be a verb is one ("to extract fuzzy rules", "can support", "we train").
_VERB_MARKERS = frozenset(
    {"to", "can", "cannot", "could", "may", "might", "must", "shall", "should", "will", "would", "we", "they"}
)
# Words that start a noun phrase; a verb-or-noun word right before one is the verb ("store their ...").
_OBJECT_STARTERS = frozenset(
    {"the", "a", "an", "its", "their", "our", "this", "these", "those", "his", "her", "my", "your"}
)


class _Role(Enum):
    """What a word can be inside a noun phrase."""

    BREAK = "break"  # ends the run: stop word, verb, adverb, number, web address
    MODIFIER = "modifier"  # may stand inside a phrase but not at its end (adjectives, participles)
    HEAD = "head"  # may end a phrase (nouns, and unknown words: names and technical terms)


@dataclass(frozen=True, slots=True)
class Candidate:
    """One occurrence of a noun phrase: as written, in which sentence (0 = the title), and that sentence."""

    text: str
    sentence_index: int
    evidence: str

    @property
    def word_count(self) -> int:
        """Number of words (hyphenated compounds count as one)."""
        return len(self.text.split())


def noun_phrase_candidates(text: PaperText) -> list[Candidate]:
    """Every noun-phrase occurrence in the paper's title and abstract, in reading order."""
    return [
        Candidate(sentence[start:end], index, sentence)
        for index, sentence in enumerate(text.sentences)
        for start, end in _phrase_spans(sentence)
    ]


def _phrase_spans(sentence: str) -> list[tuple[int, int]]:
    """Character ranges of the candidate phrases of one sentence."""
    spans: list[tuple[int, int]] = []
    run: list[tuple[re.Match[str], _Role]] = []
    previous_end = 0
    previous_word = ""
    for match in _WORD.finditer(sentence):
        word = match.group()
        role = _Role.BREAK if previous_word in _VERB_MARKERS and _can_be_verb(word) else _role(word)
        previous_word = word.lower()
        joined = bool(run) and _ONLY_SPACES.fullmatch(sentence[previous_end : match.start()]) is not None
        if joined and _starts_verb_complement(word) and _can_be_verb(run[-1][0].group()):
            run.pop()  # "LLMs store their knowledge", "complexity increases quadratically": that word is a verb
        if not joined or role is _Role.BREAK:
            _close_run(run, spans)
            run = []
        if role is not _Role.BREAK:
            run.append((match, role))
        previous_end = match.end()
    _close_run(run, spans)
    return spans


def _close_run(run: list[tuple[re.Match[str], _Role]], spans: list[tuple[int, int]]) -> None:
    """Trim the run to end on a possible head noun and keep it when it is short enough."""
    while run and run[-1][1] is not _Role.HEAD:
        run.pop()
    if 1 <= len(run) <= MAX_CANDIDATE_WORDS:
        spans.append((run[0][0].start(), run[-1][0].end()))


@functools.lru_cache(maxsize=131072)
def _role(word: str) -> _Role:
    """The role of `word` in a noun phrase, from the stop list and lemminflect's part-of-speech lexicon."""
    lowered = word.lower()
    if lowered in _stop_words() or len(lowered) < 2 or _NUMBER.fullmatch(lowered) or _WEB_ADDRESS.search(lowered):
        return _Role.BREAK
    last_part = re.split(r"[-‐‑/]", lowered)[-1]
    tags = set(getAllLemmas(last_part)) if last_part.isalpha() else set()
    if not tags and _ADVERB.fullmatch(last_part):
        return _Role.BREAK
    if not tags or tags & {"NOUN", "PROPN"}:
        return _Role.HEAD
    if "ADJ" in tags or _PARTICIPLE.fullmatch(last_part):
        return _Role.MODIFIER
    return _Role.BREAK


def _starts_verb_complement(word: str) -> bool:
    """True for words that follow verbs but not nouns: determiners, possessives and -ly adverbs."""
    lowered = word.lower()
    return lowered in _OBJECT_STARTERS or (_ADVERB.fullmatch(lowered) is not None and _role(word) is _Role.BREAK)


@functools.lru_cache(maxsize=131072)
def _can_be_verb(word: str) -> bool:
    """True when lemminflect's dictionary lists `word` as a verb form."""
    return "VERB" in getAllLemmas(word.lower())


@functools.cache
def _stop_words() -> frozenset[str]:
    """The shipped keyphrase stop words."""
    return load_word_list("keyphrase_stopwords")
