"""The healing write path, fault by fault, in-process on the simulator (issue 11, item 7 and 8).

Each test strikes one write at a known moment (before Moodle ran it, or after) and pins what a
user relies on: a write Moodle made is never sent again nor reported failed, a write Moodle
did not make is sent again and never reported done, the tries are bounded with doubling pauses,
and each cohort gets its own outcome and message.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from sync_helper.moodle.client import MoodleClient
from sync_helper.moodle.cohorts import Cohort, find_cohort
from sync_helper.moodle.courses import Course, parse_course_ref, resolve_course
from sync_helper.moodle.enrolments import Action, plan_sync, plan_unsync
from sync_helper.moodle.groups import NEW_GROUP, choose_group
from sync_helper.moodle.instances import (
    ADD_INSTANCE,
    DELETE_INSTANCE,
    GET_INSTANCES,
    UPDATE_INSTANCE,
)
from sync_helper.moodle.reconcile import HealPolicy, apply_plan, sync_cohorts, unsync_cohorts
from sync_helper.sim import cohortsync
from sync_helper.sim.state import Site
from tests.moodle.inprocess import (
    ALREADY_SYNCED,
    CUT_AFTER,
    DROPPED_AFTER,
    INVALID_AFTER,
    LOST_AFTER,
    LOST_BEFORE,
    Pauses,
    SimTransport,
    sim_client,
)

VERIFIED = "done by Moodle, answer lost or unreadable; verified by reading the course back"
RETRIED = (
    "Moodle's answer was lost or unreadable; the course was read back and only what was "
    "still missing was written again"
)
ALREADY = "already so (Moodle says so): nothing to do"
STUDENT, TEACHER = 5, 4
THERMO_2024_FORM_INSTANCE = 33  # L1CHIM231, student, disabled (quirks scenario)


@pytest.fixture
def sim() -> Iterator[tuple[MoodleClient, SimTransport]]:
    with sim_client() as pair:
        yield pair


def course(moodle: MoodleClient, ref: str = "2") -> Course:
    return resolve_course(moodle, parse_course_ref(ref))


def cohort(moodle: MoodleClient, target: Course, code: str = "L1CHIM231") -> Cohort:
    return find_cohort(moodle, code, target)


def methods(site: Site, course_id: int = 2) -> list[tuple[int, int, int, int]]:
    """(cohort, role, group, status) of a course's cohort methods."""
    return sorted(
        (i.customint1, i.roleid, i.customint2, i.status)
        for i in site.course_instances(course_id, "cohort")
    )


def heal(pauses: Pauses, attempts: int = 4, backoff: float = 0.5) -> HealPolicy:
    return HealPolicy(attempts=attempts, backoff=backoff, sleep=pauses)


def add(target: Cohort, role: int = STUDENT, kind: str = "add", status: int = 0) -> Action:
    """An add as a plan makes it (``add-disabled`` wants status 1)."""
    wanted = {"roleid": role, "groupid": 0, "status": status}
    return Action(kind, target, "student", "attach", wanted=wanted)


@pytest.mark.parametrize("fault", [LOST_AFTER, CUT_AFTER, DROPPED_AFTER, INVALID_AFTER])
def test_an_add_moodle_made_is_read_back_not_sent_again(
    sim: tuple[MoodleClient, SimTransport], fault: str
) -> None:
    moodle, transport = sim
    thermo = course(moodle)
    transport.faults[ADD_INSTANCE] = [fault]
    pauses = Pauses()
    (result,) = apply_plan(moodle, thermo, [add(cohort(moodle, thermo))], heal(pauses))
    assert (result.outcome, result.note, result.error) == ("done", VERIFIED, "")
    assert transport.calls(ADD_INSTANCE) == 1
    assert transport.calls(UPDATE_INSTANCE) == 0
    (instance,) = transport.site.course_instances(2, "cohort")
    assert result.instance_id == instance.id
    assert methods(transport.site) == [(1, STUDENT, 0, 0)]
    assert pauses.seconds == ([] if fault == INVALID_AFTER else [0.5])


def test_an_add_that_never_reached_moodle_is_sent_again_and_said_so(
    sim: tuple[MoodleClient, SimTransport],
) -> None:
    moodle, transport = sim
    thermo = course(moodle)
    transport.faults[ADD_INSTANCE] = [LOST_BEFORE]
    (result,) = apply_plan(moodle, thermo, [add(cohort(moodle, thermo))], heal(Pauses()))
    assert (result.outcome, result.note) == ("done", RETRIED)
    assert transport.calls(ADD_INSTANCE) == 2
    assert methods(transport.site) == [(1, STUDENT, 0, 0)]


def test_a_write_without_fault_is_done_without_note(sim: tuple[MoodleClient, SimTransport]) -> None:
    moodle, transport = sim
    thermo = course(moodle)
    pauses = Pauses()
    (result,) = apply_plan(moodle, thermo, [add(cohort(moodle, thermo))], heal(pauses))
    (instance,) = transport.site.course_instances(2, "cohort")
    assert (result.outcome, result.note, result.instance_id) == ("done", "", instance.id)
    assert pauses.seconds == []
    assert [name for name, _ in transport.sent].count(GET_INSTANCES) == 0  # no read-back


def test_tries_are_bounded_with_doubling_pauses_and_the_failure_says_so(
    sim: tuple[MoodleClient, SimTransport],
) -> None:
    moodle, transport = sim
    thermo = course(moodle)
    transport.faults[ADD_INSTANCE] = [LOST_BEFORE] * 4
    pauses = Pauses()
    (result,) = apply_plan(moodle, thermo, [add(cohort(moodle, thermo))], heal(pauses))
    assert (result.outcome, result.error_type) == ("failed", "ServerUnavailable")
    assert result.error.startswith(f"Moodle answered HTTP 503 to {ADD_INSTANCE}")
    assert result.error.endswith("(tried 4 times, reading the course back between tries)")
    assert transport.calls(ADD_INSTANCE) == 4
    assert pauses.seconds == [0.5, 1.0, 2.0]  # none after the last try
    assert methods(transport.site) == []


def test_the_last_allowed_try_can_succeed(sim: tuple[MoodleClient, SimTransport]) -> None:
    moodle, transport = sim
    thermo = course(moodle)
    transport.faults[ADD_INSTANCE] = [LOST_BEFORE] * 3
    pauses = Pauses()
    (result,) = apply_plan(moodle, thermo, [add(cohort(moodle, thermo))], heal(pauses))
    assert (result.outcome, result.note) == ("done", RETRIED)
    assert transport.calls(ADD_INSTANCE) == 4
    assert pauses.seconds == [0.5, 1.0, 2.0]
    assert methods(transport.site) == [(1, STUDENT, 0, 0)]


def test_a_policy_of_two_attempts_tries_twice_with_its_own_backoff(
    sim: tuple[MoodleClient, SimTransport],
) -> None:
    moodle, transport = sim
    thermo = course(moodle)
    transport.faults[ADD_INSTANCE] = [LOST_BEFORE] * 2
    pauses = Pauses()
    policy = heal(pauses, attempts=2, backoff=0.1)
    (result,) = apply_plan(moodle, thermo, [add(cohort(moodle, thermo))], policy)
    assert result.outcome == "failed" and "(tried 2 times," in result.error
    assert (transport.calls(ADD_INSTANCE), pauses.seconds) == (2, [0.1])


def test_a_duplicate_error_with_nothing_to_read_back_ends_after_the_bound(
    sim: tuple[MoodleClient, SimTransport],
) -> None:
    moodle, transport = sim
    thermo = course(moodle)
    transport.faults[ADD_INSTANCE] = [ALREADY_SYNCED] * 9
    (result,) = apply_plan(moodle, thermo, [add(cohort(moodle, thermo))], heal(Pauses()))
    assert (result.outcome, result.error_type) == ("failed", "MoodleRefused")
    assert result.error == "add did not take effect after 4 tries"
    assert transport.calls(ADD_INSTANCE) == 4


def test_a_stale_plan_is_already_so(sim: tuple[MoodleClient, SimTransport]) -> None:
    moodle, transport = sim
    thermo = course(moodle)
    target = cohort(moodle, thermo)
    stale = plan_sync(moodle, thermo, [target], None, None)
    apply_plan(moodle, thermo, stale)
    (again,) = apply_plan(moodle, thermo, stale, heal(Pauses()))
    assert (again.outcome, again.note) == ("already", ALREADY)
    assert transport.calls(ADD_INSTANCE) == 2
    assert methods(transport.site) == [(1, STUDENT, 0, 0)]


def test_a_lost_add_answer_of_a_disabled_add_only_disables_after_reading_back(
    sim: tuple[MoodleClient, SimTransport],
) -> None:
    moodle, transport = sim
    thermo = course(moodle)
    transport.faults[ADD_INSTANCE] = [LOST_AFTER]
    action = add(cohort(moodle, thermo), kind="add-disabled", status=1)
    (result,) = apply_plan(moodle, thermo, [action], heal(Pauses()))
    (instance,) = transport.site.course_instances(2, "cohort")
    assert (result.outcome, result.note, result.instance_id) == ("done", RETRIED, instance.id)
    assert (transport.calls(ADD_INSTANCE), transport.calls(UPDATE_INSTANCE)) == (1, 1)
    updated = next(fields for name, fields in transport.sent if name == UPDATE_INSTANCE)
    assert updated["instance"] == {"id": str(instance.id), "groupid": "0", "status": "1"}
    assert methods(transport.site) == [(1, STUDENT, 0, 1)]


def test_a_disabled_add_is_added_then_disabled(sim: tuple[MoodleClient, SimTransport]) -> None:
    moodle, transport = sim
    thermo = course(moodle)
    action = add(cohort(moodle, thermo), kind="add-disabled", status=1)
    (result,) = apply_plan(moodle, thermo, [action], heal(Pauses()))
    (instance,) = transport.site.course_instances(2, "cohort")
    assert (result.outcome, result.instance_id) == ("done", instance.id)
    assert methods(transport.site) == [(1, STUDENT, 0, 1)]


def test_the_read_back_matches_cohort_and_role_together(
    sim: tuple[MoodleClient, SimTransport],
) -> None:
    moodle, transport = sim
    thermo = course(moodle)
    cohortsync.add_instance(transport.site, 2, {"cohortid": 1, "roleid": TEACHER})
    cohortsync.add_instance(transport.site, 2, {"cohortid": 2, "roleid": STUDENT})
    transport.faults[ADD_INSTANCE] = [LOST_BEFORE]
    (result,) = apply_plan(moodle, thermo, [add(cohort(moodle, thermo))], heal(Pauses()))
    assert (result.outcome, transport.calls(ADD_INSTANCE)) == ("done", 2)
    assert methods(transport.site) == [(1, TEACHER, 0, 0), (1, STUDENT, 0, 0), (2, STUDENT, 0, 0)]


def test_a_failed_read_back_is_read_again_before_any_write_is_repeated(
    sim: tuple[MoodleClient, SimTransport],
) -> None:
    moodle, transport = sim
    thermo = course(moodle)
    transport.faults[ADD_INSTANCE] = [LOST_AFTER]
    transport.faults[GET_INSTANCES] = [LOST_BEFORE, LOST_BEFORE]
    (result,) = apply_plan(moodle, thermo, [add(cohort(moodle, thermo))], heal(Pauses()))
    assert (result.outcome, result.note) == ("done", VERIFIED)
    assert transport.calls(ADD_INSTANCE) == 1
    assert transport.calls(GET_INSTANCES) == 3


def test_an_unreadable_course_after_invalidresponse_is_done_with_a_page_to_check(
    sim: tuple[MoodleClient, SimTransport],
) -> None:
    moodle, transport = sim
    thermo = course(moodle)
    markup = cohort(moodle, thermo, "RETHC01-A")
    (result,) = apply_plan(moodle, thermo, [add(markup, kind="add-disabled", status=1)])
    assert result.outcome == "done"
    assert result.note == (
        "done by Moodle, answer unreadable (invalidresponse); the course's instances cannot be "
        "read back to verify it: check its enrolment methods page"
    )
    assert transport.calls(ADD_INSTANCE) == 1


def test_a_lost_delete_answer_deletes_once(sim: tuple[MoodleClient, SimTransport]) -> None:
    moodle, transport = sim
    thermo5 = course(moodle, "5")
    transport.faults[DELETE_INSTANCE] = [LOST_AFTER]
    plan = plan_unsync(moodle, thermo5, [cohort(moodle, thermo5)], disable=False)
    (result,) = apply_plan(moodle, thermo5, plan, heal(Pauses()))
    assert (result.outcome, result.note) == ("done", VERIFIED)
    assert transport.calls(DELETE_INSTANCE) == 1
    assert methods(transport.site, 5) == []


def test_a_delete_that_never_reached_moodle_is_sent_again(
    sim: tuple[MoodleClient, SimTransport],
) -> None:
    moodle, transport = sim
    thermo5 = course(moodle, "5")
    transport.faults[DELETE_INSTANCE] = [LOST_BEFORE]
    plan = plan_unsync(moodle, thermo5, [cohort(moodle, thermo5)], disable=False)
    (result,) = apply_plan(moodle, thermo5, plan, heal(Pauses()))
    assert (result.outcome, result.note) == ("done", RETRIED)
    assert transport.calls(DELETE_INSTANCE) == 2
    assert methods(transport.site, 5) == []


@pytest.mark.parametrize(("fault", "updates"), [(LOST_AFTER, 1), (LOST_BEFORE, 2)])
def test_a_lost_enable_is_verified_or_sent_again(
    sim: tuple[MoodleClient, SimTransport], fault: str, updates: int
) -> None:
    moodle, transport = sim
    thermo5 = course(moodle, "5")
    transport.faults[UPDATE_INSTANCE] = [fault]
    (action,) = plan_sync(moodle, thermo5, [cohort(moodle, thermo5)], None, None)
    assert action.kind == "enable"
    (result,) = apply_plan(moodle, thermo5, [action], heal(Pauses()))
    assert (result.outcome, result.note) == ("done", VERIFIED if updates == 1 else RETRIED)
    assert result.instance_id == THERMO_2024_FORM_INSTANCE
    assert transport.calls(UPDATE_INSTANCE) == updates
    assert methods(transport.site, 5) == [(1, STUDENT, 0, 0)]


@pytest.mark.parametrize(("fault", "updates"), [(LOST_AFTER, 1), (LOST_BEFORE, 2)])
def test_a_lost_disable_is_verified_or_sent_again_and_never_deletes(
    sim: tuple[MoodleClient, SimTransport], fault: str, updates: int
) -> None:
    moodle, transport = sim
    thermo = course(moodle)
    target = cohort(moodle, thermo)
    sync_cohorts(moodle, thermo, [target])
    transport.faults[UPDATE_INSTANCE] = [fault]
    (result,) = unsync_cohorts(moodle, thermo, [target], disable=True, policy=heal(Pauses()))
    assert (result.kind, result.outcome) == ("disable", "done")
    assert transport.calls(UPDATE_INSTANCE) == updates
    assert transport.calls(DELETE_INSTANCE) == 0
    assert methods(transport.site) == [(1, STUDENT, 0, 1)]


def test_a_lost_role_change_is_verified_by_reading_back(
    sim: tuple[MoodleClient, SimTransport],
) -> None:
    moodle, transport = sim
    thermo5 = course(moodle, "5")
    transport.faults[UPDATE_INSTANCE] = [LOST_AFTER]
    results = sync_cohorts(moodle, thermo5, [cohort(moodle, thermo5)], role="teacher")
    assert [(r.kind, r.outcome, r.note) for r in results] == [("update", "done", VERIFIED)]
    assert transport.calls(UPDATE_INSTANCE) == 1
    assert methods(transport.site, 5) == [(1, TEACHER, 0, 0)]


@pytest.mark.parametrize(
    ("fault", "updates", "first_group_of_the_site"),
    [(LOST_AFTER, 1, False), (LOST_AFTER, 1, True), (LOST_BEFORE, 2, False)],
    ids=["lost-after", "lost-after-group-id-1", "lost-before"],
)
def test_a_lost_new_group_answer_creates_one_group_only(
    sim: tuple[MoodleClient, SimTransport], fault: str, updates: int, first_group_of_the_site: bool
) -> None:
    moodle, transport = sim
    if first_group_of_the_site:  # a fresh site: the group the sync creates gets id 1
        transport.site.groups.clear()
        transport.site.next_ids["groups"] = 1
    thermo5 = course(moodle, "5")
    groups = len(transport.site.groups)
    transport.faults[UPDATE_INSTANCE] = [fault]
    new = choose_group(moodle, thermo5, "new")
    assert new.id == NEW_GROUP
    (result,) = sync_cohorts(moodle, thermo5, [cohort(moodle, thermo5)], group=new)
    assert (result.outcome, result.note) == ("done", VERIFIED if updates == 1 else RETRIED)
    assert transport.calls(UPDATE_INSTANCE) == updates
    assert len(transport.site.groups) == groups + 1
    ((_, _, group, status),) = methods(transport.site, 5)
    assert group == max(transport.site.groups) and status == 0


def test_a_method_deleted_by_hand_meanwhile_is_failed_not_recreated(
    sim: tuple[MoodleClient, SimTransport],
) -> None:
    moodle, transport = sim
    thermo5 = course(moodle, "5")
    target = cohort(moodle, thermo5)
    (action,) = plan_sync(moodle, thermo5, [target], None, None)

    def deleted_by_hand(site: Site) -> None:
        cohortsync.delete_instance(site, site.enrols[THERMO_2024_FORM_INSTANCE])

    transport.faults[UPDATE_INSTANCE] = [deleted_by_hand]
    (result,) = apply_plan(moodle, thermo5, [action], heal(Pauses()))
    assert (result.outcome, result.error_type) == ("failed", "RecordNotFound")
    assert result.error == (
        f"instance {THERMO_2024_FORM_INSTANCE} of {target.label()} no longer exists"
    )
    assert transport.calls(ADD_INSTANCE) == 0
    assert methods(transport.site, 5) == []


def test_a_refused_cohort_fails_alone_with_moodle_s_reason(
    sim: tuple[MoodleClient, SimTransport],
) -> None:
    moodle, transport = sim
    thermo = course(moodle)
    outside = Cohort(5, "PASMED231", "PASS Médecine", visible=True)  # another faculty
    cohorts = [cohort(moodle, thermo), outside, cohort(moodle, thermo, "L1CHBV231")]
    results = sync_cohorts(moodle, thermo, cohorts, policy=heal(Pauses()))
    assert [r.outcome for r in results] == ["done", "failed", "done"]
    refused = results[1]
    assert (refused.errorcode, refused.error_type) == ("unavailableatcontext", "CohortNotAvailable")
    assert refused.error.startswith("Moodle says this is not available in the course")
    assert methods(transport.site) == [(1, STUDENT, 0, 0), (2, STUDENT, 0, 0)]


def test_a_planned_update_without_its_instance_fails_with_why(
    sim: tuple[MoodleClient, SimTransport],
) -> None:
    moodle, transport = sim
    thermo = course(moodle)
    orphan = Action("disable", cohort(moodle, thermo), "student", "x", wanted={"status": 1})
    (result,) = apply_plan(moodle, thermo, [orphan], heal(Pauses()))
    assert (result.outcome, result.error) == ("failed", "a planned disable must name its instance")
    assert transport.calls(UPDATE_INSTANCE) == 0


def test_sync_cohorts_passes_role_group_state_and_policy(
    sim: tuple[MoodleClient, SimTransport],
) -> None:
    moodle, transport = sim
    thermo = course(moodle)
    amiens = choose_group(moodle, thermo, "Groupe Amiens")
    transport.faults[ADD_INSTANCE] = [LOST_BEFORE]
    pauses = Pauses()
    (result,) = sync_cohorts(
        moodle,
        thermo,
        [cohort(moodle, thermo)],
        role="teacher",
        group=amiens,
        disabled=True,
        policy=heal(pauses, backoff=0.125),
    )
    assert (result.kind, result.outcome) == ("add-disabled", "done")
    assert pauses.seconds == [0.125]
    assert methods(transport.site) == [(1, TEACHER, amiens.id, 1)]


def test_a_dry_run_plans_and_writes_nothing(sim: tuple[MoodleClient, SimTransport]) -> None:
    moodle, transport = sim
    thermo5 = course(moodle, "5")
    target = cohort(moodle, thermo5)
    (planned,) = sync_cohorts(moodle, thermo5, [target], dry_run=True)
    (unplanned,) = unsync_cohorts(moodle, thermo5, [target], disable=False, dry_run=True)
    assert [(a.kind, a.outcome) for a in (planned, unplanned)] == [
        ("enable", "planned"),
        ("delete", "planned"),
    ]
    assert [transport.calls(f) for f in (ADD_INSTANCE, UPDATE_INSTANCE, DELETE_INSTANCE)] == [
        0,
        0,
        0,
    ]
    assert methods(transport.site, 5) == [(1, STUDENT, 0, 1)]


def test_unsync_cohorts_passes_the_role_and_policy(sim: tuple[MoodleClient, SimTransport]) -> None:
    moodle, transport = sim
    thermo = course(moodle)
    target = cohort(moodle, thermo)
    for role in (STUDENT, TEACHER):
        cohortsync.add_instance(transport.site, 2, {"cohortid": 1, "roleid": role})
    transport.faults[DELETE_INSTANCE] = [LOST_BEFORE]
    pauses = Pauses()
    results = unsync_cohorts(
        moodle, thermo, [target], disable=False, role="teacher", policy=heal(pauses, backoff=2.0)
    )
    assert [(r.kind, r.role, r.outcome) for r in results] == [("delete", "teacher", "done")]
    assert pauses.seconds == [2.0]
    assert methods(transport.site) == [(1, STUDENT, 0, 0)]
