"""Input files as text: pipes, devices, empty, binary and UTF-16/32 files are refused; bad UTF-8 is replaced.

Undecodable bytes give one warning per file.
"""

from __future__ import annotations

import codecs
import logging
import stat
from collections.abc import Iterator
from pathlib import Path

from kg.errors import KgError

_log = logging.getLogger(__name__)

SNIFF_BYTES = 8192
_CONTROL_BYTES = frozenset(set(range(32)) - set(b"\t\n\r\f\v"))
_BINARY_CONTROL_SHARE = 0.1  # more control bytes than this in the first 8 KiB: a binary file, not text
_WIDE_UNICODE_BOMS = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


class TextFile:
    """One input file, checked on opening; hands out its lines or whole text decoded as UTF-8.

    Undecodable bytes become U+FFFD and the first occurrence is reported (`warn`), once per file.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.name = str(path)
        self._warned_decoding = False
        self.head = self._checked_head()

    def _checked_head(self) -> bytes:
        """The first bytes of the file, after refusing unreadable, non-regular, empty, UTF-16/32 and binary files."""
        try:
            if not stat.S_ISREG(self.path.stat().st_mode):  # a FIFO would block forever, a device never end
                raise KgError(
                    f"{self.name}: not a regular file (a pipe, device or socket); save the input to a file and pass "
                    "that"
                )
            with self.path.open("rb") as file:
                head = file.read(SNIFF_BYTES)
                longer = bool(file.read(1))
        except OSError as error:
            raise KgError(
                f"{self.name}: cannot read the file ({error.strerror}); check the path and its permissions"
            ) from None
        if not head.strip() and not longer:
            raise KgError(f"{self.name}: empty file; remove it or give it paper records")
        if head.startswith(_WIDE_UNICODE_BOMS):
            raise KgError(f"{self.name}: UTF-16/UTF-32 text; kg reads UTF-8: re-save it as UTF-8 (e.g. iconv -t UTF-8)")
        if sum(byte in _CONTROL_BYTES for byte in head) > len(head) * _BINARY_CONTROL_SHARE:
            raise KgError(f"{self.name}: binary file, not a paper listing; remove it or pass the intended file")
        return head

    def warn(self, message: str) -> None:
        """Report something odd about this file (a warning on the `kg.sources` logger; `message` names the file)."""
        _log.warning("%s", message)

    def decode(self, raw: bytes, first_line: int = 1) -> str:
        """`raw` (which starts at line `first_line`) as text; bad UTF-8 is replaced and warned about once."""
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError as error:
            if not self._warned_decoding:
                self._warned_decoding = True
                line = first_line + raw.count(b"\n", 0, error.start)
                self.warn(
                    f"{self.name}: line {line}: text is not valid UTF-8; undecodable bytes were replaced "
                    "with U+FFFD (re-save the file as UTF-8 to keep them)"
                )
            return raw.decode("utf-8", errors="replace")

    def report_untitled(self, count: int) -> None:
        """Warn once that `count` records of this file had no title and were skipped (nothing when 0)."""
        if count:
            self.warn(f"{self.name}: skipped {count} record(s) without a title")

    def lines(self) -> Iterator[tuple[int, str]]:
        """(line number from 1, line text with its line break) for every line, read one at a time."""
        with self.path.open("rb") as file:
            for number, raw in enumerate(file, start=1):
                yield number, self.decode(raw.removeprefix(codecs.BOM_UTF8) if number == 1 else raw, number)

    def text(self) -> str:
        """The whole file as one string (for formats whose parser needs the complete document)."""
        return self.decode(self.path.read_bytes().removeprefix(codecs.BOM_UTF8))
