"""Listing text, the shape of a scraped trending-papers page: header lines, date lines, title + abstract.

Accepted input (docs/sources.md has the full rules):
- Paragraphs are runs of non-blank lines; lines are stripped, a paragraph's lines are joined with
  one space (an abstract wrapped over several lines is one abstract).
- Page furniture ("new", "Subscribe", ...) is dropped wherever it appears; a date line ("Apr 22",
  "April 22, 2025", "2025-04-22") sets `listed` for the papers after it ("Apr 22, 2025" is stored ISO).
- Each paper is a title paragraph followed by an abstract paragraph. Text counts as an abstract when it
  is prose: longer than 300 characters or ending with a full stop. A title followed by another title has
  no abstract; prose with no title before it continues the previous paper's abstract.
- A paragraph whose first line is a title and whose remaining lines are prose is a title + abstract pair
  (no blank line between them); a paragraph holding a line longer than 300 characters is read line by
  line (a page with no blank lines at all).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date

from kg.records import Paper
from kg.sources.fields import make_paper, month_number
from kg.sources.textfile import TextFile

_PAGE_FURNITURE = frozenset(
    line.casefold()
    for line in (
        "new",
        "Get trending papers in your email inbox!",
        "Subscribe",
        "byAK and the research community",
        "by AK and the research community",
    )
)
_MONTH_DAY = re.compile(r"(?P<month>[a-z]{3,9})\.?\s+(?P<day>\d{1,2})(?:,?\s+(?P<year>\d{4}))?", re.IGNORECASE)
_ISO_DAY = re.compile(r"(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})")
_PROSE_LENGTH = 300  # titles are shorter; abstracts longer (or they end with a full stop)


@dataclass
class _Paragraph:
    """Consecutive non-blank lines of the file, stripped, with the number of the first one."""

    line: int
    lines: list[str]

    @property
    def text(self) -> str:
        """The paragraph as one line: its lines joined with single spaces."""
        return " ".join(self.lines)


@dataclass
class _Draft:
    """A paper being assembled: its title, where the title is, and the abstract paragraphs seen so far."""

    title: str
    line: int
    listed: str | None
    abstract: list[str] = field(default_factory=list)


def read_listing(file: TextFile) -> Iterator[Paper]:
    """Papers from a listing text file, in file order; warns once about titles without abstract and stray text."""
    reader = _ListingReader(file.name)
    for paragraph in _split_paragraphs(file):
        yield from reader.feed(paragraph)
    yield from reader.finish()
    reader.report(file.warn)


class _ListingReader:
    """The state machine that pairs titles with abstracts across paragraphs."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.listed: str | None = None
        self.pending_title: _Draft | None = None  # a title waiting for its abstract
        self.current: _Draft | None = None  # a finished pair that further prose may continue
        self.without_abstract: list[int] = []
        self.stray_prose: list[int] = []

    def feed(self, paragraph: _Paragraph) -> Iterator[Paper]:
        """Consume one paragraph; yield the papers it completes."""
        text = paragraph.text
        if text.casefold() in _PAGE_FURNITURE:
            return
        listed = _listing_date(text)
        if listed is not None:
            yield from self.finish()
            self.listed = listed
            return
        if self.pending_title is not None:
            if _is_prose(text):
                self.pending_title.abstract.append(text)
                self.current, self.pending_title = self.pending_title, None
                return
            yield from self.finish()
        yield from self._start(paragraph)

    def _start(self, paragraph: _Paragraph) -> Iterator[Paper]:
        """Handle a paragraph in title position: a title, a title + abstract, or more abstract."""
        first, rest = paragraph.lines[0], " ".join(paragraph.lines[1:])
        if _is_prose(first):
            if self.current is None:
                self.stray_prose.append(paragraph.line)
            else:
                self.current.abstract.append(paragraph.text)
            return
        yield from self.finish()
        if rest and _is_prose(rest):
            self.current = _Draft(first, paragraph.line, self.listed, [rest])
        else:
            self.pending_title = _Draft(paragraph.text, paragraph.line, self.listed)

    def finish(self) -> Iterator[Paper]:
        """Emit whatever is assembled (a finished pair and/or a title still waiting) and start afresh."""
        for draft in (self.current, self.pending_title):
            if draft is not None:
                if not draft.abstract:
                    self.without_abstract.append(draft.line)
                yield make_paper(
                    title=draft.title,
                    abstract="\n\n".join(draft.abstract),
                    source=f"{self.name}:{draft.line}",
                    listed=draft.listed,
                )
        self.current = self.pending_title = None

    def report(self, warn: Callable[[str], None]) -> None:
        """One warning per kind of oddity found in the file, naming the first lines concerned."""
        if self.without_abstract:
            warn(
                f"{self.name}: {len(self.without_abstract)} title(s) without an abstract (line(s) "
                f"{_first_lines(self.without_abstract)}); they are kept with an empty abstract"
            )
        if self.stray_prose:
            warn(
                f"{self.name}: skipped {len(self.stray_prose)} paragraph(s) of text with no title before them "
                f"(line(s) {_first_lines(self.stray_prose)})"
            )


def _split_paragraphs(file: TextFile) -> Iterator[_Paragraph]:
    """The file's paragraphs; furniture and date lines, and lines of unwrapped pages, stand alone."""
    block: list[tuple[int, str]] = []
    for number, raw in file.lines():
        line = raw.strip()
        if line:
            block.append((number, line))
        elif block:
            yield from _standalone_lines(block)
            block = []
    if block:
        yield from _standalone_lines(block)


def _standalone_lines(block: list[tuple[int, str]]) -> Iterator[_Paragraph]:
    """Split a block of lines at furniture/date lines; a block with an unwrapped (long) line goes line by line."""
    by_line = any(len(line) > _PROSE_LENGTH for _, line in block)
    run: list[tuple[int, str]] = []
    for number, line in block:
        if by_line or line.casefold() in _PAGE_FURNITURE or _listing_date(line) is not None:
            if run:
                yield _Paragraph(run[0][0], [text for _, text in run])
                run = []
            yield _Paragraph(number, [line])
        else:
            run.append((number, line))
    if run:
        yield _Paragraph(run[0][0], [text for _, text in run])


def _is_prose(text: str) -> bool:
    """Whether text reads as abstract prose rather than a title."""
    return len(text) > _PROSE_LENGTH or text.endswith(".")


def _listing_date(line: str) -> str | None:
    """The listing date a date line states: as given ("Apr 22"), or ISO when it names the year; else None."""
    match = _MONTH_DAY.fullmatch(line) or _ISO_DAY.fullmatch(line)
    if match is None:
        return None
    month_name = match["month"].casefold()
    month = int(month_name) if month_name.isdigit() else month_number(month_name)
    if month is None:
        return None
    year = match["year"]
    try:
        day = date(int(year or 2000), month, int(match["day"]))  # 2000 is a leap year: "Feb 29" is valid
    except ValueError:
        return None
    return day.isoformat() if year else line


def _first_lines(lines: list[int], shown: int = 5) -> str:
    """A short list of line numbers, e.g. "3, 9, 14 and 2 more"."""
    head = ", ".join(str(line) for line in lines[:shown])
    return head if len(lines) <= shown else f"{head} and {len(lines) - shown} more"
