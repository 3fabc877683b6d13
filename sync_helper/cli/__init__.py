"""The ``sync-helper`` command.

Exit codes (documented in ``sync-helper --help`` and the helper guide):

* 0 — success (including "nothing to do");
* 1 — invalid data (``codes validate`` found problems);
* 2 — usage error (bad option, missing argument, bad configuration);
* 3 — authentication refused (invalid or expired token, access control);
* 4 — not found (course, cohort, group, role);
* 5 — Moodle refused the operation (permissions, invalid parameter, conflict);
* 6 — network error (connection, timeout, unreadable answer).
"""

from __future__ import annotations

import click

from sync_helper import __version__
from sync_helper.cli.options import GlobalOptions

EPILOG = """\b
Exit codes: 0 ok, 1 invalid data, 2 usage, 3 authentication, 4 not found,
5 Moodle refused, 6 network.
"""


@click.group(epilog=EPILOG, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="sync-helper")
@click.option("--url", envvar="MOODLE_URL", help="Moodle site URL (default: $MOODLE_URL).")
@click.option(
    "--token-file",
    type=click.Path(dir_okay=False, path_type=str),
    help="Read the web-service token from this file instead of $MOODLE_TOKEN.",
)
@click.option("--json", "as_json", is_flag=True, help="Print machine-readable JSON.")
@click.option("--dry-run", is_flag=True, help="Show what would change; change nothing.")
@click.option("--yes", "-y", is_flag=True, help="Do not ask before destructive actions.")
@click.pass_context
def main(
    ctx: click.Context,
    url: str | None,
    token_file: str | None,
    as_json: bool,
    dry_run: bool,
    yes: bool,
) -> None:
    """Find cohort codes and manage Moodle cohort synchronisation."""
    ctx.obj = GlobalOptions(
        url=url, token_file=token_file, as_json=as_json, dry_run=dry_run, yes=yes
    )


from sync_helper.cli.check import check_command  # noqa: E402
from sync_helper.cli.codes import codes_group  # noqa: E402
from sync_helper.cli.cohorts import cohorts_group  # noqa: E402
from sync_helper.cli.cohorts_export import export_command  # noqa: E402
from sync_helper.cli.status import status_command  # noqa: E402
from sync_helper.cli.sync import sync_command, unsync_command  # noqa: E402

main.add_command(check_command)
main.add_command(codes_group)
main.add_command(cohorts_group)
cohorts_group.add_command(export_command)
main.add_command(status_command)
main.add_command(sync_command)
main.add_command(unsync_command)
from sync_helper.cli.sim import sim as sim_command  # noqa: E402

main.add_command(sim_command)
