"""Every file the formation-code index adds to a site, generated in memory from the catalog.

The site's hooks write these as they are; the index benchmark times these same functions, so
it measures what ships. Formation pages come last: they are filled into the page the theme
rendered from :data:`pages.SHELL_PAGE` (see :mod:`page_shell`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from sync_helper.catalog.export import formations_csv, formations_json
from sync_helper.catalog.model import Catalog, Formation
from sync_helper.catalog.page_shell import PageShell
from sync_helper.catalog.pages import (
    INDEX_PAGE,
    SEARCH_DATA_DIR,
    SHELL_PAGE,
    SiteLinks,
    composante_page_path,
    composante_tree,
    formation_page_body,
    formation_page_path,
    formation_page_title,
    render_composante_page,
    render_index_page,
    render_shell_page,
)
from sync_helper.catalog.search import SearchSettings
from sync_helper.catalog.search_index import build_search_data
from sync_helper.catalog.text import fold


def index_files(
    catalog: Catalog,
    links: SiteLinks,
    settings: SearchSettings | None = None,
    cohort_facts: bool = False,
) -> dict[str, str]:
    """Source path → content: downloads, search data, composante pages, shell and search page.

    ``cohort_facts``: the site also has Moodle's cohort facts, which the search page then shows.

    Raises ``ValueError`` when a formation names a composante the catalog does not have.
    """
    generated = {
        "codes/formations.csv": formations_csv(catalog),
        "codes/formations.json": formations_json(catalog),
    }
    for name, text in build_search_data(catalog, settings).items():
        generated[f"{SEARCH_DATA_DIR}/{name}"] = text
    grouped = _by_composante(catalog)
    for top, antennes in composante_tree(catalog):
        for code in [top, *antennes]:
            listed = [(catalog.composantes[a], grouped[a]) for a in antennes if code == top]
            page = render_composante_page(
                catalog.composantes[code], grouped.get(code, []), catalog, links, listed
            )
            generated[composante_page_path(code)] = page
    generated[SHELL_PAGE] = render_shell_page()
    generated[INDEX_PAGE] = render_index_page(catalog, links, cohort_facts)
    return generated


def formation_pages(
    catalog: Catalog,
    links: SiteLinks,
    shell: PageShell,
    moodle_facts: Callable[[Formation], str] | None = None,
    moodle_url: str = "",
) -> Iterator[tuple[str, str]]:
    """(path in the site directory, HTML) of every formation's page, one at a time.

    ``moodle_facts`` gives a formation's « Dans Moodle » block, when the site has the facts;
    ``moodle_url`` is the institution's Moodle, for the administrators' command builder.
    """
    for formation in catalog.formations:
        facts = moodle_facts(formation) if moodle_facts else ""
        html = shell.fill(
            title=formation_page_title(formation),
            body=formation_page_body(formation, catalog, links, facts, moodle_url),
            page=formation.code,
        )
        yield links.output_path(formation_page_path(formation)), html


def _by_composante(catalog: Catalog) -> dict[str, list[Formation]]:
    """Each composante's formations: the most recent year first, then by title."""
    grouped: dict[str, list[Formation]] = {code: [] for code in catalog.composantes}
    ordered = sorted(catalog.formations, key=lambda f: (fold(f.label), f.code))
    for formation in sorted(ordered, key=lambda f: f.year, reverse=True):
        grouped[formation.composante].append(formation)
    return {code: formations for code, formations in grouped.items() if formations}
