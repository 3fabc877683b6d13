"""Options and setup shared by every command that talks to Moodle."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TypeVar

import click

from sync_helper.cli.options import global_options
from sync_helper.moodle import errors
from sync_helper.moodle.client import MoodleClient
from sync_helper.moodle.config_sources import load_settings
from sync_helper.moodle.courses import Course, parse_course_ref, resolve_course

F = TypeVar("F", bound=Callable[..., object])

insecure_http_option = click.option(
    "--insecure-http",
    is_flag=True,
    help="Allow plain http:// to a host other than this machine (the token travels unencrypted).",
)


def connect(*, insecure_http: bool = False) -> MoodleClient:
    """A client configured from --url/--token-file, MOODLE_URL/MOODLE_TOKEN or the config file."""
    options = global_options()
    settings = load_settings(
        url=options.url,
        token_file=options.token_file,
        allow_http=insecure_http or options.insecure_http,
    )
    client = MoodleClient(settings)
    click.get_current_context().call_on_close(client.close)
    return client


def course_from_argument(client: MoodleClient, text: str) -> Course:
    """The course named on the command line (id, shortname, idnumber or URL)."""
    return resolve_course(client, parse_course_ref(text, client.settings.url))


def confirm_destructive(question: str) -> bool:
    """Ask before deleting; refuse without a terminal unless --yes was given."""
    if global_options().yes:
        return True
    if not sys.stdin.isatty():
        raise errors.ConfigurationError(
            "this deletes enrolments and there is no terminal to confirm: pass --yes to "
            "proceed, or --disable to keep users' data"
        )
    return click.confirm(question, default=False, err=True)
