"""``sync-helper codes``: check the catalog's data files and find a formation's cohort code.

Reads the same files as the site: the ``catalog:`` list of ``institution.yml``.
"""

from __future__ import annotations

from pathlib import Path

import click

from sync_helper.catalog.cdmfr_xml import CodeSets
from sync_helper.catalog.load import load_catalog
from sync_helper.catalog.model import DEFAULT_COHORT_TEMPLATE, Catalog
from sync_helper.catalog.problems import CatalogError, Problem
from sync_helper.catalog.search import Match, SearchSettings, search_catalog
from sync_helper.cli.exit_codes import ExitCode
from sync_helper.cli.options import global_options
from sync_helper.cli.render import emit_json, table, warn
from sync_helper.institution import (
    DEFAULT_PATH,
    Institution,
    InstitutionConfigError,
    load_institution,
)


@click.group(name="codes")
def codes_group() -> None:
    """Check catalog data files and find formation (cohort) codes."""


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _print_problems(problems: list[Problem]) -> None:
    for problem in problems:
        warn(f"{problem.severity}: {problem}")


def _problem_as_json(problem: Problem) -> dict[str, object]:
    source = problem.source
    return {
        "severity": problem.severity,
        "file": source.file,
        "line": source.line,
        "path": source.path,
        "field": problem.field,
        "message": problem.message,
    }


def _load_or_exit(
    paths: list[Path], template: str = DEFAULT_COHORT_TEMPLATE, code_sets: CodeSets | None = None
) -> Catalog:
    """The catalog, or every problem (standard error, or JSON) and exit 1, never a traceback."""
    try:
        return load_catalog(paths, template, code_sets)
    except CatalogError as error:
        if global_options().as_json:
            problems = [_problem_as_json(problem) for problem in error.problems]
            emit_json({"valid": False, "problems": problems})
        else:
            _print_problems(error.problems)
            count = _plural(len(error.problems), "error")
            warn(f"{count}: the data is not usable.")
        raise SystemExit(ExitCode.INVALID_DATA) from None


config_option = click.option(
    "--config",
    type=click.Path(dir_okay=False, path_type=Path),
    default=DEFAULT_PATH,
    show_default=True,
    help="institution.yml of the site (its data files and cohort code template).",
)


def _institution_or_exit(config: Path) -> Institution:
    try:
        return load_institution(config)
    except InstitutionConfigError as error:
        hint = "run it from the site's folder or pass --config PATH/institution.yml"
        warn(f"Error: {error}; {hint}")
        raise SystemExit(ExitCode.USAGE) from None


@codes_group.command(name="validate")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@config_option
def validate_command(files: tuple[Path, ...], config: Path) -> None:
    """Check catalog data files (CSV, JSON, CDM-fr XML).

    FILES are read together, as the site reads them: .csv (APOGEE extract), .json (the
    project's format) or .xml (CDM-fr).

    Lists every problem with its file, line (or JSON/XML path) and field, and exits 1 if
    there is any error; warnings are listed but the data stays usable (exit 0). With
    --json, prints the counts and problems as one JSON document. Cohort codes are built
    with the site's template (institution.yml, when there is one) so that the same clashes
    are found as by the site's build.

    \b
    Example:
      sync-helper codes validate export-apogee-2024.csv
    """
    template, code_sets = DEFAULT_COHORT_TEMPLATE, None
    if config.is_file():
        institution = _institution_or_exit(config)
        template, code_sets = institution.cohort_code_template, institution.code_sets
    catalog = _load_or_exit(list(files), template, code_sets)
    if global_options().as_json:
        emit_json(
            {
                "valid": True,
                "formations": len(catalog.formations),
                "elements": catalog.element_count(),
                "composantes": len(catalog.composantes),
                "files": len(files),
                "problems": [_problem_as_json(problem) for problem in catalog.warnings],
            }
        )
        return
    _print_problems(catalog.warnings)
    click.echo(
        f"{_plural(len(catalog.formations), 'formation')}, "
        f"{_plural(catalog.element_count(), 'element')} in "
        f"{_plural(len(catalog.composantes), 'composante')} from {_plural(len(files), 'file')}"
    )


@codes_group.command(name="search")
@click.argument("query")
@click.option("--limit", default=20, show_default=True, type=click.IntRange(min=1))
@config_option
def search_command(query: str, limit: int, config: Path) -> None:
    """Find formations by code, element code or title words.

    QUERY is a formation or cohort code, part of one, a teaching element's code, or words
    of a formation's or element's title. Case and accents do not matter. Exits 4 when
    nothing matches.

    \b
    Examples:
      sync-helper codes search L1CHIM
      sync-helper codes search RETHC01
      sync-helper codes search "thermodynamique"
      sync-helper --json codes search methodes
    """
    institution = _institution_or_exit(config)
    catalog = _load_or_exit(
        list(institution.catalog_files), institution.cohort_code_template, institution.code_sets
    )
    settings = SearchSettings.from_institution(institution.values)
    matches = search_catalog(catalog, query, limit, settings)
    if global_options().as_json:
        emit_json({"query": query, "results": [_as_json(catalog, m) for m in matches]})
    elif matches:
        _print_table(catalog, query, matches)
    if not matches:
        warn(f"No formation matches {query!r}.")
        raise SystemExit(ExitCode.NOT_FOUND)


def _as_json(catalog: Catalog, match: Match) -> dict[str, object]:
    formation = match.formation
    composante = catalog.composantes.get(formation.composante)
    element = match.element
    return {
        "cohort_code": formation.cohort_code(catalog.cohort_template),
        "code_etape": formation.code_etape,
        "version": formation.version,
        "label": formation.label,
        "composante": formation.composante,
        "composante_label": composante.label if composante else None,
        "year": formation.year,
        "example": formation.example,
        "matched": match.kind.name.lower(),
        "current_year": match.current,
        "reason": match.reason,
        "element": {"code": element.code, "label": element.label} if element else None,
    }


def _print_table(catalog: Catalog, query: str, matches: list[Match]) -> None:
    rows = []
    for match in matches:
        formation = match.formation
        composante = catalog.composantes.get(formation.composante)
        label = f"{formation.label} (EXAMPLE)" if formation.example else formation.label
        rows.append(
            (
                formation.cohort_code(catalog.cohort_template),
                label,
                composante.label if composante else formation.composante,
                formation.year,
                match.reason,
            )
        )
    table(
        f"Formations matching {query!r}",
        ("Cohort code", "Formation", "Composante", "Year", "Why"),
        rows,
    )
