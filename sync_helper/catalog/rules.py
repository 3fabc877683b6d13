"""Field rules every input format obeys: what a valid code and a valid number look like.

Codes are compared verbatim with Moodle cohort idnumbers, so they are never rewritten here:
a rule either accepts the value as it is or reports why it is not usable.

Allowed code characters: ASCII letters, digits, ``-`` and ``_`` (APOGEE codes are uppercase
alphanumerics; list codes such as ``L1CHIM-4`` use a dash). A non-breaking space inside a code
is only a warning (it is a copy-and-paste accident, but the export may really contain it); any
other whitespace or character is an error, and each is named with its Unicode name so that
a zero-width space or a Cyrillic « А » posing as a Latin « A » is visible in the message. A
code needs a letter or a digit (``-`` alone is not one); ``index`` is reserved (it is the
name of the pages that list the codes).

Labels are text shown on pages and in terminals: control characters and unpaired UTF-16
surrogates (which JSON's ``\\ud800`` escapes can produce) are errors. Years are ``2023`` or
``2023-2024``.
"""

from __future__ import annotations

import math
import re
import unicodedata

CODE_CHARACTERS = re.compile(r"[A-Za-z0-9_-]+")
NON_BREAKING_SPACES = ("\u00a0", "\u202f")
MAX_LENGTHS = {"code_etape": 6, "version": 3, "element": 12, "composante": 32}
RESERVED_CODES = {"index"}
_HAS_ALNUM = re.compile(r"[A-Za-z0-9]")
_BAD_TEXT = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
# ASCII digits only: « ２０２３ » would pass int() but never match a Moodle cohort code.
_YEAR = re.compile(r"([0-9]{4})(?:[-/]([0-9]{4}))?")
YEAR_RANGE = range(1970, 2101)

# "1,5", "60", "30 HE" (APOGEE writes volumes with their unit), "12 h".
_NUMBER = re.compile(r"\s*(\d+(?:[.,]\d+)?)\s*(?:HE|h)?\s*", re.IGNORECASE)
_TRUE_WORDS = {"1", "true", "yes", "oui", "x", "o", "y"}
_FALSE_WORDS = {"", "0", "false", "no", "non", "n"}


def code_problems(value: str, max_length: int | None = None) -> list[tuple[str, str]]:
    """Why ``value`` is not a usable code, as (severity, message) pairs; empty if it is fine."""
    if value == "":
        return [("error", "is required")]
    if value.lower() in RESERVED_CODES:
        return [("error", f"{value!r} is reserved (the name of the index pages)")]
    if CODE_CHARACTERS.fullmatch(value) and (max_length is None or len(value) <= max_length):
        if not _HAS_ALNUM.search(value):
            return [("error", f"{value!r} has no letter or digit")]
        return []
    found: list[tuple[str, str]] = []
    if any(space in value for space in NON_BREAKING_SPACES):
        found.append(("warning", f"{value!r} contains a non-breaking space"))
    rest = value
    for space in NON_BREAKING_SPACES:
        rest = rest.replace(space, "")
    if rest and not CODE_CHARACTERS.fullmatch(rest):
        bad = sorted({char for char in rest if not CODE_CHARACTERS.fullmatch(char)})
        shown = ", ".join(describe_character(char) for char in bad[:5])
        found.append(("error", f"{value!r} contains {shown}; allowed: letters, digits, - and _"))
    if not _HAS_ALNUM.search(value):
        found.append(("error", f"{value!r} has no letter or digit"))
    if max_length is not None and len(value) > max_length:
        shown = value if len(value) <= 40 else f"{value[:40]}…"
        found.append(("error", f"{shown!r} is {len(value)} characters long (at most {max_length})"))
    return found


def describe_character(char: str) -> str:
    """``U+200B (ZERO WIDTH SPACE)``: what a character is, even when it cannot be seen."""
    if char.isascii():
        return repr(char)
    name = f"U+{ord(char):04X} {unicodedata.name(char, '(no name)')}"
    return f"{char!r} ({name})" if char.isprintable() else name


def text_problems(value: str) -> list[str]:
    """Why a label cannot be shown as it is: control characters, unpaired surrogates."""
    bad = sorted(set(_BAD_TEXT.findall(value)))
    if not bad:
        return []
    shown = ", ".join(describe_character(char) for char in bad[:5])
    return [f"contains {shown}, which cannot be shown as text"]


def year_problems(value: str) -> list[str]:
    """A year is ``2023`` or ``2023-2024`` (consecutive), within 1970–2100; empty is unknown."""
    if value == "":
        return []
    match = _YEAR.fullmatch(value)
    if match is None:
        return [f"{value[:40]!r} is not a year (write 2023 or 2023-2024)"]
    first, second = int(match.group(1)), match.group(2)
    if first not in YEAR_RANGE:
        return [f"{value!r} is outside {YEAR_RANGE.start}–{YEAR_RANGE.stop - 1}"]
    if second is not None and int(second) != first + 1:
        return [f"{value!r}: the second year must follow the first (e.g. 2023-2024)"]
    return []


def parse_number(text: str) -> float | None:
    """A number written by a person or a spreadsheet; empty means unknown.

    Raises ``ValueError`` with a readable reason when the text is not a number.
    """
    value = _plain_float(text)
    if value is not None:
        if math.isfinite(value) and value >= 0:
            return value
        raise ValueError(f"{text!r} is not a number of hours or credits")
    if text.strip() == "":
        return None
    match = _NUMBER.fullmatch(text)
    if not match:
        raise ValueError(f"{text!r} is not a number")
    return float(match.group(1).replace(",", "."))


def _plain_float(text: str) -> float | None:
    """``float(text)`` when it is one, but not "1_5" (Python's digit grouping reads 15)."""
    if "_" in text:
        return None
    try:
        return float(text)
    except ValueError:
        return None


def parse_flag(text: str) -> bool:
    """The ``example`` column: yes/oui/true/1/x mean true, empty/no/non/false/0 mean false."""
    word = text.strip().lower()
    if word in _TRUE_WORDS:
        return True
    if word in _FALSE_WORDS:
        return False
    raise ValueError(f"{text!r} is not yes/no (use true/false, oui/non, 1/0)")
