"""Every input format kg reads, in one registry: its reader, its file extensions, how its content looks.

Adding a format is one `SourceFormat` here: `kg sources/build --format` offer it, folders pick up
its extensions, and detection sniffs its content when the extension says nothing.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from kg.records import Paper
from kg.sources.arxiv_atom import read_arxiv_atom
from kg.sources.bibtex import read_bibtex
from kg.sources.json_records import read_json, read_jsonl
from kg.sources.listing import read_listing
from kg.sources.textfile import TextFile

__all__ = ["EXTENSIONS", "FORMATS", "SOURCE_FORMATS", "SourceFormat", "detect_format", "listing_suffix"]

_BIBTEX_ENTRY = re.compile(rb"^[ \t]*@[A-Za-z]+[ \t]*[{(]", re.MULTILINE)
_LEADING_BLANKS = b"\xef\xbb\xbf \t\r\n"


@dataclass(frozen=True)
class SourceFormat:
    """One input format: its `--format` name, reader, extensions, and a test of a file's first bytes."""

    name: str
    read: Callable[[TextFile], Iterator[Paper]]
    extensions: tuple[str, ...]
    sniff: Callable[[bytes], bool]  # whether a file's first bytes look like this format
    refines: str | None = None  # a file of that format by extension is of this one when `sniff` says so


def _starts_with(*prefixes: bytes) -> Callable[[bytes], bool]:
    """A sniffer: the content (after a BOM and blank space) starts with one of `prefixes`."""
    return lambda head: head.lstrip(_LEADING_BLANKS).startswith(prefixes)


def _looks_like_jsonl(head: bytes) -> bool:
    """Whether the first line is a whole JSON object and a further line starts another one."""
    lines = [line.strip() for line in head.lstrip(_LEADING_BLANKS).split(b"\n")]
    if len(lines) < 2 or not lines[0].startswith(b"{"):
        return False
    try:
        first = json.loads(lines[0])
    except (ValueError, RecursionError):
        return False
    return isinstance(first, dict) and any(line.startswith(b"{") for line in lines[1:])


SOURCE_FORMATS: dict[str, SourceFormat] = {
    source_format.name: source_format
    for source_format in (
        SourceFormat("listing", read_listing, (".txt", ".text"), lambda head: True),
        SourceFormat("arxiv", read_arxiv_atom, (".xml", ".atom"), _starts_with(b"<")),
        SourceFormat("json", read_json, (".json",), _starts_with(b"[", b"{")),
        SourceFormat("jsonl", read_jsonl, (".jsonl", ".ndjson"), _looks_like_jsonl, refines="json"),
        SourceFormat("bibtex", read_bibtex, (".bib", ".bibtex"), lambda head: _BIBTEX_ENTRY.search(head) is not None),
    )
}
"""Every format by its `--format` name."""

FORMATS = tuple(SOURCE_FORMATS)
EXTENSIONS = {
    extension: source_format.name for source_format in SOURCE_FORMATS.values() for extension in source_format.extensions
}
"""File extensions kg recognises (folders are searched for these), with the format each means."""
_SNIFF_ORDER = ("arxiv", "jsonl", "json", "bibtex", "listing")  # most specific test first; a listing is anything


def listing_suffix(path: Path) -> str:
    """The extension that says a file's format, lowercase: ".jsonl" for papers.jsonl and papers.jsonl.gz."""
    suffixes = [suffix.lower() for suffix in path.suffixes]
    return suffixes[-2] if len(suffixes) > 1 and suffixes[-1] == ".gz" else path.suffix.lower()


def detect_format(path: Path, head: bytes) -> SourceFormat:
    """The format of a file from its extension, or from its first bytes when the extension says nothing.

    A format that refines another takes the file when its sniffer agrees: a .json file whose first
    line is a complete object followed by another object line is JSON Lines.
    """
    by_extension = EXTENSIONS.get(listing_suffix(path))
    if by_extension is not None:
        for source_format in SOURCE_FORMATS.values():
            if source_format.refines == by_extension and source_format.sniff(head):
                return source_format
        return SOURCE_FORMATS[by_extension]
    return next(SOURCE_FORMATS[name] for name in _SNIFF_ORDER if SOURCE_FORMATS[name].sniff(head))
