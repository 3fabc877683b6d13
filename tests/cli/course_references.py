"""Course references as people paste them, and how they must be read: shared by the CLI's
``parse_course_ref`` and the command builder's ``parseCourseRef`` (tests run both on it).

Each row: (what was typed, the configured Moodle URL, expected ``(field, value)`` or ``None``
for a reference refused with a message).
"""

from __future__ import annotations

SITE = "https://moodle.u-picardie.fr"
SUBPATH_SITE = "https://lms.example.org/moodle"

COURSE_REFERENCES: list[tuple[str, str, tuple[str, str] | None]] = [
    ("2", SITE, ("id", "2")),
    ("  42 ", SITE, ("id", "42")),
    ("THERMO-L1", SITE, ("any", "THERMO-L1")),
    ("L1 CHIM", SITE, ("any", "L1 CHIM")),
    ("shortname:THERMO-L1", SITE, ("shortname", "THERMO-L1")),
    ("idnumber:RETHC01", SITE, ("idnumber", "RETHC01")),
    ("id:7", SITE, ("id", "7")),
    ("id:x7", SITE, None),
    ("id:", SITE, ("any", "id:")),
    ("name:THERMO", SITE, ("any", "name:THERMO")),
    (
        "HTTPS://moodle.u-picardie.fr/course/view.php?id=2",
        SITE,
        ("any", "HTTPS://moodle.u-picardie.fr/course/view.php?id=2"),
    ),
    (f"{SITE}/course/view.php?id=2", SITE, ("id", "2")),
    (f"{SITE}/course/view.php?id=2#section-3", SITE, ("id", "2")),
    (f"{SITE}/course/view.php?id=2&section=1", SITE, ("id", "2")),
    (f"{SITE}/course/view.php?id=2&id=3", SITE, ("id", "2")),
    (f"{SITE}/course/view.php?foo&id=4", SITE, ("id", "4")),
    (f"{SITE}/course/view.php?id=%35", SITE, ("id", "5")),
    (f"{SITE}/course/view.php?id=2%", SITE, None),
    (f"{SITE}/course/view.php?id=", SITE, None),
    (f"{SITE}/course/view.php?name=THERMO-L1", SITE, ("shortname", "THERMO-L1")),
    (f"{SITE}/course/view.php?name=THERMO+L1", SITE, ("shortname", "THERMO L1")),
    (f"{SITE}/course/edit.php?id=9", SITE, ("id", "9")),
    (f"{SITE}/user/index.php?id=5", SITE, ("id", "5")),
    (f"{SITE}/enrol/instances.php?id=6", SITE, ("id", "6")),
    (f"{SITE}/enrol/editinstance.php?type=cohort&courseid=3", SITE, ("id", "3")),
    (f"{SITE}/enrol/editinstance.php?id=3", SITE, None),
    (f"{SITE}/mod/forum/view.php?id=2", SITE, None),
    ("https://MOODLE.u-picardie.fr/course/view.php?id=11", SITE, ("id", "11")),
    ("https://someone@moodle.u-picardie.fr:443/course/view.php?id=8", SITE, ("id", "8")),
    ("https://moodle.example.org/course/view.php?id=2", SITE, None),
    ("http://127.0.0.1:8765/course/view.php?id=2", "http://127.0.0.1:8765", ("id", "2")),
    (f"{SUBPATH_SITE}/course/view.php?id=12", SUBPATH_SITE, ("id", "12")),
    ("https://lms.example.org/course/view.php?id=12", SUBPATH_SITE, ("id", "12")),
    ("", SITE, None),
    ("   ", SITE, None),
]
