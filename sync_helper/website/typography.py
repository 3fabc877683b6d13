"""French typography for rendered HTML: narrow no-break spaces where French wants them.

Before « ; : ! ? » and inside « », French puts a space that must never break a line away
from its sign; U+202F NARROW NO-BREAK SPACE is the one French typesetters use. Authors type
ordinary spaces (or none inside « »), so the site fixes them once, at build time, on the
HTML it renders.

Only text a reader sees is changed: tags (and so every attribute and URL), comments, and the
content of ``code``, ``pre``, ``kbd``, ``samp``, ``script``, ``style`` and ``textarea`` are
left byte for byte. A space before a sign is replaced even when a tag sits between them
(``<strong>Que faire</strong> :``). No space is added before ``;:!?`` where the author wrote
none: ``10:30``, ``?id=42`` and English words quoted in a French page stay as written.

Why not the ``french-typo`` library (evaluated, version 1.6.1): it inserts ``&nbsp;`` (the wide
U+00A0) rather than U+202F, rewrites text inside ``<code>`` and ``<script>`` (a JavaScript
``a ? b : c`` would change), and applies unrelated rewrites (units, ordinals, ``2h`` →
``2 h``) to codes such as ``L1CHIM231``; its attribute masking is the only part we need.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

NNBSP = "\u202f"
# Spaces an author or a template may leave, typed or as entities (not inside code).
_SPACE = r"(?:[ \t\r\n\u00a0\u2009\u202f]|&nbsp;|&#160;|&#[xX]a0;)"
_BEFORE_SIGN = re.compile(rf"{_SPACE}+(?=[;:!?])")
_OPEN_QUOTE = re.compile(rf"«{_SPACE}*")
_CLOSE_QUOTE = re.compile(rf"{_SPACE}*»")
_SIGNS = re.compile(r"[«»;:!?]")
_TRAILING_SPACE = re.compile(rf"{_SPACE}+$")
_LEADING_SPACE = re.compile(rf"^{_SPACE}+")
# A tag (quoted attribute values may hold ">"), a comment, a doctype or CDATA section.
_MARKUP = re.compile(
    r"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<![^>]*>|<\?[^>]*>"
    r"|</?[A-Za-z][^\s/>]*(?:\"[^\"]*\"|'[^']*'|[^'\">])*>",
    re.S,
)
_TAG_NAME = re.compile(r"</?([A-Za-z][^\s/>]*)")
# Elements whose content is code, data or raw text, never prose.
UNTOUCHED = frozenset({"code", "pre", "kbd", "samp", "script", "style", "textarea"})
_RAW_TEXT = frozenset({"script", "style", "textarea"})


def french_text(text: str, *, punctuation: bool = True) -> str:
    """Typeset a run of French text (HTML-escaped or not, without tags)."""
    if _SIGNS.search(text) is None:
        return text
    text = _OPEN_QUOTE.sub("«" + NNBSP, text)
    text = _CLOSE_QUOTE.sub(NNBSP + "»", text)
    if punctuation:
        text = _BEFORE_SIGN.sub(NNBSP, text)
    return text


def french_html(html: str, *, punctuation: bool = True) -> str:
    """Typeset the prose of an HTML page or fragment; markup and code are left as they are.

    ``punctuation=False`` only spaces the inside of « » (French labels quoted in an English
    page, where a space before ``:`` would be wrong).
    """
    pieces: list[str] = []
    last_text = -1  # index in pieces of the last prose text, to fix a space before a tag
    untouched: list[str] = []
    position = 0
    while (match := _MARKUP.search(html, position)) is not None:
        if match.start() > position:
            last_text = _add_text(
                pieces, html[position : match.start()], untouched, last_text, punctuation
            )
        tag = match.group(0)
        pieces.append(tag)
        position = match.end()
        name_match = _TAG_NAME.match(tag)
        if name_match is None:
            continue
        name = name_match.group(1).lower()
        if tag.startswith("</"):
            if untouched and untouched[-1] == name:
                untouched.pop()
        elif name in _RAW_TEXT:
            end = html.find(f"</{name}", position)
            end = len(html) if end < 0 else end
            pieces.append(html[position:end])
            position = end
            last_text = -1
        elif name in UNTOUCHED and not tag.endswith("/>"):
            untouched.append(name)
    if position < len(html):
        _add_text(pieces, html[position:], untouched, last_text, punctuation)
    return "".join(pieces)


def _add_text(
    pieces: list[str], text: str, untouched: list[str], last_text: int, punctuation: bool
) -> int:
    """Append one text node, typeset unless inside code; return the new ``last_text``."""
    if untouched:
        pieces.append(text)
        return -1  # code between two runs of prose: neither run's spaces touch the other
    typeset = french_text(text, punctuation=punctuation)
    if last_text >= 0:
        previous = pieces[last_text]
        starts_with_sign = typeset[:1] in ({NNBSP} | (set(";:!?") if punctuation else set()))
        if starts_with_sign or typeset.lstrip(" \t\r\n")[:1] == "»":
            pieces[last_text] = _TRAILING_SPACE.sub("", previous)
            if typeset[:1] != NNBSP:
                typeset = NNBSP + _LEADING_SPACE.sub("", typeset)
        elif previous.endswith("«" + NNBSP):
            typeset = _LEADING_SPACE.sub("", typeset)
    pieces.append(typeset)
    return len(pieces) - 1


def typesetter(language: str) -> Callable[[str], str]:
    """What a page in ``language`` gets: full French rules, or only « » spacing elsewhere."""
    if language.split("_")[0].lower() == "fr":
        return french_html
    return functools.partial(french_html, punctuation=False)
