"""The ``demo`` scenario: a small Moodle whose cohorts are the sample catalog's formations.

Built at load time so it always matches the catalog the site publishes: one cohort per
formation (idnumber from the institution's cohort code template, name = formation label), a
few members each (64 for the tutorial's L1CHIM231), four courses, a teacher and an admin.
Settings, roles and services come from the ``transcripts`` scenario, the recorded real site.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sync_helper.catalog.load import load_catalog
from sync_helper.institution import DEFAULT_PATH, InstitutionConfigError, load_institution
from sync_helper.sim.scenario import ScenarioError

TUTORIAL_COHORT, TUTORIAL_MEMBERS, OTHER_MEMBERS = "L1CHIM231", 64, 3
ADMIN, TEACHER = 2, 3
PACKAGE_ROOT = Path(__file__).resolve().parents[2]
COURSES = (  # (fullname, shortname, idnumber, preferred composante code)
    ("Introduction à la thermodynamique", "THERMO-L1", "RETHC01", "010"),
    ("Circuits électriques", "CIRC-L1", "BECIE01", "010"),
    ("Anatomie", "ANAT-PASS", "", "005"),
    ("Algorithmique", "ALGO-BUT1", "", "008"),
)


def _institution_path() -> Path:
    return DEFAULT_PATH if DEFAULT_PATH.is_file() else PACKAGE_ROOT / DEFAULT_PATH


def demo_scenario() -> dict[str, Any]:
    """The demo site as scenario rows (see :mod:`sync_helper.sim.scenario`)."""
    try:
        institution = load_institution(_institution_path())
        catalog = load_catalog(institution.catalog_files, institution.cohort_code_template)
    except (InstitutionConfigError, ValueError, OSError) as error:
        raise ScenarioError(f"demo scenario: cannot load the sample catalog: {error}") from None
    base = json.loads(
        Path(__file__)
        .with_name("scenarios")
        .joinpath("transcripts.json")
        .read_text(encoding="utf-8")
    )
    settings = {
        **base["settings"],
        "sitename": institution.values.get("moodle_name", "Moodle"),
        "theme": "boost",
    }
    scenario: dict[str, Any] = {
        "settings": settings,
        "roles": base["roles"],
        "services": base["services"],
        "tokens": [
            {"name": "admin", "userid": ADMIN, "serviceid": 1},
            {"name": "teacher", "userid": TEACHER, "serviceid": 1},
            {"name": "coreonly", "userid": ADMIN, "serviceid": 2},
        ],
        "contexts": [
            {"id": 1, "level": 10, "instanceid": 0, "parentid": None},
            {"id": 2, "level": 50, "instanceid": 1, "parentid": 1},
        ],
        "categories": [],
        "courses": [base["courses"][0]],
        "users": [user for user in base["users"] if user["username"] in ("guest", "admin")],
    }
    codes = _add_categories(scenario, sorted(catalog.composantes.items()))
    _add_courses(scenario, codes)
    _add_cohorts(
        scenario, [(f.cohort_code(catalog.cohort_template), f.label) for f in catalog.formations]
    )
    return scenario


def _add_categories(scenario: dict[str, Any], composantes: list[tuple[str, Any]]) -> dict[str, int]:
    """One category per composante; returns category ids by composante code."""
    ids = {}
    for offset, (code, composante) in enumerate(composantes):
        category_id, context_id = 2 + offset, 100 + offset
        scenario["contexts"].append(
            {"id": context_id, "level": 40, "instanceid": category_id, "parentid": 1}
        )
        scenario["categories"].append(
            {"id": category_id, "name": composante.label, "idnumber": code, "contextid": context_id}
        )
        ids[code] = category_id
    return ids


def _add_courses(scenario: dict[str, Any], categories: dict[str, int]) -> None:
    """The courses, each with manual/guest/self instances and the teacher enrolled."""
    teacher = TEACHER
    scenario["users"].append(
        {
            "id": teacher,
            "username": "prof",
            "firstname": "Prof",
            "lastname": "Chimie",
            "email": "prof@example.invalid",
            "password": "Prof-Passw0rd!",
        }
    )
    enrols, assignments, enrolments = [], [], []
    fallback = next(iter(categories.values()))
    for offset, (fullname, shortname, idnumber, composante) in enumerate(COURSES):
        course_id, context_id = 2 + offset, 200 + offset
        category = categories.get(composante, fallback)
        scenario["contexts"].append(
            {
                "id": context_id,
                "level": 50,
                "instanceid": course_id,
                "parentid": 98 + category,
            }
        )
        fields = {**scenario["courses"][0]["fields"], "sortorder": 10000 * category + offset}
        scenario["courses"].append(
            {
                "id": course_id,
                "fullname": fullname,
                "shortname": shortname,
                "category": category,
                "contextid": context_id,
                "idnumber": idnumber,
                "fields": fields,
            }
        )
        for order, (plugin, status) in enumerate((("manual", 0), ("guest", 1), ("self", 1))):
            enrol_id = 1 + 3 * offset + order
            enrols.append(
                {
                    "id": enrol_id,
                    "courseid": course_id,
                    "enrol": plugin,
                    "status": status,
                    "sortorder": order,
                    "roleid": 5,
                }
            )
        enrolments.append({"enrolid": 1 + 3 * offset, "userid": teacher})
        assignments.append({"userid": teacher, "roleid": 3, "contextid": context_id})
    scenario.update(
        enrols=enrols,
        role_assignments=assignments,
        user_enrolments=enrolments,
        groups=[{"id": 1, "courseid": 2, "name": "Groupe Amiens"}],
    )


def _add_cohorts(scenario: dict[str, Any], formations: list[tuple[str, str]]) -> None:
    """One system cohort per formation, with fresh students as members."""
    cohorts, next_user = [], 10
    for cohort_id, (idnumber, label) in enumerate(formations, start=1):
        size = TUTORIAL_MEMBERS if idnumber == TUTORIAL_COHORT else OTHER_MEMBERS
        members = list(range(next_user, next_user + size))
        for user_id in members:
            number = user_id - 9
            scenario["users"].append(
                {
                    "id": user_id,
                    "username": f"etu{number:04d}",
                    "firstname": "Étudiant",
                    "lastname": f"Numéro {number:04d}",
                    "email": f"etu{number:04d}@example.invalid",
                }
            )
        cohorts.append(
            {
                "id": cohort_id,
                "contextid": 1,
                "name": label,
                "idnumber": idnumber,
                "members": members,
            }
        )
        next_user += size
    scenario["cohorts"] = cohorts
