"""Field rules every input format obeys: what a valid code and a valid number look like.

Codes are compared verbatim with Moodle cohort idnumbers, so they are never rewritten here:
a rule either accepts the value as it is or reports why it is not usable.

Allowed code characters: ASCII letters, digits, ``-`` and ``_`` (APOGEE codes are uppercase
alphanumerics; list codes such as ``L1CHIM-4`` use a dash). A non-breaking space inside a code
is only a warning (it is a copy-and-paste accident, but the export may really contain it); any
other whitespace or character is an error.
"""

from __future__ import annotations

import math
import re

CODE_CHARACTERS = re.compile(r"[A-Za-z0-9_-]+")
NON_BREAKING_SPACES = ("\u00a0", "\u202f")
MAX_LENGTHS = {"code_etape": 6, "version": 3, "element": 12}

# "1,5", "60", "30 HE" (APOGEE writes volumes with their unit), "12 h".
_NUMBER = re.compile(r"\s*(\d+(?:[.,]\d+)?)\s*(?:HE|h)?\s*", re.IGNORECASE)
_TRUE_WORDS = {"1", "true", "yes", "oui", "x", "o", "y"}
_FALSE_WORDS = {"", "0", "false", "no", "non", "n"}


def code_problems(value: str, max_length: int | None = None) -> list[tuple[str, str]]:
    """Why ``value`` is not a usable code, as (severity, message) pairs; empty if it is fine."""
    if value == "":
        return [("error", "is required")]
    if CODE_CHARACTERS.fullmatch(value) and (max_length is None or len(value) <= max_length):
        return []
    found: list[tuple[str, str]] = []
    if any(space in value for space in NON_BREAKING_SPACES):
        found.append(("warning", f"{value!r} contains a non-breaking space"))
    rest = value
    for space in NON_BREAKING_SPACES:
        rest = rest.replace(space, "")
    if rest and not CODE_CHARACTERS.fullmatch(rest):
        bad = sorted({char for char in rest if not CODE_CHARACTERS.fullmatch(char)})
        shown = ", ".join(repr(char) for char in bad)
        found.append(("error", f"{value!r} contains {shown}; allowed: letters, digits, - and _"))
    if max_length is not None and len(value) > max_length:
        found.append(("error", f"{value!r} is {len(value)} characters long (at most {max_length})"))
    return found


def parse_number(text: str) -> float | None:
    """A number written by a person or a spreadsheet; empty means unknown.

    Raises ``ValueError`` with a readable reason when the text is not a number.
    """
    try:
        value = float(text)
    except ValueError:
        pass
    else:
        if math.isfinite(value) and value >= 0:
            return value
        raise ValueError(f"{text!r} is not a number of hours or credits")
    if text.strip() == "":
        return None
    match = _NUMBER.fullmatch(text)
    if not match:
        raise ValueError(f"{text!r} is not a number")
    return float(match.group(1).replace(",", "."))


def parse_flag(text: str) -> bool:
    """The ``example`` column: yes/oui/true/1/x mean true, empty/no/non/false/0 mean false."""
    word = text.strip().lower()
    if word in _TRUE_WORDS:
        return True
    if word in _FALSE_WORDS:
        return False
    raise ValueError(f"{text!r} is not yes/no (use true/false, oui/non, 1/0)")
