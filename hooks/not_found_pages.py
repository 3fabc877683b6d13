"""Keep the root ``404.html`` in the default language, and give other languages their own.

mkdocs-static-i18n builds every language into the same site directory, so each build writes
its ``404.html`` to the root and the last one (English) wins. Each build's page is kept as it
is rendered; after the last build the default language's goes back to the root and every
other language's goes into its folder (``en/404.html``).
"""

from __future__ import annotations

from pathlib import Path

from i18n_build import current_language, is_default_language_build
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority

NOT_FOUND = "404.html"
_pages: dict[tuple[str, str], str] = {}


# After hooks/french_typography.py, so the page kept is the one readers get.
@event_priority(-50)
def on_post_template(output: str, template_name: str, config: MkDocsConfig) -> str:
    if template_name == NOT_FOUND:
        _pages[(config.site_dir, current_language(config) or "")] = output
    return output


def on_post_build(config: MkDocsConfig) -> None:
    if is_default_language_build(config):
        return
    root = Path(config.site_dir)
    default = config.plugins["i18n"].default_language
    for site_dir, language in [key for key in _pages if key[0] == config.site_dir]:
        folder = root if language == default else root / language
        (folder / NOT_FOUND).write_text(_pages.pop((site_dir, language)), encoding="utf-8")
