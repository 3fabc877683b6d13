"""French typography over the built French site: narrow no-break spaces where French wants them.

Every French page (prose pages, generated index pages, formation pages, 404), the search
index's French entries and the code search's messages are read as a reader gets them; code,
scripts and attributes are not prose and are left out.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from sync_helper.website.typography import NNBSP, french_html
from tests.site.rendered_page import Element, load_page

pytestmark = pytest.mark.build

NOT_PROSE = {"code", "pre", "kbd", "samp", "script", "style", "textarea"}
# An ordinary (or wide no-break) space before ; : ! ? », or after «; nothing inside « ».
FAULT = re.compile(r"[ \t\r\n\u00a0]+[;:!?»]|«[ \t\r\n\u00a0]|«(?!\u202f)|(?<!\u202f)»")


def prose(node: Element) -> str:
    """The text a reader sees, code replaced by a mark so its edges still count."""
    parts = []
    for child in node.children:
        if isinstance(child, str):
            parts.append(child)
        elif child.tag in NOT_PROSE:
            parts.append("\x00")
        else:
            parts.append(prose(child))
    return "".join(parts)


def faults(text: str) -> list[str]:
    return [repr(text[max(0, m.start() - 30) : m.end() + 10]) for m in FAULT.finditer(text)]


def french_pages(site: Path) -> list[Path]:
    return [page for page in sorted(site.rglob("*.html")) if not page.is_relative_to(site / "en")]


def test_the_check_catches_what_a_french_reader_sees() -> None:
    assert faults(prose(Element("p", {}, ["Que faire : « Cohorte»"]))) != []
    assert faults(prose(Element("p", {}, [f"Que faire{NNBSP}: «{NNBSP}Cohorte{NNBSP}»"]))) == []


def test_every_french_page_uses_narrow_no_break_spaces(built_site: Path) -> None:
    pages = french_pages(built_site)
    assert len(pages) > 40, "formation pages must be checked too"
    found = {}
    for page in pages:
        bad = faults(prose(load_page(page)))
        if bad:
            found[page.relative_to(built_site).as_posix()] = bad[:3]
    assert found == {}


def test_french_pages_do_use_the_narrow_space(built_site: Path) -> None:
    """The check above must not pass on a site with no punctuation spacing at all."""
    faq = (built_site / "faq-cohorte-absente" / "index.html").read_text(encoding="utf-8")
    assert f"Que faire{NNBSP}:" in faq and f"«{NNBSP}Cohorte{NNBSP}»" in faq


def test_search_results_read_like_the_pages(built_site: Path) -> None:
    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    french = [doc for doc in index["docs"] if not doc["location"].startswith("en/")]
    assert french
    for doc in french:
        text = re.sub(r"<(code|pre|kbd)>.*?</\1>", "\x00", doc["text"], flags=re.S)
        assert faults(re.sub(r"<[^>]+>", "", text)) == [], doc["location"]
        assert faults(doc["title"]) == [], doc["location"]


@pytest.mark.parametrize("name", ["code-search.js", "command-builder.js"])
def test_script_messages_are_typeset(built_site: Path, name: str) -> None:
    script = (built_site / "assets" / "javascripts" / name).read_text("utf-8")
    literals = re.findall(r'"(?:[^"\\\n]|\\.)*"|`(?:[^`\\]|\\.)*`', script)
    french = [re.sub(r"\$\{[^}]*\}", "", text) for text in literals if re.search("[éèàç]", text)]
    assert french
    assert [text for text in french if re.search(r" [;:!?»]|« ", text)] == []


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ("<p>Que faire : rien !</p>", f"<p>Que faire{NNBSP}: rien{NNBSP}!</p>"),
        (
            "<p><strong>Note</strong> : « x »</p>",
            f"<p><strong>Note</strong>{NNBSP}: «{NNBSP}x{NNBSP}»</p>",
        ),
        ("<p>«<em>Ajouter</em>»</p>", f"<p>«{NNBSP}<em>Ajouter</em>{NNBSP}»</p>"),
        ('<a href="x?a=b" title="a : b">l</a>', '<a href="x?a=b" title="a : b">l</a>'),
        ("<pre><code>a ? b : c</code></pre>", "<pre><code>a ? b : c</code></pre>"),
        ("<kbd>Ctrl</kbd> ?", f"<kbd>Ctrl</kbd>{NNBSP}?"),
        ("<script>x = a ? '</p>' : b</script>", "<script>x = a ? '</p>' : b</script>"),
        ("<p>10:30, view.php?id=42</p>", "<p>10:30, view.php?id=42</p>"),
        ("<p>Note&nbsp;: ok</p>", f"<p>Note{NNBSP}: ok</p>"),
    ],
)
def test_typesetting_changes_prose_only(html: str, expected: str) -> None:
    assert french_html(html) == expected
    assert french_html(expected) == expected


def test_english_pages_space_french_quotes_only(built_site: Path) -> None:
    """French labels quoted in English pages get « », English punctuation stays English."""
    english = prose(load_page(built_site / "en" / "tutoriel" / "index.html"))
    assert f"«{NNBSP}Enseignant{NNBSP}»" in english
    assert re.search("«[ \t\n\u00a0]|[ \t\n\u00a0]»", english) is None
    assert re.search(rf"\w{NNBSP}[;:!?]", english) is None
