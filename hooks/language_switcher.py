"""Give every page, generated ones included, its own language switcher entries.

mkdocs-static-i18n knows each written page's translation (``page.file.alternates``); the
generated code index is French only and leads to the tutorial step it points to. The theme
override (``overrides/partials/alternate.html``) writes the entries into the header, and into
the page body where ``docs/assets/javascripts/language-switcher.js`` reads them after Material's
instant navigation, which swaps the body but keeps the header of the first page loaded.
"""

from __future__ import annotations

from typing import Any

from i18n_build import current_language
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from sync_helper.catalog.pages import TUTORIAL_PAGE, TUTORIAL_STEP_ANCHOR, SiteLinks
from sync_helper.website.languages import page_alternates

SCRIPT = "assets/javascripts/language-switcher.js"


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    if not any(str(script) == SCRIPT for script in config.extra_javascript):
        config.extra_javascript.append(SCRIPT)
    return config


def on_page_context(
    context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Navigation
) -> dict[str, Any]:
    languages = config.extra.get("alternate") or []
    if not languages:
        return context
    tutorial = SiteLinks(config.use_directory_urls).url(TUTORIAL_PAGE)
    alternates = getattr(page.file, "alternates", {}) or {}
    context["page_alternates"] = page_alternates(
        languages=languages,
        current_lang=current_language(config) or config.theme["language"],
        current_url=page.url,
        translations={lang: file.url for lang, file in alternates.items()},
        untranslated_target=f"{tutorial}#{TUTORIAL_STEP_ANCHOR}",
    )
    return context
