"""arXiv API Atom XML (an arXiv query export), read entry by entry with a hardened streaming parser.

defusedxml refuses entity declarations and external references (billion laughs, XXE); entries are
parsed with iterparse and dropped once read, so memory holds one entry at a time.
"""

from __future__ import annotations

from collections.abc import Iterator
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

from kg.errors import KgError
from kg.records import Paper
from kg.sources.fields import iso_date, make_paper
from kg.sources.textfile import TextFile

ATOM = "{http://www.w3.org/2005/Atom}"
ARXIV = "{http://arxiv.org/schemas/atom}"
_API_ERROR_ID = "arxiv.org/api/errors"


class _DecodedStream:
    """A file-like `read()` handing iterparse one decoded line at a time (str input is parsed as UTF-8)."""

    def __init__(self, file: TextFile) -> None:
        self._lines = (text for _, text in file.lines())

    def read(self, size: int = -1) -> str:
        return next(self._lines, "")


def read_arxiv_atom(file: TextFile) -> Iterator[Paper]:
    """Papers from the <entry> elements of an arXiv Atom feed, in feed order; `source` is "path#N"."""
    untitled = 0
    try:
        events = iterparse(
            _DecodedStream(file), events=("start", "end"), forbid_dtd=False, forbid_entities=True, forbid_external=True
        )
        feed: Element | None = None
        number = 0
        for event, element in events:
            if feed is None:
                feed = _checked_feed(file.name, element)
            elif event == "end" and element.tag == f"{ATOM}entry":
                number += 1
                paper = _entry_paper(element, f"{file.name}#{number}")
                if paper is None:
                    untitled += 1
                else:
                    yield paper
                element.clear()
                if len(feed) and feed[-1] is element:
                    del feed[-1]
    except ParseError as error:
        line, column = error.position
        reason = str(error).rsplit(": line ", 1)[0]
        raise KgError(
            f"{file.name}: line {line}, column {column + 1}: invalid XML ({reason}); fix or remove the file"
        ) from None
    except DefusedXmlException:
        raise KgError(
            f"{file.name}: the XML declares entities or external references, which kg never expands (unsafe XML); "
            "remove its DOCTYPE or export the feed again"
        ) from None
    file.report_untitled(untitled)


def _checked_feed(name: str, root: Element) -> Element:
    """The root element, if it is an Atom <feed>; otherwise a KgError saying what the file is instead."""
    if root.tag != f"{ATOM}feed":
        local = root.tag.rsplit("}", 1)[-1]
        raise KgError(f"{name}: XML root is <{local}>, not an Atom <feed> from the arXiv API; pass an arXiv export")
    return root


def _entry_paper(entry: Element, source: str) -> Paper | None:
    """One <entry> as a Paper (None when it has no title); the arXiv API's error entry is a KgError."""
    entry_id = _text(entry, f"{ATOM}id")
    if _API_ERROR_ID in entry_id:
        raise KgError(
            f"{source}: the arXiv API answered with an error ({_text(entry, f'{ATOM}summary')}); "
            "fix the query and export again"
        )
    title = _text(entry, f"{ATOM}title")
    if not title:
        return None
    primary = entry.find(f"{ARXIV}primary_category")
    categories = [element.get("term", "") for element in entry.findall(f"{ATOM}category")]
    return make_paper(
        title=title,
        abstract=_text(entry, f"{ATOM}summary"),
        source=source,
        identifiers=[entry_id, _text(entry, f"{ARXIV}doi")],
        links=[entry_id, *(link.get("href", "") for link in entry.findall(f"{ATOM}link"))],
        texts=[_text(entry, f"{ARXIV}comment"), _text(entry, f"{ARXIV}journal_ref")],
        authors=[_text(author, f"{ATOM}name") for author in entry.findall(f"{ATOM}author")],
        published=iso_date(_text(entry, f"{ATOM}published")) or iso_date(_text(entry, f"{ATOM}updated")),
        categories=[primary.get("term", "")] + categories if primary is not None else categories,
    )


def _text(element: Element, tag: str) -> str:
    """The first `tag` child's text with whitespace normalized ('' when absent): arXiv hard-wraps its text."""
    return " ".join((element.findtext(tag) or "").split())
