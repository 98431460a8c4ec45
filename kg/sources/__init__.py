"""Reading paper listings into `Paper` records: one module per input format, detection, and merging.

`read_papers` is the single entry point: files, folders and glob patterns of any mix of listing text,
arXiv Atom XML, JSON/JSONL (plain or Hugging Face daily-papers) and BibTeX, merged into one record per
paper. docs/sources.md describes the formats, ids and merge rules.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

from kg.errors import KgError
from kg.records import Paper
from kg.sources.formats import FORMATS, SOURCE_FORMATS, detect_format
from kg.sources.merge import merge_papers
from kg.sources.paths import expand_paths
from kg.sources.textfile import TextFile

__all__ = ["FORMATS", "read_papers"]


def read_papers(
    paths: Sequence[str | Path],
    format: str | None = None,
) -> Iterator[Paper]:
    """Merged Paper records from files, folders and glob patterns; `format` forces one format for all files.

    Paths are checked at once (KgError for a missing file or an empty folder); files are read as the
    result is iterated, and a malformed file raises KgError naming the file and line or record.
    Warnings (bad UTF-8, skipped records, files without papers) go to the `kg.sources` loggers.
    """
    if format is not None and format not in SOURCE_FORMATS:
        raise KgError(f"unknown format {format!r}; use one of: {', '.join(FORMATS)}")
    if isinstance(paths, (str, Path)):  # one path given bare, not a list of paths
        paths = [paths]
    if not paths:
        raise KgError("no input given; pass paper files, folders or glob patterns")
    files = expand_paths(paths, any_extension=format is not None)
    return merge_papers(_read_files(files, format))


def _read_files(files: list[Path], format: str | None) -> Iterator[Paper]:
    """Every record of every file, unmerged, in file order; warns about files that hold no paper."""
    for path in files:
        file = TextFile(path)
        read = (SOURCE_FORMATS[format] if format is not None else detect_format(path, file.head)).read
        found = 0
        for paper in read(file):
            found += 1
            yield paper
        if not found:
            file.warn(f"{file.name}: no papers found in this file")
