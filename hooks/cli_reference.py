"""Append the ``sync-helper`` reference to pages whose front matter says ``cli_reference: true``.

The reference is rendered from the click command tree the build imports
(:mod:`sync_helper.website.cli_reference`), so the page cannot drift from the code; the page
itself only carries the introduction, in its own language.
"""

from __future__ import annotations

from i18n_build import current_language
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from sync_helper.cli import main
from sync_helper.website.cli_reference import render_reference


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    if page.meta.get("cli_reference") is not True:
        return markdown
    language = current_language(config) or config.theme["language"]
    return f"{markdown.rstrip()}\n\n{render_reference(main, language)}"
