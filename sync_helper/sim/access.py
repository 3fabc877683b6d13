"""Who may do what: capabilities per context, course access, cohort visibility, assignable roles.

A deliberately small model of Moodle's access rules: site admins hold every capability; any
other user holds a capability in a context when a role assigned in that context or one of its
ancestors grants it; every user also holds the site's "authenticated user" capabilities at
system level (``webservice/rest:use`` among them on the recorded site).
"""

from __future__ import annotations

from sync_helper.sim.errors import no_permission
from sync_helper.sim.state import Cohort, Course, Role, Site, User


def has_capability(site: Site, user: User, capability: str, contextid: int) -> bool:
    """``has_capability``: admin, authenticated-user defaults, or a role in the context chain."""
    if user.siteadmin:
        return True
    if capability in site.setting("authenticated_capabilities", ()):
        return True
    chain = {context.id for context in site.ancestors(contextid)}
    for assignment in site.role_assignments:
        if assignment.userid == user.id and assignment.contextid in chain:
            role = site.roles.get(assignment.roleid)
            if role is not None and capability in role.capabilities:
                return True
    return False


def require_capability(site: Site, user: User, capability: str, contextid: int) -> None:
    if not has_capability(site, user, capability, contextid):
        raise no_permission(capability)


def is_enrolled(site: Site, userid: int, courseid: int, *, active: bool) -> bool:
    """Whether a user enrolment exists in the course (active: instance and enrolment enabled)."""
    for instance in site.course_instances(courseid):
        if active and instance.status != 0:
            continue
        for enrolment in site.enrolments_of(instance.id):
            if enrolment.userid == userid and (not active or enrolment.status == 0):
                return True
    return False


def can_enter_course(site: Site, user: User, course: Course) -> bool:
    """``require_login(course)`` would pass: admin, active participant, or course:view."""
    return (
        user.siteadmin
        or is_enrolled(site, user.id, course.id, active=True)
        or has_capability(site, user, "moodle/course:view", course.contextid)
    )


def available_cohorts(site: Site, user: User, contextid: int, query: str = "") -> list[Cohort]:
    """``cohort_get_available_cohorts``: ancestors' cohorts, hidden ones only with cohort:view."""
    found: list[Cohort] = []
    for context in site.ancestors(contextid):
        sees_hidden = has_capability(site, user, "moodle/cohort:view", context.id)
        found += [
            cohort
            for cohort in site.cohorts.values()
            if cohort.contextid == context.id and (cohort.visible or sees_hidden)
        ]
    return sort_cohorts(cohort for cohort in found if cohort_matches(cohort, query))


def cohort_matches(cohort: Cohort, query: str) -> bool:
    """Case-insensitive substring of name, idnumber or description (SQL ILIKE %query%)."""
    needle = query.casefold()
    haystack = (cohort.name, cohort.idnumber or "", cohort.description)
    return any(needle in text.casefold() for text in haystack)


def sort_cohorts(cohorts: object) -> list[Cohort]:
    """Moodle's cohort listing order: name, then idnumber."""
    return sorted(cohorts, key=lambda c: (c.name.casefold(), (c.idnumber or "").casefold(), c.id))


def assignable_roles(site: Site, user: User, contextid: int) -> list[Role]:
    """``get_assignable_roles``: roles the user's own roles here may assign (all for admins)."""
    if user.siteadmin:
        return [role for role in site.roles.values() if role.id in site.setting("course_roles", ())]
    if not has_capability(site, user, "moodle/role:assign", contextid):
        return []
    chain = {context.id for context in site.ancestors(contextid)}
    allowed: set[int] = set()
    for assignment in site.role_assignments:
        if assignment.userid == user.id and assignment.contextid in chain:
            allowed |= site.roles[assignment.roleid].assignable
    return [role for role in site.roles.values() if role.id in allowed]
