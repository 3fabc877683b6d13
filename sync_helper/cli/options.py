"""Options shared by every subcommand, accepted before the command name and after it.

The main group declares them; :func:`add_global_options` gives every subcommand the same
options (not passed to the command function), whose values, when given, update the one
:class:`GlobalOptions` the root context holds. So ``sync-helper --json status 2`` and
``sync-helper status 2 --json`` mean the same.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

import click


@dataclass(frozen=True)
class GlobalOptions:
    """What the user asked for with the global options, wherever they were written."""

    url: str | None = None
    token_file: str | None = None
    as_json: bool = False
    dry_run: bool = False
    yes: bool = False
    insecure_http: bool = False


def global_options() -> GlobalOptions:
    """The global options given before or after the subcommand name."""
    obj = click.get_current_context().find_root().obj
    return obj if isinstance(obj, GlobalOptions) else GlobalOptions()


def _remember(ctx: click.Context, param: click.Parameter, value: object) -> None:
    """Store a global option given after the command name (a flag only when set)."""
    if value is None or value is False or param.name is None:
        return
    root = ctx.find_root()
    current = root.obj if isinstance(root.obj, GlobalOptions) else GlobalOptions()
    root.obj = replace(current, **{param.name: value})


#: (option names, keyword arguments) of each global option.
GLOBAL_OPTIONS: tuple[tuple[tuple[str, ...], dict[str, object]], ...] = (
    (("--url", "url"), {"help": "Moodle site URL (default: $MOODLE_URL)."}),
    (
        ("--token-file", "token_file"),
        {
            "type": click.Path(dir_okay=False, path_type=str),
            "help": "Read the web-service token from this file instead of $MOODLE_TOKEN.",
        },
    ),
    (("--json", "as_json"), {"is_flag": True, "help": "Print machine-readable JSON."}),
    (
        ("--dry-run", "dry_run"),
        {"is_flag": True, "help": "Show what would change; change nothing."},
    ),
    (("--yes", "-y", "yes"), {"is_flag": True, "help": "Do not ask before destructive actions."}),
    (
        ("--insecure-http", "insecure_http"),
        {
            "is_flag": True,
            "help": "Allow plain http:// to a host other than this machine (the token travels "
            "unencrypted).",
        },
    ),
)


def main_options(command: Callable[..., object]) -> Callable[..., object]:
    """Decorate the main group with every global option (values passed to its callback)."""
    for declarations, settings in reversed(GLOBAL_OPTIONS):
        extra = {"envvar": "MOODLE_URL"} if "--url" in declarations else {}
        command = click.option(*declarations, **settings, **extra)(command)  # type: ignore[call-overload]
    return command


def add_global_options(command: click.Command) -> None:
    """Give ``command`` (and a group's subcommands) the global options it does not declare."""
    taken = {name for param in command.params for name in getattr(param, "opts", [])}
    for declarations, settings in GLOBAL_OPTIONS:
        if taken.intersection(declarations):
            continue
        command.params.append(
            click.Option(
                list(declarations),
                expose_value=False,
                callback=_remember,
                **settings,  # type: ignore[arg-type]
            )
        )
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            add_global_options(sub)
