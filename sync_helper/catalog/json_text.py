"""A JSON document read from a file through a bounded window, one value at a time.

The catalog's JSON file can weigh 200 MB, and its text as a Python string up to four times
that (a string holding one character beyond Latin-1 takes two or four bytes per character).
Only a window of the text is held: values are decoded with the standard library's C decoder
(its hooks refuse NaN, huge numbers and duplicate keys), and once a value is decoded the text
before it is dropped. ijson's C backend was weighed and left aside: it crashes on a
5,000-digit integer, turns a lone surrogate escape into ``?``, keeps the last of two equal keys
and gives no line numbers.

Errors are the standard library's :class:`json.JSONDecodeError`, with the line and column in
the whole file, :class:`RefusedValue` with the line its value starts on, and :class:`NotUtf8`
with the byte offset in the file.
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Iterator
from typing import Any, BinaryIO, NoReturn

CHUNK = 1 << 18  # bytes read at a time
_SPACE = re.compile(r"[ \t\n\r]*")
# A number cannot go on past one of these: a window that ends right after one never holds
# the first digits of a number whose last digits are not read yet.
_NUMBER_ENDS = " \t\n\r,]}"
# How far before the window's end the decoder may stop when the value goes on beyond it
# (``-Infinit``, ``\\ud8``): such an error may be the window's, not the file's.
_CUT_MARGIN = 16


class NotUtf8(ValueError):
    """The file's bytes are not UTF-8; ``offset`` is the first bad byte's, in the file."""

    def __init__(self, offset: int) -> None:
        super().__init__(f"invalid UTF-8 byte at offset {offset}")
        self.offset = offset


class RefusedValue(ValueError):
    """A value the decoder's hooks refused (NaN, a key given twice…); ``line`` is where the
    value being read starts (the hooks are not told where they are)."""

    def __init__(self, reason: str, line: int) -> None:
        super().__init__(reason)
        self.line = line


class JsonText:
    """The text of ``stream`` seen through a window that refills as values are read."""

    def __init__(self, stream: BinaryIO, decoder: json.JSONDecoder) -> None:
        """Check that the whole file is UTF-8 first (a bad byte is the one problem reported,
        wherever it is), then read it from its start."""
        _Utf8.check(stream)
        self._decoder, self._utf8 = decoder, _Utf8(stream)
        self._held = ""  # decoded text after the window's last number boundary
        self.text, self.at = "", 0  # the window, and the cursor in it
        self._lines = 0  # line breaks in the text dropped before the window
        self._column = 0  # characters of the window's first line that were dropped

    def peek(self) -> str:
        """The next character that is not white space (``""`` at the end), cursor on it."""
        while True:
            self.at = _SPACE.match(self.text, self.at).end()  # type: ignore[union-attr]
            if self.at < len(self.text) or not self._more():
                return self.text[self.at : self.at + 1]

    def decode(self) -> Any:
        """The JSON value at the cursor, which moves past it; the window grows to hold it."""
        self.peek()
        while True:
            try:
                value, self.at = self._decoder.raw_decode(self.text, self.at)
            except json.JSONDecodeError as error:
                if self._utf8.ended or not _maybe_cut(error, len(self.text)):
                    raise self._placed(error) from None
                self._more()
            except ValueError as error:
                raise RefusedValue(str(error), self.line()) from None
            else:
                return value

    def line(self) -> int:
        """The line of the cursor in the whole file, counted from 1."""
        return self._lines + self.text.count("\n", 0, self.at) + 1

    def expect(self, char: str) -> None:
        """Step over ``char``, the next character that is not white space."""
        if self.peek() != char:
            self._fail(f"Expecting '{char}' delimiter")
        self.at += 1

    def object_keys(self) -> Iterator[str]:
        """Each key of the object at the cursor, the cursor left on its value for the caller
        to read before asking for the next key."""
        self.expect("{")
        if self.peek() == "}":
            self.at += 1
            return
        while True:
            if self.peek() != '"':
                self._fail("Expecting property name enclosed in double quotes")
            key = self.decode()
            self.expect(":")
            yield key
            if self.peek() == "}":
                self.at += 1
                return
            self.expect(",")

    def list_items(self) -> Iterator[Any]:
        """The items of the list at the cursor, decoded one at a time."""
        self.expect("[")
        if self.peek() == "]":
            self.at += 1
            return
        while True:
            yield self.decode()
            if self.peek() == "]":
                self.at += 1
                return
            self.expect(",")

    def finish(self) -> None:
        """Nothing but white space may follow the document."""
        if self.peek():
            self._fail("Extra data")

    def _more(self) -> bool:
        """Drop the text before the cursor and read on, at least as much as the window holds
        (so that a value read over and over as the window grows costs linear time); ``False``
        when the file has nothing more."""
        self._drop()
        wanted = max(len(self.text), CHUNK)
        added: list[str] = []
        while not self._utf8.ended and (not added or sum(map(len, added)) < wanted):
            added.append(self._next_text())
        self.text += "".join(added)
        return any(added)

    def _next_text(self) -> str:
        """Decoded text up to a number boundary (everything at the end of the file)."""
        while True:
            text = self._held + self._utf8.read()
            ended = self._utf8.ended
            cut = len(text) if ended else max(map(text.rfind, _NUMBER_ENDS)) + 1
            self._held = text[cut:]
            if cut or ended:
                return text[:cut]

    def _drop(self) -> None:
        """Forget the text before the cursor, counting its lines for the errors' places."""
        breaks = self.text.count("\n", 0, self.at)
        if breaks:
            self._lines += breaks
            self._column = self.at - self.text.rfind("\n", 0, self.at) - 1
        else:
            self._column += self.at
        self.text, self.at = self.text[self.at :], 0

    def _fail(self, message: str) -> NoReturn:
        raise self._placed(json.JSONDecodeError(message, self.text, self.at))

    def _placed(self, error: json.JSONDecodeError) -> json.JSONDecodeError:
        """The same error with its line and column in the whole file."""
        placed = json.JSONDecodeError(error.msg, error.doc, error.pos)
        placed.lineno = self._lines + error.lineno
        placed.colno = error.colno + (self._column if error.lineno == 1 else 0)
        return placed


class _Utf8:
    """The text of a byte stream chunk by chunk, a bad byte raised with its offset in the file
    (a UTF-8 byte order mark is skipped, and counted)."""

    def __init__(self, stream: BinaryIO) -> None:
        self._stream = stream
        self._decoder = codecs.getincrementaldecoder("utf-8")()
        self._offset = len(codecs.BOM_UTF8)
        if stream.read(self._offset) != codecs.BOM_UTF8:
            stream.seek(0)
            self._offset = 0
        self.ended = False

    @classmethod
    def check(cls, stream: BinaryIO) -> None:
        """Raise :class:`NotUtf8` at the stream's first bad byte; leave it at its start."""
        utf8 = cls(stream)
        while not utf8.ended:
            utf8.read()
        stream.seek(0)

    def read(self) -> str:
        """The text of the next chunk (may be empty); ``ended`` once the stream is."""
        chunk = self._stream.read(CHUNK)
        self.ended = not chunk
        start = self._offset - len(self._decoder.getstate()[0])  # where undecoded bytes begin
        self._offset += len(chunk)
        try:
            return self._decoder.decode(chunk, final=self.ended)
        except UnicodeDecodeError as error:
            raise NotUtf8(start + error.start) from None


def _maybe_cut(error: json.JSONDecodeError, window: int) -> bool:
    """Whether the decoder may have stopped only because the window ends: near its end, or in
    a string it saw no end of (it stops at a line break or any control character in a string,
    with another message, so an unterminated string reached the window's end)."""
    return error.pos >= window - _CUT_MARGIN or error.msg.startswith("Unterminated string")
