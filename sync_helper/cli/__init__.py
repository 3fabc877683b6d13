"""The ``sync-helper`` command.

Exit codes (documented in ``sync-helper --help`` and the helper guide):

* 0 — success (including "nothing to do");
* 1 — invalid data (``codes validate`` found problems);
* 2 — usage error (bad option, missing argument, bad configuration);
* 3 — authentication refused (invalid or expired token, access control);
* 4 — not found (course, cohort, group, role);
* 5 — Moodle refused the operation (permissions, invalid parameter, conflict);
* 6 — network error (connection, timeout, unreadable answer);
* 7 — partial: some cohorts done or already so, others failed or not tried (per-cohort
  results in the output say which).
"""

from __future__ import annotations

import click

from sync_helper import __version__
from sync_helper.cli.options import GlobalOptions, add_global_options, main_options

EPILOG = """\b
Exit codes: 0 ok, 1 invalid data, 2 usage, 3 authentication, 4 not found,
5 Moodle refused, 6 network, 7 partial (some cohorts failed or not tried).
"""


#: Subcommands the global options mean nothing to (the simulator talks to no Moodle).
STANDALONE = frozenset({"sim"})


class MainGroup(click.Group):
    """The root group: its subcommands also accept the global options after their name."""

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        command = super().get_command(ctx, cmd_name)
        if command is not None and cmd_name not in STANDALONE:
            add_global_options(command)
        return command


@click.group(cls=MainGroup, epilog=EPILOG, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="sync-helper")
@main_options
@click.pass_context
def main(ctx: click.Context, **options: object) -> None:
    """Find cohort codes and manage Moodle cohort synchronisation.

    Global options (--url, --token-file, --json, --dry-run, --yes, --insecure-http) may be
    written before the command name or after it.
    """
    ctx.obj = GlobalOptions(**options)  # type: ignore[arg-type]


from sync_helper.cli.check import check_command  # noqa: E402
from sync_helper.cli.codes import codes_group  # noqa: E402
from sync_helper.cli.cohorts import cohorts_group  # noqa: E402
from sync_helper.cli.cohorts_export import export_command  # noqa: E402
from sync_helper.cli.rollover import rollover_group  # noqa: E402
from sync_helper.cli.status import status_command  # noqa: E402
from sync_helper.cli.sync import sync_command, unsync_command  # noqa: E402

main.add_command(check_command)
main.add_command(codes_group)
main.add_command(cohorts_group)
main.add_command(rollover_group)
cohorts_group.add_command(export_command)
main.add_command(status_command)
main.add_command(sync_command)
main.add_command(unsync_command)
from sync_helper.cli.sim import sim as sim_command  # noqa: E402

main.add_command(sim_command)
