"""``core_enrol_get_enrolled_users``: participants with the fields Moodle would show."""

from __future__ import annotations

from typing import Any

from sync_helper.sim.access import is_enrolled, require_capability
from sync_helper.sim.contexts import get_course, validate_context
from sync_helper.sim.describe import Multiple, Param, Single, Value, defaulted, optional
from sync_helper.sim.errors import WsError, course_context_not_valid, invalid_parameter
from sync_helper.sim.functions.webservice import picture_url
from sync_helper.sim.registry import Call, ws_function
from sync_helper.sim.state import Course, User

INT, RAW, TEXT = Value(Param.INT), Value(Param.RAW), Value(Param.TEXT)

USER = Single(
    {
        "id": INT,
        "username": optional(RAW),
        "firstname": optional(TEXT),
        "lastname": optional(TEXT),
        "fullname": TEXT,
        "email": optional(TEXT),
        "address": optional(TEXT),
        "phone1": optional(TEXT),
        "phone2": optional(TEXT),
        "department": optional(TEXT),
        "institution": optional(TEXT),
        "idnumber": optional(RAW),
        "interests": optional(TEXT),
        "firstaccess": optional(INT),
        "lastaccess": optional(INT),
        "lastcourseaccess": optional(INT),
        "description": optional(RAW),
        "descriptionformat": optional(INT),
        "city": optional(TEXT),
        "country": optional(Value(Param.ALPHA)),
        "profileimageurlsmall": optional(RAW),
        "profileimageurl": optional(RAW),
        "customfields": optional(
            Multiple(Single({"type": RAW, "value": RAW, "name": RAW, "shortname": RAW}))
        ),
        "groups": optional(
            Multiple(Single({"id": INT, "name": RAW, "description": RAW, "descriptionformat": INT}))
        ),
        "roles": optional(
            Multiple(Single({"roleid": INT, "name": RAW, "shortname": RAW, "sortorder": INT}))
        ),
        "preferences": optional(Multiple(Single({"name": RAW, "value": RAW}))),
        "enrolledcourses": optional(
            Multiple(Single({"id": INT, "fullname": RAW, "shortname": RAW}))
        ),
    }
)
ALL_FIELDS = tuple(USER.keys)


def _options(raw: list[dict[str, str]]) -> dict[str, str]:
    """Named options; unknown names are ignored, as in Moodle."""
    return {option["name"]: option["value"] for option in raw}


def _user_details(call: Call, user: User, course: Course, fields: set[str]) -> dict[str, Any]:
    """``user_get_user_details``: id and fullname always; empty optional fields left out."""
    site = call.site
    details: dict[str, Any] = {"id": user.id, "fullname": user.fullname}
    plain = {
        "username": user.username,
        "firstname": user.firstname,
        "lastname": user.lastname,
        "email": user.email or None,
        "department": user.department,
        "firstaccess": 0,
        "lastaccess": 0,
        "lastcourseaccess": 0,
        "profileimageurlsmall": picture_url(call, "f2"),
        "profileimageurl": picture_url(call),
    }
    details.update({k: v for k, v in plain.items() if k in fields and v is not None})
    if "groups" in fields:
        groups = site.user_groups(course.id, user.id)
        if groups:
            details["groups"] = [
                {
                    "id": g.id,
                    "name": g.name,
                    "description": g.description,
                    "descriptionformat": g.descriptionformat,
                }
                for g in groups
            ]
    if "roles" in fields:
        details["roles"] = [
            {"roleid": role.id, "name": role.name, "shortname": role.shortname, "sortorder": 0}
            for ra in site.role_assignments
            if ra.userid == user.id and ra.contextid == course.contextid
            for role in [site.roles[ra.roleid]]
        ]
    if "enrolledcourses" in fields:
        mine = [c for c in site.courses.values() if is_enrolled(site, user.id, c.id, active=True)]
        mine.sort(key=lambda c: (c.fields.get("sortorder", 0), c.id))
        if mine:
            details["enrolledcourses"] = [
                {"id": c.id, "fullname": c.fullname, "shortname": c.shortname} for c in mine
            ]
    return details


def _participants(call: Call, course: Course, options: dict[str, str]) -> list[User]:
    """Distinct enrolled users, by id; active or suspended only when asked."""
    only_active = options.get("onlyactive") == "1"
    only_suspended = options.get("onlysuspended") == "1"
    ids: set[int] = set()
    for instance in call.site.course_instances(course.id):
        for ue in call.site.enrolments_of(instance.id):
            active = instance.status == 0 and ue.status == 0
            if (only_active and not active) or (only_suspended and active):
                continue
            ids.add(ue.userid)
    if options.get("groupid"):
        group_id = int(options["groupid"])
        ids &= {gm.userid for gm in call.site.group_members if gm.groupid == group_id}
    users = [call.site.users[uid] for uid in sorted(ids) if uid in call.site.users]
    sortby = options.get("sortby", "id")
    if sortby not in ("id", "firstname", "lastname", "siteorder"):
        raise invalid_parameter("Invalid value for sortby parameter")
    direction = options.get("sortdirection", "ASC").upper()
    if direction not in ("ASC", "DESC"):
        raise invalid_parameter("Invalid value for sortdirection parameter")
    key = "id" if sortby == "siteorder" else sortby
    users.sort(key=lambda u: getattr(u, key), reverse=direction == "DESC")
    start = int(options.get("limitfrom", 0) or 0)
    count = int(options.get("limitnumber", 0) or 0)
    return users[start : start + count] if count else users[start:]


@ws_function(
    "core_enrol_get_enrolled_users",
    "core",
    Single(
        {
            "courseid": INT,
            "options": defaulted(
                Multiple(Single({"name": Value(Param.ALPHANUMEXT), "value": RAW})), []
            ),
        }
    ),
    Multiple(USER),
)
def get_enrolled_users(call: Call, params: dict[str, Any]) -> list[dict[str, Any]]:
    """The course's participants with the requested user fields."""
    options = _options(params["options"])
    course = get_course(call, params["courseid"])
    try:
        validate_context(call, call.site.contexts.get(course.contextid))
    except WsError as error:
        raise course_context_not_valid(course.id, error.message) from None
    require_capability(call.site, call.user, "moodle/course:viewparticipants", course.contextid)
    if options.get("onlyactive") == "1" or options.get("onlysuspended") == "1":
        require_capability(call.site, call.user, "moodle/course:enrolreview", course.contextid)
    wanted = options.get("userfields")
    fields = set(ALL_FIELDS) if wanted is None else {f.strip() for f in wanted.split(",")}
    return [
        _user_details(call, user, course, fields) for user in _participants(call, course, options)
    ]
