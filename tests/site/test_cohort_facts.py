"""Live cohort facts: ``sync-helper cohorts export`` against the simulator, then the site.

The export is produced by the CLI, as a subprocess, from the demo simulator over loopback
HTTP, after changing a few cohorts as a Moodle administrator would (one deleted, one hidden,
one emptied, one moved to a category, one renamed with markup). The site is then built from
that file with the simulator stopped and no token in the environment: the pages and the code
search's results must show what Moodle had, as text.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import Browser, Page, expect

from sync_helper.sim import SimServer
from tests.conftest import QUIET_ENV, ROOT, build_site
from tests.index.site_copy import write_site_config
from tests.site.browser_watch import executed, live_markup_problems, violations, watch
from tests.site.rendered_page import load_page, main_content
from tests.site.served_with_headers import serve_with_headers
from tests.site.test_accessibility import SCHEMES, serious_violations

pytestmark = pytest.mark.build

INSTITUTION = yaml.safe_load((ROOT / "institution.yml").read_text(encoding="utf-8"))
CATALOG = [ROOT / name for name in INSTITUTION["catalog"]]
DELETED, HIDDEN, EMPTIED, MOVED = "L1CHBV231", "L1HIST231", "L1PHYS231", "M1CHIM231"
RENAMED = "L1CHIM231"
HOSTILE_NAME = "<img src=x onerror=\"__pwned('cohort')\"><script>__pwned('name')</script>"


def run_cli(*args: str, url: str, token: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MOODLE_", "SYNC_HELPER_"))}
    env.update(MOODLE_URL=url, MOODLE_TOKEN=token, NO_COLOR="1")
    return subprocess.run(
        [sys.executable, "-m", "sync_helper", *args],
        capture_output=True, text=True, env=env, timeout=60, check=False,
    )  # fmt: skip


@dataclass(frozen=True)
class Export:
    path: Path
    tokens: list[str]
    members: dict[str, int]


@pytest.fixture(scope="module")
def export(tmp_path_factory: pytest.TempPathFactory) -> Export:
    path = tmp_path_factory.mktemp("export") / "cohortes-moodle.json"
    with SimServer.start(scenario="demo", port=0) as sim:
        site = sim.site
        by_code = {cohort.idnumber: cohort for cohort in site.cohorts.values()}
        del site.cohorts[by_code[DELETED].id]
        by_code[HIDDEN].visible = False
        by_code[EMPTIED].members = []
        by_code[MOVED].contextid = next(c.id for c in site.contexts.values() if c.level == 40)
        by_code[RENAMED].name = HOSTILE_NAME
        result = run_cli("cohorts", "export", str(path), url=sim.url, token=sim.tokens["admin"])
        assert result.returncode == 0, result.stderr
        assert f"to {path}" in result.stdout
        members = {code: len(c.members) for code, c in by_code.items() if code != DELETED}
        tokens = list(sim.tokens.values())
    return Export(path, tokens, members)  # the simulator is stopped before the site is built


@pytest.fixture(scope="module")
def site(export: Export, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("facts-site")
    config = write_site_config(folder, CATALOG, cohort_facts=str(export.path))
    return build_site(folder / "site", config=config)


def formation_block(site: Path, code: str) -> str:
    page = load_page(site / "codes" / "formations" / code / "index.html")
    blocks = main_content(page).find_all("div", "cohort-facts")
    assert len(blocks) == 1, code
    return blocks[0].text()


def test_export_file_holds_every_cohort_and_no_token(export: Export) -> None:
    text = export.path.read_text(encoding="utf-8")
    assert not any(token in text for token in export.tokens)
    data = json.loads(text)
    cohorts = {item["idnumber"]: item for item in data["cohorts"]}
    assert {code: item["members"] for code, item in cohorts.items()} == export.members
    assert DELETED not in cohorts
    assert cohorts[HIDDEN]["visible"] is False and cohorts[MOVED]["context"] == "category"
    assert cohorts["L1CHIM231"] == {
        **cohorts["L1CHIM231"],
        "members": 64,
        "visible": True,
        "context": "system",
    }


def test_formation_pages_show_what_moodle_has(site: Path) -> None:
    assert "64 membres" in formation_block(site, "L1CHIM231")
    assert "existe dans Moodle et compte 3 membres" in formation_block(site, "L1MATH231")
    assert "Aucune cohorte ne porte ce code" in formation_block(site, DELETED)
    assert "masquée" in formation_block(site, HIDDEN)
    assert "vide" in formation_block(site, EMPTIED)
    assert "catégorie de cours" in formation_block(site, MOVED)


def test_missing_page_lists_codes_no_cohort_carries(site: Path) -> None:
    page = main_content(load_page(site / "codes" / "absentes" / "index.html"))
    tables = page.find_all("table")
    assert len(tables) == 3
    codes = [[cell.text() for cell in t.find_all("code")] for t in tables]
    assert codes == [[DELETED], [HIDDEN], [EMPTIED]]


def test_search_data_carries_the_facts(site: Path) -> None:
    data = json.loads((site / "codes" / "search" / "cohorts.json").read_text(encoding="utf-8"))
    assert data["cohorts"][DELETED] is None
    assert data["cohorts"]["L1CHIM231"] == {"visible": True, "members": 64, "context": "system"}
    assert data["cohorts"][HIDDEN]["visible"] is False


def faq_links(site: Path, language: str = "") -> list[str | None]:
    faq = load_page(site / language / "faq-cohorte-absente" / "index.html")
    return [a.attrs.get("href") for a in main_content(faq).find_all("a")]


def test_faq_links_to_the_missing_page(site: Path) -> None:
    assert "../codes/absentes/" in faq_links(site)
    assert "../../codes/absentes/" in faq_links(site, "en")


def test_without_the_file_nothing_is_added(built_site: Path) -> None:
    page = load_page(built_site / "codes" / "formations" / "L1CHIM231" / "index.html")
    assert main_content(page).find_all("div", "cohort-facts") == []
    assert not (built_site / "codes" / "search" / "cohorts.json").exists()
    assert not (built_site / "codes" / "absentes").exists()
    index = (built_site / "codes" / "index.html").read_text(encoding="utf-8")
    assert "data-cohort-facts" not in index


def test_without_the_file_the_faq_says_how_to_enable_it(built_site: Path) -> None:
    for language, absent in (("", "../codes/absentes/"), ("en", "../../codes/absentes/")):
        links = faq_links(built_site, language)
        assert absent not in links
        assert "../donnees/#cohortes-moodle" in links, language
    faq = main_content(load_page(built_site / "faq-cohorte-absente" / "index.html")).text()
    assert "la liste des cohortes absentes de Moodle rassemble" in faq


@pytest.fixture(scope="module")
def site_url(site: Path) -> Iterator[str]:
    """The site with Moodle's facts, served with the production security headers."""
    server, url = serve_with_headers(site)
    yield url
    server.shutdown()


def members(count: int) -> str:
    return f"{count} membre{'s' if count > 1 else ''}" if count else "aucun membre"


def moodle_line(page: Page, url: str, code: str) -> str:
    """The « Dans Moodle » line of the first result for ``code`` (the formation itself)."""
    page.goto(f"{url}/codes/?q={code}")
    result = page.locator(".code-search-result").first
    expect(result.locator(".code-search-meta")).to_contain_text(code)
    line = result.locator(".code-search-moodle")
    expect(line).to_have_count(1)
    problem = "code-search-moodle-problem" in (line.get_attribute("class") or "")
    return ("! " if problem else "") + line.text_content()


@pytest.mark.browser
def test_search_results_say_what_moodle_has(page: Page, site_url: str, export: Export) -> None:
    dialogs = watch(page)
    n = export.members
    expected = {
        "L1CHIM231": "Dans Moodle\u202f: 64 membres",
        HIDDEN: f"! Dans Moodle\u202f: masquée, {members(n[HIDDEN])}",
        EMPTIED: "! Dans Moodle\u202f: aucun membre",
        DELETED: "! Absente de Moodle",
        MOVED: f"Dans Moodle\u202f: {members(n[MOVED])}, dans une catégorie de cours",
    }
    assert {code: moodle_line(page, site_url, code) for code in expected} == expected
    # The renamed cohort's markup: never in the page, never run.
    assert executed(page) == [] and dialogs == [] and violations(page) == []
    assert live_markup_problems(page) == []
    assert page.watch.console_errors == []


@pytest.mark.browser
def test_every_result_has_its_line(page: Page, site_url: str) -> None:
    page.goto(f"{site_url}/codes/?q=licence")
    results = page.locator(".code-search-result")
    expect(results.first).to_be_visible()
    expect(results.locator(".code-search-moodle")).to_have_count(results.count())


@pytest.mark.browser
def test_without_the_file_results_have_no_line_and_no_request(page: Page, built_site: Path) -> None:
    server, url = serve_with_headers(built_site)
    try:
        page.goto(f"{url}/codes/?q=L1CHIM231")
        expect(page.locator(".code-search-result").first).to_contain_text("L1CHIM231")
        page.wait_for_load_state("networkidle")
        assert page.locator(".code-search-moodle").count() == 0
    finally:
        server.shutdown()
    assert not [r for r in page.watch.requests if r.endswith("/cohorts.json")]
    assert page.watch.console_errors == []


@pytest.fixture(params=SCHEMES)
def schemed_page(request: pytest.FixtureRequest, browser: Browser) -> Iterator[Page]:
    context = browser.new_context(color_scheme=request.param)
    yield context.new_page()
    context.close()


@pytest.mark.browser
@pytest.mark.parametrize("path", ["/codes/?q=L1", "/codes/absentes/"])
def test_facts_are_readable_in_both_schemes(schemed_page: Page, site_url: str, path: str) -> None:
    schemed_page.goto(f"{site_url}{path}")
    schemed_page.wait_for_load_state("networkidle")
    if "?q=" in path:
        expect(schemed_page.locator(".code-search-moodle-problem").first).to_be_visible()
    assert serious_violations(schemed_page) == []


def test_a_bad_facts_file_fails_the_build_with_its_field(tmp_path: Path) -> None:
    bad = tmp_path / "cohorts.json"
    bad.write_text(
        json.dumps({"format": "sync-helper-cohort-facts", "version": 1, "moodle_url": "x",
                    "exported_at": "x", "cohorts": [{"id": 1, "idnumber": "A", "name": "A",
                                                     "visible": "yes", "context": "system",
                                                     "members": 1}]}),
        encoding="utf-8",
    )  # fmt: skip
    config = write_site_config(tmp_path, CATALOG, cohort_facts=str(bad))
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config),
         "--site-dir", str(tmp_path / "site")],
        capture_output=True, text=True, env={**os.environ, **QUIET_ENV}, check=False,
    )  # fmt: skip
    assert result.returncode != 0
    assert "$.cohorts[0].visible: expected bool, got 'yes'" in result.stderr
    assert "Traceback" not in result.stderr


def test_export_refused_leaves_no_file(tmp_path: Path) -> None:
    target = tmp_path / "cohorts.json"
    with SimServer.start(scenario="demo", port=0) as sim:
        result = run_cli("cohorts", "export", str(target), url=sim.url, token=sim.tokens["teacher"])
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert result.stderr.strip()
    assert list(tmp_path.iterdir()) == []
