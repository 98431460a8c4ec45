"""Field rules shared by every reader: paper ids, ISO dates, month names, and `make_paper` (URLs: kg/urls.py).

Each reader only maps its format's fields onto `make_paper`'s arguments; identity
(arXiv id, DOI, title hash) and URL collection are decided here, once for all formats.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable
from datetime import date

from kg.records import Paper
from kg.urls import find_links

_ARXIV_ID = r"\d{4}\.\d{4,5}|[a-z]+(?:-[a-z]+)*(?:\.[a-z]{2})?/\d{7}"
_ARXIV_REFERENCE = re.compile(
    r"(?:arxiv:|oai:arxiv\.org:|(?:https?://)?(?:www\.|export\.)?arxiv\.org/(?:abs|pdf)/|10\.48550/arxiv\.)?"
    rf"(?P<id>{_ARXIV_ID})(?:v\d+)?(?:\.pdf)?/?",
    re.IGNORECASE,
)
_DOI_REFERENCE = re.compile(r"(?:doi:\s*|(?:https?://)?(?:dx\.)?doi\.org/)?(?P<doi>10\.\d{4,9}/\S+)", re.IGNORECASE)
_ISO_DATE = re.compile(r"(?P<year>\d{4})(?:-(?P<month>\d{2})(?:-(?P<day>\d{2}))?)?(?:[T ]\d{2}:.*)?")
_NOT_WORD = re.compile(r"[\W_]+")
_MONTHS = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)  # fmt: skip


def arxiv_id(reference: str) -> str | None:
    """The arXiv id without version in `reference` (a bare id, `arXiv:` id, abs/pdf URL or arXiv DOI), else None."""
    match = _ARXIV_REFERENCE.fullmatch(reference.strip())
    return match["id"] if match else None


def doi(reference: str) -> str | None:
    """The lowercased DOI in `reference` (a bare DOI, `doi:` DOI or doi.org URL), else None."""
    match = _DOI_REFERENCE.fullmatch(reference.strip())
    return match["doi"].lower() if match else None


def normalized_title(title: str) -> str:
    """The form two titles are compared in: Unicode-folded, case-folded, punctuation and spacing unified."""
    return _NOT_WORD.sub(" ", unicodedata.normalize("NFKC", title).casefold()).strip()


def title_id(title: str) -> str:
    """The stable id of a paper known only by its title: `title:` + 16 hex digits of SHA-1."""
    digest = hashlib.sha1(normalized_title(title).encode("utf-8")).hexdigest()
    return f"title:{digest[:16]}"


def month_number(name: str) -> int | None:
    """1-12 for an English month name or its abbreviation, any case ("Sep", "Sept", "september"), else None."""
    lowered = name.lower()
    for number, full in enumerate(_MONTHS, start=1):
        if lowered.startswith(full[:3]) and full.startswith(lowered):
            return number
    return None


def iso_date(value: str) -> str | None:
    """`value` as an ISO date: YYYY-MM-DD, or YYYY-MM / YYYY when only that much is stated; None if not a date."""
    match = _ISO_DATE.fullmatch(value.strip())
    if match is None:
        return None
    year, month, day = match["year"], match["month"], match["day"]
    try:
        date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        return None
    return "-".join(part for part in (year, month, day) if part)


def make_paper(
    *,
    title: str,
    abstract: str,
    source: str,
    identifiers: Iterable[str] = (),
    links: Iterable[str] = (),
    texts: Iterable[str] = (),
    authors: Iterable[str] = (),
    published: str | None = None,
    listed: str | None = None,
    categories: Iterable[str] = (),
) -> Paper:
    """Build a Paper: id from `identifiers` and `links` (arXiv id, else DOI, else title hash), URLs from all text.

    `identifiers` are id-like values (arXiv ids, DOIs, their URLs); `links` are URLs that point at this
    paper (an arXiv abs/pdf link there identifies it); `texts` are free text whose URLs are collected
    but never used as identity (an abstract may cite another paper). Title and abstract are always scanned.
    """
    title, abstract, source = valid_unicode(title), valid_unicode(abstract), valid_unicode(source)
    identifiers, links, texts, authors, categories = (
        [valid_unicode(value) for value in values] for values in (identifiers, links, texts, authors, categories)
    )
    listed = valid_unicode(listed) if listed is not None else None
    link_texts = [link.strip() for link in links if link.strip()]
    references = [*(value.strip() for value in identifiers), *link_texts]
    urls = [url for text in (*link_texts, *texts, title, abstract) for url in find_links(text)]
    return Paper(
        id=_best_id(references, title),
        title=title,
        abstract=abstract,
        urls=tuple(dict.fromkeys(urls)),
        authors=tuple(name for name in (author.strip() for author in authors) if name),
        published=published,
        listed=listed,
        categories=tuple(dict.fromkeys(category.strip() for category in categories if category.strip())),
        sources=(source,),
    )


def valid_unicode(text: str) -> str:
    """`text` with unpaired surrogates replaced by U+FFFD; any other text is returned unchanged.

    They come from JSON escapes such as "\\ud800" (and from file names that are not UTF-8); they are not
    characters, so UTF-8 output, Neo4j and the embedding model would all fail on them.
    """
    if text.isascii():
        return text
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")


def _best_id(references: list[str], title: str) -> str:
    """The first arXiv id among `references`, else the first DOI, else the title hash."""
    for find in (arxiv_id, doi):
        for reference in references:
            found = find(reference)
            if found:
                return found
    return title_id(title)


def id_rank(paper_id: str) -> int:
    """How strong an id is: 0 for an arXiv id, 1 for a DOI, 2 for a title hash (lower wins when merging)."""
    if paper_id.startswith("title:"):
        return 2
    return 1 if paper_id.startswith("10.") else 0
