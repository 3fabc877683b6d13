"""The whole plan as one tool_uploadenrolmentmethods file: one row per write, nothing guessed."""

from __future__ import annotations

import csv
import io

from sync_helper.moodle.cohorts import Cohort
from sync_helper.moodle.courses import Course
from sync_helper.moodle.groups import NEW_GROUP, NO_GROUP
from sync_helper.rollover.diff import ATTACH, DETACH, DISABLE, KEEP, UPDATE, Change
from sync_helper.rollover.plan import CoursePlan, RolloverPlan
from sync_helper.rollover.upload_csv import plan_csv

NEW = Cohort(2, "L1CHIM241", "Chimie 2024", True)
OLD = Cohort(1, "L1CHIM231", "Chimie 2023", True)
NAMELESS = Cohort(3, "", "Sans code", True)


def course(course_id: int, shortname: str) -> Course:
    return Course(course_id, shortname, shortname, "", "", ("cohort",))


def change(kind: str, cohort: Cohort, group_id: int = NO_GROUP, group: str = "none") -> Change:
    return Change(kind, cohort, "student", 5, group, "why", group_id=group_id)


def rows(plan: RolloverPlan) -> tuple[list[list[str]], list[str]]:
    text, left_out = plan_csv(plan)
    return list(csv.reader(io.StringIO(text))), left_out


def test_one_row_per_write_with_the_upload_tools_operations() -> None:
    changes = (
        change(ATTACH, NEW, NEW_GROUP, "new group"),
        change(UPDATE, NEW, 12, "Groupe Amiens"),
        change(DISABLE, OLD),
        change(DETACH, OLD),
        change(KEEP, OLD),
    )
    plan = RolloverPlan((CoursePlan(course(2, "THERMO-L1"), changes),), (), False, False, "x")
    table, left_out = rows(plan)
    assert "\r" not in plan_csv(plan)[0]  # one line ending, as sync's CSV
    assert table == [
        ["operation", "method", "shortname", "metacohort", "disabled", "group", "role"],
        ["add", "cohort", "THERMO-L1", "L1CHIM241", "0", "Chimie 2024 cohort", "student"],
        ["upd", "cohort", "THERMO-L1", "L1CHIM241", "0", "Groupe Amiens", "student"],
        ["upd", "cohort", "THERMO-L1", "L1CHIM231", "1", "", "student"],
        ["del", "cohort", "THERMO-L1", "L1CHIM231", "1", "", "student"],
    ]
    assert left_out == []


def test_held_courses_and_cohorts_without_code_are_left_out_with_why() -> None:
    unnamed_group = Cohort(4, "L2CHIM241", "", True)
    plan = RolloverPlan(
        (
            CoursePlan(course(2, "THERMO-L1"), (change(ATTACH, NEW),), held="cohort missing"),
            CoursePlan(
                course(3, "CIRC-L1"),
                (change(ATTACH, NAMELESS), change(ATTACH, unnamed_group, NEW_GROUP)),
            ),
        ),
        (),
        False,
        False,
        "x",
    )
    table, left_out = rows(plan)
    assert table[1:] == [
        ["add", "cohort", "CIRC-L1", "L2CHIM241", "0", "L2CHIM241 cohort", "student"]
    ]
    assert left_out == [
        "THERMO-L1: held (cohort missing)",
        "CIRC-L1: cohort 'Sans code' has no idnumber",
    ]
