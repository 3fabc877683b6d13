"""Generated pages as HTML: escaping of data, links between pages, the page shell."""

from __future__ import annotations

import re
from html import escape

import pytest
import yaml

from sync_helper.catalog.command_builder import builder_element
from sync_helper.catalog.model import Composante
from sync_helper.catalog.page_shell import BODY, PAGE, TITLE, PageShell, ShellError
from sync_helper.catalog.pages import (
    SHELL_PAGE,
    SiteLinks,
    formation_page_body,
    formation_page_title,
    render_composante_page,
    render_index_page,
    render_shell_page,
)
from sync_helper.catalog.site_files import formation_pages, index_files
from tests.index.catalogs import HOSTILE, chemistry_catalog

LINKS = SiteLinks()


def test_formation_page_shows_what_a_teacher_copies() -> None:
    catalog = chemistry_catalog()
    body = formation_page_body(catalog.formations[0], catalog, LINKS, moodle_url="https://m.fr")
    assert 'data-clipboard-text="L1CHIM231"' in body
    # The command is for administrators: folded away, built from the course they paste.
    assert '<details class="command-builder-details"><summary>Pour les administrateurs' in body
    assert 'data-moodle-url="https://m.fr" data-codes="L1CHIM231"' in body
    assert 'href="../../../tutoriel/#synchroniser-la-cohorte"' in body
    assert 'href="../../composantes/010/"' in body
    assert "Exemple — données fictives" not in body
    assert '<td class="code-index-label" data-depth="1">Thermodynamique et cinétique' in body
    example = formation_page_body(catalog.formations[1], catalog, LINKS)
    assert "Exemple — données fictives" in example
    # without Moodle's facts and URL: nothing between the cohort and the facts, no URL
    assert '</div>\n\n<dl class="code-index-facts">' in example
    assert "data-moodle-url" not in example
    assert "data-cohort-facts" not in render_index_page(catalog, LINKS)


def test_hostile_labels_are_escaped_everywhere() -> None:
    catalog = chemistry_catalog(label=HOSTILE)
    catalog.composantes["010"].label = HOSTILE
    catalog.formations[0].elements[0].label = HOSTILE
    catalog.formations[0].cohort_idnumber = 'X" onclick="alert(3)'
    pages = [
        formation_page_title(catalog.formations[0]),
        formation_page_body(catalog.formations[0], catalog, LINKS),
        render_composante_page(catalog.composantes["010"], catalog.formations[:2], catalog, LINKS),
        render_index_page(catalog, LINKS),
    ]
    for html in pages:
        assert "<script" not in html
        assert "<img" not in html
        assert 'onclick="' not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt; &quot;quoted&quot; &amp;" in html


def test_links_follow_the_url_style() -> None:
    assert LINKS.relative("codes/index.md", "codes/formations/X.md") == "formations/X/"
    assert LINKS.relative("codes/formations/X.md", "tutoriel.md", "a") == "../../../tutoriel/#a"
    assert LINKS.output_path("codes/formations/X.md") == "codes/formations/X/index.html"
    flat = SiteLinks(use_directory_urls=False)
    assert flat.relative("codes/formations/X.md", "tutoriel.md", "a") == "../../tutoriel.html#a"
    assert flat.relative("codes/index.md", "codes/composantes/010.md") == "composantes/010.html"
    assert flat.output_path("codes/formations/X.md") == "codes/formations/X.html"
    for links, pattern in ((LINKS, "formations/{code}/"), (flat, "formations/{code}.html")):
        index = render_index_page(chemistry_catalog(), links)
        assert f'data-formation-url="{pattern}"' in index, "where the search script links"


def test_shell_fills_title_body_and_address_only() -> None:
    rendered = (
        f"<title>{TITLE} - Site</title><h2>{TITLE}</h2>"
        f'<link rel="canonical" href="/codes/formations/{PAGE}/"><article>{BODY}</article>'
    )
    page = PageShell.from_rendered(rendered).fill(
        title="L1CHIM231 — A &amp; B", body=f"<p>{TITLE} {PAGE}</p>", page="L1CHIM231"
    )
    assert page == (
        "<title>L1CHIM231 — A &amp; B - Site</title><h2>L1CHIM231 — A &amp; B</h2>"
        '<link rel="canonical" href="/codes/formations/L1CHIM231/">'
        f"<article><p>{TITLE} {PAGE}</p></article>"
    ), "markers inside the body are data, not replaced"


@pytest.mark.parametrize("rendered", ["<title>x</title>", f"{TITLE}{BODY}{BODY}", BODY])
def test_shell_refuses_a_page_without_its_markers(rendered: str) -> None:
    with pytest.raises(ShellError, match=re.escape("marker")):
        PageShell.from_rendered(rendered)


def test_index_files_are_the_downloads_search_data_and_pages_of_used_composantes() -> None:
    catalog = chemistry_catalog()
    catalog.composantes["099"] = Composante("099", "UFR sans formation")
    files = index_files(catalog, LINKS)
    pages = sorted(path for path in files if path.endswith(".md"))
    assert pages == [
        "codes/composantes/010.md",
        "codes/composantes/012.md",
        SHELL_PAGE,
        "codes/index.md",
    ]
    assert {"codes/formations.csv", "codes/formations.json", "codes/search/core.json"} < set(files)
    assert "L2CHIM231" in files["codes/composantes/010.md"]


def test_index_files_refuse_an_unknown_composante() -> None:
    catalog = chemistry_catalog()
    catalog.formations[0].composante = "999"
    with pytest.raises(ValueError, match=r"unknown composante.*999"):
        index_files(catalog, LINKS)


def test_formation_pages_fill_the_shell_at_each_formations_address() -> None:
    catalog = chemistry_catalog(HOSTILE)
    shell = PageShell.from_rendered(f"<title>{TITLE}</title><a href='{PAGE}'></a>{BODY}")
    pages = dict(formation_pages(catalog, LINKS, shell))
    assert list(pages) == [
        "codes/formations/L1CHIM231/index.html",
        "codes/formations/L2CHIM231/index.html",
        "codes/formations/L1LETM031/index.html",
    ]
    first = pages["codes/formations/L1CHIM231/index.html"]
    assert first.startswith("<title>L1CHIM231 — &lt;script&gt;")
    assert "<a href='L1CHIM231'></a><h1>&lt;script&gt;" in first
    assert HOSTILE not in first


def test_command_builder_element_escapes_what_it_carries() -> None:
    html = builder_element('https://m.fr/"><script>x</script>', ["A&B", "<i>"], "../s/")
    assert "<script>" not in html and "<i>" not in html
    assert 'data-moodle-url="https://m.fr/&quot;&gt;&lt;script&gt;x&lt;/script&gt;"' in html
    assert 'data-codes="A&amp;B &lt;i&gt;"' in html


def test_every_data_field_is_text_on_formation_composante_and_index_pages() -> None:
    """Codes, natures, periods, sites, years and antennes are data too, not only labels."""
    catalog = chemistry_catalog(label=HOSTILE)
    composante = catalog.composantes["012"]
    composante.label, composante.site, composante.parent = HOSTILE, HOSTILE, "010"
    catalog.composantes["010"].site = HOSTILE
    formation = catalog.formations[0]
    formation.year = HOSTILE
    element = formation.elements[0]
    element.code, element.nature, element.period, element.label = (HOSTILE,) * 4
    antennes = [(composante, catalog.formations[2:])]
    pages = [
        formation_page_title(formation),
        formation_page_body(formation, catalog, LINKS, moodle_url=HOSTILE),
        render_composante_page(
            catalog.composantes["010"], catalog.formations[:2], catalog, LINKS, antennes
        ),
        render_index_page(catalog, LINKS),
    ]
    for html in pages:
        assert "<script" not in html and "<img" not in html, html
    body, composante_page = pages[1], pages[2]
    escaped = "&lt;script&gt;alert(1)&lt;/script&gt; &quot;quoted&quot; &amp;"
    assert body.count(escaped) >= 6, "title, year, element code, nature, period, label"
    assert f"<p>Site : {escaped}" in composante_page
    assert f"<h2>Antenne : {escaped}" in composante_page and f"({escaped}" in composante_page


def front_matter(page: str) -> dict[str, object]:
    """The page's YAML front matter, read as MkDocs reads it."""
    assert page.startswith("---\n")
    head, separator, _ = page[4:].partition("\n---\n\n")
    assert separator, page
    return yaml.safe_load(head)


def test_front_matter_keeps_a_hostile_label_as_one_title_and_pages_out_of_search() -> None:
    # a label that would end the YAML block or add keys if it were pasted in unquoted
    label = 'Chimie: "x"\n---\ntitle: pwned # ’ ' + HOSTILE
    composante = Composante("010", label)
    catalog = chemistry_catalog()
    page = render_composante_page(composante, catalog.formations[:1], catalog, LINKS)
    assert front_matter(page) == {
        "title": escape(f"010 — {label}"),
        "search": {"exclude": True},
        "prerendered": True,
    }
    assert front_matter(render_index_page(catalog, LINKS)) == {
        "title": "Trouver mon code",
        "search": {"exclude": True},
    }
    assert front_matter(render_shell_page())["title"] == TITLE


def test_links_to_and_from_the_home_page() -> None:
    assert LINKS.url("index.md") == ""
    assert LINKS.relative("codes/index.md", "index.md") == "../"
    assert LINKS.relative("index.md", "codes/index.md", "x") == "codes/#x"
    assert LINKS.relative("index.md", "tutoriel.md") == "tutoriel/"
    flat = SiteLinks(use_directory_urls=False)
    assert flat.relative("codes/index.md", "index.md") == "../index.html"
    assert flat.relative("index.md", "codes/index.md") == "codes/index.html"


def test_shell_says_which_marker_is_missing() -> None:
    with pytest.raises(ShellError) as missing_title:
        PageShell.from_rendered(BODY)
    assert str(missing_title.value) == "the page title marker is missing"
    with pytest.raises(ShellError) as twice:
        PageShell.from_rendered(TITLE + BODY + BODY)
    assert str(twice.value) == "the page body marker appears 2 times, not once"
