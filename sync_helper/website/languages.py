"""Which page the language switcher leads to: the same page in the other language.

Pages written in both languages lead to each other. The generated code index exists in French
only (its data is French); from any of its pages, the other language's switcher entry leads to
the tutorial step those pages point to (how to use the cohort code), in that language.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable, Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Alternate:
    """One entry of the language switcher: the language and where it leads (site-relative)."""

    lang: str
    name: str
    link: str


def language_root(link: str) -> str:
    """``/en/`` → ``en/``; ``/`` → ``""`` (site-relative, as MkDocs page URLs are)."""
    return link.strip("/") + "/" if link.strip("/") else ""


def page_alternates(
    *,
    languages: Iterable[Mapping[str, str]],
    current_lang: str,
    current_url: str,
    translations: Mapping[str, str],
    untranslated_target: str,
) -> list[Alternate]:
    """The switcher's entries for one page.

    ``languages`` is ``extra.alternate`` (``lang``, ``name``, ``link`` of each language's
    home); ``translations`` maps a language to the site-relative URL of this page in it;
    ``untranslated_target`` is where a page without a translation leads, relative to each
    language's home (``tutoriel/#step``).
    """
    entries = []
    for language in languages:
        lang = language["lang"]
        if lang == current_lang:
            link = current_url
        elif lang in translations:
            link = translations[lang]
        else:
            link = posixpath.join(language_root(language["link"]), untranslated_target)
        entries.append(Alternate(lang=lang, name=language["name"], link=link))
    return entries
