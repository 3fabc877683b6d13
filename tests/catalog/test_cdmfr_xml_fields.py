"""CDM-fr, field by field: every documented codeSet name, where each value is read from
(attribute or text, French name first), encodings as declared, and the XML path of each
refusal."""

from __future__ import annotations

from pathlib import Path

import pytest

from sync_helper.catalog import load_catalog
from sync_helper.catalog.cdmfr_xml import DEFAULT_CODE_SETS, CodeSets, load_cdmfr_xml
from tests.catalog.conftest import problems_of

UNIT = (
    '<orgUnit id="U10"><orgUnitName><text>UFR des Sciences</text></orgUnitName>'
    '<orgUnitCode codeSet="apogee">010</orgUnitCode></orgUnit>'
)
APOGEE = '<programCode codeSet="apogee">L1CHIM-231</programCode>'


def program(codes: str = APOGEE, body: str = "", ident: str = "P1", name: str = "LICENCE 1") -> str:
    label = f"<programName><text>{name}</text></programName>" if name else ""
    return f'<program id="{ident}">{label}{codes}<refOrgUnit ref="U10"/>{body}</program>'


def write(
    path: Path,
    body: str,
    declaration: str = '<?xml version="1.0" encoding="UTF-8"?>\n',
    *,
    encoding: str = "utf-8",
) -> Path:
    path.write_bytes(f"{declaration}<CDM>{body}</CDM>\n".encode(encoding))
    return path


@pytest.mark.parametrize("etape", DEFAULT_CODE_SETS["etape"])
@pytest.mark.parametrize("version", DEFAULT_CODE_SETS["version"])
def test_every_listed_etape_and_version_code_set(tmp_path: Path, etape: str, version: str) -> None:
    codes = (
        f'<programCode codeSet="{etape}">L1CHIM</programCode>'
        f'<programCode codeSet="{version}">231</programCode>'
    )
    path = write(tmp_path / "sets.xml", UNIT + program(codes))
    assert [f.code for f in load_catalog([path]).formations] == ["L1CHIM231"]


@pytest.mark.parametrize("name", DEFAULT_CODE_SETS["combined"])
@pytest.mark.parametrize("year", DEFAULT_CODE_SETS["year"])
def test_every_listed_combined_and_year_code_set(tmp_path: Path, name: str, year: str) -> None:
    codes = (
        f'<programCode codeSet="{name}">L1CHIM-231</programCode>'
        f'<programCode codeSet="{year}"> 2023 </programCode>'
    )
    path = write(tmp_path / "sets.xml", UNIT + program(codes))
    (formation,) = load_catalog([path]).formations
    assert (formation.code, formation.year) == ("L1CHIM231", "2023")


@pytest.mark.parametrize("name", DEFAULT_CODE_SETS["element"])
def test_every_listed_element_code_set_wins_over_another(tmp_path: Path, name: str) -> None:
    course = (
        '<course id="C1"><courseName><text>Cours</text></courseName>'
        f'<courseCode codeSet="ROF">FR-ROF-1</courseCode><courseCode codeSet="{name}">RE1'
        "</courseCode></course>"
    )
    path = write(tmp_path / "sets.xml", UNIT + program(body='<refCourse ref="C1"/>') + course)
    (formation,) = load_catalog([path]).formations
    assert [e.code for e in formation.elements] == ["RE1"]


@pytest.mark.parametrize("name", DEFAULT_CODE_SETS["composante"])
def test_every_listed_composante_code_set_wins_over_another(tmp_path: Path, name: str) -> None:
    unit = (
        '<orgUnit id="U10"><orgUnitName><text>UFR</text></orgUnitName>'
        f'<orgUnitCode codeSet="ROF">FR-UFR</orgUnitCode><orgUnitCode codeSet="{name}">010'
        "</orgUnitCode></orgUnit>"
    )
    path = write(tmp_path / "sets.xml", unit + program())
    catalog = load_catalog([path])
    assert (list(catalog.composantes), catalog.formations[0].composante) == (["010"], "010")


@pytest.mark.parametrize("spelling", ["Code_Apogee-Etape", "CODE.APOGEE.ETAPE", "codeapogeeetape"])
def test_code_set_names_compare_without_case_or_punctuation(tmp_path: Path, spelling: str) -> None:
    codes = (
        f'<programCode codeSet="{spelling}">L1CHIM</programCode>'
        '<programCode codeSet="version_etape">231</programCode>'
    )
    path = write(tmp_path / "sets.xml", UNIT + program(codes))
    assert [f.code for f in load_catalog([path]).formations] == ["L1CHIM231"]


def test_extra_code_sets_add_to_the_defaults() -> None:
    sets = CodeSets.with_extra({"year": ["Millesime"]})
    assert {"millesime", "anneeuniversitaire"} <= sets.names["year"]
    assert sets.names["etape"] == CodeSets.with_extra().names["etape"]


@pytest.mark.parametrize(
    ("combined", "code"), [("L1CHIM-231", "L1CHIM231"), ("L1CHIM 231", "L1CHIM231")]
)
def test_a_combined_code_splits_on_its_last_separator(
    tmp_path: Path, combined: str, code: str
) -> None:
    codes = f'<programCode codeSet="apogee">{combined}</programCode>'
    path = write(tmp_path / "combined.xml", UNIT + program(codes))
    assert [f.code for f in load_catalog([path]).formations] == [code]
    path = write(tmp_path / "slash.xml", UNIT + program(codes.replace(combined, "L1CHIM/231")))
    assert [f.version for f in load_catalog([path]).formations] == ["231"]


def test_a_combined_code_without_separator_is_refused_where_it_is(tmp_path: Path) -> None:
    codes = '<programCode codeSet="apogee">L1CHIM231</programCode>'
    path = write(tmp_path / "joined.xml", UNIT + program(codes))
    assert problems_of(path)[0] == (
        f"{path}:/CDM/program/programCode: code_etape: 'L1CHIM231': write code étape and "
        "version apart, e.g. L1CHIM-231"
    )


def test_every_field_of_a_program_and_a_course(tmp_path: Path) -> None:
    structure = (
        "<programStructure><subProgram><subProgramName><text language='en'>Block</text>"
        "<text language='fr-FR'>Bloc</text></subProgramName>"
        '<subProgramCode codeSet="codeElp">BL1</subProgramCode><refCourse ref="C1"/>'
        '<refCourse ref="C2"/></subProgram></programStructure>'
    )
    fields = (
        '<credits>60</credits><volume type="CM">10</volume><volume>487</volume>'
        "<example>oui</example>"
    )
    courses = (
        '<course id="C1"><courseName>Cours <b>1</b></courseName>'
        '<courseCode codeSet="ROF">X1</courseCode><courseCode codeSet="apogee">RE1</courseCode>'
        '<credits ECTScredits="2">5</credits><volume type="TD">4</volume>'
        '<volume type="TP">2</volume><volume type="CM">6</volume><volume>12</volume>'
        '<nature> RESS </nature><teachingTerm term="S1">S2</teachingTerm></course>'
        '<course id="C2"><courseName><text language="en">Only English</text></courseName>'
        "<courseCode>RE2</courseCode><credits> 3 </credits><teachingTerm> S2 </teachingTerm>"
        "</course>"
    )
    path = write(tmp_path / "full.xml", UNIT + program(APOGEE + fields, structure) + courses)
    (formation,) = load_catalog([path]).formations
    assert (formation.ects, formation.hours, formation.example) == (60, 487, True)
    (block,) = formation.elements
    assert (block.code, block.label) == ("BL1", "Bloc")
    first, second = block.children
    assert (first.code, first.label, first.nature, first.period) == ("RE1", "Cours 1", "RESS", "S1")
    assert (first.ects, first.hours, first.hours_cm, first.hours_td, first.hours_tp) == (
        2,
        12,
        6,
        4,
        2,
    )
    assert (second.code, second.label, second.period, second.ects) == (
        "RE2",
        "Only English",
        "S2",
        3,
    )
    assert (second.nature, second.hours, second.hours_cm) == ("", None, None)
    assert (formation.source.path, first.source.path) == ("/CDM/program", "/CDM/course[1]")


def test_org_units_nest_and_programs_belong_to_the_unit_they_are_in(tmp_path: Path) -> None:
    body = (
        '<orgUnit id="UNIV"><orgUnitName><text>Université</text></orgUnitName>'
        '<orgUnit id="U10"><orgUnitName><text>UFR</text></orgUnitName>'
        '<orgUnitCode codeSet="ROF">010</orgUnitCode>'
        '<orgUnit id="U11"><orgUnitName><text>Antenne</text></orgUnitName>'
        '<orgUnitCode codeSet="apogee">181</orgUnitCode>'
        '<program id="P9"><programName><text>Dans l’antenne</text></programName>'
        '<programCode codeSet="apogee">L1ANT-231</programCode></program>'
        "</orgUnit></orgUnit></orgUnit>"
    )
    catalog = load_catalog([write(tmp_path / "units.xml", body)])
    assert [(c.code, c.label, c.parent) for c in catalog.composantes.values()] == [
        ("010", "UFR", None),
        ("181", "Antenne", "010"),
    ]
    assert catalog.formations[0].composante == "181"


def test_programs_without_id_are_each_read_in_their_own_unit(tmp_path: Path) -> None:
    """No ``id``: a program is still a formation (it was dropped without a word), in the
    composante of the orgUnit it is written in; ``programID``/``courseID`` elements are ids."""
    unit = (
        '<orgUnit id="U{code}"><orgUnitName><text>UFR {code}</text></orgUnitName>'
        '<orgUnitCode codeSet="apogee">{code}</orgUnitCode>'
        "<program><programName><text>LICENCE {code}</text></programName>"
        '<programCode codeSet="apogee">L{code}-231</programCode></program></orgUnit>'
    )
    by_element = (
        "<program><programID>P3</programID><programName><text>LICENCE 3</text></programName>"
        f'{APOGEE.replace("L1CHIM", "L3CHIM")}<refOrgUnit ref="U010"/>'
        '<programStructure><refCourse ref="C1"/></programStructure></program>'
        "<course><courseID> C1 </courseID><courseName><text>Cours</text></courseName>"
        "<courseCode>RE1</courseCode></course>"
    )
    body = unit.format(code="010") + unit.format(code="020") + by_element
    catalog = load_catalog([write(tmp_path / "noid.xml", body)])
    assert [(f.code, f.composante, f.source.path) for f in catalog.formations] == [
        ("L010231", "010", "/CDM/orgUnit[1]/program"),
        ("L020231", "020", "/CDM/orgUnit[2]/program"),
        ("L3CHIM231", "010", "/CDM/program"),
    ]
    assert [e.code for e in catalog.formations[2].elements] == ["RE1"]
    assert catalog.warnings == []


def test_a_referenced_sub_program_is_an_element_not_a_formation(tmp_path: Path) -> None:
    body = (
        program(body='<refProgram ref="P2"/>')
        + '<program id="P2"><programName><text>Parcours</text></programName>'
        '<programCode codeSet="codeElp">PAR1</programCode></program>'
        '<program id="P3"><programName><text>Orphelin</text></programName></program>'
    )
    catalog = load_catalog([write(tmp_path / "ref.xml", UNIT + body)])
    assert [e.code for e in catalog.formations[0].elements] == ["PAR1"]
    assert [str(w) for w in catalog.warnings] == [
        f"{tmp_path / 'ref.xml'}:/CDM/program[3]: programCode: no APOGEE code étape and "
        "version; program ignored"
    ]


@pytest.mark.parametrize(
    ("body", "says"),
    [
        (UNIT, ": no <program> in this CDM-fr file: no formation could be read"),
        (
            UNIT
            + program("<programCode>X</programCode>")
            + program('<programCode codeSet="b">X</programCode>', ident="P2")
            + program('<programCode codeSet="a">X</programCode>', ident="P3"),
            ": no formation could be read: 3 program(s) without a known APOGEE codeSet "
            "(found: (none), a, b); add their names under cdmfr_code_sets in institution.yml "
            "(see docs/donnees.md)",
        ),
    ],
)
def test_a_file_without_formation_says_what_it_found(tmp_path: Path, body: str, says: str) -> None:
    path = write(tmp_path / "empty.xml", body)
    assert problems_of(path) == [f"{path}{says}"]


@pytest.mark.parametrize(
    ("fragment", "says"),
    [
        ("<example>peut-être</example>", "/example: example: 'peut-être' is not yes/no"),
        ("<volume>x</volume>", "/volume: hours: 'x' is not a number"),
        ('<credits ECTScredits="-1"/>', "/credits: ects: '-1' is not a number of hours"),
        ('<programCode codeSet="annee">23</programCode>', "/programCode: year: '23' is not a year"),
    ],
)
def test_a_bad_program_value_names_its_xml_element(
    tmp_path: Path, fragment: str, says: str
) -> None:
    path = write(tmp_path / "bad.xml", UNIT + program(APOGEE + fragment))
    (problem,) = problems_of(path)
    assert problem.startswith(f"{path}:/CDM/program{says}")


def test_missing_names_and_codes_point_at_their_elements(tmp_path: Path) -> None:
    course = '<course id="C1"><courseCode>RE 1</courseCode></course>'
    codes = '<programCode codeSet="versionEtape">231</programCode>'
    path = write(
        tmp_path / "missing.xml", UNIT + program(codes, '<refCourse ref="C1"/>', name="") + course
    )
    assert problems_of(path) == [
        f"{path}:/CDM/program/programCode: code_etape: is required",
        f"{path}:/CDM/program/programName: label: is required",
        f"{path}:/CDM/course/courseCode: code: 'RE 1' contains ' '; allowed: letters, digits, "
        "- and _",
        f"{path}:/CDM/course/courseName: label: is required",
    ]


@pytest.mark.parametrize(
    ("declaration", "encoding", "label"),
    [
        ('<?xml version="1.0" encoding="ISO-8859-1"?>\n', "ascii", "LICENCE 1"),
        ('<?xml version="1.0" encoding="windows-1252"?>\n', "cp1252", "Études"),
        ("<?xml version='1.0' encoding='latin-1'?>\n", "latin-1", "Études"),
        ("", "utf-8", "Études"),
    ],
)
def test_declared_encodings_that_match_the_bytes(
    tmp_path: Path, declaration: str, encoding: str, label: str
) -> None:
    path = write(tmp_path / "enc.xml", UNIT + program(name=label), declaration, encoding=encoding)
    assert load_catalog([path]).formations[0].label == label


NOT_UTF8 = (
    "declares (or defaults to) UTF-8 but its bytes are not UTF-8; save it as UTF-8 or declare "
    'encoding="windows-1252"'
)


@pytest.mark.parametrize(
    ("declaration", "encoding", "says"),
    [
        ("<?xml version='1.0' encoding='utf8'?>\n", "cp1252", NOT_UTF8),
        ("", "cp1252", NOT_UTF8),
        (
            '<?xml version="1.0" encoding="cp1252"?>\n',
            "utf-8",
            "declares encoding 'cp1252' but its bytes are UTF-8: write encoding=\"UTF-8\" in the "
            "first line",
        ),
    ],
)
def test_declared_encodings_that_do_not_match_the_bytes(
    tmp_path: Path, declaration: str, encoding: str, says: str
) -> None:
    path = write(
        tmp_path / "enc.xml", UNIT + program(name="Études"), declaration, encoding=encoding
    )
    assert problems_of(path) == [f"{path}: {says}"]


def test_a_file_that_cannot_be_opened_says_why(tmp_path: Path) -> None:
    """``load_catalog`` checks the file first; one removed in between is still a message."""
    part = load_cdmfr_xml(tmp_path / "gone.xml")
    assert [str(p) for p in part.problems] == [
        f"{tmp_path / 'gone.xml'}: cannot read: No such file or directory"
    ]


def test_malformed_xml_names_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "bad.xml"
    path.write_text('<?xml version="1.0"?>\n<CDM>\n<a>\n</b></CDM>', encoding="utf-8")
    assert problems_of(path) == [f"{path}:4: not well-formed XML (column 2)"]


def test_a_prefixed_root_that_is_not_cdm_is_named(tmp_path: Path) -> None:
    path = tmp_path / "rof.xml"
    path.write_text('<?xml version="1.0"?>\n<cdm:ROF xmlns:cdm="urn:x"/>', encoding="utf-8")
    assert problems_of(path) == [f"{path}: the root element is <ROF>, expected <CDM> (CDM-fr)"]


def test_a_program_outside_any_org_unit_needs_a_ref_org_unit(tmp_path: Path) -> None:
    path = write(tmp_path / "nounit.xml", UNIT + program().replace('<refOrgUnit ref="U10"/>', ""))
    assert problems_of(path) == [f"{path}:/CDM/program/refOrgUnit: composante: is required"]


def test_the_code_sets_found_are_listed_ten_at_most(tmp_path: Path) -> None:
    programs = "".join(
        program(f'<programCode codeSet="set{n:02d}">X</programCode>', ident=f"P{n}")
        for n in range(12)
    )
    path = write(tmp_path / "many.xml", UNIT + programs)
    (problem,) = problems_of(path)
    found = ", ".join(f"set{n:02d}" for n in range(10))
    assert f"12 program(s) without a known APOGEE codeSet (found: {found}); add" in problem


def test_a_course_written_inside_a_program_is_a_course_not_a_block(tmp_path: Path) -> None:
    course = (
        '<course id="C1"><courseName><text>Cours</text></courseName>'
        "<courseCode>RE1</courseCode></course>"
    )
    structure = f'<programStructure>{course}<refCourse ref="C1"/></programStructure>'
    catalog = load_catalog([write(tmp_path / "inner.xml", UNIT + program(body=structure))])
    (formation,) = catalog.formations
    assert [(e.code, e.source.path) for e in formation.elements] == [
        ("RE1", "/CDM/program/programStructure/course")
    ]
    assert formation.example is False


def test_programs_without_any_code_say_none_was_found(tmp_path: Path) -> None:
    path = write(tmp_path / "nocodes.xml", UNIT + program(codes=""))
    assert problems_of(path) == [
        f"{path}: no formation could be read: 1 program(s) without a known APOGEE codeSet "
        "(found: none); add their names under cdmfr_code_sets in institution.yml "
        "(see docs/donnees.md)"
    ]


def test_an_unknown_org_unit_leaves_its_program_without_composante(tmp_path: Path) -> None:
    path = write(tmp_path / "unit.xml", UNIT + program().replace('"U10"/>', '"U99"/>'))
    assert problems_of(path) == [
        f"{path}:/CDM/program/refOrgUnit: composante: unknown orgUnit 'U99'",
        f"{path}:/CDM/program/refOrgUnit: composante: is required",
    ]


@pytest.mark.parametrize(
    ("codes", "body", "says"),
    [
        (
            '<programCode codeSet="codeEtape">L1CHIM</programCode>',
            "",
            "/CDM/program/programCode: version: is required",
        ),
        (
            APOGEE,
            '<refCourse ref="C1"/>',
            "/CDM/course/courseCode: code: is required",
        ),
    ],
)
def test_missing_parts_are_named(tmp_path: Path, codes: str, body: str, says: str) -> None:
    course = '<course id="C1"><courseName><text>Cours</text></courseName></course>'
    path = write(tmp_path / "parts.xml", UNIT + program(codes, body) + course)
    assert any(problem.startswith(f"{path}:{says}") for problem in problems_of(path))


def test_a_ref_org_unit_without_ref_is_unknown(tmp_path: Path) -> None:
    path = write(tmp_path / "noref.xml", UNIT + program().replace(' ref="U10"', ""))
    assert problems_of(path)[0] == (
        f"{path}:/CDM/program/refOrgUnit: composante: unknown orgUnit ''"
    )


def test_a_combined_code_with_two_separators_splits_on_the_last(tmp_path: Path) -> None:
    codes = '<programCode codeSet="apogee">L1-CHI-231</programCode>'
    path = write(tmp_path / "two.xml", UNIT + program(codes))
    formation = load_catalog([path]).formations[0]
    assert (formation.code_etape, formation.version) == ("L1-CHI", "231")


def test_a_program_ignored_is_a_warning_in_reports(tmp_path: Path) -> None:
    """``--json`` prints the severity word: a program without codes is a warning, not more."""
    body = program() + '<program id="P3"><programName><text>Orphelin</text></programName></program>'
    catalog = load_catalog([write(tmp_path / "w.xml", UNIT + body)])
    assert [(w.field, w.severity) for w in catalog.warnings] == [("programCode", "warning")]


def test_a_reference_without_ref_names_its_element_and_an_empty_id(tmp_path: Path) -> None:
    found = problems_of(write(tmp_path / "r.xml", UNIT + program(body="<refCourse/>")))
    assert found == [f"{tmp_path / 'r.xml'}:/CDM/program/refCourse: ref: unknown course ''"]


def test_only_refprogram_marks_a_program_as_referenced(tmp_path: Path) -> None:
    """Ids of orgUnits, courses and programs may coincide: a refOrgUnit to « P3 » or a
    refCourse to « P3 » does not make program P3 a sub-program, so it is still warned about."""
    course = '<course id="P3"><courseName><text>Cours</text></courseName>'
    course += '<courseCode codeSet="apogee">C1</courseCode></course>'
    body = (
        '<orgUnit id="P3"><orgUnitName><text>Autre</text></orgUnitName>'
        '<orgUnitCode codeSet="apogee">011</orgUnitCode></orgUnit>'
        + program(body='<refCourse ref="P3"/>').replace('ref="U10"', 'ref="P3"')
        + '<program id="P3"><programName><text>Orphelin</text></programName></program>'
        + course
    )
    catalog = load_catalog([write(tmp_path / "ids.xml", UNIT + body)])
    assert [w.message for w in catalog.warnings] == [
        "no APOGEE code étape and version; program ignored"
    ]


def test_a_bad_composante_code_names_its_org_unit(tmp_path: Path) -> None:
    second = (
        '<orgUnit id="U11"><orgUnitName><text>Antenne</text></orgUnitName>'
        '<orgUnitCode codeSet="apogee">01 1</orgUnitCode></orgUnit>'
    )
    found = problems_of(write(tmp_path / "u.xml", UNIT + second + program()))
    assert found == [
        f"{tmp_path / 'u.xml'}:/CDM/orgUnit[2]/orgUnitCode: code: '01 1' contains ' '; "
        "allowed: letters, digits, - and _"
    ]


def test_what_is_written_inside_a_reference_is_not_the_programs(tmp_path: Path) -> None:
    """A reference is a leaf: a refCourse mistakenly nested in another is not an element."""
    courses = "".join(
        f'<course id="{c}"><courseName><text>Cours {c}</text></courseName>'
        f'<courseCode codeSet="apogee">{c}</courseCode></course>'
        for c in ("C1", "C2")
    )
    body = program(body='<refCourse ref="C1"><refCourse ref="C2"/></refCourse>') + courses
    catalog = load_catalog([write(tmp_path / "leaf.xml", UNIT + body)])
    assert [(depth, e.code) for depth, e in catalog.formations[0].walk_elements()] == [(0, "C1")]


def test_a_control_character_in_a_nature_or_term_is_refused_at_its_element(
    tmp_path: Path,
) -> None:
    """The path names the XML element the value came from: ``nature``, ``teachingTerm``."""
    structure = '<programStructure><refCourse ref="C1"/></programStructure>'
    course = (
        '<course id="C1"><courseName><text>Cours</text></courseName>'
        "<courseCode>RE1</courseCode><nature>RE\tSS</nature>"
        "<teachingTerm>S\t1</teachingTerm></course>"
    )
    path = write(tmp_path / "tab.xml", UNIT + program(body=structure) + course)
    assert problems_of(path) == [
        f"{path}:/CDM/course/nature: nature: contains '\\t', which cannot be shown as text",
        f"{path}:/CDM/course/teachingTerm: period: contains '\\t', which cannot be shown as text",
    ]


def test_a_combined_code_without_separator_is_refused_not_guessed(tmp_path: Path) -> None:
    """« L1CHIM231 » in one code is not cut at a guessed place: the whole value stays the code
    étape (too long) and the version stays empty, each said at the code's element."""
    codes = '<programCode codeSet="apogee">L1CHIM231</programCode>'
    path = write(tmp_path / "combined.xml", UNIT + program(codes))
    at = f"{path}:/CDM/program/programCode"
    assert problems_of(path) == [
        f"{at}: code_etape: 'L1CHIM231': write code étape and version apart, e.g. L1CHIM-231",
        f"{at}: code_etape: 'L1CHIM231' is 9 characters long (at most 6)",
        f"{at}: version: is required",
    ]


def test_a_name_without_language_is_taken_as_french(tmp_path: Path) -> None:
    names = '<programName><text language="en">Bachelor</text><text>LICENCE 1</text></programName>'
    body = f'<program id="P1">{names}{APOGEE}<refOrgUnit ref="U10"/></program>'
    path = write(tmp_path / "names.xml", UNIT + body)
    assert [f.label for f in load_catalog([path]).formations] == ["LICENCE 1"]


def test_a_program_with_codes_referenced_by_another_is_both_formation_and_element(
    tmp_path: Path,
) -> None:
    """A parcours with its own étape is a formation, and part of the mention that lists it."""
    parcours = program(APOGEE.replace("L1CHIM", "L1PARC"), ident="P1", name="PARCOURS")
    mention = program(body='<refProgram ref="P1"/>', ident="P2", name="MENTION")
    catalog = load_catalog([write(tmp_path / "parcours.xml", UNIT + parcours + mention)])
    assert [(f.code, [e.label for e in f.elements]) for f in catalog.formations] == [
        ("L1PARC231", []),
        ("L1CHIM231", ["PARCOURS"]),
    ]


def test_a_program_in_an_org_unit_without_code_has_no_composante(tmp_path: Path) -> None:
    """Its composante is missing (said where a refOrgUnit would give one), not made up."""
    body = (
        '<orgUnit id="U1"><orgUnitName><text>Sans code</text></orgUnitName>'
        "<program><programName><text>LICENCE 1</text></programName>"
        f"{APOGEE}</program></orgUnit>"
    )
    path = write(tmp_path / "nocode.xml", body)
    assert problems_of(path) == [f"{path}:/CDM/orgUnit/program/refOrgUnit: composante: is required"]
