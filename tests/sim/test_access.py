"""Access and visibility rules (contract §1.5, §1.6, §6) beyond what the transcripts show."""

from __future__ import annotations

import requests

from sync_helper.sim import SimServer
from sync_helper.sim.state import Service, Token
from tests.sim.conftest import REST, rest

SEARCH = "core_cohort_search_cohorts"


def _ids(answer: dict) -> list[int]:
    return [cohort["id"] for cohort in answer["cohorts"]]


def test_self_lists_only_the_context_and_pages_by_page_number(sim: SimServer) -> None:
    everything = {"query": "", "context[contextid]": "1", "includes": "self", "limitnum": "2"}
    assert _ids(rest(sim, "admin", SEARCH, **everything)) == [4, 1]
    assert _ids(rest(sim, "admin", SEARCH, **everything, limitfrom="1")) == [2, 6]
    category = {"query": "", "context[contextlevel]": "coursecat", "context[instanceid]": "2"}
    assert _ids(rest(sim, "admin", SEARCH, **category, includes="self")) == [3]


def test_parents_from_a_category_adds_ancestors_once(sim: SimServer) -> None:
    answer = rest(
        sim, "admin", SEARCH, query="", includes="parents", **{"context[contextid]": "86"}
    )
    assert sorted(_ids(answer)) == [1, 2, 3, 4, 6]


def test_cohort_of_another_category_is_never_available_from_a_course(sim: SimServer) -> None:
    answer = rest(
        sim,
        "admin",
        SEARCH,
        query="PASMED",
        **{"context[contextlevel]": "course", "context[instanceid]": "2"},
    )
    assert answer == {"cohorts": []}


def test_all_from_a_course_needs_system_permission(sim: SimServer) -> None:
    answer = rest(
        sim,
        "teacher",
        SEARCH,
        query="",
        includes="all",
        **{"context[contextlevel]": "course", "context[instanceid]": "2"},
    )
    assert answer["errorcode"] == "nopermissions"


def test_course_the_teacher_cannot_enter_is_requireloginerror(sim: SimServer) -> None:
    answer = rest(
        sim,
        "teacher",
        SEARCH,
        query="",
        **{"context[contextlevel]": "course", "context[instanceid]": "4"},
    )
    assert answer["errorcode"] == "requireloginerror"


def test_unknown_context_and_level(sim: SimServer) -> None:
    missing = rest(sim, "admin", SEARCH, query="", **{"context[contextid]": "999"})
    level = rest(
        sim,
        "admin",
        SEARCH,
        query="",
        **{"context[contextlevel]": "planet", "context[instanceid]": "1"},
    )
    assert missing["errorcode"] == level["errorcode"] == "invalidparameter"


def test_teacher_sees_only_public_fields_of_a_course_they_cannot_enter(sim: SimServer) -> None:
    course = rest(sim, "teacher", "core_course_get_courses_by_field", field="id", value="4")
    assert "format" not in course["courses"][0]
    assert course["courses"][0]["shortname"] == "ANAT-PASS"


def test_teacher_groups_of_other_course_is_errorcoursecontextnotvalid(sim: SimServer) -> None:
    answer = rest(sim, "teacher", "core_group_get_course_groups", courseid="4")
    assert answer["errorcode"] == "errorcoursecontextnotvalid"


def test_teacher_cannot_attach_from_another_category_nor_assign_manager(sim: SimServer) -> None:
    def add(cohort: str, role: str) -> dict:
        return rest(
            sim,
            "teacher",
            "local_ws_enrolcohort_add_instance",
            **{"instance[courseid]": "2", "instance[cohortid]": cohort, "instance[roleid]": role},
        )

    assert add("5", "5")["errorcode"] == "unavailableatcontext"
    assert add("2", "1")["exception"].endswith("role_not_assignable_at_context_exception")


def test_get_instances_of_all_courses_and_site_course(sim: SimServer) -> None:
    everything = rest(sim, "admin", "local_ws_enrolcohort_get_instances", **{"course[id]": "-1"})
    assert everything["message"] == "Found 0 cohort enrolment instances in 3 courses (All courses)."
    site = rest(sim, "admin", "local_ws_enrolcohort_get_instances", **{"course[id]": "1"})
    assert site["errorcode"] == "invalidcourse"


def test_restricted_service_needs_an_authorised_user(sim: SimServer) -> None:
    service = sim.site.services[1]
    service.restrictedusers = True
    assert rest(sim, "teacher", "core_webservice_get_site_info")["errorcode"] == "accessexception"
    service.authorised.append(73)
    assert rest(sim, "teacher", "core_webservice_get_site_info")["userid"] == 73


def test_expired_token_is_accessexception_and_removed(sim: SimServer) -> None:
    value = sim.tokens["teacher"]
    sim.site.tokens[value].validuntil = 1
    assert rest(sim, "teacher", "core_webservice_get_site_info")["errorcode"] == "accessexception"
    assert value not in sim.site.tokens


def test_modern_class_names_and_debuginfo_switches(sim: SimServer) -> None:
    sim.site.settings.update(modern_exceptions=True, debug=True)
    answer = rest(sim, "admin", "core_enrol_get_course_enrolment_methods", courseid="02")
    assert answer["exception"] == "core\\exception\\invalid_parameter_exception"
    assert "courseid" in answer["debuginfo"]


def test_void_function_in_xml_is_an_empty_response(sim: SimServer) -> None:
    response = requests.post(
        sim.url + REST,
        data={
            "wstoken": sim.tokens["admin"],
            "wsfunction": "enrol_manual_enrol_users",
            "enrolments[0][roleid]": "5",
            "enrolments[0][userid]": "4",
            "enrolments[0][courseid]": "2",
        },
        timeout=10,
    )
    assert response.text == '<?xml version="1.0" encoding="UTF-8" ?>\n<RESPONSE>\n</RESPONSE>\n'


def test_token_endpoint_reuses_or_refuses(sim: SimServer) -> None:
    sim.site.services[3] = Service(3, "Other", "other", ["core_webservice_get_site_info"])

    def ask(username: str, password: str, service: str) -> dict:
        return requests.get(
            sim.url + "/login/token.php",
            params={"username": username, "password": password, "service": service},
            timeout=10,
        ).json()

    assert ask("prof", "Prof-Passw0rd!", "cohortsync")["token"] == sim.tokens["teacher"]
    assert ask("admin", "Admin-Passw0rd!", "other")["errorcode"] == "cannotcreatetoken"
    assert ask("prof", "nope", "other")["errorcode"] == "invalidlogin"
    assert set(ask("prof", "Prof-Passw0rd!", "other")) == {
        "error",
        "errorcode",
        "stacktrace",
        "debuginfo",
        "reproductionlink",
    }


def test_token_created_when_the_user_may_create_tokens(sim: SimServer) -> None:
    sim.site.settings["authenticated_capabilities"].append("moodle/webservice:createtoken")
    answer = requests.post(
        sim.url + "/login/token.php",
        data={"username": "prof", "password": "Prof-Passw0rd!", "service": "coreonly"},
        timeout=10,
    ).json()
    token = sim.site.tokens[answer["token"]]
    assert isinstance(token, Token) and token.userid == 73 and token.serviceid == 2


def test_unknown_path_is_404(sim: SimServer) -> None:
    assert requests.get(sim.url + "/admin/", timeout=10).status_code == 404


def test_hidden_course_methods_are_coursehidden_for_outsiders(sim: SimServer) -> None:
    sim.site.courses[4].visible = 0
    answer = rest(sim, "teacher", "core_enrol_get_course_enrolment_methods", courseid="4")
    assert answer["errorcode"] == "coursehidden"
    assert rest(sim, "admin", "core_enrol_get_course_enrolment_methods", courseid="4") == []


def test_secrets_stay_out_of_repr(sim: SimServer) -> None:
    text = repr(list(sim.site.tokens.values())) + repr(sim.site) + repr(sim.site.users[73])
    assert all(token not in text for token in sim.tokens.values())
    assert "Prof-Passw0rd!" not in text
