"""How the site names its support service and shows links, as a French reader meets them.

The service's name takes its article (« écrivez au Service… », never « à Service »), from the
phrase forms kept in ``institution.yml``; its address is a ``mailto:`` link; links in running
text are underlined (axe rule ``link-in-text-block``), in both colour schemes.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

from tests.conftest import ROOT
from tests.site.rendered_page import Element, load_page, main_content

SUPPORT = yaml.safe_load((ROOT / "institution.yml").read_text(encoding="utf-8"))["support"]
PROSE_PAGES = ["", "tutoriel/", "faq-cohorte-absente/", "desactiver/", "role/", "outil/"]


def all_pages(site: Path) -> list[tuple[str, Element]]:
    return [(p.relative_to(site).as_posix(), load_page(p)) for p in sorted(site.rglob("*.html"))]


@pytest.mark.build
def test_support_name_always_takes_its_article(built_site: Path) -> None:
    bare = re.compile(rf"\b(?:à|de|À|De)\s+{re.escape(SUPPORT['name'])}")
    for name, document in all_pages(built_site):
        assert not bare.search(document.text()), name
    faq = load_page(built_site / "faq-cohorte-absente" / "index.html").text()
    assert f"Écrivez {SUPPORT['au']}" in faq and f"demandez {SUPPORT['au']}" in faq


@pytest.mark.build
def test_support_address_is_always_a_mailto_link(built_site: Path) -> None:
    shown = 0
    for name, document in all_pages(built_site):
        for element in main_content(document).iter() if document.find_all("article") else []:
            own_text = "".join(c for c in element.children if isinstance(c, str))
            if SUPPORT["email"] in own_text:
                shown += 1
                assert element.tag == "a", f"{name}: address shown as plain text"
                assert element.attrs["href"] == f"mailto:{SUPPORT['email']}", name
    assert shown >= 8


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_links_in_running_text_are_distinguishable(page: Page, site_url: str, scheme: str) -> None:
    axe = Axe()
    page.emulate_media(color_scheme=scheme)
    for path in [*PROSE_PAGES, *(f"en/{p}" for p in PROSE_PAGES)]:
        page.goto(f"{site_url}/{path}")
        page.wait_for_load_state("networkidle")
        results = axe.run(page, options={"runOnly": ["link-in-text-block"]})
        assert results.violations_count == 0, f"/{path}: {results.generate_report()}"
    page.goto(f"{site_url}/")
    underline = page.locator("article p a[href^='mailto:']").evaluate(
        "a => getComputedStyle(a).textDecorationLine"
    )
    assert underline == "underline"
