"""local_ws_enrolcohort: add, update, delete and list cohort-sync instances.

By default v3.3.3 (learningworks) as recorded, bugs included: ``add`` ignores ``status=1``;
``update``, ``delete`` and ``get`` check no capability; ``get`` with course id 0 is
``objectnotfound``. The site setting ``enrolcohort_flavour: "mcruzel"`` switches to mcruzel's
v4 refactor: ``validate_context`` and capability checks everywhere, status honoured, and an
explicit empty name clears the instance name.
"""

from __future__ import annotations

from typing import Any

from sync_helper.sim import cohortsync
from sync_helper.sim.access import assignable_roles, available_cohorts, require_capability
from sync_helper.sim.contexts import validate_context
from sync_helper.sim.describe import Description, Single
from sync_helper.sim.errors import not_found, plugin_error
from sync_helper.sim.functions.enrolcohort_items import (
    INT,
    OPT_INT,
    OPT_TEXT,
    RESPONSE,
    cohort_item,
    course_item,
    display_name,
    enrol_item,
    group_item,
    nested_enrol_item,
    respond,
    role_item,
)
from sync_helper.sim.registry import Call, ws_function
from sync_helper.sim.state import Course, EnrolInstance, Role

ADD_CAPABILITIES = (
    "moodle/course:enrolconfig",
    "enrol/cohort:config",
    "moodle/cohort:view",
    "moodle/course:managegroups",
    "moodle/role:assign",
)


CONFIG_CAPABILITIES = ("moodle/course:enrolconfig", "enrol/cohort:config")


def _mcruzel(call: Call) -> bool:
    return call.site.setting("enrolcohort_flavour", "learningworks") == "mcruzel"


def _guard(call: Call, contextid: int, capabilities: tuple[str, ...]) -> None:
    """mcruzel's checks (learningworks makes none): enter the context, hold the capabilities."""
    if _mcruzel(call):
        validate_context(call, call.site.contexts.get(contextid))
        for capability in capabilities:
            require_capability(call.site, call.user, capability, contextid)


def _wrapped(struct: str, /, **keys: Description) -> Single:
    """The plugin's parameters: one struct (``instance`` or ``course``) holding ``keys``."""
    return Single({struct: Single(keys)})


def _course(call: Call, courseid: int) -> Course:
    if courseid == call.site.site_course_id:
        raise plugin_error(
            "course_is_site_exception", "invalidcourse", "Can not add instance to the site course."
        )
    course = call.site.courses.get(courseid)
    if course is None:
        raise not_found("course", courseid)
    return course


def _role(call: Call, course: Course, roleid: int) -> Role:
    role = call.site.roles.get(roleid)
    if role is None:
        raise not_found("role", roleid)
    if role not in assignable_roles(call.site, call.user, course.contextid):
        raise plugin_error(
            "role_not_assignable_at_context_exception",
            "unavailableatcontext",
            f"Role with id {roleid} is not assignable at this context.",
        )
    return role


def _check_group(call: Call, course: Course, groupid: int) -> None:
    group = call.site.groups.get(groupid)
    if groupid not in (0, -1) and (group is None or group.courseid != course.id):
        raise not_found("group", groupid)


def _check_status(status: int) -> None:
    if status not in (0, 1):
        raise plugin_error(
            "invalid_status_exception",
            "invalidstatus",
            "Possible values for enrolment instance status are: 0 - Enabled, 1 - Disabled. "
            f"Got {status}.",
        )


@ws_function(
    "local_ws_enrolcohort_add_instance",
    "local_ws_enrolcohort",
    _wrapped(
        "instance",
        courseid=INT,
        cohortid=INT,
        roleid=INT,
        groupid=OPT_INT,
        name=OPT_TEXT,
        status=OPT_INT,
    ),
    RESPONSE,
)
def add_instance(call: Call, params: dict[str, Any]) -> dict[str, Any]:
    """Attach a cohort to a course; members are enrolled during the call."""
    site, request = call.site, params["instance"]
    course = _course(call, request["courseid"])
    _guard(call, course.contextid, ())
    cohort = site.cohorts.get(request["cohortid"])
    if cohort is None:
        raise not_found("cohort", request["cohortid"])
    if cohort not in available_cohorts(site, call.user, course.contextid):
        raise plugin_error(
            "cohort_not_available_at_context_exception",
            "unavailableatcontext",
            f"Cohort with id {cohort.id} is not available at this context.",
        )
    role = _role(call, course, request["roleid"])
    groupid = request.get("groupid", 0)
    _check_group(call, course, groupid)
    for capability in ADD_CAPABILITIES:
        require_capability(site, call.user, capability, course.contextid)
    _check_status(request.get("status", 0))
    status = request.get("status", 0) if _mcruzel(call) else 0  # learningworks drops it
    for existing in site.course_instances(course.id, "cohort"):
        if existing.customint1 == cohort.id and existing.roleid == role.id:
            raise plugin_error(
                "cohort_enrol_instance_already_synced_with_role_exception",
                "enrolcohortalreadysyncedwithrole",
                f"A cohort enrol instance with id {existing.id} is already synchronised with "
                f"the role {role.id}",
            )
    name = request.get("name", "")
    instance = cohortsync.add_instance(
        site,
        course.id,
        {
            "cohortid": cohort.id,
            "roleid": role.id,
            "groupid": groupid,
            "name": name,
            "status": status,
        },
    )
    echo = {
        "object": "data",
        "name": name,
        "cohortid": cohort.id,
        "roleid": role.id,
        "groupid": groupid,
        "status": status,
    }
    data = [
        course_item(course),
        cohort_item(cohort),
        role_item(role),
        echo,
        group_item(call, instance.customint2),
        enrol_item(instance, display_name(call, instance)),
    ]
    return respond(instance.id, 201, "Cohort enrolment instance added.", data)


def _cohort_instance(call: Call, instance_id: int) -> EnrolInstance:
    instance = call.site.enrols.get(instance_id)
    if (
        instance is None
        or instance.enrol != "cohort"
        or instance.courseid == call.site.site_course_id
    ):
        raise not_found("cohort enrol instance", instance_id)
    return instance


@ws_function(
    "local_ws_enrolcohort_update_instance",
    "local_ws_enrolcohort",
    _wrapped("instance", id=INT, name=OPT_TEXT, status=OPT_INT, roleid=OPT_INT, groupid=OPT_INT),
    RESPONSE,
)
def update_instance(call: Call, params: dict[str, Any]) -> dict[str, Any]:
    """Change status, role, group or name; the cohort cannot change; an empty name is ignored."""
    site, request = call.site, params["instance"]
    instance = _cohort_instance(call, request["id"])
    course = site.courses[instance.courseid]
    _guard(call, course.contextid, CONFIG_CAPABILITIES)
    wanted = {
        "id": instance.id,
        "name": request.get("name") or instance.name,
        "roleid": request.get("roleid", instance.roleid),
        "groupid": request.get("groupid", instance.customint2),
        "status": request.get("status", instance.status),
    }
    role = _role(call, course, wanted["roleid"])
    _check_group(call, course, wanted["groupid"])
    _check_status(wanted["status"])
    echo = {"object": "params", **wanted}
    if set(request) == {"id"}:
        return respond(
            instance.id, 200, "No changes were made to the cohort enrolment instance.", [echo]
        )
    data = [echo]
    if role.id != instance.roleid:
        cohortsync.change_role(site, instance, role.id)
        data.append(role_item(role))
    data += [course_item(course), cohort_item(site.cohorts[instance.customint1])]
    group_changed = wanted["groupid"] != instance.customint2
    if wanted["groupid"] == -1:
        cohort_name = site.cohorts[instance.customint1].name
        wanted["groupid"] = cohortsync.create_group(site, course.id, cohort_name).id
    instance.customint2 = wanted["groupid"]
    instance.status = wanted["status"]
    if request.get("name") or ("name" in request and _mcruzel(call)):
        instance.name = request["name"]
    cohortsync.sync_instance(site, instance)
    if group_changed:
        data.append(group_item(call, instance.customint2))
    data.append(enrol_item(instance, instance.name))
    return respond(instance.id, 200, "Cohort enrolment instance updated.", data)


@ws_function(
    "local_ws_enrolcohort_delete_instance",
    "local_ws_enrolcohort",
    _wrapped("instance", id=INT),
    RESPONSE,
)
def delete_instance(call: Call, params: dict[str, Any]) -> dict[str, Any]:
    """Delete an instance: everyone it enrolled is unenrolled."""
    instance = _cohort_instance(call, params["instance"]["id"])
    _guard(call, call.site.courses[instance.courseid].contextid, CONFIG_CAPABILITIES)
    snapshot = nested_enrol_item(call, instance)
    cohortsync.delete_instance(call.site, instance)
    return respond(instance.id, 200, "Cohort enrolment instance deleted.", [snapshot])


@ws_function(
    "local_ws_enrolcohort_get_instances",
    "local_ws_enrolcohort",
    _wrapped("course", id=INT),
    RESPONSE,
)
def get_instances(call: Call, params: dict[str, Any]) -> dict[str, Any]:
    """Every cohort instance (enabled or not) of one course, or of all courses with id -1."""
    site, courseid = call.site, params["course"]["id"]
    if courseid == -1:
        _guard(call, site.system_context().id, CONFIG_CAPABILITIES)
        instances = sorted(
            (i for i in site.enrols.values() if i.enrol == "cohort"), key=lambda i: i.id
        )
        courses = sum(1 for c in site.courses if c != site.site_course_id)
        message = (
            f"Found {len(instances)} cohort enrolment instances in {courses} courses (All courses)."
        )
    else:
        course = _course(call, courseid)
        _guard(call, course.contextid, CONFIG_CAPABILITIES)
        instances = site.course_instances(course.id, "cohort")
        instances.sort(key=lambda i: i.id)
        message = (
            f"Found {len(instances)} cohort enrolment instances for the course with id {course.id}."
        )
    data = [nested_enrol_item(call, instance) for instance in instances]
    return respond(courseid, 200, message, data)
