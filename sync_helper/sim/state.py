"""The simulated site's data: the Moodle tables the helper's functions read and write.

Plain dataclasses, one per table, held by :class:`Site`. Tests may read and change them
directly (``sim.site``); the server takes ``site.lock`` around every request.
"""

from __future__ import annotations

import threading
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

SYSTEM, CATEGORY, COURSE = 10, 40, 50
CONTEXT_LEVEL_NAMES = {"system": SYSTEM, "coursecat": CATEGORY, "course": COURSE}


@dataclass
class Context:
    id: int
    level: int
    instanceid: int
    parentid: int | None


@dataclass
class Category:
    id: int
    name: str
    idnumber: str
    contextid: int
    parent: int = 0


@dataclass
class Course:
    """A course; ``fields`` holds every other column reported by get_courses_by_field."""

    id: int
    fullname: str
    shortname: str
    category: int
    contextid: int
    idnumber: str = ""
    visible: int = 1
    format: str = "topics"
    fields: dict[str, Any] = field(default_factory=dict)


@dataclass
class Cohort:
    id: int
    contextid: int
    name: str
    idnumber: str | None = None
    description: str = ""
    descriptionformat: int = 1
    visible: bool = True
    theme: str = ""
    members: list[int] = field(default_factory=list)


@dataclass
class User:
    id: int
    username: str
    firstname: str
    lastname: str
    email: str = ""
    password: str = field(default="", repr=False)
    department: str = ""
    privatekey: str = field(default="", repr=False)
    siteadmin: bool = False
    suspended: bool = False

    @property
    def fullname(self) -> str:
        return f"{self.firstname} {self.lastname}"


@dataclass
class Role:
    """A role; ``label`` is what Moodle displays when ``name`` is empty (standard roles)."""

    id: int
    shortname: str
    label: str
    name: str = ""
    capabilities: frozenset[str] = frozenset()
    assignable: frozenset[int] = frozenset()


@dataclass
class Group:
    id: int
    courseid: int
    name: str
    description: str = ""
    descriptionformat: int = 0
    enrolmentkey: str | None = None
    idnumber: str = ""
    visibility: int = 0
    participation: bool = True


@dataclass
class EnrolInstance:
    """An ``enrol`` row; for cohort sync customint1 is the cohort and customint2 the group."""

    id: int
    courseid: int
    enrol: str
    status: int = 0
    name: str | None = None
    roleid: int = 0
    customint1: int = 0
    customint2: int = 0
    sortorder: int = 0


@dataclass
class UserEnrolment:
    enrolid: int
    userid: int
    status: int = 0


@dataclass(frozen=True)
class RoleAssignment:
    userid: int
    roleid: int
    contextid: int
    component: str = ""
    itemid: int = 0


@dataclass(frozen=True)
class GroupMember:
    groupid: int
    userid: int
    component: str = ""
    itemid: int = 0


@dataclass
class Service:
    id: int
    name: str
    shortname: str
    functions: list[str]
    enabled: bool = True
    restrictedusers: bool = False
    authorised: list[int] = field(default_factory=list)
    requiredcapability: str = ""
    downloadfiles: int = 0
    uploadfiles: int = 0


@dataclass
class Token:
    """A web-service token; its value stays out of ``repr`` so it cannot leak into logs."""

    token: str = field(repr=False)
    userid: int
    serviceid: int
    name: str = ""
    contextid: int = 1
    validuntil: int = 0


@dataclass
class Site:
    """All tables plus site settings and the next free ids."""

    settings: dict[str, Any]
    contexts: dict[int, Context] = field(default_factory=dict)
    categories: dict[int, Category] = field(default_factory=dict)
    courses: dict[int, Course] = field(default_factory=dict)
    cohorts: dict[int, Cohort] = field(default_factory=dict)
    users: dict[int, User] = field(default_factory=dict)
    roles: dict[int, Role] = field(default_factory=dict)
    groups: dict[int, Group] = field(default_factory=dict)
    group_members: list[GroupMember] = field(default_factory=list)
    enrols: dict[int, EnrolInstance] = field(default_factory=dict)
    user_enrolments: list[UserEnrolment] = field(default_factory=list)
    role_assignments: list[RoleAssignment] = field(default_factory=list)
    services: dict[int, Service] = field(default_factory=dict)
    tokens: dict[str, Token] = field(default_factory=dict, repr=False)
    next_ids: dict[str, int] = field(default_factory=dict)
    calls: Counter[str] = field(default_factory=Counter)  # requests served, by function name
    lock: threading.RLock = field(default_factory=threading.RLock, repr=False)

    def new_id(self, table: str) -> int:
        """The next id of ``table`` (enrol, groups…), like a database sequence."""
        value = self.next_ids.get(table, 1)
        self.next_ids[table] = value + 1
        return value

    def setting(self, name: str, default: Any = None) -> Any:
        return self.settings.get(name, default)

    @property
    def site_course_id(self) -> int:
        return int(self.settings.get("siteid", 1))

    def ancestors(self, contextid: int) -> list[Context]:
        """The context and its parents up to system, nearest first."""
        chain: list[Context] = []
        current = self.contexts.get(contextid)
        while current is not None:
            chain.append(current)
            current = self.contexts.get(current.parentid) if current.parentid else None
        return chain

    def context_of(self, level: int, instanceid: int) -> Context | None:
        for context in self.contexts.values():
            if context.level == level and (level == SYSTEM or context.instanceid == instanceid):
                return context
        return None

    def system_context(self) -> Context:
        context = self.context_of(SYSTEM, 0)
        if context is None:
            raise LookupError("the scenario defines no system context")
        return context

    def course_instances(self, courseid: int, enrol: str | None = None) -> list[EnrolInstance]:
        """A course's enrolment instances in sortorder."""
        found = [
            instance
            for instance in self.enrols.values()
            if instance.courseid == courseid and (enrol is None or instance.enrol == enrol)
        ]
        return sorted(found, key=lambda instance: (instance.sortorder, instance.id))

    def enrolments_of(self, enrolid: int) -> list[UserEnrolment]:
        return [ue for ue in self.user_enrolments if ue.enrolid == enrolid]

    def user_groups(self, courseid: int, userid: int) -> list[Group]:
        ids = {member.groupid for member in self.group_members if member.userid == userid}
        return [
            group
            for group in self.groups.values()
            if group.courseid == courseid and group.id in ids
        ]
