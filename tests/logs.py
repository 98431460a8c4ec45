"""Collecting kg's warnings in tests: the library reports them on its loggers (one channel), the CLI prints them."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator


class _Collector(logging.Handler):
    """A handler keeping the message of every warning it sees."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__(logging.WARNING)
        self.messages = messages

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextlib.contextmanager
def kg_warnings() -> Iterator[list[str]]:
    """The messages of the warnings kg logs inside the block, in order."""
    messages: list[str] = []
    handler = _Collector(messages)
    logger = logging.getLogger("kg")
    logger.addHandler(handler)
    try:
        yield messages
    finally:
        logger.removeHandler(handler)
