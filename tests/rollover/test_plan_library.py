"""The plan as a library, in-process: every reason a course is held, warned about or noted,
word for word, the order of the report, and how many reads the whole plan costs."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from sync_helper.moodle import errors
from sync_helper.moodle.instances import GET_INSTANCES
from sync_helper.rollover import lookups
from sync_helper.rollover.plan import RolloverPlan
from sync_helper.rollover.upload_csv import plan_csv
from sync_helper.sim.bulk import add_rollover_courses, rollover_rules
from sync_helper.sim.state import Group, RoleAssignment, Site, UserEnrolment
from tests.moodle.inprocess import INVALID_AFTER, LOST_BEFORE, URL
from tests.rollover.conftest import (
    EDITINGTEACHER,
    MIXED_PLAN,
    SCIENCES,
    STUDENT,
    WRITES,
    attach,
    build_cohort,
    build_mixed,
    write_plan,
)
from tests.rollover.simpool import plan_of, sim_pool

SEARCH = "core_cohort_search_cohorts"
PAGE = f"{URL}/enrol/instances.php?id="
TEACHER_USER = 73  # the recorded site's teacher, editing teacher of THERMO-L1 only
BY_HAND = " — fix it, or do this course by hand on " + PAGE


def _by_course(plan: RolloverPlan) -> dict[str, dict]:
    return {entry["course"]["shortname"]: entry for entry in plan.as_dict()["courses"]}


def test_the_mixed_plan_word_for_word(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    with sim_pool(monkeypatch, build_mixed) as (pool, transport):
        path = write_plan(tmp_path / "p.yml", MIXED_PLAN)
        plan = plan_of(pool, path)
    assert not any(function in WRITES for function, _ in transport.sent)
    document = plan.as_dict()
    assert (document["plugin"], document["old_instances"]) == (True, "disable")
    assert document["totals"] == {
        "attach": 5,
        "update": 2,
        "disable": 6,
        "detach": 0,
        "keep": 2,
        "courses": 9,
        "courses_to_change": 4,
        "courses_held": 3,
        "problems": 1,
    }
    assert document["problems"] == [f"{path}:16: course 'NO-SUCH-COURSE': no such course visible"]
    courses = _by_course(plan)
    assert list(courses) == [
        "ANAT-PASS",
        "CIRC-L1",
        "MIXED-DONE",
        "MIXED-EXPLICIT",
        "MIXED-HIDDEN",
        "MIXED-MARKUP",
        "MIXED-MISSING",
        "MIXED-NONE",
        "THERMO-L1",
    ]
    held = {name: entry["held"] for name, entry in courses.items() if entry["held"]}
    assert held == {
        "ANAT-PASS": "cohort PASMED241 cannot be used from this course: it lives in a category "
        "that is not above the course" + BY_HAND + "4",
        "MIXED-MARKUP": "cohort RETHC01-A's name 'Thermodynamique & cinétique <TD> \"groupe A\"' "
        "holds markup: the plugin would attach it and then fail every answer about this "
        "course (invalidresponse)" + BY_HAND + "22",
        "MIXED-MISSING": "cohort L2CHIM241 does not exist (or this token cannot see it)"
        + BY_HAND
        + "20",
    }
    warnings = {name: entry["warnings"] for name, entry in courses.items() if entry["warnings"]}
    assert warnings == {
        "CIRC-L1": ["cohort L1INBV241 has no members yet: they are enrolled as they are added"],
        "MIXED-HIDDEN": ["cohort L3HIDE241 is hidden: teachers will not see it"],
        "MIXED-MARKUP": [
            "cohort RETHC01-A has no members yet: they are enrolled as they are added"
        ],
    }
    notes = {name: entry["note"] for name, entry in courses.items() if entry["note"]}
    assert notes == {
        "MIXED-NONE": "no cohort sync yet: nothing is attached (list its cohorts to add some)"
    }
    thermo = [(c["action"], c["group"], c["reason"]) for c in courses["THERMO-L1"]["changes"]]
    assert thermo[:2] == [
        (
            "attach",
            "Groupe Amiens",
            "attach with role student, group Groupe Amiens (rule L1CHIM231 → L1CHIM241, merge)",
        ),
        (
            "attach",
            "none",
            "attach with role editingteacher, group none (rule L1CHIM231 → L1CHIM241, merge)",
        ),
    ]
    missing = courses["MIXED-MISSING"]["changes"][0]["cohort"]
    assert missing == {"id": 0, "idnumber": "L2CHIM241", "name": "", "visible": False}
    explicit = [c["reason"] for c in courses["MIXED-EXPLICIT"]["changes"]]
    assert explicit[:2] == [
        f"update in place: group none → new group (plan {path}:10)",
        f"update in place: role student → teacher (plan {path}:12)",
    ]
    assert Counter(function for function, _ in transport.sent) == {
        "core_webservice_get_site_info": 1,
        "core_course_get_courses_by_field": 20,  # shortname, idnumber
        "local_ws_enrolcohort_get_instances": 9,
        "core_cohort_search_cohorts": 4,  # all, system, two categories
        "core_cohort_get_cohort_members": 1,
    }


def _bulk(count: int, formations: int = 5) -> tuple[list[int], object]:
    """Course ids to come, and the builder adding ``count`` courses holding last year's codes."""
    ids: list[int] = []

    def build(site: Site) -> None:
        ids.extend(add_rollover_courses(site, count, formations=formations, categories=2))

    return ids, build


def test_many_listed_courses_are_read_in_one_call_or_one_by_one_if_it_fails(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """One course's unreadable methods hold that course only, with the reason and the page."""
    ids, build = _bulk(lookups.NAMED_LOOKUPS + 5)
    with sim_pool(monkeypatch, build, workers_=1) as (pool, transport):
        transport.faults[GET_INSTANCES] = [INVALID_AFTER, INVALID_AFTER] + [LOST_BEFORE] * 5
        plan_file = {"rules": {"codes": rollover_rules(5)}, "courses": [str(i) for i in ids]}
        plan = plan_of(pool, write_plan(tmp_path / "p.yml", plan_file))
    assert transport.calls(GET_INSTANCES) == 1 + 1 + 5 + len(ids) - 2
    assert [fields["course"] for function, fields in transport.sent if function == GET_INSTANCES][
        :2
    ] == [{"id": "-1"}, {"id": str(ids[0])}]
    assert transport.pauses.seconds == [0.2, 0.4, 0.8, 1.6]  # the 503s; never invalidresponse
    held = {p.course.id: p.held for p in plan.courses if p.held}
    assert held == {
        ids[0]: "the plugin cannot return this course's cohort methods (invalidresponse): a "
        f"cohort attached to it has markup in its name; fix it on {PAGE}{ids[0]}",
        ids[1]: f"cannot read its cohort methods: Moodle answered HTTP 503 to {GET_INSTANCES}: "
        "the server is unavailable or overloaded; try again later",
    }
    assert all(p.changes == () for p in plan.courses if p.held)
    assert plan.totals()["courses_to_change"] == len(ids) - 2
    assert plan.totals()["attach"] == plan.totals()["disable"] == len(ids) - 2


def test_up_to_the_limit_listed_courses_are_read_one_by_one(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    ids, build = _bulk(lookups.NAMED_LOOKUPS)
    with sim_pool(monkeypatch, build) as (pool, transport):
        plan_file = {"rules": {"codes": rollover_rules(5)}, "courses": [str(i) for i in ids]}
        plan = plan_of(pool, write_plan(tmp_path / "p.yml", plan_file))
    assert transport.calls(GET_INSTANCES) == len(ids)
    assert plan.totals()["courses_to_change"] == len(ids)


def test_site_scope_reads_the_whole_site_once_or_says_to_list_the_courses(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    ids, build = _bulk(3, formations=15)  # 30 system cohorts: more than Moodle's page of 25
    path = write_plan(tmp_path / "p.yml", {"rules": {"codes": rollover_rules(15)}})
    with sim_pool(monkeypatch, build) as (pool, transport):
        plan = plan_of(pool, path)
        assert transport.calls(GET_INSTANCES) == 1
        searched = [f["includes"] for name, f in transport.sent if name == SEARCH]
        assert searched == ["all", "self"]  # system cohorts: no course's reach to check
        assert [p.course.id for p in plan.courses] == ids
        assert [p.course.shortname for p in plan.courses] == [
            "BULK-00000",
            "BULK-00001",
            "BULK-00002",
        ]
    with sim_pool(monkeypatch, build) as (pool, transport):
        transport.faults[GET_INSTANCES] = [INVALID_AFTER]
        with pytest.raises(errors.InvalidResponse) as caught:
            plan_of(pool, path)
    assert transport.calls(GET_INSTANCES) == 1 and transport.pauses.seconds == []
    assert (caught.value.message, caught.value.errorcode, caught.value.function) == (
        "the plugin cannot list the whole site's cohort methods at once (invalidresponse): a "
        "cohort with markup in its name is attached to some course. List the courses under "
        "courses: instead; each is then read on its own and the broken one held",
        "invalidresponse",
        GET_INSTANCES,
    )
    with sim_pool(monkeypatch, build) as (pool, transport):
        transport.faults[GET_INSTANCES] = [LOST_BEFORE] * 5
        with pytest.raises(errors.ServerUnavailable, match="HTTP 503"):
            plan_of(pool, path)


def test_site_scope_without_the_plugin_is_a_problem_not_a_guess(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    with sim_pool(monkeypatch, build_mixed, who="coreonly") as (pool, _):
        plan = plan_of(pool, write_plan(tmp_path / "p.yml", {"rules": MIXED_PLAN["rules"]}))
    assert (plan.plugin, plan.courses) == (False, ())
    assert plan.problems == (
        "scope: site needs local_ws_enrolcohort to find which courses have last year's "
        "cohorts; without it, list the courses and their cohorts under courses:",
    )


def test_core_only_plans_what_the_file_lists_and_holds_rules_only_courses(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    with sim_pool(monkeypatch, build_mixed, who="coreonly") as (pool, _):
        path = write_plan(tmp_path / "p.yml", MIXED_PLAN)
        plan = plan_of(pool, path, delete_old=True)
    courses = _by_course(plan)
    thermo = courses["THERMO-L1"]
    assert thermo["held"] == (
        "without local_ws_enrolcohort the helper cannot see which cohorts this course has: "
        "list its new cohorts under courses:"
    )
    assert thermo["note"] == (
        "core Moodle cannot list cohort methods: this course has 3 enabled; attaching an "
        "already attached cohort fails harmlessly in the upload tool"
    )
    assert thermo["changes"] == []
    explicit = courses["MIXED-EXPLICIT"]
    assert explicit["held"] is None
    assert [
        (c["action"], c["cohort"]["idnumber"], c["role"], c["group"], c["reason"])
        for c in explicit["changes"]
    ] == [
        ("attach", "L1CHIM241", "student", "new group", f"attach (plan {path}:10)"),
        ("attach", "L1INFO241", "teacher", "none", f"attach (plan {path}:12)"),
        (
            "detach",
            "L1CHBV231",
            "student",
            "",
            "detach last year's L1CHBV231 if attached (rule L1CHBV231 → L1CHIM241)",
        ),
        (
            "detach",
            "L1CHIM231",
            "student",
            "",
            "detach last year's L1CHIM231 if attached (rule L1CHIM231 → L1CHIM241)",
        ),
        (
            "detach",
            "L1INFO231",
            "teacher",
            "",
            "detach last year's L1INFO231 if attached (rule L1INFO231 → L1INFO241)",
        ),
    ]
    assert [
        (c["cohort"]["id"], c["cohort"]["name"], c["cohort"]["visible"])
        for c in explicit["changes"][2:]
    ] == [
        (2, "LICENCE 1 CHIMIE (BEAUVAIS)", True),
        (1, "LICENCE 1 CHIMIE", True),
        (11, "Cohorte L1INFO231", True),
    ]
    assert plan.totals()["courses_held"] == 8 and plan.totals()["courses_to_change"] == 1


def test_core_only_holds_a_course_whose_listed_cohorts_are_missing(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    wanted = ["L2CHIM241", {"code": "L2CHIM241", "role": "teacher"}, "NOPE241", "L1INBV241"]
    plan_file = {
        "rules": {"codes": {"L2CHIM231": "L2CHIM241", "OLD231": "GONE241"}},
        "courses": [{"course": "CIRC-L1", "cohorts": wanted}],
    }
    with sim_pool(monkeypatch, build_mixed, who="coreonly") as (pool, _):
        [course] = plan_of(pool, write_plan(tmp_path / "p.yml", plan_file)).courses
    assert course.held == (
        "cohort L2CHIM241 does not exist (or this token cannot see it); "
        "cohort NOPE241 does not exist (or this token cannot see it)"
    )
    assert course.warnings == (
        "cohort L1INBV241 has no members yet: they are enrolled as they are added",
    )
    assert [
        (c.kind, c.cohort.idnumber, c.cohort.id, c.role, c.role_id) for c in course.changes
    ] == [
        ("attach", "L2CHIM241", 0, "student", 5),
        ("attach", "L2CHIM241", 0, "teacher", 4),
        ("attach", "NOPE241", 0, "student", 5),
        ("attach", "L1INBV241", 13, "student", 5),
        ("disable", "L2CHIM231", 3, "student", 5),
        ("disable", "L2CHIM231", 3, "teacher", 4),
    ]


def test_a_course_level_token_plans_its_course_and_holds_those_it_cannot_enter(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A teacher's token cannot search cohorts from others' courses: that held them, it does
    not stop the plan (it used to end it with « cannot enter this course », naming none)."""
    with sim_pool(monkeypatch, build_mixed, who="teacher") as (pool, _):
        plan = plan_of(pool, write_plan(tmp_path / "p.yml", MIXED_PLAN))
    courses = _by_course(plan)
    assert courses["THERMO-L1"]["held"] is None
    assert [c["action"] for c in courses["THERMO-L1"]["changes"]] == [
        "attach",
        "attach",
        "disable",
        "disable",
        "disable",
    ]
    assert courses["CIRC-L1"]["held"] == (
        "cohort L1INFO241 does not exist (or this token cannot see it); cohort L1INBV241 does "
        "not exist (or this token cannot see it)" + BY_HAND + "3"
    )
    assert plan.totals()["courses_to_change"] == 1


def test_site_scope_finds_courses_by_their_enabled_old_codes_and_checks_their_category(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    rules = {
        "PASMED231": "PASMED241",
        "L1INFO231": ["L1INFO241", "L1INBV241"],
        "L1CHIM231": "L2CHIM241",  # THERMO-L1 has it twice: one reason, said once
    }
    with sim_pool(monkeypatch, build_mixed) as (pool, transport):
        plan = plan_of(pool, write_plan(tmp_path / "p.yml", {"rules": {"codes": rules}}))
    courses = _by_course(plan)
    assert list(courses) == ["ANAT-PASS", "CIRC-L1", "THERMO-L1"]  # not MIXED-DONE: disabled
    assert courses["ANAT-PASS"]["held"].startswith("cohort PASMED241 cannot be used from this")
    assert courses["CIRC-L1"]["held"] is None
    assert courses["THERMO-L1"]["held"] == (
        "cohort L2CHIM241 does not exist (or this token cannot see it)" + BY_HAND + "2"
    )
    assert [c["action"] for c in courses["THERMO-L1"]["changes"]] == [
        "attach",
        "attach",
        "disable",
        "disable",
        "keep",
    ]
    asked = [
        (f["field"], f["value"])
        for function, f in transport.sent
        if function == "core_course_get_courses_by_field"
    ]
    assert asked == [("ids", "2,4")]  # the categories the plugin does not give, in one read
    searched = [
        (f["includes"], f["context"]["contextlevel"], f["context"]["instanceid"])
        for function, f in transport.sent
        if function == "core_cohort_search_cohorts"
    ]
    categories = {str(transport.site.courses[i].category) for i in (2, 4)}
    assert searched[:2] == [("all", "system", "0"), ("self", "system", "0")]
    assert sorted(searched[2:]) == sorted(("parents", "coursecat", c) for c in categories)


def test_a_course_with_nothing_to_write_is_never_held(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """PASMED241 is out of ANAT-PASS's reach, but already attached: nothing to hold back."""

    def build(site: Site) -> None:
        build_mixed(site)
        attach(site, 4, 15, STUDENT)

    plan_file = {"courses": [{"course": "ANAT-PASS", "cohorts": ["PASMED231", "PASMED241"]}]}
    with sim_pool(monkeypatch, build) as (pool, _):
        [course] = plan_of(pool, write_plan(tmp_path / "p.yml", plan_file)).courses
    assert [c.kind for c in course.changes] == ["keep", "keep"]
    assert course.held == "" and course.as_dict()["held"] is None


def test_a_category_with_more_cohorts_than_moodles_default_page_is_read_whole(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Moodle returns 25 cohorts unless told otherwise: the 31st must not be « out of reach »."""

    def build(site: Site) -> None:
        build_mixed(site)
        for number in range(30):
            build_cohort(site, 200 + number, f"A{number:02d}241", [1], context=SCIENCES)
        build_cohort(site, 300, "ZOO241", [1], context=SCIENCES)

    plan_file = {"courses": [{"course": "CIRC-L1", "cohorts": ["ZOO241", "L1INFO231"]}]}
    with sim_pool(monkeypatch, build) as (pool, _):
        [course] = plan_of(pool, write_plan(tmp_path / "p.yml", plan_file)).courses
    assert course.held == ""
    assert [(c.kind, c.cohort.idnumber) for c in course.changes] == [
        ("attach", "ZOO241"),
        ("keep", "L1INFO231"),
    ]


def test_a_course_level_token_checks_each_course_reach_from_the_course_itself(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A teacher of a Sciences and a Médecine course may not search the categories: each
    course is asked which cohorts it can use, and a Sciences cohort is out of Médecine's."""

    def build(site: Site) -> None:
        build_mixed(site)
        site.user_enrolments.append(UserEnrolment(10, TEACHER_USER))  # ANAT-PASS's manual
        site.role_assignments.append(
            RoleAssignment(TEACHER_USER, EDITINGTEACHER, site.courses[4].contextid)
        )

    wanted = {"cohorts": ["PASMED241"]}
    plan_file = {"courses": [{"course": "ANAT-PASS", **wanted}, {"course": "THERMO-L1", **wanted}]}
    with sim_pool(monkeypatch, build, who="teacher", workers_=1) as (pool, transport):
        plan = plan_of(pool, write_plan(tmp_path / "p.yml", plan_file))
    courses = _by_course(plan)
    assert courses["THERMO-L1"]["held"] is None
    assert courses["ANAT-PASS"]["held"].startswith(
        "cohort PASMED241 cannot be used from this course: it lives in a category that is not "
        "above the course — "
    )
    asked = [
        (f["context"]["contextlevel"], f["context"]["instanceid"])
        for function, f in transport.sent
        if function == "core_cohort_search_cohorts" and f["includes"] == "parents"
    ]
    assert ("course", "4") in asked and ("course", "2") in asked


def test_a_hidden_cohort_out_of_reach_says_it_may_be_hidden(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    def build(site: Site) -> None:
        build_mixed(site)
        build_cohort(site, 301, "HIDSCI241", [1], visible=False, context=SCIENCES)

    plan_file = {"courses": [{"course": "ANAT-PASS", "cohorts": ["HIDSCI241"]}]}
    with sim_pool(monkeypatch, build) as (pool, _):
        [course] = plan_of(pool, write_plan(tmp_path / "p.yml", plan_file)).courses
    assert course.held == (
        "cohort HIDSCI241 cannot be used from this course: it lives in a category that is not "
        "above the course, or is hidden" + BY_HAND + "4"
    )
    assert course.warnings == ("cohort HIDSCI241 is hidden: teachers will not see it",)


def test_a_lost_answer_to_the_first_read_is_read_again(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    with sim_pool(monkeypatch, build_mixed) as (pool, transport):
        transport.faults["core_webservice_get_site_info"] = [LOST_BEFORE]
        plan = plan_of(pool, write_plan(tmp_path / "p.yml", {"courses": ["CIRC-L1"]}))
    assert plan.plugin and [p.course.shortname for p in plan.courses] == ["CIRC-L1"]
    assert transport.calls("core_webservice_get_site_info") == 2
    assert transport.pauses.seconds == [0.2]


def test_core_only_disables_an_old_code_the_site_lacks_by_its_code_alone(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Core cannot say whether last year's cohort is attached, nor even that it exists: the
    upload file still disables it by code, shown as no known cohort (id 0, no name)."""
    plan_file = {
        "rules": {"codes": {"GONE231": "L1INBV241"}},
        "courses": [{"course": "CIRC-L1", "cohorts": ["L1INBV241"]}],
    }
    with sim_pool(monkeypatch, build_mixed, who="coreonly") as (pool, _):
        plan = plan_of(pool, write_plan(tmp_path / "p.yml", plan_file))
    [course] = _by_course(plan).values()
    assert course["held"] is None
    disable = course["changes"][1]
    assert (disable["action"], disable["role"]) == ("disable", "student")
    assert disable["cohort"] == {"id": 0, "idnumber": "GONE231", "name": "", "visible": True}
    assert disable["reason"] == "disable last year's GONE231 if attached (rule GONE231 → L1INBV241)"
    text, left_out = plan_csv(plan)
    assert text.splitlines()[1:] == [
        "add,cohort,CIRC-L1,L1INBV241,0,,student",
        "upd,cohort,CIRC-L1,GONE231,1,,student",
    ]
    assert left_out == []


def test_a_rule_carries_over_a_role_or_group_moodle_gives_no_name_by_its_id(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Last year's method has a role since deleted and a group without a name: the new cohort
    gets the same ids, and the plan says which ids rather than « none »."""

    def build(site: Site) -> None:
        build_mixed(site)
        site.groups[77] = Group(77, 3, "")
        attach(site, 3, 11, 99, 77)  # L1INFO231 in CIRC-L1

    plan_file = {"rules": {"codes": {"L1INFO231": "L1INFO241"}}, "courses": ["CIRC-L1"]}
    with sim_pool(monkeypatch, build) as (pool, _):
        plan = plan_of(pool, write_plan(tmp_path / "p.yml", plan_file))
    [course] = plan.courses
    carried = [
        (c.role, c.role_id, c.group, c.group_id, c.reason)
        for c in course.changes
        if c.kind == "attach"
    ]
    rule = "rule L1INFO231 → L1INFO241, rename"
    assert carried == [
        ("student", STUDENT, "none", 0, f"attach with role student, group none ({rule})"),
        ("99", 99, "id 77", 77, f"attach with role 99, group id 77 ({rule})"),
    ]


def test_with_the_plugin_member_counts_are_read_for_the_new_cohorts_only(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Last year's cohorts are full: counting their members would be the plan's heaviest
    read, for nothing (the plugin already says which of them each course has)."""
    with sim_pool(monkeypatch, build_mixed) as (pool, transport):
        plan_of(pool, write_plan(tmp_path / "p.yml", MIXED_PLAN))
    asked = [
        sorted(map(int, fields["cohortids"].values()))
        for function, fields in transport.sent
        if function == "core_cohort_get_cohort_members"
    ]
    new = {"L1CHIM241": 10, "L1INFO241": 12, "L1INBV241": 13, "L3HIDE241": 14, "PASMED241": 15}
    assert asked == [sorted([6, *new.values()])]  # 6: RETHC01-A, held for its markup


def test_a_course_deleted_between_two_reads_never_stops_the_plan(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The plugin lists ANAT-PASS, then it is gone when its category is read: the others are
    planned as usual, and applying fails on that course alone."""
    rules = {"PASMED231": "PASMED241", "L1INFO231": ["L1INFO241", "L1INBV241"]}

    def deleted_meanwhile(site: Site) -> None:
        del site.courses[4]

    with sim_pool(monkeypatch, build_mixed) as (pool, transport):
        transport.faults["core_course_get_courses_by_field"] = [deleted_meanwhile]
        plan = plan_of(pool, write_plan(tmp_path / "p.yml", {"rules": {"codes": rules}}))
    courses = _by_course(plan)
    assert list(courses) == ["ANAT-PASS", "CIRC-L1"]
    assert courses["CIRC-L1"]["held"] is None
    assert [c["action"] for c in courses["CIRC-L1"]["changes"]] == ["attach", "attach", "disable"]
