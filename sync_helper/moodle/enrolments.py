"""Cohort-sync operations on one course: its state, and idempotent attach/detach plans.

Every write operation is split in two: ``plan_*`` reads Moodle and says what would change
(this is ``--dry-run``), ``apply`` performs the plan. Already-true states become ``none``
actions, so running the same command twice changes nothing the second time.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

from sync_helper.moodle import errors
from sync_helper.moodle.client import MoodleClient
from sync_helper.moodle.cohorts import Cohort
from sync_helper.moodle.courses import Course
from sync_helper.moodle.groups import GroupChoice
from sync_helper.moodle.instances import (
    DISABLED,
    ENABLED,
    GET_INSTANCES,
    PLUGIN_FUNCTIONS,
    SyncInstance,
    add_instance,
    delete_instance,
    get_instances,
    plugin_available,
    set_status,
)
from sync_helper.moodle.wire import as_int

ENROLLED_USERS = "core_enrol_get_enrolled_users"
COHORT_MEMBERS = "core_cohort_get_cohort_members"


@dataclass(frozen=True)
class CourseSyncState:
    """What can be told about a course's cohort sync with this token."""

    course: Course
    plugin: bool
    instances: tuple[SyncInstance, ...]
    enrolled: Mapping[int, int | None]  # instance id → members of its cohort enrolled here
    enrolled_total: int | None
    enabled_cohort_methods: int  # core's only signal: count of "cohort" in enrollmentmethods


@dataclass(frozen=True)
class Action:
    """One step of a plan. ``kind``: add, add-disabled, enable, disable, delete or none."""

    kind: str
    cohort: Cohort
    role: str
    reason: str
    instance_id: int | None = None
    enrolled: int | None = None
    done: bool = False

    @property
    def changes(self) -> bool:
        """Whether applying this action writes to Moodle."""
        return self.kind != "none"

    def as_dict(self) -> dict[str, object]:
        """JSON-ready form."""
        return {
            "action": self.kind,
            "cohort": self.cohort.as_dict(),
            "role": self.role,
            "instance_id": self.instance_id,
            "enrolled": self.enrolled,
            "reason": self.reason,
            "done": self.done,
        }


def role_id(roles: Mapping[str, int], shortname: str) -> int:
    """The id of a role shortname, from the configurable role table."""
    if shortname not in roles:
        known = ", ".join(sorted(roles))
        raise errors.RoleNotFound(
            f"unknown role {shortname!r} (known: {known}); add it under [roles] in the config file"
        )
    return roles[shortname]


def _enrolled_user_ids(client: MoodleClient, course: Course) -> set[int] | None:
    """Ids of every user enrolled in the course, or None when the token may not list them."""
    if not client.has_function(ENROLLED_USERS):
        return None
    options = [{"name": "userfields", "value": "id"}]
    try:
        users = client.call(ENROLLED_USERS, courseid=course.id, options=options)
    except errors.PermissionDenied:
        return None
    users = users if isinstance(users, list) else []
    return {as_int(u.get("id"), "a user id") for u in users if isinstance(u, dict)}


def _cohort_member_ids(client: MoodleClient, cohorts: list[Cohort]) -> dict[int, set[int]]:
    """Members per cohort id; empty when the token may not read them (course-level teachers)."""
    if not cohorts or not client.has_function(COHORT_MEMBERS):
        return {}
    try:
        answer = client.call(COHORT_MEMBERS, cohortids=sorted({c.id for c in cohorts}))
    except (errors.PermissionDenied, errors.RecordNotFound):
        return {}
    return {
        as_int(entry.get("cohortid"), "a cohort id"): {
            as_int(u, "a user id") for u in entry.get("userids") or []
        }
        for entry in (answer if isinstance(answer, list) else [])
        if isinstance(entry, dict)
    }


def enrolled_members(
    client: MoodleClient, course: Course, cohorts: list[Cohort]
) -> tuple[dict[int, int | None], int | None]:
    """Per cohort id, how many of its members are enrolled in the course; and the course total.

    A count is ``None`` when the token may not read it: deleting or disabling then says
    "an unknown number" rather than a wrong one.
    """
    enrolled = _enrolled_user_ids(client, course)
    if enrolled is None:
        return {cohort.id: None for cohort in cohorts}, None
    members = _cohort_member_ids(client, cohorts)
    counts = {c.id: len(members[c.id] & enrolled) if c.id in members else None for c in cohorts}
    return counts, len(enrolled)


def course_state(client: MoodleClient, course: Course) -> CourseSyncState:
    """The course's cohort-sync instances (with the plugin) or core's partial view."""
    plugin = client.has_function(GET_INSTANCES)
    instances = tuple(get_instances(client, course)) if plugin else ()
    counts, total = enrolled_members(client, course, [i.cohort for i in instances])
    return CourseSyncState(
        course=course,
        plugin=plugin,
        instances=instances,
        enrolled={i.id: counts.get(i.cohort.id) for i in instances},
        enrolled_total=total,
        enabled_cohort_methods=course.enrolment_methods.count("cohort"),
    )


def require_plugin(client: MoodleClient) -> None:
    """Fail with ``PluginMissing`` (the caller offers the manual path) or name what is missing."""
    if not plugin_available(client):
        raise errors.PluginMissing(
            "core Moodle has no web service for cohort-sync instances and this token's service "
            "has none of local_ws_enrolcohort's functions"
        )
    for name in PLUGIN_FUNCTIONS:
        client.require_function(name)


def plan_sync(
    client: MoodleClient,
    course: Course,
    cohorts: list[Cohort],
    role: str,
    group: GroupChoice,
    *,
    disabled: bool = False,
) -> list[Action]:
    """What attaching ``cohorts`` with ``role`` would do; existing instances are kept."""
    wanted_role = role_id(client.settings.roles, role)
    instances = get_instances(client, course)
    actions = []
    for cohort in cohorts:
        existing = [i for i in instances if i.cohort.id == cohort.id and i.role_id == wanted_role]
        if not existing:
            kind = "add-disabled" if disabled else "add"
            state = "disabled" if disabled else "enabled"
            reason = f"attach with role {role}, group: {group.describe()}, {state}"
            actions.append(Action(kind, cohort, role, reason))
        elif existing[0].enabled or disabled:
            state = "enabled" if existing[0].enabled else "disabled"
            reason = f"already attached with role {role} ({state}): nothing to do"
            actions.append(Action("none", cohort, role, reason, existing[0].id))
        else:
            reason = f"attached with role {role} but disabled: enable it"
            actions.append(Action("enable", cohort, role, reason, existing[0].id))
    return actions


def plan_unsync(
    client: MoodleClient, course: Course, cohorts: list[Cohort], *, disable: bool
) -> list[Action]:
    """What detaching (deleting) or disabling ``cohorts`` would do, with the users affected."""
    instances = get_instances(client, course)
    attached = [c for c in cohorts if any(i.cohort.id == c.id for i in instances)]
    counts, _ = enrolled_members(client, course, attached) if attached else ({}, None)
    actions = []
    for cohort in cohorts:
        matching = [i for i in instances if i.cohort.id == cohort.id]
        if not matching:
            reason = "not attached to this course: nothing to do"
            actions.append(Action("none", cohort, "", reason))
        for instance in matching:
            enrolled = counts.get(cohort.id)
            actions.append(_unsync_action(instance, cohort, enrolled, disable=disable))
    return actions


def _unsync_action(
    instance: SyncInstance, cohort: Cohort, enrolled: int | None, *, disable: bool
) -> Action:
    who = "an unknown number of" if enrolled is None else str(enrolled)
    if disable and not instance.enabled:
        return Action("none", cohort, instance.role, "already disabled: nothing to do", instance.id)
    if disable:
        reason = (
            f"disable: {who} enrolled user(s) keep their enrolment and data but lose access "
            "and their role until it is enabled again"
        )
        return Action("disable", cohort, instance.role, reason, instance.id, enrolled)
    reason = (
        f"delete: unenrols {who} user(s) enrolled through it; their grades and group "
        "memberships in the course are detached (use --disable to keep them)"
    )
    return Action("delete", cohort, instance.role, reason, instance.id, enrolled)


def apply(
    client: MoodleClient, course: Course, actions: list[Action], group: GroupChoice | None = None
) -> list[Action]:
    """Carry out a plan; returns the actions marked done (with the new instance ids)."""
    return [_apply_one(client, course, action, group) for action in actions]


def _apply_one(
    client: MoodleClient, course: Course, action: Action, group: GroupChoice | None
) -> Action:
    if action.kind in {"add", "add-disabled"}:
        try:
            new_id = add_instance(
                client,
                course,
                action.cohort,
                role_id(client.settings.roles, action.role),
                group.id if group else 0,
            )
        except errors.AlreadySynced:
            reason = f"already attached with role {action.role} (Moodle says so): nothing to do"
            return replace(action, kind="none", reason=reason)
        if action.kind == "add-disabled":
            set_status(client, new_id, DISABLED)  # the plugin ignores status on add
        return replace(action, instance_id=new_id, done=True)
    if action.kind in {"enable", "disable"} and action.instance_id is not None:
        set_status(client, action.instance_id, ENABLED if action.kind == "enable" else DISABLED)
        return replace(action, done=True)
    if action.kind == "delete" and action.instance_id is not None:
        delete_instance(client, action.instance_id)
        return replace(action, done=True)
    return action
