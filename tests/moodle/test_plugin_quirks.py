"""The plugin's recorded quirks (quirks transcript) met by the library, over HTTP on the simulator.

Each test names the defect of issue 8 it pins; they failed on the code before it.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from sync_helper.moodle import errors
from sync_helper.moodle.client import MoodleClient
from sync_helper.moodle.cohorts import Cohort, find_cohort
from sync_helper.moodle.courses import Course, parse_course_ref, resolve_course
from sync_helper.moodle.enrolments import (
    Action,
    attached_cohorts,
    course_state,
    plan_sync,
    plan_unsync,
)
from sync_helper.moodle.fallback import sync_steps, unsync_steps
from sync_helper.moodle.groups import NO_GROUP, GroupChoice, choose_group
from sync_helper.moodle.reconcile import HealPolicy, apply_plan
from sync_helper.moodle.secret import Secret
from sync_helper.moodle.settings import ClientSettings, RetryPolicy
from sync_helper.moodle.transport import RequestsTransport
from sync_helper.moodle.wire import RawAnswer
from sync_helper.sim import SimServer, cohortsync
from sync_helper.sim.state import EnrolInstance

NO_WAIT = HealPolicy(sleep=lambda seconds: None)


@pytest.fixture
def sim() -> Iterator[SimServer]:
    with SimServer.start(scenario="quirks", port=0) as server:
        yield server


class LosingTransport(RequestsTransport):
    """Delivers every request, but loses the answer of the first ``lose`` calls of a function."""

    def __init__(self, settings: ClientSettings, function: str, lose: int = 1) -> None:
        super().__init__(settings.timeouts, settings.retry)
        self.function, self.lose = function, lose

    def post(self, url: str, form: list[tuple[str, str]], *, retry_safe: bool) -> RawAnswer:
        answer = super().post(url, form, retry_safe=retry_safe)
        if dict(form).get("wsfunction") == self.function and self.lose:
            self.lose -= 1
            return RawAnswer(503, "text/html", b"<h1>503</h1>")
        return answer


def client(sim: SimServer, who: str = "admin", lose: str = "", times: int = 1) -> MoodleClient:
    # reads retried at once: the tests pin what is retried, not how long the pauses are
    settings = ClientSettings(
        url=sim.url, token=Secret(sim.tokens[who]), retry=RetryPolicy(backoff=0.0)
    )
    return MoodleClient(settings, LosingTransport(settings, lose, times) if lose else None)


def course(moodle: MoodleClient, ref: str) -> Course:
    return resolve_course(moodle, parse_course_ref(ref))


def instances(sim: SimServer, course_id: int) -> list[tuple[int, int, int, int]]:
    """(cohort, role, group, status) of a course's cohort instances."""
    return sorted(
        (i.customint1, i.roleid, i.customint2, i.status)
        for i in sim.site.course_instances(course_id, "cohort")
    )


def test_1_a_cohort_name_with_markup_is_refused_before_any_write(sim: SimServer) -> None:
    moodle = client(sim)
    thermo = course(moodle, "2")
    markup = find_cohort(moodle, "RETHC01-A", thermo)
    (action,) = plan_sync(moodle, thermo, [markup], None, None, disabled=True)
    assert (action.kind, action.outcome) == ("refuse", "failed")
    assert "markup" in action.error
    assert f"{sim.url}/enrol/editinstance.php?type=cohort&courseid=2" in action.error
    assert apply_plan(moodle, thermo, [action]) == [action]
    assert instances(sim, 2) == []


def test_1_an_invalidresponse_to_a_write_is_done_not_refused(sim: SimServer) -> None:
    moodle = client(sim)
    thermo = course(moodle, "2")
    markup = find_cohort(moodle, "RETHC01-A", thermo)
    forced = Action(
        "add-disabled", markup, "student", "forced", wanted={"roleid": 5, "groupid": 0, "status": 1}
    )
    (result,) = apply_plan(moodle, thermo, [forced], policy=NO_WAIT)
    assert result.outcome == "done"
    assert "answer unreadable" in result.note
    assert instances(sim, 2) == [(6, 5, 0, 0)]  # created enabled, as Moodle does
    with pytest.raises(errors.InvalidResponse) as caught:
        course_state(moodle, thermo)
    assert "RETHC01-A" in caught.value.message
    assert f"{sim.url}/enrol/instances.php?id=2" in caught.value.message


def test_2_one_failing_cohort_does_not_stop_the_others(sim: SimServer) -> None:
    moodle = client(sim)
    circ = course(moodle, "CIRC-L1")
    cohorts = [find_cohort(moodle, code, circ) for code in ("L2CHIM231", "RETHC01-A", "L1CHBV231")]
    results = apply_plan(moodle, circ, plan_sync(moodle, circ, cohorts, None, None), policy=NO_WAIT)
    assert [r.outcome for r in results] == ["done", "failed", "done"]
    assert instances(sim, 3) == [(2, 5, 0, 0), (3, 5, 0, 0)]


def test_2_a_network_outage_fails_one_cohort_and_leaves_the_rest_not_tried(
    sim: SimServer,
) -> None:
    moodle = client(sim)
    thermo = course(moodle, "2")
    cohorts = [find_cohort(moodle, code, thermo) for code in ("L1CHIM231", "L1CHBV231")]
    plan = plan_sync(moodle, thermo, cohorts, None, None)
    sim.knobs.error_rate = 1.0  # the site goes down after the plan was read
    results = apply_plan(moodle, thermo, plan, policy=NO_WAIT)
    assert [r.outcome for r in results] == ["failed", "not_tried"]
    assert "tried 4 times" in results[0].error
    assert results[1].error.startswith("not tried:")


def test_heal_lost_add_answers_never_duplicate(sim: SimServer) -> None:
    moodle = client(sim, lose="local_ws_enrolcohort_add_instance", times=99)
    thermo = course(moodle, "2")
    cohorts = [find_cohort(moodle, code, thermo) for code in ("L1CHIM231", "L1CHBV231")]
    plan = plan_sync(moodle, thermo, cohorts, None, None)
    results = apply_plan(moodle, thermo, plan, policy=NO_WAIT)
    # every answer of add is lost but the adds are made: read back, they are done, no duplicate
    assert [r.outcome for r in results] == ["done", "done"]
    assert instances(sim, 2) == [(1, 5, 0, 0), (2, 5, 0, 0)]


def test_heal_a_lost_disable_answer_is_verified_by_reading_back(sim: SimServer) -> None:
    moodle = client(sim, lose="local_ws_enrolcohort_update_instance")
    thermo5 = course(moodle, "5")
    cohort = find_cohort(moodle, "L1CHIM231", thermo5)
    plan = plan_sync(moodle, thermo5, [cohort], None, None)
    (result,) = apply_plan(moodle, thermo5, plan, policy=NO_WAIT)
    assert (result.kind, result.outcome) == ("enable", "done")
    assert "read" in result.note
    assert instances(sim, 5) == [(1, 5, 0, 0)]


def test_heal_a_lost_delete_answer_deletes_once(sim: SimServer) -> None:
    moodle = client(sim, lose="local_ws_enrolcohort_delete_instance")
    thermo5 = course(moodle, "5")
    cohort = find_cohort(moodle, "L1CHIM231", thermo5)
    (result,) = apply_plan(
        moodle, thermo5, plan_unsync(moodle, thermo5, [cohort], disable=False), policy=NO_WAIT
    )
    assert result.outcome == "done"
    assert instances(sim, 5) == []


def test_3_sync_changes_group_and_role_in_place_and_enables(sim: SimServer) -> None:
    moodle = client(sim)
    thermo5 = course(moodle, "5")
    cohort = find_cohort(moodle, "L1CHIM231", thermo5)
    group = choose_group(moodle, thermo5, "TD A")
    (action,) = plan_sync(moodle, thermo5, [cohort], None, group)
    assert action.kind == "update" and "group none → TD A" in action.reason
    assert "enable" in action.reason
    apply_plan(moodle, thermo5, [action])
    assert instances(sim, 5) == [(1, 5, 2, 0)]
    (role,) = apply_plan(moodle, thermo5, plan_sync(moodle, thermo5, [cohort], "teacher", None))
    assert role.outcome == "done" and "role student → teacher" in role.reason
    assert instances(sim, 5) == [(1, 4, 2, 0)]
    (again,) = plan_sync(moodle, thermo5, [cohort], "teacher", group)
    assert again.outcome == "already"


def test_4_unsync_role_touches_only_that_role(sim: SimServer) -> None:
    moodle = client(sim)
    thermo = course(moodle, "2")
    cohort = find_cohort(moodle, "L1CHIM231", thermo)
    for role in (5, 4):  # both made in Moodle's form: sync changes a single method's role
        cohortsync.add_instance(sim.site, 2, {"cohortid": 1, "roleid": role})
    plan = plan_unsync(moodle, thermo, [cohort], disable=True, role="teacher")
    apply_plan(moodle, thermo, plan)
    assert instances(sim, 2) == [(1, 4, 0, 1), (1, 5, 0, 0)]
    steps = unsync_steps(sim.url, thermo, [cohort], disable=True, role="teacher")
    assert steps.csv_rows == [("upd", "cohort", "THERMO-L1", "L1CHIM231", "1", "", "teacher")]


def test_5_a_cohort_without_idnumber_is_named_and_kept_out_of_the_csv(sim: SimServer) -> None:
    moodle = client(sim)
    thermo = course(moodle, "2")
    nameless = find_cohort(moodle, "Cohorte sans code", thermo)
    assert nameless.label() == "Cohorte sans code (id 9, no code)"
    assert nameless.code() == "(no code, id 9)"
    steps = sync_steps(sim.url, thermo, [nameless], "student", GroupChoice(NO_GROUP, ""))
    assert steps.csv_rows == []
    assert steps.left_out[0][0] == nameless and "idnumber" in steps.left_out[0][1]


def test_6_a_teacher_can_unsync_a_hidden_cohort_shown_by_status(sim: SimServer) -> None:
    sim.site.enrols[50] = EnrolInstance(50, 2, "cohort", roleid=5, customint1=4, name="")
    teacher = client(sim, "teacher")
    thermo = course(teacher, "2")
    with pytest.raises(errors.CohortNotFound):
        find_cohort(teacher, "L3HIDE231", thermo)  # search cannot see it…
    found_instances, found = attached_cohorts(teacher, thermo, ["L3HIDE231"])
    ((_code, hidden),) = found
    assert isinstance(hidden, Cohort) and hidden.id == 4  # …the course's instances can
    plan = plan_unsync(teacher, thermo, [hidden], disable=True, instances=found_instances)
    (result,) = apply_plan(teacher, thermo, plan)
    assert result.outcome == "done"
    assert instances(sim, 2) == [(4, 5, 0, 1)]


def test_7_core_only_guidance_says_to_enable_an_existing_disabled_method(sim: SimServer) -> None:
    moodle = client(sim)
    thermo5 = course(moodle, "5")
    cohort = find_cohort(moodle, "L1CHIM231", thermo5)
    steps = sync_steps(sim.url, thermo5, [cohort], "student", GroupChoice(NO_GROUP, ""))
    assert "already synchronised with selected role" in steps.steps[0]
    assert "enable it" in steps.steps[0]


def test_8_disabled_by_hand_uses_the_form_s_status_field(sim: SimServer) -> None:
    moodle = client(sim)
    thermo = course(moodle, "2")
    cohort = find_cohort(moodle, "L1CHIM231", thermo)
    steps = sync_steps(
        sim.url, thermo, [cohort], "student", GroupChoice(NO_GROUP, ""), disabled=True
    )
    assert any("Activé (enabled): Non" in step for step in steps.steps)
