"""Courses as people name them: an id, a shortname, an idnumber, or a URL copied from Moodle."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

from sync_helper.moodle import errors
from sync_helper.moodle.client import MoodleClient
from sync_helper.moodle.wire import as_int

GET_COURSES = "core_course_get_courses_by_field"

#: Pages whose ``?id=N`` is the course id (what a teacher has in the address bar).
COURSE_ID_PAGES = frozenset(
    {"/course/view.php", "/course/edit.php", "/user/index.php", "/enrol/instances.php"}
)

PREFIXES = ("id", "shortname", "idnumber")


@dataclass(frozen=True)
class CourseRef:
    """How the user named a course: ``field`` is ``id``, ``shortname``, ``idnumber`` or ``any``."""

    field: str
    value: str


@dataclass(frozen=True)
class Course:
    """The course fields the operations use."""

    id: int
    shortname: str
    fullname: str
    idnumber: str
    category: str
    enrolment_methods: tuple[str, ...]

    @classmethod
    def from_answer(cls, data: dict[str, object]) -> Course:
        """Build from one item of ``core_course_get_courses_by_field``."""
        return cls(
            id=as_int(data.get("id"), "a course id"),
            shortname=str(data.get("shortname", "")),
            fullname=str(data.get("fullname", "")),
            idnumber=str(data.get("idnumber") or ""),
            category=str(data.get("categoryname") or ""),
            enrolment_methods=tuple(str(m) for m in data.get("enrollmentmethods") or ()),
        )


def parse_course_ref(text: str, site_url: str | None = None) -> CourseRef:
    """Read a course reference.

    ``42`` is an id; ``shortname:X`` / ``idnumber:X`` / ``id:N`` are explicit; a Moodle URL
    (``…/course/view.php?id=N``, ``/user/index.php?id=N``, ``/enrol/instances.php?id=N``,
    ``/enrol/editinstance.php?courseid=N``) gives the id; anything else is tried as a
    shortname, then as an idnumber.
    """
    text = text.strip()
    if not text:
        raise errors.ConfigurationError("empty course reference")
    if re.fullmatch(r"\d+", text):
        return CourseRef("id", text)
    if re.match(r"https?://", text):
        return _course_from_url(text, site_url)
    prefix, sep, value = text.partition(":")
    if sep and prefix in PREFIXES and value:
        if prefix == "id" and not value.isdigit():
            raise errors.ConfigurationError(f"course id must be a number: {text!r}")
        return CourseRef(prefix, value)
    return CourseRef("any", text)


def _course_from_url(url: str, site_url: str | None) -> CourseRef:
    parts = urlsplit(url)
    if site_url is not None and parts.hostname != urlsplit(site_url).hostname:
        raise errors.ConfigurationError(
            f"{url} is on {parts.hostname}, not on the configured Moodle site {site_url}"
        )
    query = parse_qs(parts.query)
    path = parts.path
    if site_url:
        path = path.removeprefix(urlsplit(site_url).path.rstrip("/"))
    key = "courseid" if path == "/enrol/editinstance.php" else "id"
    if path in COURSE_ID_PAGES | {"/enrol/editinstance.php"} and query.get(key, [""])[0].isdigit():
        return CourseRef("id", query[key][0])
    if path == "/course/view.php" and query.get("name"):
        return CourseRef("shortname", query["name"][0])
    raise errors.ConfigurationError(
        f"cannot find a course id in {url}: copy the address of the course page "
        "(…/course/view.php?id=N) or give the course id or shortname"
    )


def resolve_course(client: MoodleClient, ref: CourseRef) -> Course:
    """The course the reference names, or ``CourseNotFound``."""
    fields = ("shortname", "idnumber") if ref.field == "any" else (ref.field,)
    for field in fields:
        answer = client.call(GET_COURSES, field=field, value=ref.value)
        courses = answer.get("courses") if isinstance(answer, dict) else None
        if not isinstance(courses, list):
            raise errors.UnreadableAnswer(f"{GET_COURSES} did not return a course list")
        if courses:
            return Course.from_answer(courses[0])
    raise errors.CourseNotFound(
        f"no course with {' or '.join(fields)} {ref.value!r} is visible to this token (it may "
        "not exist, or be hidden from the token's user)"
    )


def enrolment_methods_page(site_url: str, course: Course) -> str:
    """The course's "Méthodes d'inscription" page, where cohort-sync methods are managed."""
    return f"{site_url}/enrol/instances.php?id={course.id}"
