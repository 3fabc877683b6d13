"""What a plan tells the user before anything is written: kind, role, instance, people, reason.

``--dry-run`` and ``--json`` show exactly these (``Action.as_dict``), so they are pinned whole,
in-process on the simulator's quirks site (issue 11, "test strength measured").
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest

from sync_helper.moodle.client import MoodleClient
from sync_helper.moodle.cohorts import Cohort, find_cohort
from sync_helper.moodle.courses import Course, parse_course_ref, resolve_course
from sync_helper.moodle.enrolments import course_state, plan_sync, plan_unsync
from sync_helper.moodle.groups import choose_group
from sync_helper.moodle.reconcile import sync_cohorts
from sync_helper.sim import cohortsync
from tests.moodle.inprocess import SimTransport, sim_client

L1CHIM = {"id": 1, "idnumber": "L1CHIM231", "name": "LICENCE 1 CHIMIE", "visible": True}
L1CHBV = {"id": 2, "idnumber": "L1CHBV231", "name": "LICENCE 1 CHIMIE (BEAUVAIS)", "visible": True}


def planned(kind: str, cohort: dict[str, object], role: str, reason: str, **more: object) -> dict:
    return {
        "action": kind,
        "cohort": cohort,
        "role": role,
        "instance_id": None,
        "enrolled": None,
        "reason": reason,
        "changed": [],
        "outcome": "planned",
        "done": False,
        "error": None,
        "errorcode": None,
        "note": None,
        **more,
    }


def already(cohort: dict[str, object], role: str, reason: str, **more: object) -> dict:
    return planned("none", cohort, role, reason, outcome="already", **more)


@pytest.fixture
def sim() -> Iterator[tuple[MoodleClient, SimTransport]]:
    with sim_client() as pair:
        yield pair


def course(moodle: MoodleClient, ref: str) -> Course:
    return resolve_course(moodle, parse_course_ref(ref))


def cohorts(moodle: MoodleClient, target: Course, *codes: str) -> list[Cohort]:
    return [find_cohort(moodle, code, target) for code in codes]


def test_attach_plans_say_role_group_and_state(sim: tuple[MoodleClient, SimTransport]) -> None:
    moodle, _ = sim
    thermo = course(moodle, "2")
    (l1,) = cohorts(moodle, thermo, "L1CHIM231")
    amiens = choose_group(moodle, thermo, "Groupe Amiens")
    assert [a.as_dict() for a in plan_sync(moodle, thermo, [l1], None, None)] == [
        planned(
            "add",
            L1CHIM,
            "student",
            "attach with role student, group: none, enabled",
            changed=["added"],
        )
    ]
    (disabled,) = plan_sync(moodle, thermo, [l1], "teacher", amiens, disabled=True)
    assert disabled.as_dict() == planned(
        "add-disabled",
        L1CHIM,
        "teacher",
        "attach with role teacher, group: Groupe Amiens, disabled (added, then disabled: "
        "members are enrolled, then suspended)",
        changed=["added", "disabled"],
    )
    assert disabled.wanted == {"roleid": 4, "groupid": amiens.id, "status": 1}


def test_an_existing_method_is_updated_in_place_with_each_change_named(
    sim: tuple[MoodleClient, SimTransport],
) -> None:
    moodle, _ = sim
    thermo5 = course(moodle, "5")
    (l1,) = cohorts(moodle, thermo5, "L1CHIM231")
    td_a = choose_group(moodle, thermo5, "TD A")
    (update,) = plan_sync(moodle, thermo5, [l1], "teacher", td_a)
    changes = ["role student → teacher", "group none → TD A", "enable"]
    assert update.as_dict() == planned(
        "update",
        L1CHIM,
        "teacher",
        "update in place: " + ", ".join(changes) + " (enrolments kept)",
        instance_id=33,
        changed=changes,
    )
    assert update.wanted == {"roleid": 4, "groupid": td_a.id, "status": 0}
    (enable,) = plan_sync(moodle, thermo5, [l1], "student", None)
    assert (enable.kind, enable.wanted, enable.changed) == ("enable", {"status": 0}, ("enable",))
    (kept,) = plan_sync(moodle, thermo5, [l1], None, None, disabled=True)
    assert kept.as_dict() == already(
        L1CHIM,
        "student",
        "already attached with role student, group none (disabled): nothing to do",
        instance_id=33,
    )


def test_an_enabled_method_in_place_is_already_so(sim: tuple[MoodleClient, SimTransport]) -> None:
    moodle, _ = sim
    thermo = course(moodle, "2")
    (l1,) = cohorts(moodle, thermo, "L1CHIM231")
    amiens = choose_group(moodle, thermo, "Groupe Amiens")
    (done,) = sync_cohorts(moodle, thermo, [l1], group=amiens)
    (again,) = plan_sync(moodle, thermo, [l1], "student", amiens)
    assert again.as_dict() == already(
        L1CHIM,
        "student",
        "already attached with role student, group Groupe Amiens (enabled): nothing to do",
        instance_id=done.instance_id,
    )


def test_a_cohort_attached_with_two_other_roles_gets_a_new_method(
    sim: tuple[MoodleClient, SimTransport],
) -> None:
    moodle, transport = sim
    thermo = course(moodle, "2")
    for role in (3, 4):  # editingteacher, teacher
        cohortsync.add_instance(transport.site, 2, {"cohortid": 1, "roleid": role})
    (l1,) = cohorts(moodle, thermo, "L1CHIM231")
    (action,) = plan_sync(moodle, thermo, [l1], "student", None)
    assert (action.kind, action.role, action.instance_id) == ("add", "student", None)
    (kept,) = plan_sync(moodle, thermo, [l1], None, None)
    assert (kept.kind, kept.role) == ("none", "editingteacher")


def test_unsync_plans_say_how_many_people_are_affected(
    sim: tuple[MoodleClient, SimTransport],
) -> None:
    moodle, _ = sim
    thermo = course(moodle, "2")
    both = cohorts(moodle, thermo, "L1CHIM231", "L1CHBV231")
    ids = [r.instance_id for r in sync_cohorts(moodle, thermo, both)]
    disable = [a.as_dict() for a in plan_unsync(moodle, thermo, both, disable=True)]
    keep = "keep their enrolment and data but lose access and their role until it is enabled again"
    assert disable == [
        planned(
            "disable",
            cohort,
            "student",
            f"disable: {n} enrolled user(s) {keep}",
            instance_id=i,
            enrolled=n,
            changed=["disabled"],
        )
        for cohort, n, i in ((L1CHIM, 64, ids[0]), (L1CHBV, 6, ids[1]))
    ]
    (delete,) = plan_unsync(moodle, thermo, both[:1], disable=False)
    assert delete.as_dict() == planned(
        "delete",
        L1CHIM,
        "student",
        "delete: unenrols 64 user(s) enrolled through it; their grades and group memberships in "
        "the course are detached (use --disable to keep them)",
        instance_id=ids[0],
        enrolled=64,
        changed=["deleted"],
    )
    assert course_state(moodle, thermo).enrolled == {ids[0]: 64, ids[1]: 6}


def test_unsync_of_what_is_not_there_is_already_so(sim: tuple[MoodleClient, SimTransport]) -> None:
    moodle, _ = sim
    thermo5 = course(moodle, "5")
    l1, bv = cohorts(moodle, thermo5, "L1CHIM231", "L1CHBV231")
    assert [a.as_dict() for a in plan_unsync(moodle, thermo5, [l1, bv], disable=True)] == [
        already(L1CHIM, "student", "already disabled: nothing to do", instance_id=33),
        already(L1CHBV, "", "not attached to this course: nothing to do"),
    ]
    (other_role,) = plan_unsync(moodle, thermo5, [l1], disable=False, role="teacher")
    assert other_role.as_dict() == already(
        L1CHIM, "teacher", "not attached to this course with role teacher: nothing to do"
    )


def test_a_teacher_who_cannot_count_members_is_told_an_unknown_number() -> None:
    with sim_client(who="teacher") as (moodle, _):
        thermo5 = course(moodle, "5")
        (l1,) = cohorts(moodle, thermo5, "L1CHIM231")
        (delete,) = plan_unsync(moodle, thermo5, [l1], disable=False)
    assert delete.enrolled is None
    assert delete.reason.startswith("delete: unenrols an unknown number of user(s) enrolled")


def test_an_update_names_a_role_missing_from_the_roles_table_as_moodle_does(
    sim: tuple[MoodleClient, SimTransport],
) -> None:
    """A ``roles`` setting without the instance's role id (5): Moodle's own name is shown."""
    moodle, transport = sim
    settings = replace(moodle.settings, roles={"student": 50, "teacher": 3, "editingteacher": 4})
    with MoodleClient(settings, transport) as narrow:
        thermo5 = course(narrow, "5")
        (l1,) = cohorts(narrow, thermo5, "L1CHIM231")
        (update,) = plan_sync(narrow, thermo5, [l1], None, choose_group(narrow, thermo5, "TD A"))
    assert (update.kind, update.role) == ("update", "student")
    assert update.reason == "update in place: group none → TD A, enable (enrolments kept)"
