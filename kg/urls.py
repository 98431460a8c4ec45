"""URL helpers shared by the readers (urls kept as written) and the repository extractor (normalized)."""

from __future__ import annotations

__all__ = ["trim_url_tail"]

_TRAILING_PUNCTUATION = ".,;:!?'\"”’*"
_CLOSING_TO_OPENING = {")": "(", "]": "[", "}": "{", ">": "<"}


def trim_url_tail(url: str, also: str = "") -> str:
    """`url` without the sentence punctuation, quotes, unopened closing brackets (and `also`) glued to its end."""
    while url:
        last = url[-1]
        if last in _TRAILING_PUNCTUATION or last in also:
            url = url[:-1]
        elif last in _CLOSING_TO_OPENING and url.count(last) > url.count(_CLOSING_TO_OPENING[last]):
            url = url[:-1]
        else:
            break
    return url
