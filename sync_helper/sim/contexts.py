"""Moodle's ``validate_context`` and the context lookups the functions share."""

from __future__ import annotations

from typing import Any

from sync_helper.sim.access import can_enter_course
from sync_helper.sim.errors import WsError, invalid_parameter, missing_record, require_login
from sync_helper.sim.registry import Call
from sync_helper.sim.state import CONTEXT_LEVEL_NAMES, COURSE, Context, Course

RESTRICTED = WsError(
    "restricted_context_exception",
    "restrictedcontextexception",
    "Sorry, execution of external function violates context restriction.",
)


def validate_context(call: Call, context: Context | None) -> Context:
    """The token's context must contain ``context``; a course must be enterable."""
    if context is None:
        raise invalid_parameter("Context does not exist")
    chain = {ancestor.id for ancestor in call.site.ancestors(context.id)}
    if call.token.contextid not in chain:
        raise RESTRICTED
    if context.level == COURSE and context.instanceid != call.site.site_course_id:
        course = call.site.courses[context.instanceid]
        if not can_enter_course(call.site, call.user, course):
            raise require_login()
    return context


def context_from_params(call: Call, param: dict[str, Any]) -> Context | None:
    """``get_context_from_params``: a contextid wins, else contextlevel with instanceid."""
    if param["contextid"]:
        return call.site.contexts.get(param["contextid"])
    level_name = param["contextlevel"]
    if not level_name:
        raise invalid_parameter(
            "Missing parameters, please provide either context level with instance id or contextid"
        )
    level = int(level_name) if level_name.isdigit() else CONTEXT_LEVEL_NAMES.get(level_name)
    if level not in CONTEXT_LEVEL_NAMES.values():
        raise invalid_parameter(f"Invalid context level = {level_name}")
    return call.site.context_of(level, param["instanceid"])


def get_course(call: Call, courseid: int) -> Course:
    """The course or Moodle's ``invalidrecord`` on table course."""
    course = call.site.courses.get(courseid)
    if course is None:
        raise missing_record("course")
    return course
