"""``rollover apply`` on the mixed site: confirmation, the result, the report, a no-op rerun."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from sync_helper.sim import SimServer
from tests.cli.conftest import Cli
from tests.rollover.conftest import EDITINGTEACHER, STUDENT, TEACHER, cohort_sync, writes


def test_apply_reaches_the_plan_and_a_second_run_changes_nothing(
    mixed: tuple[SimServer, Path], run: Cli
) -> None:
    sim, plan = mixed
    held_before = {course: cohort_sync(sim.site, course) for course in (4, 20, 22)}
    result = run("--yes", "rollover", "apply", str(plan))
    assert result.code == 0, result.out + result.err
    assert cohort_sync(sim.site, 2) == [
        ("L1CHBV231", STUDENT, 0, 1),
        ("L1CHIM231", EDITINGTEACHER, 0, 1),
        ("L1CHIM231", STUDENT, 1, 1),
        ("L1CHIM241", EDITINGTEACHER, 0, 0),
        ("L1CHIM241", STUDENT, 1, 0),
    ]
    assert cohort_sync(sim.site, 3) == [
        ("L1INBV241", STUDENT, 0, 0),
        ("L1INFO231", STUDENT, 0, 1),
        ("L1INFO241", STUDENT, 0, 0),
    ]
    explicit = cohort_sync(sim.site, 24)
    assert explicit[0] == ("L1CHBV231", STUDENT, 0, 1)
    assert explicit[1][:2] == ("L1CHIM241", STUDENT) and explicit[1][2] > 1  # a new group
    assert explicit[2] == ("L1INFO241", TEACHER, 0, 0)
    assert {c: cohort_sync(sim.site, c) for c in held_before} == held_before
    assert "skipped: MIXED-MARKUP:" in result.out
    assert "0 failed" in result.out
    served = writes(sim.site)
    assert served == 13  # one write call per change: 5 attach, 2 update, 6 disable
    again = run("--yes", "rollover", "apply", str(plan))
    assert again.code == 0
    assert "4 finished earlier" in again.out
    fresh = run("--yes", "rollover", "apply", str(plan), "--fresh")
    assert fresh.code == 0
    assert writes(sim.site) == served  # neither rerun wrote anything


def test_apply_refuses_without_confirmation(mixed: tuple[SimServer, Path], run: Cli) -> None:
    sim, plan = mixed
    result = run("rollover", "apply", str(plan))
    assert result.code == 2
    assert "--yes" in result.err
    assert writes(sim.site) == 0


def test_deleting_needs_a_second_confirmation(mixed: tuple[SimServer, Path], run: Cli) -> None:
    sim, plan = mixed
    refused = run("--yes", "rollover", "apply", str(plan), "--delete-old")
    assert refused.code == 2
    assert "--confirm-delete" in refused.err
    assert writes(sim.site) == 0
    done = run("--yes", "rollover", "apply", str(plan), "--delete-old", "--confirm-delete")
    assert done.code == 0, done.err
    assert [code for code, *_ in cohort_sync(sim.site, 3)] == ["L1INBV241", "L1INFO241"]


def test_apply_json_report(mixed: tuple[SimServer, Path], run: Cli) -> None:
    result = run("--json", "--yes", "rollover", "apply", str(mixed[1]))
    report = result.json()
    assert report["ok"] is True
    statuses = {c["course"]["shortname"]: c["status"] for c in report["courses"]}
    assert statuses["THERMO-L1"] == "applied"
    assert statuses["MIXED-MISSING"] == "skipped"
    assert statuses["MIXED-DONE"] == "nothing"
    assert report["counts"]["changes_done"] == 13


def test_apply_csv_without_the_plugin(
    mixed: tuple[SimServer, Path], run: Cli, tmp_path: Path
) -> None:
    sim, plan = mixed
    target = tmp_path / "upload.csv"
    result = run("rollover", "apply", str(plan), "--csv", str(target), who="coreonly")
    assert result.code == 0, result.err
    rows = list(csv.reader(io.StringIO(target.read_text(encoding="utf-8"))))
    assert rows[0] == [
        "operation",
        "method",
        "shortname",
        "metacohort",
        "disabled",
        "group",
        "role",
    ]
    assert [
        "add",
        "cohort",
        "MIXED-EXPLICIT",
        "L1CHIM241",
        "0",
        "Cohorte L1CHIM241 cohort",
        "student",
    ] in rows
    assert ["upd", "cohort", "MIXED-EXPLICIT", "L1CHBV231", "1", "", "student"] in rows
    assert not any(row[2] == "THERMO-L1" for row in rows)  # held: rules need the plugin
    assert writes(sim.site) == 0


def test_bad_plan_file_names_line_and_field(run: Cli, tmp_path: Path) -> None:
    plan = tmp_path / "bad.yml"
    plan.write_text(
        "courses:\n  - course: THERMO-L1\n    cohorts:\n      - {code: L1CHIM241, role: prof}\n"
        "  - cours: X\n",
        encoding="utf-8",
    )
    result = run("rollover", "plan", str(plan))
    assert result.code == 1
    assert f"{plan}:4: courses[0].cohorts[0].role: unknown role 'prof'" in result.err
    assert f"{plan}:5: courses[1].cours: unknown key" in result.err
    assert result.out == ""


def test_a_teachers_token_plans_from_its_course_and_never_drops_the_old_cohort(
    mixed: tuple[SimServer, Path], run: Cli, tmp_path: Path
) -> None:
    """The teacher may attach students but not editing teachers: the old cohort stays on."""
    sim, _ = mixed
    plan = tmp_path / "thermo.yml"
    plan.write_text(
        "rules:\n  codes: {L1CHIM231: L1CHIM241, L1CHBV231: L1CHIM241}\ncourses: [THERMO-L1]\n",
        "utf-8",
    )
    planned = run("--json", "rollover", "plan", str(plan), who="teacher")
    assert planned.code == 0, planned.err
    kinds = [c["action"] for c in planned.json()["courses"][0]["changes"]]
    assert kinds == ["attach", "attach", "disable", "disable", "disable"]
    result = run("--yes", "rollover", "apply", str(plan), who="teacher")
    assert result.code == 7  # one change done, one refused
    assert "failed: THERMO-L1: attach L1CHIM241: " in result.out
    assert "not tried: THERMO-L1: disable L1CHIM231: kept: L1CHIM241 could not be attached" in (
        result.out
    )
    assert [status for *_, status in cohort_sync(sim.site, 2)] == [0, 0, 0, 0]  # all enabled
