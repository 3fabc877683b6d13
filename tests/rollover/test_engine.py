"""The engine as a library: one course's crash never stops the others or escapes the run."""

from __future__ import annotations

import json
import threading
from pathlib import Path

from sync_helper.moodle.client import MoodleClient
from sync_helper.moodle.cohorts import Cohort
from sync_helper.moodle.courses import Course
from sync_helper.moodle.secret import Secret
from sync_helper.moodle.settings import ClientSettings
from sync_helper.rollover.diff import ATTACH, Change
from sync_helper.rollover.engine import FAILED, SKIPPED, CourseOutcome, apply_plan
from sync_helper.rollover.journal import Journal
from sync_helper.rollover.plan import CoursePlan, RolloverPlan
from sync_helper.rollover.workers import ClientPool

NEW = Cohort(2, "L1CHIM241", "Chimie 2024", True)


class CrashingPool(ClientPool):
    """Real worker threads whose Moodle client cannot even be made (a bug, not a refusal)."""

    def client(self) -> MoodleClient:
        raise RuntimeError("worker bug")


def course_plan(course_id: int, held: str = "") -> CoursePlan:
    course = Course(course_id, f"C{course_id}", f"Course {course_id}", "", "1", ("cohort",))
    attach = Change(ATTACH, NEW, "student", 5, "none", "attach")
    return CoursePlan(course, (attach,), held=held)


def test_a_crash_in_one_course_fails_that_course_and_the_run_goes_on(tmp_path: Path) -> None:
    plan = RolloverPlan(
        (course_plan(3), course_plan(2), course_plan(4, held="held: teacher asked")),
        problems=(),
        plugin=True,
        delete_old=False,
        fingerprint="sha",
    )
    settings = ClientSettings(url="https://moodle.example.fr", token=Secret("t" * 32))
    journal = Journal.open(tmp_path / "journal", "sha", {}, fresh=False)
    seen: list[CourseOutcome] = []
    report = apply_plan(
        CrashingPool(settings, workers=2),
        plan,
        journal,
        on_course=seen.append,
        stop=threading.Event(),
    )
    journal.close()
    assert [(o.course.id, o.status, o.reason) for o in report.outcomes] == [
        (2, FAILED, "RuntimeError: worker bug"),
        (3, FAILED, "RuntimeError: worker bug"),
        (4, SKIPPED, "held: teacher asked"),
    ]
    assert sorted(o.course.id for o in seen) == [2, 3, 4]  # each course reported as it ends
    assert not report.ok and not report.interrupted
    assert report.counts()[FAILED] == 2
    records = [json.loads(line) for line in (tmp_path / "journal").read_text().splitlines()]
    assert not any(r.get("event") == "course-done" for r in records)  # a rerun tries them again
