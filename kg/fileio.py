"""Writing files and folders so that nothing is half-written: a temp sibling, renamed into place on success.

Both writers pick the temp name before creating anything and clean up in the same `try`, so an
interrupt (Ctrl-C, or SIGTERM, which the CLI turns into one) at any moment, even while the temp
file is being created, leaves no temp file behind. A failed write (no space, no permission, a
read-only file system, a quota) becomes a one-line KgError naming the path; the previous file or
folder stays as it was.
"""

from __future__ import annotations

import errno
import os
import secrets
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from kg.errors import KgError

__all__ = ["atomic_folder", "atomic_write", "check_folder_writable", "check_writable", "write_error"]

_WHAT_TO_DO = {
    errno.ENOSPC: "free some space or write elsewhere",
    errno.EDQUOT: "free some space under your quota or write elsewhere",
    errno.EACCES: "check the folder's permissions or write elsewhere",
    errno.EPERM: "check the folder's permissions or write elsewhere",
    errno.EROFS: "the file system is read-only: write elsewhere",
    errno.ENOENT: "its folder does not exist: create it or write elsewhere",
    errno.ENOTDIR: "a part of the path is not a folder: write elsewhere",
    errno.EISDIR: "that path is a folder: name a file",
}


def write_error(path: str | Path, error: OSError) -> KgError:
    """A one-line KgError for a failed write to `path`: what the system said and what to do."""
    reason = error.strerror or type(error).__name__
    advice = _WHAT_TO_DO.get(error.errno or 0, "check the path or write elsewhere")
    return KgError(f"cannot write {path}: {reason}; {advice}")


def check_writable(path: str | Path) -> None:
    """KgError (see `write_error`) unless a file can be written at `path`: checked before long work, not after it."""
    target = Path(path)
    if target.is_dir():
        raise write_error(target, IsADirectoryError(errno.EISDIR, "Is a directory"))
    _probe(target)


def check_folder_writable(path: str | Path, marker: str) -> None:
    """KgError unless `atomic_folder(path, marker)` could write `path`: checked before long work, not after it."""
    target = Path(path)
    if target.exists() and not _replaceable(target, marker):
        raise _not_ours(target, marker)
    _probe(target)


def _probe(target: Path) -> None:
    """KgError (see `write_error`) unless a file can be created next to `target`."""
    probe = _sibling_name(target, "probe")
    try:
        os.close(os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except OSError as error:
        raise write_error(target, error) from None
    finally:
        probe.unlink(missing_ok=True)


@contextmanager
def atomic_write(path: str | Path, mode: int | None = None) -> Iterator[IO[str]]:
    """Open a temp file next to `path` for writing text; it replaces `path` only if the block succeeds.

    On any exception (including Ctrl-C) the temp file is removed and a previous `path` stays intact.
    The file gets permission bits `mode`, else the usual ones under the umask; the temp file is
    private (0600) until then, so a secret written with mode=0o600 is never readable by others.
    An OSError while writing becomes a KgError naming `path` (see `write_error`).
    """
    target = Path(path)
    temporary = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
    try:
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with open(descriptor, "w", encoding="utf-8") as handle:
            os.chmod(temporary, mode if mode is not None else 0o666 & ~_umask())
            yield handle
        os.replace(temporary, target)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise write_error(target, error) from None
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


@contextmanager
def atomic_folder(path: str | Path, marker: str) -> Iterator[Path]:
    """Yield an empty temp folder next to `path`; on success it becomes `path`, on any exception it is removed.

    An existing `path` is replaced only when it is empty or holds `marker` (a file this writer
    puts there), so a mistyped `-o` never deletes someone's folder; the old folder stays intact
    until the new one is complete.
    """
    target = Path(path)
    if target.exists() and not _replaceable(target, marker):
        raise _not_ours(target, marker)
    staging = _sibling_name(target, "tmp")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        staging.mkdir()
        yield staging
        _swap_in(staging, target)
    except OSError as error:
        shutil.rmtree(staging, ignore_errors=True)
        raise write_error(target, error) from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _not_ours(target: Path, marker: str) -> KgError:
    """The error for a folder kg will not replace because it did not write it."""
    return KgError(f"{target} exists and is not a kg export (no {marker} in it); choose a new folder or remove it")


def _replaceable(target: Path, marker: str) -> bool:
    """True for an empty folder or a folder this writer wrote before."""
    return target.is_dir() and (not any(target.iterdir()) or (target / marker).is_file())


def _swap_in(staging: Path, target: Path) -> None:
    """Move `staging` to `target`; a previous `target` is renamed aside first and deleted only afterwards."""
    if not target.exists():
        os.replace(staging, target)
        return
    retired = _sibling_name(target, "old")
    os.replace(target, retired)
    try:
        os.replace(staging, target)
    except BaseException:
        os.replace(retired, target)
        raise
    shutil.rmtree(retired, ignore_errors=True)


def _sibling_name(target: Path, suffix: str) -> Path:
    """A new hidden name next to `target` (8 random hex digits: a clash is not a practical concern)."""
    return target.with_name(f".{target.name}.{secrets.token_hex(4)}.{suffix}")


def _umask() -> int:
    """The process umask (read by setting and restoring it), so temp files get normal permissions."""
    mask = os.umask(0)
    os.umask(mask)
    return mask
