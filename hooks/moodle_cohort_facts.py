"""Moodle's cohort facts on the code index, when ``institution.yml`` names an export.

``cohort_facts: path/to/cohorts.json`` (relative to ``institution.yml``) is a file written by
``sync-helper cohorts export``. With it, formation pages say what Moodle has for their cohort
the search page shows the same facts under each result, and a page lists the cohorts absent
from Moodle; without it, nothing is added, and hand-written pages' links to that page become
plain text (their sentences say how to enable it). The build only reads the file: it never
contacts Moodle and never sees a token.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from i18n_build import is_default_language_build
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from sync_helper.catalog.model import Formation
from sync_helper.catalog.pages import SiteLinks
from sync_helper.cohort_facts import CohortFactsError, load_cohort_facts
from sync_helper.website.cohort_facts_pages import (
    MISSING_PAGE,
    SEARCH_FACTS,
    cohort_status_html,
    missing_cohorts_page,
    search_facts_json,
)

KEY = "cohort_facts"
# A Markdown link to the missing-cohorts page, from a page of either language.
MISSING_PAGE_LINK = re.compile(r"\[([^\]]+)\]\((?:\.\./)*codes/absentes(?:\.md|/)\)")


def _facts_path(config: MkDocsConfig) -> Path | None:
    institution = config["institution"]
    name = institution.values.get(KEY)
    return institution.path.parent / str(name) if name else None


def has_facts(config: MkDocsConfig) -> bool:
    """The site is built with an export (other languages link to the default one's pages)."""
    return _facts_path(config) is not None


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    config[KEY] = None
    path = _facts_path(config)
    if path is None or not is_default_language_build(config):
        return config
    try:
        config[KEY] = load_cohort_facts(path)
    except CohortFactsError as error:
        raise PluginError(f"{config['institution'].path}: {KEY}: {error}") from None
    return config


# After hooks/code_index.py (-110), which adds the code index these pages belong to.
@event_priority(-120)
def on_files(files: Files, config: MkDocsConfig) -> Files:
    catalog = config["catalog"]
    facts = config[KEY]
    if catalog is None or facts is None:
        return files
    links = SiteLinks(config.use_directory_urls)
    generated = {
        MISSING_PAGE: missing_cohorts_page(catalog, facts, links),
        SEARCH_FACTS: search_facts_json(catalog, facts),
    }
    for src_uri, content in generated.items():
        files.append(
            File.generated(config, src_uri, content=content, inclusion=InclusionLevel.NOT_IN_NAV)
        )
    return files


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Without an export there is no missing-cohorts page: links to it become their text."""
    if has_facts(config) or page.file.generated_by is not None:
        return markdown
    return MISSING_PAGE_LINK.sub(r"\1", markdown)


def formation_block(config: MkDocsConfig) -> Callable[[Formation], str] | None:
    """What ``hooks/formation_pages.py`` adds to each formation page (``None``: nothing)."""
    facts, catalog = config.get(KEY), config["catalog"]
    if facts is None or catalog is None:
        return None
    links = SiteLinks(config.use_directory_urls)
    return lambda formation: cohort_status_html(formation, catalog, facts, links)


def on_serve(server: LiveReloadServer, config: MkDocsConfig, builder: object) -> LiveReloadServer:
    """Rebuild when the export is replaced under ``mkdocs serve``."""
    path = _facts_path(config)
    if path is not None:
        server.watch(str(path))
    return server
