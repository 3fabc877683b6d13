"""French typography on everything the build renders (see :mod:`sync_helper.website.typography`).

Page content is typeset before the search plugin indexes it, so search results read like the
pages; the whole page once more after the theme (navigation, titles, footer); the 404 page as
it is written; and the formation pages through the shell they are filled from
(``hooks/formation_pages.py`` asks :func:`typeset` for it).
"""

from __future__ import annotations

from collections.abc import Callable

from i18n_build import current_language
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from sync_helper.website.typography import typesetter


def typeset(config: MkDocsConfig) -> Callable[[str], str]:
    """The typesetter for the language being built."""
    return typesetter(current_language(config) or config.theme["language"])


# After hooks/prerendered_pages.py (100), which puts generated pages' HTML back.
@event_priority(50)
def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    return typeset(config)(html)


# Before hooks/formation_pages.py (0) keeps the rendered shell page.
@event_priority(50)
def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    return typeset(config)(output)


def on_post_template(output: str, template_name: str, config: MkDocsConfig) -> str:
    return typeset(config)(output) if template_name.endswith(".html") else output
