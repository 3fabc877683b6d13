"""``core_group_get_course_groups``."""

from __future__ import annotations

from typing import Any

from sync_helper.sim.access import require_capability
from sync_helper.sim.contexts import validate_context
from sync_helper.sim.describe import Multiple, Param, Single, Value
from sync_helper.sim.errors import WsError, course_context_not_valid, missing_record
from sync_helper.sim.registry import Call, ws_function

INT, RAW = Value(Param.INT), Value(Param.RAW)

GROUP = Single(
    {
        "id": INT,
        "courseid": INT,
        "name": RAW,
        "description": RAW,
        "descriptionformat": INT,
        "enrolmentkey": RAW,
        "idnumber": RAW,
        "visibility": INT,
        "participation": Value(Param.BOOL),
    }
)


@ws_function("core_group_get_course_groups", "core", Single({"courseid": INT}), Multiple(GROUP))
def get_course_groups(call: Call, params: dict[str, Any]) -> list[dict[str, Any]]:
    """The course's groups by name; needs ``moodle/course:managegroups``."""
    site = call.site
    course = site.courses.get(params["courseid"])
    try:
        if course is None:
            raise missing_record("course")
        validate_context(call, site.contexts.get(course.contextid))
    except WsError as error:
        raise course_context_not_valid(params["courseid"], error.message) from None
    require_capability(site, call.user, "moodle/course:managegroups", course.contextid)
    groups = sorted(
        (g for g in site.groups.values() if g.courseid == course.id), key=lambda g: (g.name, g.id)
    )
    return [vars(group).copy() for group in groups]
