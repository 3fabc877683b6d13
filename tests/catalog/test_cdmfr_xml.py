"""CDM-fr XML: namespaces and prefixes, code sets, references, XML paths in messages, hostility."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.synthetic_catalog import write_cdmfr_xml
from sync_helper.catalog import cdmfr_xml, charset, load_catalog
from sync_helper.catalog.cdmfr_records import MAX_DEPTH
from sync_helper.catalog.cdmfr_xml import CodeSets, load_cdmfr_xml
from tests.catalog.conftest import ROOT, problems_of, traced

EXAMPLE = ROOT / "data" / "examples" / "exemple-cdmfr.xml"


def write_xml(path: Path, body: str, namespace: str = "") -> Path:
    xmlns = f' xmlns="{namespace}"' if namespace else ""
    path.write_text(f'<?xml version="1.0" encoding="UTF-8"?>\n<CDM{xmlns}>{body}</CDM>\n')
    return path


UNIT = (
    '<orgUnit id="U10"><orgUnitName><text>UFR des Sciences</text></orgUnitName>'
    '<orgUnitCode codeSet="apogee">010</orgUnitCode></orgUnit>'
)


def test_prefixed_example_builds_formations_and_tree() -> None:
    catalog = load_catalog([EXAMPLE])
    first, second = catalog.formations
    assert (first.code_etape, first.version, first.year, first.ects, first.hours) == (
        "BUTEXI",
        "231",
        "2023",
        60,
        640,
    )
    assert (second.code, second.composante, first.example) == ("BUTEXI221", "008", True)
    assert first.label == "BUT INFORMATIQUE 1RE ANNÉE (EXEMPLE)"
    tree = [(depth, e.code) for depth, e in first.walk_elements()]
    assert tree == [
        (0, "UEEXBI1"),
        (1, "EXDEV01"),
        (1, "EXQUA01"),
        (0, "PAREXA1"),
        (1, "EXQUA01"),
    ]
    dev = first.elements[0].children[0]
    assert (dev.label, dev.nature, dev.period, dev.ects) == (
        "Développement d'applications",
        "RESS",
        "S1",
        6,
    )
    assert (dev.hours, dev.hours_cm, dev.hours_td, dev.hours_tp) == (48, 12, 18, 18)
    assert catalog.composantes["008"].label == "IUT d'Amiens"


def test_default_namespace_and_nested_program(tmp_path: Path) -> None:
    body = (
        '<orgUnit id="U10"><orgUnitName><text language="en">Faculty</text>'
        '<text language="fr-FR">UFR des Sciences</text></orgUnitName>'
        '<orgUnitCode codeSet="apogee">010</orgUnitCode>'
        '<program id="P1"><programName><text>LICENCE 1 CHIMIE</text></programName>'
        '<programCode codeSet="apogee">L1CHIM 231</programCode></program></orgUnit>'
    )
    path = write_xml(tmp_path / "ns.xml", body, "http://cdm-fr.fr/2011/CDM")
    catalog = load_catalog([path])
    (formation,) = catalog.formations
    assert (formation.code, formation.composante) == ("L1CHIM231", "010")
    assert catalog.composantes["010"].label == "UFR des Sciences"


def test_every_problem_names_the_xml_path_and_field(tmp_path: Path) -> None:
    good = (
        '<program id="P1"><programName><text>L1</text></programName>'
        '<programCode codeSet="apogee">L1CHIM-231</programCode><refOrgUnit ref="U10"/>'
        '<refCourse ref="NOPE"/></program>'
    )
    bad = (
        '<program id="P2"><programName><text>L2</text></programName>'
        '<programCode codeSet="codeEtape">L2CHIMIE</programCode>'
        '<programCode codeSet="versionEtape">2310</programCode><refOrgUnit ref="U10"/>'
        '<credits ECTScredits="soixante"/><refCourse ref="C1"/></program>'
        '<course id="C1"><courseName><text>Trop long</text></courseName>'
        "<courseCode>ABCDEFGHIJKLM</courseCode></course>"
    )
    path = write_xml(tmp_path / "rof.xml", UNIT + good + bad)
    found = problems_of(path)
    expected = [
        f"{path}:/CDM/program[1]/refCourse: ref: unknown course 'NOPE'",
        f"{path}:/CDM/program[2]/programCode: code_etape: 'L2CHIMIE' is 8 characters long",
        f"{path}:/CDM/program[2]/programCode: version: '2310' is 4 characters long",
        f"{path}:/CDM/program[2]/credits: ects: 'soixante' is not a number",
        f"{path}:/CDM/course/courseCode: code: 'ABCDEFGHIJKLM' is 13 characters long",
    ]
    for line in expected:
        assert any(problem.startswith(line) for problem in found), (line, found)
    assert len(found) == len(expected)


def test_unknown_org_unit_and_self_reference(tmp_path: Path) -> None:
    body = (
        '<program id="P1"><programName><text>L1</text></programName>'
        '<programCode codeSet="apogee">L1CHIM-231</programCode><refOrgUnit ref="U99"/>'
        '<refCourse ref="C1"/></program>'
        '<course id="C1"><courseName><text>UE</text></courseName>'
        '<courseCode>UE1</courseCode><refCourse ref="C1"/></course>'
    )
    path = write_xml(tmp_path / "loop.xml", UNIT + body)
    found = problems_of(path)
    assert any("/CDM/program/refOrgUnit: composante: unknown orgUnit 'U99'" in p for p in found)
    assert any("/CDM/course/refCourse: ref: course 'C1' contains itself" in p for p in found)


def test_program_without_apogee_codes_is_a_warning(tmp_path: Path) -> None:
    body = (
        '<program id="P1"><programName><text>Diplôme</text></programName></program>'
        '<program id="P2"><programName><text>Chimie</text></programName>'
        '<programCode codeSet="apogee">L1CHIM-231</programCode><refOrgUnit ref="U10"/></program>'
    )
    catalog = load_catalog([write_xml(tmp_path / "nocode.xml", UNIT + body)])
    assert [formation.code for formation in catalog.formations] == ["L1CHIM231"]
    (warning,) = catalog.warnings
    assert "no APOGEE code" in str(warning)


def test_file_where_no_program_has_a_known_code_set_is_an_error(tmp_path: Path) -> None:
    body = (
        '<program id="P1"><programName><text>Chimie</text></programName>'
        '<programCode codeSet="ROFid">FR_RNE_1</programCode><refOrgUnit ref="U10"/></program>'
    )
    (problem,) = problems_of(write_xml(tmp_path / "unknown-sets.xml", UNIT + body))
    assert "no formation could be read" in problem
    assert "ROFid" in problem
    assert "cdmfr_code_sets" in problem


def test_code_set_variants_of_rof_exports_are_read(tmp_path: Path) -> None:
    body = (
        '<program id="P1"><programName><text>Chimie</text></programName>'
        '<programCode codeSet="codeApogeeEtape">L1CHIM</programCode>'
        '<programCode codeSet="codeApogeeVersionEtape">231</programCode>'
        '<refOrgUnit ref="U10"/></program>'
    )
    catalog = load_catalog([write_xml(tmp_path / "variants.xml", UNIT + body)])
    assert [formation.code for formation in catalog.formations] == ["L1CHIM231"]


def test_code_sets_added_in_institution_yml_are_read(tmp_path: Path) -> None:
    body = (
        '<program id="P1"><programName><text>Chimie</text></programName>'
        '<programCode codeSet="etp-maison">L1CHIM</programCode>'
        '<programCode codeSet="vrs-maison">231</programCode>'
        '<refOrgUnit ref="U10"/></program>'
    )
    path = write_xml(tmp_path / "house.xml", UNIT + body)
    extra = CodeSets.with_extra({"etape": ["ETP_MAISON"], "version": ["vrs_maison"]})
    catalog = load_catalog([path], code_sets=extra)
    assert [formation.code for formation in catalog.formations] == ["L1CHIM231"]


def test_hostile_labels_survive_verbatim(tmp_path: Path) -> None:
    label = '<script>alert(1)</script> "quotes" & ampersands'
    escaped = label.replace("&", "&amp;").replace("<", "&lt;")
    body = (
        f'<program id="P1"><programName><text>{escaped}</text></programName>'
        '<programCode codeSet="apogee">L1CHIM-231</programCode><refOrgUnit ref="U10"/></program>'
    )
    catalog = load_catalog([write_xml(tmp_path / "hostile.xml", UNIT + body)])
    assert catalog.formations[0].label == label


def test_billion_laughs_is_refused_cleanly(tmp_path: Path) -> None:
    path = tmp_path / "lol.xml"
    path.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE CDM [<!ENTITY lol "lol">'
        '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>\n'
        "<CDM><program><programName><text>&lol2;</text></programName></program></CDM>\n"
    )
    (problem,) = problems_of(path)
    assert problem.startswith(f"{path}: refused: the file declares DTD entities")
    assert problem.endswith("; CDM-fr exports need none")


def test_external_entity_is_refused_cleanly(tmp_path: Path) -> None:
    path = tmp_path / "xxe.xml"
    path.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE CDM [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
        "<CDM><orgUnit><orgUnitName><text>&xxe;</text></orgUnitName></orgUnit></CDM>\n"
    )
    (problem,) = problems_of(path)
    assert "refused" in problem
    assert "root:" not in problem


def test_malformed_xml_and_wrong_root(tmp_path: Path) -> None:
    broken = tmp_path / "broken.xml"
    broken.write_text("<CDM>\n<program>\n</CDM>\n")
    other = tmp_path / "other.xml"
    other.write_text("<catalog/>")
    found = problems_of(broken, other)
    assert found[0].startswith(f"{broken}:3: not well-formed XML")
    assert found[1] == f"{other}: the root element is <catalog>, expected <CDM> (CDM-fr)"


def test_references_repeating_exponentially_are_capped(tmp_path: Path) -> None:
    levels = 30
    courses = "".join(
        f'<course id="C{n}"><courseName><text>N{n}</text></courseName>'
        f"<courseCode>E{n}</courseCode>"
        + (f'<refCourse ref="C{n + 1}"/><refCourse ref="C{n + 1}"/>' if n < levels else "")
        + "</course>"
        for n in range(levels + 1)
    )
    program = (
        '<program id="P1"><programName><text>L1</text></programName>'
        '<programCode codeSet="apogee">L1CHIM-231</programCode><refOrgUnit ref="U10"/>'
        '<refCourse ref="C0"/></program>'
    )
    path = write_xml(tmp_path / "bomb.xml", UNIT + program + courses)
    (problem,) = problems_of(path)
    assert "more than 50000 elements in one formation's tree" in problem


def test_deeply_nested_files_are_refused_cleanly(tmp_path: Path) -> None:
    deep_xml = write_xml(tmp_path / "deep.xml", "<a>" * 5000 + "</a>" * 5000)
    deep_json = tmp_path / "deep.json"
    deep_json.write_text('{"formations": ' + "[" * 100_000 + "]" * 100_000 + "}")
    found = problems_of(deep_xml, deep_json)
    assert found == [
        f"{deep_xml}: nested too deeply to be read",
        f"{deep_json}: nested too deeply to be read",
    ]


def test_depth_is_limited_to_max_depth(tmp_path: Path) -> None:
    levels = MAX_DEPTH - 1  # under the root: the deepest element is at MAX_DEPTH
    body = UNIT + "<a>" * (levels - 1) + "<b/>" + "</a>" * (levels - 1)
    program = (
        '<program id="P1"><programName><text>L1</text></programName>'
        '<programCode codeSet="apogee">L1CHIM-231</programCode><refOrgUnit ref="U10"/></program>'
    )
    assert len(load_catalog([write_xml(tmp_path / "at.xml", body + program)]).formations) == 1
    deeper = write_xml(tmp_path / "over.xml", "<a>" + body + "</a>" + program)
    assert problems_of(deeper) == [f"{deeper}: nested too deeply to be read"]
    # Paths after the deepest element are still counted right: the second program, its
    # second volume.
    volumes = '<volume type="CM">10</volume><volume>x</volume></program>'
    at = write_xml(tmp_path / "after.xml", body + program + program.replace("</program>", volumes))
    assert problems_of(at) == [f"{at}:/CDM/program[2]/volume[2]: hours: 'x' is not a number"]
    # And before it: the first of two programs is still program[1].
    bad = program.replace("</program>", '<refCourse ref="NOPE"/></program>')
    second = program.replace('"P1"', '"P2"').replace("L1CHIM", "L2CHIM")
    before = write_xml(tmp_path / "before.xml", UNIT + bad + second + body[len(UNIT) :])
    assert problems_of(before) == [
        f"{before}:/CDM/program[1]/refCourse: ref: unknown course 'NOPE'"
    ]


def test_path_indexes_are_known_only_when_the_parent_ends(tmp_path: Path) -> None:
    structure = (
        "<programStructure><subProgram><subProgramName><text>S1</text></subProgramName>"
        '<subProgramCode>S1</subProgramCode><refCourse ref="NOPE"/><refCourse ref="C1"/>'
        '<refCourse ref="NOPE2"/></subProgram><subProgram><subProgramName><text>S2'
        '</text></subProgramName><subProgramCode>S2</subProgramCode><refCourse ref="NOPE3"/>'
        "</subProgram></programStructure><programStructure/>"
    )
    program = (
        '<program id="P1"><programName><text>L1</text></programName>'
        '<programCode codeSet="apogee">L1CHIM-231</programCode><refOrgUnit ref="U10"/>'
        f"{structure}</program>"
    )
    course = '<course id="C1"><courseName><text>C</text></courseName><courseCode>C1</courseCode>'
    path = write_xml(tmp_path / "rof.xml", UNIT + program + course + "</course>")
    at = f"{path}:/CDM/program/programStructure[1]/subProgram"
    assert problems_of(path) == [
        f"{at}[1]/refCourse[1]: ref: unknown course 'NOPE'",
        f"{at}[1]/refCourse[3]: ref: unknown course 'NOPE2'",
        f"{at}[2]/refCourse: ref: unknown course 'NOPE3'",
    ]


def programs_referencing(structure: str, count: int = 2) -> str:
    """``count`` programs in U10 (L1CHIM231, L2CHIM231…), each holding ``structure``."""
    return "".join(
        f'<program id="P{n}"><programName><text>L{n}</text></programName>'
        f'<programCode codeSet="apogee">L{n}CHIM-231</programCode><refOrgUnit ref="U10"/>'
        f"{structure}</program>"
        for n in range(1, count + 1)
    )


def test_a_course_referenced_by_many_formations_is_one_element(tmp_path: Path) -> None:
    programs = programs_referencing('<refCourse ref="C1"/><refCourse ref="C1"/>')
    course = (
        '<course id="C1"><courseName><text>UE</text></courseName><courseCode>UE1</courseCode>'
        '<refCourse ref="C2"/></course><course id="C2"><courseName><text>Cours</text>'
        "</courseName><courseCode>RE1</courseCode></course>"
    )
    catalog = load_catalog([write_xml(tmp_path / "shared.xml", UNIT + programs + course)])
    first, second = catalog.formations
    assert first.elements[0] is first.elements[1] is second.elements[0]
    assert [(e.code, e.source.path) for _, e in second.walk_elements()] == [
        ("UE1", "/CDM/course[1]"),
        ("RE1", "/CDM/course[2]"),
        ("UE1", "/CDM/course[1]"),
        ("RE1", "/CDM/course[2]"),
    ]


def test_a_problem_in_a_shared_course_is_reported_for_each_reference(tmp_path: Path) -> None:
    programs = programs_referencing('<refCourse ref="C1"/>')
    course = (
        '<course id="C1"><courseName><text>UE</text></courseName><courseCode>UE1</courseCode>'
        '<credits ECTScredits="six"/></course>'
    )
    path = write_xml(tmp_path / "shared.xml", UNIT + programs + course)
    assert problems_of(path) == [f"{path}:/CDM/course/credits: ects: 'six' is not a number"] * 2


UE_OF_THREE = (
    '<course id="C1"><courseName><text>UE</text></courseName><courseCode>UE1</courseCode>'
    '<refCourse ref="L1"/><refCourse ref="L2"/><refCourse ref="L3"/></course>'
) + "".join(
    f'<course id="L{n}"><courseName><text>L</text></courseName><courseCode>L{n}</courseCode>'
    "</course>"
    for n in (1, 2, 3)
)


def test_the_cap_counts_every_reference_to_a_shared_course(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cdmfr_xml, "MAX_TREE_ELEMENTS", 6)
    twice = programs_referencing('<refCourse ref="C1"/><refCourse ref="C1"/>', count=1)
    path = write_xml(tmp_path / "cap.xml", UNIT + twice + UE_OF_THREE)
    assert problems_of(path) == [
        f"{path}:/CDM/course[1]/refCourse[2]: ref: more than 6 elements in one formation's tree"
    ]


def test_a_reference_inside_a_name_keeps_the_text_after_it(tmp_path: Path) -> None:
    program = (
        '<program id="P1"><programName><text>LICENCE<refCourse ref="C1"/> 1</text>'
        '</programName><programCode codeSet="apogee">L1CHIM-231</programCode>'
        '<refOrgUnit ref="U10"/></program><course id="C1"><courseName><text>C</text>'
        "</courseName><courseCode>C1</courseCode></course>"
    )
    (formation,) = load_catalog([write_xml(tmp_path / "odd.xml", UNIT + program)]).formations
    assert (formation.label, [e.code for e in formation.elements]) == ("LICENCE 1", ["C1"])


def test_what_lies_outside_programs_and_courses_is_not_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """ROF exports list people, contacts and rights outside any program: thousands of small
    elements that no formation reads. They are dropped as they end, like read records."""
    person = (
        '<person id="PE{n}"><name><given>A</given><family>B</family></name>'
        "<contactData><email>a{n}@u.fr</email><telephone>0</telephone></contactData></person>"
    )
    program = (
        '<program id="P{n}"><programName><text>L1</text></programName>'
        '<programCode codeSet="apogee">L{n}-231</programCode><refOrgUnit ref="U10"/></program>'
    )
    body = UNIT + "".join(program.format(n=n) for n in range(10))
    body += "".join(person.format(n=n) for n in range(20_000))
    monkeypatch.setattr(charset, "CHUNK", 1 << 16)  # the encoding scan's buffer, not the data
    data = write_xml(tmp_path / "people.xml", body)
    part, retained, peak = traced(load_cdmfr_xml, data)
    assert (len(part.formations), part.problems) == (10, [])
    assert peak - retained < data.stat().st_size


def test_loading_holds_records_not_the_whole_tree(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(charset, "CHUNK", 1 << 16)  # the encoding scan's buffer, not the data
    data = write_cdmfr_xml(tmp_path / "large.xml", 60, 40)
    part, retained, peak = traced(load_cdmfr_xml, data)
    assert (len(part.formations), part.problems) == (60, [])
    # The whole tree with a path for each node took 16 times the file's size.
    size = data.stat().st_size
    assert peak - retained < size
    assert peak < 3 * size


def test_the_cap_names_the_sub_program_it_stops_at(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cdmfr_xml, "MAX_TREE_ELEMENTS", 2)
    blocks = "".join(
        f"<subProgram><subProgramName><text>B{n}</text></subProgramName>"
        f"<subProgramCode>B{n}</subProgramCode></subProgram>"
        for n in (1, 2, 3)
    )
    path = write_xml(tmp_path / "cap.xml", UNIT + programs_referencing(blocks, count=1))
    assert problems_of(path) == [
        f"{path}:/CDM/program/subProgram[3]: ref: more than 2 elements in one formation's tree"
    ]


@pytest.mark.parametrize(
    ("cap", "structure", "count"),
    [
        (8, '<refCourse ref="C1"/><refCourse ref="C1"/>', 1),  # twice C1 and its 3 leaves
        (4, '<refCourse ref="C1"/>', 2),  # C1 and its leaves fill each formation's tree
    ],
)
def test_a_shared_course_that_just_fits_under_the_cap_is_shared(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cap: int, structure: str, count: int
) -> None:
    monkeypatch.setattr(cdmfr_xml, "MAX_TREE_ELEMENTS", cap)
    programs = programs_referencing(structure, count)
    catalog = load_catalog([write_xml(tmp_path / "fit.xml", UNIT + programs + UE_OF_THREE)])
    elements = [element for formation in catalog.formations for element in formation.elements]
    assert len(elements) == 2
    assert elements[0] is elements[1]
    assert catalog.element_count() == 8


def test_a_single_child_never_gets_an_index_wherever_it_falls(tmp_path: Path) -> None:
    """The first pass keeps one bit per element; whichever bit an element lands on, a child
    with no sibling of its name is written without ``[1]``."""
    program = (
        '<program id="P{n}"><programName><text>L1</text></programName>'
        '<programCode codeSet="apogee">L{n}-231</programCode><refOrgUnit ref="U10"/>'
        '{fillers}<refCourse ref="NOPE"/></program>'
    )
    body = "".join(program.format(n=n, fillers="<note/>" * n) for n in range(8))
    path = write_xml(tmp_path / "bits.xml", UNIT + body)
    assert problems_of(path) == [
        f"{path}:/CDM/program[{n}]/refCourse: ref: unknown course 'NOPE'" for n in range(1, 9)
    ]
