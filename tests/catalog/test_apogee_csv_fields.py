"""APOGEE CSV, column by column: every documented column reaches its field, and every
refused row or cell is named by file, line and the column as the header spells it."""

from __future__ import annotations

from pathlib import Path

import pytest

from sync_helper.catalog import load_catalog
from sync_helper.catalog.apogee_csv import detect_delimiter, load_apogee_csv
from tests.catalog.conftest import problems_of

FULL_HEADER = (
    "COD_CMP;LIB_CMP;COD_CMP_PERE;LIB_SITE;COD_ETP;COD_VRS_VET;LIB_WEB_VET;COD_ANU;"
    "NBR_CRD_VET;NBR_HEU_VET;COD_COHORTE;EXEMPLE;COD_ELP;LIB_ELP;COD_NEL;COD_PEL;"
    "NBR_CRD_ELP;NBR_HEU_ELP;NBR_HEU_CM_ELP;NBR_HEU_TD_ELP;NBR_HEU_TP_ELP;COD_ELP_PERE"
)
PARENT = "010;UFR des Sciences;;;L2CHIM;231;LICENCE 2 CHIMIE;2023" + ";" * 14


def full_row(**cells: str) -> str:
    """One row of FULL_HEADER: a formation L1CHIM 231 with one element, cells overridable."""
    values = {
        "COD_CMP": "181",
        "LIB_CMP": "Antenne  de Beauvais",
        "COD_CMP_PERE": "010",
        "LIB_SITE": " Beauvais\u00a0centre ",
        "COD_ETP": "L1CHIM",
        "COD_VRS_VET": "231",
        "LIB_WEB_VET": "LICENCE 1 CHIMIE",
        "COD_ANU": "2023",
        "NBR_CRD_VET": "60",
        "NBR_HEU_VET": "487,5",
        "COD_COHORTE": "",
        "EXEMPLE": "",
        "COD_ELP": "RETHC01",
        "LIB_ELP": "Thermodynamique",
        "COD_NEL": " RESS ",
        "COD_PEL": " S1 ",
        "NBR_CRD_ELP": "2",
        "NBR_HEU_ELP": "24 HE",
        "NBR_HEU_CM_ELP": "12",
        "NBR_HEU_TD_ELP": "10",
        "NBR_HEU_TP_ELP": "2",
        "COD_ELP_PERE": "",
    } | cells
    return ";".join(values[name] for name in FULL_HEADER.split(";"))


def write(path: Path, *lines: str, header: str = FULL_HEADER) -> Path:
    path.write_text("\n".join((header, *lines)) + "\n", encoding="utf-8")
    return path


def test_every_documented_column_reaches_its_field(tmp_path: Path) -> None:
    path = write(
        tmp_path / "full.csv",
        "010;UFR des Sciences;;;L1PHYS;231;LICENCE 1 PHYSIQUE;2023;;;;;;;;;;;;;;",
        full_row(COD_COHORTE="L1CHIM-2023", EXEMPLE="oui"),
    )
    catalog = load_catalog([path])
    antenna = catalog.composantes["181"]
    assert (antenna.label, antenna.parent, antenna.site) == (
        "Antenne de Beauvais",
        "010",
        "Beauvais centre",
    )
    assert (catalog.composantes["010"].parent, catalog.composantes["010"].site) == (None, None)
    physics, chemistry = catalog.formations
    assert (physics.ects, physics.hours, physics.cohort_idnumber, physics.example) == (
        None,
        None,
        None,
        False,
    )
    assert (chemistry.composante, chemistry.year, chemistry.ects, chemistry.hours) == (
        "181",
        "2023",
        60,
        487.5,
    )
    assert (chemistry.cohort_idnumber, chemistry.example) == ("L1CHIM-2023", True)
    assert chemistry.cohort_code() == "L1CHIM-2023"
    (element,) = chemistry.elements
    assert (element.code, element.label, element.nature, element.period) == (
        "RETHC01",
        "Thermodynamique",
        "RESS",
        "S1",
    )
    assert (element.ects, element.hours, element.hours_cm, element.hours_td, element.hours_tp) == (
        2,
        24,
        12,
        10,
        2,
    )
    assert (element.source.file, element.source.line) == (str(path), 3)
    assert (chemistry.source.line, antenna.source.line) == (3, 3)


def test_a_row_without_composante_label_defines_no_composante(tmp_path: Path) -> None:
    path = write(
        tmp_path / "no-label.csv",
        PARENT,
        full_row(LIB_CMP="", COD_CMP="010", COD_CMP_PERE="", LIB_SITE=""),
    )
    catalog = load_catalog([path])
    assert list(catalog.composantes) == ["010"]
    assert catalog.formations[1].composante == "010"
    assert catalog.composantes["010"].label == "UFR des Sciences"


def test_elements_repeat_their_formation_and_build_one_tree(tmp_path: Path) -> None:
    path = write(
        tmp_path / "tree.csv",
        PARENT,
        full_row(COD_ELP="UE1", LIB_ELP="UE 1"),
        full_row(COD_ELP="RE1", LIB_ELP="Cours 1", COD_ELP_PERE="UE1"),
        full_row(COD_ELP="RE2", LIB_ELP="Cours 2", COD_ELP_PERE="UE1"),
        full_row(COD_ELP="RE1", LIB_ELP="Cours 1", COD_ELP_PERE="UE1"),
        full_row(COD_ELP="UE2", LIB_ELP="UE 2"),
    )
    _, formation = load_catalog([path]).formations
    assert [(e.code, [c.code for c in e.children]) for e in formation.elements] == [
        ("UE1", ["RE1", "RE2"]),
        ("UE2", []),
    ]


def test_a_bad_number_is_reported_on_every_row_that_holds_it(tmp_path: Path) -> None:
    path = write(
        tmp_path / "numbers.csv",
        PARENT,
        full_row(COD_ELP="RE1", NBR_HEU_TD_ELP="dix"),
        full_row(COD_ELP="RE2", NBR_HEU_TD_ELP="dix"),
        full_row(COD_ELP="RE3", NBR_HEU_TD_ELP="10"),
        full_row(COD_ELP="RE4", NBR_HEU_TD_ELP="10"),
    )
    assert problems_of(path) == [
        f"{path}:3: NBR_HEU_TD_ELP: 'dix' is not a number",
        f"{path}:4: NBR_HEU_TD_ELP: 'dix' is not a number",
    ]


@pytest.mark.parametrize(
    ("column", "value", "says"),
    [
        ("NBR_CRD_VET", "soixante", "'soixante' is not a number"),
        ("NBR_HEU_VET", "-5", "'-5' is not a number of hours or credits"),
        ("NBR_CRD_ELP", "NaN", "'NaN' is not a number of hours or credits"),
        ("NBR_HEU_ELP", "inf", "'inf' is not a number of hours or credits"),
        ("NBR_HEU_CM_ELP", "1e999", "'1e999' is not a number of hours or credits"),
        ("NBR_HEU_TP_ELP", "x", "'x' is not a number"),
        ("EXEMPLE", "peut-être", "'peut-être' is not yes/no"),
        ("COD_ANU", "2023-2025", "the second year must follow the first"),
        ("COD_COHORTE", "L1 CHIM", "contains ' '"),
        ("COD_NEL", "RE\x1bSS", "contains '\\x1b', which cannot be shown as text"),
        ("COD_PEL", "S\x001", "cannot be shown as text"),
        ("LIB_ELP", "", "is required"),
        ("LIB_SITE", "Beauvais\x07", "contains '\\x07', which cannot be shown as text"),
        ("COD_CMP_PERE", "999", "unknown parent composante '999'"),
    ],
)
def test_a_bad_cell_names_file_line_and_its_column(
    tmp_path: Path, column: str, value: str, says: str
) -> None:
    path = write(tmp_path / "bad.csv", PARENT, full_row(**{column: value}))
    (problem,) = problems_of(path)
    assert problem.startswith(f"{path}:3: {column}: ")
    assert says in problem


def test_messages_use_the_header_spelling_of_a_project_column(tmp_path: Path) -> None:
    header = " Composante_Code ,formation_code_etape,Formation_Version,FORMATION_LABEL"
    path = write(tmp_path / "project.csv", "010,L1CHIMIE,231,LICENCE 1", header=header)
    assert problems_of(path) == [
        f"{path}:2: formation_code_etape: 'L1CHIMIE' is 8 characters long (at most 6)",
        f"{path}:2: Composante_Code: unknown composante '010'",
    ]


def test_two_spellings_of_one_column_are_refused_by_name(tmp_path: Path) -> None:
    path = write(
        tmp_path / "twice.csv",
        "010;L1CHIM;231;L1;L1CHIM",
        header="COD_CMP;COD_ETP;COD_VRS_VET;LIB_WEB_VET;Formation_Code_Etape",
    )
    assert problems_of(path) == [
        f"{path}: Formation_Code_Etape: columns 'COD_ETP' and 'Formation_Code_Etape' both give "
        "formation_code_etape"
    ]


def test_every_missing_required_column_is_listed_with_its_apogee_name(tmp_path: Path) -> None:
    path = write(tmp_path / "few.csv", "L1", header="LIB_WEB_VET")
    assert problems_of(path) == [
        f"{path}:1: missing required column(s): composante_code (or COD_CMP); "
        "formation_code_etape (or COD_ETP); formation_version (or COD_VRS_VET)"
    ]


def test_blank_rows_are_skipped_and_later_lines_keep_their_numbers(tmp_path: Path) -> None:
    path = write(
        tmp_path / "blank.csv",
        PARENT,
        "",
        " ; ;;;;;;;;;;;;;;;;;;;;",
        full_row(COD_VRS_VET="2310"),
    )
    assert problems_of(path) == [
        f"{path}:5: COD_VRS_VET: '2310' is 4 characters long (at most 3)",
    ]


SHORT_HEADER = "COD_CMP;LIB_CMP;COD_ETP;COD_VRS_VET;LIB_WEB_VET"


@pytest.mark.parametrize(
    ("row", "says"),
    [
        (
            "010;UFR;L1CHIM;231",
            "4 cells on line 3, the header has 5 (a cut row or an unbalanced quote); row not read",
        ),
        (
            "010;UFR;L1CHIM;231;L1;extra",
            "6 cells on line 3, the header has 5 (values beyond the last column); row not read",
        ),
        (
            '010;UFR;L1CHIM;231;"L1\nwrapped";x',
            "6 cells on lines 3–4, the header has 5 (values beyond the last column); row not read",
        ),
        (
            '010;UFR;L1CHIM;"231;L1\nL2;x";L2',
            "a quoted cell runs over lines 3–4 and holds separators (an unbalanced quote?)",
        ),
    ],
)
def test_a_misaligned_row_is_refused_and_the_next_is_still_read(
    tmp_path: Path, row: str, says: str
) -> None:
    path = write(
        tmp_path / "misaligned.csv",
        "010;UFR;L1PHYS;231;L1 PHYSIQUE",
        row,
        "010;UFR;L2PHYS;231;L2 PHYSIQUE;",
        header=SHORT_HEADER,
    )
    next_line = 4 + row.count("\n")
    assert problems_of(path) == [
        f"{path}:3: {says}",
        f"{path}:{next_line}: 6 cells on line {next_line}, the header has 5 "
        "(empty cells beyond the last column: remove the separators at its end); row not read",
    ]


def test_a_quote_left_open_names_the_line_where_reading_stopped(tmp_path: Path) -> None:
    path = write(
        tmp_path / "open.csv",
        "010;UFR;L1PHYS;231;L1 PHYSIQUE",
        '010;UFR;L1CHIM;231;"L1',
        header=SHORT_HEADER,
    )
    assert problems_of(path) == [
        f"{path}:3: unreadable CSV: unexpected end of data (an unbalanced quote?)"
    ]


def test_a_malformed_header_is_an_error_on_line_1(tmp_path: Path) -> None:
    path = write(tmp_path / "header.csv", "010;L1CHIM;231;L1", header='COD_CMP;"COD_ETP"x;A;B')
    (problem,) = problems_of(path)
    assert problem.startswith(f"{path}:1: unreadable CSV header: ")


def test_an_empty_file_asks_for_a_header(tmp_path: Path) -> None:
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    assert problems_of(path) == [f"{path}: empty file: expected a header line with column names"]


def test_a_file_that_cannot_be_opened_says_why(tmp_path: Path) -> None:
    part = load_apogee_csv(tmp_path / "gone.csv")
    assert [str(problem) for problem in part.problems] == [
        f"{tmp_path / 'gone.csv'}: cannot read: No such file or directory"
    ]


@pytest.mark.parametrize(
    ("header", "delimiter"),
    [
        ("COD_CMP;COD_ETP,COD_VRS_VET", ","),
        ("COD_CMP;COD_ETP;COD_VRS_VET,LIB_WEB_VET", ";"),
        ('"LIB, CMP";COD_ETP', ";"),
        ('"A;B;C",COD_ETP,COD_VRS_VET', ","),
        ('COD_CMP;"x,y,z";"a,b";COD_ETP', ";"),
        ("COD_CMP", ","),
    ],
)
def test_delimiter_counts_separators_outside_quotes(header: str, delimiter: str) -> None:
    assert detect_delimiter(header) == delimiter


def test_an_element_under_a_parent_with_an_unknown_parent_is_not_a_loop(tmp_path: Path) -> None:
    path = write(
        tmp_path / "orphan.csv",
        PARENT,
        full_row(COD_ELP="UE1", LIB_ELP="UE 1", COD_ELP_PERE="NOPE"),
        full_row(COD_ELP="RE1", LIB_ELP="Cours 1", COD_ELP_PERE="UE1"),
    )
    assert problems_of(path) == [
        f"{path}:3: COD_ELP_PERE: unknown parent element 'NOPE' in formation L1CHIM231"
    ]


def test_an_element_hanging_under_a_loop_is_reported_with_the_loop(tmp_path: Path) -> None:
    path = write(
        tmp_path / "loop.csv",
        PARENT,
        full_row(COD_ELP="RE1", LIB_ELP="Cours 1", COD_ELP_PERE="UE1"),
        full_row(COD_ELP="UE1", LIB_ELP="UE 1", COD_ELP_PERE="UE2"),
        full_row(COD_ELP="UE2", LIB_ELP="UE 2", COD_ELP_PERE="UE1"),
    )
    assert problems_of(path) == [
        f"{path}:{line}: COD_ELP_PERE: the parents of {code} loop in formation L1CHIM231"
        for line, code in ((3, "RE1"), (4, "UE1"), (5, "UE2"))
    ]


def test_rows_of_one_formation_that_disagree_name_the_first_row_and_its_values(
    tmp_path: Path,
) -> None:
    path = write(
        tmp_path / "disagree.csv",
        PARENT,
        full_row(COD_ELP="RE1"),
        full_row(COD_ELP="RE2", COD_ANU="2024"),
        full_row(COD_ELP="RE3", LIB_WEB_VET="LICENCE  1 CHIMIE "),
    )
    assert problems_of(path) == [
        f"{path}:4: LIB_WEB_VET: formation L1CHIM 231 has other label, composante or year than "
        f"at {path}:3 (LICENCE 1 CHIMIE / 181 / 2023)"
    ]


def test_a_bad_composante_repeated_on_every_row_is_reported_once(tmp_path: Path) -> None:
    path = write(
        tmp_path / "repeated.csv",
        PARENT,
        full_row(COD_CMP="18 1", COD_ELP="RE1"),
        full_row(COD_CMP="18 1", COD_ELP="RE2"),
    )
    assert problems_of(path) == [
        f"{path}:3: COD_CMP: '18 1' contains ' '; allowed: letters, digits, - and _"
    ]


def test_unknown_columns_are_ignored_wherever_they_stand(tmp_path: Path) -> None:
    path = write(
        tmp_path / "notes.csv",
        "note;010;UFR;x;L1CHIM;231;LICENCE 1;y",
        header="Remarque;COD_CMP;LIB_CMP;Autre;COD_ETP;COD_VRS_VET;LIB_WEB_VET;Fin",
    )
    (formation,) = load_catalog([path]).formations
    assert (formation.code, formation.label) == ("L1CHIM231", "LICENCE 1")


def test_a_field_whose_column_is_absent_is_named_by_its_project_name(tmp_path: Path) -> None:
    path = write(
        tmp_path / "no-label.csv", "010;UFR;L1CHIM;231;L1;RE1", header=SHORT_HEADER + ";COD_ELP"
    )
    assert problems_of(path) == [f"{path}:2: element_label: is required"]
