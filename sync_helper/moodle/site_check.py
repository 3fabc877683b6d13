"""The ``check`` operation: who am I on which site, and what can this token do."""

from __future__ import annotations

from dataclasses import dataclass

from sync_helper.moodle.client import SITE_INFO, MoodleClient
from sync_helper.moodle.cohorts import SEARCH_COHORTS
from sync_helper.moodle.courses import GET_COURSES
from sync_helper.moodle.enrolments import COHORT_MEMBERS, ENROLLED_USERS
from sync_helper.moodle.groups import GET_GROUPS
from sync_helper.moodle.instances import (
    ADD_INSTANCE,
    DELETE_INSTANCE,
    GET_INSTANCES,
    PLUGIN_FUNCTIONS,
    UPDATE_INSTANCE,
)

#: Functions the helper uses, and what each one is for.
NEEDED_FUNCTIONS = {
    SITE_INFO: "identify the site and the token's functions",
    GET_COURSES: "find a course by id, shortname or idnumber",
    SEARCH_COHORTS: "find cohorts by code or label",
    GET_GROUPS: "--group NAME: find a course group",
    ENROLLED_USERS: "count enrolled users",
    COHORT_MEMBERS: "count users enrolled through each cohort",
    GET_INSTANCES: "list a course's cohort-sync methods (local_ws_enrolcohort)",
    ADD_INSTANCE: "attach a cohort (local_ws_enrolcohort)",
    UPDATE_INSTANCE: "enable/disable a method, change its group or role (local_ws_enrolcohort)",
    DELETE_INSTANCE: "detach a cohort (local_ws_enrolcohort)",
}
READ_CORE = (GET_COURSES, SEARCH_COHORTS)


@dataclass(frozen=True)
class CheckReport:
    """The answer to "does this token work, and for what?"."""

    site: str
    url: str
    release: str
    user: str
    functions: dict[str, bool]
    allows: str

    def as_dict(self) -> dict[str, object]:
        """JSON-ready form."""
        return {
            "site": self.site,
            "url": self.url,
            "release": self.release,
            "user": self.user,
            "functions": self.functions,
            "allows": self.allows,
        }


def what_it_allows(present: dict[str, bool]) -> str:
    """One line saying which commands will work with these functions."""
    if not all(present[name] for name in READ_CORE):
        missing = ", ".join(name for name in READ_CORE if not present[name])
        return f"little: add {missing} to the service to find courses and cohorts"
    if all(present[name] for name in PLUGIN_FUNCTIONS):
        return "attach/detach: search, status, sync and unsync through web services"
    if present[GET_INSTANCES]:
        return "read only: search and status; add the other local_ws_enrolcohort functions to sync"
    return (
        "read only (core Moodle): search and a partial status; sync/unsync give the Moodle page "
        "to open or a CSV, because local_ws_enrolcohort is not in this token's service"
    )


def check(client: MoodleClient) -> CheckReport:
    """Read site info once and report site, release, user and usable functions."""
    info = client.site_info
    present = {name: name in info.functions for name in NEEDED_FUNCTIONS}
    return CheckReport(
        site=info.sitename,
        url=info.siteurl or client.settings.url,
        release=info.release or info.version,
        user=f"{info.fullname} ({info.username})",
        functions=present,
        allows=what_it_allows(present),
    )
