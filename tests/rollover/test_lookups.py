"""The plan's bulk reads: a name never picks another course, batches lose nothing, and an
answer that is not what Moodle documents is an error naming the function."""

from __future__ import annotations

from collections.abc import Iterator
from types import SimpleNamespace

import pytest

from sync_helper.moodle import errors
from sync_helper.moodle.client import MoodleClient
from sync_helper.moodle.courses import Course
from sync_helper.rollover import lookups
from tests.moodle.inprocess import URL, SimTransport, sim_client
from tests.rollover.conftest import SCIENCES, build_mixed

COURSES = "core_course_get_courses_by_field"
SEARCH = "core_cohort_search_cohorts"
MEMBERS = "core_cohort_get_cohort_members"


@pytest.fixture
def sim() -> Iterator[tuple[MoodleClient, SimTransport]]:
    """The mixed site, where course 24's idnumber is course 25's shortname."""
    with sim_client("transcripts") as (client, transport):
        build_mixed(transport.site)
        transport.site.courses[24].idnumber = "MIXED-DONE"
        transport.site.courses[20].idnumber = "CODE-20"
        yield client, transport


REFS = {
    "MIXED-DONE": 25,  # a shortname first, even when another course has it as idnumber
    "shortname:MIXED-DONE": 25,
    "idnumber:MIXED-DONE": 24,
    "CODE-20": 20,  # no course has it as shortname: the idnumber
    "idnumber:MIXED-NONE": None,
    "NO-SUCH-COURSE": None,
    "24": 24,
    "id:21": 21,
    "999": None,
    f"{URL}/course/view.php?id=22": 22,
}


@pytest.mark.parametrize("listing", [False, True])
def test_each_reference_finds_its_own_course_and_no_other(
    sim: tuple[MoodleClient, SimTransport], monkeypatch: pytest.MonkeyPatch, listing: bool
) -> None:
    client, transport = sim
    if listing:  # more names than NAMED_LOOKUPS: one listing of every course instead
        monkeypatch.setattr(lookups, "NAMED_LOOKUPS", 4)
    found = lookups.resolve_courses(client, list(REFS))
    assert {ref: c and c.course.id for ref, c in found.items()} == REFS
    sciences = next(c.id for c in transport.site.categories.values() if c.contextid == SCIENCES)
    assert found["24"].category_id == sciences
    assert found["MIXED-DONE"].course.shortname == "MIXED-DONE"
    asked = [(f["field"], f["value"]) for name, f in transport.sent if name == COURSES]
    assert asked[0] == ("ids", "21,22,24,999")
    if listing:
        assert asked[1:] == [("", "")]
    else:
        assert asked[1:] == [
            ("shortname", "MIXED-DONE"),
            ("idnumber", "MIXED-DONE"),
            ("shortname", "MIXED-DONE"),
            ("idnumber", "MIXED-DONE"),
            ("shortname", "CODE-20"),
            ("idnumber", "CODE-20"),
            ("idnumber", "MIXED-NONE"),
            ("shortname", "NO-SUCH-COURSE"),
            ("idnumber", "NO-SUCH-COURSE"),
        ]


def test_as_many_names_as_the_limit_are_still_looked_up_one_by_one(
    sim: tuple[MoodleClient, SimTransport], monkeypatch: pytest.MonkeyPatch
) -> None:
    client, transport = sim
    monkeypatch.setattr(lookups, "NAMED_LOOKUPS", 2)
    lookups.resolve_courses(client, ["shortname:MIXED-DONE", "shortname:MIXED-NONE"])
    assert transport.calls(COURSES) == 2
    lookups.resolve_courses(client, ["shortname:MIXED-DONE", "MIXED-NONE", "CODE-20"])
    assert transport.calls(COURSES) == 3


def test_course_ids_are_read_by_batches_in_order(
    sim: tuple[MoodleClient, SimTransport], monkeypatch: pytest.MonkeyPatch
) -> None:
    client, transport = sim
    monkeypatch.setattr(lookups, "COURSE_BATCH", 2)
    found = lookups.all_courses(client, [25, 20, 25, 22, 21, 999])
    assert sorted(found) == [20, 21, 22, 25]
    assert all(found[i].course.id == i for i in found)
    assert [f["value"] for name, f in transport.sent if name == COURSES] == [
        "20,21",
        "22,25",
        "999",
    ]


def test_every_cohort_of_the_site_is_read_page_by_page(
    sim: tuple[MoodleClient, SimTransport], monkeypatch: pytest.MonkeyPatch
) -> None:
    client, transport = sim
    site = transport.site
    monkeypatch.setattr(lookups, "COHORT_PAGE", 3)
    cohorts = lookups.site_cohorts(client)
    assert sorted(c.id for c in cohorts) == sorted(site.cohorts)
    pages = [f["limitfrom"] for name, f in transport.sent if name == SEARCH]
    assert pages == [str(page) for page in range(len(site.cohorts) // 3 + 1)]
    monkeypatch.setattr(lookups, "COHORT_PAGE", len(site.cohorts))
    assert len(lookups.site_cohorts(client)) == len(site.cohorts)
    assert transport.calls(SEARCH) == len(pages) + 2  # a full page asks for the next one


def test_member_counts_by_batches_and_none_when_the_token_may_not_read_them(
    sim: tuple[MoodleClient, SimTransport], monkeypatch: pytest.MonkeyPatch
) -> None:
    client, transport = sim
    monkeypatch.setattr(lookups, "MEMBER_BATCH", 2)
    assert lookups.member_counts(client, [14, 13, 10, 12, 11, 10]) == {
        10: 2,
        11: 1,
        12: 1,
        13: 0,
        14: 1,
    }
    assert [list(f["cohortids"].values()) for name, f in transport.sent if name == MEMBERS] == [
        ["10", "11"],
        ["12", "13"],
        ["14"],
    ]
    for refusal in (errors.PermissionDenied("no"), errors.RecordNotFound("gone"), None, 3):
        assert lookups.member_counts(Canned({MEMBERS: refusal}), [10]) == {}  # no warnings


def test_a_course_read_from_the_plugin_alone_keeps_its_names(
    sim: tuple[MoodleClient, SimTransport],
) -> None:
    site = lookups.instances_of_all_courses(sim[0])
    assert sorted(site.instances) == [2, 3, 4, 20, 21, 22, 24, 25]
    thermo = site.courses[2]
    assert (thermo.course.id, thermo.course.shortname, thermo.course.fullname) == (
        2,
        "THERMO-L1",
        sim[1].site.courses[2].fullname,
    )
    assert thermo.category_id == lookups.UNKNOWN_CATEGORY
    assert [(i.cohort.idnumber, i.role_id) for i in site.instances[24]] == [
        ("L1CHIM241", 5),
        ("L1INFO241", 5),
        ("L1CHBV231", 5),
    ]


class Canned:
    """A client that answers each function with a canned value (or raises it)."""

    settings = SimpleNamespace(url=URL)

    def __init__(self, answers: dict[str, object]) -> None:
        self.answers = answers

    def call(self, function: str, **params: object) -> object:
        answer = self.answers[function]
        if isinstance(answer, Exception):
            raise answer
        return answer


def test_plugin_items_that_are_not_cohort_methods_are_passed_over() -> None:
    enrol = {"object": "enrol", "id": 7, "cohortid": 3, "roleid": 5, "status": 0}
    answer = {
        "data": [
            "junk",
            {"object": "course", "id": 2, "shortname": "C2", "name": "Course 2"},
            {**enrol, "courseid": 2},
            {**enrol, "id": 8, "course": {"id": 9, "shortname": "C9", "name": "Course 9"}},
            {**enrol, "id": 9, "courseid": 9, "course": {"id": 9, "shortname": "C9b"}},
            {**enrol, "id": 10, "courseid": 2, "course": "not an object"},
            {**enrol, "id": 11, "course": {"id": 5, "shortname": "C5"}},
        ]
    }
    site = lookups.instances_of_all_courses(Canned({"local_ws_enrolcohort_get_instances": answer}))
    assert {course: [i.id for i in found] for course, found in site.instances.items()} == {
        2: [7, 10],
        9: [8, 9],
        5: [11],
    }
    assert list(site.courses) == [9, 5]  # only nested courses name one
    assert (site.courses[9].course.shortname, site.courses[9].course.fullname) == ("C9", "Course 9")
    assert (site.courses[5].course.shortname, site.courses[5].course.fullname) == ("C5", "")


@pytest.mark.parametrize(
    ("read", "function", "answer", "message"),
    [
        (
            lookups.instances_of_all_courses,
            "local_ws_enrolcohort_get_instances",
            {"data": [{"object": "enrol", "id": 7, "courseid": "two"}]},
            "Moodle sent 'two' where a course id should be a number",
        ),
        (
            lambda c: lookups.course_groups(c, Course(2, "C2", "", "", "", ())),
            "core_group_get_course_groups",
            [{"id": None, "name": "Groupe A"}],
            "Moodle sent None where a group id should be a number",
        ),
        (
            lambda c: lookups.resolve_courses(c, ["2"]),
            COURSES,
            {"courses": [{"id": 2, "shortname": "C2", "categoryid": "sciences"}]},
            "Moodle sent 'sciences' where a category should be a number",
        ),
        (
            lambda c: lookups.member_counts(c, [4]),
            MEMBERS,
            [{"cohortid": "4a", "userids": []}],
            "Moodle sent '4a' where a cohort id should be a number",
        ),
    ],
)
def test_an_id_that_is_no_number_says_which_id(
    read: object, function: str, answer: object, message: str
) -> None:
    with pytest.raises(errors.UnreadableAnswer) as caught:
        read(Canned({function: answer}))
    assert caught.value.message == message


def test_a_course_answer_without_category_leaves_it_unknown() -> None:
    answer = {"courses": [{"id": 2, "shortname": "C2"}]}
    [found] = lookups.resolve_courses(Canned({COURSES: answer}), ["2"]).values()
    assert (found.course.id, found.category_id) == (2, lookups.UNKNOWN_CATEGORY)


def test_groups_by_name_and_cohorts_found_in_a_plain_answer() -> None:
    groups = [{"id": 3, "name": "Groupe A"}, "junk", {"id": "4", "name": "Groupe B"}]
    client = Canned({"core_group_get_course_groups": groups})
    course = Course(2, "C2", "Course 2", "", "", ())
    assert lookups.course_groups(client, course) == {"Groupe A": 3, "Groupe B": 4}
    found = {"cohorts": [{"id": 4, "name": "A", "idnumber": "A1", "visible": True}, "junk"]}
    assert lookups.system_cohort_ids(Canned({SEARCH: found})) == {4}
    assert lookups.available_cohort_ids(Canned({SEARCH: found}), "course", 2) == {4}


@pytest.mark.parametrize(
    ("read", "function", "message"),
    [
        (
            lambda c: lookups.resolve_courses(c, ["2"]),
            COURSES,
            f"{COURSES} did not return a course list",
        ),
        (
            lookups.instances_of_all_courses,
            "local_ws_enrolcohort_get_instances",
            "local_ws_enrolcohort_get_instances did not return an instance list",
        ),
        (lookups.site_cohorts, SEARCH, f"{SEARCH} did not return a cohort list"),
        (lookups.system_cohort_ids, SEARCH, f"{SEARCH} did not return a cohort list"),
        (
            lambda c: lookups.course_groups(c, Course(2, "C2", "", "", "", ())),
            "core_group_get_course_groups",
            "core_group_get_course_groups did not return a group list",
        ),
    ],
)
@pytest.mark.parametrize("answer", [{}, "junk", {"courses": {}, "data": {}, "cohorts": None}])
def test_an_answer_of_the_wrong_shape_names_the_function(
    monkeypatch: pytest.MonkeyPatch, read: object, function: str, message: str, answer: object
) -> None:
    monkeypatch.setattr("sync_helper.rollover.workers.time", SimpleNamespace(sleep=lambda _: None))
    with pytest.raises(errors.UnreadableAnswer) as caught:
        read(Canned({function: answer}))
    assert caught.value.message == message
