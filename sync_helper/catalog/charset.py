"""Which text encoding a data file is in, decided per file and without reading it whole.

Spreadsheet exports in France are UTF-8 (with or without BOM) or Windows-1252. The rule:

* a UTF-8 BOM means UTF-8; a UTF-16 BOM is refused (save as UTF-8);
* otherwise the bytes are read as UTF-8 and two things are counted: well-formed non-ASCII
  sequences and bytes that are not UTF-8. No invalid byte: UTF-8. The only invalid bytes
  are a character begun at the very end: the file was cut, an error. More well-formed
  sequences than invalid bytes: the file *is* UTF-8 with damage, and the first bad byte is
  an error (decoding it as Windows-1252 would turn every « É » into « Ã‰ »).
  Otherwise: Windows-1252, where the five bytes Windows-1252 leaves undefined are an error.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field
from pathlib import Path

CHUNK = 1 << 20
# With "surrogateescape", each byte that is not UTF-8 comes back as U+DC80–U+DCFF.
_INVALID = re.compile("[\udc80-\udcff]")
_UNDEFINED = re.compile(b"[\x81\x8d\x8f\x90\x9d]")  # bytes Windows-1252 leaves undefined


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
    cut: int = 0  # invalid bytes of a character begun at the very end of the file
    first_bad: tuple[int, int] | None = None  # (line, byte value)
    cp1252_bad: tuple[int, int] | None = None
    line: int = 1
    decoder: codecs.IncrementalDecoder = field(
        default_factory=lambda: codecs.getincrementaldecoder("utf-8")(errors="surrogateescape")
    )


def detect_file(path: Path) -> Detected:
    """Scan ``path`` in chunks; raise :class:`EncodingProblem` saying what is wrong and where."""
    with path.open("rb") as stream:
        scan = _Scan()
        while chunk := stream.read(CHUNK):
            _feed(scan, chunk)
        _feed(scan, b"", final=True)
    return _decide(scan)


def detect_bytes(raw: bytes) -> Detected:
    """:func:`detect_file` for bytes already in memory."""
    scan = _Scan()
    _feed(scan, raw)
    _feed(scan, b"", final=True)
    return _decide(scan)


def _feed(scan: _Scan, chunk: bytes, final: bool = False) -> None:
    """Count one chunk: its Windows-1252 holes on the raw bytes, its UTF-8 once decoded."""
    if scan.line == 1 and chunk.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise EncodingProblem("UTF-16 text is not accepted; save the file as UTF-8")
    undefined = _UNDEFINED.search(chunk)
    if undefined is not None and scan.cp1252_bad is None:
        scan.cp1252_bad = (
            scan.line + chunk.count(b"\n", 0, undefined.start()),
            chunk[undefined.start()],
        )
    text = scan.decoder.decode(chunk, final)
    if not text.isascii():
        invalid = _INVALID.findall(text)
        scan.invalid += len(invalid)
        scan.cut = len(invalid) if final else 0
        scan.well_formed += len(text) - len(text.encode("ascii", errors="ignore")) - len(invalid)
        match = _INVALID.search(text) if invalid and scan.first_bad is None else None
        if match is not None:
            line = scan.line + text.count("\n", 0, match.start())
            scan.first_bad = (line, ord(match.group()) - 0xDC00)
    scan.line += text.count("\n")


def _decide(scan: _Scan) -> Detected:
    if scan.first_bad is None:
        return Detected("utf-8-sig", "UTF-8", non_ascii=scan.well_formed > 0)
    line, byte = scan.first_bad
    if scan.invalid == scan.cut:
        raise EncodingProblem(
            f"ends in the middle of a UTF-8 character (byte {byte:#04x} on line {line}): the "
            "file looks cut off; export it again"
        )
    if scan.well_formed > scan.invalid:
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
