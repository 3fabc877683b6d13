"""Scenario loading: bundled sites, the demo built from the catalog, clear errors on bad files."""

from __future__ import annotations

from pathlib import Path

import pytest

from sync_helper.catalog.load import load_catalog
from sync_helper.institution import load_institution
from sync_helper.sim import SimServer
from sync_helper.sim.scenario import ScenarioError, load_scenario
from tests.sim.conftest import rest

ROOT = Path(__file__).resolve().parents[2]


def test_transcripts_scenario_continues_the_recorded_ids() -> None:
    site, tokens = load_scenario("transcripts")
    assert site.next_ids["enrol"] == 13 and site.next_ids["groups"] == 2
    assert set(tokens) == {"admin", "teacher", "coreonly"}


def test_tokens_are_drawn_afresh_on_each_load() -> None:
    assert load_scenario("transcripts")[1] != load_scenario("transcripts")[1]


def test_demo_has_one_cohort_per_sample_formation() -> None:
    institution = load_institution(ROOT / "institution.yml")
    catalog = load_catalog(institution.catalog_files, institution.cohort_code_template)
    expected = {(f.cohort_code(catalog.cohort_template), f.label) for f in catalog.formations}
    with SimServer.start(scenario="demo") as sim:
        cohorts = rest(sim, "admin", "core_cohort_get_cohorts")
        members = rest(sim, "admin", "core_cohort_get_cohort_members", **{"cohortids[0]": "1"})
        teacher = rest(sim, "teacher", "core_webservice_get_site_info")
    assert {(c["idnumber"], c["name"]) for c in cohorts} == expected
    assert members[0]["userids"]
    assert teacher["userissiteadmin"] is False


def test_scenario_file_path(tmp_path: Path) -> None:
    path = tmp_path / "tiny.json"
    path.write_text(
        '{"contexts": [{"id": 1, "level": 10, "instanceid": 0, "parentid": null}],'
        ' "users": [{"id": 2, "username": "a", "firstname": "A", "lastname": "B"}],'
        ' "services": [{"id": 1, "name": "s", "shortname": "s",'
        ' "functions": ["core_webservice_get_site_info"]}],'
        ' "tokens": [{"name": "a", "userid": 2, "serviceid": 1}],'
        ' "settings": {"authenticated_capabilities": ["webservice/rest:use"]}}',
        encoding="utf-8",
    )
    with SimServer.start(scenario=path) as sim:
        assert rest(sim, "a", "core_webservice_get_site_info")["username"] == "a"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{", "line 1: not valid JSON"),
        ("[]", "a scenario is a JSON object"),
        ('{"planets": []}', "unknown key(s): planets"),
        ('{"users": [{"id": 1}]}', "users[0]: "),
        ('{"users": [3]}', "users[0]: expected an object"),
    ],
)
def test_bad_scenarios_name_the_problem(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "bad.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    assert str(caught.value).startswith(f"{path}: ")
    assert message in str(caught.value)


def test_missing_file() -> None:
    with pytest.raises(ScenarioError, match="cannot read scenario"):
        load_scenario(Path("/nonexistent/site.json"))
