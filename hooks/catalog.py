"""Load the formation catalog named by ``institution.yml`` once per build, before any output.

Loading happens in ``on_config`` so that bad data fails the build before the site directory
is touched: every error is listed (file, line or path, field) and nothing is written. Warnings
are logged; under ``--strict`` they fail the build here too, before anything is written (MkDocs
itself would only count them once the whole site is out). The loaded catalog is handed to the
other hooks as ``config["catalog"]``; it is ``None`` in the builds of other languages, which
link to the default language's index instead of generating it again.
"""

from __future__ import annotations

from i18n_build import is_default_language_build
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import get_plugin_logger

from sync_helper.catalog.load import load_catalog
from sync_helper.catalog.problems import CatalogError

log = get_plugin_logger("catalog")


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    config["catalog"] = None
    if not is_default_language_build(config):
        return config
    institution = config["institution"]
    try:
        catalog = load_catalog(
            institution.catalog_files, institution.cohort_code_template, institution.code_sets
        )
    except CatalogError as error:
        raise PluginError(str(error)) from None
    if config.strict and catalog.warnings:
        raise PluginError(str(CatalogError(catalog.warnings)) + "\n(--strict: warnings fail)")
    for problem in catalog.warnings:
        log.warning(str(problem))
    config["catalog"] = catalog
    return config


def on_serve(server: LiveReloadServer, config: MkDocsConfig, builder: object) -> LiveReloadServer:
    """Rebuild when a data file or ``institution.yml`` changes under ``mkdocs serve``."""
    institution = config["institution"]
    for path in (institution.path, *institution.catalog_files):
        server.watch(str(path))
    return server
