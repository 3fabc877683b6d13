"""The site as a teacher uses it, in headless Chromium over loopback HTTP.

The `page` fixture fails any test whose page contacted a host other than 127.0.0.1; each test
here also fails on any console error.
"""

from __future__ import annotations

import re

import pytest
import yaml
from playwright.sync_api import Page, expect

from tests.conftest import ROOT

pytestmark = pytest.mark.browser

MOODLE_URL = yaml.safe_load((ROOT / "institution.yml").read_text(encoding="utf-8"))["moodle_url"]
TUTORIALS = ["/tutoriel/", "/en/tutoriel/"]
FIGURE_COUNT = 10
TITLE = re.compile(r"^Synchroniser une cohorte sur Moodle\W*$")  # the permalink sign may follow


def open_page(page: Page, url: str) -> None:
    if not hasattr(page, "failed_responses"):
        page.failed_responses = []
        page.on("response", lambda r: r.status >= 400 and page.failed_responses.append(r.url))
    page.goto(url)
    page.wait_for_load_state("networkidle")


def assert_no_console_errors(page: Page) -> None:
    assert page.watch.console_errors == [], f"failed requests: {page.failed_responses}"


def test_home_page_leads_to_the_tutorial(page: Page, site_url: str) -> None:
    open_page(page, f"{site_url}/")
    expect(page.locator("h1")).to_have_text(TITLE)
    cards = page.locator(".grid.cards")
    expect(cards.get_by_role("link")).to_have_count(3)
    cards.get_by_role("link", name="Suivre le tutoriel").click()
    expect(page).to_have_url(f"{site_url}/tutoriel/")
    expect(page.locator("article h1")).to_have_text(TITLE)
    expect(page.locator("#reperer-le-code")).to_be_visible()
    assert_no_console_errors(page)


@pytest.mark.parametrize(
    "expected", ["L1CHIM231", f"{MOODLE_URL}/enrol/instances.php?id=NUMERO_DU_COURS"]
)
def test_copy_button_puts_the_exact_code_in_the_clipboard(
    page: Page, site_url: str, expected: str
) -> None:
    open_page(page, f"{site_url}/tutoriel/")
    block = page.locator("pre").filter(has=page.locator("code", has_text=re.compile(
        f"^{re.escape(expected)}\\s*$"
    )))  # fmt: skip
    expect(block).to_have_count(1)
    block.hover()
    block.get_by_role("button", name="Copier dans le presse-papier").click()
    assert page.evaluate("navigator.clipboard.readText()") == expected
    assert_no_console_errors(page)


@pytest.mark.parametrize("path", TUTORIALS)
def test_every_illustration_renders_with_visible_highlights(
    page: Page, site_url: str, path: str
) -> None:
    open_page(page, f"{site_url}{path}")
    figures = page.locator("figure.mk-figure")
    expect(figures).to_have_count(FIGURE_COUNT)
    for index in range(FIGURE_COUNT):
        figure = figures.nth(index)
        figure.scroll_into_view_if_needed()
        expect(figure).to_be_visible()
        box = figure.bounding_box()
        assert box and box["width"] > 200 and box["height"] > 80
        for click in figure.locator(".mk-click").all():
            style = click.evaluate(
                "e => { const s = getComputedStyle(e);"
                " return [s.outlineStyle, parseFloat(s.outlineWidth)]; }"
            )
            assert style[0] == "solid" and style[1] >= 2, "a red box must be drawn"
    icons = page.locator("figure .mk-icon")
    for icon in icons.all():
        drawn = icon.evaluate(
            "e => { const s = getComputedStyle(e, '::before'); const r = e.getBoundingClientRect();"
            " return [r.width, r.height, s.maskImage || s.webkitMaskImage]; }"
        )
        assert drawn[0] > 0 and drawn[1] > 0 and drawn[2].startswith("url("), drawn
    assert_no_console_errors(page)


def test_illustrations_follow_dark_mode(page: Page, site_url: str) -> None:
    def colours() -> list[str]:
        return page.locator("#illustration-poubelle").evaluate(
            "f => [getComputedStyle(f.querySelector('.mk-screen')).backgroundColor,"
            " getComputedStyle(f.querySelector('.mk-click')).outlineColor]"
        )

    page.emulate_media(color_scheme="dark")
    open_page(page, f"{site_url}/tutoriel/")
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "slate")
    dark = colours()
    page.locator('label[title="Passer en mode clair"]').click()
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "default")
    light = colours()
    assert light[0] != dark[0], "the mock-up background must follow the colour scheme"
    assert light[1] != dark[1], "the highlight must be re-tuned for dark backgrounds"
    assert_no_console_errors(page)


def test_highlights_are_announced_to_screen_readers(page: Page, site_url: str) -> None:
    open_page(page, f"{site_url}/tutoriel/")
    snapshot = page.locator("#illustration-formulaire").aria_snapshot()
    assert "Ajouter méthode (à cliquer)" in snapshot
    assert "L1CHIM231 LICENCE 1 CHIMIE (à choisir)" in snapshot
    caption = page.locator("#illustration-formulaire figcaption")
    expect(caption).to_contain_text("Synchronisation des cohortes")
    assert_no_console_errors(page)
