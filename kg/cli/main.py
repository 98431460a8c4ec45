"""The `kg` command group: one-line errors, SIGTERM as Ctrl-C, kg's warnings and -v logging on stderr, progress bars.

Every command stays a few lines long and calls one library function; library errors (`KgError`)
become one-line `click.ClickException`s here. The commands live beside this file: `server` (kg neo4j
start|stop|status), `build` (kg sources, build, cache), `database` (kg ping, load, query) and
`files` (kg export, eval); `options` holds the options several commands share.
"""

from __future__ import annotations

import contextlib
import logging
import signal
import sys
import threading
from collections.abc import Iterator
from types import FrameType
from typing import Any

import click
from tqdm import tqdm

from kg import __version__
from kg.errors import KgError
from kg.progress import Advance

__all__ = ["main", "progress_bar"]


class _KgGroup(click.Group):
    """kg's command groups: a KgError from any command below becomes one `Error: ...` line and exit code 1."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except KgError as error:
            raise click.ClickException(str(error)) from None


@click.group(cls=_KgGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kg")
@click.option(
    "-v",
    "--verbose",
    is_flag=True,
    help="Log debug details to stderr, the Neo4j driver's included (never the password).",
)
@click.pass_context
def main(ctx: click.Context, verbose: bool) -> None:
    """kg: build a knowledge graph of papers, concepts, methods, datasets and code, and explore it in Neo4j."""
    ctx.with_resource(_sigterm_as_interrupt())
    ctx.with_resource(_warnings_on_stderr())
    if verbose:
        ctx.with_resource(_debug_logging())


@contextlib.contextmanager
def _sigterm_as_interrupt() -> Iterator[None]:
    """While a command runs, SIGTERM stops it as Ctrl-C does: temp files are removed, click prints "Aborted!"."""

    def interrupt(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt(f"signal {signum}")

    if threading.current_thread() is not threading.main_thread():  # only the main thread may set handlers
        yield
        return
    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


class _KgWarning(logging.Filter):
    """Passes kg's own warnings and errors (the one channel through which the library reports them)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.name.split(".")[0] == "kg" and record.levelno >= logging.WARNING


@contextlib.contextmanager
def _warnings_on_stderr() -> Iterator[None]:
    """While a command runs, kg's warnings print on stderr as `warning: ...`, one line each."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("warning: %(message)s"))
    handler.addFilter(_KgWarning())
    logger = logging.getLogger("kg")
    logger.addHandler(handler)
    try:
        yield
    finally:
        logger.removeHandler(handler)


@contextlib.contextmanager
def progress_bar(description: str, total: int, unit: str) -> Iterator[Advance]:
    """kg's `Progress` for the command line: a tqdm bar on stderr with the rate and the ETA.

    Extraction (minutes to hours) always shows it, also in a log file; other stages only on a
    terminal, so that a failure they end with stays one line in a log.
    """
    shown = description == "extracting" or sys.stderr.isatty()
    with tqdm(total=total, unit=unit, desc=description, file=sys.stderr, disable=not shown) as bar:
        yield bar.update


@contextlib.contextmanager
def _debug_logging() -> Iterator[None]:
    """While a command runs, kg's and the Neo4j driver's DEBUG records go to stderr (the driver masks credentials).

    kg's warnings are left to `_warnings_on_stderr`, so each prints once.
    """
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(lambda record: not _KgWarning().filter(record))
    loggers = [logging.getLogger(name) for name in ("kg", "neo4j")]
    levels = [logger.level for logger in loggers]
    logging.getLogger().addHandler(handler)
    for logger in loggers:
        logger.setLevel(logging.DEBUG)
    try:
        yield
    finally:
        logging.getLogger().removeHandler(handler)
        for logger, level in zip(loggers, levels):
            logger.setLevel(level)
