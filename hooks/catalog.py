"""Load the formation catalog named by ``institution.yml`` once per build, before any output.

Loading happens in ``on_config`` so that bad data fails the build before the site directory
is touched: every error is listed (file, line or path, field) and nothing is written. Warnings
are logged, which a strict build turns into a failure. The loaded catalog is handed to the
other hooks as ``config["catalog"]``; it is ``None`` in the builds of other languages, which
link to the default language's index instead of generating it again.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import get_plugin_logger

from sync_helper.catalog.load import load_catalog
from sync_helper.catalog.problems import CatalogError
from sync_helper.institution import Institution, InstitutionConfigError, load_institution

log = get_plugin_logger("catalog")


def _institution(config: MkDocsConfig) -> Institution:
    path = Path(config.config_file_path).parent / "institution.yml"
    try:
        return load_institution(path)
    except InstitutionConfigError as error:
        raise PluginError(str(error)) from None


def _is_default_language_build(config: MkDocsConfig) -> bool:
    """mkdocs-static-i18n runs the whole build once per language, with the same hooks."""
    i18n = config.plugins.get("i18n")
    if i18n is None:
        return True
    current = getattr(i18n, "current_language", None)
    return current is None or current == i18n.default_language


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    config["catalog"] = None
    if not _is_default_language_build(config):
        return config
    institution = _institution(config)
    try:
        catalog = load_catalog(institution.catalog_files, institution.cohort_code_template)
    except CatalogError as error:
        raise PluginError(str(error)) from None
    for problem in catalog.warnings:
        log.warning(str(problem))
    config["catalog"] = catalog
    return config


def on_serve(server: LiveReloadServer, config: MkDocsConfig, builder: object) -> LiveReloadServer:
    """Rebuild when a data file or ``institution.yml`` changes under ``mkdocs serve``."""
    institution_file = Path(config.config_file_path).parent / "institution.yml"
    server.watch(str(institution_file))
    for path in _institution(config).catalog_files:
        server.watch(str(path))
    return server
