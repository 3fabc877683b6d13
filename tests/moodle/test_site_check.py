"""``check``: which site, which user, and what this token lets the helper do, said truly."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from sync_helper.moodle.client import SITE_INFO, MoodleClient
from sync_helper.moodle.cohorts import SEARCH_COHORTS
from sync_helper.moodle.courses import GET_COURSES
from sync_helper.moodle.instances import GET_INSTANCES, PLUGIN_FUNCTIONS
from sync_helper.moodle.secret import Secret
from sync_helper.moodle.settings import ClientSettings
from sync_helper.moodle.site_check import NEEDED_FUNCTIONS, check, what_it_allows
from sync_helper.sim import SimServer
from tests.moodle.test_client_contract import Scripted, client_with, ok

EVERYTHING = dict.fromkeys(NEEDED_FUNCTIONS, True)
CORE_ONLY = {**EVERYTHING, **dict.fromkeys(PLUGIN_FUNCTIONS, False)}


@pytest.fixture(scope="module")
def sim() -> Iterator[SimServer]:
    with SimServer.start(scenario="transcripts", port=0) as server:
        yield server


def client(sim: SimServer, who: str) -> MoodleClient:
    return MoodleClient(ClientSettings(url=sim.url, token=Secret(sim.tokens[who])))


def test_a_token_with_the_plugin_can_attach_and_detach(sim: SimServer) -> None:
    report = check(client(sim, "teacher"))
    assert report.as_dict() == {
        "site": "UPJV Test",
        "url": sim.url,
        "release": "4.2.3 (Build: 20231009)",
        "user": "Prof Chimie (prof)",
        "functions": EVERYTHING,
        "allows": "attach/detach: search, status, sync and unsync through web services",
    }


def test_a_core_only_token_is_told_it_gets_the_page_or_a_csv(sim: SimServer) -> None:
    report = check(client(sim, "coreonly"))
    assert report.functions == CORE_ONLY
    assert report.user == "Admin User (admin)"
    assert report.allows == (
        "read only (core Moodle): search and a partial status; sync/unsync give the Moodle page "
        "to open or a CSV, because local_ws_enrolcohort is not in this token's service"
    )


def test_reading_instances_without_writing_them_is_read_only() -> None:
    present = {**CORE_ONLY, GET_INSTANCES: True}
    assert what_it_allows(present) == (
        "read only: search and status; add the other local_ws_enrolcohort functions to sync"
    )


@pytest.mark.parametrize("missing", PLUGIN_FUNCTIONS)
def test_one_write_function_missing_is_not_attach_and_detach(missing: str) -> None:
    assert not what_it_allows({**EVERYTHING, missing: False}).startswith("attach/detach")


@pytest.mark.parametrize(
    ("missing", "named"),
    [
        ((GET_COURSES,), GET_COURSES),
        ((SEARCH_COHORTS,), SEARCH_COHORTS),
        ((GET_COURSES, SEARCH_COHORTS), f"{GET_COURSES}, {SEARCH_COHORTS}"),
    ],
)
def test_without_the_core_reads_little_works_and_the_missing_ones_are_named(
    missing: tuple[str, ...], named: str
) -> None:
    present = {**EVERYTHING, **dict.fromkeys(missing, False)}
    assert what_it_allows(present) == (
        f"little: add {named} to the service to find courses and cohorts"
    )


def test_a_site_that_omits_its_url_and_release_is_shown_by_the_configured_url_and_version() -> None:
    answer = ok(
        {
            "sitename": "Moodle IUT",
            "username": "ws",
            "fullname": "Service Web",
            "version": "2023042403",
            "functions": [{"name": SITE_INFO}, {"name": GET_COURSES}],
        }
    )
    moodle, _ = client_with(Scripted(answer))
    report = check(moodle)
    assert (report.site, report.url, report.release, report.user) == (
        "Moodle IUT",
        "https://moodle.example.org",
        "2023042403",
        "Service Web (ws)",
    )
    assert report.functions[GET_COURSES] and not report.functions[SEARCH_COHORTS]
