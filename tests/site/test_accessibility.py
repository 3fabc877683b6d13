"""Accessibility: axe-core on one page of every kind, both languages, both colour schemes.

No critical or serious violation may come from the project. The few that come from Material
itself are excluded by rule and element, each with its upstream reason (tests/README.md);
anything else on those rules, or on those elements, still fails. Then the one task the site
exists for, done with the keyboard alone: from the home page, find a code and copy it.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect

PAGES = {
    "home": "/",
    "tutorial": "/tutoriel/",
    "guide": "/role/",
    "helper": "/outil/",
    "cli-reference": "/outil/reference/",
    "maintainers": "/donnees/",
    "code-search-results": "/codes/?q=chimie",
    "composante": "/codes/composantes/010/",
    "formation": "/codes/formations/L1CHIM231/",
    "not-found": "/404.html",
    "home-en": "/en/",
    "tutorial-en": "/en/tutoriel/",
    "guide-en": "/en/role/",
    "helper-en": "/en/outil/",
    "maintainers-en": "/en/donnees/",
    "not-found-en": "/en/404.html",
}
# Material's own, by rule and element (upstream reasons in tests/README.md).
MATERIAL = {
    ("aria-dialog-name", ".md-search"),
    ("aria-progressbar-name", ".md-progress"),
    ("scrollable-region-focusable", ".md-typeset__scrollwrap"),
}
AXE = Axe()


SCHEMES = {"light": "default", "dark": "slate"}  # browser preference: Material's scheme


@pytest.fixture(params=SCHEMES)
def scheme(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def schemed_page(scheme: str, browser: Browser) -> Iterator[Page]:
    """A page whose browser prefers the light or the dark scheme (Material follows it)."""
    context = browser.new_context(color_scheme=scheme)
    yield context.new_page()
    context.close()


def serious_violations(page: Page) -> list[str]:
    results = AXE.run(page, options={"resultTypes": ["violations"]}).response
    return [
        f"{violation['id']} {node['target']}: {node['failureSummary'][:200]}"
        for violation in results["violations"]
        if violation["impact"] in ("critical", "serious")
        for node in violation["nodes"]
        if (violation["id"], " ".join(map(str, node["target"]))) not in MATERIAL
    ]


@pytest.mark.browser
@pytest.mark.parametrize("path", PAGES.values(), ids=PAGES.keys())
def test_no_serious_violation(schemed_page: Page, scheme: str, site_url: str, path: str) -> None:
    schemed_page.goto(f"{site_url}{path}")
    schemed_page.wait_for_load_state("networkidle")
    body = schemed_page.locator("body")
    expect(body).to_have_attribute("data-md-color-scheme", SCHEMES[scheme])
    assert serious_violations(schemed_page) == []


def tab_to(page: Page, condition: str, limit: int = 60) -> None:
    """Press Tab until ``condition`` (JavaScript, about ``document.activeElement``) holds."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"(e => Boolean({condition}))(document.activeElement)"):
            return
    pytest.fail(f"Tab never reached: {condition}")


@pytest.mark.browser
def test_find_and_copy_a_code_with_the_keyboard_only(page: Page, site_url: str) -> None:
    page.goto(f"{site_url}/")
    page.wait_for_load_state("networkidle")
    tab_to(page, "e.matches('article a[href$=\"codes/\"]')")
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{site_url}/codes/")
    tab_to(page, "e.id === 'code-search-input'")
    page.keyboard.type("thermodynamique")
    expect(page.locator(".code-search-result").first).to_contain_text("L1CHIM231")
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.classList.contains('code-search-link')")
    tab_to(page, "e.classList.contains('code-index-copy')", limit=3)
    page.keyboard.press("Enter")
    assert page.evaluate("navigator.clipboard.readText()") == "L1CHIM231"
    assert page.watch.console_errors == []
