"""Accent folding covers every combining mark, above U+030F too (« française »: U+0327).

A fold narrowed to U+0300–U+030F kept the cedilla, so « francaise » no longer found
« française »; no test used a mark past U+030F. Python and the browser are checked alike.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from playwright.sync_api import Page

from sync_helper.catalog.load import load_catalog
from sync_helper.catalog.search import search_catalog
from sync_helper.catalog.text import fold
from sync_helper.institution import load_institution
from tests.index.test_search_browser import open_search, result_codes, type_query

ROOT = Path(__file__).resolve().parents[2]
# Every combining diacritical mark, on a letter; and real words whose accents NFKD splits
# into marks past U+030F: cedilla (U+0327), ogonek (U+0328), dot below (U+0323), macron
# below (U+0331), horn (U+031B).
MARKED = [f"a{chr(mark)}" for mark in range(0x0300, 0x0370)]
WORDS = ["française", "Ça", "Łódź ąę", "Việt", "ḏ", "ơ", "Noël", "Ångström"]


def test_fold_removes_every_combining_mark() -> None:
    assert [fold(text) for text in MARKED] == ["a"] * len(MARKED)
    assert fold(unicodedata.normalize("NFC", "française")) == "francaise"


def test_fold_francaise() -> None:
    assert fold("française") == "francaise"
    assert fold("Ça") == "ca"
    assert fold("Việt") == "viet"


@pytest.mark.browser
def test_browser_fold_matches_python_past_u030f(page: Page, site_url: str) -> None:
    open_search(page, f"{site_url}/codes/")
    texts = MARKED + WORDS
    folded = page.evaluate("(texts) => texts.map(window.codeSearch.fold)", texts)
    assert folded == [fold(text) for text in texts]


@pytest.mark.browser
def test_typing_francaise_finds_francaise_like_the_cli(page: Page, site_url: str) -> None:
    institution = load_institution(ROOT / "institution.yml")
    catalog = load_catalog(institution.catalog_files, institution.cohort_code_template)
    expected = [
        match.formation.cohort_code(catalog.cohort_template)
        for match in search_catalog(catalog, "litterature francaise", 30)
    ]
    assert expected, "the sample data has « Littérature française » elements"
    open_search(page, f"{site_url}/codes/")
    type_query(page, "litterature francaise")
    page.wait_for_selector(".code-search-result")
    assert result_codes(page)[: len(expected)] == expected
