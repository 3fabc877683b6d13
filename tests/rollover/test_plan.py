"""``rollover plan`` on the mixed site: the exact plan, its warnings, and not one write."""

from __future__ import annotations

from pathlib import Path

from sync_helper.sim import SimServer
from tests.cli.conftest import Cli
from tests.rollover.conftest import STUDENT, attach, writes

EXPECTED = {
    "THERMO-L1": [
        ("attach", "L1CHIM241", "student", "Groupe Amiens"),
        ("attach", "L1CHIM241", "editingteacher", "none"),
        ("disable", "L1CHIM231", "student", "Groupe Amiens"),
        ("disable", "L1CHIM231", "editingteacher", "none"),
        ("disable", "L1CHBV231", "student", "none"),
    ],
    "CIRC-L1": [
        ("attach", "L1INFO241", "student", "none"),
        ("attach", "L1INBV241", "student", "none"),
        ("disable", "L1INFO231", "student", "none"),
    ],
    "MIXED-EXPLICIT": [
        ("update", "L1CHIM241", "student", "new group"),
        ("update", "L1INFO241", "teacher", "none"),
        ("disable", "L1CHBV231", "student", "none"),
    ],
    "MIXED-HIDDEN": [
        ("attach", "L3HIDE241", "student", "none"),
        ("disable", "L3HIDE231", "student", "none"),
    ],
    "MIXED-MISSING": [
        ("attach", "L2CHIM241", "student", "none"),
        ("disable", "L2CHIM231", "student", "none"),
    ],
    "ANAT-PASS": [
        ("attach", "PASMED241", "student", "none"),
        ("disable", "PASMED231", "student", "none"),
    ],
    "MIXED-MARKUP": [
        ("attach", "RETHC01-A", "student", "none"),
        ("disable", "OLDTD231", "student", "none"),
    ],
    "MIXED-NONE": [],
    "MIXED-DONE": [
        ("keep", "L1CHIM231", "student", "none"),
        ("keep", "L1CHIM241", "student", "none"),
    ],
}
HELD = {
    "MIXED-MISSING": "L2CHIM241 does not exist",
    "ANAT-PASS": "PASMED241 cannot be used from this course",
    "MIXED-MARKUP": "holds markup",
}


def _by_course(document: dict) -> dict[str, dict]:
    return {entry["course"]["shortname"]: entry for entry in document["courses"]}


def test_plan_is_exact_on_renamed_split_merged_missing_hidden_codes(
    mixed: tuple[SimServer, Path], run: Cli
) -> None:
    sim, plan = mixed
    before = writes(sim.site)
    result = run("--json", "rollover", "plan", str(plan))
    assert result.code == 0, result.err
    courses = _by_course(result.json())
    assert set(courses) == set(EXPECTED)
    for name, expected in EXPECTED.items():
        got = [
            (c["action"], c["cohort"]["idnumber"], c["role"], c["group"])
            for c in courses[name]["changes"]
        ]
        assert got == expected, name
    for name, entry in courses.items():
        if name in HELD:
            assert HELD[name] in entry["held"]
            assert "/enrol/instances.php?id=" in entry["held"]
        else:
            assert entry["held"] is None, name
    assert any("hidden" in w for w in courses["MIXED-HIDDEN"]["warnings"])
    assert any("no members yet" in w for w in courses["CIRC-L1"]["warnings"])
    assert "no cohort sync yet" in courses["MIXED-NONE"]["note"]
    assert result.json()["problems"] == [
        f"{plan}:16: course 'NO-SUCH-COURSE': no such course visible"
    ]
    assert result.json()["totals"]["attach"] == 5
    assert writes(sim.site) == before  # the simulator served no write at all


def test_plan_shows_detach_only_when_asked(mixed: tuple[SimServer, Path], run: Cli) -> None:
    sim, plan = mixed
    result = run("--json", "rollover", "plan", str(plan), "--delete-old")
    courses = _by_course(result.json())
    kinds = [c["action"] for c in courses["THERMO-L1"]["changes"]]
    assert kinds == ["attach", "attach", "detach", "detach", "detach"]
    assert writes(sim.site) == 0


def test_plan_text_lists_held_courses_and_totals(mixed: tuple[SimServer, Path], run: Cli) -> None:
    result = run("rollover", "plan", str(mixed[1]))
    assert result.code == 0
    assert "held: MIXED-MARKUP:" in result.out
    assert "5 attach, 2 update, 6 disable, 0 detach, 2 keep" in result.out


def test_plan_works_from_core_alone(mixed: tuple[SimServer, Path], run: Cli) -> None:
    sim, plan = mixed
    result = run("--json", "rollover", "plan", str(plan), who="coreonly")
    assert result.code == 0, result.err
    document = result.json()
    assert document["plugin"] is False
    courses = _by_course(document)
    assert "cannot see which cohorts" in courses["THERMO-L1"]["held"]
    explicit = [
        (c["action"], c["cohort"]["idnumber"]) for c in courses["MIXED-EXPLICIT"]["changes"]
    ]
    assert explicit == [
        ("attach", "L1CHIM241"),
        ("attach", "L1INFO241"),
        ("disable", "L1CHBV231"),  # the rules say which old codes each new one replaces
        ("disable", "L1CHIM231"),
        ("disable", "L1INFO231"),
    ]
    assert writes(sim.site) == 0


def test_course_whose_methods_the_plugin_cannot_return_is_held(
    mixed: tuple[SimServer, Path], run: Cli, tmp_path: Path
) -> None:
    """A cohort named with markup, already attached, makes get_instances fail for the course."""
    sim = mixed[0]
    attach(sim.site, 23, 6, STUDENT)  # RETHC01-A « … <TD> … » attached to MIXED-NONE
    attach(sim.site, 23, 1, STUDENT)  # and last year's L1CHIM231
    plan = tmp_path / "one.yml"
    plan.write_text("rules:\n  codes: {L1CHIM231: L1CHIM241}\ncourses: [MIXED-NONE]\n", "utf-8")
    result = run("--json", "rollover", "plan", str(plan))
    assert result.code == 0, result.err
    [course] = result.json()["courses"]
    assert "invalidresponse" in course["held"]
    assert "markup" in course["held"]
    applied = run("--yes", "rollover", "apply", str(plan))
    assert applied.code == 0
    assert "skipped: MIXED-NONE:" in applied.out
    assert writes(sim.site) == 0


def test_site_scope_finds_the_courses_and_checks_category_cohorts(
    mixed: tuple[SimServer, Path], run: Cli, tmp_path: Path
) -> None:
    """Rules alone cover every course of the site holding an old code, whatever its category."""
    plan = tmp_path / "site.yml"
    plan.write_text(
        "rules:\n  codes: {PASMED231: PASMED241, L1INFO231: [L1INFO241, L1INBV241]}\n", "utf-8"
    )
    result = run("--json", "rollover", "plan", str(plan))
    assert result.code == 0, result.err
    courses = _by_course(result.json())
    assert set(courses) == {"ANAT-PASS", "CIRC-L1"}
    assert "PASMED241 cannot be used from this course" in courses["ANAT-PASS"]["held"]
    assert courses["CIRC-L1"]["held"] is None
    assert courses["CIRC-L1"]["course"]["id"] == 3
