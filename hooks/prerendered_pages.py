"""Serve pages whose body is already HTML (front matter ``prerendered: true``) as they are.

The formation-code index generates thousands of such pages, escaped by the package; running
them through Python-Markdown would only re-parse their HTML, and cost most of the build.
Other hooks' Markdown rewriting (placeholders, translations) is skipped for them too: their
text comes from data, not from authors.
"""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

_bodies: dict[str, str] = {}


@event_priority(100)
def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    if page.meta.get("prerendered") is not True:
        return markdown
    _bodies[page.file.src_uri] = markdown
    return ""


@event_priority(100)
def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    return _bodies.pop(page.file.src_uri, html)
