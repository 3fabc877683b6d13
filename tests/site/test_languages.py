"""Both languages as a reader switches between them, and what marks a page's language.

The switcher must land on the page being read in the other language, from any page (the
generated code index included) and after Material's instant navigation, which keeps the header
of the first page loaded.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import Page, expect

from tests.conftest import QUIET_ENV, ROOT
from tests.index.site_copy import write_site_config
from tests.site.rendered_page import Element, load_page
from tests.site.served_with_headers import serve_built_for_its_address

DOCS = ROOT / "docs"
INSTITUTION = yaml.safe_load((ROOT / "institution.yml").read_text(encoding="utf-8"))


def french_sources() -> list[Path]:
    return sorted(p for p in DOCS.rglob("*.md") if not p.name.endswith(".en.md"))


def switcher_links(document: Element) -> dict[str, str]:
    return {
        link.attrs["hreflang"]: link.attrs["href"]
        for link in document.find_all("a", "md-select__link")
    }


def test_every_french_page_has_its_english_translation() -> None:
    """An untranslated page would be built under /en/ in French, marked lang="en"."""
    missing = [
        p.relative_to(DOCS).as_posix()
        for p in french_sources()
        if not p.with_name(p.name.removesuffix(".md") + ".en.md").is_file()
    ]
    assert missing == []


@pytest.mark.build
def test_english_pages_are_english(built_site: Path) -> None:
    donnees = load_page(built_site / "en" / "donnees" / "index.html")
    assert donnees.find("html").attrs["lang"] == "en"
    assert donnees.find("h1").text() == "Code index data"


def resolve(site: Path, page: Path, url: str) -> Path:
    """The file a link of ``page`` leads to (``…/`` means its ``index.html``)."""
    path = url.split("#")[0]
    target = site / path.lstrip("/") if path.startswith("/") else page.parent / path
    target = target.resolve()
    return target / "index.html" if target.is_dir() else target


@pytest.mark.build
def test_every_page_switches_to_itself_in_the_other_language(built_site: Path) -> None:
    for source in french_sources():
        stem = source.relative_to(DOCS).as_posix().removesuffix(".md").removesuffix("index")
        french = built_site / stem / "index.html"
        english = built_site / "en" / stem / "index.html"
        for page, own, lang, other in [
            (french, "fr", "en", english),
            (english, "en", "fr", french),
        ]:
            links = switcher_links(load_page(page))
            assert resolve(built_site, page, links[lang]) == other.resolve(), (page, lang)
            assert resolve(built_site, page, links[own]) == page.resolve(), (page, own)


@pytest.mark.build
def test_generated_french_only_pages_lead_to_the_english_tutorial_step(built_site: Path) -> None:
    pages = [*built_site.glob("codes/**/index.html"), built_site / "codes" / "index.html"]
    assert len(pages) > 40
    for page in pages:
        target = switcher_links(load_page(page))["en"]
        resolved = (page.parent / target.split("#")[0]).resolve()
        assert resolved == (built_site / "en" / "tutoriel").resolve(), page
        assert target.endswith("#synchroniser-la-cohorte")


@pytest.mark.build
def test_not_found_pages_speak_their_language(built_site: Path) -> None:
    root = load_page(built_site / "404.html")
    assert root.find("html").attrs["lang"] == "fr"
    assert root.find("h1").text() == "Page introuvable"
    english = load_page(built_site / "en" / "404.html")
    assert english.find("html").attrs["lang"] == "en"
    assert english.find("h1").text() == "Page not found"


@pytest.mark.build
def test_footer_is_in_the_page_language(built_site: Path) -> None:
    for path, expected, other in [
        ("tutoriel/index.html", "Site réalisé avec", "Made with"),
        ("codes/formations/L1CHIM231/index.html", "Site réalisé avec", "Made with"),
        ("404.html", "Site réalisé avec", "Made with"),
        ("en/tutoriel/index.html", "Made with", "Site réalisé avec"),
    ]:
        footer = load_page(built_site / path).find("div", "md-copyright").text()
        assert expected in footer and other not in footer, path


@pytest.mark.build
@pytest.mark.parametrize("page", ["tutoriel/index.html", "en/role/index.html", "404.html"])
def test_logo_and_favicon_are_the_institutions(built_site: Path, page: str) -> None:
    document = load_page(built_site / page)
    logo = document.find("a", "md-logo").find("img")
    icon = next(link for link in document.find_all("link") if link.attrs.get("rel") == "icon")
    for key, url in [("logo", logo.attrs["src"]), ("favicon", icon.attrs["href"])]:
        served = resolve(built_site, built_site / page, url)
        assert served.read_bytes() == (ROOT / INSTITUTION[key]).read_bytes(), key
    assert logo.attrs["alt"] == INSTITUTION["name"]


@pytest.fixture(scope="module")
def instant_site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The site built for the address it is served at, so instant navigation really runs."""
    server, url = serve_built_for_its_address(tmp_path_factory.mktemp("instant"), headers=False)
    yield url
    server.shutdown()


def open_page(page: Page, url: str) -> None:
    page.goto(url)
    page.wait_for_load_state("networkidle")
    page.evaluate("window.loadedOnce = true")  # gone after a full page load


def follow_nav(page: Page, name: str, url: str) -> None:
    page.locator(".md-nav--primary").get_by_role("link", name=name, exact=True).click()
    expect(page).to_have_url(url)
    assert page.evaluate("window.loadedOnce") is True, "instant navigation did not run"


def switch_language(page: Page, name: str) -> None:
    page.locator(".md-select").hover()
    page.get_by_role("link", name=name, exact=True).click()
    page.wait_for_load_state("networkidle")


@pytest.mark.browser
def test_switcher_follows_instant_navigation(page: Page, instant_site_url: str) -> None:
    site = instant_site_url
    page.set_viewport_size({"width": 1400, "height": 900})  # navigation sidebar shown
    open_page(page, f"{site}/tutoriel/")
    follow_nav(page, "Choisir le rôle", f"{site}/role/")
    switch_language(page, "English")
    expect(page).to_have_url(f"{site}/en/role/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    open_page(page, f"{site}/en/role/")
    follow_nav(page, "Adding to a group", f"{site}/en/groupe/")
    switch_language(page, "Français")
    expect(page).to_have_url(f"{site}/groupe/")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    assert page.watch.console_errors == []


@pytest.mark.browser
@pytest.mark.parametrize("path", ["codes/", "codes/formations/L1CHIM231/"])
def test_switcher_from_the_french_only_code_index(
    page: Page, instant_site_url: str, path: str
) -> None:
    """Material's own handler would send these to the English home page."""
    open_page(page, f"{instant_site_url}/{path}")
    switch_language(page, "English")
    expect(page).to_have_url(f"{instant_site_url}/en/tutoriel/#synchroniser-la-cohorte")
    assert page.watch.console_errors == []


@pytest.mark.build
def test_a_missing_logo_fails_the_build_naming_the_setting(tmp_path: Path) -> None:
    catalog = [ROOT / name for name in INSTITUTION["catalog"]]
    config = write_site_config(tmp_path, catalog, logo=str(tmp_path / "absent.svg"))
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config),
         "--site-dir", str(tmp_path / "site")],
        capture_output=True, text=True, env={**os.environ, **QUIET_ENV}, check=False,
    )  # fmt: skip
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert f"logo: no such file: {tmp_path / 'absent.svg'}" in result.stderr
