"""CDM-fr XML (the ROF exchange format), the subset that carries APOGEE codes.

Elements are matched on their local name, whatever the namespace or prefix (``cdm:program``).
What is read (see docs/donnees.md):

* ``orgUnit`` → composante: ``orgUnitCode`` (code), ``orgUnitName`` (label); an ``orgUnit``
  nested in another is its antenna (parent). An ``orgUnit`` without code (the university
  itself) is only a container.
* ``program`` with APOGEE codes → formation: ``programCode codeSet="codeEtape"`` and
  ``codeSet="versionEtape"``, or one ``programCode codeSet="apogee"`` written ``L1CHIM-231``
  (or ``L1CHIM 231``); ``codeSet="anneeUniversitaire"`` gives the year. ROF exports name
  these code sets in several ways: :data:`DEFAULT_CODE_SETS` lists the accepted names
  (compared without case, ``_``, ``-`` or ``.``), and ``institution.yml`` may add more under
  ``cdmfr_code_sets``; ``programName``;
  ``credits`` (``ECTScredits`` attribute or text); ``volume`` (hours); ``example`` (true for
  invented data, this project's extension). Its composante is ``refOrgUnit@ref`` or the
  ``orgUnit`` it is written in.
* ``subProgram``, ``refProgram@ref`` and ``refCourse@ref`` inside a program (at any depth of
  wrapper blocks such as ``programStructure``) → the element tree, in document order.
* ``course`` → element: ``courseCode`` (``codeSet="apogee"`` preferred), ``courseName``,
  ``credits``, ``volume`` (``type="CM|TD|TP"`` for the split), ``nature``, ``teachingTerm``
  (``term`` attribute or text) for the period; its own ``refCourse`` are its children.

Parsed with defusedxml only: DTD entities and external references are refused, not expanded.
The file is streamed (:mod:`sync_helper.catalog.cdmfr_records`): the tree is never held whole,
only small records, and a course referenced by many formations is one shared element.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException

from sync_helper.catalog.cdmfr_records import (
    Record,
    Records,
    Unit,
    fold_code_set,
    read_records,
    sibling_groups,
)
from sync_helper.catalog.charset import EncodingProblem, detect_file
from sync_helper.catalog.model import Composante, Element, Formation, Source
from sync_helper.catalog.parts import LoadedFile, RecordKind
from sync_helper.catalog.problems import Problem
from sync_helper.catalog.rules import parse_flag, parse_number

# Which codeSet names carry which code (also in docs/donnees.md). Extended, never replaced,
# by institution.yml's ``cdmfr_code_sets`` (same keys).
DEFAULT_CODE_SETS: dict[str, tuple[str, ...]] = {
    "etape": ("codeEtape", "COD_ETP", "codeApogeeEtape", "apogeeEtape", "etapeApogee"),
    "version": (
        "versionEtape",
        "COD_VRS_VET",
        "codeApogeeVersionEtape",
        "apogeeVersionEtape",
        "codeVersionEtape",
        "versionEtapeApogee",
    ),
    "combined": ("apogee", "codeApogee", "VET", "codeVET", "apogeeVET", "codeApogeeVET"),
    "year": ("anneeUniversitaire", "COD_ANU", "anneeUniv", "annee"),
    "element": ("apogee", "codeApogee", "codeElp", "COD_ELP", "codeApogeeElp", "apogeeElp"),
    "composante": ("apogee", "COD_CMP", "codeComposante", "codeApogeeComposante"),
}
_DECLARED = re.compile(rb"""\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")
_SINGLE_BYTE = {"iso-8859-1", "latin-1", "latin1", "iso-8859-15", "windows-1252", "cp1252"}
MAX_TREE_ELEMENTS = 50_000
_XML_FIELDS = {
    "code": "Code",
    "code_etape": "Code",
    "version": "Code",
    "cohort_idnumber": "Code",
    "year": "Code",
    "label": "Name",
}


@dataclass(frozen=True)
class CodeSets:
    """codeSet names, folded by :func:`fold_code_set`, for each kind of code."""

    names: dict[str, frozenset[str]]

    @classmethod
    def with_extra(cls, extra: dict[str, list[str]] | None = None) -> CodeSets:
        """The defaults plus ``extra`` (``institution.yml``'s ``cdmfr_code_sets``)."""
        extra = extra or {}
        return cls(
            {
                kind: frozenset(fold_code_set(n) for n in (*defaults, *extra.get(kind, ())))
                for kind, defaults in DEFAULT_CODE_SETS.items()
            }
        )


def _locate(source: Source, kind: RecordKind, name: str) -> tuple[Source, str]:
    path = source.path or ""
    record = path.rsplit("/", 1)[-1].split("[", 1)[0]
    if kind == "formation" and name == "composante":
        child = "refOrgUnit"
    elif name == "period":
        child = "teachingTerm"
    elif name in _XML_FIELDS:
        child = record + _XML_FIELDS[name]
    else:
        child = name
    return Source(source.file, path=f"{path}/{child}"), name


@dataclass
class _Document:
    """The file's records, and what building its formations has met so far."""

    part: LoadedFile
    code_sets: CodeSets
    records: Records
    programs: dict[str, Record] = field(default_factory=dict)
    courses: dict[str, Record] = field(default_factory=dict)
    composante_of_unit: dict[str, str] = field(default_factory=dict)
    # Elements still allowed in the current formation's tree: references may repeat a
    # course many times over (a "billion laughs" made of refCourse), so expansion is capped.
    budget: int = 0
    # A referenced course or program built once without a problem is the same element (and
    # the same size) wherever it is referenced: shared, not rebuilt.
    built: dict[Record, tuple[Element, int]] = field(default_factory=dict)
    numbers: dict[str, float | None] = field(default_factory=dict)

    def source(self, record: Record | Unit, step: str = "") -> Source:
        return Source(self.part.file, path=f"{record.path}/{step}" if step else record.path)

    def fail_at(self, record: Record, step: str, name: str, message: str) -> None:
        self.part.fail(message, name, self.source(record, step))


def load_cdmfr_xml(path: Path, code_sets: CodeSets | None = None) -> LoadedFile:
    """Read one CDM-fr file; problems are collected in the result, never raised."""
    part = LoadedFile(str(path), locate=_locate)
    code_sets = code_sets or CodeSets.with_extra()
    try:
        _check_encoding(path)
        outline = sibling_groups(path)
        if outline.root != "CDM":
            part.fail(f"the root element is <{outline.root}>, expected <CDM> (CDM-fr)")
            return part
        if outline.too_deep:
            part.fail("nested too deeply to be read")
            return part
        records = read_records(path, outline, code_sets.names["element"])
    except EncodingProblem as error:
        part.fail(str(error))
        return part
    except DefusedXmlException as error:
        part.fail(
            f"refused: the file declares DTD entities or external references ({error}); "
            "CDM-fr exports need none"
        )
        return part
    except ParseError as error:
        line, column = error.position
        part.fail(f"not well-formed XML (column {column})", source=Source(part.file, line=line))
        return part
    except OSError as error:
        part.fail(f"cannot read: {error.strerror}")
        return part
    del outline
    _read(_Document(part, code_sets, records))
    return part


def _check_encoding(path: Path) -> None:
    """The encoding the XML declaration names must be the one the bytes are in.

    expat trusts the declaration: a UTF-8 file declaring ISO-8859-1 would load with every
    accent doubled (« Ã‰TUDES »).
    """
    with path.open("rb") as stream:
        declaration = _DECLARED.match(stream.read(200))
    declared = declaration.group(1).decode("ascii").lower() if declaration else "utf-8"
    detected = detect_file(path)
    if declared in _SINGLE_BYTE and detected.name == "UTF-8" and detected.non_ascii:
        raise EncodingProblem(
            f"declares encoding {declared!r} but its bytes are UTF-8: "
            'write encoding="UTF-8" in the first line'
        )
    if declared in ("utf-8", "utf8") and detected.name != "UTF-8":
        raise EncodingProblem(
            "declares (or defaults to) UTF-8 but its bytes are not UTF-8; "
            'save it as UTF-8 or declare encoding="windows-1252"'
        )


def _read(document: _Document) -> None:
    """Composantes, then one formation per program with APOGEE codes, in document order.

    Ids may repeat: the last program or course with an id is the one read (at the place of
    the first). A program without id is read too; a course needs one to be referenced.
    A program's records are dropped once its formation is built, unless another
    program references it.
    """
    records = document.records
    for program in records.programs:
        document.programs[program.key] = program
    for course in records.courses:
        if course.ident:
            document.courses[course.ident] = course
    records.programs.clear()
    records.courses.clear()
    _read_units(document)
    for ident in list(document.programs):
        read = _read_program(document, document.programs[ident])
        if read and ident not in records.referenced_programs:
            del document.programs[ident]
    if not document.part.formations:
        _explain_no_formation(document)


def _explain_no_formation(document: _Document) -> None:
    """Zero formations is never a success: say which codeSet names the programs used."""
    seen = sorted(
        {
            code_set or "(none)"
            for program in document.programs.values()
            for _, code_set, _, _ in program.codes
        }
    )
    if not document.programs:
        document.part.fail("no <program> in this CDM-fr file: no formation could be read")
        return
    document.part.fail(
        f"no formation could be read: {len(document.programs)} program(s) without a known "
        f"APOGEE codeSet (found: {', '.join(seen[:10]) or 'none'}); add their names under "
        "cdmfr_code_sets in institution.yml (see docs/donnees.md)"
    )


def _read_units(document: _Document) -> None:
    """Composantes in document order; an orgUnit without code passes its parent on."""
    inherited: dict[Unit, str | None] = {}  # the code a unit's nested units take as parent
    for unit in document.records.units:
        parent = inherited[unit.parent] if unit.parent else None
        names = document.code_sets.names["composante"]
        code = next((value for code_set, value in unit.codes if code_set in names), None)
        if code is None and unit.codes:
            code = unit.codes[0][1]
        if code is not None:
            document.part.composantes.append(
                Composante(code, unit.label, parent, source=document.source(unit))
            )
            document.composante_of_unit[unit.ident] = code
        for program in unit.programs:
            document.composante_of_unit.setdefault(f"program:{program.key}", code or "")
        inherited[unit] = code or parent


def _code_in(document: _Document, record: Record, kind: str) -> tuple[str, str] | None:
    """The first (value, step) of ``record``'s codes in a codeSet of ``kind``."""
    names = document.code_sets.names[kind]
    return next(((value, step) for folded, _, value, step in record.codes if folded in names), None)


def _read_program(document: _Document, record: Record) -> bool:
    """Add the program's formation; False when it has no APOGEE codes."""
    codes = _etape_and_version(document, record)
    if codes is None:
        if record.ident not in document.records.referenced_programs:
            document.part.problems.append(
                Problem(
                    document.source(record),
                    "programCode",
                    "no APOGEE code étape and version; program ignored",
                    "warning",
                )
            )
        return False
    etape, version = codes
    document.budget = MAX_TREE_ELEMENTS
    year = _code_in(document, record, "year")
    document.part.formations.append(
        Formation(
            code_etape=etape,
            version=version,
            label=record.label,
            composante=_composante_of(document, record),
            year=year[0].strip() if year else "",
            ects=_number(document, record, "ects"),
            hours=_number(document, record, "hours"),
            elements=_structure(document, record, (record.ident,)),
            example=_example(document, record),
            source=document.source(record),
        )
    )
    return True


def _etape_and_version(document: _Document, record: Record) -> tuple[str, str] | None:
    """Separate codes, or one combined ``L1CHIM-231`` / ``L1CHIM 231`` code."""
    etape = _code_in(document, record, "etape")
    version = _code_in(document, record, "version")
    if etape is not None or version is not None:
        return (etape[0] if etape else ""), (version[0] if version else "")
    combined = _code_in(document, record, "combined")
    if combined is None:
        return None
    value, step = combined
    for separator in ("-", " ", "/"):
        if separator in value:
            etape_code, _, version_code = value.rpartition(separator)
            return etape_code, version_code
    document.fail_at(
        record,
        step,
        "code_etape",
        f"{value!r}: write code étape and version apart, e.g. L1CHIM-231",
    )
    return value, ""


def _example(document: _Document, record: Record) -> bool:
    """``<example>true</example>``: this project's marker for invented demonstration data."""
    if record.example is None:
        return False
    text, step = record.example
    try:
        return parse_flag(text)
    except ValueError as error:
        document.fail_at(record, step, "example", str(error))
        return False


def _composante_of(document: _Document, record: Record) -> str:
    if record.org_unit is not None:
        ref, step = record.org_unit
        code = document.composante_of_unit.get(ref)
        if code is None:
            document.fail_at(record, step, "composante", f"unknown orgUnit {ref!r}")
            return ""
        return code
    return document.composante_of_unit.get(f"program:{record.key}", "")


def _number(document: _Document, record: Record, name: str) -> float | None:
    """The value of ``credits`` (``ects``) or of one kind of ``volume`` (``hours_cm``)."""
    found = next((number for number in record.numbers if number[0] == name), None)
    if found is None:
        return None
    _, text, step = found
    if text in document.numbers:
        return document.numbers[text]
    try:
        value = document.numbers[text] = parse_number(text)
    except ValueError as error:
        document.fail_at(record, step, name, str(error))
        return None
    return value


def _structure(document: _Document, record: Record, stack: tuple[str, ...]) -> list[Element]:
    """The elements of ``record``'s structure, in document order."""
    elements: list[Element] = []
    for item in record.structure:
        if not _spend(document, record, item):
            break
        if isinstance(item, Record):
            elements.append(_element(document, item, stack))
            continue
        target = _resolve(document, record, item, stack)
        if target is not None:
            elements.append(_shared_element(document, target, (*stack, target.ident)))
    return elements


def _spend(document: _Document, record: Record, item: Record | tuple[str, str, str]) -> bool:
    """Count one more element of the tree; past the cap, say so once and stop expanding."""
    document.budget -= 1
    if document.budget == -1:
        where = item if isinstance(item, Record) else record
        document.fail_at(
            where,
            "" if isinstance(item, Record) else item[2],
            "ref",
            f"more than {MAX_TREE_ELEMENTS} elements in one formation's tree",
        )
    return document.budget >= 0


def _resolve(
    document: _Document, record: Record, ref: tuple[str, str, str], stack: tuple[str, ...]
) -> Record | None:
    kind, ident, step = ref
    target = (document.courses if kind == "course" else document.programs).get(ident)
    if target is None:
        document.fail_at(record, step, "ref", f"unknown {kind} {ident!r}")
    elif ident in stack:
        document.fail_at(record, step, "ref", f"{kind} {ident!r} contains itself")
        return None
    return target


def _shared_element(document: _Document, record: Record, stack: tuple[str, ...]) -> Element:
    """A referenced course or program: built once, then shared while the budget allows.

    An element built without any problem does not depend on where it is referenced from (a
    cycle through it would have been met while building it), so sharing it changes nothing
    but memory: a course referenced by a thousand formations is one object.
    """
    built = document.built.get(record)
    if built is not None and document.budget >= built[1] - 1:
        document.budget -= built[1] - 1
        return built[0]
    problems, budget = len(document.part.problems), document.budget
    element = _element(document, record, stack)
    if len(document.part.problems) == problems and document.budget >= 0:
        document.built[record] = element, budget - document.budget + 1
    return element


def _element(document: _Document, record: Record, stack: tuple[str, ...]) -> Element:
    return Element(
        code=record.code,
        label=record.label,
        nature=record.nature,
        period=record.period,
        ects=_number(document, record, "ects"),
        hours=_number(document, record, "hours"),
        hours_cm=_number(document, record, "hours_cm"),
        hours_td=_number(document, record, "hours_td"),
        hours_tp=_number(document, record, "hours_tp"),
        children=_structure(document, record, stack),
        source=document.source(record),
    )
