"""Data is text, never markup: a site built from hostile labels, and bad data failing the build."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.conftest import QUIET_ENV, ROOT, build_site, serve_directory
from tests.index.catalogs import HOSTILE
from tests.index.site_copy import write_site_config

CATALOG = {
    "composantes": [{"code": "010", "label": HOSTILE}],
    "formations": [
        {
            "code_etape": "L1HOST",
            "version": "231",
            "label": HOSTILE,
            "composante": "010",
            "year": "2023",
            "elements": [{"code": "REHOST01", "label": f"Thermodynamique {HOSTILE}"}],
        }
    ],
}


def write_config(directory: Path, catalog: dict) -> Path:
    data = directory / "catalog.json"
    data.write_text(json.dumps(catalog, ensure_ascii=False), encoding="utf-8")
    return write_site_config(directory, [data])


def strict_build(config: Path, site: Path, *options: str) -> subprocess.CompletedProcess[str]:
    """A build expected to fail (``build_site`` would fail the test instead)."""
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            "--strict",
            *options,
            "-f",
            str(config),
            "-d",
            str(site),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, **QUIET_ENV},
        check=False,
    )


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("hostile")
    return build_site(directory / "site", config=write_config(directory, CATALOG))


@pytest.fixture(scope="module")
def hostile_url(hostile_site: Path) -> Iterator[str]:
    server, url = serve_directory(hostile_site)
    yield url
    server.shutdown()


@pytest.mark.build
@pytest.mark.parametrize(
    "path", ["codes/formations/L1HOST231/index.html", "codes/composantes/010/index.html"]
)
def test_generated_pages_escape_labels(hostile_site: Path, path: str) -> None:
    html = (hostile_site / path).read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &quot;quoted&quot; &amp;" in html
    assert "<script>alert" not in html
    assert "<img src=x" not in html


@pytest.mark.build
def test_search_data_keeps_labels_as_json_strings(hostile_site: Path) -> None:
    core = json.loads((hostile_site / "codes/search/core.json").read_text(encoding="utf-8"))
    assert core["label"] == [HOSTILE]


@pytest.mark.browser
def test_search_results_show_labels_as_text(page: Page, hostile_url: str) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(f"{hostile_url}/codes/?q=thermodynamique")
    result = page.locator(".code-search-result .code-search-title")
    expect(result).to_have_text(HOSTILE)
    why = page.locator(".code-search-result .code-search-via")
    expect(why).to_contain_text(f"Thermodynamique {HOSTILE} (REHOST01)")
    expect(why.locator("mark")).to_have_text(["Thermodynamique"])
    # Highlighting cuts the hostile title into text nodes and <mark>s, never markup.
    page.locator("#code-search-input").fill("script onerror img")
    expect(result.locator("mark")).to_have_text(["script", "script", "img", "onerror"])
    expect(result).to_have_text(HOSTILE)
    assert page.locator(".code-search-results img, .code-search-results script").count() == 0
    assert dialogs == []
    assert page.watch.console_errors == []


@pytest.mark.build
def test_bad_data_fails_the_build_with_every_problem_and_writes_nothing(tmp_path: Path) -> None:
    bad = json.loads(json.dumps(CATALOG))
    bad["formations"][0]["version"] = "23456"
    bad["formations"][0]["composante"] = "999"
    config = write_config(tmp_path, bad)
    site = tmp_path / "site"
    result = strict_build(config, site)
    assert result.returncode != 0
    output = result.stdout + result.stderr
    data = tmp_path / "catalog.json"
    assert f"{data}:$.formations[0].version: version:" in output
    assert f"{data}:$.formations[0].composante: composante:" in output
    assert "Traceback" not in output
    assert not site.exists()


@pytest.mark.build
@pytest.mark.parametrize("options", [(), ("-q",)], ids=["default", "quiet"])
def test_catalog_warnings_fail_the_strict_build_before_writing(
    tmp_path: Path, options: tuple[str, ...]
) -> None:
    other = {"composantes": [{"code": "010", "label": "Another label"}], "formations": []}
    (tmp_path / "other.json").write_text(json.dumps(other), encoding="utf-8")
    first = tmp_path / "catalog.json"
    first.write_text(json.dumps(CATALOG, ensure_ascii=False), encoding="utf-8")
    config = write_site_config(tmp_path, [first, tmp_path / "other.json"])
    site = tmp_path / "site"
    result = strict_build(config, site, *options)
    assert result.returncode != 0
    assert f"{tmp_path / 'other.json'}:$.composantes[0].label" in result.stderr
    assert "differs from its definition" in result.stderr
    assert "--strict: warnings fail" in result.stderr
    assert not site.exists()
