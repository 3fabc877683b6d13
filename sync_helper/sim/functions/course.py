"""``core_course_get_courses_by_field``: public fields for all, more for participants/editors."""

from __future__ import annotations

import re
from typing import Any

from sync_helper.sim.access import can_enter_course, has_capability, is_enrolled
from sync_helper.sim.describe import Multiple, Param, Single, Value, defaulted, optional
from sync_helper.sim.errors import invalid_parameter
from sync_helper.sim.registry import Call, ws_function
from sync_helper.sim.state import Course

INT, RAW, BOOL = Value(Param.INT), Value(Param.RAW), Value(Param.BOOL)
FIELDS = ("", "id", "ids", "shortname", "idnumber", "category", "sectionid")

PUBLIC = {
    "id": INT,
    "fullname": RAW,
    "displayname": RAW,
    "shortname": RAW,
    "courseimage": optional(RAW),
    "categoryid": INT,
    "categoryname": RAW,
    "sortorder": optional(INT),
    "summary": RAW,
    "summaryformat": INT,
    "summaryfiles": optional(Multiple(Single({"filename": RAW, "fileurl": RAW}))),
    "overviewfiles": Multiple(Single({"filename": RAW, "fileurl": RAW})),
    "showactivitydates": BOOL,
    "showcompletionconditions": BOOL,
    "contacts": Multiple(Single({"id": INT, "fullname": RAW})),
    "enrollmentmethods": Multiple(RAW),
    "customfields": optional(
        Multiple(
            Single({"name": RAW, "shortname": RAW, "type": RAW, "valueraw": RAW, "value": RAW})
        )
    ),
}
PARTICIPANT = {
    name: optional(INT)
    for name in [
        "showgrades",
        "newsitems",
        "startdate",
        "enddate",
        "maxbytes",
        "showreports",
        "visible",
        "groupmode",
        "groupmodeforce",
        "defaultgroupingid",
        "enablecompletion",
        "completionnotify",
    ]
}
EDITOR_ONLY = (
    "idnumber",
    "legacyfiles",
    "calendartype",
    "timecreated",
    "timemodified",
    "requested",
    "cacherev",
)
COURSE = Single(
    {
        **PUBLIC,
        "idnumber": optional(RAW),
        "format": optional(RAW),
        **PARTICIPANT,
        "lang": optional(RAW),
        "theme": optional(RAW),
        "marker": optional(INT),
        "legacyfiles": optional(INT),
        "calendartype": optional(RAW),
        "timecreated": optional(INT),
        "timemodified": optional(INT),
        "requested": optional(INT),
        "cacherev": optional(INT),
        "filters": optional(
            Multiple(Single({"filter": RAW, "localstate": INT, "inheritedstate": INT}))
        ),
        "courseformatoptions": optional(Multiple(Single({"name": RAW, "value": RAW}))),
    }
)
WARNINGS = Multiple(
    Single({"item": optional(RAW), "itemid": optional(INT), "warningcode": RAW, "message": RAW})
)


def _select(call: Call, field: str, value: str) -> list[Course]:
    """The courses the field/value pair names, by id."""
    courses = sorted(call.site.courses.values(), key=lambda course: course.id)
    if field == "":
        return courses
    if field in ("id", "category"):
        number = _as_int(value)
        attribute = "id" if field == "id" else "category"
        return [course for course in courses if getattr(course, attribute) == number]
    if field == "ids":
        wanted = {_as_int(part) for part in value.split(",")}
        return [course for course in courses if course.id in wanted]
    if field == "sectionid":
        return []
    return [course for course in courses if getattr(course, field) == value]


def _as_int(text: str) -> int:
    """``clean_param(PARAM_INT)``: leading digits, or 0."""
    match = re.match(r"\s*([+-]?\d+)", text)
    return int(match.group(1)) if match else 0


def contacts(call: Call, course: Course) -> list[dict[str, Any]]:
    """Course contacts: active participants holding a ``coursecontact`` role in the course."""
    site = call.site
    roles = site.setting("coursecontact", [3])
    found: list[dict[str, Any]] = []
    for assignment in site.role_assignments:
        if assignment.contextid != course.contextid or assignment.roleid not in roles:
            continue  # the cheap test first: large sites hold many assignments
        user = site.users.get(assignment.userid)
        if (
            user is not None
            and is_enrolled(site, user.id, course.id, active=True)
            and all(contact["id"] != user.id for contact in found)
        ):
            found.append({"id": user.id, "fullname": user.fullname})
    return found


def course_record(call: Call, course: Course) -> dict[str, Any]:
    """Every field the user may see for this course."""
    site = call.site
    category = site.categories.get(course.category)
    enabled = site.setting("enrol_plugins_enabled", ["manual", "guest", "self", "cohort"])
    record: dict[str, Any] = {
        **course.fields,
        "id": course.id,
        "fullname": course.fullname,
        "displayname": course.fullname,
        "shortname": course.shortname,
        "courseimage": f"{site.setting('wwwroot')}/pluginfile.php/{course.contextid}"
        "/course/generated/course.svg",
        "categoryid": course.category,
        "categoryname": category.name if category else "",
        "contacts": contacts(call, course),
        "enrollmentmethods": [
            instance.enrol
            for instance in site.course_instances(course.id)
            if instance.status == 0 and instance.enrol in enabled
        ],
        "idnumber": course.idnumber,
        "format": course.format,
        "visible": course.visible,
        "filters": course.fields.get("filters", site.setting("filters", [])),
        "courseformatoptions": course.fields.get(
            "courseformatoptions", site.setting("courseformatoptions", [])
        ),
    }
    if not can_enter_course(site, call.user, course):
        return {key: value for key, value in record.items() if key in PUBLIC}
    if not has_capability(site, call.user, "moodle/course:update", course.contextid):
        return {key: value for key, value in record.items() if key not in EDITOR_ONLY}
    return record


@ws_function(
    "core_course_get_courses_by_field",
    "core",
    Single({"field": defaulted(Value(Param.ALPHA), ""), "value": defaulted(RAW, "")}),
    Single({"courses": Multiple(COURSE), "warnings": optional(WARNINGS)}),
)
def get_courses_by_field(call: Call, params: dict[str, Any]) -> dict[str, Any]:
    """Courses by id, ids, shortname, idnumber or category; hidden ones only for editors."""
    if params["field"] not in FIELDS:
        raise invalid_parameter("Invalid field name")
    courses = []
    for course in _select(call, params["field"], str(params["value"])):
        hidden_ok = has_capability(
            call.site, call.user, "moodle/course:viewhiddencourses", course.contextid
        ) or has_capability(call.site, call.user, "moodle/course:update", course.contextid)
        if course.visible or hidden_ok:
            courses.append(course_record(call, course))
    return {"courses": courses, "warnings": []}
