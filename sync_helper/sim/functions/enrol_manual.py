"""``enrol_manual_enrol_users``: manual enrolment, all or nothing; answers ``null``."""

from __future__ import annotations

from typing import Any

from sync_helper.sim.access import assignable_roles, require_capability
from sync_helper.sim.contexts import validate_context
from sync_helper.sim.describe import Multiple, Param, Single, Value, optional
from sync_helper.sim.errors import invalid_parameter, manual_enrol_error
from sync_helper.sim.registry import Call, ws_function
from sync_helper.sim.state import RoleAssignment, UserEnrolment

INT = Value(Param.INT)


def _check_manual_enrolment(call: Call, item: dict[str, Any]) -> int:
    """Moodle's per-item checks; returns the manual instance id to enrol through."""
    site = call.site
    course = site.courses.get(item["courseid"])
    if course is None:
        raise invalid_parameter("Context does not exist")
    validate_context(call, site.contexts.get(course.contextid))
    require_capability(site, call.user, "enrol/manual:enrol", course.contextid)
    if item["userid"] not in site.users:
        raise invalid_parameter("User does not exist")
    if item["roleid"] not in {r.id for r in assignable_roles(site, call.user, course.contextid)}:
        raise manual_enrol_error(
            "wsusercannotassign",
            f"You don't have the permission to assign this role ({item['roleid']}) to this user "
            f"({item['userid']}) in this course({course.id}).",
        )
    instance = next((i for i in site.course_instances(course.id, "manual") if i.status == 0), None)
    if instance is None:
        raise manual_enrol_error(
            "wsnoinstance",
            "Manual enrolment plugin instance doesn't exist or is disabled for the course "
            f"(id = {course.id})",
        )
    return instance.id


@ws_function(
    "enrol_manual_enrol_users",
    "enrol_manual",
    Single(
        {
            "enrolments": Multiple(
                Single(
                    {
                        "roleid": INT,
                        "userid": INT,
                        "courseid": INT,
                        "timestart": optional(INT),
                        "timeend": optional(INT),
                        "suspend": optional(INT),
                    }
                )
            )
        }
    ),
    None,
)
def enrol_users(call: Call, params: dict[str, Any]) -> None:
    """All items are checked before any is applied: one failure changes nothing."""
    site = call.site
    planned = [(item, _check_manual_enrolment(call, item)) for item in params["enrolments"]]
    for item, enrolid in planned:
        status = 1 if item.get("suspend") else 0
        existing = next(
            (ue for ue in site.enrolments_of(enrolid) if ue.userid == item["userid"]), None
        )
        if existing is None:
            site.user_enrolments.append(UserEnrolment(enrolid, item["userid"], status))
        else:
            existing.status = status
        course = site.courses[item["courseid"]]
        assignment = RoleAssignment(item["userid"], item["roleid"], course.contextid)
        if assignment not in site.role_assignments:
            site.role_assignments.append(assignment)
