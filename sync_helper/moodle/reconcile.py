"""Carry out cohort-sync plans so that a lost answer never misleads: the healing write path.

A write whose answer is lost (HTTP 5xx, dropped connection, cut body) or unreadable
(``invalidresponse``, which Moodle sends AFTER running the function) may or may not have been
made. Instead of reporting a failure, each action reads the course back, compares it with what
the action must leave (``Action.wanted``) and sends only the write still missing, a bounded
number of times with growing pauses. Moodle refuses a second instance of a cohort with one
role, and a delete of a missing instance is "done", so a retry never duplicates or deletes
anything unintended.

Library API (what ``sync``, ``unsync`` and the rollover call), one course at a time::

    results = sync_cohorts(client, course, cohorts, role="student", group=None)
    results = unsync_cohorts(client, course, cohorts, disable=True)
    # or, to show or confirm the plan first:
    results = apply_plan(client, course, plan_sync(...), policy=HealPolicy())

Each returns one :class:`~sync_helper.moodle.enrolments.Action` per cohort (per instance for
unsync), in order. ``outcome`` is ``done`` (``changed`` says what, ``note`` when a lost answer
was verified by reading back), ``already`` (nothing to change), ``failed`` (``error`` in plain
words, ``errorcode``, ``error_type``), ``not_tried`` (an authentication or network failure
made the rest pointless) or, with ``dry_run``, ``planned``; ``as_dict()`` is its JSON form.
Planning reads the course, so it may raise a :class:`~sync_helper.moodle.errors.MoodleError`
(course unreadable, no permission); applying never does.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace

from sync_helper.moodle import errors
from sync_helper.moodle.client import MoodleClient
from sync_helper.moodle.cohorts import Cohort
from sync_helper.moodle.courses import Course
from sync_helper.moodle.enrolments import (
    ALREADY,
    DONE,
    NOT_TRIED,
    PLANNED,
    Action,
    failed,
    plan_sync,
    plan_unsync,
)
from sync_helper.moodle.groups import GroupChoice, group_satisfied
from sync_helper.moodle.instances import (
    DISABLED,
    SyncInstance,
    add_instance,
    delete_instance,
    get_instances,
    update_instance,
)

#: Errors after which trying the next cohort cannot succeed either.
STOPPING = (errors.AuthenticationFailed, errors.ConfigurationError, errors.TransportError)


@dataclass(frozen=True)
class HealPolicy:
    """How hard to try one action: ``attempts`` writes at most, pausing ``backoff`` × 2ⁿ s."""

    attempts: int = 4
    backoff: float = 0.5
    sleep: Callable[[float], None] = field(default=time.sleep, repr=False)


def sync_cohorts(
    client: MoodleClient,
    course: Course,
    cohorts: list[Cohort],
    *,
    role: str | None = None,
    group: GroupChoice | None = None,
    disabled: bool = False,
    dry_run: bool = False,
    policy: HealPolicy | None = None,
) -> list[Action]:
    """Attach ``cohorts`` (or update their methods in place); see :func:`plan_sync`."""
    actions = plan_sync(client, course, cohorts, role, group, disabled=disabled)
    return actions if dry_run else apply_plan(client, course, actions, policy=policy)


def unsync_cohorts(
    client: MoodleClient,
    course: Course,
    cohorts: list[Cohort],
    *,
    disable: bool,
    role: str | None = None,
    dry_run: bool = False,
    policy: HealPolicy | None = None,
) -> list[Action]:
    """Disable (``disable``) or delete the methods of ``cohorts``; see :func:`plan_unsync`."""
    actions = plan_unsync(client, course, cohorts, disable=disable, role=role)
    return actions if dry_run else apply_plan(client, course, actions, policy=policy)


def apply_plan(
    client: MoodleClient,
    course: Course,
    actions: list[Action],
    policy: HealPolicy | None = None,
) -> list[Action]:
    """Apply each planned action with healing; one result per action, never an exception."""
    policy = policy or HealPolicy()
    results: list[Action] = []
    stop: errors.MoodleError | None = None
    for action in actions:
        if action.outcome != PLANNED:
            results.append(action)
        elif stop is not None:
            results.append(_not_tried(action, stop))
        else:
            try:
                results.append(_heal(client, course, action, policy))
            except errors.MoodleError as error:
                results.append(failed(action, error))
                if isinstance(error, STOPPING) and not isinstance(error, errors.InvalidResponse):
                    stop = error
    return results


def _not_tried(action: Action, stop: errors.MoodleError) -> Action:
    return replace(failed(action, stop), outcome=NOT_TRIED, error=f"not tried: {stop.message}")


class _Unknown:
    """The course could not be read back: the next write is the plan's own."""


UNKNOWN = _Unknown()


def _heal(client: MoodleClient, course: Course, action: Action, policy: HealPolicy) -> Action:
    """Write, and after a lost answer read back and write only what is still missing."""
    seen: list[SyncInstance] | _Unknown = UNKNOWN
    lost: errors.TransportError | None = None
    for attempt in range(policy.attempts + 1):
        step = _next_step(action, seen)
        if step is None:
            return _settled(_with_found_instance(action, seen), lost)
        if attempt == policy.attempts:
            break  # the last read-back still shows work to do
        try:
            return _done(step(client, course, action), lost)
        except errors.AlreadySynced:
            pass  # the plan is stale: read the course back and compare
        except errors.TransportError as error:
            lost = error
            if attempt + 1 < policy.attempts and not isinstance(error, errors.InvalidResponse):
                policy.sleep(policy.backoff * 2**attempt)
        seen = _read_back(client, course)
        if isinstance(seen, _Unknown) and isinstance(lost, errors.InvalidResponse):
            return replace(
                action,
                outcome=DONE,
                note="done by Moodle, answer unreadable (invalidresponse); the course's "
                "instances cannot be read back to verify it: check its enrolment methods page",
            )
    if lost is None:
        raise errors.MoodleRefused(
            f"{action.kind} did not take effect after {policy.attempts} tries"
        )
    raise type(lost)(
        f"{lost.message} (tried {policy.attempts} times, reading the course back between tries)",
        errorcode=lost.errorcode,
        function=lost.function,
    )


def _done(action: Action, lost: errors.TransportError | None) -> Action:
    note = (
        "Moodle's answer was lost or unreadable; the course was read back and only what was "
        "still missing was written again"
        if lost is not None
        else ""
    )
    return replace(action, outcome=DONE, note=note)


def _with_found_instance(action: Action, seen: list[SyncInstance] | _Unknown) -> Action:
    """An add settled by reading back names the instance found, as a completed add does."""
    if action.instance_id is not None or isinstance(seen, _Unknown):
        return action
    match = _added_instance(action, seen)
    return action if match is None else replace(action, instance_id=match.id)


def _settled(action: Action, lost: errors.TransportError | None) -> Action:
    """Nothing left to write: our lost write was made, or it was so already (stale plan)."""
    if lost is not None:
        return replace(
            action,
            outcome=DONE,
            note="done by Moodle, answer lost or unreadable; verified by reading the course back",
        )
    return replace(action, outcome=ALREADY, note="already so (Moodle says so): nothing to do")


#: Reads are harmless to repeat; the transport already retries 5xx and drops, not cut bodies.
READ_BACK_TRIES = 3


def _read_back(client: MoodleClient, course: Course) -> list[SyncInstance] | _Unknown:
    for _ in range(READ_BACK_TRIES):
        try:
            return get_instances(client, course)
        except errors.InvalidResponse:
            return UNKNOWN  # a name with markup: every read of this course fails alike
        except errors.TransportError:
            continue
    return UNKNOWN


Step = Callable[[MoodleClient, Course, Action], Action]


def _next_step(action: Action, seen: list[SyncInstance] | _Unknown) -> Step | None:
    """The write still needed, judged from the course read back (or the plan when unknown)."""
    if isinstance(seen, _Unknown):
        return _PLAN_STEPS[action.kind]
    if action.kind in {"add", "add-disabled"}:
        match = _added_instance(action, seen)
        if match is None:
            return _add
        action_fields = {k: v for k, v in action.wanted.items() if k != "roleid"}
        if _lacks(match, action_fields):
            return _bind_update(match.id, action_fields)
        return None
    match = next((i for i in seen if i.id == action.instance_id), None)
    if action.kind == "delete":
        return None if match is None else _delete
    if match is None:
        raise errors.RecordNotFound(
            f"instance {action.instance_id} of {action.cohort.label()} no longer exists"
        )
    return _update if _lacks(match, action.wanted) else None


def _added_instance(action: Action, seen: list[SyncInstance]) -> SyncInstance | None:
    """The instance an add makes: Moodle allows one per cohort and role in a course."""
    return next(
        (
            i
            for i in seen
            if i.cohort.id == action.cohort.id and i.role_id == action.wanted["roleid"]
        ),
        None,
    )


def _lacks(instance: SyncInstance, wanted: Mapping[str, int]) -> bool:
    """Whether the instance lacks any wanted field ("new group" asks for a group, any one)."""
    current = {"status": 0 if instance.enabled else DISABLED, "roleid": instance.role_id}
    return any(
        not group_satisfied(instance.group_id, value) if key == "groupid" else current[key] != value
        for key, value in wanted.items()
    )


def _add(client: MoodleClient, course: Course, action: Action) -> Action:
    new_id = add_instance(
        client, course, action.cohort, action.wanted["roleid"], action.wanted["groupid"]
    )
    if action.wanted["status"] == DISABLED:
        update_instance(client, new_id, status=DISABLED)  # the plugin ignores status on add
    return replace(action, instance_id=new_id)


def _update(client: MoodleClient, course: Course, action: Action) -> Action:
    update_instance(client, _instance_of(action), **action.wanted)
    return action


def _bind_update(instance_id: int, wanted: dict[str, int]) -> Step:
    """An update of an instance found by the read-back (an add whose answer was lost)."""

    def step(client: MoodleClient, course: Course, action: Action) -> Action:
        update_instance(client, instance_id, **wanted)
        return replace(action, instance_id=instance_id)

    return step


def _delete(client: MoodleClient, course: Course, action: Action) -> Action:
    with contextlib.suppress(errors.RecordNotFound):  # already gone: what a delete must leave
        delete_instance(client, _instance_of(action))
    return action


def _instance_of(action: Action) -> int:
    if action.instance_id is None:
        raise errors.ConfigurationError(f"a planned {action.kind} must name its instance")
    return action.instance_id


_PLAN_STEPS: dict[str, Step] = {
    "add": _add,
    "add-disabled": _add,
    "enable": _update,
    "update": _update,
    "disable": _update,
    "delete": _delete,
}
