"""The ``--group`` choice of a cohort sync: no group, a new group, or an existing one by name."""

from __future__ import annotations

from dataclasses import dataclass

from sync_helper.moodle import errors
from sync_helper.moodle.client import MoodleClient
from sync_helper.moodle.courses import Course
from sync_helper.moodle.wire import as_int

GET_GROUPS = "core_group_get_course_groups"
NO_GROUP = 0
NEW_GROUP = -1  # Moodle's COHORT_CREATE_GROUP: "create a group named after the cohort"


@dataclass(frozen=True)
class GroupChoice:
    """The group id to send (0, -1 or a real id) and how to describe it."""

    id: int
    name: str  # "" for none; the existing group's name; "new" for a new group

    def describe(self) -> str:
        """Words for tables and plans."""
        if self.id == NO_GROUP:
            return "none"
        if self.id == NEW_GROUP:
            return "new group named after the cohort"
        return self.name


def group_satisfied(instance_group_id: int, wanted_group_id: int) -> bool:
    """Whether an instance's group is the one asked for. ``new`` is satisfied by any group
    (the one created when the cohort was attached): it asks for a group, not for another."""
    if wanted_group_id == NEW_GROUP:
        return instance_group_id > 0
    return instance_group_id == wanted_group_id


def choose_group(client: MoodleClient, course: Course, option: str) -> GroupChoice:
    """``none`` → 0, ``new`` → -1, anything else must name a group of the course."""
    if option == "none":
        return GroupChoice(NO_GROUP, "")
    if option == "new":
        return GroupChoice(NEW_GROUP, "new")
    groups = client.call(GET_GROUPS, courseid=course.id)
    if not isinstance(groups, list):
        raise errors.UnreadableAnswer(f"{GET_GROUPS} did not return a group list")
    for group in groups:
        if isinstance(group, dict) and group.get("name") == option:
            return GroupChoice(as_int(group.get("id"), "a group id"), option)
    names = ", ".join(repr(g.get("name")) for g in groups if isinstance(g, dict)) or "none"
    raise errors.GroupNotFound(
        f"course {course.shortname} has no group named {option!r} (groups: {names}); "
        "use --group new to create one, or --group none"
    )
