"""Without local_ws_enrolcohort a person does the change: the form to fill, or the upload CSV.

The steps are followed by hand in the French Moodle UI, so its labels are pinned word for word;
the CSV is read by tool_uploadenrolmentmethods, so each cell is pinned where that tool reads it.
"""

from __future__ import annotations

import csv
import io

import pytest

from sync_helper.moodle.cohorts import Cohort
from sync_helper.moodle.courses import Course
from sync_helper.moodle.fallback import CSV_HEADER, NO_IDNUMBER, sync_steps, unsync_steps
from sync_helper.moodle.groups import NEW_GROUP, NO_GROUP, GroupChoice

SITE = "https://moodle.example.org"
THERMO = Course(2, "THERMO-L1", "Introduction à la thermodynamique", "RETHC01", "UFR", ())
L1CHIM = Cohort(1, "L1CHIM231", "LICENCE 1 CHIMIE", True)
NO_CODE = Cohort(9, "", "Sans code", True)
TD_A = GroupChoice(12, "TD A, Amiens")
METHODS = f"{SITE}/enrol/instances.php?id=2"
FORM = f"{SITE}/enrol/editinstance.php?type=cohort&courseid=2"


def rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def test_sync_steps_name_the_form_and_its_french_labels() -> None:
    steps = sync_steps(SITE, THERMO, [L1CHIM], "editingteacher", GroupChoice(NEW_GROUP, "new"))
    assert steps.page == FORM
    assert steps.steps == [
        f"First look at {METHODS}: if a 'Synchronisation des cohortes (<cohort> - Enseignant)' "
        "line is already there but disabled, enable it (eye icon, Activer) instead: Moodle "
        "refuses a second method for the same cohort and role (« already synchronised with "
        "selected role »).",
        f"Open {FORM} (course THERMO-L1: Introduction à la thermodynamique).",
        "Cohorte (cohort): type L1CHIM231 and choose 'LICENCE 1 CHIMIE'; Attribuer un rôle "
        "(role): Enseignant; Ajouter au groupe (group): Créer un nouveau groupe; then click "
        "'Ajouter méthode'.",
    ]


@pytest.mark.parametrize(
    ("role", "label"),
    [
        ("manager", "Gestionnaire"),
        ("coursecreator", "Créateur de cours"),
        ("editingteacher", "Enseignant"),
        ("teacher", "Enseignant non éditeur"),
        ("student", "Étudiant"),
        ("tutor", "tutor"),  # a site's own role: its shortname, as nothing better is known
    ],
)
def test_roles_are_named_as_the_french_ui_shows_them(role: str, label: str) -> None:
    sync = sync_steps(SITE, THERMO, [L1CHIM], role, GroupChoice(NO_GROUP, ""))
    assert f"Attribuer un rôle (role): {label};" in sync.steps[-1]
    unsync = unsync_steps(SITE, THERMO, [L1CHIM], disable=True, role=role)
    assert f"(LICENCE 1 CHIMIE - {label})" in unsync.steps[-1]


@pytest.mark.parametrize(
    ("group", "label", "cell"),
    [
        (GroupChoice(NO_GROUP, ""), "Aucun", ""),
        (GroupChoice(NEW_GROUP, "new"), "Créer un nouveau groupe", "LICENCE 1 CHIMIE cohort"),
        (TD_A, "TD A, Amiens", "TD A, Amiens"),
    ],
)
def test_the_group_is_chosen_in_the_form_and_named_in_the_csv(
    group: GroupChoice, label: str, cell: str
) -> None:
    """The upload tool creates a missing group by name: a new one gets Moodle's own name."""
    steps = sync_steps(SITE, THERMO, [L1CHIM], "student", group)
    assert f"Ajouter au groupe (group): {label}; then" in steps.steps[-1]
    assert rows(steps.csv_text())[1][CSV_HEADER.index("group")] == cell


def test_a_disabled_sync_says_so_in_the_form_and_the_csv() -> None:
    steps = sync_steps(SITE, THERMO, [L1CHIM], "student", TD_A, disabled=True)
    assert "Ajouter au groupe (group): TD A, Amiens; Activé (enabled): Non; then" in steps.steps[-1]
    assert steps.csv_text() == (
        "operation,method,shortname,metacohort,disabled,group,role\n"
        'add,cohort,THERMO-L1,L1CHIM231,1,"TD A, Amiens",student\n'
    )


def test_an_enabled_sync_csv_row_per_cohort_with_a_code() -> None:
    second = Cohort(2, "L1CHBV231", "LICENCE 1 CHIMIE (BEAUVAIS)", True)
    steps = sync_steps(SITE, THERMO, [L1CHIM, NO_CODE, second], "student", TD_A)
    assert "Activé" not in " ".join(steps.steps)
    assert rows(steps.csv_text()) == [
        list(CSV_HEADER),
        ["add", "cohort", "THERMO-L1", "L1CHIM231", "0", "TD A, Amiens", "student"],
        ["add", "cohort", "THERMO-L1", "L1CHBV231", "0", "TD A, Amiens", "student"],
    ]
    assert "Cohorte (cohort): type Sans code and choose 'Sans code';" in steps.steps[3]


def test_a_cohort_without_code_is_left_out_of_the_csv_with_why() -> None:
    """The upload tool finds ``metacohort`` by idnumber: an empty one would match any cohort."""
    for steps in (
        sync_steps(SITE, THERMO, [NO_CODE, L1CHIM], "student", GroupChoice(NO_GROUP, "")),
        unsync_steps(SITE, THERMO, [NO_CODE, L1CHIM], disable=False, role="student"),
    ):
        assert [row[3] for row in steps.csv_rows] == ["L1CHIM231"]
        assert steps.left_out == [(NO_CODE, NO_IDNUMBER)]
        assert steps.as_dict()["csv_left_out"] == [
            {
                "cohort": {"id": 9, "idnumber": "", "name": "Sans code", "visible": True},
                "reason": "no idnumber: tool_uploadenrolmentmethods finds cohorts by idnumber, "
                "so this one cannot be in the CSV; use the form (steps above)",
            }
        ]


def test_deleting_by_hand_warns_about_the_data_it_detaches() -> None:
    steps = unsync_steps(SITE, THERMO, [L1CHIM, NO_CODE], disable=False, role="student")
    assert steps.page == METHODS
    assert steps.steps == [
        f"Open {METHODS} (Méthodes d'inscription of course THERMO-L1).",
        "On the line 'Synchronisation des cohortes (LICENCE 1 CHIMIE - Étudiant)' click the bin "
        "icon (Supprimer), then confirm.",
        "On the line 'Synchronisation des cohortes (Sans code - Étudiant)' click the bin icon "
        "(Supprimer), then confirm.",
        "Deleting unenrols the cohort's students and detaches their grades and group "
        "memberships; disabling (--disable) keeps them.",
    ]
    assert steps.csv_text() == (
        "operation,method,shortname,metacohort,disabled,group,role\n"
        "del,cohort,THERMO-L1,L1CHIM231,0,,student\n"
    )


def test_disabling_by_hand_uses_the_eye_and_an_update_row_with_the_role() -> None:
    """The upload tool reads an empty role as student: the row always names it."""
    steps = unsync_steps(SITE, THERMO, [L1CHIM], disable=True, role="editingteacher")
    assert steps.steps == [
        f"Open {METHODS} (Méthodes d'inscription of course THERMO-L1).",
        "On the line 'Synchronisation des cohortes (LICENCE 1 CHIMIE - Enseignant)' click the "
        "eye icon (Désactiver).",
    ]
    assert steps.csv_text() == (
        "operation,method,shortname,metacohort,disabled,group,role\n"
        "upd,cohort,THERMO-L1,L1CHIM231,1,,editingteacher\n"
    )


def test_the_json_form_carries_page_steps_header_and_rows() -> None:
    steps = sync_steps(SITE, THERMO, [L1CHIM], "student", GroupChoice(NO_GROUP, ""))
    assert steps.as_dict() == {
        "page": FORM,
        "steps": steps.steps,
        "csv_header": list(CSV_HEADER),
        "csv_rows": [["add", "cohort", "THERMO-L1", "L1CHIM231", "0", "", "student"]],
        "csv_left_out": [],
    }
