"""The header logo and the favicon named in ``institution.yml`` (``logo``, ``favicon``).

Each file (a path relative to ``institution.yml``) is published under ``assets/institution/``
and set as the theme's logo or favicon. A named file that does not exist fails the build; a
key left out keeps the theme's default.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files, InclusionLevel

KEYS = ("logo", "favicon")
FOLDER = "assets/institution"


def _branding_files(config: MkDocsConfig) -> dict[str, Path]:
    """Theme setting → file on disk, for the keys ``institution.yml`` sets."""
    institution = config["institution"]
    found = {}
    for key in KEYS:
        name = institution.values.get(key)
        if not name:
            continue
        path = institution.path.parent / str(name)
        if not path.is_file():
            raise PluginError(f"{institution.path}: {key}: no such file: {path}")
        found[key] = path
    return found


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    for key, path in _branding_files(config).items():
        config.theme[key] = f"{FOLDER}/{key}{path.suffix.lower()}"
    return config


# After mkdocs-static-i18n's on_files (-100), which only knows files that exist in docs/.
@event_priority(-110)
def on_files(files: Files, config: MkDocsConfig) -> Files:
    for key, path in _branding_files(config).items():
        files.append(
            File.generated(
                config,
                f"{FOLDER}/{key}{path.suffix.lower()}",
                abs_src_path=str(path),
                inclusion=InclusionLevel.NOT_IN_NAV,
            )
        )
    return files
