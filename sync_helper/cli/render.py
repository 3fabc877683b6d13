"""Output for people (rich tables, colour only on a terminal without NO_COLOR) and machines.

Every text a person sees goes through here, and here only control characters are removed:
catalog labels and Moodle cohort names are data from others, and an escape sequence in one
must not recolour, retitle or rewrite the terminal (``ESC]0;…``, ``ESC[2J``, a carriage
return hiding the start of a line, a right-to-left override). JSON keeps the data intact: the
same characters are written as ``\\uXXXX`` escapes, which no terminal acts on.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence

import click
from rich.console import Console
from rich.table import Table
from rich.text import Text

#: Width given to tables off a terminal: wide enough that no cell is ever cut.
UNLIMITED = 100_000


#: Whole escape sequences (OSC, DCS/SOS/PM/APC strings, CSI, two-byte escapes), so that no
#: parameter bytes are left behind as garbage once the ESC itself is gone.
ESCAPE_SEQUENCE = re.compile(
    r"""
    \x1b\][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?      # OSC … BEL or ST (window title, links)
    | \x1b[PX^_][^\x1b\x9c]*(?:\x1b\\|\x9c)?        # DCS, SOS, PM, APC … ST
    | (?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?               # CSI (colours, cursor, erase)
    | \x1b[ -/]*[0-~]?                                # any other escape
    """,
    re.VERBOSE,
)
#: C0 controls but tab and newline, DEL, C1 controls, and the bidirectional overrides and
#: isolates that reorder what a line shows (``Trojan Source``).
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
#: What JSON written with ``ensure_ascii=False`` would otherwise leave raw (it escapes C0 only).
JSON_RAW_CONTROL = re.compile("[\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def for_terminal(text: str) -> str:
    """``text`` without escape sequences and control characters (tab and newline kept)."""
    return CONTROL.sub("", ESCAPE_SEQUENCE.sub("", text))


def console() -> Console:
    """Standard output; rich itself drops colour when not a terminal or NO_COLOR is set.

    Off a terminal (a pipe, a file, a log) the width is unlimited: rich would otherwise fit
    tables to 80 columns and cut the very values people copy (codes, function names).
    """
    probe = Console(highlight=False, soft_wrap=False)
    if probe.is_terminal:
        return probe
    return Console(highlight=False, soft_wrap=False, width=UNLIMITED)


def emit_json(data: object) -> None:
    """One JSON document on standard output, every control character escaped, none lost."""
    text = json.dumps(data, ensure_ascii=False, indent=2)
    click.echo(JSON_RAW_CONTROL.sub(lambda found: f"\\u{ord(found.group()):04x}", text))


def line(text: str) -> None:
    """A plain, unwrapped line (URLs stay copyable); never read as rich markup."""
    click.echo(for_terminal(text))


def warn(text: str) -> None:
    """A message for the person on standard error (problems, errors, confirmations)."""
    click.echo(for_terminal(text), err=True)


def table(title: str, columns: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    """A table whose cells are shown literally (cohort names may contain ``[`` or ``<``)."""
    grid = Table(title=Text(for_terminal(title)), title_justify="left")
    for column in columns:
        grid.add_column(for_terminal(column))
    for row in rows:
        grid.add_row(*(Text(for_terminal("" if cell is None else str(cell))) for cell in row))
    console().print(grid)
