"""APOGEE CSV extracts as spreadsheets save them: encodings, delimiters, line ends, errors."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sync_helper.catalog import CatalogError, load_catalog
from sync_helper.catalog.apogee_csv import COLUMNS, detect_delimiter
from tests.catalog.conftest import ROOT, problems_of

HEADER = "COD_CMP,LIB_CMP,COD_ETP,COD_VRS_VET,LIB_WEB_VET,COD_ELP,LIB_ELP,NBR_CRD_ELP,COD_ELP_PERE"
L1 = "010,UFR des Sciences,L1CHIM,231,LICENCE 1 CHIMIE"
SHORT = "010,UFR des Sciences,L1CHIM,231,L1"
ROWS = [
    f"{L1},UECY11,UE Compétence 1,24,",
    f"{L1},RETHC01,Thermodynamique et cinétique,2,UECY11",
    f'{L1},REMT01,Méthodes de calcul,"1,5",UECY11',
    "010,UFR des Sciences,M2CHIM,031,MASTER 2 CHIMIE,,,,",
]


def write_csv(
    path: Path,
    lines: list[str],
    *,
    encoding: str = "utf-8",
    newline: str = "\n",
    delimiter: str = ",",
) -> Path:
    text = newline.join(line.replace(",", delimiter) for line in lines) + newline
    if delimiter == ";":
        text = text.replace('"1;5"', '"1,5"')
    path.write_bytes(text.encode(encoding))
    return path


def check_sample(path: Path) -> None:
    catalog = load_catalog([path])
    first, second = catalog.formations
    assert (first.code, second.code, second.version) == ("L1CHIM231", "M2CHIM031", "031")
    assert second.elements == []
    (ue,) = first.elements
    assert ue.ects == 24
    assert [(c.code, c.label, c.ects) for c in ue.children] == [
        ("RETHC01", "Thermodynamique et cinétique", 2),
        ("REMT01", "Méthodes de calcul", 1.5),
    ]
    assert catalog.composantes["010"].label == "UFR des Sciences"


@pytest.mark.parametrize(
    ("encoding", "newline", "delimiter"),
    [
        ("utf-8", "\n", ","),
        ("utf-8-sig", "\r\n", ","),
        ("cp1252", "\r\n", ";"),
        ("utf-8", "\n", ";"),
        ("cp1252", "\n", ","),
        ("utf-8-sig", "\n", ";"),
    ],
)
def test_encodings_delimiters_and_line_ends(
    tmp_path: Path, encoding: str, newline: str, delimiter: str
) -> None:
    path = write_csv(
        tmp_path / "extract.csv",
        [HEADER, *ROWS],
        encoding=encoding,
        newline=newline,
        delimiter=delimiter,
    )
    check_sample(path)


def test_project_column_names_in_any_case_and_unknown_columns(tmp_path: Path) -> None:
    header = (
        "Composante_Code,composante_label,FORMATION_CODE_ETAPE,formation_version,"
        "formation_label,element_code,element_label,element_ects,element_parent,Commentaire"
    )
    rows = [row + ",ignored" for row in ROWS]
    check_sample(write_csv(tmp_path / "readable.csv", [header, *rows]))


def test_missing_required_column_is_one_error_naming_the_file(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "short.csv", ["COD_CMP,COD_ETP,LIB_WEB_VET", "010,L1CHIM,X"])
    (problem,) = problems_of(path)
    assert problem.startswith(f"{path}:1: missing required column(s): formation_version")
    assert "COD_VRS_VET" in problem


def test_every_row_problem_is_reported_with_line_and_column(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "bad.csv",
        [
            HEADER,
            "010,UFR des Sciences,L1CHIMIE,231,LICENCE 1 CHIMIE,,,,",
            "010,UFR des Sciences,L1CHIM,2310,LICENCE 1 CHIMIE,,,,",
            "010,UFR des Sciences,L2 CHIM,231,,,,,",
            "010,UFR des Sciences,L3CHIM,231,L3,RETHC01,Thermo,deux,",
            "010,UFR des Sciences,L3CHIM,231,L3,ABCDEFGHIJKLM,Trop long,,",
            "010,UFR des Sciences,L3CHIM,231,L3,RENOM01,Nomenclature,,NOPE",
            "999,,M1CHIM,231,MASTER 1,,,,",
            "010,UFR des Sciences,L1\u00a0CH,231,NBSP,,,,",
        ],
    )
    found = problems_of(path)
    expected = [
        f"{path}:2: COD_ETP: 'L1CHIMIE' is 8 characters long (at most 6)",
        f"{path}:3: COD_VRS_VET: '2310' is 4 characters long (at most 3)",
        f"{path}:4: COD_ETP: 'L2 CHIM' contains ' '",
        f"{path}:4: LIB_WEB_VET: is required",
        f"{path}:5: NBR_CRD_ELP: 'deux' is not a number",
        f"{path}:6: COD_ELP: 'ABCDEFGHIJKLM' is 13 characters long (at most 12)",
        f"{path}:7: COD_ELP_PERE: unknown parent element 'NOPE' in formation L3CHIM231",
        f"{path}:8: COD_CMP: unknown composante '999'",
    ]
    for line in expected:
        assert any(problem.startswith(line) for problem in found), (line, found)
    assert not any(":9:" in problem for problem in found)


def test_non_breaking_space_in_code_is_a_warning(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "nbsp.csv", [HEADER, "010,UFR des Sciences,L1\u00a0CH,231,NBSP,,,,"]
    )
    catalog = load_catalog([path])
    assert catalog.formations[0].code_etape == "L1\u00a0CH"
    (warning,) = catalog.warnings
    assert str(warning).startswith(f"{path}:2: COD_ETP: ")
    assert "non-breaking space" in str(warning)


def test_conflicting_duplicate_element_is_an_error(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "dup.csv",
        [
            HEADER,
            f"{SHORT},UECY11,UE,24,",
            f"{SHORT},RETHC01,Thermodynamique,2,UECY11",
            f"{SHORT},RETHC01,Thermodynamique,2,UECY11",
            f"{SHORT},RETHC01,Autre chose,3,",
        ],
    )
    (problem,) = problems_of(path)
    assert problem.startswith(f"{path}:5: COD_ELP: RETHC01 appears twice in L1CHIM231")


def test_shared_element_listed_under_two_parents_is_accepted(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "shared.csv",
        [
            HEADER,
            f"{SHORT},UE1,UE 1,,",
            f"{SHORT},UE2,UE 2,,",
            f"{SHORT},ANG01,Anglais,2,UE1",
            f"{SHORT},ANG01,Anglais,2,UE2",
        ],
    )
    (formation,) = load_catalog([path]).formations
    assert [[c.code for c in ue.children] for ue in formation.elements] == [["ANG01"], ["ANG01"]]


def test_parent_loop_is_an_error_not_a_hang(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "loop.csv",
        [
            HEADER,
            f"{SHORT},AAA,A,,BBB",
            f"{SHORT},BBB,B,,AAA",
        ],
    )
    found = problems_of(path)
    assert len(found) == 2
    assert all("loop" in problem for problem in found)


def test_formation_rows_that_disagree_are_an_error(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "disagree.csv",
        [
            HEADER,
            "010,UFR des Sciences,L1CHIM,231,LICENCE 1 CHIMIE,A1,A,,",
            "010,UFR des Sciences,L1CHIM,231,LICENCE 1 PHYSIQUE,A2,B,,",
        ],
    )
    (problem,) = problems_of(path)
    assert problem.startswith(f"{path}:3: LIB_WEB_VET: formation L1CHIM 231 has other label")


def test_multiline_quoted_label_is_normalised_and_lines_stay_right(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "multiline.csv",
        [
            HEADER,
            '010,UFR des Sciences,L1CHIM,231,"LICENCE 1\r\nCHIMIE",,,,',
            "010,UFR des Sciences,L2CHIM,2 1,LICENCE 2,,,,",
        ],
    )
    (problem,) = problems_of(path)
    assert problem.startswith(f"{path}:4: COD_VRS_VET: ")
    path.write_text(path.read_text(encoding="utf-8").replace("2 1", "231"), encoding="utf-8")
    assert load_catalog([path]).formations[0].label == "LICENCE 1 CHIMIE"


def test_hostile_labels_survive_verbatim(tmp_path: Path) -> None:
    label = '<script>alert(1)</script> "quotes" & ampersands'
    quoted = '"' + label.replace('"', '""') + '"'
    path = write_csv(
        tmp_path / "hostile.csv",
        [HEADER, f"010,{quoted},L1CHIM,231,{quoted},RETHC01,{quoted},,"],
    )
    catalog = load_catalog([path])
    assert catalog.formations[0].label == label
    assert catalog.formations[0].elements[0].label == label
    assert catalog.composantes["010"].label == label


def test_undecodable_bytes_are_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "binary.csv"
    path.write_bytes(HEADER.encode() + b"\n010,\x81\x8d,L1CHIM,231,X,,,,\n")
    (problem,) = problems_of(path)
    assert problem.startswith(f"{path}: neither UTF-8 nor Windows-1252")


def test_documented_column_table_matches_the_loader() -> None:
    text = (ROOT / "docs" / "donnees.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| `(\w+)` \| ((?:`\w+`(?:, )?)+) \|", text, re.MULTILINE)
    assert {name: tuple(re.findall(r"`(\w+)`", names)) for name, names in rows} == COLUMNS


def test_comma_inside_a_semicolon_header_keeps_the_semicolon(tmp_path: Path) -> None:
    """A header with more commas than a naive count would allow still splits on ``;``."""
    header = 'COD_CMP;LIB_CMP;COD_ETP;COD_VRS_VET;LIB_WEB_VET;"NOTE, LIBRE, SANS ACCENT, ETC"'
    assert detect_delimiter(header) == ";"
    path = write_csv(
        tmp_path / "comma-in-header.csv",
        [header, "010;UFR des Sciences;L1CHIM;231;LICENCE 1 CHIMIE, PHYSIQUE;a, b, c"],
    )
    (formation,) = load_catalog([path]).formations
    assert (formation.code, formation.label) == ("L1CHIM231", "LICENCE 1 CHIMIE, PHYSIQUE")


@pytest.mark.parametrize(
    ("field", "accepted", "refused"),
    [("code_etape", "L1CHIM", "L1CHIMI"), ("version", "231", "2310")],
)
def test_code_length_limits_are_exact(
    tmp_path: Path, field: str, accepted: str, refused: str
) -> None:
    """The longest allowed code loads; one character more is an error on that field, and
    the formation is not published."""

    def write(value: str) -> Path:
        cells = {"code_etape": "L1CHIM", "version": "231", field: value}
        row = f"010,UFR des Sciences,{cells['code_etape']},{cells['version']},LICENCE 1 CHIMIE"
        return write_csv(tmp_path / f"{value}.csv", [HEADER, f"{row},,,,"])

    (formation,) = load_catalog([write(accepted)]).formations
    assert getattr(formation, field) == accepted
    with pytest.raises(CatalogError) as caught:
        load_catalog([write(refused)])
    (problem,) = caught.value.problems
    assert problem.is_error
    assert problem.source.line == 2
    assert problem.field == {"code_etape": "COD_ETP", "version": "COD_VRS_VET"}[field]
    assert f"at most {len(accepted)}" in problem.message


def test_a_label_wrapped_over_two_lines_is_not_an_unbalanced_quote(tmp_path: Path) -> None:
    """Only a multi-line cell holding the file's separator looks like swallowed rows."""
    path = write_csv(
        tmp_path / "wrapped.csv",
        [
            "COD_CMP;LIB_CMP;COD_ETP;COD_VRS_VET;LIB_WEB_VET",
            '010;UFR des Sciences;L1CHIM;231;"LICENCE 1\nCHIMIE, PHYSIQUE"',
        ],
    )
    (formation,) = load_catalog([path]).formations
    assert formation.label == "LICENCE 1 CHIMIE, PHYSIQUE"
