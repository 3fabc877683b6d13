"""``sync-helper status``: which cohorts a course synchronises, with which role and group."""

from __future__ import annotations

import click

from sync_helper.cli.moodle_connection import (
    connect,
    course_from_argument,
    insecure_http_option,
)
from sync_helper.cli.moodle_errors import reports_moodle_errors
from sync_helper.cli.options import global_options
from sync_helper.cli.render import emit_json, line, table
from sync_helper.moodle.courses import enrolment_methods_page
from sync_helper.moodle.enrolments import CourseSyncState, course_state


def state_as_dict(state: CourseSyncState) -> dict[str, object]:
    """JSON form of a course's cohort-sync state."""
    course = state.course
    return {
        "course": {"id": course.id, "shortname": course.shortname, "fullname": course.fullname},
        "plugin": state.plugin,
        "instances": [
            {
                "id": i.id,
                "cohort": i.cohort.as_dict(),
                "role": i.role,
                "role_id": i.role_id,
                "group": i.group or None,
                "group_id": i.group_id,
                "enabled": i.enabled,
                "enrolled": state.enrolled.get(i.id),
            }
            for i in state.instances
        ]
        if state.plugin
        else None,
        "enabled_cohort_methods": state.enabled_cohort_methods,
        "enrolled_total": state.enrolled_total,
    }


@click.command(name="status")
@click.argument("course")
@insecure_http_option
@reports_moodle_errors
def status_command(course: str, insecure_http: bool) -> None:
    """Show the cohorts synchronised with COURSE (id, shortname, idnumber or URL).

    \b
    Examples:
      sync-helper status 42
      sync-helper status https://moodle.example.org/course/view.php?id=42
    """
    client = connect(insecure_http=insecure_http)
    state = course_state(client, course_from_argument(client, course))
    if global_options().as_json:
        emit_json(state_as_dict(state))
        return
    c = state.course
    line(f"Course {c.id}: {c.shortname} — {c.fullname}")
    if state.enrolled_total is not None:
        line(f"Enrolled users (all methods): {state.enrolled_total}")
    if not state.plugin:
        page = enrolment_methods_page(client.settings.url, c)
        line(
            f"{state.enabled_cohort_methods} enabled cohort-sync method(s). Core Moodle cannot "
            "tell which cohorts, roles or groups, nor count disabled methods: "
            f"local_ws_enrolcohort is not in this token's service. See {page}"
        )
        return
    if not state.instances:
        line("No cohort is synchronised with this course.")
        return
    rows = [
        (
            i.cohort.code(),
            i.cohort.name,
            i.role or i.role_id,
            i.group or "-",
            "yes" if i.enabled else "disabled",
            "?" if state.enrolled.get(i.id) is None else state.enrolled[i.id],
            i.id,
        )
        for i in state.instances
    ]
    columns = ("code", "cohort", "role", "group", "enabled", "enrolled", "instance")
    table("Cohort synchronisation", columns, rows)
    if any(count is None for count in state.enrolled.values()):
        line(
            "enrolled ?: this token may not read cohort members or the course's participants "
            "(a course-level teacher cannot read system cohorts), so the count is unknown."
        )
