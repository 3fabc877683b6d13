"""Finding a course, its cohorts and a group as Moodle answers (the simulator over HTTP).

The requests are pinned as the contract and the transcripts show them (context, ``includes``,
the field tried), and the answers are read into the fields the operations use; a name that
finds nothing or too much is said with what was searched and what exists.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from sync_helper.moodle import errors
from sync_helper.moodle.client import MoodleClient
from sync_helper.moodle.cohorts import (
    SEARCH_LIMIT,
    Cohort,
    find_cohorts,
    pick_cohort,
    search_cohorts,
)
from sync_helper.moodle.courses import (
    Course,
    CourseRef,
    enrolment_methods_page,
    parse_course_ref,
    resolve_course,
)
from sync_helper.moodle.groups import (
    NEW_GROUP,
    NO_GROUP,
    GroupChoice,
    choose_group,
    group_satisfied,
)
from sync_helper.moodle.secret import Secret
from sync_helper.moodle.settings import ClientSettings
from sync_helper.sim import SimServer
from tests.moodle.loopback import Reply, replies_in_order, serve
from tests.moodle.test_client_contract import Scripted, client_with, ok
from tests.transcripts import body_of

THERMO = Course(
    id=2,
    shortname="THERMO-L1",
    fullname="Introduction à la thermodynamique",
    idnumber="RETHC01",
    category="UFR des Sciences",
    enrolment_methods=("manual",),  # enabled methods only: guest and self are off
)


@pytest.fixture(scope="module")
def sim() -> Iterator[SimServer]:
    with SimServer.start(scenario="transcripts", port=0) as server:
        yield server


def client(sim: SimServer, who: str = "admin") -> MoodleClient:
    return MoodleClient(ClientSettings(url=sim.url, token=Secret(sim.tokens[who])))


# Courses


def test_a_course_is_read_from_moodle_s_answer_field_by_field() -> None:
    (data,) = json.loads(body_of("courses_by_id"))["courses"]
    assert Course.from_answer(data) == THERMO


def test_a_course_answer_without_optional_fields_gives_empty_ones() -> None:
    assert Course.from_answer({"id": 5, "idnumber": None, "categoryname": None}) == Course(
        5, "", "", "", "", ()
    )


@pytest.mark.parametrize(
    ("reference", "asked"),
    [
        ("2", [("id", "2")]),
        ("id:2", [("id", "2")]),
        ("idnumber:RETHC01", [("idnumber", "RETHC01")]),
        ("RETHC01", [("shortname", "RETHC01"), ("idnumber", "RETHC01")]),
        ("THERMO-L1", [("shortname", "THERMO-L1")]),
    ],
)
def test_each_reference_asks_moodle_by_its_field(
    reference: str, asked: list[tuple[str, str]]
) -> None:
    found = Reply(body=body_of("courses_by_id").encode())
    empty = Reply(body=b'{"courses":[],"warnings":[]}')

    def answer(form: dict[str, str]) -> Reply:
        return (
            found if form["value"] in {"2", "THERMO-L1"} or form["field"] == "idnumber" else empty
        )

    with serve(answer) as moodle:
        settings = ClientSettings(url=moodle.url, token=Secret("t" * 32))
        assert resolve_course(MoodleClient(settings), parse_course_ref(reference)) == THERMO
    assert [(form["field"], form["value"]) for form in moodle.requests] == asked


@pytest.mark.parametrize(
    ("reference", "words"),
    [
        ("id:999", "no course with id '999' is visible"),
        ("shortname:NOPE", "no course with shortname 'NOPE' is visible"),
        ("idnumber:NOPE", "no course with idnumber 'NOPE' is visible"),
        ("NOPE", "no course with shortname or idnumber 'NOPE' is visible"),
    ],
)
def test_a_course_that_is_not_there_is_said_with_what_was_tried(
    sim: SimServer, reference: str, words: str
) -> None:
    with pytest.raises(errors.CourseNotFound) as caught:
        resolve_course(client(sim), parse_course_ref(reference))
    assert caught.value.message == (
        f"{words} to this token (it may not exist, or be hidden from the token's user)"
    )


@pytest.mark.parametrize("answer", [{"warnings": []}, [], None])
def test_a_course_answer_without_a_list_is_unreadable(answer: object) -> None:
    moodle, _ = client_with(Scripted(ok(answer)))
    with pytest.raises(errors.UnreadableAnswer, match="did not return a course list"):
        resolve_course(moodle, CourseRef("id", "2"))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("shortname:", CourseRef("any", "shortname:")),
        ("M1:ALGO", CourseRef("any", "M1:ALGO")),  # a shortname holding a colon
        ("shortname:M1:ALGO", CourseRef("shortname", "M1:ALGO")),
        ("https://example.org/moodle/course/view.php?id=3", CourseRef("id", "3")),
        ("https://example.org/moodle/enrol/editinstance.php?courseid=3", CourseRef("id", "3")),
    ],
)
def test_references_with_a_colon_or_under_a_site_path(text: str, expected: CourseRef) -> None:
    assert parse_course_ref(text, "https://example.org/moodle/") == expected


NO_ID = (
    ": copy the address of the course page (…/course/view.php?id=N) or give the course id or "
    "shortname"
)


@pytest.mark.parametrize(
    ("url", "message"),
    [
        (url, f"cannot find a course id in {url}{NO_ID}")
        for url in (
            "https://example.org/moodle/enrol/editinstance.php?id=3",
            "https://example.org/moodle/course/view.php?name=",
            "https://example.org/moodle/course/index.php?id=3",
        )
    ]
    + [
        (
            "https://other.example.org/course/view.php?id=4",
            "https://other.example.org/course/view.php?id=4 is on other.example.org, not on the "
            "configured Moodle site https://example.org/moodle",
        )
    ],
)
def test_a_url_that_names_no_course_of_this_site_is_refused(url: str, message: str) -> None:
    with pytest.raises(errors.ConfigurationError) as caught:
        parse_course_ref(url, "https://example.org/moodle")
    assert caught.value.message == message


def test_the_enrolment_methods_page_is_the_course_s_instances_page() -> None:
    assert enrolment_methods_page("https://m.example.org/moodle", THERMO) == (
        "https://m.example.org/moodle/enrol/instances.php?id=2"
    )


# Cohorts


def test_cohorts_are_searched_from_the_course_with_its_parents_or_site_wide() -> None:
    body = Reply(body=body_of("search_cohorts_system_all").encode())
    with serve(replies_in_order(body)) as moodle:
        settings = ClientSettings(url=moodle.url, token=Secret("t" * 32))
        found = search_cohorts(MoodleClient(settings), "L1CH", THERMO)
        search_cohorts(MoodleClient(settings), "L1CH")
    assert found[0] == Cohort(1, "L1CHIM231", "LICENCE 1 CHIMIE", True)
    course, site = (
        {k: v for k, v in form.items() if k not in {"wstoken", "moodlewsrestformat"}}
        for form in moodle.requests
    )
    assert course == {
        "wsfunction": "core_cohort_search_cohorts",
        "query": "L1CH",
        "context[contextlevel]": "course",
        "context[instanceid]": "2",
        "includes": "parents",
        "limitnum": str(SEARCH_LIMIT),
    }
    assert site == {
        **course,
        "context[contextlevel]": "system",
        "context[instanceid]": "0",
        "includes": "all",
    }


def test_a_teacher_finds_cohorts_from_the_course_not_site_wide(sim: SimServer) -> None:
    teacher = client(sim, "teacher")
    assert [c.idnumber for c in search_cohorts(teacher, "L1CHIM231", THERMO)] == ["L1CHIM231"]
    with pytest.raises(errors.PermissionDenied):
        search_cohorts(teacher, "L1CHIM231")


def test_a_cohort_of_another_category_is_not_offered_to_the_course(sim: SimServer) -> None:
    admin = client(sim)
    assert search_cohorts(admin, "PASMED231", THERMO) == []
    assert [c.id for c in search_cohorts(admin, "PASMED231")] == [5]


def test_a_hidden_cohort_is_read_as_hidden(sim: SimServer) -> None:
    (hidden,) = search_cohorts(client(sim), "L3HIDE231")
    assert hidden == Cohort(4, "L3HIDE231", "COHORTE MASQUEE", False)


def test_a_cohort_answer_without_optional_fields_is_visible_and_unnamed() -> None:
    assert Cohort.from_answer({"id": 3, "idnumber": None}) == Cohort(3, "", "", True)


def test_a_cohort_answer_without_a_list_is_unreadable() -> None:
    moodle, _ = client_with(Scripted(ok([])))
    with pytest.raises(errors.UnreadableAnswer, match="did not return a cohort list"):
        search_cohorts(moodle, "L1")


def test_cohorts_are_labelled_by_code_or_by_name_and_id() -> None:
    coded = Cohort(1, "L1CHIM231", "LICENCE 1 CHIMIE", True)
    uncoded = Cohort(9, "", "Cohorte sans code", True)
    assert (coded.label(), coded.code()) == ("L1CHIM231 (LICENCE 1 CHIMIE)", "L1CHIM231")
    assert (uncoded.label(), uncoded.code()) == (
        "Cohorte sans code (id 9, no code)",
        "(no code, id 9)",
    )


def test_many_near_matches_list_the_first_ten_and_count_the_rest() -> None:
    candidates = [Cohort(n, f"L1-{n:02}", f"Groupe {n}", True) for n in range(1, 13)]
    with pytest.raises(errors.AmbiguousCohort) as caught:
        pick_cohort("L1", candidates, THERMO)
    listing = ", ".join(f"L1-{n:02} (Groupe {n})" for n in range(1, 11))
    assert caught.value.message == (
        f"'L1' matches 12 cohorts from course THERMO-L1 (id 2) but none exactly: {listing} "
        "and 2 more. Give the exact code"
    )
    assert caught.value.candidates == candidates


def test_eleven_near_matches_list_ten_and_count_one_more() -> None:
    candidates = [Cohort(n, f"L1-{n:02}", f"G{n}", True) for n in range(1, 12)]
    with pytest.raises(errors.AmbiguousCohort) as caught:
        pick_cohort("L1", candidates)
    assert caught.value.message.endswith("L1-10 (G10) and 1 more. Give the exact code")


def test_ten_near_matches_are_all_listed_without_a_count() -> None:
    candidates = [Cohort(n, f"L1-{n:02}", f"G{n}", True) for n in range(1, 11)]
    with pytest.raises(errors.AmbiguousCohort) as caught:
        pick_cohort("L1", candidates)
    assert caught.value.message.endswith("L1-10 (G10). Give the exact code")
    assert "from course" not in caught.value.message


def test_two_cohorts_with_the_same_code_in_another_case_are_not_guessed() -> None:
    upper = Cohort(1, "M1-INFO", "Master 1", True)
    lower = Cohort(2, "m1-info", "Master 1 (ancien)", True)
    assert pick_cohort("m1-info", [upper, lower]) is lower
    with pytest.raises(errors.AmbiguousCohort):
        pick_cohort("M1-Info", [upper, lower])


def test_nothing_found_site_wide_says_only_the_code() -> None:
    with pytest.raises(errors.CohortNotFound) as caught:
        pick_cohort("NOPE", [])
    assert caught.value.message == "no cohort matches 'NOPE'"


def test_nothing_found_from_a_course_says_where_and_why_it_may_be_hidden() -> None:
    with pytest.raises(errors.CohortNotFound) as caught:
        pick_cohort("NOPE", [], THERMO)
    assert caught.value.message == (
        "no cohort matches 'NOPE' from course THERMO-L1 (id 2): it may not exist, be hidden, or "
        "live in a category that is not above this course"
    )


def test_several_codes_keep_the_order_they_were_named_in(sim: SimServer) -> None:
    found = find_cohorts(client(sim), ["L1CHBV231", "L1CHIM231", "L1CHBV231"], THERMO)
    assert [c.idnumber for c in found] == ["L1CHBV231", "L1CHIM231"]


# Groups


def test_group_choices_are_described_for_plans() -> None:
    assert GroupChoice(NO_GROUP, "").describe() == "none"
    assert GroupChoice(NEW_GROUP, "new").describe() == "new group named after the cohort"
    assert GroupChoice(1, "Groupe Amiens").describe() == "Groupe Amiens"


@pytest.mark.parametrize(
    ("instance_group", "wanted", "satisfied"),
    [
        (0, NO_GROUP, True),
        (3, NO_GROUP, False),
        (3, NEW_GROUP, True),  # the group made when it was attached
        (0, NEW_GROUP, False),
        (1, 1, True),
        (2, 1, False),
    ],
)
def test_which_existing_group_satisfies_the_choice(
    instance_group: int, wanted: int, satisfied: bool
) -> None:
    assert group_satisfied(instance_group, wanted) is satisfied


def test_none_and_new_are_chosen_without_asking_moodle() -> None:
    transport = Scripted(ok([]))
    moodle, _ = client_with(transport)
    assert choose_group(moodle, THERMO, "none") == GroupChoice(NO_GROUP, "")
    assert choose_group(moodle, THERMO, "new") == GroupChoice(NEW_GROUP, "new")
    assert transport.functions == []


def test_an_existing_group_is_found_by_its_exact_name(sim: SimServer) -> None:
    assert choose_group(client(sim), THERMO, "Groupe Amiens") == GroupChoice(1, "Groupe Amiens")


def test_a_missing_group_lists_the_course_s_groups(sim: SimServer) -> None:
    with pytest.raises(errors.GroupNotFound) as caught:
        choose_group(client(sim), THERMO, "groupe amiens")
    assert caught.value.message == (
        "course THERMO-L1 has no group named 'groupe amiens' (groups: 'Groupe Amiens'); use "
        "--group new to create one, or --group none"
    )


def test_a_missing_group_lists_every_group_of_the_course() -> None:
    groups = ok([{"id": 1, "name": "TD A"}, {"id": 2, "name": "TD B"}, "not a group"])
    moodle, _ = client_with(Scripted(groups))
    with pytest.raises(errors.GroupNotFound, match=r"\(groups: 'TD A', 'TD B'\);"):
        choose_group(moodle, THERMO, "TD C")


def test_a_group_whose_id_is_not_a_number_is_named() -> None:
    moodle, _ = client_with(Scripted(ok([{"id": "un", "name": "TD A"}])))
    with pytest.raises(errors.UnreadableAnswer) as caught:
        choose_group(moodle, THERMO, "TD A")
    assert caught.value.message == "Moodle sent 'un' where a group id should be a number"


def test_a_course_without_groups_says_none() -> None:
    moodle, _ = client_with(Scripted(ok([])))
    with pytest.raises(errors.GroupNotFound, match=r"\(groups: none\)"):
        choose_group(moodle, THERMO, "TD A")


def test_a_group_answer_without_a_list_is_unreadable() -> None:
    moodle, _ = client_with(Scripted(ok({"groups": []})))
    with pytest.raises(errors.UnreadableAnswer, match="did not return a group list"):
        choose_group(moodle, THERMO, "TD A")


def test_several_codes_are_each_looked_up_from_the_course(sim: SimServer) -> None:
    """A cohort of a category that is not above the course cannot be synced to it."""
    with pytest.raises(errors.CohortNotFound, match="from course THERMO-L1"):
        find_cohorts(client(sim), ["L1CHIM231", "PASMED231"], THERMO)


def test_an_empty_course_reference_is_refused_in_words() -> None:
    with pytest.raises(errors.ConfigurationError) as caught:
        parse_course_ref(" \t")
    assert caught.value.message == "empty course reference"


@pytest.mark.parametrize(
    ("read", "what"),
    [(Course.from_answer, "a course id"), (Cohort.from_answer, "a cohort id")],
)
def test_an_answer_whose_id_is_not_a_number_names_the_field(read: object, what: str) -> None:
    with pytest.raises(errors.UnreadableAnswer) as caught:
        read({"id": "2a", "shortname": "X", "idnumber": "X", "name": "X"})  # type: ignore[operator]
    assert caught.value.message == f"Moodle sent '2a' where {what} should be a number"
