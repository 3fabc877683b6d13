"""Merging files: cross-file checks, every error of every file at once, warnings kept."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sync_helper.catalog import CatalogError, load_catalog
from sync_helper.catalog import load as load_module
from tests.catalog.conftest import ROOT, problems_of

SEED = ROOT / "data" / "sample" / "upjv-seed.json"
SAMPLE_CSV = ROOT / "data" / "sample" / "exemples-apogee.csv"


def write_json(path: Path, formations: list[dict], composantes: list[dict] | None = None) -> Path:
    data = {"composantes": composantes or [], "formations": formations}
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def chimie(version: str = "231", **extra: object) -> dict:
    return {
        "code_etape": "L1CHIM",
        "version": version,
        "label": "LICENCE 1 CHIMIE",
        "composante": "010",
        **extra,
    }


def test_sample_merges_real_and_example_data() -> None:
    catalog = load_catalog([SEED, SAMPLE_CSV])
    real = [f.code for f in catalog.formations if not f.example]
    examples = [f for f in catalog.formations if f.example]
    assert real == ["L1CHIM231"]
    assert 30 <= len(examples) <= 60
    assert {"L1CHIM221", "L1CHBV231"} <= {f.code for f in examples}
    assert catalog.warnings == []
    assert catalog.files == [str(SEED), str(SAMPLE_CSV)]
    beauvais = next(f for f in examples if f.code == "L1CHBV231")
    assert beauvais.label == "LICENCE 1 CHIMIE (BEAUVAIS)"
    assert catalog.composantes[beauvais.composante].parent == "010"


def test_seed_composantes_are_those_of_the_tutorial() -> None:
    composantes = load_catalog([SEED]).composantes
    assert composantes["005"].label == "UFR de Medecine"
    assert (composantes["051"].label, composantes["051"].parent) == ("Ecoles Paramedicales", "005")
    assert composantes["007"].label == "IUT de l'Oise - BEAUVAIS"
    assert composantes["071"].parent == "007"
    assert composantes["018"].label == "IUT de l'Aisne - LAON"
    assert {composantes["181"].parent, composantes["182"].parent} == {"018"}
    assert composantes["182"].site == "ST QUENTIN"
    assert not any(c.example for c in composantes.values())


def test_duplicate_formation_across_files(tmp_path: Path) -> None:
    again = write_json(tmp_path / "again.json", [chimie()])
    (problem,) = problems_of(SEED, again)
    assert problem.startswith(f"{again}:$.formations[0].code_etape: code_etape: duplicate")
    assert f"first at {SEED}:$.formations[0]" in problem


def test_two_formations_joining_to_the_same_code(tmp_path: Path) -> None:
    data = write_json(tmp_path / "joined.json", [chimie("23"), chimie("M23", code_etape="L1CHI")])
    (problem,) = problems_of(SEED, data)
    assert problem.startswith(f"{data}:$.formations[1].code_etape: code_etape: formation code")
    assert f"L1CHIM23 is also that of L1CHIM 23 (at {data}:$.formations[0])" in problem


def test_same_code_etape_other_version_is_another_formation(tmp_path: Path) -> None:
    older = write_json(tmp_path / "older.json", [chimie("221"), chimie("031")])
    codes = [f.code for f in load_catalog([SEED, older]).formations]
    assert codes == ["L1CHIM231", "L1CHIM221", "L1CHIM031"]


def test_duplicate_cohort_code(tmp_path: Path) -> None:
    data = write_json(
        tmp_path / "cohort.json",
        [chimie("221", cohort_idnumber="L1CHIM231")],
    )
    (problem,) = problems_of(SEED, data)
    assert "cohort_idnumber: cohort code L1CHIM231 is also L1CHIM231" in problem


def test_unknown_composante_and_parent(tmp_path: Path) -> None:
    data = write_json(
        tmp_path / "orphans.json",
        [chimie(composante="999")],
        [{"code": "998", "label": "Antenne", "parent": "997"}],
    )
    found = problems_of(data)
    assert f"{data}:$.formations[0].composante: composante: unknown composante '999'" in found
    assert f"{data}:$.composantes[0].parent: parent: unknown parent composante '997'" in found


def test_errors_of_every_file_are_reported_at_once(tmp_path: Path) -> None:
    bad_json = write_json(tmp_path / "a.json", [chimie("2310")])
    bad_csv = tmp_path / "b.csv"
    bad_csv.write_text("COD_CMP,COD_ETP\n010,L1CHIM\n", encoding="utf-8")
    bad_xml = tmp_path / "c.xml"
    bad_xml.write_text("<CDM><program>", encoding="utf-8")
    with pytest.raises(CatalogError) as caught:
        load_catalog([SEED, bad_json, bad_csv, bad_xml, tmp_path / "d.json"])
    files = [problem.source.file for problem in caught.value.problems]
    assert files == [str(bad_json), str(bad_csv), str(bad_xml), str(tmp_path / "d.json")]
    message = str(caught.value)
    assert message.startswith("4 problems in the catalog data:\n")
    assert all(str(problem) in message for problem in caught.value.problems)


def test_conflicting_composante_definition_is_a_warning(tmp_path: Path) -> None:
    other = write_json(
        tmp_path / "other.json", [], [{"code": "010", "label": "Faculté des Sciences"}]
    )
    catalog = load_catalog([SEED, other])
    assert catalog.composantes["010"].label == "UFR des Sciences"
    (warning,) = catalog.warnings
    assert warning.severity == "warning"
    assert str(warning).startswith(f"{other}:$.composantes[0].label: label: composante 010")


def test_a_conflicting_composante_in_a_csv_names_its_line_and_column(tmp_path: Path) -> None:
    other = tmp_path / "other.csv"
    other.write_text(
        "COD_CMP;LIB_CMP;COD_ETP;COD_VRS_VET;LIB_WEB_VET\n010;Faculté des Sciences;L2CHIM;231;L2\n",
        encoding="utf-8",
    )
    (warning,) = load_catalog([SEED, other]).warnings
    assert str(warning) == (
        f"{other}:2: LIB_CMP: composante 010 differs from its definition at "
        f"{SEED}:$.composantes[7] ('UFR des Sciences'); the first one is kept"
    )


def test_unusable_cohort_template_is_reported() -> None:
    with pytest.raises(CatalogError) as caught:
        load_catalog([SEED], "{code_etape}{semestre}")
    (problem,) = caught.value.problems
    assert problem.field == "cohort_code_template"
    assert "{year}" in problem.message


def test_cohort_template_with_year() -> None:
    catalog = load_catalog([SEED], "{year}-{code_etape}-{version}")
    assert catalog.formations[0].cohort_code(catalog.cohort_template) == "2023-L1CHIM-231"


def test_code_characters(tmp_path: Path) -> None:
    data = write_json(
        tmp_path / "chars.json",
        [
            chimie(code_etape="L1CH/M"),
            chimie(code_etape="L1\tCH"),
            chimie(code_etape="L1_C-H", cohort_idnumber="L1 CHIM"),
            chimie(code_etape="L1CHÉM"),
        ],
        [{"code": "010", "label": "UFR des Sciences"}, {"code": "0 1", "label": "Espace"}],
    )
    found = problems_of(data)
    assert found == [
        f"{data}:$.composantes[1].code: code: '0 1' contains ' '; "
        "allowed: letters, digits, - and _",
        f"{data}:$.formations[0].code_etape: code_etape: 'L1CH/M' contains '/'; "
        "allowed: letters, digits, - and _",
        f"{data}:$.formations[1].code_etape: code_etape: 'L1\\tCH' contains '\\t'; "
        "allowed: letters, digits, - and _",
        f"{data}:$.formations[2].cohort_idnumber: cohort_idnumber: 'L1 CHIM' contains ' '; "
        "allowed: letters, digits, - and _",
        f"{data}:$.formations[3].code_etape: code_etape: 'L1CHÉM' contains 'É' "
        "(U+00C9 LATIN CAPITAL LETTER E WITH ACUTE); "
        "allowed: letters, digits, - and _",
    ]


@pytest.mark.parametrize("suffix", [".csv", ".json", ".xml"])
def test_files_over_the_size_limit_are_refused_before_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, suffix: str
) -> None:
    monkeypatch.setitem(load_module.MAX_BYTES, suffix, load_module.MB)
    path = tmp_path / f"big{suffix}"
    path.write_bytes(b"x" * 3 * load_module.MB)
    (problem,) = problems_of(path)
    assert f"3 MB is over the 1 MB limit for {suffix} files" in problem
    assert "split the export" in problem


def test_an_empty_catalog_list_is_an_error() -> None:
    with pytest.raises(CatalogError) as caught:
        load_catalog([])
    assert [str(problem) for problem in caught.value.problems] == [
        "institution.yml: catalog: lists no data file"
    ]


def test_a_csv_element_chain_too_deep_to_check_is_refused(tmp_path: Path) -> None:
    """CSV rebuilds trees from parent codes without recursion; checking them recurses."""
    rows = ["COD_CMP;COD_ETP;COD_VRS_VET;LIB_WEB_VET;COD_ELP;LIB_ELP;COD_ELP_PERE"]
    rows += [f"010;L9DEEP;231;L9;E{i};Niveau {i};{f'E{i - 1}' if i else ''}" for i in range(1500)]
    path = tmp_path / "chain.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    assert problems_of(SEED, path) == [f"{path}: element tree nested too deeply"]


def test_a_cdmfr_reference_chain_too_deep_to_build_is_refused(tmp_path: Path) -> None:
    """Each course references the next: no nesting in the XML, but a 3,000-deep tree."""
    courses = "".join(
        f'<course id="C{n}"><courseName><text>N{n}</text></courseName>'
        f"<courseCode>E{n}</courseCode>"
        + (f'<refCourse ref="C{n + 1}"/>' if n < 3000 else "")
        + "</course>"
        for n in range(3001)
    )
    path = tmp_path / "chain.xml"
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<CDM><orgUnit id="U10"><orgUnitName><text>UFR'
        '</text></orgUnitName><orgUnitCode codeSet="apogee">010</orgUnitCode></orgUnit>'
        '<program id="P1"><programName><text>L9</text></programName>'
        '<programCode codeSet="apogee">L9DEEP-231</programCode><refOrgUnit ref="U10"/>'
        f'<refCourse ref="C0"/></program>{courses}</CDM>\n',
        encoding="utf-8",
    )
    assert problems_of(SEED, path) == [f"{path}: nested too deeply to be read"]
