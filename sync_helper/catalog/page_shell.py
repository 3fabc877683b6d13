"""Many pages from one: fill a page already rendered through the site's theme with other content.

Rendering thousands of formation pages one by one through the theme (navigation, header,
footer: the same for every formation page, which all sit at the same depth and outside the
navigation) would cost most of a large university's build. Instead one page is rendered with
marker strings for its title, body and address, and every formation page is that HTML with
the markers replaced. The markers must each be found where expected, or nothing is produced.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

TITLE = "code-index-shell-title"
# An <h1> inside, or the theme would add the page title as a heading of its own.
BODY = "<h1>code-index-shell-body</h1>"
PAGE = "code-index-shell-page"


class ShellError(ValueError):
    """The rendered page does not have the markers where a shell needs them."""


@dataclass(frozen=True)
class PageShell:
    """The theme's HTML around a page, with the title, body and page name to fill in."""

    html: str
    # Applied to each page's title and body, as the site's hooks apply it to rendered pages
    # (French typography): the shell's own HTML went through them already.
    prose: Callable[[str], str] = str

    @classmethod
    def from_rendered(cls, html: str, prose: Callable[[str], str] = str) -> PageShell:
        """Check the markers of a page rendered from :data:`TITLE`, :data:`BODY`, :data:`PAGE`."""
        if html.count(BODY) != 1:
            raise ShellError(f"the page body marker appears {html.count(BODY)} times, not once")
        if TITLE not in html:
            raise ShellError("the page title marker is missing")
        return cls(html, prose)

    def fill(self, *, title: str, body: str, page: str) -> str:
        """The page for one formation; ``title`` is HTML-escaped, ``page`` URL-safe."""
        before, after = self.html.split(BODY)

        title = self.prose(title)

        def chrome(part: str) -> str:
            return part.replace(PAGE, page).replace(TITLE, title)

        return chrome(before) + self.prose(body) + chrome(after)
