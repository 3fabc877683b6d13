"""Make the institution's settings (``institution.yml``) available to every page and hook.

Pages write ``{{ institution.ent_url }}`` or ``{{ institution.support.email }}``; an unknown
key fails the build instead of publishing a broken instruction. Other hooks read the parsed
settings from ``config["institution"]`` instead of loading the file again.
"""

from __future__ import annotations

import re
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from sync_helper.institution import InstitutionConfigError, load_institution

PLACEHOLDER = re.compile(r"\{\{\s*institution\.([a-z_][a-z0-9_.]*)\s*\}\}")


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    path = Path(config.config_file_path).parent / "institution.yml"
    try:
        institution = load_institution(path)
    except InstitutionConfigError as error:
        raise PluginError(str(error)) from None
    config["institution"] = institution
    config.extra["institution"] = institution.values
    return config


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    values = config.extra["institution"]

    def lookup(match: re.Match[str]) -> str:
        value = values
        for part in match.group(1).split("."):
            if not isinstance(value, dict) or part not in value:
                raise PluginError(
                    f"{page.file.src_uri}: unknown setting 'institution.{match.group(1)}' "
                    "(see institution.yml)"
                )
            value = value[part]
        return str(value)

    return PLACEHOLDER.sub(lookup, markdown)
