"""The operating-system side of the local server's processes: is a pid ours, stop it, read its log's tail."""

from __future__ import annotations

import contextlib
import os
import signal
import time
from pathlib import Path

__all__ = ["alive", "last_line", "runs", "tail", "terminate"]


def runs(pid: int, *arguments: str) -> bool:
    """True when process `pid` is alive and has all these command-line arguments (so a reused pid is not ours)."""
    try:
        actual = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return False
    return all(argument.encode() in actual for argument in arguments)


def terminate(pid: int, grace: float) -> None:
    """SIGTERM the process (a clean shutdown), SIGKILL it if it is still alive after `grace` seconds."""
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + grace
    while time.monotonic() < deadline:
        if not alive(pid):
            return
        time.sleep(0.25)
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)
    while alive(pid):
        time.sleep(0.1)


def alive(pid: int) -> bool:
    """True while `pid` exists and is not a zombie (reaping it when it is our child)."""
    with contextlib.suppress(ChildProcessError):
        if os.waitpid(pid, os.WNOHANG)[0] == pid:
            return False
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


def tail(path: Path, lines: int = 40) -> str:
    """The last `lines` lines of a log file ("" when it cannot be read)."""
    with contextlib.suppress(OSError):
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    return ""


def last_line(text: str) -> str:
    """The last meaningful line of a tool's output, for a one-line error."""
    meaningful = [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("\tat ")]
    return meaningful[-1] if meaningful else "no output"
