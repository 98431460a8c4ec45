"""Which files to read: files, folders (searched for the extensions of kg/sources/formats.py) and glob patterns."""

from __future__ import annotations

import glob
from collections.abc import Sequence
from pathlib import Path

from kg.errors import KgError
from kg.sources.formats import EXTENSIONS, listing_suffix

_GLOB_CHARACTERS = frozenset("*?[")


def expand_paths(paths: Sequence[str | Path], any_extension: bool = False) -> list[Path]:
    """The files named by `paths` (files, folders searched recursively, glob patterns), each once, in order.

    In folders, hidden entries are skipped and only files with a known extension (also gzipped:
    `.jsonl.gz`) are taken, unless `any_extension` (a format was forced, so every file is meant to be in it).
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
        and (any_extension or listing_suffix(file) in EXTENSIONS)
    ]
