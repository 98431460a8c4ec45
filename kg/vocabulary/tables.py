"""The one reader of the tables kg ships in kg/vocabulary/data/: word lists, gazetteers and taxonomy tables.

Every file is UTF-8 text, one entry per line; blank lines and lines starting with "#" are comments.
Word lists and gazetteers (`.txt`) also allow a comment after an entry ("name  # why it is listed");
tab-separated tables (`.tsv`) do not, since their patterns and names may hold "#".
"""

from __future__ import annotations

from collections.abc import Iterator
from importlib import resources

from kg.errors import KgError

__all__ = ["DATA_FOLDER", "table_lines"]

DATA_FOLDER = "kg/vocabulary/data"
"""Where the shipped tables live in the source tree (for messages)."""


def table_lines(file_name: str) -> Iterator[tuple[int, str]]:
    """(line number, entry) for every entry of a shipped file, comments dropped; KgError if it is missing.

    Entries of `.txt` files are stripped and lose a trailing "# comment"; `.tsv` rows keep their tabs.
    """
    try:
        text = resources.files("kg.vocabulary").joinpath("data", file_name).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise KgError(f"{DATA_FOLDER}/{file_name} is missing: reinstall kg") from None
    plain_list = file_name.endswith(".txt")
    for number, line in enumerate(text.splitlines(), start=1):
        entry = line.split("#", 1)[0].strip() if plain_list else line
        if entry.strip() and not entry.startswith("#"):
            yield number, entry
