"""A large site for rollover tests and benchmarks, added to a loaded scenario.

``add_rollover_courses(site, 1000)`` adds categories, one course per number with an enabled
cohort-sync instance of last year's cohort (``F0007231``) and, for each formation, next
year's cohort (``F0007241``) with a few members. :func:`rollover_rules` gives the matching
``old → new`` table.
"""

from __future__ import annotations

from sync_helper.sim import cohortsync
from sync_helper.sim.state import CATEGORY, COURSE, Category, Cohort, Context, Course, Site, User

OLD_VERSION, NEW_VERSION = "231", "241"
STUDENT = 5
FIRST_USER = 100_000
FIRST_COURSE = 100_000


def formation_code(number: int, version: str) -> str:
    """``F0007231``: formation 7, version 231."""
    return f"F{number:04d}{version}"


def rollover_rules(formations: int) -> dict[str, str]:
    """Old code → new code for every formation of the bulk site."""
    return {
        formation_code(n, OLD_VERSION): formation_code(n, NEW_VERSION) for n in range(formations)
    }


def add_rollover_courses(
    site: Site, courses: int, *, formations: int = 100, categories: int = 10, members: int = 2
) -> list[int]:
    """Add the bulk courses and cohorts to ``site``; returns the new course ids."""
    system = site.system_context().id
    category_contexts = []
    for number in range(categories):
        category_id, context_id = 1000 + number, 10_000 + number
        site.contexts[context_id] = Context(context_id, CATEGORY, category_id, system)
        site.categories[category_id] = Category(
            category_id, f"Bulk category {number}", f"B{number}", context_id
        )
        category_contexts.append((category_id, context_id))
    cohorts = {}
    user = FIRST_USER
    for number in range(formations):
        for version in (OLD_VERSION, NEW_VERSION):
            people = list(range(user, user + members))
            for person in people:
                site.users[person] = User(person, f"bulk{person}", "Bulk", f"Student {person}")
            user += members
            cohort = Cohort(site.new_id("cohort"), system, f"Formation {number} ({version})")
            cohort.idnumber, cohort.members = formation_code(number, version), people
            site.cohorts[cohort.id] = cohort
            cohorts[cohort.idnumber] = cohort
    created = []
    template = site.courses[site.site_course_id].fields
    for number in range(courses):
        course_id, context_id = FIRST_COURSE + number, 2 * FIRST_COURSE + number
        category_id, category_context = category_contexts[number % categories]
        site.contexts[context_id] = Context(context_id, COURSE, course_id, category_context)
        site.courses[course_id] = Course(
            course_id,
            f"Bulk course {number}",
            f"BULK-{number:05d}",
            category_id,
            context_id,
            fields={**template, "sortorder": course_id},
        )
        old = cohorts[formation_code(number % formations, OLD_VERSION)]
        cohortsync.add_instance(site, course_id, {"cohortid": old.id, "roleid": STUDENT})
        created.append(course_id)
    return created
