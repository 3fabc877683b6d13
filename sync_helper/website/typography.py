"""French typography for rendered HTML: narrow no-break spaces where French wants them.

Before « ; : ! ? » and inside « », French puts a space that must never break a line away
from its sign; U+202F NARROW NO-BREAK SPACE is the one French typesetters use. Authors type
ordinary spaces (or none inside « »), so the site fixes them once, at build time, on the
HTML it renders.

Only text a reader sees is changed: tags (and so every attribute and URL), comments, and the
content of ``code``, ``pre``, ``kbd``, ``samp``, ``script``, ``style`` and ``textarea`` are
left byte for byte. A space before a sign is replaced even when an inline tag sits between
them (``Que faire </strong>:``). No space is added before ``;:!?`` where the author wrote
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
# Spaces an author or a template may leave, typed or as entities.
_SPACE_CHARS = frozenset(" \t\r\n\u00a0\u2009\u202f")
_SPACE_ENTITIES = ("&nbsp;", "&#160;", "&#xa0;", "&#xA0;")
_SIGN = re.compile("[«»;:!?]")
_MAY_PRECEDE_SIGN = _SPACE_CHARS | {">", ";"}  # a space, a tag's end, an entity's end
# Inline tags that may sit between a space and its sign (``Que faire </strong>:``).
_INLINE_TAG = re.compile(r"</?(?:a|abbr|b|em|i|mark|small|span|strong|sub|sup|u)\b[^<>]*>")
# Elements whose content is code, data or raw text, never prose; and comments.
UNTOUCHED = ("code", "pre", "kbd", "samp", "script", "style", "textarea")
# (opening, closing) of each; a position after an opening and before its closing is not prose.
_PROTECTED = (("<!--", "-->"), *((f"<{name}", f"</{name}") for name in UNTOUCHED))


def _spaces_before(html: str, end: int) -> int:
    """Start of the run of spaces (characters or entities) that ends at ``end``."""
    start = end
    while start > 0:
        if html[start - 1] in _SPACE_CHARS:
            start -= 1
        elif entity := next((e for e in _SPACE_ENTITIES if html.endswith(e, 0, start)), None):
            start -= len(entity)
        else:
            return start
    return start


def _spaces_after(html: str, start: int) -> int:
    """End of the run of spaces (characters or entities) that starts at ``start``."""
    end = start
    while end < len(html):
        if html[end] in _SPACE_CHARS:
            end += 1
        elif entity := next((e for e in _SPACE_ENTITIES if html.startswith(e, end)), None):
            end += len(entity)
        else:
            return end
    return end


def _inline_tags_before(html: str, end: int) -> int:
    """Start of the inline tags (``</strong>``…) that end at ``end``."""
    while end > 0 and html[end - 1] == ">":
        start = html.rfind("<", 0, end)
        if start < 0 or not _INLINE_TAG.fullmatch(html, start, end):
            break
        end = start
    return end


def _is_prose(html: str, position: int, protected: list[tuple[str, str]]) -> bool:
    """Outside tags (so outside attributes), code, scripts and comments (``protected``)."""
    if html.rfind("<", 0, position) > html.rfind(">", 0, position):
        return False
    for opening, closing in protected:
        start = html.rfind(opening, 0, position)
        after = start + len(opening)
        while start >= 0 and opening != "<!--" and html[after : after + 1] not in " \t\n/>":
            start = html.rfind(opening, 0, start)  # <codex> is not <code>
            after = start + len(opening)
        if start >= 0 and not 0 <= html.find(closing, start, position) < position:
            return False
    return True


def _edit(html: str, position: int, sign: str, punctuation: bool) -> tuple[int, int, str] | None:
    """The replacement (start, end, text) the sign at ``position`` asks for, if any."""
    if sign == "«":
        end = _spaces_after(html, position + 1)
        return (position + 1, end, NNBSP) if html[position + 1 : end] != NNBSP else None
    if sign == "»":
        start = _spaces_before(html, position)
        return (start, position, NNBSP) if html[start:position] != NNBSP else None
    if not punctuation:
        return None
    tags = _inline_tags_before(html, position)
    start = _spaces_before(html, tags)
    if start == tags or html[start:tags] == NNBSP:
        return None
    return (start, tags, NNBSP)


def french_html(html: str, *, punctuation: bool = True) -> str:
    """Typeset the prose of an HTML page or fragment; markup and code are left as they are.

    ``punctuation=False`` only spaces the inside of « » (French labels quoted in an English
    page, where a space before ``:`` would be wrong).
    """
    pieces: list[str] = []
    done = 0
    protected = [pair for pair in _PROTECTED if pair[0] in html]
    for match in _SIGN.finditer(html):
        sign, position = match.group(), match.start()
        if sign in ";:!?" and html[position - 1 : position] not in _MAY_PRECEDE_SIGN:
            continue  # ``10:30``, ``&#x27;``, ``style="a: b"``: nothing to space, checked fast
        edit = _edit(html, position, sign, punctuation)
        if edit is None or edit[0] < done or not _is_prose(html, position, protected):
            continue
        start, end, text = edit
        pieces += [html[done:start], text]
        done = end
    return "".join(pieces) + html[done:] if pieces else html


def typesetter(language: str) -> Callable[[str], str]:
    """What a page in ``language`` gets: full French rules, or only « » spacing elsewhere."""
    if language.split("_")[0].lower() == "fr":
        return french_html
    return functools.partial(french_html, punctuation=False)
