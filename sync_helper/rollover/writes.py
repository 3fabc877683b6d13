"""The write seam: carry out one change, and know whether it is done even when the answer is lost.

A write whose answer never arrived (dropped connection, 5xx, truncated body) or could not be
read (``invalidresponse``: Moodle did the work, then failed its own answer check) may or may not
have happened. It is never repeated blindly: the course's instances are read back, and the
write is made again only if that read shows it was not done. A duplicate attach is refused by
the plugin anyway (``enrolcohortalreadysyncedwithrole``); that answer is checked the same way.
"""

from __future__ import annotations

from dataclasses import dataclass

from sync_helper.moodle import errors
from sync_helper.moodle.client import MoodleClient
from sync_helper.moodle.courses import Course
from sync_helper.moodle.groups import NEW_GROUP, NO_GROUP
from sync_helper.moodle.instances import (
    DISABLED,
    ENABLED,
    UPDATE_INSTANCE,
    SyncInstance,
    add_instance,
    delete_instance,
    set_status,
)
from sync_helper.rollover.diff import ATTACH, DETACH, DISABLE, UPDATE, Change
from sync_helper.rollover.lookups import instances_of_course

WRITE_ATTEMPTS = 5
DONE, FAILED = "done", "failed"


@dataclass(frozen=True)
class WriteResult:
    """How one change ended: ``done`` or ``failed``, in words, and the calls it took."""

    status: str
    detail: str
    writes: int
    instance_id: int | None = None


def _unknown_outcome(error: errors.MoodleError) -> bool:
    """The write may have happened: no answer, an unreadable one, or ``invalidresponse``."""
    return isinstance(error, errors.TransportError) or error.errorcode == "invalidresponse"


def apply_change(client: MoodleClient, course: Course, change: Change) -> WriteResult:
    """Make ``change`` on ``course``; retried only after a read shows it was not done."""
    last = ""
    for attempt in range(1, WRITE_ATTEMPTS + 1):
        try:
            instance_id = _write(client, course, change)
        except errors.AlreadySynced:
            return _verified(client, course, change, attempt, "Moodle says it is already there")
        except errors.MoodleError as error:
            if not _unknown_outcome(error):
                return WriteResult(FAILED, error.message, attempt)
            last = error.message
            result = _verified(client, course, change, attempt, "answer lost, checked by reading")
            if result.status == DONE or "cannot check" in result.detail:
                return result
            continue  # the read shows it was not done: writing again is safe
        return WriteResult(DONE, "done", attempt, instance_id)
    return WriteResult(FAILED, f"not done after {WRITE_ATTEMPTS} attempts: {last}", WRITE_ATTEMPTS)


def _write(client: MoodleClient, course: Course, change: Change) -> int | None:
    if change.kind == ATTACH:
        return add_instance(client, course, change.cohort, change.role_id, change.group_id)
    instance_id = change.instance_id or 0  # every other kind names an existing instance
    if change.kind == UPDATE:
        client.call(UPDATE_INSTANCE, instance={"id": instance_id, **change.fields})
    elif change.kind == DISABLE:
        set_status(client, instance_id, DISABLED)
    elif change.kind == DETACH:
        delete_instance(client, instance_id)
    return instance_id


def _verified(
    client: MoodleClient, course: Course, change: Change, writes: int, how: str
) -> WriteResult:
    try:
        instances = instances_of_course(client, course)
    except errors.MoodleError as error:
        return WriteResult(FAILED, f"{how}, but cannot check: {error.message}", writes)
    found = is_done(change, instances)
    if found is None:
        return WriteResult(FAILED, f"{how}, yet not done", writes)
    return WriteResult(DONE, how, writes, found or change.instance_id)


def is_done(change: Change, instances: list[SyncInstance]) -> int | None:
    """The instance id showing ``change`` in effect (0 for a deletion), or None if it is not."""
    if change.kind == ATTACH:
        pair = (change.cohort.id, change.role_id)
        return next((i.id for i in instances if (i.cohort.id, i.role_id) == pair), None)
    if change.kind == DETACH:
        return None if any(i.id == change.instance_id for i in instances) else 0
    instance = next((i for i in instances if i.id == change.instance_id), None)
    if instance is None:
        return None
    wanted_status = change.fields.get("status", ENABLED if instance.enabled else DISABLED)
    group = change.fields.get("groupid", instance.group_id)
    group_ok = instance.group_id != NO_GROUP if group == NEW_GROUP else instance.group_id == group
    ok = (
        (instance.enabled == (wanted_status == ENABLED))
        and instance.role_id == change.fields.get("roleid", instance.role_id)
        and group_ok
    )
    return instance.id if ok else None
