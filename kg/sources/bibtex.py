r"""BibTeX entries with abstracts (bibtexparser 2): title, abstract, author, eprint, doi, url, date/year.

Field values are LaTeX. kg undoes only what is unambiguous: protective braces go ({BERT} -> BERT),
accent macros become letters (M{\"u}ller -> Müller), escaped specials their character (\% -> %),
``quotes'' plain double quotes, \url/\href/\emph-style wrappers their text. Math and every other
macro stay as written. bibtexparser needs the whole text, so a .bib file is read at once.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Iterator

import bibtexparser
from bibtexparser.model import Entry, ParsingFailedBlock

from kg.errors import KgError
from kg.records import Paper
from kg.sources.fields import iso_date, make_paper, month_number
from kg.sources.textfile import TextFile

# bibtexparser logs every syntax error itself; kg reports them as KgError, so keep its log quiet by default.
logging.getLogger("bibtexparser").addHandler(logging.NullHandler())

_COMBINING_ACCENTS = {
    '"': "\u0308", "'": "\u0301", "`": "\u0300", "^": "\u0302", "~": "\u0303", "=": "\u0304", ".": "\u0307",
    "c": "\u0327", "u": "\u0306", "v": "\u030c", "H": "\u030b", "k": "\u0328", "r": "\u030a",
}  # fmt: skip
_LATEX_MARKUP = re.compile(
    r"""\\href\s*\{(?P<href_url>[^{}]*)\}\s*\{(?P<href_text>[^{}]*)\}
    | \\(?P<escaped>[%&$#_{}])
    | \\(?P<accent>["'`^~=.]|[cuvHkr](?=[\s{]))\s*(?:\{\s*\\?(?P<braced_letter>[A-Za-z])\s*\}|\\?(?P<letter>[A-Za-z]))
    | \\(?:url|emph|textit|textbf|texttt|textsc|textrm|textsf|textup|mbox|text)(?=\s*\{)
    | (?P<quote>``|'')
    | (?P<brace>[{}])""",
    re.VERBOSE,
)
_AUTHOR_SEPARATOR = re.compile(r"\s+and\s+", re.IGNORECASE)


def read_bibtex(file: TextFile) -> Iterator[Paper]:
    """Papers from the entries of a BibTeX file, in file order; `source` is "path:line" of the entry."""
    library = bibtexparser.parse_string(file.text())
    untitled = 0
    for block in library.blocks:
        if isinstance(block, ParsingFailedBlock):
            if not isinstance(block.ignore_error_block, Entry):  # duplicates keep their entry; syntax errors do not
                reason = " ".join((getattr(block.error, "abort_reason", "") or str(block.error)).split())
                line = (block.start_line or 0) + 1
                raise KgError(f"{file.name}: line {line}: invalid BibTeX ({reason}); fix or remove the file")
            block = block.ignore_error_block
        if isinstance(block, Entry):
            paper = _entry_paper(block, f"{file.name}:{(block.start_line or 0) + 1}")
            untitled += paper is None
            if paper is not None:
                yield paper
    file.report_untitled(untitled)


def _entry_paper(entry: Entry, source: str) -> Paper | None:
    """One entry as a Paper, or None when it has no title; the first of duplicate fields counts."""
    fields: dict[str, str] = {}
    for entry_field in entry.fields:
        fields.setdefault(entry_field.key.lower(), str(entry_field.value))
    title = latex_to_text(fields.get("title", ""))
    if not title:
        return None
    doi = fields.get("doi", "").strip()
    return make_paper(
        title=title,
        abstract=latex_to_text(fields.get("abstract", "")),
        source=source,
        identifiers=[fields.get(key, "") for key in ("eprint", "arxivid", "doi")],
        links=[fields.get("url", ""), f"https://doi.org/{doi}" if doi else ""],
        texts=[value for key, value in fields.items() if key not in ("title", "abstract", "author", "url")],
        authors=[_display_name(name) for name in _split_authors(fields.get("author", ""))],
        published=iso_date(fields.get("date", "")) or _year_month(fields.get("year", ""), fields.get("month", "")),
        categories=[fields.get("primaryclass", "")],
    )


def latex_to_text(value: str) -> str:
    """A BibTeX value as plain text: braces, accents, escapes and text wrappers resolved, spacing collapsed."""
    return unicodedata.normalize("NFC", " ".join(_LATEX_MARKUP.sub(_resolve_markup, value).split()))


def _resolve_markup(match: re.Match[str]) -> str:
    """The plain text for one piece of LaTeX markup matched by _LATEX_MARKUP."""
    if match["href_url"] is not None:
        return f"{match['href_text']} ({match['href_url']})"
    if match["escaped"]:
        return match["escaped"]
    if match["accent"]:
        return (match["braced_letter"] or match["letter"]) + _COMBINING_ACCENTS[match["accent"]]
    if match["quote"]:
        return '"'
    return ""  # a text wrapper's name or a bare brace


def _split_authors(value: str) -> list[str]:
    """The names of an `author` field, split on "and" outside braces; "others" (et al.) is dropped."""
    names, pending = [], ""
    for piece in _AUTHOR_SEPARATOR.split(value):
        pending = f"{pending} and {piece}" if pending else piece
        if pending.count("{") <= pending.count("}"):  # an "and" inside braces belongs to one name
            names.append(pending)
            pending = ""
    names.append(pending)
    return [name for name in (latex_to_text(name) for name in names) if name and name.lower() != "others"]


def _display_name(name: str) -> str:
    """ "Last, First" / "Last, Jr, First" as "First Last" / "First Last Jr"; other forms as written."""
    parts = [part.strip() for part in name.split(",")]
    if len(parts) == 2:
        return f"{parts[1]} {parts[0]}".strip()
    if len(parts) == 3:
        return f"{parts[2]} {parts[0]} {parts[1]}".strip()
    return name


def _year_month(year: str, month: str) -> str | None:
    """An ISO year or year-month from BibTeX `year` and `month` ("apr", "April", "4")."""
    year = latex_to_text(year)
    if not iso_date(year):
        return None
    month = latex_to_text(month).lower()
    number = int(month) if month.isdigit() else month_number(month) or 0
    return f"{year}-{number:02d}" if 1 <= number <= 12 else year
