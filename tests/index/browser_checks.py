"""Console checks for browser tests, with one known site-wide problem set apart.

Every page of the site asks for ``/en/sitemap.xml`` (Material's language switcher, with
``extra.alternate``), which mkdocs-static-i18n does not write: that 404 belongs to the site's
configuration, not to the code index, and is reported once by the site's own tests.
"""

from __future__ import annotations

from playwright.sync_api import Page

KNOWN_MISSING = "/en/sitemap.xml"
LOAD_FAILURE = "Failed to load resource"


def watch_failed_responses(page: Page) -> None:
    page.failed_responses = []
    page.on("response", lambda r: r.status >= 400 and page.failed_responses.append(r.url))


def assert_no_console_errors(page: Page) -> None:
    """No console error, except one load failure per request for the known missing file."""
    known = [url for url in page.failed_responses if url.endswith(KNOWN_MISSING)]
    others = [url for url in page.failed_responses if not url.endswith(KNOWN_MISSING)]
    assert others == []
    errors = list(page.watch.console_errors)
    for _ in known:
        failures = [error for error in errors if error.startswith(LOAD_FAILURE)]
        if failures:
            errors.remove(failures[0])
    assert errors == []
