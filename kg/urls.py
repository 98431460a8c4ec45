"""Finding and normalizing URLs: the readers' links, the URLs written in abstracts, and their canonical form.

Two finders on purpose: `find_links` takes only what is unmistakably a link (http(s)://, www.)
from any field of a record, while `find_url_spans` also takes scheme-less "host.tld/path" in a
title or abstract, where a sentence around it says it is a URL.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

__all__ = ["find_links", "find_url_spans", "normalize_url", "trim_url_tail"]

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


_TOP_LEVEL_DOMAINS = (
    "com|org|net|io|edu|gov|ai|dev|app|co|me|info|xyz|tech|page|site|science|cn|uk|de|fr|jp|kr|ch|ca|au|nl|"
    "se|it|es|in|ru|sg|hk|tw|il|at|be|dk|fi|no|pl|br|eu|us"
)
_URL_CHARACTERS = r"[^\s<>\"'`{}|\\^]"
_LINK = re.compile(rf"(?:https?://|www\.){_URL_CHARACTERS}+", re.IGNORECASE)
# A URL wrapped at a hyphen or underscore comes out of PDF/LaTeX abstracts as "github.com/x/a- b":
# a path never ends in "-" or "_" before a space, so the next word is the rest of the URL.
_WRAPPED_REST = rf"(?:(?<=[-_])[ \n](?={_URL_CHARACTERS}){_URL_CHARACTERS}+)*"
_URL_IN_PROSE = re.compile(
    rf"(?:https?://|www\.){_URL_CHARACTERS}+{_WRAPPED_REST}"
    rf"|(?<![\w@./-])(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+(?:{_TOP_LEVEL_DOMAINS})/{_URL_CHARACTERS}*{_WRAPPED_REST}",
    re.IGNORECASE,
)


def find_links(text: str) -> list[str]:
    """Every URL in `text` written with http(s):// or www., as written minus sentence punctuation glued to its end.

    Readers collect these from a record's fields (links to the paper, its code); prose URLs without a
    scheme are only looked for in titles and abstracts (`find_url_spans`)."""
    return [url for url in (_trimmed_link(match.group()) for match in _LINK.finditer(text)) if url]


def _trimmed_link(url: str) -> str:
    """`url` without trailing punctuation and closing brackets it did not open; '' if no host is left."""
    url = trim_url_tail(url)
    return url if "." in url.split("//", 1)[-1] else ""


def find_url_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every URL written in prose, scheme optional ("gaplab.cuhk.edu.cn/projects/RaBit"),
    trailing punctuation excluded: what the repository extractor reads and the name finders skip."""
    return [
        (match.start(), match.start() + len(trim_url_tail(match.group(), also="/")))
        for match in _URL_IN_PROSE.finditer(text)
    ]


def normalize_url(url: str) -> str:
    """The canonical spelling of a code/project URL (https, bare host, no trailing junk, .git or line wraps)."""
    url = trim_url_tail(re.sub(r"\s+", "", url), also="/")
    if not re.match(r"https?://", url, re.IGNORECASE):
        url = "https://" + url
    parts = urlsplit(url)
    host = parts.netloc.lower().removeprefix("www.")
    path = parts.path.rstrip("/")
    path = path.removesuffix(".git").rstrip("/")
    query = f"?{parts.query}" if parts.query else ""
    return f"https://{host}{path}{query}"
