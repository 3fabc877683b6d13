"""What to do without local_ws_enrolcohort: the Moodle page to open, or a CSV for an admin tool.

Core Moodle has no web service for cohort-sync instances, so the helper hands over to a
person: the exact form with the values to choose (labels as the French Moodle UI shows
them), or rows for ``tool_uploadenrolmentmethods`` (Site administration › Plugins ›
Enrolments › Upload enrolment methods), whose header is
``operation,method,shortname,metacohort,disabled,group,role``.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from sync_helper.moodle.cohorts import Cohort
from sync_helper.moodle.courses import Course, enrolment_methods_page
from sync_helper.moodle.groups import NEW_GROUP, NO_GROUP, GroupChoice

CSV_HEADER = ("operation", "method", "shortname", "metacohort", "disabled", "group", "role")

#: Role names as the French Moodle language pack shows them in "Attribuer un rôle".
FRENCH_ROLE_NAMES = {
    "manager": "Gestionnaire",
    "coursecreator": "Créateur de cours",
    "editingteacher": "Enseignant",
    "teacher": "Enseignant non éditeur",
    "student": "Étudiant",
}


@dataclass(frozen=True)
class ManualSteps:
    """Instructions for a person, plus the equivalent upload-tool CSV rows.

    ``left_out`` lists the cohorts the CSV cannot carry, with why (no idnumber: the upload
    tool matches ``metacohort`` by idnumber, and an empty one would match arbitrarily).
    """

    page: str
    steps: list[str]
    csv_rows: list[tuple[str, ...]] = field(default_factory=list)
    left_out: list[tuple[Cohort, str]] = field(default_factory=list)

    def csv_text(self) -> str:
        """The CSV file for tool_uploadenrolmentmethods, header included."""
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(CSV_HEADER)
        writer.writerows(self.csv_rows)
        return buffer.getvalue()

    def as_dict(self) -> dict[str, object]:
        """JSON-ready form."""
        return {
            "page": self.page,
            "steps": self.steps,
            "csv_header": list(CSV_HEADER),
            "csv_rows": [list(row) for row in self.csv_rows],
            "csv_left_out": [
                {"cohort": cohort.as_dict(), "reason": reason} for cohort, reason in self.left_out
            ],
        }


NO_IDNUMBER = (
    "no idnumber: tool_uploadenrolmentmethods finds cohorts by idnumber, so this one cannot "
    "be in the CSV; use the form (steps above)"
)


def _csv_cohorts(cohorts: list[Cohort]) -> tuple[list[Cohort], list[tuple[Cohort, str]]]:
    """The cohorts a CSV row can name, and the others with why."""
    return [c for c in cohorts if c.idnumber], [(c, NO_IDNUMBER) for c in cohorts if not c.idnumber]


def _group_label(group: GroupChoice) -> str:
    if group.id == NO_GROUP:
        return "Aucun"
    if group.id == NEW_GROUP:
        return "Créer un nouveau groupe"
    return group.name


def _csv_group(group: GroupChoice, cohort: Cohort) -> str:
    if group.id == NO_GROUP:
        return ""
    # the upload tool creates a missing group by name; Moodle names new groups this way
    return f"{cohort.name} cohort" if group.id == NEW_GROUP else group.name


def sync_steps(
    site_url: str,
    course: Course,
    cohorts: list[Cohort],
    role: str,
    group: GroupChoice,
    *,
    disabled: bool = False,
) -> ManualSteps:
    """How to attach ``cohorts`` by hand (one form per cohort) or by CSV upload."""
    page = f"{site_url}/enrol/editinstance.php?type=cohort&courseid={course.id}"
    role_label = FRENCH_ROLE_NAMES.get(role, role)
    methods = enrolment_methods_page(site_url, course)
    steps = [
        f"First look at {methods}: if a 'Synchronisation des cohortes (<cohort> - "
        f"{role_label})' line is already there but disabled, enable it (eye icon, Activer) "
        "instead: Moodle refuses a second method for the same cohort and role (« already "
        "synchronised with selected role »).",
        f"Open {page} (course {course.shortname}: {course.fullname}).",
    ]
    status = "; Activé (enabled): Non" if disabled else ""
    for cohort in cohorts:
        steps.append(
            f"Cohorte (cohort): type {cohort.idnumber or cohort.name} and choose "
            f"'{cohort.name}'; Attribuer un rôle (role): {role_label}; Ajouter au groupe "
            f"(group): {_group_label(group)}{status}; then click 'Ajouter méthode'."
        )
    named, left_out = _csv_cohorts(cohorts)
    rows = [
        (
            "add",
            "cohort",
            course.shortname,
            c.idnumber,
            "1" if disabled else "0",
            _csv_group(group, c),
            role,
        )
        for c in named
    ]
    return ManualSteps(page, steps, rows, left_out)


def unsync_steps(
    site_url: str, course: Course, cohorts: list[Cohort], *, disable: bool, role: str
) -> ManualSteps:
    """How to detach or disable ``cohorts`` (their ``role`` method) by hand or by CSV upload.

    The CSV always carries the role: the upload tool reads an empty one as student.
    """
    page = enrolment_methods_page(site_url, course)
    icon = "the eye icon (Désactiver)" if disable else "the bin icon (Supprimer), then confirm"
    steps = [f"Open {page} (Méthodes d'inscription of course {course.shortname})."]
    role_label = FRENCH_ROLE_NAMES.get(role, role)
    steps += [
        f"On the line 'Synchronisation des cohortes ({cohort.name} - {role_label})' click {icon}."
        for cohort in cohorts
    ]
    if not disable:
        steps.append(
            "Deleting unenrols the cohort's students and detaches their grades and group "
            "memberships; disabling (--disable) keeps them."
        )
    operation = "upd" if disable else "del"
    named, left_out = _csv_cohorts(cohorts)
    rows = [
        (operation, "cohort", course.shortname, c.idnumber, "1" if disable else "0", "", role)
        for c in named
    ]
    return ManualSteps(page, steps, rows, left_out)
