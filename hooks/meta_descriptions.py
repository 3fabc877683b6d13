"""Escape each page's description for the attribute the theme writes it into.

Material writes ``description`` from a page's front matter into ``<meta content="…">`` as it
is: a double quote in it (« the "Cohort sync" method ») ends the attribute early and turns the
rest of the sentence into attributes of the tag.
"""

from __future__ import annotations

from html import escape
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page


def on_page_context(
    context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Navigation
) -> dict[str, Any]:
    description = page.meta.get("description")
    if isinstance(description, str):
        page.meta["description"] = escape(description)
    return context
