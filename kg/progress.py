"""How long-running library work reports progress without knowing who shows it.

A `Progress` is called with a description and a total when a stage starts and yields a function
that is called with each increment; the CLI passes one that draws a tqdm bar on stderr, library
callers pass nothing (`no_progress`).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager

__all__ = ["Advance", "Progress", "no_progress"]

Advance = Callable[[int], None]
"""Called with each increment of work done (papers extracted, rows written)."""

Progress = Callable[[str, int, str], AbstractContextManager[Advance]]
"""(description, total, unit) -> a context that yields the `Advance` function of that stage."""


@contextlib.contextmanager
def no_progress(description: str, total: int, unit: str) -> Iterator[Advance]:
    """A `Progress` that shows nothing."""
    yield lambda done: None
