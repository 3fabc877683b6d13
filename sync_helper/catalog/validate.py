"""The checks every format shares, run on model records so each loader only has to read.

Per file: required fields, code lengths and characters, conflicting duplicate elements within
one formation. Across files: duplicate formations and cohort codes, unknown composantes.
"""

from __future__ import annotations

from collections.abc import Sequence

from sync_helper.catalog.model import Composante, Element, Formation, Source
from sync_helper.catalog.parts import LoadedFile, RecordKind
from sync_helper.catalog.rules import MAX_LENGTHS, code_problems


def check_file(part: LoadedFile) -> None:
    """Add to ``part.problems`` what is wrong inside each of its records."""
    for composante in part.composantes:
        _check_composante(part, composante)
    for formation in part.formations:
        _check_formation(part, formation)


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


def _check_composante(part: LoadedFile, composante: Composante) -> None:
    source = composante.source or Source(part.file)
    _check_code(part, source, "composante", "code", composante.code)
    _check_required(part, source, "composante", "label", composante.label)


def _check_formation(part: LoadedFile, formation: Formation) -> None:
    source = formation.source or Source(part.file)
    _check_code(
        part, source, "formation", "code_etape", formation.code_etape, MAX_LENGTHS["code_etape"]
    )
    _check_code(part, source, "formation", "version", formation.version, MAX_LENGTHS["version"])
    _check_required(part, source, "formation", "label", formation.label)
    _check_required(part, source, "formation", "composante", formation.composante)
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
    for part in parts:
        for composante in part.composantes:
            if composante.parent and composante.parent not in composantes:
                source = composante.source or Source(part.file)
                message = f"unknown parent composante {composante.parent!r}"
                part.report(source, "composante", "parent", message)
    # Keyed by the joined code: L1CHI + M23 and L1CHIM + 23 would share one page and one code.
    by_code: dict[str, Formation] = {}
    by_cohort: dict[str, Formation] = {}
    for part in parts:
        for formation in part.formations:
            source = formation.source or Source(part.file)
            if formation.composante and formation.composante not in composantes:
                message = f"unknown composante {formation.composante!r}"
                part.report(source, "formation", "composante", message)
            first = by_code.setdefault(formation.code, formation)
            if first is not formation:
                part.report(source, "formation", "code_etape", _duplicate_message(formation, first))
                continue
            cohort = formation.cohort_code(template)
            other = by_cohort.setdefault(cohort, formation)
            if other is not formation:
                message = f"cohort code {cohort} is also {other.code} (at {other.source})"
                part.report(source, "formation", "cohort_idnumber", message)


def _duplicate_message(formation: Formation, first: Formation) -> str:
    """Say whether the record is listed twice or two records only join to the same code."""
    if (formation.code_etape, formation.version) == (first.code_etape, first.version):
        return (
            f"duplicate formation {formation.code_etape} {formation.version} "
            f"(first at {first.source})"
        )
    return (
        f"formation code {formation.code} is also that of {first.code_etape} {first.version} "
        f"(at {first.source})"
    )
