"""Output for people (rich tables, colour only on a terminal without NO_COLOR) and machines."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence

import click
from rich.console import Console
from rich.table import Table
from rich.text import Text

#: Width given to tables off a terminal: wide enough that no cell is ever cut.
UNLIMITED = 100_000


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
    """One JSON document on standard output."""
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


def line(text: str) -> None:
    """A plain, unwrapped line (URLs stay copyable); never read as rich markup."""
    click.echo(text)


def table(title: str, columns: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    """A table whose cells are shown literally (cohort names may contain ``[`` or ``<``)."""
    grid = Table(title=Text(title), title_justify="left")
    for column in columns:
        grid.add_column(column)
    for row in rows:
        grid.add_row(*(Text("" if cell is None else str(cell)) for cell in row))
    console().print(grid)
