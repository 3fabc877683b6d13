"""Ship the catalog's scripts and stylesheets (package resources) with every language build.

The code search and the command builder (« Préparer la commande », which searches with the code
search). They are small, and loaded on every page because Material's instant navigation never
reloads scripts: each starts itself on the pages that have its element.
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
    "assets/javascripts/command-builder.js": "command-builder.js",
    "assets/stylesheets/command-builder.css": "command-builder.css",
}


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    for src_uri in ASSETS:
        if src_uri.endswith(".css") and src_uri not in config.extra_css:
            config.extra_css.append(src_uri)
        scripts = {str(script) for script in config.extra_javascript}
        if src_uri.endswith(".js") and src_uri not in scripts:
            config.extra_javascript.append(ExtraScriptValue(src_uri))
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
