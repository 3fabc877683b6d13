"""Plan files as people write them (YAML, CSV with commas or semicolons) and catalog rules."""

from __future__ import annotations

from pathlib import Path

import pytest

from sync_helper.moodle.settings import DEFAULT_ROLES
from sync_helper.rollover.planfile import PlanFileError, load_plan_file
from sync_helper.sim import SimServer
from tests.cli.conftest import Cli
from tests.rollover.conftest import STUDENT, attach, build_cohort

ROOT = Path(__file__).resolve().parents[2]


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_csv_of_wanted_cohorts_with_semicolons(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "plan.csv",
        "\ufeffcourse;code;role;group\nTHERMO-L1;L1CHIM241;;\nTHERMO-L1;L1CHBV241;student;new\n"
        "CIRC-L1;L1CHIM241;editingteacher;Groupe A\n",
    )
    plan = load_plan_file(path, DEFAULT_ROLES)
    assert plan.scope == "listed"
    assert [(c.ref, [(w.code, w.role, w.group) for w in c.cohorts]) for c in plan.courses] == [
        ("THERMO-L1", [("L1CHIM241", "student", "none"), ("L1CHBV241", "student", "new")]),
        ("CIRC-L1", [("L1CHIM241", "editingteacher", "Groupe A")]),
    ]


def test_csv_rules_table_splits_and_merges(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "rules.csv",
        "from,to\nL1INFO231,L1INFO241\nL1INFO231,L1INBV241\nL1CHBV231,L1CHIM241\n"
        "L1CHIM231,L1CHIM241\n",
    )
    plan = load_plan_file(path, DEFAULT_ROLES)
    assert plan.scope == "site"
    assert plan.rules.targets("L1INFO231") == ("L1INFO241", "L1INBV241")
    assert plan.rules.kind("L1INFO231") == "split"
    assert plan.rules.kind("L1CHBV231") == "merge"
    assert plan.rules.sources_of("L1CHIM241") == ("L1CHBV231", "L1CHIM231")


@pytest.mark.parametrize(
    ("name", "text", "problem"),
    [
        ("bad.csv", "course,code,role\nX,L1,prof\n", "bad.csv:2: cohort.role: unknown role 'prof'"),
        ("bad.csv", "a,b\n1,2\n", "bad.csv:1: header: expected columns"),
        ("bad.csv", "from,to\nA,A\n", "bad.csv:2: to: maps a code to itself"),
        ("bad.yml", "courses: [\n", "bad.yml:2: not valid YAML"),
        ("bad.yml", "scope: everywhere\ncourses: [X]\n", "bad.yml:1: scope: expected one of"),
        ("bad.yml", "rules:\n  codes: {A: }\n", "bad.yml:2: rules.codes.A: expected a list"),
        ("bad.yml", "scope: site\ncourses: [X]\n", "bad.yml:1: scope: site needs rules"),
        ("bad.yml", "courses:\n  - X\n  - X\n", "bad.yml:3: courses[1]: course 'X' already"),
        ("bad.yml", "", "bad.yml: the plan is empty"),
    ],
)
def test_bad_plan_files_name_file_line_and_field(
    tmp_path: Path, name: str, text: str, problem: str
) -> None:
    with pytest.raises(PlanFileError) as caught:
        load_plan_file(_write(tmp_path, name, text), DEFAULT_ROLES)
    assert any(p.startswith(f"{tmp_path}/{problem}") for p in caught.value.problems), (
        caught.value.problems
    )


def test_rules_command_reads_the_sites_catalog(run: Cli) -> None:
    config = str(ROOT / "institution.yml")
    result = run(
        "rollover", "rules", "--from-year", "2022", "--to-year", "2023", "--config", config
    )
    assert result.code == 0, result.err
    assert "    L1CHIM221: L1CHIM231\n" in result.out
    assert "    L1INFO221: L1INFO231\n" in result.out
    later = run(
        "--json",
        "rollover",
        "rules",
        "--from-year",
        "2023",
        "--to-year",
        "2024",
        "--config",
        config,
    ).json()
    assert later["rules"] == {}
    assert {"code": "L1CHIM231", "why": "no formation L1CHIM in 2024 in the catalog"} in later[
        "unmapped"
    ]


def test_plan_uses_catalog_rules(mixed: tuple[SimServer, Path], run: Cli, tmp_path: Path) -> None:
    """A course holding L1INFO221 gets L1INFO231, the catalog's next version of L1INFO."""
    sim = mixed[0]
    build_cohort(sim.site, 30, "L1INFO221", [10])
    attach(sim.site, 23, 30, STUDENT)  # MIXED-NONE
    plan = _write(
        tmp_path,
        "plan.yml",
        'rules:\n  catalog: {from_year: "2022", to_year: "2023"}\ncourses: [MIXED-NONE]\n',
    )
    result = run("--json", "rollover", "plan", str(plan), "--config", str(ROOT / "institution.yml"))
    assert result.code == 0, result.err
    changes = result.json()["courses"][0]["changes"]
    assert [(c["action"], c["cohort"]["idnumber"]) for c in changes] == [
        ("attach", "L1INFO231"),
        ("disable", "L1INFO221"),
    ]
    assert "rule L1INFO221 → L1INFO231" in changes[0]["reason"]
