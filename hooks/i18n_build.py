"""Which language build is running: mkdocs-static-i18n runs the whole build once per language.

Not a hook itself (it is not listed under ``hooks:``); the hooks beside it import it.
"""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig


def current_language(config: MkDocsConfig) -> str | None:
    """The locale being built, or ``None`` when the site is not localised."""
    i18n = config.plugins.get("i18n")
    return getattr(i18n, "current_language", None) if i18n else None


def is_default_language_build(config: MkDocsConfig) -> bool:
    """True for the build that writes the site's root (French at UPJV)."""
    i18n = config.plugins.get("i18n")
    current = current_language(config)
    return current is None or current == i18n.default_language
