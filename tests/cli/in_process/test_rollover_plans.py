"""``rollover plan`` in-process: what is held and why, notes, and the plan's JSON header."""

from __future__ import annotations

from pathlib import Path

from sync_helper.sim import SimServer
from tests.cli.conftest import Cli
from tests.cli.in_process.test_sync_writes import table_rows
from tests.rollover.conftest import write_plan, writes
from tests.rollover.test_planfile import ROOT


def _courses(run: Cli, plan: Path, *options: str, who: str = "admin") -> dict[str, dict]:
    result = run("--json", "rollover", "plan", str(plan), *options, who=who)
    assert result.code == 0, result.err
    return {c["course"]["shortname"]: c for c in result.json()["courses"]}


def test_one_course_under_two_names_is_planned_once(
    mixed: tuple[SimServer, Path], run: Cli, tmp_path: Path
) -> None:
    plan = write_plan(
        tmp_path / "plan.yml",
        {"rules": {"codes": {"L1INFO231": "L1INFO241"}}, "courses": ["CIRC-L1", "3"]},
    )
    result = run("--json", "rollover", "plan", str(plan))
    assert list(_courses(run, plan)) == ["CIRC-L1"]
    assert result.json()["problems"] == [f"{plan}:3: course '3' is listed twice"]


def test_a_group_named_in_the_plan_must_exist_in_the_course(
    mixed: tuple[SimServer, Path], run: Cli, tmp_path: Path
) -> None:
    wanted = [{"code": "L1CHIM241", "group": "Groupe Amiens"}]
    plan = write_plan(
        tmp_path / "plan.yml",
        {
            "courses": [
                {"course": "THERMO-L1", "cohorts": wanted},
                {"course": "CIRC-L1", "cohorts": [{"code": "L1INFO241", "group": "Groupe Lune"}]},
            ]
        },
    )
    courses = _courses(run, plan)
    assert courses["THERMO-L1"]["held"] is None
    attach = courses["THERMO-L1"]["changes"][0]
    assert (attach["action"], attach["group"]) == ("attach", "Groupe Amiens")
    assert courses["CIRC-L1"]["held"].startswith("the course has no group named 'Groupe Lune'")
    assert writes(mixed[0].site) == 0


def test_a_course_without_last_years_codes_gets_a_note_not_a_change(
    mixed: tuple[SimServer, Path], run: Cli, tmp_path: Path
) -> None:
    plan = write_plan(
        tmp_path / "plan.yml",
        {"rules": {"codes": {"L2CHIM231": "L2CHIM241"}}, "courses": ["CIRC-L1"]},
    )
    [circ] = _courses(run, plan).values()
    assert circ["note"] == "no cohort sync of last year's codes here: nothing is attached"
    assert [c["action"] for c in circ["changes"]] == ["keep"]
    text = run("rollover", "plan", str(plan))
    assert "note: CIRC-L1: no cohort sync of last year's codes here" in text.out


def test_the_plan_says_whether_old_methods_are_disabled_or_deleted(
    mixed: tuple[SimServer, Path], run: Cli
) -> None:
    plan = str(mixed[1])
    assert run("--json", "rollover", "plan", plan).json()["old_instances"] == "disable"
    deleting = run("--json", "rollover", "plan", plan, "--delete-old").json()
    assert deleting["old_instances"] == "delete" and deleting["totals"]["detach"] == 7


def test_without_the_plugin_deleting_is_planned_as_detach(
    mixed: tuple[SimServer, Path], run: Cli
) -> None:
    courses = _courses(run, mixed[1], "--delete-old", who="coreonly")
    explicit = [
        (c["action"], c["cohort"]["idnumber"]) for c in courses["MIXED-EXPLICIT"]["changes"]
    ]
    assert ("detach", "L1CHBV231") in explicit and ("disable", "L1CHBV231") not in explicit
    assert courses["MIXED-EXPLICIT"]["note"].startswith("core Moodle cannot list cohort methods")


def test_text_plan_shows_kept_methods_only_with_all(
    mixed: tuple[SimServer, Path], run: Cli
) -> None:
    plain = run("rollover", "plan", str(mixed[1]))
    everything = run("rollover", "plan", str(mixed[1]), "--all")
    assert "│ keep " not in plain.out and "│ keep " in everything.out
    assert "│ HELD " in plain.out
    assert "warning: MIXED-HIDDEN: cohort L3HIDE241 is hidden" in plain.out
    assert "note: MIXED-NONE: no cohort sync yet" in plain.out
    assert "note: MIXED-DONE" not in plain.out  # nothing to say: nothing to write, no note
    core = run("rollover", "plan", str(mixed[1]), who="coreonly")
    assert "Rollover plan (core Moodle only: not checked)" in core.out


def test_catalog_codes_left_unmapped_are_listed_unless_the_plan_maps_them(
    mixed: tuple[SimServer, Path], run: Cli, tmp_path: Path
) -> None:
    rules = {
        "catalog": {"from_year": "2023", "to_year": "2024"},
        "codes": {"L1CHIM231": "L1CHIM241"},
    }
    plan = write_plan(tmp_path / "plan.yml", {"rules": rules, "courses": ["THERMO-L1"]})
    config = ("--config", str(ROOT / "institution.yml"))
    notes = run("--json", "rollover", "plan", str(plan), *config).json()["notes"]
    assert "catalog: L2CHIM231 not mapped (no formation L2CHIM in 2024 in the catalog)" in notes
    assert not any(note.startswith("catalog: L1CHIM231 ") for note in notes)
    text = run("rollover", "plan", str(plan), *config)
    assert (
        "problem: catalog: L2CHIM231 not mapped (no formation L2CHIM in 2024 in the catalog)"
        in text.out.splitlines()
    )


def test_an_unreadable_plan_file_reads_nothing_from_moodle(
    mixed: tuple[SimServer, Path], run: Cli, tmp_path: Path
) -> None:
    missing = tmp_path / "none.yml"
    result = run("rollover", "plan", str(missing))
    assert result.code == 1
    assert result.err == (
        f"error: {missing}: cannot read (No such file or directory)\n"
        "The plan file is not usable; nothing was read from Moodle.\n"
    )
    assert result.out == "" and sum(mixed[0].site.calls.values()) == 0


def test_the_plan_table_names_each_course_and_marks_held_ones(
    mixed: tuple[SimServer, Path], run: Cli
) -> None:
    result = run("rollover", "plan", str(mixed[1]))
    assert result.out.splitlines()[0].rstrip() == "Rollover plan"
    header, *rows = table_rows(result.out)
    assert header == ["course", "action", "cohort", "role", "group", "", "why"]
    assert rows[0][:6] == ["ANAT-PASS (4)", "attach", "PASMED241", "student", "none", "HELD"]
    assert rows[2][:6] == ["CIRC-L1 (3)", "attach", "L1INFO241", "student", "none", ""]


def test_a_course_of_another_site_is_a_plan_file_error_naming_its_line(
    mixed: tuple[SimServer, Path], run: Cli, tmp_path: Path
) -> None:
    sim = mixed[0]
    elsewhere = "https://moodle.other.fr/course/view.php?id=3"
    plan = write_plan(
        tmp_path / "plan.yml",
        {"courses": [f"{sim.url}/course/view.php?id=3", elsewhere, "id:three"]},
    )
    result = run("rollover", "plan", str(plan))
    assert result.code == 1
    assert result.err == (
        f"error: {plan}:3: courses[1]: {elsewhere} is on moodle.other.fr, not on the "
        f"configured Moodle site {sim.url}\n"
        f"error: {plan}:4: courses[2]: course id must be a number: 'id:three'\n"
        "The plan file is not usable; nothing was read from Moodle.\n"
    )
    assert sum(sim.site.calls.values()) == 0


def _house_catalog(folder: Path) -> Path:
    """A CDM-fr export with house codeSet names and a hyphenated cohort code template, both
    declared in its institution.yml, as the site reads it."""
    unit = (
        '<orgUnit id="U10"><orgUnitName><text>UFR des Sciences</text></orgUnitName>'
        '<orgUnitCode codeSet="apogee">010</orgUnitCode></orgUnit>'
    )
    programs = "".join(
        f'<program id="P{year}"><programName><text>Chimie</text></programName>'
        '<programCode codeSet="etp-maison">L1CHIM</programCode>'
        f'<programCode codeSet="vrs-maison">{year[2:]}1</programCode>'
        f'<programCode codeSet="anneeUniversitaire">{year}</programCode>'
        '<refOrgUnit ref="U10"/></program>'
        for year in ("2023", "2024")
    )
    (folder / "house.xml").write_text(
        f'<?xml version="1.0" encoding="UTF-8"?>\n<CDM>{unit}{programs}</CDM>\n', encoding="utf-8"
    )
    config = folder / "institution.yml"
    config.write_text(
        "name: Université\nshort_name: U\nent_url: https://ent.example.fr/\n"
        "cas_login_url: https://cas.example.fr/login\nmoodle_url: https://moodle.example.fr\n"
        'cohort_code_template: "{code_etape}-{version}"\ncatalog: [house.xml]\n'
        "cdmfr_code_sets: {etape: [ETP_MAISON], version: [VRS_MAISON]}\n",
        encoding="utf-8",
    )
    return config


def test_catalog_rules_read_the_catalog_as_the_site_does(
    mixed: tuple[SimServer, Path], run: Cli, tmp_path: Path
) -> None:
    """The institution's own codeSet names and cohort code template, in both commands."""
    config = ("--config", str(_house_catalog(tmp_path)))
    years = ("--from-year", "2023", "--to-year", "2024")
    rules = run("--json", "rollover", "rules", *years, *config)
    assert rules.code == 0, rules.err
    assert rules.json() == {"rules": {"L1CHIM-231": ["L1CHIM-241"]}, "unmapped": []}
    catalog_rules = {"catalog": {"from_year": "2023", "to_year": "2024"}}
    plan = write_plan(tmp_path / "plan.yml", {"rules": catalog_rules, "courses": ["THERMO-L1"]})
    planned = run("--json", "rollover", "plan", str(plan), *config)
    assert planned.code == 0, planned.err
    [thermo] = planned.json()["courses"]  # its codes are L1CHIM231..., not the site's L1CHIM-231
    assert thermo["note"] == "no cohort sync of last year's codes here: nothing is attached"


def test_insecure_http_lets_plan_and_apply_use_a_plain_http_site(
    mixed: tuple[SimServer, Path], run: Cli, tmp_path: Path
) -> None:
    """Refused without the option; with it the command goes on (here to the missing file)."""
    missing = str(tmp_path / "none.yml")
    remote = "http://192.0.2.1"  # a documentation address: never reached by these runs
    refused = run("rollover", "plan", missing, url=remote)
    assert refused.code == 2 and "--insecure-http" in refused.err
    for command in ("plan", "apply"):
        allowed = run("rollover", command, missing, "--insecure-http", url=remote)
        assert allowed.code == 1, allowed.err
        assert "cannot read (No such file or directory)" in allowed.err
