"""The whole rollover plan: the plan file read against the live site, without any write.

Each course gets its changes (:mod:`.diff`), its warnings, and — when something would make
its changes unsafe or impossible (a new cohort that does not exist, cannot be used from the
course, or whose name the plugin cannot return) — the reason it is *held*: apply leaves a
held course entirely as it is, so last year's cohort is never disabled without the new one.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from sync_helper.moodle import errors
from sync_helper.moodle.client import MoodleClient
from sync_helper.moodle.cohorts import Cohort, search_cohorts
from sync_helper.moodle.courses import Course, enrolment_methods_page
from sync_helper.moodle.groups import NEW_GROUP, NO_GROUP
from sync_helper.moodle.instances import GET_INSTANCES, SyncInstance, breaks_plugin_answers
from sync_helper.rollover import lookups
from sync_helper.rollover.diff import ATTACH, DETACH, DISABLE, KINDS, Change, Target, course_changes
from sync_helper.rollover.planfile import CourseEntry, PlanFile, Wanted
from sync_helper.rollover.rules import CodeRules
from sync_helper.rollover.workers import ClientPool

GROUP_WORDS = {"none": (NO_GROUP, "none"), "new": (NEW_GROUP, "new group")}
NAMED_GROUP = -2  # a group given by name, looked up in the course


@dataclass(frozen=True)
class _Want:
    """A cohort a course should have, before its code is looked up."""

    code: str
    role: str
    role_id: int
    group_id: int  # 0, -1, an id, or NAMED_GROUP until the name is looked up
    group: str
    source: str


@dataclass(frozen=True)
class CoursePlan:
    """One course's changes; ``held`` says why apply must leave it alone (empty: it may go)."""

    course: Course
    changes: tuple[Change, ...]
    held: str = ""
    warnings: tuple[str, ...] = ()
    note: str = ""

    @property
    def writes(self) -> tuple[Change, ...]:
        """The changes that call Moodle to write."""
        return tuple(change for change in self.changes if change.writes)

    def as_dict(self) -> dict[str, object]:
        """JSON-ready form."""
        return {
            "course": {"id": self.course.id, "shortname": self.course.shortname},
            "held": self.held or None,
            "note": self.note or None,
            "warnings": list(self.warnings),
            "changes": [change.as_dict() for change in self.changes],
        }


@dataclass(frozen=True)
class RolloverPlan:
    """Every course's plan, plus what could not be planned at all."""

    courses: tuple[CoursePlan, ...]
    problems: tuple[str, ...]
    plugin: bool
    delete_old: bool
    fingerprint: str

    def totals(self) -> dict[str, int]:
        """Changes by kind over the courses apply may touch, plus course counts."""
        kinds = Counter(c.kind for p in self.courses if not p.held for c in p.changes)
        return {
            **{kind: kinds.get(kind, 0) for kind in KINDS},
            "courses": len(self.courses),
            "courses_to_change": sum(1 for p in self.courses if p.writes and not p.held),
            "courses_held": sum(1 for p in self.courses if p.held),
            "problems": len(self.problems),
        }

    def as_dict(self) -> dict[str, object]:
        """JSON-ready form."""
        return {
            "plugin": self.plugin,
            "old_instances": "delete" if self.delete_old else "disable",
            "totals": self.totals(),
            "problems": list(self.problems),
            "courses": [course.as_dict() for course in self.courses],
        }


@dataclass
class _Site:
    """What the bulk reads found, shared by every course's diff."""

    cohorts: dict[str, Cohort] = field(default_factory=dict)
    available: dict[int, set[int] | None] = field(default_factory=dict)  # course id → ids
    members: dict[int, int] = field(default_factory=dict)
    groups: dict[int, dict[str, int]] = field(default_factory=dict)


def build_plan(
    pool: ClientPool, planfile: PlanFile, rules: CodeRules, *, delete_old: bool
) -> RolloverPlan:
    """Read the site (in bulk) and compute every course's changes. Writes nothing."""
    client = pool.client()
    lookups.retry_read(lambda: client.site_info)
    plugin = client.has_function(GET_INSTANCES)
    problems: list[str] = []
    found = lookups.resolve_courses(client, [entry.ref for entry in planfile.courses])
    entries: dict[int, CourseEntry | None] = {}
    courses: dict[int, lookups.PlanCourse] = {}
    for entry in planfile.courses:
        course = found[entry.ref]
        if course is None:
            problems.append(f"{entry.where}: course {entry.ref!r}: no such course visible")
        elif course.course.id in entries:
            problems.append(f"{entry.where}: course {entry.ref!r} is listed twice")
        else:
            entries[course.course.id] = entry
            courses[course.course.id] = course
    current, named, failed = _current_instances(pool, plugin, planfile, list(courses.values()))
    if planfile.scope == "site":
        _add_site_courses(rules, current, named, courses, entries, problems, plugin)
    targets = _targets(client, rules, entries, current)
    site = _read_site(pool, targets, courses, set() if plugin else _replaced(rules, targets))
    plans = []
    for course_id, entry in entries.items():
        course = courses[course_id].course
        if course_id in failed:
            plans.append(CoursePlan(course, (), held=failed[course_id]))
            continue
        plans.append(
            _course_plan(
                client,
                course,
                entry,
                targets[course_id],
                current.get(course_id),
                rules,
                site,
                plugin=plugin,
                delete_old=delete_old,
            )
        )
    plans.sort(key=lambda p: (p.course.shortname, p.course.id))
    return RolloverPlan(tuple(plans), tuple(problems), plugin, delete_old, planfile.fingerprint)


def _current_instances(
    pool: ClientPool, plugin: bool, planfile: PlanFile, courses: list[lookups.PlanCourse]
) -> tuple[dict[int, list[SyncInstance]], dict[int, lookups.PlanCourse], dict[int, str]]:
    """Instances by course (one call for all when it pays), the courses that call named, and
    per-course read failures."""
    if not plugin:
        return {}, {}, {}
    if planfile.scope == "site" or len(courses) > lookups.NAMED_LOOKUPS:
        try:
            site = lookups.instances_of_all_courses(pool.client())
        except errors.MoodleError as error:
            if planfile.scope == "site":
                raise _site_unreadable(error) from None
        else:
            return site.instances, site.courses, {}
    current: dict[int, list[SyncInstance]] = {}
    failed: dict[int, str] = {}

    def read(course: lookups.PlanCourse) -> list[SyncInstance]:
        return lookups.instances_of_course(pool.client(), course.course)

    for course, result in pool.map(read, courses):
        if isinstance(result, errors.MoodleError):
            failed[course.course.id] = _unreadable(pool.client(), course.course, result)
        elif isinstance(result, BaseException):
            raise result
        else:
            current[course.course.id] = result
    return current, {}, failed


def _site_unreadable(error: errors.MoodleError) -> errors.MoodleError:
    """Why ``scope: site`` cannot work here, and what to do instead."""
    if error.errorcode == "invalidresponse":
        return type(error)(
            "the plugin cannot list the whole site's cohort methods at once (invalidresponse): "
            "a cohort with markup in its name is attached to some course. List the courses "
            "under courses: instead; each is then read on its own and the broken one held",
            errorcode=error.errorcode,
            function=error.function,
        )
    return error


def _unreadable(client: MoodleClient, course: Course, error: errors.MoodleError) -> str:
    page = enrolment_methods_page(client.settings.url, course)
    if error.errorcode == "invalidresponse":
        return (
            "the plugin cannot return this course's cohort methods (invalidresponse): a cohort "
            f"attached to it has markup in its name; fix it on {page}"
        )
    return f"cannot read its cohort methods: {error.message}"


def _add_site_courses(
    rules: CodeRules,
    current: dict[int, list[SyncInstance]],
    named: dict[int, lookups.PlanCourse],
    courses: dict[int, lookups.PlanCourse],
    entries: dict[int, CourseEntry | None],
    problems: list[str],
    plugin: bool,
) -> None:
    """Scope ``site``: every course holding an enabled instance of an old code joins the plan."""
    if not plugin:
        problems.append(
            "scope: site needs local_ws_enrolcohort to find which courses have last year's "
            "cohorts; without it, list the courses and their cohorts under courses:"
        )
        return
    for course_id, instances in current.items():
        if course_id not in entries and any(
            i.enabled and rules.targets(i.cohort.idnumber) for i in instances
        ):
            courses[course_id] = named[course_id]
            entries[course_id] = None


def _targets(
    client: MoodleClient,
    rules: CodeRules,
    entries: dict[int, CourseEntry | None],
    current: dict[int, list[SyncInstance]],
) -> dict[int, list[_Want]]:
    """Per course, wanted (code, role, group id or -2 for a name, group label, source)."""
    roles = client.settings.roles
    found: dict[int, list[_Want]] = {}
    for course_id, entry in entries.items():
        if entry is not None and entry.cohorts is not None:
            found[course_id] = [_from_file(w, roles[w.role]) for w in entry.cohorts]
            continue
        found[course_id] = [
            _Want(
                new,
                i.role or str(i.role_id),
                i.role_id,
                i.group_id,
                i.group or ("none" if i.group_id == NO_GROUP else f"id {i.group_id}"),
                f"rule {i.cohort.idnumber} → {new}, {rules.kind(i.cohort.idnumber)}",
            )
            for i in current.get(course_id, [])
            if i.enabled
            for new in rules.targets(i.cohort.idnumber)
        ]
    return found


def _from_file(wanted: Wanted, role_id: int) -> _Want:
    group_id, label = GROUP_WORDS.get(wanted.group, (NAMED_GROUP, wanted.group))
    return _Want(wanted.code, wanted.role, role_id, group_id, label, f"plan {wanted.where}")


def _replaced(rules: CodeRules, targets: dict[int, list[_Want]]) -> set[str]:
    """The old codes the wanted ones replace: without the plugin, only the site names them."""
    return {
        old for wanted in targets.values() for want in wanted for old in rules.sources_of(want.code)
    }


def _read_site(
    pool: ClientPool,
    targets: dict[int, list[_Want]],
    courses: dict[int, lookups.PlanCourse],
    old: set[str],
) -> _Site:
    """The bulk reads: cohorts once (the wanted ones, and ``old`` ones by name only),
    availability per category, members, named groups."""
    client = pool.client()
    site = _Site()
    codes = {want.code for wanted in targets.values() for want in wanted}
    if not codes:
        return site
    try:
        everything = lookups.site_cohorts(client)
    except errors.PermissionDenied:  # a course-level token: search each code from a course
        everything = _cohorts_from_courses(client, courses, targets)
    for cohort in everything:
        if cohort.idnumber in codes or cohort.idnumber in old:
            site.cohorts.setdefault(cohort.idnumber, cohort)
    site.available = _availability(pool, targets, courses, site.cohorts)
    site.members = lookups.member_counts(client, [c.id for c in site.cohorts.values()])
    named = [
        courses[course_id].course
        for course_id, wanted in targets.items()
        if any(want.group_id == NAMED_GROUP for want in wanted)
    ]
    for course, result in pool.map(lambda c: lookups.course_groups(pool.client(), c), named):
        if isinstance(result, BaseException):
            raise result
        site.groups[course.id] = result
    return site


def _cohorts_from_courses(
    client: MoodleClient,
    courses: dict[int, lookups.PlanCourse],
    targets: dict[int, list[_Want]],
) -> list[Cohort]:
    """Each code searched from a course that wants it; a course the token cannot enter is
    passed over (its own read says so), so that it never stops the others' plan."""
    found: dict[str, Cohort] = {}
    for course_id, wanted in targets.items():
        course = courses[course_id].course
        for code in dict.fromkeys(want.code for want in wanted if want.code not in found):
            try:
                hits = lookups.retry_read(
                    lambda code=code, course=course: search_cohorts(client, code, course)
                )
            except errors.PermissionDenied:
                break
            found.update({c.idnumber: c for c in hits if c.idnumber == code})
    return list(found.values())


def _availability(
    pool: ClientPool,
    targets: dict[int, list[_Want]],
    courses: dict[int, lookups.PlanCourse],
    cohorts: dict[str, Cohort],
) -> dict[int, set[int] | None]:
    """Cohort ids usable per course: one search per category, per course if refused.

    System cohorts are usable from every course, so courses that only want those are not
    looked up at all; the others' categories are read in batches when not known yet.
    """
    client = pool.client()
    try:
        system = lookups.system_cohort_ids(client)
    except errors.PermissionDenied:  # a course-level token: check every course
        system = set()
    everywhere = {code for code, cohort in cohorts.items() if cohort.id in system}
    checked = [
        courses[course_id]
        for course_id, wanted in targets.items()
        if any(want.code not in everywhere for want in wanted)
    ]
    unknown = [c.course.id for c in checked if c.category_id == lookups.UNKNOWN_CATEGORY]
    if unknown:
        known = lookups.all_courses(client, unknown)
        checked = [known.get(c.course.id, c) for c in checked]
    by_category: dict[int, list[lookups.PlanCourse]] = {}
    for course in checked:
        by_category.setdefault(course.category_id, []).append(course)

    def from_category(category_id: int) -> set[int] | None:
        try:
            return lookups.available_cohort_ids(pool.client(), "coursecat", category_id)
        except (errors.PermissionDenied, errors.InvalidParameter):
            return None  # a course-level token: ask from each course instead

    def from_course(course: lookups.PlanCourse) -> set[int]:
        return lookups.available_cohort_ids(pool.client(), "course", course.course.id)

    available: dict[int, set[int] | None] = {}
    per_course: list[lookups.PlanCourse] = []
    for category_id, result in pool.map(from_category, list(by_category)):
        if isinstance(result, BaseException):
            raise result
        for course in by_category[category_id]:
            available[course.course.id] = result
        if result is None:
            per_course += by_category[category_id]
    for course, result in pool.map(from_course, per_course):
        available[course.course.id] = None if isinstance(result, BaseException) else result
    return available


def _course_plan(
    client: MoodleClient,
    course: Course,
    entry: CourseEntry | None,
    wanted: list[_Want],
    current: list[SyncInstance] | None,
    rules: CodeRules,
    site: _Site,
    *,
    plugin: bool,
    delete_old: bool,
) -> CoursePlan:
    page = enrolment_methods_page(client.settings.url, course)
    holds: list[str] = []
    warnings: list[str] = []
    targets = []
    for want in wanted:
        cohort = site.cohorts.get(want.code)
        if cohort is None:
            holds.append(f"cohort {want.code} does not exist (or this token cannot see it)")
            cohort = Cohort(0, want.code, "", False)
        else:
            _check_cohort(cohort, site.available.get(course.id), site.members, holds, warnings)
        group_id = want.group_id
        if group_id == NAMED_GROUP:
            group_id = site.groups.get(course.id, {}).get(want.group, NAMED_GROUP)
            if group_id == NAMED_GROUP:
                holds.append(f"the course has no group named {want.group!r}")
        targets.append(Target(cohort, want.role, want.role_id, group_id, want.group, want.source))
    rules_only = entry is None or entry.cohorts is None
    if not plugin:
        return _core_plan(
            course,
            targets,
            rules,
            site,
            holds,
            warnings,
            rules_only=rules_only,
            delete_old=delete_old,
        )
    instances = current or []

    def retire(instance: SyncInstance) -> bool:
        """A plan entry retires what it does not list; rules retire only old codes."""
        return not rules_only or bool(rules.targets(instance.cohort.idnumber))

    changes = course_changes(targets, instances, retire, delete_old=delete_old)
    note = ""
    if rules_only and not any(rules.targets(i.cohort.idnumber) for i in instances):
        note = (
            "no cohort sync of last year's codes here: nothing is attached"
            if instances
            else "no cohort sync yet: nothing is attached (list its cohorts to add some)"
        )
    held = "; ".join(dict.fromkeys(holds))
    if held and any(c.writes for c in changes):
        held += f" — fix it, or do this course by hand on {page}"
    elif not any(c.writes for c in changes):
        held = ""  # nothing would be written: nothing to hold back
    return CoursePlan(course, tuple(changes), held, tuple(dict.fromkeys(warnings)), note)


def _check_cohort(
    cohort: Cohort,
    available: set[int] | None,
    members: dict[int, int],
    holds: list[str],
    warnings: list[str],
) -> None:
    if breaks_plugin_answers(cohort.name):
        holds.append(
            f"cohort {cohort.idnumber}'s name {cohort.name!r} holds markup: the plugin would "
            "attach it and then fail every answer about this course (invalidresponse)"
        )
    if available is not None and cohort.id not in available:
        holds.append(
            f"cohort {cohort.idnumber} cannot be used from this course: it lives in a category "
            "that is not above the course" + ("" if cohort.visible else ", or is hidden")
        )
    if not cohort.visible:
        warnings.append(f"cohort {cohort.idnumber} is hidden: teachers will not see it")
    if members.get(cohort.id) == 0:
        warnings.append(
            f"cohort {cohort.idnumber} has no members yet: they are enrolled as they are added"
        )


def _core_plan(
    course: Course,
    targets: list[Target],
    rules: CodeRules,
    site: _Site,
    holds: list[str],
    warnings: list[str],
    *,
    rules_only: bool,
    delete_old: bool,
) -> CoursePlan:
    """Without the plugin: what the plan file says, unverified (core cannot list methods)."""
    count = course.enrolment_methods.count("cohort")
    note = (
        f"core Moodle cannot list cohort methods: this course has {count} enabled; "
        "attaching an already attached cohort fails harmlessly in the upload tool"
    )
    if rules_only:
        reason = (
            "without local_ws_enrolcohort the helper cannot see which cohorts this course has: "
            "list its new cohorts under courses:"
        )
        return CoursePlan(course, (), reason, tuple(warnings), note)
    changes = [
        Change(
            ATTACH, t.cohort, t.role, t.role_id, t.group, f"attach ({t.source})", None, t.group_id
        )
        for t in targets
    ]
    for target in targets:
        for old in rules.sources_of(target.cohort.idnumber):
            cohort = site.cohorts.get(old) or Cohort(0, old, "", True)
            kind = DETACH if delete_old else DISABLE
            reason = f"{kind} last year's {old} if attached (rule {old} → {target.cohort.idnumber})"
            changes.append(Change(kind, cohort, target.role, target.role_id, "", reason))
    return CoursePlan(
        course, tuple(changes), "; ".join(dict.fromkeys(holds)), tuple(warnings), note
    )
