"""Input files as text: pipes, devices, empty, binary and UTF-16/32 files are refused; bad UTF-8 is replaced;
gzip-compressed files (`papers.jsonl.gz`) are read as what is inside, streaming.

Binary content is recognised by what it is, not by a knife-edge share of odd bytes: common binary
types by their magic numbers (a PDF, an image, an archive, each with what to do instead), any other
file by undecodable bytes, NULs and other control characters making up more than a tenth of its first
8 KiB (text has next to none, random bytes more than half: no file is near the line). Undecodable
bytes in text give one warning per file.
"""

from __future__ import annotations

import codecs
import gzip
import logging
import stat
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from kg.errors import KgError

_log = logging.getLogger(__name__)

SNIFF_BYTES = 8192
_TEXT_CONTROLS = frozenset("\t\n\r\f\v")
_ODD_SHARE = 0.1  # undecodable or control characters in the first 8 KiB: text has ~0, random bytes ~0.5
_WIDE_UNICODE_BOMS = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_GZIP = b"\x1f\x8b"
_DAMAGED_GZIP = (EOFError, zlib.error, gzip.BadGzipFile)
# Binary types people pass by mistake, by the magic bytes they start with, grouped by what to do instead.
_KNOWN_BINARIES: tuple[tuple[str, dict[bytes, str]], ...] = (
    (
        "kg reads listings of titles and abstracts (arXiv Atom, BibTeX, JSON, text), not papers' PDFs",
        {b"%PDF-": "a PDF"},
    ),
    (
        "pass a paper listing instead",
        {
            b"\x89PNG\r\n\x1a\n": "a PNG image",
            b"\xff\xd8\xff": "a JPEG image",
            b"GIF8": "a GIF image",
            b"II*\x00": "a TIFF image",
            b"MM\x00*": "a TIFF image",
            b"\x7fELF": "an executable",
        },
    ),
    (
        "extract the listing and pass that file",
        {
            b"PK\x03\x04": "a zip archive (or an Office document)",
            b"7z\xbc\xaf\x27\x1c": "a 7-Zip archive",
            b"Rar!\x1a\x07": "a RAR archive",
        },
    ),
    (
        "decompress it (kg reads .gz directly) and pass the listing",
        {b"BZh": "a bzip2 file", b"\xfd7zXZ\x00": "an xz file", b"\x28\xb5\x2f\xfd": "a zstd file"},
    ),
    ("export the records as JSON Lines and pass that", {b"SQLite format 3\x00": "an SQLite database"}),
)


class TextFile:
    """One input file, checked on opening; hands out its lines or whole text decoded as UTF-8.

    Undecodable bytes become U+FFFD and the first occurrence is reported (`warn`), once per file.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.name = str(path)
        self._warned_decoding = False
        self.compressed = False
        self.head = self._checked_head()

    def _checked_head(self) -> bytes:
        """The first bytes of the (decompressed) file, after refusing unreadable, non-regular, empty, UTF-16/32 and
        binary files."""
        try:
            if not stat.S_ISREG(self.path.stat().st_mode):  # a FIFO would block forever, a device never end
                raise KgError(
                    f"{self.name}: not a regular file (a pipe, device or socket); save the input to a file and pass "
                    "that"
                )
            with self.path.open("rb") as file:
                raw = file.read(SNIFF_BYTES)
            self.compressed = raw.startswith(_GZIP)
            with self.open() as file:
                head = file.read(SNIFF_BYTES)
                longer = bool(file.read(1))
        except _DAMAGED_GZIP:
            raise self._damaged_gzip() from None
        except OSError as error:
            raise KgError(
                f"{self.name}: cannot read the file ({error.strerror}); check the path and its permissions"
            ) from None
        if not head.strip() and not longer:
            raise KgError(f"{self.name}: empty file; remove it or give it paper records")
        if head.startswith(_WIDE_UNICODE_BOMS):
            raise KgError(f"{self.name}: UTF-16/UTF-32 text; kg reads UTF-8: re-save it as UTF-8 (e.g. iconv -t UTF-8)")
        self._refuse_binary(head)
        return head

    def _refuse_binary(self, head: bytes) -> None:
        """KgError for a known binary type (by its magic number) or content that is not text."""
        for advice, kinds in _KNOWN_BINARIES:
            for magic, kind in kinds.items():
                if head.startswith(magic):
                    raise KgError(f"{self.name}: {kind}, not a paper listing; {advice}")
        if head[257:262] == b"ustar":
            raise KgError(f"{self.name}: a tar archive, not a paper listing; extract the listing and pass that file")
        text = head.decode("utf-8", errors="replace")
        odd = sum(character == "\ufffd" or (character < " " and character not in _TEXT_CONTROLS) for character in text)
        if odd > len(text) * _ODD_SHARE:
            raise KgError(f"{self.name}: binary file, not a paper listing; remove it or pass the intended file")

    def _damaged_gzip(self) -> KgError:
        """The error for a gzip file that cannot be decompressed to its end."""
        return KgError(f"{self.name}: a damaged or cut-off gzip file; compress the listing again")

    def open(self) -> BinaryIO:
        """The file's bytes, decompressed when it is gzip, as a stream."""
        if self.compressed:
            return gzip.GzipFile(self.path, "rb")  # type: ignore[return-value]  # a BinaryIO in all but name
        return self.path.open("rb")

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
        try:
            with self.open() as file:
                for number, raw in enumerate(file, start=1):
                    yield number, self.decode(raw.removeprefix(codecs.BOM_UTF8) if number == 1 else raw, number)
        except _DAMAGED_GZIP:
            raise self._damaged_gzip() from None

    def text(self) -> str:
        """The whole file as one string (for formats whose parser needs the complete document)."""
        try:
            with self.open() as file:
                return self.decode(file.read().removeprefix(codecs.BOM_UTF8))
        except _DAMAGED_GZIP:
            raise self._damaged_gzip() from None
