"""The whole plan as one file for tool_uploadenrolmentmethods, for sites without the plugin.

One row per change (``add``, ``upd`` to disable or enable, ``del``), header as the upload tool
expects. Held courses are left out, and so are cohorts without idnumber: the tool matches
cohorts by idnumber and would pick one at random for an empty code.
"""

from __future__ import annotations

import csv
import io

from sync_helper.moodle.fallback import CSV_HEADER
from sync_helper.moodle.groups import NEW_GROUP, NO_GROUP
from sync_helper.rollover.diff import ATTACH, DETACH, UPDATE, Change
from sync_helper.rollover.plan import RolloverPlan

OPERATIONS = {ATTACH: "add", DETACH: "del"}


def _row(shortname: str, change: Change) -> tuple[str, ...]:
    operation = OPERATIONS.get(change.kind, "upd")
    disabled = "0" if change.kind in (ATTACH, UPDATE) else "1"
    if change.group_id == NO_GROUP:
        group = ""
    elif change.group_id == NEW_GROUP:  # the tool creates a missing group by name
        group = f"{change.cohort.name or change.cohort.idnumber} cohort"
    else:
        group = change.group
    return (operation, "cohort", shortname, change.cohort.idnumber, disabled, group, change.role)


def plan_csv(plan: RolloverPlan) -> tuple[str, list[str]]:
    """The CSV text, and what was left out (with why)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    left_out = []
    for course_plan in plan.courses:
        name = course_plan.course.shortname
        if course_plan.held:
            left_out.append(f"{name}: held ({course_plan.held})")
            continue
        for change in course_plan.writes:
            if not change.cohort.idnumber:
                left_out.append(f"{name}: cohort {change.cohort.name!r} has no idnumber")
                continue
            writer.writerow(_row(name, change))
    return buffer.getvalue(), left_out
