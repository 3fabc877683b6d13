"""Options shared by every subcommand, gathered once by the main group."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class GlobalOptions:
    """What the user asked for on the command line before the subcommand name."""

    url: str | None = None
    token_file: str | None = None
    as_json: bool = False
    dry_run: bool = False
    yes: bool = False
