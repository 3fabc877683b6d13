"""How many people a detach touches, and the markup refusals, said truly whatever the token may do.

A count is shown only when it was read: a token that lacks a function, or is refused it, or a
cohort Moodle no longer knows, gives "an unknown number", never 0 or another cohort's number.
Markup in any name the plugin echoes is refused before writing, naming which name and the form
to use instead (in-process on the simulator's quirks site).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field, replace

import pytest

from sync_helper.moodle import errors
from sync_helper.moodle.client import SITE_INFO, MoodleClient
from sync_helper.moodle.cohorts import SEARCH_COHORTS, Cohort, find_cohort
from sync_helper.moodle.courses import Course, parse_course_ref, resolve_course
from sync_helper.moodle.enrolments import (
    COHORT_MEMBERS,
    ENROLLED_USERS,
    attached_cohorts,
    course_state,
    enrolled_members,
    plan_sync,
    plan_unsync,
)
from sync_helper.moodle.groups import NEW_GROUP, GroupChoice
from sync_helper.moodle.reconcile import sync_cohorts
from sync_helper.moodle.wire import RawAnswer
from sync_helper.sim.state import EnrolInstance
from tests.moodle.inprocess import SimTransport, sim_client

NOPERMISSIONS = {
    "exception": "required_capability_exception",
    "errorcode": "nopermissions",
    "message": "Sorry, but you do not currently have permissions to do that.",
}
INVALIDRECORD = {
    "exception": "dml_missing_record_exception",
    "errorcode": "invalidrecord",
    "message": "Can't find data record in database table cohort.",
}


@dataclass
class Doctored:
    """The simulator, but some functions hidden from the token's service or answered otherwise."""

    inner: SimTransport
    hidden: set[str] = field(default_factory=set)
    answers: dict[str, object] = field(default_factory=dict)

    def post(self, url: str, form: list[tuple[str, str]], *, retry_safe: bool) -> RawAnswer:
        function = dict(form)["wsfunction"]
        if function in self.answers:
            return RawAnswer(200, "application/json", json.dumps(self.answers[function]).encode())
        answer = self.inner.post(url, form, retry_safe=retry_safe)
        if function != SITE_INFO or not self.hidden:
            return answer
        info = json.loads(answer.body)
        info["functions"] = [f for f in info["functions"] if f["name"] not in self.hidden]
        return RawAnswer(answer.status, answer.content_type, json.dumps(info).encode())

    def close(self) -> None:
        """Nothing to release."""


Synced = tuple[MoodleClient, Course, list[Cohort]]


@pytest.fixture
def synced() -> Iterator[Synced]:
    """Course 2 with L1CHIM231 (64 members) and L1CHBV231 (6) attached by the admin."""
    with sim_client() as (moodle, transport):
        thermo = resolve_course(moodle, parse_course_ref("2"))
        both = [find_cohort(moodle, code, thermo) for code in ("L1CHIM231", "L1CHBV231")]
        sync_cohorts(moodle, thermo, both)
        yield MoodleClient(moodle.settings, transport), thermo, both


def doctored(synced: tuple[MoodleClient, Course, list[Cohort]], **changes: object) -> MoodleClient:
    moodle, _, _ = synced
    return MoodleClient(moodle.settings, Doctored(moodle._transport, **changes))  # type: ignore[arg-type]


def test_counts_are_the_cohort_s_members_enrolled_in_this_course(synced: Synced) -> None:
    moodle, thermo, (l1, bv) = synced
    assert enrolled_members(moodle, thermo, [l1, bv]) == ({l1.id: 64, bv.id: 6}, 71)


@pytest.mark.parametrize(
    "changes",
    [
        {"hidden": {ENROLLED_USERS}},
        {"answers": {ENROLLED_USERS: NOPERMISSIONS}},
        {"answers": {ENROLLED_USERS: {"users": []}}},  # not Moodle's list: nothing is known
    ],
    ids=["function-missing", "refused", "unreadable"],
)
def test_without_the_enrolled_users_nothing_is_counted(synced: Synced, changes: dict) -> None:
    _, thermo, (l1, bv) = synced
    moodle = doctored(synced, **changes)
    assert enrolled_members(moodle, thermo, [l1, bv]) == ({l1.id: None, bv.id: None}, None)
    (delete,) = plan_unsync(moodle, thermo, [l1], disable=False)
    assert delete.enrolled is None
    assert delete.reason.startswith("delete: unenrols an unknown number of user(s) enrolled")
    assert course_state(moodle, thermo).enrolled_total is None


@pytest.mark.parametrize(
    "changes",
    [
        {"hidden": {COHORT_MEMBERS}},
        {"answers": {COHORT_MEMBERS: NOPERMISSIONS}},
        {"answers": {COHORT_MEMBERS: INVALIDRECORD}},
        {"answers": {COHORT_MEMBERS: {"cohorts": []}}},
    ],
    ids=["function-missing", "refused", "cohort-gone", "unreadable"],
)
def test_without_the_members_each_count_is_unknown_but_the_course_total_is_kept(
    synced: Synced,
    changes: dict,
) -> None:
    _, thermo, (l1, bv) = synced
    moodle = doctored(synced, **changes)
    assert enrolled_members(moodle, thermo, [l1, bv]) == ({l1.id: None, bv.id: None}, 71)
    (disable,) = plan_unsync(moodle, thermo, [bv], disable=True)
    assert disable.reason.startswith("disable: an unknown number of enrolled user(s) keep")


def test_a_cohort_missing_from_the_members_answer_is_unknown_not_another_s_count(
    synced: Synced,
) -> None:
    _, thermo, (l1, bv) = synced
    only_l1 = [{"cohortid": l1.id, "userids": [*range(3, 67), 999]}]
    moodle = doctored(synced, answers={COHORT_MEMBERS: only_l1})
    assert enrolled_members(moodle, thermo, [l1, bv]) == ({l1.id: 64, bv.id: None}, 71)


def test_no_cohort_asks_nothing_and_counts_nothing(synced: Synced) -> None:
    _, thermo, _ = synced
    moodle = doctored(synced, answers={COHORT_MEMBERS: NOPERMISSIONS})
    assert enrolled_members(moodle, thermo, []) == ({}, 71)


# Markup refusals: the plugin would write, then fail every answer for the course.


def refusal(moodle: MoodleClient, thermo: Course, cohort: Cohort, group: GroupChoice | None) -> str:
    """The refusal of attaching ``cohort`` as editingteacher: the plan names what was asked."""
    (action,) = plan_sync(moodle, thermo, [cohort], "editingteacher", group)
    assert (action.kind, action.outcome, action.errorcode) == ("refuse", "failed", "markupinname")
    assert (action.role, action.reason, action.error_type) == (
        "editingteacher",
        action.error,
        "MoodleRefused",
    )
    return action.error


def form(thermo: Course) -> str:
    return f"http://127.0.0.1:9/enrol/editinstance.php?type=cohort&courseid={thermo.id}"


@pytest.mark.parametrize(
    ("what", "course_change", "cohort_change"),
    [
        ("the cohort's name", {}, {"name": "L1 <b>CHIMIE</b>"}),
        ("the cohort's code", {}, {"idnumber": "L1<i>"}),
        ("the course's name", {"fullname": "Thermo <TD>"}, {}),
        ("the course's short name", {"shortname": "<s>THERMO"}, {}),
    ],
)
def test_markup_in_any_name_the_plugin_echoes_is_refused_naming_it(
    synced: Synced,
    what: str,
    course_change: dict,
    cohort_change: dict,
) -> None:
    moodle, thermo, (l1, _) = synced
    thermo = replace(thermo, **course_change)
    assert refusal(moodle, thermo, replace(l1, **cohort_change), None) == (
        f"{what} holds markup (a <…> tag): local_ws_enrolcohort would make the change, then fail "
        "every answer for this course (invalidresponse) until the method is removed by hand. "
        f"Rename it, or add the method in Moodle's form: {form(thermo)}"
    )


def test_an_existing_group_with_markup_is_refused_a_new_one_is_not(synced: Synced) -> None:
    moodle, thermo, (l1, _) = synced
    assert refusal(moodle, thermo, l1, GroupChoice(1, "TD <A>")).startswith(
        "the group's name holds markup"
    )
    (new,) = plan_sync(moodle, thermo, [l1], "student", GroupChoice(NEW_GROUP, "<new>"))
    assert new.kind == "update"


def test_several_names_with_markup_are_all_named(synced: Synced) -> None:
    moodle, thermo, (l1, _) = synced
    message = refusal(moodle, thermo, replace(l1, name="<b>L1</b>"), GroupChoice(1, "<TD>"))
    assert message.startswith("the cohort's name and the group's name hold markup (a <…> tag)")


def test_a_course_broken_by_markup_names_the_cohorts_to_blame_and_the_page() -> None:
    with sim_client() as (moodle, transport):
        thermo = resolve_course(moodle, parse_course_ref("2"))
        markup = find_cohort(moodle, "RETHC01-A", thermo)
        transport.site.enrols[50] = EnrolInstance(50, 2, "cohort", roleid=5, customint1=markup.id)
        with pytest.raises(errors.InvalidResponse) as caught:
            course_state(moodle, thermo)
    assert caught.value.message == (
        "local_ws_enrolcohort cannot answer for this course: a cohort name with markup (such as "
        "<TD>) in one of its cohort-sync methods breaks every answer of the plugin "
        "(invalidresponse); cohorts of this course's categories whose name has markup: "
        'RETHC01-A (Thermodynamique & cinétique <TD> "groupe A"). Remove that method or rename '
        "the cohort on http://127.0.0.1:9/enrol/instances.php?id=2"
    )
    assert (caught.value.errorcode, caught.value.function) == (
        "invalidresponse",
        "local_ws_enrolcohort_get_instances",
    )


def test_the_cohorts_blamed_are_those_the_course_can_use_all_of_them() -> None:
    """A markup name in a category that is not above the course cannot be what breaks it."""
    with sim_client() as (moodle, transport):
        thermo = resolve_course(moodle, parse_course_ref("2"))
        transport.site.cohorts[3].name = "LICENCE 2 <b>CHIMIE</b>"  # category 2, above course 2
        transport.site.cohorts[5].name = "PASS <i>MEDECINE</i>"  # category 3, elsewhere
        transport.site.enrols[50] = EnrolInstance(50, 2, "cohort", roleid=5, customint1=6)
        with pytest.raises(errors.InvalidResponse) as caught:
            course_state(moodle, thermo)
    assert (
        "whose name has markup: L2CHIM231 (LICENCE 2 <b>CHIMIE</b>), RETHC01-A (Thermodynamique "
        '& cinétique <TD> "groupe A"). Remove'
    ) in caught.value.message


def test_a_course_broken_by_markup_is_explained_even_when_its_cohorts_cannot_be_searched() -> None:
    with sim_client() as (moodle, transport):
        thermo = resolve_course(moodle, parse_course_ref("2"))
        transport.site.enrols[50] = EnrolInstance(50, 2, "cohort", roleid=5, customint1=6)
        refused = Doctored(transport, answers={SEARCH_COHORTS: NOPERMISSIONS})
        with pytest.raises(errors.InvalidResponse) as caught:
            course_state(MoodleClient(moodle.settings, refused), thermo)
    assert caught.value.message == (
        "local_ws_enrolcohort cannot answer for this course: a cohort name with markup (such as "
        "<TD>) in one of its cohort-sync methods breaks every answer of the plugin "
        "(invalidresponse). Remove that method or rename the cohort on "
        "http://127.0.0.1:9/enrol/instances.php?id=2"
    )


def test_enrolled_users_are_asked_for_their_ids_only() -> None:
    """Counting needs ids; a course's every profile field is personal data the helper never uses."""
    with sim_client() as (moodle, transport):
        thermo = resolve_course(moodle, parse_course_ref("2"))
        enrolled_members(moodle, thermo, [])
    ((_, fields),) = [sent for sent in transport.sent if sent[0] == ENROLLED_USERS]
    assert fields["options"] == {"0": {"name": "userfields", "value": "id"}}


@pytest.mark.parametrize(
    ("function", "answer", "what"),
    [
        (ENROLLED_USERS, [{"id": "x3"}], "'x3' where a user id"),
        (COHORT_MEMBERS, [{"cohortid": None, "userids": [3]}], "None where a cohort id"),
        (COHORT_MEMBERS, [{"cohortid": 1, "userids": [3.5]}], "3.5 where a user id"),
    ],
)
def test_an_id_that_is_not_a_number_is_named_not_counted(
    synced: Synced, function: str, answer: object, what: str
) -> None:
    _, thermo, (l1, _) = synced
    moodle = doctored(synced, answers={function: answer})
    with pytest.raises(errors.UnreadableAnswer) as caught:
        enrolled_members(moodle, thermo, [l1])
    assert caught.value.message == f"Moodle sent {what} should be a number"


def test_a_refusal_without_a_role_asked_is_for_the_default_student(synced: Synced) -> None:
    moodle, thermo, (l1, _) = synced
    (action,) = plan_sync(moodle, thermo, [replace(l1, name="<b>")], None, None)
    assert (action.kind, action.role) == ("refuse", "student")


def test_an_unknown_role_lists_the_known_ones(synced: Synced) -> None:
    moodle, thermo, (l1, _) = synced
    with pytest.raises(errors.RoleNotFound) as caught:
        plan_sync(moodle, thermo, [l1], "tutor", None)
    assert caught.value.message == (
        "unknown role 'tutor' (known: editingteacher, manager, student, teacher); add it under "
        "[roles] in the config file"
    )


def test_a_role_change_asked_disabled_keeps_a_disabled_method_disabled() -> None:
    """Course 5 has L1CHIM231 attached as student, disabled: --disabled must not enable it."""
    with sim_client() as (moodle, _):
        thermo5 = resolve_course(moodle, parse_course_ref("5"))
        l1 = find_cohort(moodle, "L1CHIM231", thermo5)
        (action,) = plan_sync(moodle, thermo5, [l1], "teacher", None, disabled=True)
    assert (action.kind, dict(action.wanted), action.role) == ("update", {"roleid": 4}, "teacher")


def test_codes_to_detach_are_looked_up_from_the_course_and_a_miss_is_kept_in_place(
    synced: Synced,
) -> None:
    moodle, thermo, (l1, _) = synced
    _, found = attached_cohorts(moodle, thermo, ["L1CHIM231", "PASMED231", "NOPE"])
    assert found[0] == ("L1CHIM231", l1)
    assert [(code, type(error)) for code, error in found[1:]] == [
        ("PASMED231", errors.CohortNotFound),  # a category not above the course
        ("NOPE", errors.CohortNotFound),
    ]
