"""Read the catalog from one or more data files, whatever their format, and check it whole.

Nothing is half-loaded: either every file is usable and a :class:`Catalog` comes back (with
its warnings), or :class:`CatalogError` lists every error of every file at once.

Size limits (:data:`MAX_BYTES`, figures in bench/README.md): CSV is read row by row, JSON
through a window of its text, formation by formation, and CDM-fr XML as a stream of elements
into small records (each under 3× its size in memory, most of it the records). A larger file
is refused before it is read, with the limit in the message.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from string import Formatter

from sync_helper.catalog.apogee_csv import load_apogee_csv
from sync_helper.catalog.cdmfr_xml import CodeSets, load_cdmfr_xml
from sync_helper.catalog.model import DEFAULT_COHORT_TEMPLATE, Catalog, Composante, Source
from sync_helper.catalog.native_json import load_native_json
from sync_helper.catalog.parts import LoadedFile
from sync_helper.catalog.problems import CatalogError, Problem
from sync_helper.catalog.validate import check_file, check_merged

LOADERS: dict[str, Callable[[Path, CodeSets], LoadedFile]] = {
    ".csv": lambda path, _: load_apogee_csv(path),
    ".json": lambda path, _: load_native_json(path),
    ".xml": load_cdmfr_xml,
}
MB = 1_000_000
MAX_BYTES = {".csv": 500 * MB, ".json": 200 * MB, ".xml": 200 * MB}
TEMPLATE_FIELDS = ("code_etape", "version", "year")


def load_catalog(
    paths: Sequence[Path],
    cohort_template: str = DEFAULT_COHORT_TEMPLATE,
    code_sets: CodeSets | None = None,
) -> Catalog:
    """Load, merge and validate ``paths``; raise :class:`CatalogError` listing every error.

    ``code_sets``: the CDM-fr codeSet names to read (default: :data:`DEFAULT_CODE_SETS`).
    """
    code_sets = code_sets or CodeSets.with_extra()
    parts = [_load_file(Path(path), code_sets) for path in paths]
    template_problem = template_problems(cohort_template)
    for part in parts:
        _check_file(part)
    composantes = _merge_composantes(parts)
    if not template_problem:
        check_merged(composantes, parts, cohort_template)
    problems = [template_problem] if template_problem else []
    if not paths:
        problems.append(Problem(Source("institution.yml"), "catalog", "lists no data file"))
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


def _load_file(path: Path, code_sets: CodeSets) -> LoadedFile:
    suffix = path.suffix.lower()
    loader = LOADERS.get(suffix)
    if loader is None:
        part = LoadedFile(str(path))
        known = ", ".join(sorted(LOADERS))
        part.fail(f"unknown file type {path.suffix or '(none)'!r}; expected one of {known}")
        return part
    if not path.is_file():
        part = LoadedFile(str(path))
        part.fail("file not found" if not path.exists() else "not a regular file")
        return part
    size = path.stat().st_size
    if size > MAX_BYTES[suffix]:
        part = LoadedFile(str(path))
        part.fail(
            f"{size / MB:,.0f} MB is over the {MAX_BYTES[suffix] // MB} MB limit for {suffix} "
            "files; split the export (for instance by composante) into several files"
        )
        return part
    try:
        return loader(path, code_sets)
    except RecursionError:
        part = LoadedFile(str(path))
        part.fail("nested too deeply to be read")
        return part


def _check_file(part: LoadedFile) -> None:
    try:
        check_file(part)
    except RecursionError:
        part.fail("element tree nested too deeply")


def template_problems(template: object) -> Problem | None:
    """A cohort template is text with only ``{code_etape}``, ``{version}`` and ``{year}``.

    No format specification or conversion (``{version:>50000000}`` would hang the build),
    no other name (it would fail on every formation).
    """
    reason = _template_reason(template)
    if reason is None:
        return None
    shown = repr(template)[:60]
    return Problem(
        Source("institution.yml"),
        "cohort_code_template",
        f"{shown} is not usable ({reason}); write text with the placeholders "
        + ", ".join(f"{{{name}}}" for name in TEMPLATE_FIELDS),
    )


def _template_reason(template: object) -> str | None:
    if not isinstance(template, str):
        return f"expected text, not {type(template).__name__}"
    try:
        fields = [item for item in Formatter().parse(template) if item[1] is not None]
    except ValueError as error:
        return str(error)
    for _, name, spec, conversion in fields:
        if name not in TEMPLATE_FIELDS:
            return f"unknown placeholder {{{name}}}"
        if spec or conversion:
            return f"{{{name}}} may not have a format or a conversion"
    if not any(name in ("code_etape", "version") for _, name, _, _ in fields):
        return "it uses neither {code_etape} nor {version}, so every cohort code would be equal"
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
