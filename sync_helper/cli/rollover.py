"""``sync-helper rollover``: plan and apply the yearly cohort changes of many courses.

``plan FILE`` reads the site and prints what would change (no write). ``apply FILE`` does it,
after confirmation, with a journal next to the plan so that an interrupted run resumes.
Exit codes: 0 done (or nothing to do); 1 bad plan file; 7 some changes done, others failed;
5 changes failed and none was done (the report says which and why); 130 interrupted (run the
same command again to resume).
"""

from __future__ import annotations

import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from sync_helper.catalog.model import Catalog
from sync_helper.cli.codes import _institution_or_exit, _load_or_exit, config_option
from sync_helper.cli.exit_codes import ExitCode
from sync_helper.cli.moodle_connection import connect, insecure_http_option
from sync_helper.cli.moodle_errors import reports_moodle_errors
from sync_helper.cli.options import global_options
from sync_helper.cli.render import emit_json, line, table, warn
from sync_helper.moodle import errors
from sync_helper.moodle.settings import ClientSettings
from sync_helper.rollover.engine import (
    APPLIED,
    FAILED,
    NOTHING,
    SKIPPED,
    ApplyReport,
    CourseOutcome,
    apply_plan,
)
from sync_helper.rollover.journal import Journal, default_journal_path
from sync_helper.rollover.plan import RolloverPlan, build_plan
from sync_helper.rollover.planfile import PlanFile, PlanFileError, load_plan_file
from sync_helper.rollover.rules import CodeRules, rules_from_catalog, rules_yaml
from sync_helper.rollover.upload_csv import plan_csv
from sync_helper.rollover.workers import DEFAULT_WORKERS, MAX_WORKERS, ClientPool

INTERRUPTED = 130

plan_argument = click.argument("plan_file", metavar="FILE", type=click.Path(path_type=Path))
delete_old_option = click.option(
    "--delete-old",
    is_flag=True,
    help="Delete last year's methods instead of disabling them (unenrols their users).",
)
workers_option = click.option(
    "--workers",
    default=DEFAULT_WORKERS,
    show_default=True,
    type=click.IntRange(1, MAX_WORKERS),
    help="Courses worked on at once (be gentle with the server).",
)


@click.group(name="rollover")
def rollover_group() -> None:
    """Year-end rollover: plan and apply cohort changes for many courses.

    \b
    Examples:
      sync-helper rollover rules --from-year 2023 --to-year 2024 > rules.yml
      sync-helper rollover plan rollover-2024.yml
      sync-helper rollover apply rollover-2024.yml
    """


def _read_plan(
    path: Path, settings: ClientSettings, config: Path
) -> tuple[PlanFile, CodeRules, list[str]]:
    """The plan file and its rules (catalog ones generated); exit 1 listing every problem."""
    try:
        planfile = load_plan_file(path, settings.roles, settings.url)
    except PlanFileError as error:
        for problem in error.problems:
            warn(f"error: {problem}")
        warn("The plan file is not usable; nothing was read from Moodle.")
        raise SystemExit(ExitCode.INVALID_DATA) from None
    rules, notes = planfile.rules, []
    if planfile.catalog_years is not None:
        from_year, to_year = planfile.catalog_years
        generated = rules_from_catalog(_site_catalog(config), from_year, to_year)
        rules = generated.rules.merged_with(planfile.rules)
        notes = [
            f"catalog: {code} not mapped ({why})"
            for code, why in generated.unmapped
            if code not in planfile.rules.mapping
        ]
    return planfile, rules, notes


def _site_catalog(config: Path) -> Catalog:
    """The catalog as the site reads it: institution.yml's files, cohort code template and
    CDM-fr codeSet names (a house codeSet left out would read no formation)."""
    institution = _institution_or_exit(config)
    return _load_or_exit(
        list(institution.catalog_files), institution.cohort_code_template, institution.code_sets
    )


def _planned(
    path: Path, config: Path, workers: int, delete_old: bool, insecure_http: bool
) -> tuple[ClientPool, RolloverPlan, list[str]]:
    client = connect(insecure_http=insecure_http)
    planfile, rules, notes = _read_plan(path, client.settings, config)
    pool = ClientPool(client.settings, workers)
    click.get_current_context().call_on_close(pool.close)
    plan = build_plan(pool, planfile, rules, delete_old=delete_old)
    return pool, plan, notes


def _totals_line(plan: RolloverPlan) -> str:
    t = plan.totals()
    return (
        f"{t['courses']} course(s): {t['attach']} attach, {t['update']} update, "
        f"{t['disable']} disable, {t['detach']} detach, {t['keep']} keep; "
        f"{t['courses_to_change']} course(s) to change, {t['courses_held']} held, "
        f"{t['problems']} problem(s)"
    )


def _show_plan(plan: RolloverPlan, notes: list[str], *, show_keep: bool) -> None:
    rows = []
    for course_plan in plan.courses:
        name = f"{course_plan.course.shortname} ({course_plan.course.id})"
        state = "HELD" if course_plan.held else ""
        for change in course_plan.changes:
            if change.writes or show_keep:
                rows.append(
                    (
                        name,
                        change.kind,
                        change.cohort.idnumber,
                        change.role,
                        change.group,
                        state,
                        change.reason,
                    )
                )
    if rows:
        table(
            "Rollover plan" + ("" if plan.plugin else " (core Moodle only: not checked)"),
            ("course", "action", "cohort", "role", "group", "", "why"),
            rows,
        )
    for course_plan in plan.courses:
        name = course_plan.course.shortname
        if course_plan.held:
            line(f"held: {name}: {course_plan.held}")
        for warning in course_plan.warnings:
            line(f"warning: {name}: {warning}")
        if course_plan.note and not course_plan.writes:
            line(f"note: {name}: {course_plan.note}")
    for problem in [*plan.problems, *notes]:
        line(f"problem: {problem}")
    line(_totals_line(plan))


@rollover_group.command(name="plan")
@plan_argument
@delete_old_option
@click.option("--all", "show_keep", is_flag=True, help="Also list what stays as it is.")
@workers_option
@config_option
@insecure_http_option
@reports_moodle_errors
def plan_command(
    plan_file: Path,
    delete_old: bool,
    show_keep: bool,
    workers: int,
    config: Path,
    insecure_http: bool,
) -> None:
    """Show what applying FILE would change, course by course. Writes nothing.

    Per course: attach, update (role, group or re-enable in place), disable, detach
    (with --delete-old) or keep; courses that cannot be done safely are HELD with the
    reason (a cohort missing, out of the course's reach, or named with markup the plugin
    cannot return). Warnings: hidden cohorts, cohorts with no members yet.

    \b
    Example:
      sync-helper rollover plan rollover-2024.yml
      sync-helper --json rollover plan rollover-2024.yml > plan.json
    """
    _, plan, notes = _planned(plan_file, config, workers, delete_old, insecure_http)
    if global_options().as_json:
        emit_json({**plan.as_dict(), "notes": notes})
        return
    _show_plan(plan, notes, show_keep=show_keep)


def _confirm(plan: RolloverPlan, confirm_delete: bool) -> bool:
    """The first confirmation, then a second one naming the deletions."""
    options = global_options()
    totals = plan.totals()
    interactive = sys.stdin.isatty()
    if not options.yes and not interactive:
        raise errors.ConfigurationError(
            "no terminal to confirm on: review with 'rollover plan', then pass --yes"
        )
    if not options.yes and not click.confirm(
        f"Apply {totals['courses_to_change']} course(s) of changes?", default=False, err=True
    ):
        return False
    if not totals["detach"]:
        return True
    warning = (
        f"{totals['detach']} method(s) will be DELETED: their users are unenrolled and their "
        "grades and groups in those courses are detached."
    )
    warn(warning)
    if confirm_delete:
        return True
    if not interactive:
        raise errors.ConfigurationError(
            "deleting needs a second confirmation: add --confirm-delete (or drop --delete-old "
            "to disable them instead)"
        )
    answer = click.prompt("Type DELETE to confirm", default="", err=True, show_default=False)
    return answer.strip() == "DELETE"


@contextmanager
def _stop_on_interrupt() -> Iterator[threading.Event]:
    """Ctrl-C (or SIGTERM) lets running courses finish, starts no new one."""
    stop = threading.Event()

    def handler(signum: int, frame: object) -> None:
        stop.set()

    previous = {sig: signal.signal(sig, handler) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield stop
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)


def _progress() -> Progress:
    console = Console(stderr=True)
    return Progress(
        TextColumn("Rollover"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[counts]}"),
        TimeRemainingColumn(),
        console=console,
        disable=not console.is_terminal or global_options().as_json,
    )


def _show_report(report: ApplyReport) -> None:
    counts = report.counts()
    for outcome in report.outcomes:
        name = outcome.course.shortname
        if outcome.status == FAILED:
            for change, why in outcome.failed:
                line(f"failed: {name}: {change.kind} {change.cohort.idnumber}: {why}")
            for change, why in outcome.not_tried:
                line(f"not tried: {name}: {change.kind} {change.cohort.idnumber}: {why}")
        elif outcome.status == SKIPPED:
            line(f"skipped: {name}: {outcome.reason}")
        elif outcome.status == NOTHING and outcome.reason:
            line(f"note: {name}: {outcome.reason}")
    for problem in report.problems:
        line(f"problem: {problem}")
    line(
        f"Done: {counts['applied']} course(s) changed ({counts['changes_done']} change(s)); "
        f"{counts['nothing']} already as planned; "
        f"{counts['earlier']} finished earlier; {counts['skipped']} skipped; "
        f"{counts['failed']} failed ({counts['changes_failed']} change(s))."
    )
    if report.interrupted:
        line("Interrupted: run the same command again to resume where it stopped.")


@rollover_group.command(name="apply")
@plan_argument
@delete_old_option
@click.option(
    "--confirm-delete", is_flag=True, help="Second confirmation for --delete-old (scripts)."
)
@workers_option
@click.option(
    "--journal",
    "journal_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Journal file (default: FILE.journal next to the plan).",
)
@click.option("--fresh", is_flag=True, help="Ignore the journal of an earlier run; start over.")
@click.option(
    "--csv",
    "csv_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the whole plan as one tool_uploadenrolmentmethods file (sites without the plugin).",
)
@config_option
@insecure_http_option
@reports_moodle_errors
def apply_command(
    plan_file: Path,
    delete_old: bool,
    confirm_delete: bool,
    workers: int,
    journal_path: Path | None,
    fresh: bool,
    csv_path: Path | None,
    config: Path,
    insecure_http: bool,
) -> None:
    """Apply FILE: attach the new cohorts, then disable (or delete) last year's.

    Asks for confirmation (--yes skips it); deleting (--delete-old) asks a second time
    (--confirm-delete in scripts). Interrupted (Ctrl-C, kill, network loss), it resumes
    where it stopped when run again; run again after success, it changes nothing.

    \b
    Examples:
      sync-helper rollover apply rollover-2024.yml
      sync-helper --yes rollover apply rollover-2024.yml --workers 8
      sync-helper rollover apply rollover-2024.yml --csv upload.csv   # without the plugin
    """
    pool, plan, notes = _planned(plan_file, config, workers, delete_old, insecure_http)
    if not plan.plugin or csv_path is not None:
        _write_csv(plan, csv_path)
        return
    if global_options().dry_run:
        _show_plan(plan, notes, show_keep=False)
        line("Dry run: nothing was changed.")
        return
    if not global_options().as_json:
        line(_totals_line(plan))
    writes = plan.totals()["courses_to_change"]
    if writes and not _confirm(plan, confirm_delete):
        warn("Nothing changed.")
        return
    options = {"delete_old": delete_old}
    journal = Journal.open(
        journal_path or default_journal_path(plan_file), plan.fingerprint, options, fresh=fresh
    )
    try:
        report = _run(pool, plan, journal)
    finally:
        journal.close()
    if global_options().as_json:
        emit_json(report.as_dict())
    else:
        _show_report(report)
    if report.interrupted:
        raise SystemExit(INTERRUPTED)
    if not report.ok:
        partial = report.counts()["changes_done"] > 0
        raise SystemExit(ExitCode.PARTIAL if partial else ExitCode.MOODLE_REFUSED)


def _run(pool: ClientPool, plan: RolloverPlan, journal: Journal) -> ApplyReport:
    with _stop_on_interrupt() as stop, _progress() as progress:
        task = progress.add_task("rollover", total=len(plan.courses), counts="")
        tally = {APPLIED: 0, FAILED: 0}

        def advance(outcome: CourseOutcome) -> None:
            if outcome.status in tally:
                tally[outcome.status] += 1
            progress.update(
                task,
                advance=1,
                counts=f"{tally[APPLIED]} changed, {tally[FAILED]} failed",
            )

        return apply_plan(pool, plan, journal, on_course=advance, stop=stop)


def _write_csv(plan: RolloverPlan, csv_path: Path | None) -> None:
    """The no-plugin path: the whole plan as one upload file (never a half-written one)."""
    if csv_path is None:
        line(
            "local_ws_enrolcohort is not in this token's service: nothing can be applied by web "
            "service. Pass --csv FILE to write the whole plan for tool_uploadenrolmentmethods."
        )
        raise SystemExit(ExitCode.MOODLE_REFUSED)
    text, left_out = plan_csv(plan)
    temporary = csv_path.with_name(csv_path.name + ".part")
    try:
        temporary.write_text(text, encoding="utf-8")
        temporary.replace(csv_path)
    except OSError as error:
        raise errors.ConfigurationError(f"{csv_path}: cannot write ({error.strerror})") from None
    rows = text.count("\n") - 1
    if global_options().as_json:
        emit_json({"csv_file": str(csv_path), "rows": rows, "left_out": left_out})
        return
    for why in left_out:
        line(f"left out: {why}")
    line(
        f"Wrote {rows} row(s) to {csv_path}: upload it in Site administration › Plugins › "
        "Enrolments › Upload enrolment methods (tool_uploadenrolmentmethods)."
    )


@rollover_group.command(name="rules")
@click.option("--from-year", required=True, help="Academic year of the old codes (e.g. 2023).")
@click.option("--to-year", required=True, help="Academic year of the new codes (e.g. 2024).")
@config_option
def rules_command(from_year: str, to_year: str, config: Path) -> None:
    """Print the code rules the catalog gives between two years, as a plan-file block.

    Reads the same data files as the site (institution.yml). Codes with no formation in
    the new year, or with several versions, are listed as comments to decide by hand.

    \b
    Example:
      sync-helper rollover rules --from-year 2023 --to-year 2024 > rules-2024.yml
    """
    generated = rules_from_catalog(_site_catalog(config), from_year, to_year)
    if global_options().as_json:
        emit_json(
            {
                "rules": {old: list(new) for old, new in generated.rules.mapping.items()},
                "unmapped": [{"code": c, "why": why} for c, why in generated.unmapped],
            }
        )
        return
    click.echo(rules_yaml(generated, from_year, to_year), nl=False)
