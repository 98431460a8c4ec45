"""Write a folder of files atomically: build it beside the target, then swap it in with renames."""

from __future__ import annotations

import os
import secrets
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from kg.errors import KgError

__all__ = ["atomic_folder"]


@contextmanager
def atomic_folder(path: str | Path, marker: str) -> Iterator[Path]:
    """Yield an empty temp folder next to `path`; on success it becomes `path`, on any exception it is removed.

    An existing `path` is replaced only when it is empty or holds `marker` (a file this exporter
    writes), so a mistyped `-o` never deletes someone's folder; the old folder stays intact until
    the new one is complete.
    """
    target = Path(path)
    if target.exists() and not _replaceable(target, marker):
        raise KgError(f"{target} exists and is not a kg export (no {marker} in it); choose a new folder or remove it")
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = _new_sibling(target, "tmp")
    try:
        yield staging
        _swap_in(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _replaceable(target: Path, marker: str) -> bool:
    """True for an empty folder or a folder this exporter wrote before."""
    return target.is_dir() and (not any(target.iterdir()) or (target / marker).is_file())


def _swap_in(staging: Path, target: Path) -> None:
    """Move `staging` to `target`; a previous `target` is renamed aside first and deleted only afterwards."""
    if not target.exists():
        os.replace(staging, target)
        return
    retired = _new_sibling(target, "old")
    os.replace(target, retired)
    try:
        os.replace(staging, target)
    except BaseException:
        os.replace(retired, target)
        raise
    shutil.rmtree(retired, ignore_errors=True)


def _new_sibling(target: Path, suffix: str) -> Path:
    """Create a new hidden folder next to `target` (normal permissions: mkdir honours the umask)."""
    while True:
        sibling = target.with_name(f".{target.name}.{secrets.token_hex(4)}.{suffix}")
        try:
            sibling.mkdir()
            return sibling
        except FileExistsError:
            continue
