"""local_ws_enrolcohort's response: ``{id, code, message, data[]}`` and its item objects.

Key orders differ between a top-level ``course`` item and one nested in an ``enrol`` item;
both are reproduced as recorded from v3.3.3.
"""

from __future__ import annotations

from typing import Any

from sync_helper.sim.describe import Multiple, Param, Single, Value, optional
from sync_helper.sim.registry import Call
from sync_helper.sim.state import Cohort, Course, EnrolInstance, Role

INT, TEXT = Value(Param.INT), Value(Param.TEXT)
OPT_INT, OPT_TEXT = optional(INT), optional(TEXT)
NO_GROUP = {"object": "group", "id": 0, "name": "Enrol instance group none.", "courseid": -1}
NESTED = {
    "course": Single(
        {
            "object": TEXT,
            "id": INT,
            "idnumber": TEXT,
            "name": TEXT,
            "shortname": TEXT,
            "visible": INT,
            "format": TEXT,
        }
    ),
    "cohort": Single({"object": TEXT, "id": INT, "idnumber": TEXT, "name": TEXT, "visible": INT}),
    "role": Single({"object": TEXT, "id": INT, "shortname": TEXT}),
    "group": Single({"object": TEXT, "id": INT, "courseid": INT, "name": TEXT}),
}
ITEM = Single(
    {
        "object": TEXT,
        "id": OPT_INT,
        "name": OPT_TEXT,
        "courseid": OPT_INT,
        "cohortid": OPT_INT,
        "roleid": OPT_INT,
        "groupid": OPT_INT,
        "idnumber": OPT_TEXT,
        "shortname": OPT_TEXT,
        "status": OPT_INT,
        "active": OPT_INT,
        "visible": OPT_INT,
        "format": OPT_TEXT,
        **{key: optional(desc) for key, desc in NESTED.items()},
    }
)


RESPONSE = Single({"id": INT, "code": INT, "message": TEXT, "data": Multiple(ITEM)})


def course_item(course: Course) -> dict[str, Any]:
    return {
        "object": "course",
        "id": course.id,
        "name": course.fullname,
        "idnumber": course.idnumber,
        "shortname": course.shortname,
        "visible": course.visible,
        "format": course.format,
    }


def cohort_item(cohort: Cohort) -> dict[str, Any]:
    return {
        "object": "cohort",
        "id": cohort.id,
        "name": cohort.name,
        "idnumber": cohort.idnumber,
        "visible": int(cohort.visible),
    }


def role_item(role: Role) -> dict[str, Any]:
    return {"object": "role", "id": role.id, "shortname": role.shortname}


def group_item(call: Call, groupid: int) -> dict[str, Any]:
    group = call.site.groups.get(groupid)
    if group is None:
        return dict(NO_GROUP)
    return {"object": "group", "id": group.id, "name": group.name, "courseid": group.courseid}


def enrol_item(instance: EnrolInstance, name: str | None) -> dict[str, Any]:
    return {
        "object": "enrol",
        "id": instance.id,
        "name": name,
        "courseid": instance.courseid,
        "cohortid": instance.customint1,
        "roleid": instance.roleid,
        "groupid": instance.customint2,
        "status": instance.status,
    }


def nested_enrol_item(call: Call, instance: EnrolInstance) -> dict[str, Any]:
    """An ``enrol`` item with its course, cohort, role and group, as get and delete show it."""
    site = call.site
    item = enrol_item(instance, instance.name)
    item["course"] = course_item(site.courses[instance.courseid])
    cohort = site.cohorts.get(instance.customint1)
    if cohort is not None:
        item["cohort"] = cohort_item(cohort)
    role = site.roles.get(instance.roleid)
    if role is not None:
        item["role"] = role_item(role)
    item["group"] = group_item(call, instance.customint2)
    return item


def display_name(call: Call, instance: EnrolInstance) -> str:
    """What add reports as the name: the stored one, or Moodle's generated one flagged."""
    if instance.name:
        return instance.name
    cohort = call.site.cohorts[instance.customint1]
    role = call.site.roles.get(instance.roleid)
    label = f"{cohort.name} - {role.name or role.label}" if role else cohort.name
    return f"Cohort sync ({label}) - Using system generated name."


def respond(
    instance_id: int, code: int, message: str, data: list[dict[str, Any]]
) -> dict[str, Any]:
    return {"id": instance_id, "code": code, "message": message, "data": data}
