"""Ship the code search's script and stylesheet (package resources) with every language build.

They are tiny, and loaded on every page because Material's instant navigation never reloads
scripts: the script starts itself on each page that has a search box.
"""

from __future__ import annotations

from importlib import resources

from mkdocs.config.config_options import ExtraScriptValue
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files, InclusionLevel

ASSETS = {
    "assets/javascripts/code-search.js": "code-search.js",
    "assets/stylesheets/code-search.css": "code-search.css",
}
SCRIPT, STYLESHEET = ASSETS


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    if STYLESHEET not in config.extra_css:
        config.extra_css.append(STYLESHEET)
    if not any(str(script) == SCRIPT for script in config.extra_javascript):
        config.extra_javascript.append(ExtraScriptValue(SCRIPT))
    return config


# After mkdocs-static-i18n's on_files (-100), which only knows files that exist in docs/.
@event_priority(-110)
def on_files(files: Files, config: MkDocsConfig) -> Files:
    package = resources.files("sync_helper.catalog.assets")
    for src_uri, resource in ASSETS.items():
        content = package.joinpath(resource).read_text(encoding="utf-8")
        files.append(
            File.generated(config, src_uri, content=content, inclusion=InclusionLevel.INCLUDED)
        )
    return files
