"""Every file the formation-code index adds to a site, generated in memory from the catalog.

The site's hook adds these to the build as they are; the index benchmark times this same
function, so it measures what ships. Formation pages are not here: they are filled in from a
page rendered through the theme (see :mod:`page_shell`), from :data:`pages.SHELL_PAGE`.
"""

from __future__ import annotations

from sync_helper.catalog.export import formations_csv, formations_json
from sync_helper.catalog.model import Catalog, Formation
from sync_helper.catalog.pages import (
    INDEX_PAGE,
    SEARCH_DATA_DIR,
    SHELL_PAGE,
    SiteLinks,
    composante_page_path,
    render_composante_page,
    render_index_page,
    render_shell_page,
)
from sync_helper.catalog.search_index import build_search_data


def index_files(catalog: Catalog, links: SiteLinks) -> dict[str, str]:
    """Source path → content: downloads, search data, composante pages, shell and search page.

    Raises ``ValueError`` when a formation names a composante the catalog does not have.
    """
    generated = {
        "codes/formations.csv": formations_csv(catalog),
        "codes/formations.json": formations_json(catalog),
    }
    for name, text in build_search_data(catalog).items():
        generated[f"{SEARCH_DATA_DIR}/{name}"] = text
    for code, formations in _by_composante(catalog).items():
        page = render_composante_page(catalog.composantes[code], formations, catalog, links)
        generated[composante_page_path(code)] = page
    generated[SHELL_PAGE] = render_shell_page()
    generated[INDEX_PAGE] = render_index_page(catalog, links)
    return generated


def _by_composante(catalog: Catalog) -> dict[str, list[Formation]]:
    """Composantes that have formations, in catalog order, with their formations."""
    grouped: dict[str, list[Formation]] = {code: [] for code in catalog.composantes}
    for formation in catalog.formations:
        grouped[formation.composante].append(formation)
    return {code: formations for code, formations in grouped.items() if formations}
