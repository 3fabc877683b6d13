"""One course's changes, as a library: what a rollover keeps, updates, attaches and retires."""

from __future__ import annotations

import pytest

from sync_helper.moodle.cohorts import Cohort
from sync_helper.moodle.groups import NEW_GROUP, NO_GROUP
from sync_helper.moodle.instances import DISABLED, ENABLED, SyncInstance
from sync_helper.rollover.diff import (
    DETACH,
    KEEP,
    UPDATE,
    Change,
    Target,
    course_changes,
)

OLD = Cohort(1, "L1CHIM231", "Chimie 2023", True)
NEW = Cohort(2, "L1CHIM241", "Chimie 2024", True)
OTHER = Cohort(3, "L1INFO241", "Info 2024", True)
STUDENT, TEACHER = 5, 4


def target(cohort: Cohort, role_id: int = STUDENT, group_id: int = NO_GROUP) -> Target:
    role = "student" if role_id == STUDENT else "teacher"
    group = {NO_GROUP: "none", NEW_GROUP: "new group"}.get(group_id, "Groupe A")
    return Target(cohort, role, role_id, group_id, group, "rules")


def instance(
    cohort: Cohort, role_id: int = STUDENT, *, group_id: int = 0, enabled: bool = True, id: int = 9
) -> SyncInstance:
    role = "student" if role_id == STUDENT else "teacher"
    return SyncInstance(
        id, cohort, role_id, role, group_id, "Groupe A" if group_id else "", enabled
    )


def kinds(changes: list[Change]) -> list[tuple[str, str, int]]:
    return [(c.kind, c.cohort.idnumber, c.role_id) for c in changes]


def retire_old(found: SyncInstance) -> bool:
    return found.cohort.id == OLD.id


def test_new_cohorts_are_attached_before_the_old_one_is_disabled() -> None:
    changes = course_changes(
        [target(NEW), target(OTHER, TEACHER)], [instance(OLD)], retire_old, delete_old=False
    )
    assert kinds(changes) == [
        ("attach", "L1CHIM241", STUDENT),
        ("attach", "L1INFO241", TEACHER),
        ("disable", "L1CHIM231", STUDENT),
    ]
    attach, _, disable = changes
    assert attach.reason == "attach with role student, group none (rules)"
    assert (attach.group_id, attach.instance_id, dict(attach.fields)) == (NO_GROUP, None, {})
    assert dict(disable.fields) == {"status": DISABLED} and disable.instance_id == 9
    assert disable.reason.startswith("disable: its users keep their enrolment")
    assert [c.writes for c in changes] == [True, True, True]


def test_deleting_is_only_on_request_and_sends_no_field() -> None:
    [_, detach] = course_changes([target(NEW)], [instance(OLD)], retire_old, delete_old=True)
    assert (detach.kind, detach.instance_id, dict(detach.fields)) == (DETACH, 9, {})
    assert detach.reason.startswith("delete: unenrols its users")


def test_a_disabled_old_cohort_and_one_the_plan_does_not_name_are_kept() -> None:
    changes = course_changes(
        [target(NEW)],
        [instance(OLD, enabled=False, id=7), instance(OTHER, id=8)],
        retire_old,
        delete_old=False,
    )
    assert kinds(changes) == [
        ("attach", "L1CHIM241", STUDENT),
        ("keep", "L1CHIM231", STUDENT),
        ("keep", "L1INFO241", STUDENT),
    ]
    assert changes[1].reason == "last year's cohort, already disabled"
    assert changes[2].reason == "not named by the plan: left as it is"
    assert [c.writes for c in changes] == [True, False, False]


def test_an_instance_already_as_planned_is_kept_with_its_group() -> None:
    [keep] = course_changes(
        [target(NEW, group_id=NEW_GROUP)],
        [instance(NEW, group_id=12)],
        retire_old,
        delete_old=False,
    )
    assert (keep.kind, keep.instance_id, keep.group_id, keep.group) == (KEEP, 9, 12, "Groupe A")
    assert keep.reason == "already attached as planned (rules)"


def test_a_new_group_wanted_on_an_instance_without_group_is_an_update() -> None:
    [update] = course_changes(
        [target(NEW, group_id=NEW_GROUP)], [instance(NEW)], retire_old, delete_old=False
    )
    assert (update.kind, dict(update.fields)) == (UPDATE, {"groupid": NEW_GROUP})
    assert update.reason == "update in place: group none → new group (rules)"


@pytest.mark.parametrize(
    ("found", "fields", "what"),
    [
        (instance(NEW, TEACHER), {"roleid": STUDENT}, "role teacher → student"),
        (instance(NEW, group_id=12), {"groupid": NO_GROUP}, "group Groupe A → none"),
        (instance(NEW, enabled=False), {"status": ENABLED}, "enable it"),
        (
            instance(NEW, TEACHER, enabled=False),
            {"roleid": STUDENT, "status": ENABLED},
            "role teacher → student, enable it",
        ),
    ],
)
def test_an_existing_instance_is_updated_in_place_not_replaced(
    found: SyncInstance, fields: dict[str, int], what: str
) -> None:
    [update] = course_changes([target(NEW)], [found], retire_old, delete_old=False)
    assert (update.kind, update.instance_id, dict(update.fields)) == (UPDATE, 9, fields)
    assert update.reason == f"update in place: {what} (rules)"
    assert update.key == f"update:2:{STUDENT}"


def test_an_instance_whose_role_another_target_wants_is_not_taken_over() -> None:
    """Student and teacher wanted; only the teacher instance exists: keep it, attach students."""
    changes = course_changes(
        [target(NEW), target(NEW, TEACHER)], [instance(NEW, TEACHER)], retire_old, delete_old=False
    )
    assert kinds(changes) == [("attach", "L1CHIM241", STUDENT), ("keep", "L1CHIM241", TEACHER)]


def test_a_cohort_wanted_twice_with_one_role_gives_one_change() -> None:
    wanted = [target(NEW), target(NEW), target(OTHER)]
    changes = course_changes(wanted, [], retire_old, delete_old=False)
    assert kinds(changes) == [("attach", "L1CHIM241", STUDENT), ("attach", "L1INFO241", STUDENT)]


def test_a_change_says_what_it_is_in_json() -> None:
    [_, disable] = course_changes([target(NEW)], [instance(OLD)], retire_old, delete_old=False)
    assert disable.as_dict() == {
        "action": "disable",
        "cohort": OLD.as_dict(),
        "role": "student",
        "group": "none",
        "instance_id": 9,
        "fields": {"status": DISABLED},
        "reason": "disable: its users keep their enrolment and data but lose access",
    }
    assert disable.key == f"disable:1:{STUDENT}"


def test_an_unnamed_group_is_described_by_its_id() -> None:
    found = SyncInstance(9, NEW, STUDENT, "student", 44, "", True)
    [update] = course_changes([target(NEW)], [found], retire_old, delete_old=False)
    assert update.reason == "update in place: group id 44 → none (rules)"
