"""Add the generated formation-code index (pages, downloads, search data) to the build.

Nothing is written into ``docs/``: every page and file is generated in memory by
``sync_helper.catalog.site_files`` from the catalog loaded by ``hooks/catalog.py`` (formation
pages are then written by ``hooks/formation_pages.py``). Only the search page enters the
navigation; the thousands of formation pages are reached from it. Builds of other languages
only get a navigation link to the default language's index.
"""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Link, Navigation
from mkdocs.structure.pages import Page
from moodle_cohort_facts import has_facts

from sync_helper.catalog.pages import INDEX_PAGE, INDEX_TITLE, TUTORIAL_PAGE, SiteLinks
from sync_helper.catalog.search import SearchSettings
from sync_helper.catalog.site_files import index_files

OTHER_LANGUAGE_TITLE = "Find my code (in French)"
# Site-relative: MkDocs makes it relative to each page, and other languages' pages live under
# their own folder (en/…), so this leads to the default language's index.
OTHER_LANGUAGE_URL = "codes/"


# After mkdocs-static-i18n's on_files (-100), which only knows files that exist in docs/.
@event_priority(-110)
def on_files(files: Files, config: MkDocsConfig) -> Files:
    if config["catalog"] is None:
        return files
    if files.get_file_from_path(TUTORIAL_PAGE) is None:
        raise PluginError(
            f"formation-code index: formation pages link to {TUTORIAL_PAGE}, not found"
        )
    try:
        settings = SearchSettings.from_institution(config["institution"].values)
        links = SiteLinks(config.use_directory_urls)
        generated = index_files(config["catalog"], links, settings, has_facts(config))
    except ValueError as error:
        raise PluginError(f"formation-code index: {error}") from None
    for src_uri, content in generated.items():
        # Not in the configured nav: on_nav adds the search page itself.
        files.append(
            File.generated(config, src_uri, content=content, inclusion=InclusionLevel.NOT_IN_NAV)
        )
    return files


def _after_tutorial(nav: Navigation) -> int:
    """Right after the tutorial in the navigation (or last): where teachers look next."""
    for position, item in enumerate(nav.items):
        file = getattr(item, "file", None)
        if file is not None and file.src_uri.split(".")[0] == TUTORIAL_PAGE.split(".")[0]:
            return position + 1
    return len(nav.items)


@event_priority(-110)
def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
    if config["catalog"] is None:
        entry = Link(OTHER_LANGUAGE_TITLE, OTHER_LANGUAGE_URL)
    else:
        index = files.get_file_from_path(INDEX_PAGE)
        entry = index.page or Page(INDEX_TITLE, index, config)
    nav.items.insert(_after_tutorial(nav), entry)
    return nav
