"""Planning and applying as a library, fast: idempotent plans, a disable never deletes.

These are the library's own guards for two mutations that only slow CLI tests caught before
(issue 11, finding 8): a ``plan_sync`` that plans again what is done, an unsync ``--disable``
that deletes.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from sync_helper.moodle.client import MoodleClient
from sync_helper.moodle.cohorts import find_cohorts
from sync_helper.moodle.courses import Course, parse_course_ref, resolve_course
from sync_helper.moodle.enrolments import ALREADY, PLANNED, plan_sync, plan_unsync
from sync_helper.moodle.groups import NEW_GROUP, NO_GROUP, choose_group, group_satisfied
from sync_helper.moodle.instances import DISABLED
from sync_helper.moodle.reconcile import apply_plan, sync_cohorts, unsync_cohorts
from sync_helper.moodle.secret import Secret
from sync_helper.moodle.settings import ClientSettings
from sync_helper.sim import SimServer

CODES = ["L1CHIM231", "L1CHBV231"]


@pytest.fixture
def sim() -> Iterator[SimServer]:
    with SimServer.start(scenario="transcripts", port=0) as server:
        yield server


@pytest.fixture
def moodle(sim: SimServer) -> Iterator[MoodleClient]:
    with MoodleClient(ClientSettings(url=sim.url, token=Secret(sim.tokens["admin"]))) as client:
        yield client


def course(moodle: MoodleClient) -> Course:
    return resolve_course(moodle, parse_course_ref("THERMO-L1"))


def methods(sim: SimServer) -> list[tuple[int, int, int, int]]:
    """(id, cohort, role, status) of every cohort method of course 2."""
    return [
        (i.id, i.customint1, i.roleid, i.status) for i in sim.site.course_instances(2, "cohort")
    ]


def writes(sim: SimServer) -> int:
    return sum(
        n for name, n in sim.site.calls.items() if "_get_" not in name and "search" not in name
    )


@pytest.mark.parametrize(
    ("role", "group", "disabled"),
    [(None, None, False), ("teacher", "none", False), ("student", "new", True)],
)
def test_plan_sync_is_idempotent(
    sim: SimServer, moodle: MoodleClient, role: str | None, group: str | None, disabled: bool
) -> None:
    target = course(moodle)
    cohorts = find_cohorts(moodle, CODES, target)
    choice = choose_group(moodle, target, group) if group else None
    first = plan_sync(moodle, target, cohorts, role, choice, disabled=disabled)
    assert plan_sync(moodle, target, cohorts, role, choice, disabled=disabled) == first
    assert methods(sim) == []  # planning writes nothing
    assert {a.outcome for a in apply_plan(moodle, target, first)} == {"done"}
    state = methods(sim)
    assert len(state) == len(CODES)
    assert {status for *_, status in state} == {DISABLED if disabled else 0}
    again = plan_sync(moodle, target, cohorts, role, choice, disabled=disabled)
    assert [a.outcome for a in again] == [ALREADY] * len(CODES), again
    calls = writes(sim)
    assert [a.outcome for a in apply_plan(moodle, target, again)] == [ALREADY] * len(CODES)
    assert writes(sim) == calls
    assert methods(sim) == state


def test_disable_never_deletes(sim: SimServer, moodle: MoodleClient) -> None:
    target = course(moodle)
    cohorts = find_cohorts(moodle, CODES, target)
    sync_cohorts(moodle, target, cohorts)
    attached = methods(sim)
    planned = plan_unsync(moodle, target, cohorts, disable=True)
    assert [a.kind for a in planned] == ["disable"] * len(CODES)
    assert all(a.outcome == PLANNED and a.wanted == {"status": DISABLED} for a in planned)
    results = unsync_cohorts(moodle, target, cohorts, disable=True)
    assert [a.outcome for a in results] == ["done"] * len(CODES)
    assert methods(sim) == [(i, c, r, DISABLED) for i, c, r, _ in attached]
    assert sim.site.calls["local_ws_enrolcohort_delete_instance"] == 0
    assert sim.site.enrolments_of(attached[0][0])  # members keep their enrolment
    again = unsync_cohorts(moodle, target, cohorts, disable=True)
    assert [a.outcome for a in again] == [ALREADY] * len(CODES)
    assert methods(sim) == [(i, c, r, DISABLED) for i, c, r, _ in attached]


def test_delete_removes_only_the_cohorts_named(sim: SimServer, moodle: MoodleClient) -> None:
    target = course(moodle)
    cohorts = find_cohorts(moodle, CODES, target)
    sync_cohorts(moodle, target, cohorts)
    kept = methods(sim)[1]
    results = unsync_cohorts(moodle, target, cohorts[:1], disable=False)
    assert [(a.kind, a.outcome) for a in results] == [("delete", "done")]
    assert methods(sim) == [kept]


@pytest.mark.parametrize(
    ("has", "wanted", "satisfied"),
    [
        (0, NEW_GROUP, False),
        (7, NEW_GROUP, True),
        (0, NO_GROUP, True),
        (7, NO_GROUP, False),
        (7, 7, True),
        (7, 8, False),
    ],
)
def test_group_new_is_satisfied_by_any_group_others_exactly(
    has: int, wanted: int, satisfied: bool
) -> None:
    # the one rule sync and rollover share: no second group for a cohort that has one
    assert group_satisfied(has, wanted) is satisfied
