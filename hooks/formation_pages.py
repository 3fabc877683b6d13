"""Write one page per formation from a single page rendered through the theme.

``hooks/code_index.py`` adds one formation page made of markers (``SHELL_PAGE``); once the
theme has rendered it, every formation's page is that HTML with its own title, body and
address, written next to it, and the marker page itself is removed. All formation pages sit at
the same depth and outside the navigation, so the theme's output around them is identical.
"""

from __future__ import annotations

from pathlib import Path

from french_typography import typeset
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.pages import Page
from moodle_cohort_facts import formation_block

from sync_helper.catalog.page_shell import PageShell, ShellError
from sync_helper.catalog.pages import SHELL_PAGE, SiteLinks
from sync_helper.catalog.site_files import formation_pages

_shells: dict[str, PageShell] = {}


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    if page.file.src_uri == SHELL_PAGE:
        try:
            _shells[config.site_dir] = PageShell.from_rendered(output, typeset(config))
        except ShellError as error:
            raise PluginError(f"formation pages: {error}") from None
    return output


def on_post_build(config: MkDocsConfig) -> None:
    shell = _shells.pop(config.site_dir, None)
    catalog = config["catalog"]
    if catalog is None:
        return
    if shell is None:
        raise PluginError("formation pages: the page they are made from was not rendered")
    links = SiteLinks(config.use_directory_urls)
    site = Path(config.site_dir)
    moodle_url = config["institution"].values["moodle_url"]
    pages = formation_pages(catalog, links, shell, formation_block(config), moodle_url)
    for output_path, html in pages:
        target = site / output_path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(html, encoding="utf-8")
    shell_output = site / links.output_path(SHELL_PAGE)
    shell_output.unlink()
    if shell_output.name == "index.html":
        shell_output.parent.rmdir()
