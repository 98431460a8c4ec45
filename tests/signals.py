"""Signal set-up for child processes the tests start and then interrupt."""

from __future__ import annotations

import signal


def default_sigint() -> None:
    """In the child before exec: let SIGINT interrupt, even when the tests run in a background job that ignores it."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)
