"""Bulk reads for a plan: each kind of lookup is made once for the whole plan, not per course.

Courses come by batches of ids (or one listing of every course when the plan names them by
shortname), cohorts from one site-wide search, availability once per course category, member
counts by batches of cohort ids, and cohort-sync instances from one ``get_instances`` call for
all courses when the token may make it (per course otherwise).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from sync_helper.moodle import errors
from sync_helper.moodle.client import MoodleClient
from sync_helper.moodle.cohorts import SEARCH_COHORTS, Cohort
from sync_helper.moodle.courses import GET_COURSES, Course, CourseRef, parse_course_ref
from sync_helper.moodle.enrolments import COHORT_MEMBERS
from sync_helper.moodle.groups import GET_GROUPS
from sync_helper.moodle.instances import GET_INSTANCES, SyncInstance, get_instances
from sync_helper.moodle.wire import as_int
from sync_helper.rollover.workers import retry_read

COURSE_BATCH = 200
MEMBER_BATCH = 100
COHORT_PAGE = 5000
#: Above this many courses, one listing of every course beats one lookup per name.
NAMED_LOOKUPS = 20
ALL_COURSES = -1
UNKNOWN_CATEGORY = 0


@dataclass(frozen=True)
class PlanCourse:
    """A course of the plan with its category id (which decides the cohorts it can use)."""

    course: Course
    category_id: int


def _courses_answer(client: MoodleClient, field: str, value: str) -> list[dict[str, object]]:
    answer = retry_read(lambda: client.call(GET_COURSES, field=field, value=value))
    courses = answer.get("courses") if isinstance(answer, dict) else None
    if not isinstance(courses, list):
        raise errors.UnreadableAnswer(f"{GET_COURSES} did not return a course list")
    return [item for item in courses if isinstance(item, dict)]


def _plan_course(item: dict[str, object]) -> PlanCourse:
    return PlanCourse(Course.from_answer(item), as_int(item.get("categoryid") or 0, "a category"))


def resolve_courses(client: MoodleClient, refs: Iterable[str]) -> dict[str, PlanCourse | None]:
    """Each reference's course (None when no course matches), in as few calls as possible."""
    parsed = {ref: parse_course_ref(ref, client.settings.url) for ref in refs}
    ids = sorted({int(p.value) for p in parsed.values() if p.field == "id"})
    by_id: dict[int, PlanCourse] = {}
    for start in range(0, len(ids), COURSE_BATCH):
        batch = ",".join(str(i) for i in ids[start : start + COURSE_BATCH])
        for item in _courses_answer(client, "ids", batch):
            found = _plan_course(item)
            by_id[found.course.id] = found
    named = [p for p in parsed.values() if p.field != "id"]
    index = _name_index(client, named)
    return {ref: _pick(p, by_id, index) for ref, p in parsed.items()}


def _name_index(client: MoodleClient, named: list[CourseRef]) -> dict[tuple[str, str], PlanCourse]:
    """Courses by (field, value): one listing of all courses, or one call per name if few."""
    if len(named) > NAMED_LOOKUPS:
        items = _courses_answer(client, "", "")
    else:
        items = []
        for ref in named:
            for field in ("shortname", "idnumber") if ref.field == "any" else (ref.field,):
                items += _courses_answer(client, field, ref.value)
    index: dict[tuple[str, str], PlanCourse] = {}
    for item in items:
        found = _plan_course(item)
        index.setdefault(("shortname", found.course.shortname), found)
        if found.course.idnumber:
            index.setdefault(("idnumber", found.course.idnumber), found)
    return index


def _pick(
    ref: CourseRef, by_id: dict[int, PlanCourse], index: dict[tuple[str, str], PlanCourse]
) -> PlanCourse | None:
    if ref.field == "id":
        return by_id.get(int(ref.value))
    fields = ("shortname", "idnumber") if ref.field == "any" else (ref.field,)
    return next((index[(f, ref.value)] for f in fields if (f, ref.value) in index), None)


def all_courses(client: MoodleClient, ids: Iterable[int]) -> dict[int, PlanCourse]:
    """The courses with these ids, by batches."""
    found = resolve_courses(client, [str(i) for i in sorted(set(ids))])
    return {course.course.id: course for course in found.values() if course is not None}


@dataclass(frozen=True)
class SiteInstances:
    """Every cohort-sync instance by course id, and those courses as the plugin names them."""

    instances: dict[int, list[SyncInstance]]
    courses: dict[int, PlanCourse]  # category unknown (0): the plugin does not give it


def instances_of_all_courses(client: MoodleClient) -> SiteInstances:
    """Every cohort-sync instance of the site, in one call (``id=-1``)."""
    answer = retry_read(lambda: client.call(GET_INSTANCES, course={"id": ALL_COURSES}))
    data = answer.get("data") if isinstance(answer, dict) else None
    if not isinstance(data, list):
        raise errors.UnreadableAnswer(f"{GET_INSTANCES} did not return an instance list")
    found: dict[int, list[SyncInstance]] = defaultdict(list)
    courses: dict[int, PlanCourse] = {}
    for item in data:
        if not isinstance(item, dict) or item.get("object") != "enrol":
            continue
        nested = item.get("course") if isinstance(item.get("course"), dict) else {}
        course_id = as_int(item.get("courseid") or nested.get("id"), "a course id")
        found[course_id].append(SyncInstance.from_answer(item))
        if nested and course_id not in courses:
            course = Course.from_answer({**nested, "fullname": nested.get("name", "")})
            courses[course_id] = PlanCourse(course, UNKNOWN_CATEGORY)
    return SiteInstances(dict(found), courses)


def instances_of_course(client: MoodleClient, course: Course) -> list[SyncInstance]:
    """One course's cohort-sync instances, reads retried."""
    return retry_read(lambda: get_instances(client, course))


def _cohort_list(answer: object) -> list[Cohort]:
    items = answer.get("cohorts") if isinstance(answer, dict) else None
    if not isinstance(items, list):
        raise errors.UnreadableAnswer(f"{SEARCH_COHORTS} did not return a cohort list")
    return [Cohort.from_answer(item) for item in items if isinstance(item, dict)]


def site_cohorts(client: MoodleClient) -> list[Cohort]:
    """Every cohort of the site (hidden ones included), page by page."""
    found: list[Cohort] = []
    page = 0
    while True:
        batch = _cohort_list(
            retry_read(
                lambda page=page: client.call(
                    SEARCH_COHORTS,
                    query="",
                    context={"contextlevel": "system", "instanceid": 0},
                    includes="all",
                    limitfrom=page,
                    limitnum=COHORT_PAGE,
                )
            )
        )
        found += batch
        if len(batch) < COHORT_PAGE:
            return found
        page += 1


def system_cohort_ids(client: MoodleClient) -> set[int]:
    """Ids of the cohorts defined in the system context: usable from every course."""
    answer = retry_read(
        lambda: client.call(
            SEARCH_COHORTS,
            query="",
            context={"contextlevel": "system", "instanceid": 0},
            includes="self",
            limitnum=0,
        )
    )
    return {cohort.id for cohort in _cohort_list(answer)}


def available_cohort_ids(client: MoodleClient, level: str, instance: int) -> set[int]:
    """Ids of the cohorts usable from a category or a course (its ancestors' cohorts)."""
    answer = retry_read(
        lambda: client.call(
            SEARCH_COHORTS,
            query="",
            context={"contextlevel": level, "instanceid": instance},
            includes="parents",
            limitnum=0,
        )
    )
    return {cohort.id for cohort in _cohort_list(answer)}


def member_counts(client: MoodleClient, cohort_ids: Iterable[int]) -> dict[int, int]:
    """How many members each cohort has, by batches; empty when the token may not read them."""
    ids = sorted(set(cohort_ids))
    counts: dict[int, int] = {}
    for start in range(0, len(ids), MEMBER_BATCH):
        batch = ids[start : start + MEMBER_BATCH]
        try:
            answer = retry_read(lambda batch=batch: client.call(COHORT_MEMBERS, cohortids=batch))
        except (errors.PermissionDenied, errors.RecordNotFound):
            return {}
        for entry in answer if isinstance(answer, list) else []:
            if isinstance(entry, dict):
                counts[as_int(entry.get("cohortid"), "a cohort id")] = len(
                    entry.get("userids") or []
                )
    return counts


def course_groups(client: MoodleClient, course: Course) -> dict[str, int]:
    """The course's groups by name."""
    groups = retry_read(lambda: client.call(GET_GROUPS, courseid=course.id))
    if not isinstance(groups, list):
        raise errors.UnreadableAnswer(f"{GET_GROUPS} did not return a group list")
    return {
        str(group.get("name")): as_int(group.get("id"), "a group id")
        for group in groups
        if isinstance(group, dict)
    }
