"""Which text encoding a data file is in, decided per file and without reading it whole.

Spreadsheet exports in France are UTF-8 (with or without BOM) or Windows-1252. The rule:

* a UTF-8 BOM means UTF-8; a UTF-16 BOM is refused (save as UTF-8);
* otherwise the bytes are read as UTF-8 and two things are counted: well-formed non-ASCII
  sequences and bytes that are not UTF-8. No invalid byte: UTF-8. More well-formed sequences
  than invalid bytes: the file *is* UTF-8 with damage, and the first bad byte is an error
  (decoding it as Windows-1252 would turn every « É » into « Ã‰ »). Otherwise: Windows-1252,
  where the five bytes Windows-1252 leaves undefined are an error.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from pathlib import Path

CHUNK = 1 << 20
# With "surrogateescape", each byte that is not UTF-8 comes back as U+DC80–U+DCFF.
_INVALID = re.compile("[\udc80-\udcff]")
_UNDEFINED = re.compile("[\udc81\udc8d\udc8f\udc90\udc9d]")  # undefined in Windows-1252


class EncodingProblem(ValueError):
    """The file's bytes are not valid text in the encoding it was detected to be in."""


@dataclass(frozen=True)
class Detected:
    """The codec to open the file with (``utf-8-sig`` skips a BOM), and whether any byte was
    beyond ASCII (a pure ASCII file reads the same in every encoding a file may declare)."""

    codec: str
    name: str
    non_ascii: bool = True


@dataclass
class _Scan:
    well_formed: int = 0
    invalid: int = 0
    first_bad: tuple[int, int] | None = None  # (line, byte value)
    cp1252_bad: tuple[int, int] | None = None
    line: int = 1


def detect_file(path: Path) -> Detected:
    """Scan ``path`` in chunks; raise :class:`EncodingProblem` saying what is wrong and where."""
    with path.open("rb") as stream:
        head = stream.read(4)
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            raise EncodingProblem("UTF-16 text is not accepted; save the file as UTF-8")
        stream.seek(0)
        scan = _Scan()
        decoder = codecs.getincrementaldecoder("utf-8")(errors="surrogateescape")
        while chunk := stream.read(CHUNK):
            _count(scan, decoder.decode(chunk))
        _count(scan, decoder.decode(b"", final=True))
    return _decide(scan)


def detect_bytes(raw: bytes) -> Detected:
    """:func:`detect_file` for text already in memory (small files, tests)."""
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise EncodingProblem("UTF-16 text is not accepted; save the file as UTF-8")
    scan = _Scan()
    _count(scan, raw.decode("utf-8", errors="surrogateescape"))
    return _decide(scan)


def _count(scan: _Scan, text: str) -> None:
    if not text.isascii():
        invalid = len(_INVALID.findall(text))
        scan.invalid += invalid
        scan.well_formed += len(text) - len(text.encode("ascii", errors="ignore")) - invalid
        scan.first_bad = scan.first_bad or _first(scan, text, _INVALID)
        scan.cp1252_bad = scan.cp1252_bad or _first(scan, text, _UNDEFINED)
    scan.line += text.count("\n")


def _first(scan: _Scan, text: str, pattern: re.Pattern[str]) -> tuple[int, int] | None:
    """(line, byte value) of the first byte ``pattern`` finds in ``text``, if any."""
    match = pattern.search(text)
    if match is None:
        return None
    return scan.line + text.count("\n", 0, match.start()), ord(match.group()) - 0xDC00


def _decide(scan: _Scan) -> Detected:
    if scan.first_bad is None:
        return Detected("utf-8-sig", "UTF-8", non_ascii=scan.well_formed > 0)
    if scan.well_formed > scan.invalid:
        line, byte = scan.first_bad
        raise EncodingProblem(
            f"UTF-8 text with an invalid byte {byte:#04x} on line {line} "
            f"({scan.invalid} bad byte{'s' if scan.invalid > 1 else ''}); fix or re-export it"
        )
    if scan.cp1252_bad is not None:
        line, byte = scan.cp1252_bad
        raise EncodingProblem(
            f"neither UTF-8 nor Windows-1252: byte {byte:#04x} on line {line} is undefined "
            "in Windows-1252"
        )
    return Detected("cp1252", "Windows-1252")
