"""The whole site works under its documented Content-Security-Policy, which allows no inline script.

The built site is checked file by file (no inline script, no event-handler attribute), then
served with the policy (sync_helper/website/security_headers.py) and used in Chromium: every
page loads without a violation; the code search, the copy buttons, the theme's search, the
colour scheme toggle, the language switcher and instant navigation all work.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import material
import pytest
from playwright.sync_api import Page, expect

from sync_helper.website.security_headers import CONTENT_SECURITY_POLICY, HEADERS
from tests.conftest import ROOT
from tests.site.browser_watch import live_markup_problems, violations, watch
from tests.site.served_with_headers import serve_built_for_its_address

MATERIAL_PARTIALS = Path(material.__file__).parent / "templates/partials/javascripts"
# Our copy of each inline script of the theme, and how it differs from the theme's template.
MATERIAL_COPIES = {
    "base.js": (
        "base.html",
        'new URL("{{ config.extra.scope | d(base_url) }}",location)',
        "new URL(document.currentScript.dataset.mdScope,location)",
    ),
    "palette.js": ("palette.html", "", ""),
    "content.js": ("content.html", "", ""),
}


class _InlineCode(HTMLParser):
    """Inline scripts that a browser would run, and event-handler attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []
        self._inline_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = dict(attrs)
        self.found += [f"{tag}[{name}]" for name in names if re.fullmatch(r"on[a-z]+", name)]
        runnable = names.get("type") in (None, "", "module", "text/javascript")
        self._inline_script = tag == "script" and runnable and "src" not in names

    def handle_data(self, data: str) -> None:
        if self._inline_script and data.strip():
            self.found.append(f"inline script: {data.strip()[:60]}")

    def handle_endtag(self, tag: str) -> None:
        self._inline_script = False


@pytest.mark.build
def test_built_site_has_no_inline_script_or_handler(built_site: Path) -> None:
    found = {}
    for path in sorted(built_site.rglob("*.html")):
        parser = _InlineCode()
        parser.feed(path.read_text(encoding="utf-8"))
        if parser.found:
            found[str(path.relative_to(built_site))] = parser.found
    assert found == {}


@pytest.mark.parametrize("copy", sorted(MATERIAL_COPIES))
def test_copies_of_the_themes_inline_scripts_match_the_installed_theme(copy: str) -> None:
    """A theme upgrade that changes one of them fails here: copy the new script into the file."""
    partial, template, ours = MATERIAL_COPIES[copy]
    scripts = re.findall(r"<script>(.*?)</script>", (MATERIAL_PARTIALS / partial).read_text())
    code = (ROOT / "docs/assets/javascripts/material" / copy).read_text().splitlines()[-1]
    assert code == scripts[-1].replace(template, ours)


def test_the_documented_policy_is_the_tested_one() -> None:
    assert "'unsafe-inline'" not in CONTENT_SECURITY_POLICY
    assert "'unsafe-eval'" not in CONTENT_SECURITY_POLICY
    for doc in ("README.md", "docs/donnees.md", "docs/donnees.en.md"):
        text = (ROOT / doc).read_text(encoding="utf-8")
        for name, value in HEADERS.items():
            assert f"{name}: {value}" in text, doc


@pytest.fixture(scope="module")
def secured_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    server, url = serve_built_for_its_address(tmp_path_factory.mktemp("csp"), headers=True)
    yield url
    server.shutdown()


def no_violation(page: Page) -> None:
    page.wait_for_load_state("networkidle")
    assert violations(page) == []
    assert live_markup_problems(page) == []
    assert [e for e in page.watch.console_errors if "Content Security Policy" in e] == []


@pytest.mark.browser
def test_every_page_loads_without_a_violation(
    page: Page, secured_url: str, built_site: Path
) -> None:
    watch(page)
    response = page.goto(f"{secured_url}/")
    assert response.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    failures = {}
    for path in sorted(built_site.rglob("*.html")):
        address = "/" + path.relative_to(built_site).as_posix().removesuffix("index.html")
        page.goto(f"{secured_url}{address}")
        page.wait_for_load_state("networkidle")
        if found := violations(page) + live_markup_problems(page):
            failures[address] = found
    assert failures == {}
    assert page.watch.console_errors == []


@pytest.mark.browser
def test_code_search_and_copy_work(page: Page, secured_url: str) -> None:
    watch(page)
    page.goto(f"{secured_url}/codes/?q=RETHC01")
    button = page.locator(".code-search-result .code-index-copy").first
    button.click()
    assert page.evaluate("navigator.clipboard.readText()") == "L1CHIM231"
    page.goto(f"{secured_url}/codes/formations/L1CHIM231/")
    page.locator("details.command-builder-details summary").click()
    page.locator(".command-builder input[name=course]").fill("2")
    page.locator(".command-builder .command-builder-command .code-index-copy").first.click()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.startswith("sync-helper sync 2 L1CHIM231")
    no_violation(page)


@pytest.mark.browser
def test_theme_search_and_header_link_work(page: Page, secured_url: str) -> None:
    watch(page)
    page.set_viewport_size({"width": 1400, "height": 900})
    page.goto(f"{secured_url}/tutoriel/")
    page.locator(".md-search__input").click()
    page.locator(".md-search__input").press_sequentially("cohorte")
    expect(page.locator(".md-search-result__item").first).to_be_visible()
    page.locator(".md-search__input").fill("L1CHIM231")
    page.locator("a", has_text="dans les codes de formation").click()
    expect(page.locator(".code-search-result").first).to_contain_text("L1CHIM231")
    no_violation(page)


@pytest.mark.browser
def test_palette_language_switch_and_instant_navigation_work(page: Page, secured_url: str) -> None:
    watch(page)
    page.set_viewport_size({"width": 1400, "height": 900})
    page.goto(f"{secured_url}/tutoriel/")
    page.wait_for_load_state("networkidle")
    page.evaluate("window.loadedOnce = true")
    page.locator("label[for=__palette_1]").click()
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "slate")
    nav = page.locator(".md-nav--primary")
    nav.get_by_role("link", name="Choisir le rôle", exact=True).click()
    expect(page).to_have_url(f"{secured_url}/role/")
    assert page.evaluate("window.loadedOnce") is True, "instant navigation did not run"
    page.locator(".md-select").hover()
    page.get_by_role("link", name="English", exact=True).click()
    expect(page).to_have_url(f"{secured_url}/en/role/")
    # The chosen scheme was stored by the theme's scripts, served as files, and restored.
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "slate")
    no_violation(page)
