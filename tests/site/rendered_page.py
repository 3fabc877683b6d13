"""Read built HTML pages as a small element tree, with the standard library only.

The site tests check what readers get, so they parse the rendered HTML rather than the
Markdown; no HTML library is a dependency, hence this minimal tree.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

VOID_ELEMENTS = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
}


@dataclass
class Element:
    """One HTML element: its tag, attributes and children (elements or text)."""

    tag: str
    attrs: dict[str, str]
    children: list[Element | str] = field(default_factory=list)

    @property
    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    def iter(self) -> Iterator[Element]:
        """This element and every descendant element, in document order."""
        yield self
        for child in self.children:
            if isinstance(child, Element):
                yield from child.iter()

    def find_all(self, tag: str | None = None, cls: str | None = None) -> list[Element]:
        """Descendants (and self) matching a tag and/or carrying a class."""
        return [
            node
            for node in self.iter()
            if (tag is None or node.tag == tag) and (cls is None or cls in node.classes)
        ]

    def find(self, tag: str | None = None, cls: str | None = None) -> Element:
        """The first match; fails loudly so a test names what is missing."""
        found = self.find_all(tag, cls)
        assert found, f"no <{tag or '*'} class={cls!r}> in <{self.tag} {self.attrs}>"
        return found[0]

    def by_id(self, element_id: str) -> Element:
        for node in self.iter():
            if node.attrs.get("id") == element_id:
                return node
        raise AssertionError(f"no element with id={element_id!r}")

    def text(self) -> str:
        """The text a reader gets (permalink signs left out), whitespace collapsed."""
        return normalise(self._raw_text())

    def _raw_text(self) -> str:
        return "".join(
            child if isinstance(child, str) else child._raw_text()
            for child in self.children
            if isinstance(child, str) or "headerlink" not in child.classes
        )


def normalise(text: str) -> str:
    """Collapse every run of whitespace (spaces, em-spaces, NBSP, newlines) to one space."""
    return re.sub(r"\s+", " ", text).strip()


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {name: value or "" for name, value in attrs})
        self.stack[-1].children.append(element)
        if tag not in VOID_ELEMENTS:
            self.stack.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].children.append(Element(tag, {n: v or "" for n, v in attrs}))

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse_html(source: str) -> Element:
    builder = _TreeBuilder()
    builder.feed(source)
    builder.close()
    return builder.root


def load_page(path: Path) -> Element:
    return parse_html(path.read_text(encoding="utf-8"))


def main_content(document: Element) -> Element:
    """The page's article, without Material's header, navigation and footer."""
    return document.find("article", "md-content__inner")
