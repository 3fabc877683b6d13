"""``sync-helper sync`` and ``unsync``: attach, detach or disable cohorts on a course.

Without local_ws_enrolcohort both print the Moodle page to open and the values to choose,
and can write a CSV for tool_uploadenrolmentmethods (``--csv FILE``). Exit code: 0 when
the CSV was written, 7 when it was written without some cohorts, 5 when only instructions
were printed (nothing was done). With the plugin, each cohort gets its own result (exit 7
when some failed and others did not).
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
from sync_helper.cli.moodle_errors import exit_code_for, reports_moodle_errors
from sync_helper.cli.options import global_options
from sync_helper.cli.render import emit_json, line, table, warn
from sync_helper.moodle import errors
from sync_helper.moodle.client import MoodleClient
from sync_helper.moodle.cohorts import Cohort, find_cohort
from sync_helper.moodle.courses import Course
from sync_helper.moodle.enrolments import (
    ALREADY,
    DEFAULT_ROLE,
    DONE,
    FAILED,
    NOT_TRIED,
    PLANNED,
    Action,
    attached_cohorts,
    plan_unsync,
    refused,
    role_id,
)
from sync_helper.moodle.fallback import ManualSteps, sync_steps, unsync_steps
from sync_helper.moodle.groups import NO_GROUP, GroupChoice, choose_group
from sync_helper.moodle.instances import plugin_available
from sync_helper.moodle.reconcile import apply_plan, sync_cohorts

csv_option = click.option(
    "--csv",
    "csv_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Without local_ws_enrolcohort: write a CSV for tool_uploadenrolmentmethods here.",
)


def _manual(
    course: Course, steps: ManualSteps, csv_path: Path | None, failures: list[Action]
) -> None:
    """Print the manual path; write the CSV when asked (not under --dry-run); set the exit code.

    Exit 0 when the CSV was written for every cohort, 7 when some codes named no cohort or
    some cohorts could not be in it, 5 when only instructions were printed.
    """
    options = global_options()
    written = False
    if csv_path is not None and steps.csv_rows and not options.dry_run:
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
                "failed": [failure.as_dict() for failure in failures],
            }
        )
    else:
        _print_manual(steps, csv_path if written else None, failures)
    if not written:
        click.get_current_context().exit(int(ExitCode.MOODLE_REFUSED))
    if failures or steps.left_out:
        click.get_current_context().exit(int(ExitCode.PARTIAL))


def _print_manual(steps: ManualSteps, written: Path | None, failures: list[Action]) -> None:
    line(
        "local_ws_enrolcohort is not in this token's service, and core Moodle has no web "
        "service for cohort-sync methods. Nothing was changed. Do it by hand:"
    )
    for number, step in enumerate(steps.steps, start=1):
        line(f"  {number}. {step}")
    if written:
        line(
            f"Or upload {written} in Site administration › Plugins › Enrolments › "
            "Upload enrolment methods (tool_uploadenrolmentmethods)."
        )
    elif steps.csv_rows:
        line("Or upload this CSV with tool_uploadenrolmentmethods (--csv FILE writes it):")
        click.echo(steps.csv_text(), nl=False)
    for cohort, reason in steps.left_out:
        line(f"Not in the CSV: {cohort.label()}: {reason}.")
    for failure in failures:
        line(f"Not found: {failure.cohort.idnumber}: {failure.error}")


def _show(course: Course, actions: list[Action]) -> None:
    """Every cohort's result, then the exit code: 0 all fine, 7 partial, else the failure's."""
    options = global_options()
    code = results_exit_code(actions)
    if options.as_json:
        emit_json(
            {
                "course": {"id": course.id, "shortname": course.shortname},
                "outcome": "planned" if options.dry_run else _overall(code),
                "dry_run": options.dry_run,
                "exit_code": int(code),
                "actions": [action.as_dict() for action in actions],
            }
        )
    else:
        _show_table(course, actions, dry_run=options.dry_run)
    if code:
        click.get_current_context().exit(int(code))


def _overall(code: ExitCode) -> str:
    if code == ExitCode.OK:
        return "applied"
    return "partial" if code == ExitCode.PARTIAL else "failed"


RESULT_WORDS = {
    PLANNED: "would do",
    DONE: "done",
    ALREADY: "already so",
    FAILED: "FAILED",
    NOT_TRIED: "not tried",
}
UNSUCCESSFUL = frozenset({FAILED, NOT_TRIED})


def _show_table(course: Course, actions: list[Action], *, dry_run: bool) -> None:
    title = f"Course {course.id} {course.shortname}" + (" — dry run" if dry_run else "")
    rows = [
        (
            a.cohort.code(),
            a.cohort.name,
            a.kind,
            a.role,
            a.instance_id or "",
            RESULT_WORDS[a.outcome],
            " — ".join(part for part in (a.error or a.reason, a.note) if part),
        )
        for a in actions
    ]
    table(title, ("code", "cohort", "action", "role", "instance", "result", "what"), rows)
    if dry_run:
        line("Dry run: nothing was changed.")
    failures = [a for a in actions if a.outcome in UNSUCCESSFUL]
    if failures and len(failures) < len(actions):
        line(
            f"Partial: {len(failures)} of {len(actions)} cohort(s) failed or were not tried; "
            "the others are as shown (exit code 7)."
        )


def results_exit_code(actions: list[Action]) -> ExitCode:
    """0 when nothing failed; 7 (partial) when some cohorts failed and others did not; when
    every cohort failed, the exit code of the first failure's error."""
    failures = [a for a in actions if a.outcome in UNSUCCESSFUL]
    if not failures:
        return ExitCode.OK
    if len(failures) < len(actions):
        return ExitCode.PARTIAL
    error_class = getattr(errors, failures[0].error_type, errors.MoodleRefused)
    return exit_code_for(error_class)


def _resolved(
    role: str | None, found: list[tuple[str, Cohort | errors.MoodleError]]
) -> tuple[list[Cohort], list[Action]]:
    """The cohorts found (each once) and a failed action per code that named none.

    When no code names a cohort, the first code's error ends the command as before.
    """
    cohorts: dict[int, Cohort] = {}
    failures: list[Action] = []
    for code, item in found:
        if isinstance(item, Cohort):
            cohorts.setdefault(item.id, item)
        else:
            failures.append(refused(Cohort(0, code, "", True), role or "", item))
    if not cohorts and failures:
        raise next(item for _, item in found if isinstance(item, errors.MoodleError))
    return list(cohorts.values()), failures


def _find_each(
    client: MoodleClient, codes: tuple[str, ...], course: Course
) -> list[tuple[str, Cohort | errors.MoodleError]]:
    found: list[tuple[str, Cohort | errors.MoodleError]] = []
    for code in codes:
        try:
            found.append((code, find_cohort(client, code, course)))
        except errors.NotFound as error:
            found.append((code, error))
    return found


@click.command(name="sync")
@click.argument("course")
@click.argument("codes", nargs=-1, required=True, metavar="CODE...")
@click.option(
    "--role",
    default=None,
    help="Role shortname: student (default) for a new method; an existing method of the "
    "cohort gets this role in place.",
)
@click.option(
    "--group",
    default=None,
    metavar="none|new|NAME",
    help="Add members to no group (default for a new method), a new group named after the "
    "cohort, or an existing group; an existing method is changed to it in place.",
)
@click.option(
    "--disabled",
    is_flag=True,
    help="Attach the cohort but leave the method disabled. The plugin ignores the status on "
    "add: the method is added enabled (members enrolled), then disabled (enrolments suspended).",
)
@csv_option
@insecure_http_option
@reports_moodle_errors
def sync_command(
    course: str,
    codes: tuple[str, ...],
    role: str | None,
    group: str | None,
    disabled: bool,
    csv_path: Path | None,
    insecure_http: bool,
) -> None:
    """Attach cohorts CODE... to COURSE (cohort synchronisation). Idempotent.

    A cohort already attached is updated in place when --role or --group differ, and enabled
    if disabled (unless --disabled); otherwise it is left as it is. Each cohort gets its own
    result; exit code 7 means some cohorts failed or were not tried while others succeeded.

    \b
    Examples:
      sync-helper sync THERMO-L1 L1CHIM231 L1CHBV231 --role student --group new
      sync-helper --dry-run sync 2 L1CHIM231
    """
    client = connect(insecure_http=insecure_http)
    role_id(client.settings.roles, role or DEFAULT_ROLE)
    target = course_from_argument(client, course)
    cohorts, failures = _resolved(role, _find_each(client, codes, target))
    choice = choose_group(client, target, group) if group is not None else None
    if not plugin_available(client):
        steps = sync_steps(
            client.settings.url,
            target,
            cohorts,
            role or DEFAULT_ROLE,
            choice or GroupChoice(NO_GROUP, ""),
            disabled=disabled,
        )
        _manual(target, steps, csv_path, failures)
        return
    actions = sync_cohorts(
        client,
        target,
        cohorts,
        role=role,
        group=choice,
        disabled=disabled,
        dry_run=global_options().dry_run,
    )
    _show(target, failures + actions)


@click.command(name="unsync")
@click.argument("course")
@click.argument("codes", nargs=-1, required=True, metavar="CODE...")
@click.option(
    "--disable",
    is_flag=True,
    help="Disable instead of deleting: users keep their enrolment, grades and groups but lose "
    "access and their role until the method is enabled again (safe, reversible).",
)
@click.option(
    "--role",
    default=None,
    help="Only the cohort's method with this role (default: every method of the cohort; "
    "without the plugin, student).",
)
@csv_option
@insecure_http_option
@reports_moodle_errors
def unsync_command(
    course: str,
    codes: tuple[str, ...],
    disable: bool,
    role: str | None,
    csv_path: Path | None,
    insecure_http: bool,
) -> None:
    """Detach cohorts CODE... from COURSE, or disable them with --disable. Idempotent.

    Codes are looked up among the course's cohort-sync methods first, so a hidden cohort or
    one without idnumber (named by its name) can be detached. Deleting unenrols every user
    enrolled through the cohort and detaches their course data (grades, group memberships);
    it asks for confirmation unless --yes is given, and refuses without a terminal. --disable
    keeps everything and can be undone.

    \b
    Examples:
      sync-helper unsync THERMO-L1 L1CHIM231 --disable
      sync-helper --yes unsync 2 L1CHIM231 --role student
    """
    client = connect(insecure_http=insecure_http)
    if role is not None:
        role_id(client.settings.roles, role)
    target = course_from_argument(client, course)
    if not plugin_available(client):
        cohorts, failures = _resolved(role, _find_each(client, codes, target))
        steps = unsync_steps(
            client.settings.url, target, cohorts, disable=disable, role=role or DEFAULT_ROLE
        )
        _manual(target, steps, csv_path, failures)
        return
    instances, found = attached_cohorts(client, target, codes)
    cohorts, failures = _resolved(role, found)
    actions = plan_unsync(client, target, cohorts, disable=disable, role=role, instances=instances)
    deletes = [a for a in actions if a.kind == "delete"]
    if deletes and not global_options().dry_run:
        for action in deletes:
            warn(f"{action.cohort.label()}: {action.reason}")
        if not confirm_destructive(f"Delete {len(deletes)} cohort-sync method(s)?"):
            warn("Nothing changed.")
            return
    if not global_options().dry_run:
        actions = apply_plan(client, target, actions)
    _show(target, failures + actions)
