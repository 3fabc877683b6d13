"""The exceptions a Moodle web service answers with, as Moodle 4.2 names and words them.

A :class:`WsError` carries what the error envelope shows: the PHP exception class, the
``errorcode``, the English ``message`` and, for debug-mode sites, ``debuginfo``. The factories
below hold the exact strings recorded from a real Moodle 4.2.3, so callers cannot drift from them.
"""

from __future__ import annotations

from dataclasses import dataclass

PLUGIN_NAMESPACE = "local_ws_enrolcohort\\exceptions\\"

# Since about Moodle 4.4 core exceptions live in \core\exception; the old names remain aliases.
MODERN_NAMES = {
    "moodle_exception": "core\\exception\\moodle_exception",
    "invalid_parameter_exception": "core\\exception\\invalid_parameter_exception",
    "required_capability_exception": "core\\exception\\required_capability_exception",
    "coding_exception": "core\\exception\\coding_exception",
    "invalid_response_exception": "core\\exception\\invalid_response_exception",
    "require_login_exception": "core\\exception\\require_login_exception",
}

CAPABILITY_NAMES = {
    "moodle/cohort:view": "View site-wide cohorts",
    "moodle/cohort:manage": "Create, delete and move cohorts",
    "moodle/course:enrolconfig": "Configure enrol instances in courses",
    "enrol/cohort:config": "Configure cohort instances",
    "moodle/course:managegroups": "Manage groups",
    "moodle/role:assign": "Assign roles to users",
    "moodle/course:viewparticipants": "View participants",
    "moodle/course:enrolreview": "Review course enrolments",
    "moodle/role:review": "Review permissions for others",
    "enrol/manual:enrol": "Enrol users",
    "moodle/course:update": "Update course settings",
    "moodle/site:accessallgroups": "Access all groups",
}


@dataclass
class WsError(Exception):
    """One web-service failure, ready to be rendered as JSON or XML."""

    exception: str
    errorcode: str
    message: str
    debuginfo: str | None = None

    def class_name(self, modern: bool) -> str:
        """The class the envelope names: legacy (4.2) or namespaced (4.4+)."""
        return MODERN_NAMES.get(self.exception, self.exception) if modern else self.exception


def invalid_token() -> WsError:
    return WsError("moodle_exception", "invalidtoken", "Invalid token - token not found")


def access_exception(debuginfo: str) -> WsError:
    return WsError(
        "webservice_access_exception", "accessexception", "Access control exception", debuginfo
    )


def invalid_parameter(debuginfo: str) -> WsError:
    return WsError(
        "invalid_parameter_exception",
        "invalidparameter",
        "Invalid parameter value detected",
        debuginfo,
    )


def invalid_response(debuginfo: str) -> WsError:
    return WsError(
        "invalid_response_exception",
        "invalidresponse",
        "Invalid response value detected",
        debuginfo,
    )


def missing_record(table: str) -> WsError:
    return WsError(
        "dml_missing_record_exception",
        "invalidrecord",
        f"Can't find data record in database table {table}.",
    )


def no_permission(capability: str) -> WsError:
    name = CAPABILITY_NAMES.get(capability, capability)
    return WsError(
        "required_capability_exception",
        "nopermissions",
        f"Sorry, but you do not currently have permissions to do that ({name}).",
    )


def coding_error(detail: str) -> WsError:
    return WsError(
        "coding_exception",
        "codingerror",
        f"Coding error detected, it must be fixed by a programmer: {detail}",
    )


def course_context_not_valid(courseid: int, detail: str) -> WsError:
    return WsError(
        "moodle_exception",
        "errorcoursecontextnotvalid",
        f"You cannot execute functions in the course context (course id:{courseid}). "
        f"The context error message was: {detail}",
    )


def require_login() -> WsError:
    return WsError(
        "require_login_exception", "requireloginerror", "Course or activity not accessible."
    )


def manual_enrol_error(errorcode: str, message: str) -> WsError:
    return WsError("moodle_exception", errorcode, message)


PLUGIN_MESSAGES = {
    "objectnotfound": "Object does not exist!",
    "unavailableatcontext": "Object is not available at this context!",
    "invalidcourse": "Course is invalid!",
    "invalidstatus": "Invalid enrolment instance status!",
    "enrolcohortalreadysyncedwithrole": "A cohort enrol instance for this role already exists",
    "cohortenrolmethodnotavailable": "The cohort enrolment method is not available.",
}


def plugin_error(exception: str, errorcode: str, debuginfo: str | None = None) -> WsError:
    """An exception of local_ws_enrolcohort (namespaced even on 4.2)."""
    return WsError(PLUGIN_NAMESPACE + exception, errorcode, PLUGIN_MESSAGES[errorcode], debuginfo)


def not_found(what: str, object_id: int) -> WsError:
    """``objectnotfound`` for a course, cohort, role, group or cohort enrol instance."""
    exception = what.replace(" ", "_") + "_not_found_exception"
    return plugin_error(exception, "objectnotfound", f"Could not find {what} with id {object_id}")
