"""The rollover's scenarios: a mixed site (every kind of code change) and a bulk one."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from sync_helper.sim import SimServer, cohortsync
from sync_helper.sim.state import COURSE, Cohort, Context, Course, Site
from tests.cli.conftest import Cli

WRITES = (
    "local_ws_enrolcohort_add_instance",
    "local_ws_enrolcohort_update_instance",
    "local_ws_enrolcohort_delete_instance",
    "enrol_manual_enrol_users",
)
STUDENT, EDITINGTEACHER, TEACHER = 5, 3, 4
SCIENCES, MEDECINE = 86, 87  # category contexts of the recorded site
RULES = {
    "L1CHIM231": "L1CHIM241",  # renamed
    "L1CHBV231": "L1CHIM241",  # merged into it
    "L1INFO231": ["L1INFO241", "L1INBV241"],  # split
    "L2CHIM231": "L2CHIM241",  # the new cohort does not exist
    "L3HIDE231": "L3HIDE241",  # the new cohort is hidden
    "PASMED231": "PASMED241",  # the new cohort lives in another category
    "OLDTD231": "RETHC01-A",  # the new cohort's name holds markup
}


def writes(site: Site) -> int:
    """Write calls the simulator has served so far."""
    return sum(site.calls[name] for name in WRITES)


def cohort_sync(site: Site, course_id: int) -> list[tuple[str, int, int, int]]:
    """A course's cohort instances as (code, role, group, status), sorted."""
    return sorted(
        (site.cohorts[i.customint1].idnumber or "", i.roleid, i.customint2, i.status)
        for i in site.course_instances(course_id, "cohort")
    )


def build_cohort(
    site: Site, cohort_id: int, code: str, members: list[int], **fields: object
) -> None:
    site.cohorts[cohort_id] = Cohort(
        cohort_id,
        int(fields.get("context", 1)),
        f"Cohorte {code}",
        code,
        visible=bool(fields.get("visible", True)),
        members=members,
    )


def _course(site: Site, course_id: int, shortname: str, context: int = SCIENCES) -> None:
    category = next(c.id for c in site.categories.values() if c.contextid == context)
    site.contexts[1000 + course_id] = Context(1000 + course_id, COURSE, course_id, context)
    site.courses[course_id] = Course(
        course_id,
        f"Cours {shortname}",
        shortname,
        category,
        1000 + course_id,
        fields={**site.courses[1].fields, "sortorder": course_id},
    )


def attach(site: Site, course_id: int, cohort_id: int, role: int, group: int = 0) -> int:
    fields = {"cohortid": cohort_id, "roleid": role, "groupid": group}
    return cohortsync.add_instance(site, course_id, fields).id


def build_mixed(site: Site) -> None:
    """The recorded site plus next year's cohorts and courses holding last year's."""
    build_cohort(site, 10, "L1CHIM241", [3, 4])
    build_cohort(site, 11, "L1INFO231", [5])
    build_cohort(site, 12, "L1INFO241", [6])
    build_cohort(site, 13, "L1INBV241", [])
    build_cohort(site, 14, "L3HIDE241", [7], visible=False)
    build_cohort(site, 15, "PASMED241", [8], context=SCIENCES)
    build_cohort(site, 16, "OLDTD231", [9])
    for course_id, name in [
        (20, "MIXED-MISSING"),
        (21, "MIXED-HIDDEN"),
        (22, "MIXED-MARKUP"),
        (23, "MIXED-NONE"),
        (24, "MIXED-EXPLICIT"),
        (25, "MIXED-DONE"),
    ]:
        _course(site, course_id, name)
    attach(site, 2, 1, STUDENT, group=1)  # THERMO-L1: L1CHIM231 in "Groupe Amiens"
    attach(site, 2, 1, EDITINGTEACHER)
    attach(site, 2, 2, STUDENT)  # L1CHBV231, merged into L1CHIM241
    attach(site, 3, 11, STUDENT)  # CIRC-L1: L1INFO231, split
    attach(site, 20, 3, STUDENT)
    attach(site, 21, 4, STUDENT)
    attach(site, 4, 5, STUDENT)  # ANAT-PASS (Médecine): PASMED231
    attach(site, 22, 16, STUDENT)
    attach(site, 24, 10, STUDENT)
    attach(site, 24, 12, STUDENT)
    attach(site, 24, 2, STUDENT)
    done = attach(site, 25, 1, STUDENT)
    site.enrols[done].status = 1
    cohortsync.sync_instance(site, site.enrols[done])
    attach(site, 25, 10, STUDENT)


MIXED_PLAN = {
    "rules": {"codes": RULES},
    "courses": [
        "THERMO-L1",
        "CIRC-L1",
        "MIXED-MISSING",
        "MIXED-HIDDEN",
        "ANAT-PASS",
        "MIXED-MARKUP",
        "MIXED-NONE",
        {
            "course": "MIXED-EXPLICIT",
            "cohorts": [
                {"code": "L1CHIM241", "group": "new"},
                {"code": "L1INFO241", "role": "teacher"},
            ],
        },
        "MIXED-DONE",
        "NO-SUCH-COURSE",
    ],
}


def write_plan(path: Path, document: dict) -> Path:
    """A YAML plan file, as support staff would write it."""
    path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    return path


@pytest.fixture
def mixed(tmp_path: Path) -> Iterator[tuple[SimServer, Path]]:
    """The mixed site and its plan file."""
    with SimServer.start(scenario="transcripts") as sim:
        build_mixed(sim.site)
        yield sim, write_plan(tmp_path / "rollover.yml", MIXED_PLAN)


@pytest.fixture
def run(mixed: tuple[SimServer, Path], tmp_path: Path) -> Cli:
    return Cli(mixed[0], tmp_path / "config-home")
