"""The cohort-sync operations as a library, against the simulator over HTTP."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from sync_helper.moodle import errors
from sync_helper.moodle.client import MoodleClient
from sync_helper.moodle.cohorts import find_cohort, find_cohorts
from sync_helper.moodle.courses import parse_course_ref, resolve_course
from sync_helper.moodle.enrolments import Action, course_state, plan_sync
from sync_helper.moodle.groups import choose_group
from sync_helper.moodle.reconcile import apply_plan as apply
from sync_helper.moodle.secret import Secret
from sync_helper.moodle.settings import ClientSettings
from sync_helper.sim import SimServer


@pytest.fixture
def sim() -> Iterator[SimServer]:
    with SimServer.start(scenario="transcripts", port=0) as server:
        yield server


def client(sim: SimServer, who: str = "admin") -> MoodleClient:
    return MoodleClient(ClientSettings(url=sim.url, token=Secret(sim.tokens[who])))


def test_a_bare_reference_is_tried_as_shortname_then_idnumber(sim: SimServer) -> None:
    moodle = client(sim)
    assert resolve_course(moodle, parse_course_ref("THERMO-L1")).id == 2
    assert resolve_course(moodle, parse_course_ref("RETHC01")).id == 2
    with pytest.raises(errors.CourseNotFound, match="shortname or idnumber"):
        resolve_course(moodle, parse_course_ref("NOPE"))


def test_a_stale_plan_meets_moodle_s_duplicate_error_as_a_no_op(sim: SimServer) -> None:
    moodle = client(sim)
    course = resolve_course(moodle, parse_course_ref("2"))
    cohort = find_cohort(moodle, "L1CHIM231", course)
    group = choose_group(moodle, course, "none")
    stale = plan_sync(moodle, course, [cohort], "student", group)
    apply(moodle, course, stale)
    (again,) = apply(moodle, course, stale)
    assert (again.outcome, again.done) == ("already", False)
    assert "Moodle says so" in again.note
    assert len(sim.site.course_instances(2, "cohort")) == 1


def test_applying_a_no_op_writes_nothing(sim: SimServer) -> None:
    moodle = client(sim)
    course = resolve_course(moodle, parse_course_ref("2"))
    cohort = find_cohort(moodle, "L1CHIM231", course)
    (result,) = apply(
        moodle, course, [Action("none", cohort, "student", "nothing", outcome="already")]
    )
    assert not result.done
    assert sim.site.course_instances(2, "cohort") == []


def test_core_only_state_counts_enabled_cohort_methods(sim: SimServer) -> None:
    admin = client(sim)
    course = resolve_course(admin, parse_course_ref("2"))
    for code in ("L1CHIM231", "L1CHBV231"):
        cohort = find_cohort(admin, code, course)
        apply(
            admin,
            course,
            plan_sync(admin, course, [cohort], "student", choose_group(admin, course, "none")),
        )
    core = client(sim, "coreonly")
    state = course_state(core, resolve_course(core, parse_course_ref("2")))
    assert (state.plugin, state.instances, state.enabled_cohort_methods) == (False, (), 2)
    assert state.enrolled_total == 71


def test_two_codes_naming_one_cohort_give_it_once(sim: SimServer) -> None:
    moodle = client(sim)
    course = resolve_course(moodle, parse_course_ref("2"))
    found = find_cohorts(moodle, ["L1CHIM231", "l1chim231", "L1CHBV231"], course)
    assert [cohort.idnumber for cohort in found] == ["L1CHIM231", "L1CHBV231"]
