"""The M1 contract of ``SimServer``: URL, tokens, state, three functions, stop on exit."""

from __future__ import annotations

import re

import pytest
import requests

from sync_helper.sim import SimServer
from tests.sim.conftest import REST, rest


def test_start_exposes_url_tokens_and_site(sim: SimServer) -> None:
    assert re.fullmatch(r"http://127\.0\.0\.1:\d+", sim.url)
    assert set(sim.tokens) == {"admin", "teacher", "coreonly"}
    assert all(re.fullmatch(r"[0-9a-f]{32}", value) for value in sim.tokens.values())
    assert sim.site.cohorts[1].idnumber == "L1CHIM231"


def test_tokens_are_not_in_repr(sim: SimServer) -> None:
    assert all(value not in repr(sim) for value in sim.tokens.values())


def test_three_core_functions_answer(sim: SimServer) -> None:
    info = rest(sim, "admin", "core_webservice_get_site_info")
    assert info["siteurl"] == sim.url
    found = rest(
        sim,
        "teacher",
        "core_cohort_search_cohorts",
        query="L1CH",
        **{"context[contextlevel]": "course", "context[instanceid]": "2"},
    )
    assert [c["idnumber"] for c in found["cohorts"]] == ["L1CHIM231", "L1CHBV231"]
    courses = rest(
        sim, "admin", "core_course_get_courses_by_field", field="shortname", value="CIRC-L1"
    )
    assert [c["id"] for c in courses["courses"]] == [3]


def test_state_changes_are_visible_to_the_next_request(sim: SimServer) -> None:
    sim.site.cohorts[2].name = "Renamed"
    found = rest(sim, "admin", "core_cohort_get_cohorts", **{"cohortids[0]": "2"})
    assert found[0]["name"] == "Renamed"


def test_server_stops_on_exit() -> None:
    with SimServer.start() as server:
        url = server.url
    with pytest.raises(requests.ConnectionError):
        requests.post(url + REST, data={}, timeout=2)


def test_multipart_body_is_read_like_a_form(sim: SimServer) -> None:
    fields = {
        "wstoken": sim.tokens["admin"],
        "wsfunction": "core_cohort_get_cohorts",
        "moodlewsrestformat": "json",
        "cohortids[0]": "3",
    }
    files = {name: (None, value) for name, value in fields.items()}
    answer = requests.post(sim.url + REST, files=files, timeout=10).json()
    assert [cohort["id"] for cohort in answer] == [3]


def test_json_body_is_ignored_like_moodle(sim: SimServer) -> None:
    answer = requests.post(
        sim.url + REST,
        params={"moodlewsrestformat": "json"},
        json={"wstoken": sim.tokens["admin"]},
        timeout=10,
    )
    assert answer.json()["errorcode"] == "invalidtoken"


def test_body_wins_over_query_at_top_level(sim: SimServer) -> None:
    answer = requests.post(
        sim.url + REST,
        params={"wsfunction": "core_cohort_get_cohorts", "cohortids[0]": "1"},
        data={
            "wstoken": sim.tokens["admin"],
            "wsfunction": "core_cohort_get_cohorts",
            "moodlewsrestformat": "json",
            "cohortids[1]": "2",
        },
        timeout=10,
    ).json()
    assert [cohort["id"] for cohort in answer] == [2]
