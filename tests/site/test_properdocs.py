"""ProperDocs, the community fork of MkDocs, builds the same site as MkDocs.

The project must not depend on one builder: a maintainer who switches to ProperDocs has to get
the same pages with the same content, so both builds are compared file by file.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import build_site
from tests.site.rendered_page import load_page, main_content

pytestmark = pytest.mark.build


def files_of(site: Path) -> set[str]:
    return {path.relative_to(site).as_posix() for path in site.rglob("*") if path.is_file()}


@pytest.fixture(scope="module")
def properdocs_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_site(tmp_path_factory.mktemp("properdocs") / "site", tool="properdocs")


def test_properdocs_builds_the_same_files(built_site: Path, properdocs_site: Path) -> None:
    mkdocs_files = files_of(built_site)
    assert "tutoriel/index.html" in mkdocs_files
    assert files_of(properdocs_site) == mkdocs_files


def test_properdocs_pages_have_the_same_main_content(
    built_site: Path, properdocs_site: Path
) -> None:
    pages = sorted(p.relative_to(built_site) for p in built_site.rglob("*.html"))
    different = []
    for page in pages:
        with_mkdocs = load_page(built_site / page)
        with_properdocs = load_page(properdocs_site / page)
        if with_mkdocs.find_all("article", "md-content__inner"):
            same = main_content(with_mkdocs).text() == main_content(with_properdocs).text()
        else:
            same = with_mkdocs.find("body").text() == with_properdocs.find("body").text()
        if not same:
            different.append(page.as_posix())
    assert different == []
    assert len(pages) >= 20
