"""Cohort-sync enrolment instances through the local_ws_enrolcohort plugin's four functions."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sync_helper.moodle import errors
from sync_helper.moodle.client import MoodleClient
from sync_helper.moodle.cohorts import Cohort
from sync_helper.moodle.courses import Course
from sync_helper.moodle.wire import as_int

GET_INSTANCES = "local_ws_enrolcohort_get_instances"
ADD_INSTANCE = "local_ws_enrolcohort_add_instance"
UPDATE_INSTANCE = "local_ws_enrolcohort_update_instance"
DELETE_INSTANCE = "local_ws_enrolcohort_delete_instance"
PLUGIN_FUNCTIONS = (GET_INSTANCES, ADD_INSTANCE, UPDATE_INSTANCE, DELETE_INSTANCE)
ENABLED, DISABLED = 0, 1
#: What Moodle's PARAM_TEXT check of the plugin's answers rejects: a tag.
MARKUP = re.compile(r"<[^>]*>")


def breaks_plugin_answers(text: str) -> bool:
    """Whether ``text`` in a plugin answer (cohort, course or group name) fails its return check.

    local_ws_enrolcohort declares names as PARAM_TEXT, so Moodle rejects, with
    ``invalidresponse`` and AFTER the write, every answer carrying a name with markup
    (« … <TD> … »); accents, ``&``, quotes and dashes are fine.
    """
    return bool(MARKUP.search(text))


@dataclass(frozen=True)
class SyncInstance:
    """One cohort-sync method of a course: which cohort, which role, which group, on or off."""

    id: int
    cohort: Cohort
    role_id: int
    role: str
    group_id: int
    group: str
    enabled: bool

    @classmethod
    def from_answer(cls, item: dict[str, object]) -> SyncInstance:
        """Build from an ``enrol`` item of ``get_instances`` (with nested objects)."""
        cohort = item.get("cohort") if isinstance(item.get("cohort"), dict) else {}
        role = item.get("role") if isinstance(item.get("role"), dict) else {}
        group = item.get("group") if isinstance(item.get("group"), dict) else {}
        group_id = as_int(item.get("groupid") or 0, "a group id")
        return cls(
            id=as_int(item.get("id"), "an instance id"),
            cohort=Cohort.from_answer(
                {**cohort, "id": item.get("cohortid") or cohort.get("id") or 0}
            ),
            role_id=as_int(item.get("roleid") or 0, "a role id"),
            role=str(role.get("shortname") or ""),
            group_id=group_id,
            group=str(group.get("name") or "") if group_id else "",
            enabled=as_int(item.get("status") or 0, "a status") == ENABLED,
        )


def plugin_available(client: MoodleClient) -> bool:
    """Whether the token's service has any local_ws_enrolcohort function."""
    return any(client.has_function(name) for name in PLUGIN_FUNCTIONS)


def get_instances(client: MoodleClient, course: Course) -> list[SyncInstance]:
    """Every cohort-sync instance of the course, enabled or not."""
    answer = client.call(GET_INSTANCES, course={"id": course.id})
    data = answer.get("data") if isinstance(answer, dict) else None
    if not isinstance(data, list):
        raise errors.UnreadableAnswer(f"{GET_INSTANCES} did not return an instance list")
    return [
        SyncInstance.from_answer(item)
        for item in data
        if isinstance(item, dict) and item.get("object") == "enrol"
    ]


def add_instance(
    client: MoodleClient, course: Course, cohort: Cohort, role_id: int, group_id: int
) -> int:
    """Attach ``cohort``; returns the new instance id. Raises ``AlreadySynced`` on a duplicate."""
    answer = client.call(
        ADD_INSTANCE,
        instance={
            "courseid": course.id,
            "cohortid": cohort.id,
            "roleid": role_id,
            "groupid": group_id,
        },
    )
    return _instance_id(answer, ADD_INSTANCE)


def update_instance(client: MoodleClient, instance_id: int, **fields: int) -> None:
    """Change ``status`` (0 on, 1 off), ``groupid`` (0 none, -1 new) or ``roleid`` in place.

    Add ignores status, so this is also how a new instance is disabled.
    """
    _instance_id(
        client.call(UPDATE_INSTANCE, instance={"id": instance_id, **fields}), UPDATE_INSTANCE
    )


def delete_instance(client: MoodleClient, instance_id: int) -> None:
    """Delete an instance, which unenrols every user it enrolled."""
    _instance_id(client.call(DELETE_INSTANCE, instance={"id": instance_id}), DELETE_INSTANCE)


def _instance_id(answer: object, function: str) -> int:
    if not isinstance(answer, dict) or not isinstance(answer.get("id"), int):
        raise errors.UnreadableAnswer(f"{function} did not return an instance id")
    return answer["id"]
