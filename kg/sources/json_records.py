"""JSON and JSON Lines paper records: plain objects, and the Hugging Face daily-papers API shape.

A plain record has `title` and `abstract` (or `summary`), optionally `id`, `url`, `authors` (strings or
{"name": ...} objects), `published`, `github`/`repo` and more; a daily-papers item wraps those in a
`paper` object (`id` = arXiv id, `publishedAt`, `githubRepo`, ...). JSONL is read one line at a time;
a .json document is parsed whole (json needs all of it), so memory holds that file's text and objects.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from kg.errors import KgError
from kg.records import Paper
from kg.sources.fields import iso_date, make_paper
from kg.sources.textfile import TextFile

_IDENTIFIER_FIELDS = frozenset({"id", "arxiv_id", "arxivid", "arxiv", "doi", "eprint"})
_LINK_FIELDS = frozenset({"url", "urls", "link", "links", "pdf_url", "abs_url"})
_DATE_FIELDS = ("published", "publishedat", "published_at", "date", "year")
_READ_APART = frozenset({"title", "abstract", "summary", "authors", "categories", "listed", "sources", *_DATE_FIELDS})
_LIST_KEYS = ("papers", "data")  # a top-level object holding its records under one of these keys


def read_json(file: TextFile) -> Iterator[Paper]:
    """Papers from a JSON document: a list of records, one record, or {"papers"/"data": [records]}."""
    document = _parse(file.text(), file.name, line_offset=0, whole_file=True)
    untitled = 0
    for number, record in enumerate(_records(document, file.name), start=1):
        paper = _record_paper(record, f"{file.name}#{number}")
        untitled += paper is None
        if paper is not None:
            yield paper
    file.report_untitled(untitled)


def read_jsonl(file: TextFile) -> Iterator[Paper]:
    """Papers from JSON Lines: one record per non-blank line; `source` is "path:line"."""
    untitled = 0
    for number, line in file.lines():
        if line.strip():
            paper = _record_paper(_parse(line, file.name, line_offset=number - 1), f"{file.name}:{number}")
            untitled += paper is None
            if paper is not None:
                yield paper
    file.report_untitled(untitled)


def _parse(text: str, name: str, line_offset: int, whole_file: bool = False) -> Any:
    """json.loads with failures turned into one-line KgErrors that give the line and column."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        hint = (
            "; if it holds one JSON object per line, name it .jsonl or pass --format jsonl"
            if whole_file and error.msg == "Extra data"
            else ""
        )
        raise KgError(
            f"{name}: line {error.lineno + line_offset}, column {error.colno}: invalid JSON ({error.msg}); "
            f"fix or remove the file{hint}"
        ) from None
    except RecursionError:
        raise KgError(
            f"{name}: line {line_offset + 1}: JSON nested too deeply to read; fix or remove the file"
        ) from None


def _records(document: Any, name: str) -> list[Any]:
    """The list of records a parsed JSON document holds."""
    if isinstance(document, list):
        return document
    if isinstance(document, dict):
        for key in _LIST_KEYS:
            if isinstance(document.get(key), list):
                return document[key]
        return [document]
    raise KgError(f"{name}: JSON holds a {_kind(document)}, not paper records; pass a list of objects with a title")


def _record_paper(record: Any, source: str) -> Paper | None:
    """One JSON object as a Paper, or None when it has no title."""
    if not isinstance(record, dict):
        raise KgError(f"{source}: expected a JSON object per paper, found a {_kind(record)}; fix or remove the file")
    if isinstance(record.get("paper"), dict):  # daily-papers item: the wrapper's title/summary are fallbacks
        record = {key: record[key] for key in ("title", "summary") if key in record} | record["paper"]
    fields = {str(key).lower(): value for key, value in record.items()}
    title = fields.get("title")
    if not isinstance(title, str) or not title.strip():
        return None
    abstract = next((value for key in ("abstract", "summary") if isinstance(value := fields.get(key), str)), "")
    listed = fields.get("listed")
    return make_paper(
        title=title.strip(),
        abstract=abstract.strip(),
        source=source,
        identifiers=[str(value) for key, value in fields.items() if key in _IDENTIFIER_FIELDS and _is_scalar(value)],
        links=[text for key, value in fields.items() if key in _LINK_FIELDS for text in _strings(value)],
        texts=[
            text
            for key, value in fields.items()
            if key not in _READ_APART | _LINK_FIELDS | _IDENTIFIER_FIELDS
            for text in _strings(value)
        ],
        authors=_authors(fields.get("authors")),
        published=_published(fields),
        listed=(listed.strip() or None) if isinstance(listed, str) else None,
        categories=_strings(fields.get("categories"), split=True),
    )


def _published(fields: dict[str, Any]) -> str | None:
    """The first date field that holds an ISO date (`published`, `publishedAt`, `date`, `year`, ...)."""
    dates = (iso_date(str(fields[key])) for key in _DATE_FIELDS if _is_scalar(fields.get(key)))
    return next((found for found in dates if found), None)


def _authors(value: Any) -> list[str]:
    """Author names from a list of strings or {"name": ...} objects, or one comma/"and"-separated string."""
    if isinstance(value, str):
        return [name for part in value.split(",") for name in part.split(" and ")]
    if not isinstance(value, list):
        return []
    names = (item.get("name") if isinstance(item, dict) else item for item in value)
    return [name for name in names if isinstance(name, str)]


def _strings(value: Any, split: bool = False) -> list[str]:
    """The string(s) in a field: a string (split on whitespace if `split`) or the strings of a list."""
    if isinstance(value, str):
        return value.split() if split else [value]
    if isinstance(value, list):
        return [item for item in value if isinstance(item, str)]
    return []


def _is_scalar(value: Any) -> bool:
    """Whether a JSON value is a string or a number (an id or date can be either), not null/bool/list/object."""
    return isinstance(value, (str, int, float)) and not isinstance(value, bool)


def _kind(value: Any) -> str:
    """The JSON name of a value's type, for messages."""
    names = {dict: "object", list: "list", str: "string", bool: "boolean", type(None): "null"}
    return names.get(type(value), "number")
