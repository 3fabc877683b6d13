"""The checks shared by every format, message by message: what a user reads to fix the file
(which file, which record, which field, and for a duplicate where the first one is)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sync_helper.catalog import CatalogError, load_catalog
from sync_helper.catalog import load as load_module
from sync_helper.catalog.load import template_problems
from sync_helper.catalog.model import Composante, Element, Formation, Source
from sync_helper.catalog.parts import LoadedFile
from sync_helper.catalog.problems import Problem
from sync_helper.catalog.validate import check_file, check_merged
from tests.catalog.conftest import ROOT, problems_of

SCIENCES = {"code": "010", "label": "UFR des Sciences"}


def formation(code_etape: str = "L1CHIM", version: str = "231", **extra: object) -> dict:
    return {
        "code_etape": code_etape,
        "version": version,
        "label": "LICENCE 1 CHIMIE",
        "composante": "010",
        **extra,
    }


def write(path: Path, formations: list[dict], composantes: list[dict] | None = None) -> Path:
    data: dict[str, object] = {"composantes": [SCIENCES] if composantes is None else composantes}
    data["formations"] = formations
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_each_record_field_is_checked_with_its_own_limit(tmp_path: Path) -> None:
    path = write(
        tmp_path / "fields.json",
        [
            formation(
                label=" ",
                year="2023-2025",
                elements=[
                    {"code": "ABCDEFGHIJKL", "label": "Douze", "nature": "UE\x07"},
                    {"code": "ABCDEFGHIJKLM", "label": "\x00", "period": "S\x1b1"},
                ],
            ),
            formation("L2CHIM", cohort_idnumber="index"),
        ],
        [
            SCIENCES,
            {"code": "C" * 33, "label": "Trente-trois", "site": "Amiens\x0b"},
            {"code": "BEL", "label": "UFR\x07"},
        ],
    )
    prefix = f"{path}:$"
    assert problems_of(path) == [
        f"{prefix}.composantes[1].code: code: '{'C' * 33}' is 33 characters long (at most 32)",
        f"{prefix}.composantes[1].site: site: contains '\\x0b', which cannot be shown as text",
        f"{prefix}.composantes[2].label: label: contains '\\x07', which cannot be shown as text",
        f"{prefix}.formations[0].label: label: is required",
        f"{prefix}.formations[0].year: year: '2023-2025': the second year must follow the first "
        "(e.g. 2023-2024)",
        f"{prefix}.formations[0].elements[0].nature: nature: contains '\\x07', which cannot be "
        "shown as text",
        f"{prefix}.formations[0].elements[1].code: code: 'ABCDEFGHIJKLM' is 13 characters long "
        "(at most 12)",
        f"{prefix}.formations[0].elements[1].label: label: contains '\\x00', which cannot be "
        "shown as text",
        f"{prefix}.formations[0].elements[1].period: period: contains '\\x1b', which cannot be "
        "shown as text",
        f"{prefix}.formations[1].cohort_idnumber: cohort_idnumber: 'index' is reserved (the name "
        "of the index pages)",
    ]


def test_an_element_listed_twice_with_other_data_names_the_first(tmp_path: Path) -> None:
    element = {"code": "ANG01", "label": "Anglais", "ects": 2}
    path = write(
        tmp_path / "twice.json",
        [
            formation(
                elements=[
                    {"code": "UE1", "label": "UE 1", "children": [element]},
                    {"code": "UE2", "label": "UE 2", "children": [element | {"hours_tp": 4}]},
                    {"code": "UE3", "label": "UE 3", "children": [element]},
                ]
            )
        ],
    )
    assert problems_of(path) == [
        f"{path}:$.formations[0].elements[1].children[0].code: code: ANG01 appears twice in "
        f"L1CHIM231 with different data (first at {path}:$.formations[0].elements[0].children[0])"
    ]


def test_a_file_from_which_nothing_was_read_is_an_error(tmp_path: Path) -> None:
    path = write(tmp_path / "none.json", [], [SCIENCES])
    other = write(tmp_path / "other.json", [formation()])
    assert load_catalog([path, other]).formations[0].code == "L1CHIM231"
    path.write_text('{"composantes": [], "formations": []}', encoding="utf-8")
    csv = tmp_path / "header.csv"
    csv.write_text("COD_CMP,COD_ETP,COD_VRS_VET,LIB_WEB_VET\n", encoding="utf-8")
    assert problems_of(csv, other) == [f"{csv}: no formation could be read from this file"]


@pytest.mark.parametrize(
    ("second", "says"),
    [
        (
            formation(),
            "code_etape: code_etape: duplicate formation L1CHIM 231 (first at {first})",
        ),
        (
            formation("L1chim"),
            "code_etape: code_etape: formation code L1chim231 differs from L1CHIM231 "
            "(at {first}) only by case",
        ),
        (
            formation("L1CHI", "M23"),
            "code_etape: code_etape: formation code L1CHIM23 is also that of L1CHIM 23 "
            "(at {first})",
        ),
        (
            formation("L2CHIM", cohort_idnumber="L1CHIM231"),
            "cohort_idnumber: cohort_idnumber: cohort code L1CHIM231 is also L1CHIM231 "
            "(at {first})",
        ),
    ],
)
def test_formations_that_would_share_a_page_or_a_cohort(
    tmp_path: Path, second: dict, says: str
) -> None:
    first = formation("L1CHIM", "23") if second["code_etape"] == "L1CHI" else formation()
    one = write(tmp_path / "one.json", [first])
    two = write(tmp_path / "two.json", [second], [])
    assert problems_of(one, two) == [
        f"{two}:$.formations[0].{says.format(first=f'{one}:$.formations[0]')}"
    ]


def test_one_duplicate_is_reported_once_not_also_as_a_cohort_clash(tmp_path: Path) -> None:
    path = write(tmp_path / "dup.json", [formation(), formation(), formation("L2CHIM")])
    (problem,) = problems_of(path)
    assert "duplicate formation L1CHIM 231" in problem


def test_after_a_duplicate_the_next_formations_are_still_checked(tmp_path: Path) -> None:
    path = write(
        tmp_path / "dup.json", [formation(), formation(), formation("L2CHIM", composante="9")]
    )
    assert problems_of(path) == [
        f"{path}:$.formations[1].code_etape: code_etape: duplicate formation L1CHIM 231 "
        f"(first at {path}:$.formations[0])",
        f"{path}:$.formations[2].composante: composante: unknown composante '9'",
    ]


def test_cross_file_problems_in_a_csv_name_its_line_and_column(tmp_path: Path) -> None:
    """Each file's own spelling: a JSON key, a CSV column on its line."""
    one = write(
        tmp_path / "one.json", [formation(composante="UFR")], [{"code": "UFR", "label": "Sciences"}]
    )
    two = tmp_path / "two.csv"
    two.write_text(
        "COD_CMP;LIB_CMP;COD_ETP;COD_VRS_VET;LIB_WEB_VET;COD_COHORTE\n"
        "ufr;Sciences;L2CHIM;231;L2;L1CHIM231\n",
        encoding="utf-8",
    )
    assert problems_of(one, two) == [
        f"{two}:2: COD_CMP: ufr differs from UFR (at {one}:$.composantes[0]) only by case",
        f"{two}:2: COD_COHORTE: cohort code L1CHIM231 is also L1CHIM231 (at {one}:$.formations[0])",
    ]


def test_a_composante_label_that_is_not_text_names_the_csv_column(tmp_path: Path) -> None:
    path = tmp_path / "units.csv"
    path.write_text(
        "COD_CMP;LIB_CMP;COD_ETP;COD_VRS_VET;LIB_WEB_VET\n010;UFR\x07;L1CHIM;231;L1\n",
        encoding="utf-8",
    )
    assert problems_of(path) == [
        f"{path}:2: LIB_CMP: contains '\\x07', which cannot be shown as text"
    ]


def test_records_made_without_a_place_are_reported_at_their_file() -> None:
    """A loader that cannot say where a record is still gets problems naming the file."""
    first, second = LoadedFile("first.json"), LoadedFile("second.json")
    first.composantes = [Composante("ufr", "Sciences", parent="NOPE")]
    second.composantes = [Composante("UFR", "Sciences\x07", site="\x0b")]
    second.formations = [
        Formation("L1CHIM", "231", "L1", "UFR", elements=[Element("E 1", "Un")]),
        Formation("L1CHIM", "231", "", "AUTRE"),
    ]
    for part in (first, second):
        check_file(part)
    units = {unit.code: unit for unit in first.composantes + second.composantes}
    check_merged(units, [first, second], "{code_etape}{version}")
    assert [str(problem) for problem in first.problems] == [
        "first.json: no formation could be read from this file",
        "first.json: code: UFR differs from ufr (at None) only by case",
        "first.json: parent: unknown parent composante 'NOPE'",
    ]
    assert [str(problem) for problem in second.problems] == [
        "second.json: label: contains '\\x07', which cannot be shown as text",
        "second.json: site: contains '\\x0b', which cannot be shown as text",
        "second.json: code: 'E 1' contains ' '; allowed: letters, digits, - and _",
        "second.json: label: is required",
        "second.json: composante: unknown composante 'AUTRE'",
        "second.json: code_etape: duplicate formation L1CHIM 231 (first at None)",
    ]


def test_composante_codes_differing_by_case_parents_and_loops(tmp_path: Path) -> None:
    units = [
        SCIENCES,
        {"code": "ufr", "label": "Minuscule"},
        {"code": "UFR", "label": "Majuscule"},
        {"code": "A", "label": "A", "parent": "B"},
        {"code": "B", "label": "B", "parent": "C"},
        {"code": "C", "label": "C", "parent": "B"},
        {"code": "D", "label": "D", "parent": "NOPE"},
    ]
    path = write(tmp_path / "units.json", [formation()], units)
    at = f"{path}:$.composantes"
    assert problems_of(path) == [
        f"{at}[2].code: code: UFR differs from ufr (at {at}[1]) only by case",
        f"{at}[6].parent: parent: unknown parent composante 'NOPE'",
        f"{at}[4].parent: parent: composante B is its own ancestor",
        f"{at}[5].parent: parent: composante C is its own ancestor",
    ]


def test_a_composante_problem_goes_to_the_file_that_defines_it(tmp_path: Path) -> None:
    one = write(tmp_path / "one.json", [formation()])
    two = write(tmp_path / "two.json", [formation("L2CHIM")], [{"code": "X", "label": "X"}])
    three = write(
        tmp_path / "three.json", [formation("L3CHIM")], [{"code": "x", "label": "petit x"}]
    )
    assert problems_of(one, two, three) == [
        f"{three}:$.composantes[0].code: code: x differs from X (at {two}:$.composantes[0]) "
        "only by case"
    ]


def test_same_composante_in_two_files_is_quietly_merged(tmp_path: Path) -> None:
    one = write(
        tmp_path / "one.json",
        [formation()],
        [SCIENCES, {"code": "181", "label": "Antenne", "parent": "010", "site": "Laon"}],
    )
    two = write(tmp_path / "two.json", [formation("L2CHIM", composante="181")], [SCIENCES])
    csv = tmp_path / "three.csv"
    csv.write_text(
        "COD_CMP,LIB_CMP,COD_ETP,COD_VRS_VET,LIB_WEB_VET\n181,Antenne,L3CHIM,231,L3\n",
        encoding="utf-8",
    )
    assert load_catalog([one, two, csv]).warnings == []
    other_site = write(
        tmp_path / "four.json",
        [formation("L4CHIM")],
        [{"code": "181", "label": "Antenne", "site": "Soissons"}],
    )
    (warning,) = load_catalog([one, other_site]).warnings
    assert str(warning) == (
        f"{other_site}:$.composantes[0].label: label: composante 181 differs from its "
        f"definition at {one}:$.composantes[1] ('Antenne'); the first one is kept"
    )


@pytest.mark.parametrize(
    ("template", "reason"),
    [
        (123, "expected text, not int"),
        ("{code_etape", "expected '}' before end of string"),
        ("{code_etape}{semestre}", "unknown placeholder {semestre}"),
        ("{version:>50000000}", "{version} may not have a format or a conversion"),
        ("{code_etape!r}", "{code_etape} may not have a format or a conversion"),
        (
            "{year}",
            "it uses neither {code_etape} nor {version}, so every cohort code would be equal",
        ),
        (
            "COHORTE",
            "it uses neither {code_etape} nor {version}, so every cohort code would be equal",
        ),
    ],
)
def test_unusable_cohort_templates_say_why(template: object, reason: str) -> None:
    problem = template_problems(template)
    assert problem == Problem(
        Source("institution.yml"),
        "cohort_code_template",
        f"{template!r} is not usable ({reason}); write text with the placeholders "
        "{code_etape}, {version}, {year}",
    )


@pytest.mark.parametrize("template", ["{code_etape}{version}", "{version}", "{year}-{code_etape}"])
def test_usable_cohort_templates(template: str) -> None:
    assert template_problems(template) is None


def test_a_long_template_is_cut_in_its_message() -> None:
    problem = template_problems("{semestre}" + "x" * 100)
    assert problem is not None
    assert problem.message.startswith(repr("{semestre}" + "x" * 100)[:60] + " is not usable")


def test_a_bad_template_is_reported_without_the_cross_file_checks(tmp_path: Path) -> None:
    path = write(tmp_path / "ok.json", [formation(), formation("L2CHIM")])
    with pytest.raises(CatalogError) as caught:
        load_catalog([path], "{year}")
    assert [problem.field for problem in caught.value.problems] == ["cohort_code_template"]


@pytest.mark.parametrize(
    ("name", "says"),
    [
        ("notes.txt", "unknown file type '.txt'; expected one of .csv, .json, .xml"),
        ("README", "unknown file type '(none)'; expected one of .csv, .json, .xml"),
        ("missing.csv", "file not found"),
        ("folder.json", "not a regular file"),
    ],
)
def test_files_that_cannot_be_loaded_say_why(tmp_path: Path, name: str, says: str) -> None:
    path = tmp_path / name
    if name == "folder.json":
        path.mkdir()
    elif "missing" not in name:
        path.write_text("x", encoding="utf-8")
    assert problems_of(path) == [f"{path}: {says}"]


def test_a_file_type_is_recognised_whatever_the_case_of_its_suffix(tmp_path: Path) -> None:
    path = write(tmp_path / "UPPER.JSON", [formation()])
    assert load_catalog([path]).formations[0].code == "L1CHIM231"


def test_catalog_error_counts_its_problems() -> None:
    one = Problem(Source("a.csv", line=2), "COD_ETP", "is required")
    other = Problem(Source("a.json", path="$.formations[0]"), "", "no formation")
    assert str(CatalogError([one])) == (
        "1 problem in the catalog data:\n  a.csv:2: COD_ETP: is required"
    )
    assert str(CatalogError([one, other])) == (
        "2 problems in the catalog data:\n  a.csv:2: COD_ETP: is required\n"
        "  a.json:$.formations[0]: no formation"
    )
    assert str(Source("a.xml")) == "a.xml"
    assert Problem(Source("x"), "f", "m").is_error
    assert not Problem(Source("x"), "f", "m", "warning").is_error


def test_a_file_of_exactly_the_size_limit_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path / "limit.json", [formation()])
    monkeypatch.setitem(load_module.MAX_BYTES, ".json", path.stat().st_size)
    assert load_catalog([path]).formations[0].code == "L1CHIM231"
    monkeypatch.setitem(load_module.MAX_BYTES, ".json", path.stat().st_size - 1)
    (problem,) = problems_of(path)
    assert problem.startswith(f"{path}: 0 MB is over the 0 MB limit for .json files")


def test_the_size_limits_are_those_documented() -> None:
    text = (ROOT / "docs" / "donnees.md").read_text(encoding="utf-8")
    for suffix, limit in load_module.MAX_BYTES.items():
        assert f"| `{suffix}` | {limit // load_module.MB} Mo |" in text
