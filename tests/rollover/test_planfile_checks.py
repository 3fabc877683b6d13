"""Every refusal of a plan file, word for word, and exactly what an accepted one says.

A person fixes a plan from these messages alone: each names the file, the line and the field,
and one run lists every problem. Nothing written in the file is dropped unread.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from sync_helper.moodle.settings import DEFAULT_ROLES
from sync_helper.rollover.planfile import PlanFile, PlanFileError, load_plan_file

SITE = "https://moodle.example.fr"
OTHER_SITE_COURSE = "https://moodle.other.fr/course/view.php?id=3"


def _load(tmp_path: Path, name: str, text: str | bytes) -> PlanFile:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return load_plan_file(path, DEFAULT_ROLES, SITE)


def _problems(tmp_path: Path, name: str, text: str | bytes) -> list[str]:
    with pytest.raises(PlanFileError) as caught:
        _load(tmp_path, name, text)
    assert str(caught.value) == "\n".join(caught.value.problems)
    return [problem.replace(f"{tmp_path}/", "") for problem in caught.value.problems]


YAML_REFUSALS = [
    ("- X\n", ["p.yml:1: expected scope:, rules: and courses: keys"]),
    (
        "courses: [X]\nextra: 1\n",
        ["p.yml:2: plan.extra: unknown key (known: scope, rules, courses)"],
    ),
    ("courses: [X]\ncourses: [Y]\n", ["p.yml:2: plan.courses: given twice"]),
    ("courses: [X]\n? [a]\n: 1\n", ["p.yml:2: plan: a key must be a single value"]),
    ("scope: [a]\ncourses: [X]\n", ["p.yml:1: scope: expected a single value"]),
    ("courses: [X]\nscope: ''\n", ["p.yml:2: scope: expected a single value"]),
    ("courses: [X]\nscope: everywhere\n", ["p.yml:2: scope: expected one of listed, site"]),
    ("scope: listed\n", ["p.yml:1: the plan names no course and no rule"]),
    (
        "\n\nscope: site\ncourses: [X]\n",
        ["p.yml:3: scope: site needs rules to know what to change"],
    ),
    ("courses: [X]\nrules: []\n", ["p.yml:2: rules: expected a mapping (key: value)"]),
    (
        "courses: [X]\nrules:\n  catalog: {from_year: '2023'}\n",
        ["p.yml:3: rules.catalog.to_year: required"],
    ),
    (
        "courses: [X]\nrules:\n  catalog:\n    to_year: '2024'\n",
        ["p.yml:4: rules.catalog.from_year: required"],
    ),
    (
        "courses: [X]\nrules:\n  catalog: {from_year: '2023', to_year: '2024', x: 1}\n",
        ["p.yml:3: rules.catalog.x: unknown key (known: from_year, to_year)"],
    ),
    (
        "courses: [X]\nrules:\n  catalog: {from_year: [], to_year: '2024'}\n",
        ["p.yml:3: rules.catalog.from_year: expected a single value"],
    ),
    (
        "courses: [X]\nrules:\n  catalog: {from_year: '2023', to_year: []}\n",
        ["p.yml:3: rules.catalog.to_year: expected a single value"],
    ),
    (
        "courses: [X]\nrules:\n  codes: [A, B]\n",
        ["p.yml:3: rules.codes: expected old code: new code(s)"],
    ),
    ("rules:\n  codes: {A: A}\n", ["p.yml:2: rules.codes.A: maps a code to itself"]),
    (
        "rules:\n  codes:\n    A:\n      - B\n      - A\n",
        ["p.yml:5: rules.codes.A: maps a code to itself"],
    ),
    ("courses: [X]\nrules:\n  codes:\n    A:\n", ["p.yml:4: rules.codes.A: expected a list"]),
    ("rules:\n  codes:\n    A: [[B]]\n", ["p.yml:3: rules.codes.A: expected a single value"]),
    ("rules:\n  codes:\n    ? [A]\n    : B\n", ["p.yml:3: rules.codes: expected a single value"]),
    (
        "courses: {a: 1}\n",
        ["p.yml:1: courses: expected a list", "p.yml:1: the plan names no course and no rule"],
    ),
    (
        "courses:\n  - cohorts: []\n",
        ["p.yml:2: courses[0].course: required (id, shortname or URL)"],
    ),
    (  # two entries without course: two missing courses, not one course listed twice
        "courses:\n  - cohorts: []\n  - cohorts: [L1]\n",
        [
            "p.yml:2: courses[0].course: required (id, shortname or URL)",
            "p.yml:3: courses[1].course: required (id, shortname or URL)",
        ],
    ),
    (
        "courses:\n  - X\n  - course: Y\n    cohorts: L1\n",
        ["p.yml:4: courses[1].cohorts: expected a list ([] for none)"],
    ),
    (
        "courses:\n  - X\n  - Y\n  - course: X\n",
        ["p.yml:4: courses[2]: course 'X' already listed at p.yml:2"],
    ),
    (
        "courses:\n  - course: X\n  - X\n",
        ["p.yml:3: courses[1]: course 'X' already listed at p.yml:2"],
    ),
    (
        "courses:\n  - ''\n  - course: ''\n",
        [
            "p.yml:2: courses[0]: expected a single value",
            "p.yml:3: courses[1].course: expected a single value",
        ],
    ),
    (
        "courses:\n  - Y\n  - id:abc\n  - course: id:x\n",
        [
            "p.yml:3: courses[1]: course id must be a number: 'id:abc'",
            "p.yml:4: courses[2].course: course id must be a number: 'id:x'",
        ],
    ),
    (
        f"courses:\n  - {OTHER_SITE_COURSE}\n",
        [
            f"p.yml:2: courses[0]: {OTHER_SITE_COURSE} is on moodle.other.fr, "
            f"not on the configured Moodle site {SITE}"
        ],
    ),
    (
        "courses:\n  - course: X\n    cohorts:\n      - {code: '', role: prof, group: ''}\n",
        [
            "p.yml:4: courses[0].cohorts[0].code: expected a single value",
            "p.yml:4: courses[0].cohorts[0].group: expected a single value",
            "p.yml:4: courses[0].cohorts[0].code: a cohort code is required",
            "p.yml:4: courses[0].cohorts[0].role: unknown role 'prof' "
            "(known: editingteacher, manager, student, teacher)",
        ],
    ),
    (
        "courses:\n  - course: X\n    cohorts:\n      - L1\n      - {role: teacher}\n"
        "      - {code: B, colour: red}\n",
        [
            "p.yml:5: courses[0].cohorts[1].code: a cohort code is required",
            "p.yml:6: courses[0].cohorts[2].colour: unknown key (known: code, role, group)",
        ],
    ),
    (
        "courses:\n  - course: X\n    cohorts: ['', L1]\n",
        [
            "p.yml:3: courses[0].cohorts[0]: expected a single value",
            "p.yml:3: courses[0].cohorts[0].code: a cohort code is required",
        ],
    ),
    ("", ["p.yml: the plan is empty: give courses, rules or both"]),
    ("# only a comment\n", ["p.yml: the plan is empty: give courses, rules or both"]),
]


@pytest.mark.parametrize(("text", "problems"), YAML_REFUSALS)
def test_a_bad_yaml_plan_names_the_line_and_field_of_every_problem(
    tmp_path: Path, text: str, problems: list[str]
) -> None:
    assert _problems(tmp_path, "p.yml", text) == problems


def test_yaml_that_does_not_parse_names_its_line(tmp_path: Path) -> None:
    [problem] = _problems(tmp_path, "p.yaml", "courses:\n  - X\n  - [Y\n")
    assert problem.startswith("p.yaml:4: not valid YAML (expected ',' or ']'")
    assert _problems(tmp_path, "p.yml", "\ncourses:\n  - X\n  - Y\x07\n") == [
        "p.yml:4: not valid YAML (character #x0007 not allowed)"
    ]
    deep = "courses: " + "[" * 5000 + "]" * 5000 + "\n"
    assert _problems(tmp_path, "p.yml", deep) == ["p.yml: not valid YAML (nested too deeply)"]


CSV_REFUSALS = [
    (
        "",
        [
            "p.csv:1: header: expected columns course,code[,role][,group] (wanted cohorts) "
            "or from,to (rules)"
        ],
    ),
    (
        "course,cohort\nX,L1\n",
        [
            "p.csv:1: header: expected columns course,code[,role][,group] "
            "(wanted cohorts) or from,to (rules)"
        ],
    ),
    ("from,to\n", ["p.csv: the rules table has no row"]),
    ("from,to\n\n", ["p.csv: the rules table has no row"]),
    (
        "from,to\n,B\n\nA\n",
        ["p.csv:2: from/to: both codes are required", "p.csv:4: from/to: both codes are required"],
    ),
    ("from,to\nA,B\nC, C \n", ["p.csv:3: to: maps a code to itself"]),
    ("old;new\nA;A\n", ["p.csv:2: to: maps a code to itself"]),
    ("course,code\n", ["p.csv: the plan has no course row"]),
    (
        "course,code\n,L1\n\nX\n",
        [
            "p.csv:2: course: a course id, shortname or URL is required",
            "p.csv:4: cohort.code: a cohort code is required",
        ],
    ),
    (
        "course,code,role\nX,L1,prof\n",
        [
            "p.csv:2: cohort.role: unknown role 'prof' "
            "(known: editingteacher, manager, student, teacher)"
        ],
    ),
    ("course,code\nid:abc,L1\n", ["p.csv:2: course: course id must be a number: 'id:abc'"]),
    (
        "course,code,rôle\nX,L1,teacher\n",
        ["p.csv:1: header: unknown column 'rôle' (known: course, code, role, group)"],
    ),
    ("course,code,code\nX,L1,L2\n", ["p.csv:1: header: column 'code' given twice"]),
    ("from,to,to\nA,B,C\n", ["p.csv:1: header: column 'to' given twice"]),
    ("from,to,to2\nA,B,C\n", ["p.csv:1: header: unknown column 'to2' (known: from, to)"]),
    (
        "course,code,to\nX,L1,Y\n",
        ["p.csv:1: header: unknown column 'to' (known: course, code, role, group)"],
    ),
    ("course,code\nX,L1,teacher\n", ["p.csv:2: column 3: 'teacher' is under no column name"]),
    ("course,code,\nX,L1,\nY,L2, z \n", ["p.csv:3: column 3: 'z' is under no column name"]),
    (
        'course,code\nX,"L1\nY,L2\n',
        ["p.csv:2: not valid CSV (a quote opened here is never closed)"],
    ),
    (
        'course,code\nX,"L1\nY,"L2"\nZ,L3\n',
        ["p.csv:2: not valid CSV (a quote opened here is never closed)"],
    ),
    ('course,code\nX,"L1"b\n', ["p.csv:2: not valid CSV (',' expected after '\"')"]),
    (
        "course,code\nX," + "L" * 200_000 + "\n",
        ["p.csv:2: not valid CSV (field larger than field limit (131072))"],
    ),
    (  # a carriage return alone (an old Mac line break) is a line break too
        'course,code\nX,"L1\rB"\n',
        ["p.csv:2: column 2: a line break inside a quoted value (a closing quote missing?)"],
    ),
    (
        'course,code,group\nX,L1,"Groupe\nA"\nY,"L2",\nZ\n',
        [
            "p.csv:2: column 3: a line break inside a quoted value (a closing quote missing?)",
            "p.csv:5: cohort.code: a cohort code is required",
        ],
    ),
]


@pytest.mark.parametrize(("text", "problems"), CSV_REFUSALS)
def test_a_bad_csv_plan_names_the_line_and_column_of_every_problem(
    tmp_path: Path, text: str, problems: list[str]
) -> None:
    assert _problems(tmp_path, "p.csv", text) == problems


def test_a_plan_that_is_no_utf8_text_or_no_file_is_refused_plainly(tmp_path: Path) -> None:
    assert _problems(tmp_path, "p.yml", b"courses: [\xe9t\xe9]\n") == [
        "p.yml: not UTF-8 text (byte 10)"
    ]
    with pytest.raises(PlanFileError) as caught:
        load_plan_file(tmp_path, DEFAULT_ROLES)
    assert caught.value.problems == [f"{tmp_path}: cannot read (Is a directory)"]


def test_yaml_defaults_and_where_each_wanted_cohort_was_written(tmp_path: Path) -> None:
    plan = _load(
        tmp_path,
        "p.yml",
        "\ufeffrules:\n  codes:\n    A1: B1\n    A2: [B2, B3]\ncourses: X1\n",
    )
    assert plan.scope == "listed"
    assert plan.courses[0].ref == "X1" and plan.courses[0].cohorts is None
    assert dict(plan.rules.mapping) == {"A1": ("B1",), "A2": ("B2", "B3")}
    assert plan.catalog_years is None
    listed = _load(
        tmp_path,
        "q.yml",
        "courses:\n  - course: ' X2 '\n    cohorts:\n      - L1\n"
        "      - {code: L2, role: teacher}\n      - {code: L3, group: new}\n  - course: X3\n"
        "    cohorts: []\n",
    )
    [x2, x3] = listed.courses
    assert (x2.ref, x2.where, x3.ref, x3.cohorts) == ("X2", f"{tmp_path}/q.yml:2", "X3", ())
    assert [(w.code, w.role, w.group, w.where) for w in x2.cohorts] == [
        ("L1", "student", "none", f"{tmp_path}/q.yml:4"),
        ("L2", "teacher", "none", f"{tmp_path}/q.yml:5"),
        ("L3", "student", "new", f"{tmp_path}/q.yml:6"),
    ]
    assert not listed.rules and listed.scope == "listed"


def test_rules_alone_cover_the_site_and_catalog_years_are_kept(tmp_path: Path) -> None:
    plan = _load(tmp_path, "p.yml", "rules:\n  catalog: {from_year: 2023, to_year: ' 2024'}\n")
    assert (plan.scope, plan.courses, plan.catalog_years) == ("site", (), ("2023", "2024"))
    assert _load(tmp_path, "q.yml", "scope: site\nrules:\n  codes: {A: B}\n").scope == "site"


def test_csv_header_case_spaces_bom_and_upper_case_suffix(tmp_path: Path) -> None:
    plan = _load(
        tmp_path,
        "P.CSV",
        "\ufeff Course ; CODE ;Group\n\n X ; L1 ; Groupe A \nX;L2;\nY;L1;new\n",
    )
    assert (plan.scope, plan.catalog_years, bool(plan.rules)) == ("listed", None, False)
    assert [
        (c.ref, c.where, [(w.code, w.role, w.group, w.where) for w in c.cohorts])
        for c in plan.courses
    ] == [
        (
            "X",
            f"{tmp_path}/P.CSV:3",
            [
                ("L1", "student", "Groupe A", f"{tmp_path}/P.CSV:3"),
                ("L2", "student", "none", f"{tmp_path}/P.CSV:4"),
            ],
        ),
        ("Y", f"{tmp_path}/P.CSV:5", [("L1", "student", "new", f"{tmp_path}/P.CSV:5")]),
    ]


def test_the_delimiter_is_the_one_the_header_line_uses(tmp_path: Path) -> None:
    commas = _load(tmp_path, "c.csv", 'course,code,group\nX,L1,"Groupe A;B;C;D"\n')
    assert commas.courses[0].cohorts[0].group == "Groupe A;B;C;D"
    semicolons = _load(tmp_path, "s.csv", 'course;code;group\nX;L1;"Groupe A,B"\n')
    assert semicolons.courses[0].cohorts[0].group == "Groupe A,B"
    # values with more commas than the file has semicolons (a spreadsheet's French export)
    groups = 'course;code;group\nX;L1;"TD 1, 2, 3, 4"\nY;L2;"TD 5, 6, 7, 8"\n'
    plan = _load(tmp_path, "g.csv", groups)
    assert [entry.cohorts[0].group for entry in plan.courses] == ["TD 1, 2, 3, 4", "TD 5, 6, 7, 8"]
    rules = _load(tmp_path, "r.csv", "from;to\r\nA;B\r\n")
    assert dict(rules.rules.mapping) == {"A": ("B",)}


def test_csv_rules_read_old_new_columns_in_any_order(tmp_path: Path) -> None:
    plan = _load(tmp_path, "r.csv", "NEW;Old\n B ; A \nC;A\n")
    assert (plan.scope, plan.courses, plan.catalog_years) == ("site", (), None)
    assert dict(plan.rules.mapping) == {"A": ("B", "C")}


def test_the_fingerprint_is_the_files_exact_bytes(tmp_path: Path) -> None:
    """The journal of a plan is refused for any other content, even a changed comment."""
    text = "courses: [X]\n"
    plan = _load(tmp_path, "p.yml", text)
    assert plan.fingerprint == hashlib.sha256(text.encode()).hexdigest()
    assert plan.path == tmp_path / "p.yml"
    assert _load(tmp_path, "q.yml", text + "# reviewed\n").fingerprint != plan.fingerprint
