"""Every link of the built site leads somewhere, and no page pulls anything from another host.

A university site under GDPR must not make the reader's browser contact third parties (fonts,
CDNs, trackers); a broken internal link is a dead end for a reader following the tutorial.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest

from tests.conftest import ROOT
from tests.site.rendered_page import load_page

pytestmark = pytest.mark.build

BASE = "http://site.invalid/"
LINKING_ATTRIBUTES = {
    "a": "href",
    "link": "href",
    "script": "src",
    "img": "src",
    "iframe": "src",
    "source": "src",
    "audio": "src",
    "video": "src",
}
FETCHING_TAGS = {"link", "script", "img", "iframe", "source", "audio", "video"}
FOREIGN_SCHEMES = {"http", "https", "ftp", "ws", "wss"}
NOT_A_LOCATION = {"mailto", "tel", "data", "javascript"}
THIRD_PARTY_TEXT = ("fonts.googleapis.com", "fonts.gstatic.com", "googletagmanager", "cdn.")


def _own_host() -> str:
    """The site's public host (``site_url``): canonical links to it are not third-party."""
    match = re.search(
        r"^site_url:\s*(\S+)", (ROOT / "mkdocs.yml").read_text(encoding="utf-8"), re.M
    )
    return urlsplit(match.group(1)).hostname if match else ""


def _links(site: Path) -> list[tuple[str, str, str]]:
    """(page, tag, target) for every linking attribute of every built page."""
    found = []
    for page in sorted(site.rglob("*.html")):
        relative = page.relative_to(site).as_posix()
        for element in load_page(page).iter():
            attribute = LINKING_ATTRIBUTES.get(element.tag)
            if attribute and element.attrs.get(attribute):
                found.append((relative, element.tag, element.attrs[attribute]))
    return found


@pytest.fixture(scope="module")
def links(built_site: Path) -> list[tuple[str, str, str]]:
    collected = _links(built_site)
    assert len(collected) > 100, "the link collector found suspiciously few links"
    return collected


@cache
def _anchors(path: Path) -> frozenset[str]:
    text = path.read_text(encoding="utf-8")
    return frozenset(re.findall(r'\s(?:id|name)="([^"]+)"', text))


def _target_file(site: Path, page: str, target: str) -> tuple[Path, str]:
    resolved = urlsplit(urljoin(BASE + page, target))
    path = unquote(resolved.path).lstrip("/")
    file = site / path
    if path == "" or path.endswith("/") or file.is_dir():
        file = file / "index.html"
    return file, unquote(resolved.fragment)


def _is_internal(target: str) -> bool:
    scheme = urlsplit(target).scheme
    return not target.startswith("//") and scheme not in FOREIGN_SCHEMES | NOT_A_LOCATION


def test_every_internal_link_resolves(built_site: Path, links: list) -> None:
    broken = []
    for page, tag, target in links:
        if not _is_internal(target):
            continue
        file, fragment = _target_file(built_site, page, target)
        if not file.is_file():
            broken.append(f"{page}: <{tag}> {target} (no {file.relative_to(built_site)})")
        elif fragment and file.suffix == ".html" and fragment not in _anchors(file):
            broken.append(f"{page}: <{tag}> {target} (no #{fragment} there)")
    assert broken == []


def test_no_page_fetches_from_another_host(links: list) -> None:
    own = _own_host()
    foreign = [
        f"{page}: <{tag}> {target}"
        for page, tag, target in links
        if tag in FETCHING_TAGS
        and not _is_internal(target)
        and urlsplit(target).scheme not in NOT_A_LOCATION
        and urlsplit(target).hostname != own
    ]
    assert foreign == []


def test_no_file_mentions_google_fonts_or_a_cdn(built_site: Path) -> None:
    offenders = [
        f"{path.relative_to(built_site)}: {needle}"
        for path in built_site.rglob("*")
        if path.suffix in {".html", ".css", ".js"}
        for needle in THIRD_PARTY_TEXT
        if needle in path.read_text(encoding="utf-8", errors="replace")
    ]
    assert offenders == []


def test_stylesheets_load_nothing_remote(built_site: Path) -> None:
    remote = [
        f"{path.relative_to(built_site)}: {url}"
        for path in built_site.rglob("*.css")
        for url in re.findall(r"url\(\s*['\"]?([^'\")]+)", path.read_text(encoding="utf-8"))
        if urlsplit(url).scheme in FOREIGN_SCHEMES or url.startswith("//")
    ]
    assert remote == []


def test_the_link_checker_catches_a_broken_link(tmp_path: Path) -> None:
    """The checker itself must be able to fail: a page with a dead link and a dead anchor."""
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text(
        '<p id="here"><a href="../missing/">x</a><a href="#nowhere">y</a><a href="#here">z</a></p>',
        encoding="utf-8",
    )
    results = {target: _target_file(tmp_path, page, target) for page, _, target in _links(tmp_path)}
    missing_file, _ = results["../missing/"]
    assert not missing_file.is_file()
    page_file, fragment = results["#nowhere"]
    assert page_file.is_file() and fragment not in _anchors(page_file)
    assert results["#here"][1] in _anchors(page_file)
