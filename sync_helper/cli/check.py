"""``sync-helper check``: does the token work, on which site, and what does it allow?"""

from __future__ import annotations

import click

from sync_helper.cli.moodle_connection import connect, insecure_http_option
from sync_helper.cli.moodle_errors import reports_moodle_errors
from sync_helper.cli.options import global_options
from sync_helper.cli.render import emit_json, line, table
from sync_helper.moodle.site_check import NEEDED_FUNCTIONS, check


@click.command(name="check")
@insecure_http_option
@reports_moodle_errors
def check_command(insecure_http: bool) -> None:
    """Check the connection: site, Moodle release, user, and the token's functions.

    \b
    Example:
      sync-helper check
      sync-helper --json check
    """
    report = check(connect(insecure_http=insecure_http))
    if global_options().as_json:
        emit_json(report.as_dict())
        return
    line(f"Site: {report.site} ({report.url})")
    line(f"Moodle release: {report.release}")
    line(f"User: {report.user}")
    rows = [
        (name, "yes" if present else "NO", NEEDED_FUNCTIONS[name])
        for name, present in report.functions.items()
    ]
    table("Functions in the token's service", ("function", "present", "used for"), rows)
    line(f"This token allows: {report.allows}")
