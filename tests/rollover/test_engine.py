"""The engine as a library: one course's crash never stops the others or escapes the run."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest

from sync_helper.moodle.client import MoodleClient
from sync_helper.moodle.cohorts import Cohort
from sync_helper.moodle.courses import Course
from sync_helper.moodle.secret import Secret
from sync_helper.moodle.settings import ClientSettings
from sync_helper.rollover.diff import ATTACH, Change
from sync_helper.rollover.engine import EARLIER, FAILED, SKIPPED, CourseOutcome, apply_plan
from sync_helper.rollover.journal import Journal
from sync_helper.rollover.plan import CoursePlan, RolloverPlan
from sync_helper.rollover.workers import ClientPool
from tests.rollover.conftest import build_mixed, write_plan
from tests.rollover.simpool import plan_of, sim_pool

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


REFUSED = (
    "Moodle says this is not available in the course: the cohort is hidden, or lives in a "
    "category that is not above this course (or the role cannot be assigned there)"
)


def test_a_refused_attach_keeps_every_old_method_and_the_report_says_which(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A teacher may attach students, not editing teachers: nothing old is disabled."""
    plan_file = {
        "rules": {"codes": {"L1CHIM231": "L1CHIM241", "L1CHBV231": "L1CHIM241"}},
        "courses": ["THERMO-L1", "MIXED-NONE"],
    }
    with sim_pool(monkeypatch, build_mixed, who="teacher", workers_=1) as (pool, _):
        plan = plan_of(pool, write_plan(tmp_path / "p.yml", plan_file))
        journal = Journal.open(tmp_path / "j", plan.fingerprint, {}, fresh=False)
        seen: list[str] = []
        report = apply_plan(pool, plan, journal, on_course=lambda o: seen.append(o.status))
        journal.close()
    kept = "kept: L1CHIM241 could not be attached first"
    assert report.as_dict() == {
        "ok": False,
        "interrupted": False,
        "counts": {
            "applied": 0,
            "nothing": 1,
            "skipped": 0,
            "earlier": 0,
            "failed": 1,
            "changes_done": 1,
            "changes_failed": 1,
        },
        "problems": [],
        "courses": [
            {
                "course": {"id": 23, "shortname": "MIXED-NONE"},
                "status": "nothing",
                "reason": "no cohort sync yet: nothing is attached (list its cohorts to add some)",
                "done": [],
                "failed": [],
                "not_tried": [],
            },
            {
                "course": {"id": 2, "shortname": "THERMO-L1"},
                "status": "failed",
                "reason": f"L1CHIM241: {REFUSED}",
                "done": [
                    {"action": "attach", "cohort": "L1CHIM241", "role": "student", "detail": "done"}
                ],
                "failed": [
                    {
                        "action": "attach",
                        "cohort": "L1CHIM241",
                        "role": "editingteacher",
                        "detail": REFUSED,
                    }
                ],
                "not_tried": [
                    {"action": "disable", "cohort": "L1CHIM231", "role": "student", "detail": kept},
                    {
                        "action": "disable",
                        "cohort": "L1CHIM231",
                        "role": "editingteacher",
                        "detail": kept,
                    },
                    {"action": "disable", "cohort": "L1CHBV231", "role": "student", "detail": kept},
                ],
            },
        ],
    }
    assert sorted(seen) == ["failed", "nothing"]
    records = [json.loads(line) for line in (tmp_path / "j").read_text().splitlines()[1:]]
    for record in records:
        assert record.pop("at")
    assert records[0].pop("instance") > 0
    assert records == [
        {
            "event": "write",
            "course": 2,
            "change": "attach:10:5",
            "status": "done",
            "detail": "done",
        },
        {
            "event": "write",
            "course": 2,
            "change": "attach:10:3",
            "status": "failed",
            "detail": REFUSED,
            "instance": None,
        },
    ]


def test_a_course_finished_earlier_is_reported_with_when_and_never_written_again(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    plan_file = {
        "rules": {"codes": {"L1INFO231": ["L1INFO241", "L1INBV241"]}},
        "courses": ["CIRC-L1"],
    }
    with sim_pool(monkeypatch, build_mixed) as (pool, transport):
        plan = plan_of(pool, write_plan(tmp_path / "p.yml", plan_file))
        journal = Journal.open(tmp_path / "j", plan.fingerprint, {}, fresh=False)
        first = apply_plan(pool, plan, journal)
        journal.close()
        sent = len(transport.sent)
        resumed = Journal.open(tmp_path / "j", plan.fingerprint, {}, fresh=False)
        again = apply_plan(pool, plan, resumed)
        resumed.close()
        assert len(transport.sent) == sent
    assert first.ok and first.counts()["applied"] == 1 and first.counts()["changes_done"] == 3
    *_, done = [json.loads(line) for line in (tmp_path / "j").read_text().splitlines()]
    assert (done["event"], done["course"], done["changes"]) == ("course-done", 3, 3)
    [outcome] = again.outcomes
    assert (outcome.status, outcome.reason) == (
        EARLIER,
        f"finished by an earlier run ({done['at']})",
    )
    assert again.ok and again.counts()["earlier"] == 1
