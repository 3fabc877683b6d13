"""Cohort-sync semantics over HTTP: attach, disable, enable, delete, membership changes."""

from __future__ import annotations

from typing import Any

from sync_helper.sim import SimServer
from sync_helper.sim.cohortsync import sync_cohort
from tests.sim.conftest import rest

STUDENT, TEACHER_ROLE = 5, 3
COURSE, COURSE_CONTEXT = 3, 90  # "Circuits électriques": no cohort instance yet


def _attach(sim: SimServer, cohortid: int, **extra: str) -> dict[str, Any]:
    fields = {
        "instance[courseid]": str(COURSE),
        "instance[cohortid]": str(cohortid),
        "instance[roleid]": str(STUDENT),
    }
    fields.update({f"instance[{key}]": value for key, value in extra.items()})
    return rest(sim, "admin", "local_ws_enrolcohort_add_instance", **fields)


def _update(sim: SimServer, instance: int, **changes: str) -> dict[str, Any]:
    fields = {f"instance[{key}]": value for key, value in changes.items()}
    return rest(
        sim,
        "admin",
        "local_ws_enrolcohort_update_instance",
        **{"instance[id]": str(instance)},
        **fields,
    )


def _participants(sim: SimServer, *, active: bool = False) -> list[int]:
    options = {"options[0][name]": "userfields", "options[0][value]": "id"}
    if active:
        options |= {"options[1][name]": "onlyactive", "options[1][value]": "1"}
    users = rest(sim, "admin", "core_enrol_get_enrolled_users", courseid=str(COURSE), **options)
    return [user["id"] for user in users]


def _students_with_role(sim: SimServer, roleid: int = STUDENT) -> set[int]:
    return {
        ra.userid
        for ra in sim.site.role_assignments
        if ra.contextid == COURSE_CONTEXT and ra.roleid == roleid
    }


def test_attach_enrols_current_members_with_role_at_once(sim: SimServer) -> None:
    answer = _attach(sim, 2)
    assert answer["code"] == 201
    assert _participants(sim) == [67, 68, 69, 70, 71, 72]
    assert _students_with_role(sim) == {67, 68, 69, 70, 71, 72}


def test_attach_into_new_group_puts_members_in_it(sim: SimServer) -> None:
    answer = _attach(sim, 2, groupid="-1")
    group = next(item for item in answer["data"] if item["object"] == "group")
    assert group["name"] == "LICENCE 1 CHIMIE (BEAUVAIS) cohort"
    members = {gm.userid for gm in sim.site.group_members if gm.groupid == group["id"]}
    assert members == {67, 68, 69, 70, 71, 72}
    again = _attach(sim, 2, groupid="-1", roleid=str(4))
    second = next(item for item in again["data"] if item["object"] == "group")
    assert second["name"] == "LICENCE 1 CHIMIE (BEAUVAIS) cohort (2)"


def test_disable_keeps_enrolments_and_drops_roles_then_enable_restores(sim: SimServer) -> None:
    instance = _attach(sim, 2)["id"]
    _update(sim, instance, status="1")
    assert _participants(sim) == [67, 68, 69, 70, 71, 72]
    assert _participants(sim, active=True) == []
    assert _students_with_role(sim) == set()
    _update(sim, instance, status="0")
    assert _participants(sim, active=True) == [67, 68, 69, 70, 71, 72]
    assert _students_with_role(sim) == {67, 68, 69, 70, 71, 72}


def test_disable_with_suspend_setting_keeps_roles(sim: SimServer) -> None:
    sim.site.settings["unenrolaction"] = 2
    instance = _attach(sim, 2)["id"]
    _update(sim, instance, status="1")
    assert _students_with_role(sim) == {67, 68, 69, 70, 71, 72}


def test_delete_unenrols_members_but_not_other_enrolments(sim: SimServer) -> None:
    instance = _attach(sim, 2)["id"]
    rest(
        sim,
        "admin",
        "enrol_manual_enrol_users",
        **{
            "enrolments[0][roleid]": str(TEACHER_ROLE),
            "enrolments[0][userid]": "67",
            "enrolments[0][courseid]": str(COURSE),
        },
    )
    answer = rest(
        sim, "admin", "local_ws_enrolcohort_delete_instance", **{"instance[id]": str(instance)}
    )
    assert answer["message"] == "Cohort enrolment instance deleted."
    assert _participants(sim) == [67]
    assert _students_with_role(sim) == set()
    assert _students_with_role(sim, TEACHER_ROLE) == {67}


def test_role_change_moves_members_to_the_new_role(sim: SimServer) -> None:
    instance = _attach(sim, 2)["id"]
    answer = _update(sim, instance, roleid=str(4))
    assert [item["object"] for item in answer["data"]] == [
        "params",
        "role",
        "course",
        "cohort",
        "enrol",
    ]
    assert _students_with_role(sim) == set()
    assert _students_with_role(sim, 4) == {67, 68, 69, 70, 71, 72}


def test_update_with_only_the_id_changes_nothing(sim: SimServer) -> None:
    instance = _attach(sim, 2)["id"]
    answer = _update(sim, instance)
    assert answer["message"] == "No changes were made to the cohort enrolment instance."
    assert [item["object"] for item in answer["data"]] == ["params"]


def test_cohort_membership_changes_follow(sim: SimServer) -> None:
    _attach(sim, 2)
    sim.site.cohorts[2].members.remove(72)
    sim.site.cohorts[2].members.append(3)
    with sim.site.lock:
        sync_cohort(sim.site, 2)
    assert _participants(sim) == [3, 67, 68, 69, 70, 71]


def test_enrolment_methods_never_list_cohort_but_courses_do(sim: SimServer) -> None:
    instance = _attach(sim, 2)["id"]
    assert rest(sim, "admin", "core_enrol_get_course_enrolment_methods", courseid="3") == []
    course = rest(sim, "admin", "core_course_get_courses_by_field", field="id", value="3")
    assert course["courses"][0]["enrollmentmethods"] == ["manual", "cohort"]
    _update(sim, instance, status="1")
    course = rest(sim, "admin", "core_course_get_courses_by_field", field="id", value="3")
    assert course["courses"][0]["enrollmentmethods"] == ["manual"]


def test_mcruzel_flavour_honours_status_on_add(sim: SimServer) -> None:
    sim.site.settings["enrolcohort_flavour"] = "mcruzel"
    answer = _attach(sim, 2, status="1")
    assert answer["data"][-1]["status"] == 1
    assert _participants(sim, active=True) == []


def test_learningworks_get_has_no_checks_but_mcruzel_does(sim: SimServer) -> None:
    def get(course: str) -> dict[str, Any]:
        return rest(sim, "teacher", "local_ws_enrolcohort_get_instances", **{"course[id]": course})

    assert get("3")["code"] == 200
    sim.site.settings["enrolcohort_flavour"] = "mcruzel"
    assert get("3")["errorcode"] == "requireloginerror"
    assert get("2")["code"] == 200
