"""The write seam: one rollover change through the package's healing write path.

A write whose answer is lost (dropped connection, 5xx, cut body) or unreadable
(``invalidresponse``: Moodle did the work, then failed its own answer check) may or may not
have happened. :mod:`sync_helper.moodle.reconcile` never repeats it blindly: it reads the
course back and sends only what is still missing. This module turns a rollover
:class:`~.diff.Change` into the action that path expects, and its result into a
:class:`WriteResult`.
"""

from __future__ import annotations

from dataclasses import dataclass

from sync_helper.moodle.client import MoodleClient
from sync_helper.moodle.courses import Course
from sync_helper.moodle.enrolments import ALREADY, Action
from sync_helper.moodle.enrolments import DONE as ACTION_DONE
from sync_helper.moodle.instances import ENABLED
from sync_helper.moodle.reconcile import HealPolicy, apply_plan
from sync_helper.rollover.diff import ATTACH, DETACH, DISABLE, UPDATE, Change

DONE, FAILED = "done", "failed"
ACTION_KINDS = {ATTACH: "add", UPDATE: "update", DISABLE: "disable", DETACH: "delete"}
#: Many courses run at once, so a lost answer waits less before the read-back than for one.
POLICY = HealPolicy(attempts=5, backoff=0.2)


@dataclass(frozen=True)
class WriteResult:
    """How one change ended: ``done`` or ``failed``, in words, and the instance it concerns."""

    status: str
    detail: str
    instance_id: int | None = None


def as_action(change: Change) -> Action:
    """The healing path's action for ``change``; ``wanted`` is what the read-back checks."""
    wanted = dict(change.fields)
    if change.kind == ATTACH:
        wanted = {"roleid": change.role_id, "groupid": change.group_id, "status": ENABLED}
    return Action(
        ACTION_KINDS[change.kind],
        change.cohort,
        change.role,
        change.reason,
        instance_id=change.instance_id,
        wanted=wanted,
    )


def apply_change(client: MoodleClient, course: Course, change: Change) -> WriteResult:
    """Make ``change`` on ``course``; never raises for a Moodle or network failure."""
    [result] = apply_plan(client, course, [as_action(change)], POLICY)
    if result.outcome in (ACTION_DONE, ALREADY):
        return WriteResult(DONE, result.note or "done", result.instance_id)
    return WriteResult(FAILED, result.error or result.outcome, result.instance_id)
