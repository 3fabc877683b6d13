"""'Trouver mon code' as a teacher uses it: in headless Chromium, over loopback HTTP.

The ``page`` fixture fails a test whose page contacted another host than 127.0.0.1; each test
also fails on any console error.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from sync_helper.catalog.search_index import words
from sync_helper.catalog.text import fold

pytestmark = pytest.mark.browser

RESULTS = ".code-search-result"
BOX = "#code-search-input"
# Strings where naive folding goes wrong: ligatures, precomposed and combining accents, dotted
# capital I, German sharp s, compatibility forms (ﬁ, superscript), non-breaking spaces, Greek.
TRICKY = [
    "Méthodes",
    "ŒNOLOGIE et Æsthétique",
    "Cine\u0301tique",
    "İstanbul",
    "Straße",
    "ﬁlière XIXᵉ",
    "A\u00a0B\u202fC",
    "ΟΔΥΣΣΕΥΣ",
    "Ångström l'été — L1CHIM-4",
    "x²",
]


def open_search(page: Page, url: str) -> None:
    page.goto(url)
    page.wait_for_load_state("networkidle")


def type_query(page: Page, query: str) -> None:
    page.locator(BOX).fill("")
    page.locator(BOX).press_sequentially(query)


def result_codes(page: Page) -> list[str]:
    return page.locator(f"{RESULTS} .code-search-cohort code").all_inner_texts()


@pytest.mark.parametrize(
    ("query", "best_rank"),
    [("thermo", 1), ("methodes", 6), ("RETHC01", 1), ("CHIM231", 4), ("cinetique", 1)],
)
def test_typing_finds_l1chim231(page: Page, site_url: str, query: str, best_rank: int) -> None:
    open_search(page, f"{site_url}/codes/")
    type_query(page, query)
    expect(page.locator(RESULTS).first).to_be_visible()
    expect(page.locator(f"{RESULTS} .code-search-cohort code", has_text="L1CHIM231")).to_have_count(
        1
    )
    assert "L1CHIM231" in result_codes(page)[:best_rank]
    assert page.watch.console_errors == []


def test_a_search_file_that_fails_to_load_is_said_and_fetched_again(
    page: Page, site_url: str
) -> None:
    shard = re.compile(r"/codes/search/s\d+\.json$")
    open_search(page, f"{site_url}/codes/")
    page.route(shard, lambda route: route.abort())
    type_query(page, "thermo")
    expect(page.locator(".code-search-status")).to_contain_text("n'a pas pu être chargée")
    page.unroute(shard)
    page.locator(BOX).press_sequentially("d")
    expect(page.locator(f"{RESULTS} .code-search-cohort code", has_text="L1CHIM231")).to_have_count(
        1
    )


def test_copy_button_puts_exactly_the_cohort_code_in_the_clipboard(
    page: Page, site_url: str
) -> None:
    open_search(page, f"{site_url}/codes/?q=RETHC01")
    button = page.locator(f"{RESULTS} .code-index-copy").first
    expect(button).to_have_attribute("data-clipboard-text", "L1CHIM231")
    button.click()
    assert page.evaluate("navigator.clipboard.readText()") == "L1CHIM231"
    assert page.watch.console_errors == []


def test_deep_link_and_the_address_follows_the_query(page: Page, site_url: str) -> None:
    open_search(page, f"{site_url}/codes/?q=L1CHIM")
    expect(page.locator(BOX)).to_have_value("L1CHIM")
    expect(page.locator(RESULTS).first).to_contain_text("L1CHIM")
    type_query(page, "thermodynamique")
    expect(page).to_have_url(f"{site_url}/codes/?q=thermodynamique")
    assert page.watch.console_errors == []


def test_keyboard_only(page: Page, site_url: str) -> None:
    open_search(page, f"{site_url}/codes/")
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "code-search-input":
            break
    else:
        pytest.fail("Tab never reached the search box")
    page.keyboard.type("RETHC01")
    expect(page.locator(RESULTS)).to_have_count(1)
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.classList.contains('code-search-link')")
    page.keyboard.press("Tab")
    assert "code-index-copy" in page.evaluate("document.activeElement.className")
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{site_url}/codes/formations/L1CHIM231/")
    expect(page.locator("h1")).to_contain_text("LICENCE 1 CHIMIE")
    assert page.watch.console_errors == []


def test_focus_is_visible_on_results(page: Page, site_url: str) -> None:
    open_search(page, f"{site_url}/codes/?q=L1CHIM231")
    page.locator(BOX).focus()
    page.keyboard.press("ArrowDown")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("", "none")


def test_search_starts_after_instant_navigation(page: Page, site_url: str) -> None:
    page.set_viewport_size({"width": 1400, "height": 900})  # navigation sidebar shown
    open_search(page, f"{site_url}/")
    page.locator("a[href$='codes/']:visible").first.click()
    expect(page).to_have_url(f"{site_url}/codes/")
    type_query(page, "thermo")
    expect(page.locator(RESULTS).first).to_contain_text("LICENCE 1 CHIMIE")
    assert page.watch.console_errors == []


def test_browser_folds_and_splits_words_like_python(page: Page, site_url: str) -> None:
    open_search(page, f"{site_url}/codes/")
    folded = page.evaluate("(texts) => texts.map(window.codeSearch.fold)", TRICKY)
    assert folded == [fold(text) for text in TRICKY]
    split = page.evaluate(
        "(texts) => texts.map((t) => window.codeSearch.words(window.codeSearch.fold(t)))", TRICKY
    )
    assert split == [words(fold(text)) for text in TRICKY]


def test_materials_own_search_still_finds_prose_pages(page: Page, site_url: str) -> None:
    page.set_viewport_size({"width": 1400, "height": 900})
    open_search(page, f"{site_url}/tutoriel/")
    page.locator(".md-search__input").click()
    page.locator(".md-search__input").press_sequentially("cohorte")
    expect(page.locator(".md-search-result__item").first).to_be_visible()
    assert page.watch.console_errors == []


def test_formation_page_copies_the_cohort_code_and_the_command(page: Page, site_url: str) -> None:
    open_search(page, f"{site_url}/codes/formations/L1CHIM231/")
    page.locator(".code-index-cohort .code-index-copy").click()
    assert page.evaluate("navigator.clipboard.readText()") == "L1CHIM231"
    page.locator(".highlight .md-code__button[data-md-type=copy]").click()
    command = page.evaluate("navigator.clipboard.readText()")
    assert command == "sync-helper sync COURSE L1CHIM231 --role student"
    assert page.watch.console_errors == []
