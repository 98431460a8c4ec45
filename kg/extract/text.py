"""Sentence splitting for abstracts: every extracted link quotes the sentence it came from.

A rule-based splitter is enough for abstracts and avoids a model download: a sentence ends at
".", "!" or "?" (plus closing quotes/brackets) followed by whitespace and a capital letter, digit
or opening bracket, unless the period belongs to an abbreviation ("e.g.", "et al.", "vs.",
"Fig.", an initial such as "J."). Blank lines always end a sentence.
"""

from __future__ import annotations

import re

__all__ = ["split_sentences", "unescape_latex_specials"]

# arXiv abstracts keep TeX's escapes of special characters: "15\\%", "Browsing \\& Exploration", "top\\_k".
_LATEX_SPECIAL = re.compile(r"\\([%&_#$])")
# Words that end with a period without ending the sentence (compared lowercased, period excluded).
_ABBREVIATIONS = frozenset(
    """e.g i.e al vs cf fig figs eq eqs sec secs tab ref refs no nos approx resp dr mr mrs ms
    prof st inc ltd jr sr vol pp ch appx alg def thm prop cor""".split()
)
# Candidate boundary: terminal punctuation, optional closing quotes/brackets, then whitespace.
_BOUNDARY = re.compile(r"""[.!?]+["'”’)\]]*(?=\s)""")
# What may start the next sentence.
_SENTENCE_START = re.compile(r"""\s+["'“‘(\[]?[A-Z0-9]""")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")
_WORD_BEFORE = re.compile(r"(\S+)$")


def unescape_latex_specials(text: str) -> str:
    """`text` with TeX-escaped special characters written plainly ("\\%" -> "%", "\\&" -> "&")."""
    return _LATEX_SPECIAL.sub(r"\1", text)


def split_sentences(text: str) -> list[str]:
    """Split `text` into sentences, each a verbatim (stripped) substring of `text`, in order."""
    sentences: list[str] = []
    for paragraph in _PARAGRAPH_BREAK.split(text):
        start = 0
        for match in _BOUNDARY.finditer(paragraph):
            end = match.end()
            if _SENTENCE_START.match(paragraph, end) and not _ends_with_abbreviation(
                paragraph[start : match.start() + 1]
            ):
                _append_stripped(sentences, paragraph[start:end])
                start = end
        _append_stripped(sentences, paragraph[start:])
    return sentences


def _ends_with_abbreviation(chunk: str) -> bool:
    """True when the final period of `chunk` belongs to an abbreviation or a one-letter initial."""
    if not chunk.endswith("."):
        return False
    found = _WORD_BEFORE.search(chunk[:-1])
    if found is None:
        return False
    word = found.group(1).lstrip("(\"'“‘[")
    if len(word) == 1 and word.isalpha() and word.isupper():
        return True
    lowered = word.lower()
    return lowered in _ABBREVIATIONS or lowered.endswith(("e.g", "i.e"))


def _append_stripped(sentences: list[str], piece: str) -> None:
    """Append `piece` without surrounding whitespace, unless it is blank."""
    stripped = piece.strip()
    if stripped:
        sentences.append(stripped)
