"""Every Moodle command end to end: the CLI as a subprocess, the simulator over HTTP."""

from __future__ import annotations

from pathlib import Path

from sync_helper.sim import SimServer
from tests.cli.conftest import Cli

THERMO = "2"  # course "Introduction à la thermodynamique", shortname THERMO-L1


def cohort_instances(sim: SimServer, course: int = 2) -> list[tuple[int, int, int, int]]:
    """(cohort id, role id, group id, status) of the course's cohort-sync instances."""
    return sorted(
        (i.customint1, i.roleid, i.customint2, i.status)
        for i in sim.site.course_instances(course, "cohort")
    )


def test_check_reports_site_release_user_and_what_the_token_allows(cli: Cli) -> None:
    run = cli("check")
    assert run.code == 0, run.err
    assert "4.2.3" in run.out
    assert "attach/detach" in run.out
    data = cli("--json", "check").json()
    assert data["functions"]["local_ws_enrolcohort_add_instance"] is True
    core = cli("--json", "check", who="coreonly").json()
    assert core["functions"]["local_ws_enrolcohort_add_instance"] is False
    assert core["allows"].startswith("read only (core Moodle)")


def test_cohorts_search_site_wide_and_from_a_course(cli: Cli) -> None:
    run = cli("cohorts", "search", "L1CH")
    assert run.code == 0, run.err
    assert "L1CHIM231" in run.out and "L1CHBV231" in run.out
    data = cli("--json", "cohorts", "search", "", "--course", "THERMO-L1").json()
    codes = {c["idnumber"] for c in data["cohorts"]}
    assert "PASMED231" not in codes  # lives in another category: not usable in this course
    assert "L2CHIM231" in codes
    hidden = cli("--json", "cohorts", "search", "L3HIDE", "--course", THERMO, who="teacher")
    assert hidden.json()["cohorts"] == []


def test_status_sync_twice_and_status_again(cli: Cli, sim: SimServer) -> None:
    assert "No cohort is synchronised" in cli("status", THERMO).out
    first = cli("--json", "sync", THERMO, "L1CHIM231", "--role", "student")
    assert first.code == 0, first.err
    assert [a["action"] for a in first.json()["actions"]] == ["add"]
    assert cohort_instances(sim) == [(1, 5, 0, 0)]
    second = cli("--json", "sync", THERMO, "L1CHIM231", "--role", "student")
    assert second.code == 0, second.err
    assert [a["action"] for a in second.json()["actions"]] == ["none"]
    assert cohort_instances(sim) == [(1, 5, 0, 0)]
    status = cli("--json", "status", "THERMO-L1").json()
    (instance,) = status["instances"]
    assert instance["cohort"]["idnumber"] == "L1CHIM231"
    assert (instance["role"], instance["enabled"], instance["enrolled"]) == ("student", True, 64)
    table = cli("status", f"{sim.url}/course/view.php?id=2")
    assert "L1CHIM231" in table.out and "64" in table.out


def test_sync_several_cohorts_into_a_new_group_and_an_existing_one(
    cli: Cli, sim: SimServer
) -> None:
    run = cli("sync", "THERMO-L1", "L1CHBV231", "--group", "new")
    assert run.code == 0, run.err
    ((_, _, group, _),) = cohort_instances(sim)
    assert sim.site.groups[group].name == "LICENCE 1 CHIMIE (BEAUVAIS) cohort"
    run = cli("sync", THERMO, "L1CHIM231", "L2CHIM231", "--group", "Groupe Amiens")
    assert run.code == 0, run.err
    assert {g for _, _, g, _ in cohort_instances(sim)} == {group, 1}
    missing = cli("sync", THERMO, "L1CHIM231", "--group", "Groupe Lune")
    assert missing.code == 4
    assert "Groupe Amiens" in missing.err


def test_dry_run_writes_nothing(cli: Cli, sim: SimServer) -> None:
    run = cli("--dry-run", "sync", THERMO, "L1CHIM231")
    assert run.code == 0, run.err
    assert "Dry run: nothing was changed." in run.out
    assert cohort_instances(sim) == []
    cli("sync", THERMO, "L1CHIM231")
    dry = cli("--dry-run", "--json", "unsync", THERMO, "L1CHIM231")
    assert [a["action"] for a in dry.json()["actions"]] == ["delete"]
    assert dry.json()["outcome"] == "planned"
    assert cohort_instances(sim) == [(1, 5, 0, 0)]


def test_attach_disabled_adds_then_disables(cli: Cli, sim: SimServer) -> None:
    run = cli("sync", THERMO, "L1CHIM231", "--disabled")
    assert run.code == 0, run.err
    assert cohort_instances(sim) == [(1, 5, 0, 1)]
    enable = cli("--json", "sync", THERMO, "L1CHIM231")
    assert [a["action"] for a in enable.json()["actions"]] == ["enable"]
    assert cohort_instances(sim) == [(1, 5, 0, 0)]


def test_disable_then_disable_again_is_a_no_op(cli: Cli, sim: SimServer) -> None:
    cli("sync", THERMO, "L1CHIM231")
    run = cli("--json", "unsync", THERMO, "L1CHIM231", "--disable")
    assert run.code == 0, run.err
    (action,) = run.json()["actions"]
    assert (action["action"], action["enrolled"]) == ("disable", 64)
    assert cohort_instances(sim) == [(1, 5, 0, 1)]
    again = cli("--json", "unsync", THERMO, "L1CHIM231", "--disable")
    assert [a["action"] for a in again.json()["actions"]] == ["none"]


def test_delete_needs_yes_without_a_terminal_and_is_idempotent(cli: Cli, sim: SimServer) -> None:
    cli("sync", THERMO, "L1CHIM231")
    refused = cli("unsync", THERMO, "L1CHIM231")
    assert refused.code == 2
    assert "--yes" in refused.err
    assert "64" in refused.err  # the users affected are stated first
    assert cohort_instances(sim) == [(1, 5, 0, 0)]
    done = cli("--yes", "unsync", THERMO, "L1CHIM231")
    assert done.code == 0, done.err
    assert cohort_instances(sim) == []
    again = cli("--yes", "--json", "unsync", THERMO, "L1CHIM231")
    assert again.code == 0
    assert again.json()["actions"][0]["reason"].startswith("not attached")


def test_without_the_plugin_sync_gives_the_page_and_the_csv(
    cli: Cli, sim: SimServer, tmp_path: Path
) -> None:
    run = cli("sync", THERMO, "L1CHIM231", "--group", "new", who="coreonly")
    assert run.code == 5
    assert f"{sim.url}/enrol/editinstance.php?type=cohort&courseid=2" in run.out
    assert "Attribuer un rôle" in run.out and "Étudiant" in run.out
    assert "Créer un nouveau groupe" in run.out
    assert "operation,method,shortname,metacohort,disabled,group,role" in run.out
    csv_file = tmp_path / "rentree.csv"
    dry = cli("--dry-run", "sync", THERMO, "L1CHIM231", "--csv", str(csv_file), who="coreonly")
    assert dry.code == 5
    assert not csv_file.exists()
    written = cli("sync", THERMO, "L1CHIM231", "--csv", str(csv_file), who="coreonly")
    assert written.code == 0, written.err
    assert csv_file.read_text(encoding="utf-8").splitlines() == [
        "operation,method,shortname,metacohort,disabled,group,role",
        "add,cohort,THERMO-L1,L1CHIM231,0,,student",
    ]
    assert cohort_instances(sim) == []
    unsync = cli("--json", "unsync", THERMO, "L1CHIM231", "--disable", who="coreonly")
    assert unsync.code == 5
    assert unsync.json()["manual"]["csv_rows"] == [
        ["upd", "cohort", "THERMO-L1", "L1CHIM231", "1", "", "student"]
    ]


def test_without_the_plugin_status_says_what_core_can_tell(cli: Cli) -> None:
    cli("sync", THERMO, "L1CHIM231")
    run = cli("status", THERMO, who="coreonly")
    assert run.code == 0, run.err
    assert "1 enabled cohort-sync method(s)" in run.out
    assert cli("--json", "status", THERMO, who="coreonly").json()["instances"] is None


def test_teacher_sees_instances_but_not_member_counts(cli: Cli) -> None:
    cli("sync", THERMO, "L1CHIM231")
    data = cli("--json", "status", THERMO, who="teacher").json()
    assert data["instances"][0]["enrolled"] is None
