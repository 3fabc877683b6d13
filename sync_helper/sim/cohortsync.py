"""enrol_cohort's behaviour: what attaching, disabling, enabling and deleting do to people.

Mirrors ``enrol_cohort_sync`` and the base ``delete_instance``: an enabled instance enrols every
cohort member at once, gives them the instance's role and group; a disabled one keeps the
enrolments but takes the roles back (unless ``unenrolaction`` is 2, suspend keeping roles);
deleting unenrols everyone, with Moodle's last-enrolment cleanup.
"""

from __future__ import annotations

from sync_helper.sim.state import (
    EnrolInstance,
    Group,
    GroupMember,
    RoleAssignment,
    Site,
    UserEnrolment,
)

COMPONENT = "enrol_cohort"
UNENROL, SUSPEND, SUSPEND_NO_ROLES = 0, 2, 3


def create_group(site: Site, courseid: int, cohort_name: str) -> Group:
    """``enrol_cohort_create_new_group``: "<name> cohort", then "(2)", "(3)"… if taken."""
    taken = {group.name for group in site.groups.values() if group.courseid == courseid}
    name, increment = f"{cohort_name} cohort", 1
    while name in taken:
        increment += 1
        name = f"{cohort_name} cohort ({increment})"
    group = Group(id=site.new_id("groups"), courseid=courseid, name=name)
    site.groups[group.id] = group
    return group


def add_instance(site: Site, courseid: int, fields: dict[str, int | str]) -> EnrolInstance:
    """Create a cohort instance (group -1 creates one) and synchronise the course at once."""
    instance = EnrolInstance(
        id=site.new_id("enrol"),
        courseid=courseid,
        enrol="cohort",
        status=int(fields.get("status", 0)),
        name=str(fields.get("name", "")),
        roleid=int(fields["roleid"]),
        customint1=int(fields["cohortid"]),
        customint2=int(fields.get("groupid", 0)),
        sortorder=1 + max((i.sortorder for i in site.course_instances(courseid)), default=-1),
    )
    if instance.customint2 == -1:
        cohort = site.cohorts[instance.customint1]
        instance.customint2 = create_group(site, courseid, cohort.name).id
    site.enrols[instance.id] = instance
    sync_instance(site, instance)
    return instance


def change_role(site: Site, instance: EnrolInstance, roleid: int) -> None:
    """A role change takes back every role the instance gave; the next sync gives the new one."""
    _drop_roles(site, instance)
    instance.roleid = roleid


def sync_instance(site: Site, instance: EnrolInstance) -> None:
    """``enrol_cohort_sync`` for one instance."""
    cohort = site.cohorts.get(instance.customint1)
    if instance.status != 0:
        if site.setting("unenrolaction", UNENROL) != SUSPEND:
            _drop_roles(site, instance)
        return
    members = set(cohort.members) if cohort else set()
    for userid in sorted(members):
        _enrol_member(site, instance, userid)
    for enrolment in site.enrolments_of(instance.id):
        if enrolment.userid not in members:
            member_left(site, instance, enrolment.userid)


def sync_cohort(site: Site, cohortid: int) -> None:
    """What the member-added/removed events do: resynchronise every instance of the cohort."""
    for instance in list(site.enrols.values()):
        if instance.enrol == "cohort" and instance.customint1 == cohortid:
            sync_instance(site, instance)


def _enrol_member(site: Site, instance: EnrolInstance, userid: int) -> None:
    enrolment = next((ue for ue in site.enrolments_of(instance.id) if ue.userid == userid), None)
    if enrolment is None:
        site.user_enrolments.append(UserEnrolment(instance.id, userid, 0))
    else:
        enrolment.status = 0
    course = site.courses[instance.courseid]
    if instance.roleid > 0:
        assignment = RoleAssignment(
            userid, instance.roleid, course.contextid, COMPONENT, instance.id
        )
        if assignment not in site.role_assignments:
            site.role_assignments.append(assignment)
    if instance.customint2 > 0:
        member = GroupMember(instance.customint2, userid, COMPONENT, instance.id)
        if member not in site.group_members:
            site.group_members.append(member)


def member_left(site: Site, instance: EnrolInstance, userid: int) -> None:
    """A user no longer in the cohort: unenrol or suspend, per ``unenrolaction``."""
    action = site.setting("unenrolaction", UNENROL)
    if action == UNENROL:
        unenrol_user(site, instance, userid)
        return
    for enrolment in site.enrolments_of(instance.id):
        if enrolment.userid == userid:
            enrolment.status = 1
    if action == SUSPEND_NO_ROLES:
        _drop_roles(site, instance, userid)


def _drop_roles(site: Site, instance: EnrolInstance, userid: int | None = None) -> None:
    site.role_assignments[:] = [
        ra
        for ra in site.role_assignments
        if not (
            ra.component == COMPONENT
            and ra.itemid == instance.id
            and (userid is None or ra.userid == userid)
        )
    ]


def unenrol_user(site: Site, instance: EnrolInstance, userid: int) -> None:
    """``enrol_plugin::unenrol_user`` with the cleanup when it was the user's last enrolment."""
    _drop_roles(site, instance, userid)
    site.group_members[:] = [
        gm
        for gm in site.group_members
        if not (gm.userid == userid and gm.component == COMPONENT and gm.itemid == instance.id)
    ]
    site.user_enrolments[:] = [
        ue for ue in site.user_enrolments if not (ue.enrolid == instance.id and ue.userid == userid)
    ]
    course = site.courses[instance.courseid]
    course_enrols = {i.id for i in site.course_instances(course.id)}
    if any(ue.userid == userid and ue.enrolid in course_enrols for ue in site.user_enrolments):
        return
    site.role_assignments[:] = [
        ra
        for ra in site.role_assignments
        if not (ra.userid == userid and ra.contextid == course.contextid)
    ]
    course_groups = {g.id for g in site.groups.values() if g.courseid == course.id}
    site.group_members[:] = [
        gm for gm in site.group_members if not (gm.userid == userid and gm.groupid in course_groups)
    ]


def delete_instance(site: Site, instance: EnrolInstance) -> None:
    """Delete an instance: everyone it enrolled is unenrolled (``unenrolaction`` not consulted)."""
    for enrolment in list(site.enrolments_of(instance.id)):
        unenrol_user(site, instance, enrolment.userid)
    _drop_roles(site, instance)
    site.enrols.pop(instance.id, None)
