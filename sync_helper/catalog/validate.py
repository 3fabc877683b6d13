"""The checks every format shares, run on model records so each loader only has to read.

Per file: required fields, code lengths and characters, label text, years, conflicting
duplicate elements within one formation, and at least one formation. Across files: duplicate
formations and cohort codes (also when they differ only by case: their pages would share a file
on Windows and macOS), unknown composantes and composantes that are their own ancestor.
"""

from __future__ import annotations

from collections.abc import Sequence

from sync_helper.catalog.model import Composante, Element, Formation, Source
from sync_helper.catalog.parts import LoadedFile, RecordKind
from sync_helper.catalog.rules import MAX_LENGTHS, code_problems, text_problems, year_problems


def check_file(part: LoadedFile) -> None:
    """Add to ``part.problems`` what is wrong inside each of its records."""
    for composante in part.composantes:
        _check_composante(part, composante)
    for formation in part.formations:
        _check_formation(part, formation)
    if not (part.formations or part.composantes_only or any(p.is_error for p in part.problems)):
        part.fail("no formation could be read from this file")


def _check_code(
    part: LoadedFile,
    source: Source,
    kind: RecordKind,
    name: str,
    value: str,
    max_length: int | None = None,
) -> None:
    for severity, message in code_problems(value, max_length):
        part.report(source, kind, name, message, severity)


def _check_required(
    part: LoadedFile, source: Source, kind: RecordKind, name: str, value: str
) -> None:
    if not value:
        part.report(source, kind, name, "is required")
    _check_text(part, source, kind, name, value)


def _check_text(part: LoadedFile, source: Source, kind: RecordKind, name: str, value: str) -> None:
    for message in text_problems(value):
        part.report(source, kind, name, message)


def _check_composante(part: LoadedFile, composante: Composante) -> None:
    source = composante.source or Source(part.file)
    _check_code(part, source, "composante", "code", composante.code, MAX_LENGTHS["composante"])
    _check_required(part, source, "composante", "label", composante.label)
    _check_text(part, source, "composante", "site", composante.site or "")


def _check_formation(part: LoadedFile, formation: Formation) -> None:
    source = formation.source or Source(part.file)
    _check_code(
        part, source, "formation", "code_etape", formation.code_etape, MAX_LENGTHS["code_etape"]
    )
    _check_code(part, source, "formation", "version", formation.version, MAX_LENGTHS["version"])
    _check_required(part, source, "formation", "label", formation.label)
    _check_required(part, source, "formation", "composante", formation.composante)
    for message in year_problems(formation.year):
        part.report(source, "formation", "year", message)
    if formation.cohort_idnumber:
        _check_code(part, source, "formation", "cohort_idnumber", formation.cohort_idnumber)
    seen: dict[str, Element] = {}
    for _, element in formation.walk_elements():
        _check_element(part, formation, element, seen)


def _check_element(
    part: LoadedFile, formation: Formation, element: Element, seen: dict[str, Element]
) -> None:
    source = element.source or formation.source or Source(part.file)
    _check_code(part, source, "element", "code", element.code, MAX_LENGTHS["element"])
    _check_required(part, source, "element", "label", element.label)
    _check_text(part, source, "element", "nature", element.nature)
    _check_text(part, source, "element", "period", element.period)
    first = seen.setdefault(element.code, element)
    if first is not element and element_facts(first) != element_facts(element):
        part.report(
            source,
            "element",
            "code",
            f"{element.code} appears twice in {formation.code} with different data "
            f"(first at {first.source})",
        )


def element_facts(element: Element) -> tuple[object, ...]:
    """What must agree when an element is listed twice (shared ELPs are allowed)."""
    return (
        element.label,
        element.nature,
        element.period,
        element.ects,
        element.hours,
        element.hours_cm,
        element.hours_td,
        element.hours_tp,
    )


def check_merged(
    composantes: dict[str, Composante],
    parts: Sequence[LoadedFile],
    template: str,
) -> None:
    """Problems that only show once every file is read: duplicates, dangling references.

    Each is added to the problems of the file where the second or dangling record is.
    """
    _check_composante_tree(composantes, parts)
    # Keyed by the joined code, case folded: L1CHI + M23 and L1CHIM + 23 would share one page
    # and one code, and L1chim231 would share L1CHIM231's page file on Windows and macOS.
    by_code: dict[str, Formation] = {}
    by_cohort: dict[str, Formation] = {}
    for part in parts:
        for formation in part.formations:
            source = formation.source or Source(part.file)
            if formation.composante and formation.composante not in composantes:
                message = f"unknown composante {formation.composante!r}"
                part.report(source, "formation", "composante", message)
            first = by_code.setdefault(formation.code.lower(), formation)
            if first is not formation:
                part.report(source, "formation", "code_etape", _duplicate_message(formation, first))
                continue
            cohort = formation.cohort_code(template)
            other = by_cohort.setdefault(cohort, formation)
            if other is not formation:
                message = f"cohort code {cohort} is also {other.code} (at {other.source})"
                part.report(source, "formation", "cohort_idnumber", message)


def _check_composante_tree(composantes: dict[str, Composante], parts: Sequence[LoadedFile]) -> None:
    """Parents must exist and never lead back to the composante; codes differ beyond case."""
    by_folded: dict[str, Composante] = {}
    for composante in composantes.values():
        first = by_folded.setdefault(composante.code.lower(), composante)
        if first is not composante:
            _report_composante(
                parts,
                composante,
                "code",
                f"{composante.code} differs from {first.code} (at {first.source}) only by case",
            )
    for part in parts:
        for composante in part.composantes:
            if composante.parent and composante.parent not in composantes:
                message = f"unknown parent composante {composante.parent!r}"
                part.report(composante.source or Source(part.file), "composante", "parent", message)
    for composante in composantes.values():
        if _ancestors_loop(composante, composantes):
            _report_composante(
                parts, composante, "parent", f"composante {composante.code} is its own ancestor"
            )


def _ancestors_loop(composante: Composante, composantes: dict[str, Composante]) -> bool:
    seen = {composante.code}
    parent = composante.parent
    while parent and parent in composantes:
        if parent in seen:
            return parent == composante.code
        seen.add(parent)
        parent = composantes[parent].parent
    return False


def _report_composante(
    parts: Sequence[LoadedFile], composante: Composante, name: str, message: str
) -> None:
    """Add to the problems of the file that defines ``composante``."""
    file = composante.source.file if composante.source else parts[0].file
    part = next((part for part in parts if part.file == file), parts[0])
    part.report(composante.source or Source(part.file), "composante", name, message)


def _duplicate_message(formation: Formation, first: Formation) -> str:
    """Say whether the record is listed twice or two records only join to the same code."""
    if (formation.code_etape, formation.version) == (first.code_etape, first.version):
        return (
            f"duplicate formation {formation.code_etape} {formation.version} "
            f"(first at {first.source})"
        )
    if formation.code.lower() == first.code.lower() and formation.code != first.code:
        return (
            f"formation code {formation.code} differs from {first.code} (at {first.source}) "
            "only by case"
        )
    return (
        f"formation code {formation.code} is also that of {first.code_etape} {first.version} "
        f"(at {first.source})"
    )
