"""Per-cohort results, global options in both places and uncut tables: the CLI as a subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from sync_helper.sim import SimServer, cohortsync
from tests.cli.conftest import Cli

pytestmark = pytest.mark.parametrize("sim", ["quirks"], indirect=True)


def test_2_partial_success_is_reported_per_cohort_with_exit_7(cli: Cli) -> None:
    run = cli("sync", "CIRC-L1", "L2CHIM231", "RETHC01-A", "L1CHBV231", "NOPE999", "--json")
    assert run.code == 7, run.err
    data = run.json()
    assert data["outcome"] == "partial" and data["exit_code"] == 7
    outcomes = {a["cohort"]["idnumber"]: a["outcome"] for a in data["actions"]}
    assert outcomes == {
        "NOPE999": "failed",
        "L2CHIM231": "done",
        "RETHC01-A": "failed",
        "L1CHBV231": "done",
    }
    text = cli("sync", "CIRC-L1", "L2CHIM231", "RETHC01-A")
    assert text.code == 7
    assert "already so" in text.out and "FAILED" in text.out and "markup" in text.out


def test_1_markup_cohort_alone_fails_with_the_reason_and_writes_nothing(
    cli: Cli, sim: SimServer
) -> None:
    run = cli("sync", "2", "RETHC01-A", "--disabled")
    assert run.code == 5
    assert "markup" in run.out and "invalidresponse" in run.out
    assert sim.site.course_instances(2, "cohort") == []


def test_10_global_options_after_the_command(cli: Cli) -> None:
    after = cli("status", "5", "--json")
    assert after.code == 0, after.err
    assert after.json()["instances"][0]["id"] == 33
    before = cli("--json", "status", "5")
    assert before.json() == after.json()
    remote = cli("status", "5", "--insecure-http", url="http://192.0.2.1")
    assert "refusing plain HTTP" not in remote.err


def test_11_tables_are_not_cut_off_a_terminal(sim: SimServer, tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MOODLE_", "COLUMNS"))}
    env.update(
        MOODLE_URL=sim.url,
        MOODLE_TOKEN=sim.tokens["admin"],
        COLUMNS="40",
        XDG_CONFIG_HOME=str(tmp_path),
    )
    out = subprocess.run(
        [sys.executable, "-m", "sync_helper", "cohorts", "search", "M1-INFO"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=True,
    ).stdout
    assert "m1-info-241" in out and "Master 1 Informatique — parcours IA" in out
    assert "…" not in out


def test_1_status_explains_an_unreadable_course_and_names_the_cohort(
    cli: Cli, sim: SimServer
) -> None:
    cohortsync.add_instance(sim.site, 2, {"cohortid": 6, "roleid": 5})  # as Moodle leaves it
    run = cli("status", "THERMO-L1")
    assert run.code == 5
    assert "RETHC01-A" in run.err and "markup" in run.err
    assert f"{sim.url}/enrol/instances.php?id=2" in run.err


def test_12_cohorts_search_without_match_exits_4_like_codes_search(cli: Cli) -> None:
    run = cli("cohorts", "search", "NOTHING-LIKE-THIS")
    assert run.code == 4
    assert "No cohort matches" in run.out
    assert cli("--json", "cohorts", "search", "NOTHING-LIKE-THIS").json()["cohorts"] == []


def test_5_a_cohort_without_code_shows_its_name_and_id(cli: Cli) -> None:
    run = cli("cohorts", "search", "sans code")
    assert "(no code, id 9)" in run.out and "Cohorte sans code" in run.out


def test_4_unsync_role_leaves_the_other_role_alone(cli: Cli, sim: SimServer) -> None:
    run = cli("--json", "unsync", "5", "L1CHIM231", "--role", "teacher", "--disable")
    assert run.code == 0, run.err
    (action,) = run.json()["actions"]
    assert action["outcome"] == "already" and "with role teacher" in action["reason"]
    assert sim.site.enrols[33].roleid == 5


def test_6_a_teacher_disables_a_hidden_cohort_the_course_shows(cli: Cli, sim: SimServer) -> None:
    cohortsync.add_instance(sim.site, 2, {"cohortid": 4, "roleid": 5})  # L3HIDE231, hidden
    run = cli("unsync", "THERMO-L1", "L3HIDE231", "--disable", who="teacher")
    assert run.code == 0, run.err + run.out
    (instance,) = sim.site.course_instances(2, "cohort")
    assert instance.status == 1


def test_2_when_every_cohort_fails_the_first_failure_sets_the_exit_code(cli: Cli) -> None:
    run = cli("--json", "sync", "2", "L1CH", "RETHC01-A")
    assert run.code == 4, run.err  # L1CH matches two cohorts: not found exactly
    data = run.json()
    assert data["outcome"] == "failed"
    assert [a["outcome"] for a in data["actions"]] == ["failed", "failed"]
    assert "matches 2 cohorts" in data["actions"][0]["error"]


def test_5_core_only_csv_leaves_out_a_cohort_without_code_and_says_why(
    cli: Cli, tmp_path: Path
) -> None:
    csv_file = tmp_path / "rentree.csv"
    run = cli("sync", "2", "L1CHIM231", "Cohorte sans code", "--csv", str(csv_file), who="coreonly")
    assert run.code == 7, run.err
    assert csv_file.read_text(encoding="utf-8").splitlines() == [
        "operation,method,shortname,metacohort,disabled,group,role",
        "add,cohort,THERMO-L1,L1CHIM231,0,,student",
    ]
    assert "Not in the CSV: Cohorte sans code (id 9, no code): no idnumber" in run.out
    only_nameless = cli(
        "sync", "2", "Cohorte sans code", "--csv", str(tmp_path / "x.csv"), who="coreonly"
    )
    assert only_nameless.code == 5 and not (tmp_path / "x.csv").exists()
