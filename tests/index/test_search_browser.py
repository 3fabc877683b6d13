"""'Trouver mon code' as a teacher uses it: in headless Chromium, over loopback HTTP.

The ``page`` fixture fails a test whose page contacted another host than 127.0.0.1; each test
also fails on any console error.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from sync_helper.catalog.search_words import edit_distance, near_miss, typo_budget, words
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


def type_in_header_search(page: Page, url: str, query: str) -> None:
    """Material's search box in the header, on a desktop-wide page."""
    page.set_viewport_size({"width": 1400, "height": 900})
    open_search(page, url)
    page.locator(".md-search__input").click()
    page.locator(".md-search__input").press_sequentially(query)


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
    type_in_header_search(page, f"{site_url}/tutoriel/", "cohorte")
    expect(page.locator(".md-search-result__item").first).to_be_visible()
    assert page.watch.console_errors == []


def test_formation_page_copies_the_cohort_code(page: Page, site_url: str) -> None:
    """The administrators' command is the builder's (tests/cli/test_command_builder.py)."""
    open_search(page, f"{site_url}/codes/formations/L1CHIM231/")
    page.locator(".code-index-cohort .code-index-copy").click()
    assert page.evaluate("navigator.clipboard.readText()") == "L1CHIM231"
    assert page.watch.console_errors == []


def test_results_say_why_with_the_matched_words_highlighted(page: Page, site_url: str) -> None:
    open_search(page, f"{site_url}/codes/?q=thermo")
    first = page.locator(RESULTS).first
    expect(first.locator(".code-search-cohort code")).to_have_text("L1CHIM231")
    why = first.locator(".code-search-via")
    expect(why).to_have_text("Trouvé\u202f: élément Thermodynamique et cinétique (RETHC01, S1)")
    expect(why.locator("mark")).to_have_text(["Thermodynamique"])
    type_query(page, "gestion beauvais")
    first = page.locator(RESULTS).first
    expect(first.locator(".code-search-cohort code")).to_have_text("BUTGEA231")
    expect(first.locator(".code-search-via")).to_have_text(
        "Trouvé\u202f: intitulé · composante / site"
    )
    expect(first.locator(".code-search-title mark")).to_have_text(["GESTION"])
    expect(first.locator(".code-search-meta mark")).to_have_text(["BEAUVAIS"])
    assert page.watch.console_errors == []


@pytest.mark.parametrize(
    ("query", "first"),
    [("L1 chimie", "L1CHIM231"), ("chimmie L1", "L1CHIM231"), ("L1CHIM", "L1CHIM231")],
)
def test_current_year_first_and_last_year_marked(
    page: Page, site_url: str, query: str, first: str
) -> None:
    open_search(page, f"{site_url}/codes/")
    type_query(page, query)
    expect(page.locator(RESULTS).first.locator(".code-search-cohort code")).to_have_text(first)
    old = page.locator(RESULTS, has=page.locator(".code-search-cohort code", has_text="L1CHIM221"))
    expect(old.locator(".code-search-year")).to_have_text("année précédente (2022)")
    expect(page.locator(RESULTS).first.locator(".code-search-year")).to_have_count(0)


def test_enter_opens_the_first_result(page: Page, site_url: str) -> None:
    open_search(page, f"{site_url}/codes/")
    type_query(page, "L1 chimie")
    expect(page.locator(RESULTS).first).to_contain_text("L1CHIM231")
    page.locator(BOX).press("Enter")
    expect(page).to_have_url(f"{site_url}/codes/formations/L1CHIM231/")
    assert page.watch.console_errors == []


def test_nothing_found_suggests_what_to_try(page: Page, site_url: str) -> None:
    open_search(page, f"{site_url}/codes/")
    hint = page.locator(".code-search-hint")
    expect(hint).to_be_hidden()
    type_query(page, "zzzzqqq")
    expect(page.locator(".code-search-status")).to_have_text("Aucune formation ne correspond.")
    expect(hint).to_be_visible()
    expect(hint).to_contain_text("L1CHIM")
    hint.locator("a").click()
    expect(page.locator("#par-composante")).to_be_in_viewport()
    type_query(page, "thermo")
    expect(hint).to_be_hidden()


def test_some_words_only_is_said(page: Page, site_url: str) -> None:
    open_search(page, f"{site_url}/codes/")
    type_query(page, "chimie amiens")
    expect(page.locator(".code-search-status")).to_contain_text("tous les mots ne sont pas trouvés")


@pytest.mark.parametrize(
    ("start", "query", "text"),
    [
        ("/tutoriel/", "L1CHIM231", "Chercher «\u202fL1CHIM231\u202f» dans les codes de formation"),
        ("/tutoriel/", "thermo", "Chercher «\u202fthermo\u202f» dans les codes de formation"),
        ("/en/tutoriel/", "L1 chimie", "Search « L1 chimie » in the formation codes (in French)"),
    ],
)
def test_header_search_leads_to_the_index(
    page: Page, site_url: str, start: str, query: str, text: str
) -> None:
    type_in_header_search(page, f"{site_url}{start}", query)
    link = page.locator(".code-search-header-link")
    expect(link).to_have_text(text)
    link.click()  # instant navigation: the page is swapped, not reloaded
    expect(page.locator(RESULTS).first.locator(".code-search-cohort code")).to_have_text(
        "L1CHIM231"
    )
    expect(page.locator(BOX)).to_have_value(query)
    assert page.watch.console_errors == []


def test_header_search_offers_no_index_link_for_prose(page: Page, site_url: str) -> None:
    type_in_header_search(page, f"{site_url}/tutoriel/", "cohorte")
    expect(page.locator(".md-search-result__item").first).to_be_visible()
    expect(page.locator(".code-search-header-link")).to_have_count(0)


@pytest.mark.parametrize(("start", "inside"), [("/tutoriel/", False), ("/en/tutoriel/", True)])
def test_prose_search_keeps_to_the_page_language(
    page: Page, site_url: str, start: str, inside: bool
) -> None:
    type_in_header_search(page, f"{site_url}{start}", "cohorte")
    expect(page.locator(".md-search-result__item:visible").first).to_be_visible()
    links = page.locator(".md-search-result__item:visible > a").evaluate_all(
        "(links) => links.map((link) => link.href)"
    )
    assert links
    assert all(("/en/" in link) == inside for link in links)


def test_element_tree_fits_a_phone(page: Page, site_url: str) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    open_search(page, f"{site_url}/codes/formations/L1CHIM231/")
    table = page.locator(".code-index-elements")
    assert table.evaluate("(t) => t.scrollWidth <= t.clientWidth + 1")
    visible = page.locator(".code-index-elements thead th:visible").all_inner_texts()
    assert visible == ["Élément", "Code", "Période", "ECTS"]
    code = page.locator(".code-index-elements td.code-index-code").first
    assert code.evaluate("(cell) => getComputedStyle(cell).whiteSpace") == "nowrap"


def contrast(page: Page, selector: str) -> float:
    """WCAG contrast ratio of an element's text on its own background colour."""
    return page.locator(selector).first.evaluate(
        """(node) => {
          const rgb = (c) => c.match(/[\\d.]+/g).slice(0, 3).map(Number);
          const lum = (c) => { const [r, g, b] = rgb(c).map((v) => { v /= 255;
            return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
            return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
          let back = node; let bg = getComputedStyle(back).backgroundColor;
          while (bg === "rgba(0, 0, 0, 0)" && back.parentElement) {
            back = back.parentElement; bg = getComputedStyle(back).backgroundColor; }
          const [a, b] = [lum(getComputedStyle(node).color), lum(bg)].sort((x, y) => y - x);
          return (a + 0.05) / (b + 0.05); }"""
    )


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_badges_and_outlined_buttons_are_readable(page: Page, site_url: str, scheme: str) -> None:
    page.emulate_media(color_scheme=scheme)
    open_search(page, f"{site_url}/codes/composantes/010/")
    assert contrast(page, ".code-index-example") >= 4.5
    open_search(page, f"{site_url}/")
    assert contrast(page, ".md-button:not(.md-button--primary)") >= 4.5


def test_composante_page_lists_its_antennes_formations(page: Page, site_url: str) -> None:
    open_search(page, f"{site_url}/codes/composantes/010/")
    expect(page.locator("h2", has_text="Antenne : UFR des Sciences - BEAUVAIS")).to_be_visible()
    expect(page.locator(".code-index-formations code", has_text="L1CHBV231")).to_have_count(1)


WORD_PAIRS = [
    ("chimie", "chimie"),
    ("chmiie", "chimie"),
    ("termodynamique", "thermodynamique"),
    ("psycolog", "psychologie"),
    ("abcdef", "ghijkl"),
    ("informatiuqe", "informatique"),
    ("", "abc"),
]


def test_browser_forgives_typos_like_python(page: Page, site_url: str) -> None:
    open_search(page, f"{site_url}/codes/")
    script = """(pairs) => pairs.map(([a, b]) => [window.codeSearch.typoBudget(a),
        window.codeSearch.editDistance(a, b, 2)])"""
    expected = [[typo_budget(a), edit_distance(a, b, 2)] for a, b in WORD_PAIRS]
    assert page.evaluate(script, WORD_PAIRS) == expected


# A query word and a word of the catalog: the edges of « its beginning, as typed so far ».
BEGUN_PAIRS = [
    ("thermmo", "thermodynamique"),  # cut one letter shorter than the query
    ("tehrmo", "thermodynamique"),  # cut at its length
    ("thrmo", "thermodynamique"),  # cut one letter longer
    ("tehrmi", "thermodynamique"),  # two slips
    ("francias", "francaise"),  # one letter longer
    ("francias", "francaises"),
    ("chimmi", "chimie"),  # as long as the query
    ("chmie", "chimie"),
    ("chimie", "chimie"),
    ("chim", "chimie"),  # under five letters: no typo forgiven
    ("psycolog", "psychologie"),
    ("scoiolgie", "sociologie"),  # nine letters: two edits
]


def test_browser_forgives_begun_words_like_python(page: Page, site_url: str) -> None:
    open_search(page, f"{site_url}/codes/")
    script = "(pairs) => pairs.map(([a, b]) => window.codeSearch.nearMiss(a, b))"
    expected = [near_miss(a, b) for a, b in BEGUN_PAIRS]
    assert expected == [True, True, True, False, True, True, True, True, False, False, True, True]
    assert page.evaluate(script, BEGUN_PAIRS) == expected
