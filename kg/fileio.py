"""Writing files so that nothing is half-written: a temp file next to the target, renamed on success."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

__all__ = ["atomic_write"]


@contextmanager
def atomic_write(path: str | Path, mode: int | None = None) -> Iterator[IO[str]]:
    """Open a temp file next to `path` for writing text; it replaces `path` only if the block succeeds.

    On any exception (including Ctrl-C) the temp file is removed and a previous `path` stays intact.
    The file gets permission bits `mode`, else the usual ones under the umask; the temp file is
    private (0600) until then, so a secret written with mode=0o600 is never readable by others.
    """
    target = Path(path)
    handle = tempfile.NamedTemporaryFile(
        "w", encoding="utf-8", dir=target.parent, prefix=f".{target.name}.", suffix=".tmp", delete=False
    )
    try:
        with handle:
            os.chmod(handle.name, mode if mode is not None else 0o666 & ~_umask())
            yield handle
        os.replace(handle.name, target)
    except BaseException:
        Path(handle.name).unlink(missing_ok=True)
        raise


def _umask() -> int:
    """The process umask (read by setting and restoring it), so temp files get normal permissions."""
    mask = os.umask(0)
    os.umask(mask)
    return mask
