"""Options shared by every subcommand, gathered once by the main group."""

from __future__ import annotations

from dataclasses import dataclass

import click


@dataclass(frozen=True)
class GlobalOptions:
    """What the user asked for on the command line before the subcommand name."""

    url: str | None = None
    token_file: str | None = None
    as_json: bool = False
    dry_run: bool = False
    yes: bool = False


def global_options() -> GlobalOptions:
    """The options given before the subcommand name."""
    obj = click.get_current_context().find_root().obj
    return obj if isinstance(obj, GlobalOptions) else GlobalOptions()
