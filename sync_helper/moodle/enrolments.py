"""Cohort-sync operations on one course: its state, and idempotent attach/detach plans.

Every write operation is split in two: ``plan_*`` reads Moodle and says what would change
(this is ``--dry-run``), :mod:`sync_helper.moodle.reconcile` performs the plan and heals
lost answers. Already-true states become ``none`` actions, so running the same command twice
changes nothing the second time; what cannot be done becomes a ``refuse`` action.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

from sync_helper.moodle import errors
from sync_helper.moodle.client import MoodleClient
from sync_helper.moodle.cohorts import Cohort, find_cohort, pick_cohort, search_cohorts
from sync_helper.moodle.courses import Course, enrolment_methods_page
from sync_helper.moodle.groups import NO_GROUP, GroupChoice, group_satisfied
from sync_helper.moodle.instances import (
    DISABLED,
    ENABLED,
    GET_INSTANCES,
    SyncInstance,
    breaks_plugin_answers,
    get_instances,
)
from sync_helper.moodle.wire import as_int

DEFAULT_ROLE = "student"
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


#: Outcomes of one action: ``planned`` (dry run, or not yet applied), ``done``, ``already``
#: (nothing to change), ``failed`` (``error`` says why) and ``not_tried`` (an earlier failure
#: made trying pointless; ``error`` says which).
PLANNED, DONE, ALREADY, FAILED, NOT_TRIED = "planned", "done", "already", "failed", "not_tried"


@dataclass(frozen=True)
class Action:
    """One cohort's step of a plan, and once applied its result.

    ``kind``: ``add``, ``add-disabled``, ``enable``, ``update`` (group, role, status in place),
    ``disable``, ``delete``, ``none`` (already so) or ``refuse`` (cannot be done; ``error``).
    ``wanted`` holds the instance fields the step must leave (``status``, ``groupid``,
    ``roleid``); it is what a retry compares with the course read back.
    """

    kind: str
    cohort: Cohort
    role: str
    reason: str
    instance_id: int | None = None
    enrolled: int | None = None
    wanted: Mapping[str, int] = field(default_factory=dict)
    changed: tuple[str, ...] = ()  # what the step changes, in words ("group none → TD A")
    outcome: str = PLANNED
    error: str = ""
    errorcode: str = ""
    error_type: str = ""  # the errors class name, so a caller can map it (exit codes)
    note: str = ""

    @property
    def changes(self) -> bool:
        """Whether applying this action writes to Moodle."""
        return self.kind not in {"none", "refuse"}

    @property
    def done(self) -> bool:
        """Whether Moodle made the change."""
        return self.outcome == DONE

    def as_dict(self) -> dict[str, object]:
        """JSON-ready form."""
        return {
            "action": self.kind,
            "cohort": self.cohort.as_dict(),
            "role": self.role,
            "instance_id": self.instance_id,
            "enrolled": self.enrolled,
            "reason": self.reason,
            "changed": list(self.changed),
            "outcome": self.outcome,
            "done": self.done,
            "error": self.error or None,
            "errorcode": self.errorcode or None,
            "note": self.note or None,
        }


def refused(cohort: Cohort, role: str, error: errors.MoodleError) -> Action:
    """A cohort that cannot be acted on, with Moodle's or the helper's reason."""
    return failed(Action("refuse", cohort, role, error.message), error)


def failed(action: Action, error: errors.MoodleError) -> Action:
    """The action, failed with ``error``."""
    return replace(
        action,
        outcome=FAILED,
        error=error.message,
        errorcode=error.errorcode,
        error_type=type(error).__name__,
    )


def role_id(roles: Mapping[str, int], shortname: str) -> int:
    """The id of a role shortname, from the configurable role table."""
    if shortname not in roles:
        known = ", ".join(sorted(roles))
        raise errors.RoleNotFound(
            f"unknown role {shortname!r} (known: {known}); add it under [roles] in the config file"
        )
    return roles[shortname]


def _enrolled_user_ids(client: MoodleClient, course: Course) -> set[int] | None:
    """Ids of every user enrolled in the course; None when unknown (not allowed, or unreadable)."""
    if not client.has_function(ENROLLED_USERS):
        return None
    options = [{"name": "userfields", "value": "id"}]
    try:
        users = client.call(ENROLLED_USERS, courseid=course.id, options=options)
    except errors.PermissionDenied:
        return None
    if not isinstance(users, list):
        return None  # not Moodle's list: no count rather than a false 0
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


def read_instances(client: MoodleClient, course: Course) -> list[SyncInstance]:
    """The course's instances; an ``invalidresponse`` is explained (a name with markup)."""
    try:
        return get_instances(client, course)
    except errors.InvalidResponse:
        raise markup_error(client, course) from None


def markup_error(client: MoodleClient, course: Course) -> errors.InvalidResponse:
    """Why ``get_instances`` fails for this course, with the cohorts to blame and the page."""
    try:
        suspects = [c for c in search_cohorts(client, "<", course) if breaks_plugin_answers(c.name)]
    except errors.MoodleError:
        suspects = []
    named = (
        "; cohorts of this course's categories whose name has markup: "
        + ", ".join(c.label() for c in suspects)
        if suspects
        else ""
    )
    page = enrolment_methods_page(client.settings.url, course)
    return errors.InvalidResponse(
        "local_ws_enrolcohort cannot answer for this course: a cohort name with markup (such "
        "as <TD>) in one of its cohort-sync methods breaks every answer of the plugin "
        f"(invalidresponse){named}. Remove that method or rename the cohort on {page}",
        errorcode="invalidresponse",
        function=GET_INSTANCES,
    )


def course_state(client: MoodleClient, course: Course) -> CourseSyncState:
    """The course's cohort-sync instances (with the plugin) or core's partial view."""
    plugin = client.has_function(GET_INSTANCES)
    instances = tuple(read_instances(client, course)) if plugin else ()
    counts, total = enrolled_members(client, course, [i.cohort for i in instances])
    return CourseSyncState(
        course=course,
        plugin=plugin,
        instances=instances,
        enrolled={i.id: counts.get(i.cohort.id) for i in instances},
        enrolled_total=total,
        enabled_cohort_methods=course.enrolment_methods.count("cohort"),
    )


def markup_refusal(
    client: MoodleClient, course: Course, cohort: Cohort, group: GroupChoice | None
) -> errors.MoodleRefused | None:
    """Refuse, before writing, what would make every plugin answer for the course unreadable."""
    names = {
        "the cohort's name": cohort.name,
        "the cohort's code": cohort.idnumber,
        "the course's name": course.fullname,
        "the course's short name": course.shortname,
        "the group's name": group.name if group and group.id > 0 else "",
    }
    bad = [what for what, text in names.items() if breaks_plugin_answers(text)]
    if not bad:
        return None
    page = f"{client.settings.url}/enrol/editinstance.php?type=cohort&courseid={course.id}"
    verb = "hold" if len(bad) > 1 else "holds"
    return errors.MoodleRefused(
        f"{' and '.join(bad)} {verb} markup (a <…> tag): local_ws_enrolcohort would make the "
        "change, then fail every answer for this course (invalidresponse) until the method is "
        f"removed by hand. Rename it, or add the method in Moodle's form: {page}",
        errorcode="markupinname",
    )


def plan_sync(
    client: MoodleClient,
    course: Course,
    cohorts: list[Cohort],
    role: str | None,
    group: GroupChoice | None,
    *,
    disabled: bool = False,
) -> list[Action]:
    """What attaching ``cohorts`` would do; an existing instance is updated in place.

    ``role``/``group`` ``None``: not asked (student and no group for a new instance; an
    existing one keeps its own). A cohort attached once with another role gets the asked role
    in place; a disabled instance is enabled unless ``disabled``.
    """
    roles = client.settings.roles
    wanted_role = role_id(roles, role or DEFAULT_ROLE)
    instances = read_instances(client, course)
    actions = []
    for cohort in cohorts:
        refusal = markup_refusal(client, course, cohort, group)
        if refusal is not None:
            actions.append(refused(cohort, role or DEFAULT_ROLE, refusal))
            continue
        mine = [i for i in instances if i.cohort.id == cohort.id]
        same_role = [i for i in mine if i.role_id == wanted_role or role is None]
        if same_role:
            actions.append(_update_action(same_role[0], cohort, None, group, disabled, roles))
        elif len(mine) == 1:
            actions.append(_update_action(mine[0], cohort, wanted_role, group, disabled, roles))
        else:
            actions.append(_add_action(cohort, role or DEFAULT_ROLE, wanted_role, group, disabled))
    return actions


def _add_action(
    cohort: Cohort, role: str, wanted_role: int, group: GroupChoice | None, disabled: bool
) -> Action:
    group = group or GroupChoice(NO_GROUP, "")
    state = (
        "disabled (added, then disabled: members are enrolled, then suspended)"
        if disabled
        else "enabled"
    )
    reason = f"attach with role {role}, group: {group.describe()}, {state}"
    wanted = {
        "roleid": wanted_role,
        "groupid": group.id,
        "status": DISABLED if disabled else ENABLED,
    }
    changed = ("added", "disabled") if disabled else ("added",)
    kind = "add-disabled" if disabled else "add"
    return Action(kind, cohort, role, reason, wanted=wanted, changed=changed)


def _update_action(
    instance: SyncInstance,
    cohort: Cohort,
    new_role: int | None,
    group: GroupChoice | None,
    disabled: bool,
    roles: Mapping[str, int],
) -> Action:
    """The in-place changes an existing instance needs, or a ``none`` action."""
    names = {number: name for name, number in roles.items()}
    changes: list[str] = []
    wanted: dict[str, int] = {}
    if new_role is not None and new_role != instance.role_id:
        wanted["roleid"] = new_role
        changes.append(
            f"role {instance.role or instance.role_id} → {names.get(new_role, new_role)}"
        )
    if group is not None and not group_satisfied(instance.group_id, group.id):
        wanted["groupid"] = group.id
        changes.append(f"group {instance.group or 'none'} → {group.describe()}")
    if not instance.enabled and not disabled:
        wanted["status"] = ENABLED
        changes.append("enable")
    role = names.get(wanted.get("roleid", instance.role_id), instance.role)
    state = "enabled" if instance.enabled else "disabled"
    if not wanted:
        reason = (
            f"already attached with role {instance.role}, group {instance.group or 'none'} "
            f"({state}): nothing to do"
        )
        return Action("none", cohort, instance.role, reason, instance.id, outcome=ALREADY)
    reason = "update in place: " + ", ".join(changes) + " (enrolments kept)"
    kind = "enable" if wanted == {"status": ENABLED} else "update"
    return Action(kind, cohort, role, reason, instance.id, wanted=wanted, changed=tuple(changes))


def attached_cohorts(
    client: MoodleClient, course: Course, codes: Iterable[str]
) -> tuple[list[SyncInstance], list[tuple[str, Cohort | errors.MoodleError]]]:
    """The course's instances, and each code with its cohort (or error): instances first.

    The instances show hidden cohorts a course-level teacher cannot find by search, and
    cohorts without idnumber by name; a code that names nothing gives its error in place.
    """
    instances = read_instances(client, course)
    attached = list({i.cohort.id: i.cohort for i in instances}.values())
    found: list[tuple[str, Cohort | errors.MoodleError]] = []
    for code in codes:
        try:
            found.append((code, pick_cohort(code, attached, course)))
        except errors.NotFound:
            try:
                found.append((code, find_cohort(client, code, course)))
            except errors.NotFound as error:
                found.append((code, error))
    return instances, found


def plan_unsync(
    client: MoodleClient,
    course: Course,
    cohorts: list[Cohort],
    *,
    disable: bool,
    role: str | None = None,
    instances: list[SyncInstance] | None = None,
) -> list[Action]:
    """What detaching (deleting) or disabling ``cohorts`` would do, with the users affected.

    ``role``: only the instances with that role (a cohort may be attached with several).
    """
    wanted_role = role_id(client.settings.roles, role) if role else None
    if instances is None:
        instances = read_instances(client, course)
    attached = [c for c in cohorts if any(i.cohort.id == c.id for i in instances)]
    counts, _ = enrolled_members(client, course, attached) if attached else ({}, None)
    actions = []
    for cohort in cohorts:
        matching = [
            i
            for i in instances
            if i.cohort.id == cohort.id and (wanted_role is None or i.role_id == wanted_role)
        ]
        if not matching:
            where = f" with role {role}" if role else ""
            reason = f"not attached to this course{where}: nothing to do"
            actions.append(Action("none", cohort, role or "", reason, outcome=ALREADY))
        for instance in matching:
            enrolled = counts.get(cohort.id)
            actions.append(_unsync_action(instance, cohort, enrolled, disable=disable))
    return actions


def _unsync_action(
    instance: SyncInstance, cohort: Cohort, enrolled: int | None, *, disable: bool
) -> Action:
    who = "an unknown number of" if enrolled is None else str(enrolled)
    if disable and not instance.enabled:
        return Action(
            "none",
            cohort,
            instance.role,
            "already disabled: nothing to do",
            instance.id,
            outcome=ALREADY,
        )
    if disable:
        reason = (
            f"disable: {who} enrolled user(s) keep their enrolment and data but lose access "
            "and their role until it is enabled again"
        )
        return Action(
            "disable",
            cohort,
            instance.role,
            reason,
            instance.id,
            enrolled,
            {"status": DISABLED},
            ("disabled",),
        )
    reason = (
        f"delete: unenrols {who} user(s) enrolled through it; their grades and group "
        "memberships in the course are detached (use --disable to keep them)"
    )
    return Action(
        "delete", cohort, instance.role, reason, instance.id, enrolled, changed=("deleted",)
    )
