"""Which files to read and in which format: folders, glob patterns, file extensions and content sniffing."""

from __future__ import annotations

import glob
import json
import re
from collections.abc import Sequence
from pathlib import Path

from kg.errors import KgError

EXTENSIONS = {
    ".txt": "listing",
    ".text": "listing",
    ".xml": "arxiv",
    ".atom": "arxiv",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".bib": "bibtex",
    ".bibtex": "bibtex",
}
_GLOB_CHARACTERS = frozenset("*?[")
_BIBTEX_ENTRY = re.compile(rb"^[ \t]*@[A-Za-z]+[ \t]*[{(]", re.MULTILINE)


def expand_paths(paths: Sequence[str | Path], any_extension: bool = False) -> list[Path]:
    """The files named by `paths` (files, folders searched recursively, glob patterns), each once, in order.

    In folders, hidden entries are skipped and only files with a known extension are taken, unless
    `any_extension` (a format was forced, so every file is meant to be in it).
    """
    files: dict[Path, Path] = {}
    for given in paths:
        path = Path(given)
        if path.exists():
            found = _files_under(path, any_extension)
            if not found:
                kinds = " ".join(sorted(EXTENSIONS))
                raise KgError(f"{path}: no paper files in this folder (looked for {kinds}); pass files or --format")
        elif _GLOB_CHARACTERS & set(str(given)):
            matches = sorted(glob.glob(str(given), recursive=True))
            found = [file for match in matches for file in _files_under(Path(match), any_extension)]
            if not found:
                raise KgError(f"{given}: no files match this pattern")
        else:
            raise KgError(f"{given}: no such file or folder")
        for file in found:
            files.setdefault(file.resolve(), file)
    return list(files.values())


def _files_under(path: Path, any_extension: bool) -> list[Path]:
    """`path` itself if it is a file, else the visible files below it (with a known extension unless told otherwise)."""
    if not path.is_dir():
        return [path]
    return [
        file
        for file in sorted(path.rglob("*"))
        if file.is_file()
        and not any(part.startswith(".") for part in file.relative_to(path).parts)
        and (any_extension or file.suffix.lower() in EXTENSIONS)
    ]


def detect_format(path: Path, head: bytes) -> str:
    """The format of a file from its extension, or from its first bytes when the extension says nothing.

    A .json file whose first line is a complete object followed by another object line is JSON Lines.
    """
    by_extension = EXTENSIONS.get(path.suffix.lower())
    if by_extension == "json" and _looks_like_jsonl(head):
        return "jsonl"
    return by_extension or _sniff(head)


def _sniff(head: bytes) -> str:
    """The format suggested by the first bytes of a file."""
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if start.startswith(b"<"):
        return "arxiv"
    if start.startswith(b"["):
        return "json"
    if start.startswith(b"{"):
        return "jsonl" if _looks_like_jsonl(start) else "json"
    return "bibtex" if _BIBTEX_ENTRY.search(head) else "listing"


def _looks_like_jsonl(head: bytes) -> bool:
    """Whether the first line is a whole JSON object and a further line starts another one."""
    lines = [line.strip() for line in head.lstrip(b"\xef\xbb\xbf \t\r\n").split(b"\n")]
    if len(lines) < 2 or not lines[0].startswith(b"{"):
        return False
    try:
        first = json.loads(lines[0])
    except (ValueError, RecursionError):
        return False
    return isinstance(first, dict) and any(line.startswith(b"{") for line in lines[1:])
