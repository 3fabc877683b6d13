"""Read the catalog from one or more data files, whatever their format, and check it whole.

Nothing is half-loaded: either every file is usable and a :class:`Catalog` comes back (with
its warnings), or :class:`CatalogError` lists every error of every file at once.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from sync_helper.catalog.apogee_csv import load_apogee_csv
from sync_helper.catalog.cdmfr_xml import load_cdmfr_xml
from sync_helper.catalog.model import DEFAULT_COHORT_TEMPLATE, Catalog, Composante, Source
from sync_helper.catalog.native_json import load_native_json
from sync_helper.catalog.parts import LoadedFile
from sync_helper.catalog.problems import CatalogError, Problem
from sync_helper.catalog.validate import check_file, check_merged

LOADERS: dict[str, Callable[[Path], LoadedFile]] = {
    ".csv": load_apogee_csv,
    ".json": load_native_json,
    ".xml": load_cdmfr_xml,
}


def load_catalog(paths: Sequence[Path], cohort_template: str = DEFAULT_COHORT_TEMPLATE) -> Catalog:
    """Load, merge and validate ``paths``; raise :class:`CatalogError` listing every error."""
    parts = [_load_file(Path(path)) for path in paths]
    template_problem = _check_template(cohort_template)
    for part in parts:
        _check_file(part)
    composantes = _merge_composantes(parts)
    if not template_problem:
        check_merged(composantes, parts, cohort_template)
    problems = [template_problem] if template_problem else []
    problems += [problem for part in parts for problem in part.problems]
    errors = [problem for problem in problems if problem.is_error]
    if errors:
        raise CatalogError(errors)
    return Catalog(
        composantes=composantes,
        formations=[formation for part in parts for formation in part.formations],
        cohort_template=cohort_template,
        warnings=[problem for problem in problems if not problem.is_error],
        files=[part.file for part in parts],
    )


def _load_file(path: Path) -> LoadedFile:
    loader = LOADERS.get(path.suffix.lower())
    if loader is None:
        part = LoadedFile(str(path))
        known = ", ".join(sorted(LOADERS))
        part.fail(f"unknown file type {path.suffix or '(none)'!r}; expected one of {known}")
        return part
    if not path.is_file():
        part = LoadedFile(str(path))
        part.fail("file not found" if not path.exists() else "not a regular file")
        return part
    try:
        return loader(path)
    except RecursionError:
        part = LoadedFile(str(path))
        part.fail("nested too deeply to be read")
        return part


def _check_file(part: LoadedFile) -> None:
    try:
        check_file(part)
    except RecursionError:
        part.fail("element tree nested too deeply")


def _check_template(template: str) -> Problem | None:
    """A cohort template with an unknown placeholder would fail on every formation."""
    try:
        template.format(code_etape="", version="", year="")
    except (KeyError, IndexError, ValueError) as error:
        return Problem(
            Source("institution.yml"),
            "cohort_code_template",
            f"{template!r} is not usable ({error!r}); placeholders: "
            "{code_etape}, {version}, {year}",
        )
    return None


def _merge_composantes(parts: Sequence[LoadedFile]) -> dict[str, Composante]:
    """First definition wins; a different one later is worth a warning, not a failure."""
    merged: dict[str, Composante] = {}
    for part in parts:
        for composante in part.composantes:
            first = merged.setdefault(composante.code, composante)
            if first is composante or _same_composante(first, composante):
                continue
            part.report(
                composante.source or Source(part.file),
                "composante",
                "label",
                f"composante {composante.code} differs from its definition at "
                f"{first.source} ({first.label!r}); the first one is kept",
                "warning",
            )
    return merged


def _same_composante(first: Composante, other: Composante) -> bool:
    """Equal on what ``other`` states: a CSV naming only code and label agrees with the JSON."""
    if other.label != first.label:
        return False
    return all(
        theirs is None or theirs == mine
        for theirs, mine in ((other.parent, first.parent), (other.site, first.site))
    )
