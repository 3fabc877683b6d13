"""A site built from hostile catalog data and a hostile ``institution.yml`` runs none of it.

Every label, name and Moodle cohort name below tries markup, event handlers, ``javascript:``
URLs (raw and as Markdown links) and template placeholders; each one calls ``__pwned`` (defined
by the test, tests/site/browser_watch.py) if it ever runs. Every HTML page of the build is
loaded in Chromium, served with and without the site's Content-Security-Policy, then the
searches are used the way a visitor would, and the downloads are opened.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import Page, expect

from tests.conftest import build_site, serve_directory
from tests.index.site_copy import write_site_config
from tests.site.browser_watch import executed, live_markup_problems, violations, watch
from tests.site.served_with_headers import serve_with_headers


def hostile(where: str) -> str:
    """A value trying every way to run ``__pwned(where)``."""
    call = f"__pwned('{where}')"
    return (
        f'Chimie <script>{call}</script><img src=x onerror="{call}"><svg onload="{call}">'
        f'"><b onclick="{call}">b</b>[l](javascript:{call}) javascript:{call} '
        "{{ institution.support.email }} {% raw %}"
    )


CATALOG = {
    "composantes": [{"code": "099", "label": hostile("composante")}],
    "formations": [
        {
            "code_etape": "L1HOST",
            "version": "231",
            "label": hostile("formation"),
            "composante": "099",
            "year": "2023",
            "elements": [{"code": "REHOST01", "label": hostile("element")}],
        },
        {
            "code_etape": "L2HOST",
            "version": "231",
            "label": hostile("absente"),
            "composante": "099",
            "year": "2023",
        },
    ],
}
COHORTS = {
    "format": "sync-helper-cohort-facts",
    "version": 1,
    "moodle_url": "https://moodle.example.org",
    "exported_at": "2026-09-01T08:00:00+00:00",
    "cohorts": [
        {
            "id": 7,
            "idnumber": "L1HOST231",
            "name": hostile("cohorte"),
            "visible": True,
            "context": "system",
            "members": 12,
        }
    ],
}
INSTITUTION = {
    "name": hostile("name"),
    "short_name": hostile("short_name"),
    "moodle_name": hostile("moodle_name"),
    "support": {
        "name": hostile("support"),
        "email": "sip@u-picardie.fr",
        "le": hostile("le"),
        "au": f"[É](javascript:__pwned('link')) {hostile('au')}",
        "du": hostile("du"),
        "the": hostile("the"),
    },
}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("hostile-site")
    (directory / "catalog.json").write_text(json.dumps(CATALOG), encoding="utf-8")
    (directory / "cohorts.json").write_text(json.dumps(COHORTS), encoding="utf-8")
    config = write_site_config(
        directory,
        [directory / "catalog.json"],
        cohort_facts=str(directory / "cohorts.json"),
        **INSTITUTION,
    )
    assert (
        yaml.safe_load((directory / "institution.yml").read_text())["name"] == INSTITUTION["name"]
    )
    return build_site(directory / "site", config=config)


@pytest.fixture(scope="module", params=["with-csp", "without-csp"])
def url(request: pytest.FixtureRequest, site: Path) -> Iterator[str]:
    serve = serve_with_headers if request.param == "with-csp" else serve_directory
    server, base = serve(site)
    yield base
    server.shutdown()


def site_paths(site: Path) -> list[str]:
    """Every page of the build as a visitor asks for it, the 404 pages included."""
    paths = [f"/{path.relative_to(site).as_posix()}" for path in sorted(site.rglob("*.html"))]
    return [path.removesuffix("index.html") for path in paths]


def problems(page: Page, dialogs: list[str]) -> list[str]:
    return [
        *(f"ran {what}" for what in executed(page)),
        *(f"dialog {message}" for message in dialogs),
        *(f"CSP violation {report}" for report in violations(page)),
        *live_markup_problems(page),
    ]


@pytest.mark.browser
def test_no_page_runs_hostile_values(page: Page, site: Path, url: str) -> None:
    dialogs = watch(page)
    failures: dict[str, list[str]] = {}
    paths = site_paths(site)
    assert {"/", "/404.html", "/en/404.html", "/codes/formations/L1HOST231/"} <= set(paths)
    for path in paths:
        page.goto(f"{url}{path}")
        page.wait_for_load_state("networkidle")
        if found := problems(page, dialogs):
            failures[path] = found
    assert failures == {}
    assert page.watch.console_errors == []


@pytest.mark.browser
def test_values_are_shown_as_text(page: Page, url: str) -> None:
    page.goto(f"{url}/codes/formations/L1HOST231/")
    expect(page.locator("h1")).to_contain_text("<script>__pwned('formation')</script>")
    expect(page.locator("main")).to_contain_text("{{ institution.support.email }}")
    expect(page.locator("[data-cohort-facts]")).to_contain_text("compte 12 membres")
    page.goto(f"{url}/codes/absentes/")
    expect(page.locator("main")).to_contain_text("L2HOST231")
    page.goto(f"{url}/faq-cohorte-absente/")
    expect(page.locator("main")).to_contain_text("[É](javascript:__pwned('link'))")


@pytest.mark.browser
def test_searches_and_highlighting_run_nothing(page: Page, url: str) -> None:
    dialogs = watch(page)
    page.goto(f"{url}/codes/?q=chimie")
    results = page.locator(".code-search-result")
    expect(results.first).to_be_visible()
    for query in ("script onerror img", "pwned javascript", "svg onload b", "institution config"):
        page.locator("#code-search-input").fill(query)
        expect(results.first.locator("mark").first).to_be_visible()
        assert problems(page, dialogs) == [], query
    page.goto(f"{url}/faq-cohorte-absente/")
    page.locator(".md-search__input").click()
    page.locator(".md-search__input").press_sequentially("L1HOST231")
    header_link = page.locator("a", has_text="dans les codes de formation")
    expect(header_link).to_be_visible()
    header_link.click()
    expect(page.locator(".code-search-result").first).to_contain_text("L1HOST231")
    assert problems(page, dialogs) == []


@pytest.mark.browser
def test_clicking_every_link_runs_nothing(page: Page, url: str) -> None:
    dialogs = watch(page)
    for path in ("/", "/tutoriel/", "/codes/formations/L1HOST231/", "/codes/composantes/099/"):
        page.goto(f"{url}{path}")
        hrefs = page.eval_on_selector_all("main a[href]", "links => links.map(a => a.href)")
        assert not [href for href in hrefs if not href.startswith(("http", "mailto:"))], path
        assert problems(page, dialogs) == [], path


@pytest.mark.browser
@pytest.mark.parametrize(
    ("path", "kind"),
    [("/codes/formations.json", "application/json"), ("/codes/formations.csv", "text/csv")],
)
def test_downloads_are_data(page: Page, url: str, path: str, kind: str) -> None:
    dialogs = watch(page)
    response = page.request.get(f"{url}{path}")
    assert response.headers["content-type"].split(";")[0] == kind
    assert "__pwned('formation')" in response.text()
    try:
        page.goto(f"{url}{path}")
    except Exception as error:
        assert "Download is starting" in str(error)
    assert problems(page, dialogs) == []
