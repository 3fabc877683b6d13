"""The cohort functions: ``search_cohorts``, ``get_cohorts``, ``get_cohort_members``."""

from __future__ import annotations

from typing import Any

from sync_helper.sim.access import (
    available_cohorts,
    cohort_matches,
    has_capability,
    sort_cohorts,
)
from sync_helper.sim.contexts import context_from_params, validate_context
from sync_helper.sim.describe import Multiple, Param, Single, Value, defaulted, optional
from sync_helper.sim.errors import coding_error, invalid_parameter, missing_record, no_permission
from sync_helper.sim.registry import Call, ws_function
from sync_helper.sim.state import CATEGORY, SYSTEM, Cohort

INT, RAW = Value(Param.INT), Value(Param.RAW)
VIEW, MANAGE = "moodle/cohort:view", "moodle/cohort:manage"

COHORT = Single(
    {
        "id": INT,
        "name": RAW,
        "idnumber": RAW,
        "description": RAW,
        "descriptionformat": INT,
        "visible": Value(Param.BOOL),
        "theme": optional(Value(Param.TEXT)),
        "customfields": optional(
            Multiple(
                Single({"name": RAW, "shortname": RAW, "type": RAW, "valueraw": RAW, "value": RAW})
            )
        ),
    }
)


def full_record(cohort: Cohort) -> dict[str, Any]:
    """A cohort as ``cohort_get_cohorts``/``get_all_cohorts`` load it (every column)."""
    return {
        "id": cohort.id,
        "name": cohort.name,
        "idnumber": cohort.idnumber,
        "description": cohort.description,
        "descriptionformat": cohort.descriptionformat,
        "visible": cohort.visible,
        "theme": cohort.theme,
        "customfields": [],
    }


def available_record(cohort: Cohort) -> dict[str, Any]:
    """A cohort as ``cohort_get_available_cohorts`` loads it: no description nor theme column."""
    return {
        "id": cohort.id,
        "name": cohort.name,
        "idnumber": cohort.idnumber,
        "description": "",
        "descriptionformat": 2,
        "visible": cohort.visible,
        "customfields": [],
    }


def _page(items: list[Cohort], page: int, perpage: int) -> list[Cohort]:
    """Moodle's page/perpage: offset page × perpage; perpage 0 means everything."""
    return items[page * perpage : page * perpage + perpage] if perpage else items


def _may_view(call: Call, contextid: int) -> bool:
    return has_capability(call.site, call.user, MANAGE, contextid) or has_capability(
        call.site, call.user, VIEW, contextid
    )


@ws_function(
    "core_cohort_search_cohorts",
    "core",
    Single(
        {
            "query": RAW,
            "context": Single(
                {
                    "contextid": defaulted(INT, 0),
                    "contextlevel": defaulted(Value(Param.ALPHANUM), ""),
                    "instanceid": defaulted(INT, 0),
                }
            ),
            "includes": defaulted(Value(Param.ALPHA), "parents"),
            "limitfrom": defaulted(INT, 0),
            "limitnum": defaulted(INT, 25),
        }
    ),
    Single({"cohorts": Multiple(COHORT)}),
)
def search_cohorts(call: Call, params: dict[str, Any]) -> dict[str, Any]:
    """Cohorts of a context (self), available from it (parents) or site-wide (all)."""
    context = validate_context(call, context_from_params(call, params["context"]))
    if not _may_view(call, context.id):
        raise no_permission(VIEW)
    query, page, perpage = params["query"], params["limitfrom"], params["limitnum"]
    site = call.site
    here = sort_cohorts(
        c for c in site.cohorts.values() if c.contextid == context.id and cohort_matches(c, query)
    )
    includes = params["includes"]
    if includes == "self":
        return {"cohorts": [full_record(c) for c in _page(here, page, perpage)]}
    if includes == "parents":
        records = [full_record(c) for c in _page(here, page, perpage)]
        if context.level != SYSTEM:
            seen = {record["id"] for record in records}
            available = available_cohorts(site, call.user, context.id, query)
            window = available[page : page + perpage] if perpage else available[page:]
            records += [available_record(c) for c in window if c.id not in seen]
        return {"cohorts": records}
    if includes == "all":
        everything = _all_visible(call, context.level, query)
        return {"cohorts": [full_record(c) for c in _page(everything, page, perpage)]}
    raise coding_error("Invalid parameter value for 'includes'.")


def _all_visible(call: Call, level: int, query: str) -> list[Cohort]:
    """Every cohort, minus those in categories where the user may not view cohorts."""
    system = call.site.system_context().id
    if level != SYSTEM and not _may_view(call, system):
        raise no_permission(VIEW)
    return sort_cohorts(
        c
        for c in call.site.cohorts.values()
        if cohort_matches(c, query)
        and (call.site.contexts[c.contextid].level != CATEGORY or _may_view(call, c.contextid))
    )


def _check_cohort_access(call: Call, cohort: Cohort) -> None:
    """A cohort's own context (system or category) must be viewable by the caller."""
    context = call.site.contexts.get(cohort.contextid)
    if context is None or context.level not in (SYSTEM, CATEGORY):
        raise invalid_parameter("Invalid context")
    validate_context(call, context)
    if not _may_view(call, context.id):
        raise no_permission(VIEW)


@ws_function(
    "core_cohort_get_cohorts",
    "core",
    Single({"cohortids": defaulted(Multiple(INT), [])}),
    Multiple(COHORT),
)
def get_cohorts(call: Call, params: dict[str, Any]) -> list[dict[str, Any]]:
    """The cohorts asked for (all when none); unknown ids are skipped, one refusal fails all."""
    wanted = set(params["cohortids"])
    cohorts = [c for cid, c in sorted(call.site.cohorts.items()) if not wanted or cid in wanted]
    for cohort in cohorts:
        _check_cohort_access(call, cohort)
    return [full_record(cohort) for cohort in cohorts]


@ws_function(
    "core_cohort_get_cohort_members",
    "core",
    Single({"cohortids": Multiple(INT)}),
    Multiple(Single({"cohortid": INT, "userids": Multiple(INT)})),
)
def get_cohort_members(call: Call, params: dict[str, Any]) -> list[dict[str, Any]]:
    """Member ids of each cohort, ordered by last name then first name."""
    result = []
    for cohortid in params["cohortids"]:
        cohort = call.site.cohorts.get(cohortid)
        if cohort is None:
            raise missing_record("cohort")
        _check_cohort_access(call, cohort)
        users = [call.site.users[uid] for uid in cohort.members if uid in call.site.users]
        users.sort(key=lambda u: (u.lastname, u.firstname, u.id))
        result.append({"cohortid": cohort.id, "userids": [u.id for u in users]})
    return result
