"""The ``quirks`` scenario: the recorded site as it stood before the plugin-quirks transcript.

Built from the ``transcripts`` scenario (same settings, roles, services, users and cohorts 1–6)
plus what the quirks README lists: category "IUT de l'Oise" (420) with cohort DUTGEII241,
cohorts ``m1-info-241`` and one without idnumber, course 5 "Thermodynamique L1 (2024)" with
group "TD A" and instance 33 (L1CHIM231, student, disabled, added in Moodle's own form, so its
name is NULL), the teacher ``prof`` enrolled in it; no cohort instance anywhere else.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

SCENARIOS = Path(__file__).with_name("scenarios")
TEACHER, EDITINGTEACHER, STUDENT = 73, 3, 5
SCIENCES_CONTEXT, IUT_CATEGORY, IUT_CONTEXT = 86, 4, 88
COURSE, COURSE_CONTEXT, GROUP = 5, 92, 2
FIRST_NEW_USER = 74
NEW_COHORTS = (  # (id, idnumber, name, context, members)
    (7, "DUTGEII241", "DUT GEII 1re année (Beauvais)", IUT_CONTEXT, 12),
    (8, "m1-info-241", "Master 1 Informatique — parcours IA", 1, 4),
    (9, "", "Cohorte sans code", 1, 3),
)
#: Instance 33, and the next instance id the recording shows (36) after deleted ones.
FORM_INSTANCE, NEXT_ENROL = 33, 36


def quirks_scenario() -> dict[str, Any]:
    """The quirks site as scenario rows (see :mod:`sync_helper.sim.scenario`)."""
    scenario = json.loads((SCENARIOS / "transcripts.json").read_text(encoding="utf-8"))
    scenario["contexts"] += [
        {"id": IUT_CONTEXT, "level": 40, "instanceid": IUT_CATEGORY, "parentid": 1},
        {"id": COURSE_CONTEXT, "level": 50, "instanceid": COURSE, "parentid": SCIENCES_CONTEXT},
    ]
    scenario["categories"].append(
        {"id": IUT_CATEGORY, "name": "IUT de l'Oise", "idnumber": "420", "contextid": IUT_CONTEXT}
    )
    _add_cohorts(scenario)
    _add_course(scenario)
    scenario["next_ids"] = {**scenario.get("next_ids", {}), "enrol": NEXT_ENROL, "groups": 3}
    return scenario


def _add_cohorts(scenario: dict[str, Any]) -> None:
    next_user = FIRST_NEW_USER
    for cohort_id, idnumber, name, context, size in NEW_COHORTS:
        members = list(range(next_user, next_user + size))
        for user_id in members:
            number = user_id - 3  # etu071 onwards: the recorded etu001–etu070 are users 3–72
            scenario["users"].append(
                {
                    "id": user_id,
                    "username": f"etu{number:03d}",
                    "firstname": "Étudiant",
                    "lastname": f"Numéro {number:03d}",
                    "email": f"etu{number:03d}@example.invalid",
                }
            )
        scenario["cohorts"].append(
            {
                "id": cohort_id,
                "contextid": context,
                "name": name,
                "idnumber": idnumber,
                "members": members,
            }
        )
        next_user += size


def _add_course(scenario: dict[str, Any]) -> None:
    thermo = next(c for c in scenario["courses"] if c["id"] == 2)
    course = copy.deepcopy(thermo)
    course.update(
        id=COURSE,
        fullname="Thermodynamique L1 (2024)",
        shortname="THERMO L1 2024",
        idnumber="RETHC01-2024",
        contextid=COURSE_CONTEXT,
    )
    course["fields"]["sortorder"] = thermo["fields"]["sortorder"] + 2
    scenario["courses"].append(course)
    base = 1 + max(row["id"] for row in scenario["enrols"])
    for order, (plugin, status) in enumerate((("manual", 0), ("guest", 1), ("self", 1))):
        roleid = 0 if plugin == "guest" else STUDENT
        scenario["enrols"].append(
            {
                "id": base + order,
                "courseid": COURSE,
                "enrol": plugin,
                "status": status,
                "sortorder": order,
                "roleid": roleid,
            }
        )
    scenario["enrols"].append(
        {
            "id": FORM_INSTANCE,
            "courseid": COURSE,
            "enrol": "cohort",
            "status": 1,
            "name": None,
            "roleid": STUDENT,
            "customint1": 1,
            "customint2": 0,
            "sortorder": 3,
        }
    )
    scenario["groups"].append({"id": GROUP, "courseid": COURSE, "name": "TD A"})
    scenario["user_enrolments"].append({"enrolid": base, "userid": TEACHER})
    scenario["role_assignments"].append(
        {"userid": TEACHER, "roleid": EDITINGTEACHER, "contextid": COURSE_CONTEXT}
    )
