"""The simulated external functions, one module per Moodle area; importing registers them."""

from sync_helper.sim.functions import (
    cohort,
    course,
    enrol,
    enrol_manual,
    enrolled_users,
    group,
    local_enrolcohort,
    webservice,
)

__all__ = [
    "cohort",
    "course",
    "enrol",
    "enrol_manual",
    "enrolled_users",
    "group",
    "local_enrolcohort",
    "webservice",
]
