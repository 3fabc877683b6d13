"""Generated pages compared whole with reviewed copies in ``tests/index/golden/``.

The other page tests check escaping and links; these pin everything a teacher reads (French
wording, the facts listed, the column order, numbers written « 1,5 ») and every class and data
attribute the site's scripts and styles rely on. A deliberate change is reviewed as a diff of
the golden file: ``UPDATE_GOLDEN=1 pytest tests/index/test_page_golden.py`` rewrites them.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from importlib import resources
from pathlib import Path

import pytest

from sync_helper.catalog.command_builder import WITHOUT_SCRIPT, admin_block, builder_element
from sync_helper.catalog.model import Catalog, Composante, Element, Formation
from sync_helper.catalog.page_shell import PageShell
from sync_helper.catalog.pages import SiteLinks, formation_page_body
from sync_helper.catalog.search import SearchSettings
from sync_helper.catalog.search_index import build_search_data
from sync_helper.catalog.search_words import Synonyms
from sync_helper.catalog.site_files import formation_pages, index_files
from tests.index.catalogs import chemistry_catalog

GOLDEN = Path(__file__).with_name("golden")
MOODLE = "https://moodle.example.fr"


def shell() -> PageShell:
    """A theme's page around the markers; its prose filter is French spacing, as the site's."""
    return PageShell.from_rendered(
        "<title>code-index-shell-title · Site</title>"
        '<link rel="canonical" href="/codes/formations/code-index-shell-page/">'
        "<article><h1>code-index-shell-body</h1></article>\n",
        prose=lambda html: html.replace(" :", "\u202f:"),
    )


def golden_catalog() -> Catalog:
    """The chemistry catalog with antennes, decimals and a deep tree.

    Also: a composante with no formation of its own but two antennes (one without a site), an
    antenne with no formation (not listed), a composante with no formation at all (no page).
    """
    catalog = chemistry_catalog()
    catalog.composantes["011"] = Composante("011", "UFR des Sciences", "010", "BEAUVAIS")
    catalog.composantes["013"] = Composante("013", "IUT de l'Oise", site="CREIL")
    catalog.composantes["014"] = Composante("014", "Antenne vide", "010", "SOISSONS")
    catalog.composantes["020"] = Composante("020", "INSPE")
    catalog.composantes["021"] = Composante("021", "INSPÉ Amiens", "020")
    catalog.composantes["022"] = Composante("022", "INSPE Beauvais", "020", "BEAUVAIS")
    deep = Element("OPT01", "Option", "OPT", "S2", 1.5, 12.5)
    for depth in range(9, 0, -1):
        deep = Element(f"LST{depth:02d}", f"Liste {depth}", "LIST", children=[deep])
    catalog.formations += [
        Formation("L1CHIB", "231", "LICENCE 1 CHIMIE BEAUVAIS", "011", "2023", 60),
        Formation("L1CHIM", "221", "LICENCE 1 CHIMIE", "010", "2022", elements=[deep]),
        Formation("L1CHIM", "241", "licence 1 chimie", "010", "2024", hours=0.5),
        Formation("M1MEEF", "231", "MASTER 1 MEEF", "021", "2023"),
        Formation("M2MEEF", "231", "MASTER 2 MEEF", "021", "2023"),
        Formation("M1MEEB", "231", "MASTER 1 MEEF BEAUVAIS", "022", "2023"),
    ]
    return catalog


def check(name: str, text: str) -> None:
    """``text`` must equal the golden file ``name``, or becomes it under ``UPDATE_GOLDEN``.

    Stored one tag a line, so that a reviewed change is a readable diff.
    """
    text = text.replace("><", ">\n<")
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        with path.open("w", encoding="utf-8", newline="") as golden:
            golden.write(text)
    with path.open(encoding="utf-8", newline="") as golden:
        expected = golden.read()
    assert text == expected, f"{name} changed; if intended, rerun with UPDATE_GOLDEN=1 and review"


def generated(links: SiteLinks) -> dict[str, str]:
    """The site's files for the golden catalog, built with Moodle's facts and URL."""
    catalog = golden_catalog()
    files = index_files(catalog, links, cohort_facts=True)
    facts: Callable[[Formation], str] = lambda f: f"<p>facts of {f.code}</p>"  # noqa: E731
    files.update(formation_pages(catalog, links, shell(), facts, MOODLE))
    return files


def generated_plain(links: SiteLinks) -> dict[str, str]:
    """The same without Moodle's facts and URL: every optional argument left out."""
    catalog = golden_catalog()
    return {**index_files(catalog, links), **dict(formation_pages(catalog, links, shell()))}


PAGES = {
    "codes/index.md": "index.md",
    "codes/composantes/010.md": "composante-010.md",
    "codes/composantes/012.md": "composante-012.md",
    "codes/composantes/020.md": "composante-020.md",
    "codes/formations.csv": "formations.csv",
    "codes/formations.json": "formations.json",
    "codes/formations/code-index-shell-page.md": "shell.md",
    "codes/formations/L1CHIM231/index.html": "formation-L1CHIM231.html",
    "codes/formations/L2CHIM231/index.html": "formation-L2CHIM231.html",
    "codes/formations/L1CHIM221/index.html": "formation-L1CHIM221.html",
    "codes/formations/L1CHIM241/index.html": "formation-L1CHIM241.html",
}


@pytest.mark.parametrize(("path", "name"), PAGES.items())
def test_generated_page_is_the_reviewed_one(path: str, name: str) -> None:
    check(name, generated(SiteLinks())[path])


def test_pages_without_directory_urls_or_moodle_link_to_html_files_and_omit_moodle() -> None:
    files = generated_plain(SiteLinks(use_directory_urls=False))
    assert "codes/formations/L1CHIM231.html" in files
    check("index-flat.md", files["codes/index.md"])
    check("formation-L1CHIM231-flat.html", files["codes/formations/L1CHIM231.html"])


def test_generated_files_are_the_index_downloads_search_data_and_pages() -> None:
    files = generated(SiteLinks())
    assert {path for path in files if not path.startswith("codes/search/")} == {
        "codes/composantes/010.md",
        "codes/composantes/011.md",
        "codes/composantes/012.md",
        "codes/composantes/020.md",
        "codes/composantes/021.md",
        "codes/composantes/022.md",
        "codes/formations.csv",
        "codes/formations.json",
        "codes/formations/L1CHIB231/index.html",
        "codes/formations/L1CHIM221/index.html",
        "codes/formations/L1CHIM231/index.html",
        "codes/formations/L1CHIM241/index.html",
        "codes/formations/L1LETM031/index.html",
        "codes/formations/M1MEEB231/index.html",
        "codes/formations/M1MEEF231/index.html",
        "codes/formations/M2MEEF231/index.html",
        "codes/formations/L2CHIM231/index.html",
        "codes/formations/code-index-shell-page.md",
        "codes/index.md",
    }


def test_search_data_is_the_catalogs_with_the_institutions_settings() -> None:
    catalog = golden_catalog()
    settings = SearchSettings(synonyms=Synonyms.from_settings({"meef": ["professorat"]}))
    files = index_files(catalog, SiteLinks(), settings)
    data = {
        f"codes/search/{name}": text for name, text in build_search_data(catalog, settings).items()
    }
    assert data and data.items() <= files.items()
    assert data != {f"codes/search/{n}": t for n, t in build_search_data(catalog).items()}


def test_builder_without_moodle_url_or_search_data_omits_those_attributes() -> None:
    assert '<div class="command-builder" data-codes="L1CHIM231">' in admin_block(
        "", ["L1CHIM231"], ""
    )
    assert builder_element("https://m.fr", ["A"]) == (
        '<div class="command-builder" data-moodle-url="https://m.fr" data-codes="A">'
        f"<p>{WITHOUT_SCRIPT}</p></div>"
    )


def script_data_attributes(script: str) -> set[str]:
    """``data-*`` attributes a script reads through ``element.dataset.name``."""
    text = resources.files("sync_helper.catalog.assets").joinpath(script).read_text()
    camel = set(re.findall(r"\.dataset\.([A-Za-z]+)", text))
    return {"data-" + re.sub(r"[A-Z]", lambda m: "-" + m.group().lower(), n) for n in camel}


@pytest.mark.parametrize(
    ("script", "page", "written_by_script"),
    [
        (
            "code-search.js",
            "codes/index.md",
            {"data-field", "data-ready", "data-code-index", "data-clipboard-text"},
        ),
        (
            "command-builder.js",
            "codes/formations/L1CHIM231/index.html",
            {"data-code", "data-ready", "data-clipboard-text"},
        ),
    ],
)
def test_pages_carry_the_data_attributes_their_script_reads(
    script: str, page: str, written_by_script: set[str]
) -> None:
    html = generated(SiteLinks())[page]
    on_page = set(re.findall(r'\s(data-[a-z-]+)="', html))
    assert script_data_attributes(script) - written_by_script <= on_page


def test_formation_body_numbers_are_written_the_french_way() -> None:
    catalog = golden_catalog()
    deep = formation_page_body(catalog.formations[4], catalog, SiteLinks())
    assert '<td class="code-index-number">1,5</td>' in deep
    assert '<td class="code-index-number code-index-detail">12,5</td>' in deep
