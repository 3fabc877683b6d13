"""Apply a rollover plan: courses in parallel (bounded), each course's changes in order.

Within a course, attaches and updates come first; last year's instances are disabled or
detached only when every new cohort is in place, so a failure never leaves a course without
students. Every write goes through :func:`.writes.apply_change` (verified when its answer is
lost) and into the journal. Held courses, courses finished by an earlier run and courses with
nothing to do are reported as skipped, with the reason.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from sync_helper.moodle.courses import Course
from sync_helper.rollover.diff import ATTACH, DETACH, DISABLE, UPDATE, Change
from sync_helper.rollover.journal import Journal
from sync_helper.rollover.plan import CoursePlan, RolloverPlan
from sync_helper.rollover.workers import ClientPool
from sync_helper.rollover.writes import DONE, apply_change

APPLIED, NOTHING, SKIPPED, FAILED, EARLIER = "applied", "nothing", "skipped", "failed", "earlier"
PAST = {ATTACH: "attached", UPDATE: "updated"}


@dataclass
class CourseOutcome:
    """What happened to one course: its status, and each change done, failed or not tried."""

    course: Course
    status: str
    reason: str = ""
    done: list[tuple[Change, str]] = field(default_factory=list)
    failed: list[tuple[Change, str]] = field(default_factory=list)
    not_tried: list[tuple[Change, str]] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        """JSON-ready form."""

        def listing(items: list[tuple[Change, str]]) -> list[dict[str, object]]:
            return [
                {"action": c.kind, "cohort": c.cohort.idnumber, "role": c.role, "detail": why}
                for c, why in items
            ]

        return {
            "course": {"id": self.course.id, "shortname": self.course.shortname},
            "status": self.status,
            "reason": self.reason or None,
            "done": listing(self.done),
            "failed": listing(self.failed),
            "not_tried": listing(self.not_tried),
        }


@dataclass
class ApplyReport:
    """Every course's outcome, the plan's own problems, and whether the run was cut short."""

    outcomes: list[CourseOutcome]
    problems: tuple[str, ...]
    interrupted: bool = False

    def counts(self) -> dict[str, int]:
        """Courses by status, and changes done or failed."""
        statuses = Counter(outcome.status for outcome in self.outcomes)
        return {
            **{status: statuses.get(status, 0) for status in (APPLIED, NOTHING, SKIPPED, EARLIER)},
            FAILED: statuses.get(FAILED, 0),
            "changes_done": sum(len(o.done) for o in self.outcomes),
            "changes_failed": sum(len(o.failed) for o in self.outcomes),
        }

    @property
    def ok(self) -> bool:
        """True when nothing failed and the run went to its end."""
        return not self.interrupted and not any(o.status == FAILED for o in self.outcomes)

    def as_dict(self) -> dict[str, object]:
        """JSON-ready form."""
        return {
            "ok": self.ok,
            "interrupted": self.interrupted,
            "counts": self.counts(),
            "problems": list(self.problems),
            "courses": [outcome.as_dict() for outcome in self.outcomes],
        }


def apply_plan(
    pool: ClientPool,
    plan: RolloverPlan,
    journal: Journal,
    *,
    on_course: Callable[[CourseOutcome], None] = lambda outcome: None,
    stop: threading.Event | None = None,
) -> ApplyReport:
    """Apply every course of ``plan`` that may be applied; never raises for one course."""
    report = ApplyReport([], plan.problems)
    runnable = []
    for course_plan in plan.courses:
        outcome = _without_writes(course_plan, journal)
        if outcome is None:
            runnable.append(course_plan)
        else:
            report.outcomes.append(outcome)
            on_course(outcome)

    def run(course_plan: CoursePlan) -> CourseOutcome:
        return _apply_course(pool, course_plan, journal)

    for course_plan, result in pool.map(run, runnable, stop):
        if isinstance(result, BaseException):
            result = CourseOutcome(course_plan.course, FAILED, f"{type(result).__name__}: {result}")
        report.outcomes.append(result)
        on_course(result)
    report.interrupted = len(report.outcomes) < len(plan.courses)
    report.outcomes.sort(key=lambda o: (o.course.shortname, o.course.id))
    return report


def _without_writes(course_plan: CoursePlan, journal: Journal) -> CourseOutcome | None:
    """The outcome of a course that needs no write, or None when it must be worked on."""
    course = course_plan.course
    if journal.is_finished(course.id):
        when = journal.finished[course.id].get("at", "")
        return CourseOutcome(course, EARLIER, f"finished by an earlier run ({when})")
    if course_plan.held:
        return CourseOutcome(course, SKIPPED, course_plan.held)
    if not course_plan.writes:
        return CourseOutcome(course, NOTHING, course_plan.note)
    return None


def _apply_course(pool: ClientPool, course_plan: CoursePlan, journal: Journal) -> CourseOutcome:
    course = course_plan.course
    outcome = CourseOutcome(course, APPLIED)
    for change in course_plan.writes:
        blocking = next((c for c, _ in outcome.failed if c.kind in (ATTACH, UPDATE)), None)
        if change.kind in (DISABLE, DETACH) and blocking is not None:
            why = f"kept: {blocking.cohort.idnumber} could not be {PAST[blocking.kind]} first"
            outcome.not_tried.append((change, why))
            continue
        result = apply_change(pool.client(), course, change)
        journal.write(
            event="write",
            course=course.id,
            change=change.key,
            status=result.status,
            detail=result.detail,
            instance=result.instance_id,
        )
        target = outcome.done if result.status == DONE else outcome.failed
        target.append((change, result.detail))
    if outcome.failed or outcome.not_tried:
        outcome.status = FAILED
        outcome.reason = "; ".join(f"{c.cohort.idnumber}: {why}" for c, why in outcome.failed)
    else:
        journal.write(event="course-done", course=course.id, changes=len(outcome.done))
    return outcome
