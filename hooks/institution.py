"""Make the institution's settings (``institution.yml``) available to every page and hook.

Hand-written pages write ``{{ institution.ent_url }}`` or ``{{ institution.support.email }}``;
the value is inserted as text (never markup) and an unknown key fails the build instead of
publishing a broken instruction. Generated pages (the code index, made from catalog data) are
never expanded: data is not a template. Other hooks read the parsed settings from
``config["institution"]`` instead of loading the file again.

Under ``--strict`` a warning is a failure, so the warnings are kept visible even with ``-q``
(MkDocs would otherwise drop them before counting them, and exit 0).
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from sync_helper.institution import InstitutionConfigError, expand_placeholders, load_institution


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    if config.strict:
        mkdocs_log = logging.getLogger("mkdocs")
        mkdocs_log.setLevel(min(mkdocs_log.getEffectiveLevel(), logging.WARNING))
    path = Path(config.config_file_path).parent / "institution.yml"
    try:
        institution = load_institution(path)
    except InstitutionConfigError as error:
        raise PluginError(str(error)) from None
    config["institution"] = institution
    config.extra["institution"] = institution.values
    return config


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    if page.file.generated_by is not None:
        return markdown

    def unknown(key: str) -> PluginError:
        return PluginError(
            f"{page.file.src_uri}: 'institution.{key}' is not a setting with one value "
            "(see institution.yml)"
        )

    return expand_placeholders(markdown, config.extra["institution"], unknown)
