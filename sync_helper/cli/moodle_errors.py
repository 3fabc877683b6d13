"""The one place where Moodle errors become a message and an exit code (never a traceback)."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import ParamSpec, TypeVar

import click

from sync_helper.cli.exit_codes import ExitCode
from sync_helper.cli.options import global_options
from sync_helper.cli.render import emit_json, warn
from sync_helper.moodle import errors

P = ParamSpec("P")
R = TypeVar("R")

#: Most specific first: the first branch an error belongs to decides the exit code.
EXIT_CODES: tuple[tuple[type[errors.MoodleError], ExitCode], ...] = (
    (errors.ConfigurationError, ExitCode.USAGE),
    (errors.InvalidResponse, ExitCode.MOODLE_REFUSED),  # Moodle's own answer check failed
    (errors.AuthenticationFailed, ExitCode.AUTH),
    (errors.NotFound, ExitCode.NOT_FOUND),
    (errors.MoodleRefused, ExitCode.MOODLE_REFUSED),
    (errors.TransportError, ExitCode.NETWORK),
)


def exit_code_for(error: errors.MoodleError | type[errors.MoodleError]) -> ExitCode:
    """The documented exit code of an error (or error class) branch."""
    kind = error if isinstance(error, type) else type(error)
    for cls, code in EXIT_CODES:
        if issubclass(kind, cls):
            return code
    return ExitCode.MOODLE_REFUSED


def report(error: errors.MoodleError, *, as_json: bool) -> ExitCode:
    """Print the error for a person (stderr) and, with --json, for a machine (stdout)."""
    code = exit_code_for(error)
    warn(f"Error: {error.message}")
    if as_json:
        payload: dict[str, object] = {
            "type": type(error).__name__,
            "message": error.message,
            "errorcode": error.errorcode or None,
            "exit_code": int(code),
        }
        if isinstance(error, errors.AmbiguousCohort):
            payload["candidates"] = [c.as_dict() for c in error.candidates]  # type: ignore[attr-defined]
        emit_json({"error": payload})
    return code


def reports_moodle_errors(command: Callable[P, R]) -> Callable[P, R]:
    """Wrap a command so a ``MoodleError`` ends it with its message and exit code."""

    @functools.wraps(command)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return command(*args, **kwargs)
        except errors.MoodleError as error:
            code = report(error, as_json=global_options().as_json)
            click.get_current_context().exit(int(code))
            raise  # unreachable: exit() raises

    return wrapper
