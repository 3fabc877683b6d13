"""``core_enrol_get_course_enrolment_methods``: never lists cohort instances."""

from __future__ import annotations

from typing import Any

from sync_helper.sim.access import can_enter_course, has_capability
from sync_helper.sim.contexts import get_course, validate_context
from sync_helper.sim.describe import Multiple, Param, Single, Value, optional
from sync_helper.sim.errors import WsError
from sync_helper.sim.registry import Call, ws_function

INT, RAW = Value(Param.INT), Value(Param.RAW)
# Only plugins implementing get_enrol_info() are listed: never cohort, manual or meta.
ENROL_INFO_PLUGINS = {
    "self": "enrol_self_get_instance_info",
    "guest": "enrol_guest_get_instance_info",
}


@ws_function(
    "core_enrol_get_course_enrolment_methods",
    "core",
    Single({"courseid": INT}),
    Multiple(
        Single(
            {
                "id": INT,
                "courseid": INT,
                "type": Value(Param.TEXT),
                "name": RAW,
                "status": RAW,
                "wsfunction": optional(Value(Param.ALPHANUMEXT)),
            }
        )
    ),
)
def get_course_enrolment_methods(call: Call, params: dict[str, Any]) -> list[dict[str, Any]]:
    """Enabled self/guest instances; cohort instances never appear here."""
    validate_context(call, call.site.system_context())
    course = get_course(call, params["courseid"])
    site, user = call.site, call.user
    if not course.visible and not (
        can_enter_course(site, user, course)
        or has_capability(site, user, "moodle/course:viewhiddencourses", course.contextid)
    ):
        raise WsError(
            "moodle_exception", "coursehidden", "This course is currently unavailable to students"
        )
    return [
        {
            "id": instance.id,
            "courseid": course.id,
            "type": instance.enrol,
            "name": instance.name or instance.enrol.capitalize(),
            "status": True,
            "wsfunction": ENROL_INFO_PLUGINS[instance.enrol],
        }
        for instance in call.site.course_instances(course.id)
        if instance.status == 0 and instance.enrol in ENROL_INFO_PLUGINS
    ]
