"""Course references as people type or paste them."""

from __future__ import annotations

import pytest

from sync_helper.moodle.courses import CourseRef, parse_course_ref
from sync_helper.moodle.errors import ConfigurationError

SITE = "https://moodle.example.org"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("42", CourseRef("id", "42")),
        (" 42 ", CourseRef("id", "42")),
        ("THERMO-L1", CourseRef("any", "THERMO-L1")),
        ("shortname:42", CourseRef("shortname", "42")),
        ("idnumber:RETHC01", CourseRef("idnumber", "RETHC01")),
        ("id:7", CourseRef("id", "7")),
        (f"{SITE}/course/view.php?id=42", CourseRef("id", "42")),
        (f"{SITE}/course/view.php?id=42#section-3", CourseRef("id", "42")),
        (f"{SITE}/user/index.php?id=42&perpage=5000", CourseRef("id", "42")),
        (f"{SITE}/enrol/instances.php?id=42", CourseRef("id", "42")),
        (f"{SITE}/enrol/editinstance.php?type=cohort&courseid=42", CourseRef("id", "42")),
        (f"{SITE}/course/view.php?name=THERMO-L1", CourseRef("shortname", "THERMO-L1")),
    ],
)
def test_references(text: str, expected: CourseRef) -> None:
    assert parse_course_ref(text, SITE) == expected


def test_url_under_a_site_path() -> None:
    site = "https://example.org/moodle"
    assert parse_course_ref(f"{site}/course/view.php?id=3", site) == CourseRef("id", "3")


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("https://other.example.org/course/view.php?id=4", "not on the configured Moodle site"),
        (f"{SITE}/mod/forum/view.php?id=4", "cannot find a course id"),
        (f"{SITE}/course/view.php?id=abc", "cannot find a course id"),
        ("id:abc", "must be a number"),
        ("  ", "empty"),
    ],
)
def test_bad_references_are_explained(text: str, words: str) -> None:
    with pytest.raises(ConfigurationError, match=words):
        parse_course_ref(text, SITE)
