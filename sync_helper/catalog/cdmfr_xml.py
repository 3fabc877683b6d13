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
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree.ElementTree import Element as XmlNode
from xml.etree.ElementTree import ParseError

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from sync_helper.catalog.charset import EncodingProblem, detect_file
from sync_helper.catalog.model import Composante, Element, Formation, Source
from sync_helper.catalog.parts import LoadedFile, RecordKind
from sync_helper.catalog.problems import Problem
from sync_helper.catalog.rules import parse_flag, parse_number
from sync_helper.catalog.text import normalize_label

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
_CONTAINERS_STOP = {"program", "course", "orgUnit"}
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


def fold_code_set(name: str) -> str:
    """``codeApogee-Etape`` and ``code_apogee_etape`` are one name: lowercase alphanumerics."""
    return "".join(char for char in name.lower() if char.isalnum())


def local_name(node: XmlNode) -> str:
    """``program`` for ``{http://cdm-fr.fr/2011/CDM}program`` and for ``program``."""
    return str(node.tag).rsplit("}", 1)[-1]


def _locate(source: Source, kind: RecordKind, name: str) -> tuple[Source, str]:
    path = source.path or ""
    record = path.rsplit("/", 1)[-1].split("[", 1)[0]
    if kind == "formation" and name == "composante":
        child = "refOrgUnit"
    elif name in _XML_FIELDS:
        child = record + _XML_FIELDS[name]
    else:
        child = name
    return Source(source.file, path=f"{path}/{child}"), name


@dataclass
class _Document:
    """The parsed file: nodes by CDM id, and each node's XML path for messages."""

    part: LoadedFile
    code_sets: CodeSets
    paths: dict[int, str] = field(default_factory=dict)
    programs: dict[str, XmlNode] = field(default_factory=dict)
    courses: dict[str, XmlNode] = field(default_factory=dict)
    composante_of_unit: dict[str, str] = field(default_factory=dict)
    referenced_programs: set[str] = field(default_factory=set)
    # Elements still allowed in the current formation's tree: references may repeat a
    # course many times over (a "billion laughs" made of refCourse), so expansion is capped.
    budget: int = 0

    def source(self, node: XmlNode) -> Source:
        return Source(self.part.file, path=self.paths[id(node)])

    def fail_at(self, node: XmlNode, name: str, message: str) -> None:
        self.part.fail(message, name, self.source(node))


def load_cdmfr_xml(path: Path, code_sets: CodeSets | None = None) -> LoadedFile:
    """Read one CDM-fr file; problems are collected in the result, never raised."""
    part = LoadedFile(str(path), locate=_locate)
    try:
        _check_encoding(path)
        root = SafeET.parse(str(path)).getroot()
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
    if local_name(root) != "CDM":
        part.fail(f"the root element is <{local_name(root)}>, expected <CDM> (CDM-fr)")
        return part
    document = _Document(part, code_sets or CodeSets.with_extra())
    _index(document, root, f"/{local_name(root)}")
    _read_units(document, root, None)
    for program in document.programs.values():
        _read_program(document, program)
    if not part.formations:
        _explain_no_formation(document)
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


def _explain_no_formation(document: _Document) -> None:
    """Zero formations is never a success: say which codeSet names the programs used."""
    seen = sorted(
        {
            code.get("codeSet") or "(none)"
            for program in document.programs.values()
            for code in _children(program, "programCode")
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


def _index(document: _Document, node: XmlNode, path: str) -> None:
    """Record XPath-like paths (``/CDM/program[2]``) and the ids programs and courses use."""
    document.paths[id(node)] = path
    name = local_name(node)
    if name in ("program", "course"):
        ident = _ident(node)
        if ident:
            (document.programs if name == "program" else document.courses)[ident] = node
    if name == "refProgram" and node.get("ref"):
        document.referenced_programs.add(node.get("ref", ""))
    counts: dict[str, int] = {}
    for child in node:
        counts[local_name(child)] = counts.get(local_name(child), 0) + 1
    seen: dict[str, int] = {}
    for child in node:
        child_name = local_name(child)
        seen[child_name] = seen.get(child_name, 0) + 1
        step = f"{child_name}[{seen[child_name]}]" if counts[child_name] > 1 else child_name
        _index(document, child, f"{path}/{step}")


def _children(node: XmlNode, name: str) -> list[XmlNode]:
    return [child for child in node if local_name(child) == name]


def _text(node: XmlNode | None) -> str:
    return "".join(node.itertext()) if node is not None else ""


def _ident(node: XmlNode) -> str:
    """A CDM node's id: its ``id`` attribute or its ``xxxID`` child."""
    own = _children(node, f"{local_name(node)}ID")
    return node.get("id") or (_text(own[0]).strip() if own else "")


def _name(node: XmlNode) -> str:
    """``xxxName``: its French ``text`` child if any, else its whole text."""
    names = _children(node, f"{local_name(node)}Name")
    if not names:
        return ""
    texts = _children(names[0], "text")
    french = [t for t in texts if (t.get("language") or "fr").lower().startswith("fr")]
    return normalize_label(_text((french or texts or names)[0]))


def _codes(node: XmlNode) -> list[tuple[str, str, XmlNode]]:
    """``xxxCode`` children as (folded codeSet, verbatim value, node)."""
    return [
        (fold_code_set(code.get("codeSet") or ""), _text(code), code)
        for code in _children(node, f"{local_name(node)}Code")
    ]


def _code_in(document: _Document, node: XmlNode, kind: str) -> str | None:
    names = document.code_sets.names[kind]
    return next((value for code_set, value, _ in _codes(node) if code_set in names), None)


def _read_units(document: _Document, node: XmlNode, parent: str | None) -> None:
    for child in node:
        if local_name(child) != "orgUnit":
            continue
        codes = _codes(child)
        code = _code_in(document, child, "composante")
        if code is None and codes:
            code = codes[0][1]
        if code is not None:
            document.part.composantes.append(
                Composante(code, _name(child), parent, source=document.source(child))
            )
            document.composante_of_unit[_ident(child)] = code
        for program in _children(child, "program"):
            document.composante_of_unit.setdefault(f"program:{_ident(program)}", code or "")
        _read_units(document, child, code or parent)


def _read_program(document: _Document, node: XmlNode) -> None:
    ident = _ident(node)
    codes = _etape_and_version(document, node)
    if codes is None:
        if ident not in document.referenced_programs:
            document.part.problems.append(
                _warning(document, node, "no APOGEE code étape and version; program ignored")
            )
        return
    etape, version = codes
    document.budget = MAX_TREE_ELEMENTS
    document.part.formations.append(
        Formation(
            code_etape=etape,
            version=version,
            label=_name(node),
            composante=_composante_of(document, node),
            year=(_code_in(document, node, "year") or "").strip(),
            ects=_credits(document, node),
            hours=_volume(document, node, None),
            elements=_structure(document, node, (ident,)),
            example=_example(document, node),
            source=document.source(node),
        )
    )


def _warning(document: _Document, node: XmlNode, message: str) -> Problem:
    return Problem(document.source(node), "programCode", message, "warning")


def _etape_and_version(document: _Document, node: XmlNode) -> tuple[str, str] | None:
    """Separate codes, or one combined ``L1CHIM-231`` / ``L1CHIM 231`` code."""
    etape = _code_in(document, node, "etape")
    version = _code_in(document, node, "version")
    if etape is not None or version is not None:
        return etape or "", version or ""
    combined = next(
        (
            (value, code)
            for code_set, value, code in _codes(node)
            if code_set in document.code_sets.names["combined"]
        ),
        None,
    )
    if combined is None:
        return None
    value, code = combined
    for separator in ("-", " ", "/"):
        if separator in value:
            etape, _, version = value.rpartition(separator)
            return etape, version
    document.fail_at(
        code, "code_etape", f"{value!r}: write code étape and version apart, e.g. L1CHIM-231"
    )
    return value, ""


def _example(document: _Document, node: XmlNode) -> bool:
    """``<example>true</example>``: this project's marker for invented demonstration data."""
    flags = _children(node, "example")
    if not flags:
        return False
    try:
        return parse_flag(_text(flags[0]))
    except ValueError as error:
        document.fail_at(flags[0], "example", str(error))
        return False


def _composante_of(document: _Document, node: XmlNode) -> str:
    refs = _children(node, "refOrgUnit")
    if refs:
        ref = refs[0].get("ref", "")
        code = document.composante_of_unit.get(ref)
        if code is None:
            document.fail_at(refs[0], "composante", f"unknown orgUnit {ref!r}")
            return ""
        return code
    return document.composante_of_unit.get(f"program:{_ident(node)}", "")


def _credits(document: _Document, node: XmlNode) -> float | None:
    credits = _children(node, "credits")
    if not credits:
        return None
    value = credits[0].get("ECTScredits") or _text(credits[0])
    return _number(document, credits[0], "ects", value)


def _volume(document: _Document, node: XmlNode, kind: str | None) -> float | None:
    """``volume`` without ``type`` is the total; ``type="CM"`` (TD, TP) one kind of hours."""
    for volume in _children(node, "volume"):
        if (volume.get("type") or None) == kind:
            name = f"hours_{kind.lower()}" if kind else "hours"
            return _number(document, volume, name, _text(volume))
    return None


def _number(document: _Document, node: XmlNode, name: str, value: str) -> float | None:
    try:
        return parse_number(value)
    except ValueError as error:
        document.fail_at(node, name, str(error))
        return None


def _structure(document: _Document, node: XmlNode, stack: tuple[str, ...]) -> list[Element]:
    """The elements under ``node`` in document order, looking through wrapper blocks."""
    elements: list[Element] = []
    for child in node:
        name = local_name(child)
        if name in ("subProgram", "refCourse", "refProgram") and not _spend(document, child):
            break
        if name == "subProgram":
            elements.append(_element(document, child, stack))
        elif name in ("refCourse", "refProgram"):
            target = _resolve(document, child, stack)
            if target is not None:
                elements.append(_element(document, target, (*stack, _ident(target))))
        elif name not in _CONTAINERS_STOP:
            elements += _structure(document, child, stack)
    return elements


def _spend(document: _Document, node: XmlNode) -> bool:
    """Count one more element of the tree; past the cap, say so once and stop expanding."""
    document.budget -= 1
    if document.budget == -1:
        document.fail_at(
            node, "ref", f"more than {MAX_TREE_ELEMENTS} elements in one formation's tree"
        )
    return document.budget >= 0


def _resolve(document: _Document, ref: XmlNode, stack: tuple[str, ...]) -> XmlNode | None:
    kind = "course" if local_name(ref) == "refCourse" else "program"
    ident = ref.get("ref", "")
    target = (document.courses if kind == "course" else document.programs).get(ident)
    if target is None:
        document.fail_at(ref, "ref", f"unknown {kind} {ident!r}")
    elif ident in stack:
        document.fail_at(ref, "ref", f"{kind} {ident!r} contains itself")
        return None
    return target


def _element(document: _Document, node: XmlNode, stack: tuple[str, ...]) -> Element:
    code = _code_in(document, node, "element")
    if code is None:
        codes = _codes(node)
        code = codes[0][1] if codes else ""
    terms = _children(node, "teachingTerm")
    natures = _children(node, "nature")
    return Element(
        code=code,
        label=_name(node),
        nature=_text(natures[0]).strip() if natures else "",
        period=(terms[0].get("term") or _text(terms[0])).strip() if terms else "",
        ects=_credits(document, node),
        hours=_volume(document, node, None),
        hours_cm=_volume(document, node, "CM"),
        hours_td=_volume(document, node, "TD"),
        hours_tp=_volume(document, node, "TP"),
        children=_structure(document, node, stack),
        source=document.source(node),
    )
