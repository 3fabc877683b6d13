"""The index in the built site (sample data): pages, downloads, navigation, both languages."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
import yaml

from tests.conftest import ROOT, build_site
from tests.index.site_copy import write_site_config

pytestmark = pytest.mark.build


def read(site: Path, path: str) -> str:
    return (site / path).read_text(encoding="utf-8")


def test_formation_page_has_cohort_copy_button_command_and_tutorial_link(
    built_site: Path,
) -> None:
    html = read(built_site, "codes/formations/L1CHIM231/index.html")
    assert "<title>L1CHIM231 — LICENCE 1 CHIMIE - " in html
    assert 'data-clipboard-text="L1CHIM231"' in html
    assert "<summary>Pour les administrateurs Moodle</summary>" in html
    assert (
        '<div class="command-builder" data-moodle-url="https://moodle.u-picardie.fr" '
        'data-codes="L1CHIM231" data-search="../../search/">'
    ) in html
    assert "sync-helper sync COURSE" not in html
    assert "RETHC01" in html and "Thermodynamique et cinétique" in html
    assert 'href="../../../tutoriel/#synchroniser-la-cohorte"' in html
    assert "code-index-shell" not in html
    assert not (built_site / "codes/formations/code-index-shell-page").exists()


def test_the_tutorial_step_the_formation_pages_link_to_exists(built_site: Path) -> None:
    assert 'id="synchroniser-la-cohorte"' in read(built_site, "tutoriel/index.html")


def test_example_formations_say_so(built_site: Path) -> None:
    core = json.loads(read(built_site, "codes/search/core.json"))
    example = core["code"][core["example"][0]]
    assert "Exemple — données fictives" in read(
        built_site, f"codes/formations/{example}/index.html"
    )
    assert "Exemple — données fictives" not in read(
        built_site, "codes/formations/L1CHIM231/index.html"
    )


def test_composante_pages_list_their_formations_without_javascript(built_site: Path) -> None:
    index = read(built_site, "codes/index.html")
    assert 'href="composantes/010/"' in index
    composante = read(built_site, "codes/composantes/010/index.html")
    assert 'href="../../formations/L1CHIM231/"' in composante


def test_downloads_list_every_formation(built_site: Path) -> None:
    core = json.loads(read(built_site, "codes/search/core.json"))
    text = (built_site / "codes/formations.csv").read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [row["code"] for row in rows] == core["code"]
    assert {row["example"] for row in rows} == {"oui", "non"}
    records = json.loads(read(built_site, "codes/formations.json"))
    assert [record["code"] for record in records] == core["code"]


def test_only_the_search_page_enters_the_navigation(built_site: Path) -> None:
    html = read(built_site, "index.html")
    primary = html[html.index("md-nav--primary") :]
    entry = re.search(r'href="codes/"[^>]*>\s*<span class="md-ellipsis">\s*([^<]*?)\s*<', primary)
    assert entry and entry.group(1) == "Trouver mon code"
    assert "codes/formations/" not in primary and "codes/composantes/" not in primary


def test_english_build_links_to_the_french_index_without_copying_it(built_site: Path) -> None:
    html = read(built_site, "en/index.html")
    primary = html[html.index("md-nav--primary") :]
    assert re.search(r'href="(\.\./)*codes/"', primary), "English nav leads to the index"
    assert not (built_site / "en/codes/formations").exists()
    assert not (built_site / "en/codes/search").exists()


def test_generated_pages_stay_out_of_materials_search_index(built_site: Path) -> None:
    index = json.loads(read(built_site, "search/search_index.json"))
    locations = [doc["location"] for doc in index["docs"]]
    assert any(location.startswith("tutoriel/") for location in locations)
    assert not [location for location in locations if location.startswith("codes/formations")]


def test_pages_and_links_follow_use_directory_urls_false(tmp_path: Path) -> None:
    institution = yaml.safe_load((ROOT / "institution.yml").read_text(encoding="utf-8"))
    config = write_site_config(tmp_path, [ROOT / name for name in institution["catalog"]])
    config.write_text(config.read_text(encoding="utf-8") + "\nuse_directory_urls: false\n")
    site = build_site(tmp_path / "site", config=config)
    page = read(site, "codes/formations/L1CHIM231.html")
    assert 'href="../../tutoriel.html#synchroniser-la-cohorte"' in page
    assert 'href="../composantes/010.html"' in page
    assert 'data-formation-url="formations/{code}.html"' in read(site, "codes/index.html")
    assert 'href="../formations/L1CHIM231.html"' in read(site, "codes/composantes/010.html")
