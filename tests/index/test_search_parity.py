"""The CLI's search ranks exactly like the site's: same formations, same order, same count.

The site's search box (headless Chromium, real site built from the sample data) is the
reference; ``search_catalog`` runs on the catalog loaded from the same ``institution.yml``.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import quote

import pytest
from playwright.sync_api import Page

from sync_helper.catalog.load import load_catalog
from sync_helper.catalog.search import CatalogSearch, SearchSettings
from sync_helper.institution import load_institution
from tests.index.relevance import SAMPLE_RELEVANCE
from tests.index.test_search_browser import BOX, RESULTS, open_search, result_codes, type_query

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
QUERIES = [
    "thermo",
    "thermodynamique",
    "methodes",
    "MÉTHODES calcul",
    "cinetique",
    "RETHC01",
    "rethc",
    "CHIM231",
    "L1CHIM",
    "L1CHIM231",
    "L1CHIM 231",
    "Thermodynamique et cinétique",
    "chimie beauvais",
    "CHJ3101",  # an element of the EXAMPLE formation L2CHIM231
    "Méthodes de calcul en chimie",
    "UE Fondamentaux semestre 1",
    "histoire de la musique",
    "de la",
    "l",
    "ue",
    "1",
    "-",
    "zzzzqqq",
    "licence",
    "L2 psycho",
    "chimie amiens",
    "<script>",
    "littérature francias",  # a typo, and « française » one letter longer than the word
    "chimmi",  # « chimie » being typed, one letter twice
    *(query for query, _expected in SAMPLE_RELEVANCE),
]
# Every shard the page asked for has arrived: the last render saw all the data it needs.
SHARDS_SETTLED = """() => {
  const search = document.querySelector(".code-search").codeSearch;
  return Boolean(search) && search.idle();
}"""


@pytest.fixture(scope="module")
def sample() -> CatalogSearch:
    institution = load_institution(ROOT / "institution.yml")
    catalog = load_catalog(institution.catalog_files, institution.cohort_code_template)
    return CatalogSearch(catalog, SearchSettings.from_institution(institution.values))


def shown_count(status: str) -> int:
    """How many formations the status line says matched (it may show only the first 30)."""
    counted = re.match(r"(\d+) formations?\b", status)
    return int(counted.group(1)) if counted else 0


@pytest.mark.parametrize("query", QUERIES)
def test_cli_search_ranks_like_the_site(
    page: Page, site_url: str, sample: CatalogSearch, query: str
) -> None:
    open_search(page, f"{site_url}/codes/")
    type_query(page, query)
    page.wait_for_function(SHARDS_SETTLED)
    assert page.locator(BOX).input_value() == query
    status = page.locator(".code-search-status").inner_text()
    on_site = result_codes(page)
    assert page.locator(RESULTS).count() == len(on_site)

    found = sample.search(query)
    in_cli = [match.formation.code for match in found]
    assert in_cli[: len(on_site)] == on_site
    assert len(found) == shown_count(status), status
    assert page.watch.console_errors == []


@pytest.mark.parametrize(("query", "expected"), SAMPLE_RELEVANCE)
def test_the_site_answers_the_relevance_table(
    page: Page, site_url: str, query: str, expected: str
) -> None:
    open_search(page, f"{site_url}/codes/?q={quote(query)}")
    page.wait_for_function(SHARDS_SETTLED)
    assert result_codes(page)[:1] == [expected]


def test_parity_queries_cover_every_outcome(sample: CatalogSearch) -> None:
    """The list above exercises truncation (more than 30), a single hit and no hit at all."""
    counts = [len(sample.search(query)) for query in QUERIES]
    assert max(counts) > 30
    assert 1 in counts
    assert 0 in counts
