"""``sync-helper sync`` and ``unsync``: attach, detach or disable cohorts on a course.

Without local_ws_enrolcohort both print the Moodle page to open and the values to choose,
and can write a CSV for tool_uploadenrolmentmethods (``--csv FILE``). Exit code: 0 when
the CSV was written, 5 when only instructions were printed (nothing was done).
"""

from __future__ import annotations

from pathlib import Path

import click

from sync_helper.cli.exit_codes import ExitCode
from sync_helper.cli.moodle_connection import (
    confirm_destructive,
    connect,
    course_from_argument,
    insecure_http_option,
)
from sync_helper.cli.moodle_errors import reports_moodle_errors
from sync_helper.cli.options import global_options
from sync_helper.cli.render import emit_json, line, table
from sync_helper.moodle import errors
from sync_helper.moodle.cohorts import find_cohorts
from sync_helper.moodle.courses import Course
from sync_helper.moodle.enrolments import (
    Action,
    apply,
    plan_sync,
    plan_unsync,
    role_id,
)
from sync_helper.moodle.fallback import ManualSteps, sync_steps, unsync_steps
from sync_helper.moodle.groups import choose_group
from sync_helper.moodle.instances import plugin_available

csv_option = click.option(
    "--csv",
    "csv_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Without local_ws_enrolcohort: write a CSV for tool_uploadenrolmentmethods here.",
)


def _manual(course: Course, steps: ManualSteps, csv_path: Path | None) -> None:
    """Print the manual path; write the CSV when asked (not under --dry-run); set the exit code."""
    options = global_options()
    written = False
    if csv_path is not None and not options.dry_run:
        try:
            csv_path.write_text(steps.csv_text(), encoding="utf-8")
        except OSError as error:
            raise errors.ConfigurationError(
                f"{csv_path}: cannot write ({error.strerror})"
            ) from None
        written = True
    if options.as_json:
        emit_json(
            {
                "course": {"id": course.id, "shortname": course.shortname},
                "outcome": "manual_steps",
                "manual": steps.as_dict(),
                "csv_file": str(csv_path) if written else None,
            }
        )
    else:
        line(
            "local_ws_enrolcohort is not in this token's service, and core Moodle has no web "
            "service for cohort-sync methods. Nothing was changed. Do it by hand:"
        )
        for number, step in enumerate(steps.steps, start=1):
            line(f"  {number}. {step}")
        if written:
            line(
                f"Or upload {csv_path} in Site administration › Plugins › Enrolments › "
                "Upload enrolment methods (tool_uploadenrolmentmethods)."
            )
        else:
            line("Or upload this CSV with tool_uploadenrolmentmethods (--csv FILE writes it):")
            click.echo(steps.csv_text(), nl=False)
    if not written:
        click.get_current_context().exit(int(ExitCode.MOODLE_REFUSED))


def _show(course: Course, actions: list[Action]) -> None:
    options = global_options()
    if options.as_json:
        emit_json(
            {
                "course": {"id": course.id, "shortname": course.shortname},
                "outcome": "planned" if options.dry_run else "applied",
                "dry_run": options.dry_run,
                "actions": [action.as_dict() for action in actions],
            }
        )
        return
    title = f"Course {course.id} {course.shortname}" + (" — dry run" if options.dry_run else "")
    rows = [
        (
            a.cohort.idnumber,
            a.kind,
            a.role,
            a.instance_id or "",
            "done" if a.done else ("would do" if a.changes else "-"),
            a.reason,
        )
        for a in actions
    ]
    table(title, ("code", "action", "role", "instance", "state", "what"), rows)
    if options.dry_run:
        line("Dry run: nothing was changed.")


@click.command(name="sync")
@click.argument("course")
@click.argument("codes", nargs=-1, required=True, metavar="CODE...")
@click.option("--role", default="student", show_default=True, help="Role shortname to assign.")
@click.option(
    "--group",
    default="none",
    show_default=True,
    metavar="none|new|NAME",
    help="Add members to no group, a new group named after the cohort, or an existing group.",
)
@click.option("--disabled", is_flag=True, help="Attach the cohort but leave the method disabled.")
@csv_option
@insecure_http_option
@reports_moodle_errors
def sync_command(
    course: str,
    codes: tuple[str, ...],
    role: str,
    group: str,
    disabled: bool,
    csv_path: Path | None,
    insecure_http: bool,
) -> None:
    """Attach cohorts CODE... to COURSE (cohort synchronisation). Idempotent.

    A cohort already attached with the same role is left as it is (reported as a no-op).

    \b
    Examples:
      sync-helper sync THERMO-L1 L1CHIM231 L1CHBV231 --role student --group new
      sync-helper --dry-run sync 42 L1CHIM231
    """
    client = connect(insecure_http=insecure_http)
    role_id(client.settings.roles, role)
    target = course_from_argument(client, course)
    cohorts = find_cohorts(client, codes, target)
    choice = choose_group(client, target, group)
    if not plugin_available(client):
        steps = sync_steps(client.settings.url, target, cohorts, role, choice, disabled=disabled)
        _manual(target, steps, csv_path)
        return
    actions = plan_sync(client, target, cohorts, role, choice, disabled=disabled)
    if not global_options().dry_run:
        actions = apply(client, target, actions, choice)
    _show(target, actions)


@click.command(name="unsync")
@click.argument("course")
@click.argument("codes", nargs=-1, required=True, metavar="CODE...")
@click.option(
    "--disable",
    is_flag=True,
    help="Disable instead of deleting: users keep their enrolment, grades and groups (safe).",
)
@csv_option
@insecure_http_option
@reports_moodle_errors
def unsync_command(
    course: str, codes: tuple[str, ...], disable: bool, csv_path: Path | None, insecure_http: bool
) -> None:
    """Detach cohorts CODE... from COURSE, or disable them with --disable. Idempotent.

    Deleting unenrols every user enrolled through the cohort and detaches their course data
    (grades, group memberships); it asks for confirmation unless --yes is given, and refuses
    without a terminal. --disable keeps everything and can be undone.

    \b
    Examples:
      sync-helper unsync THERMO-L1 L1CHIM231 --disable
      sync-helper --yes unsync 42 L1CHIM231
    """
    client = connect(insecure_http=insecure_http)
    target = course_from_argument(client, course)
    cohorts = find_cohorts(client, codes, target)
    if not plugin_available(client):
        _manual(
            target, unsync_steps(client.settings.url, target, cohorts, disable=disable), csv_path
        )
        return
    actions = plan_unsync(client, target, cohorts, disable=disable)
    deletes = [a for a in actions if a.kind == "delete"]
    if deletes and not global_options().dry_run:
        for action in deletes:
            click.echo(f"{action.cohort.label()}: {action.reason}", err=True)
        if not confirm_destructive(f"Delete {len(deletes)} cohort-sync method(s)?"):
            click.echo("Nothing changed.", err=True)
            return
    if not global_options().dry_run:
        actions = apply(client, target, actions)
    _show(target, actions)
