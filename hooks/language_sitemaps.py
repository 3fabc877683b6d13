"""Give every language folder the sitemap Material's language switcher asks for.

mkdocs-static-i18n writes one sitemap, covering all languages, at the site's root; Material
fetches ``<language link>/sitemap.xml`` from the switcher, so without a copy the English pages
log a 404 in the browser console.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from i18n_build import current_language, is_default_language_build
from mkdocs.config.defaults import MkDocsConfig


def on_post_build(config: MkDocsConfig) -> None:
    if is_default_language_build(config):
        return
    root = Path(config.site_dir)
    shutil.copyfile(root / "sitemap.xml", root / current_language(config) / "sitemap.xml")
