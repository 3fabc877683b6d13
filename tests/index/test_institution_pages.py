"""Hostile institution.yml values reach the built pages as text, never as markup or links."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from tests.conftest import ROOT, build_site
from tests.index.site_copy import write_site_config

SCRIPT = "<script>window.pwned=1</script>"
LINK = "[Écrire au support](javascript:window.pwned=2)"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("hostile-institution")
    config = write_site_config(directory, [ROOT / "data" / "sample" / "upjv-seed.json"])
    path = directory / "institution.yml"
    settings = yaml.safe_load(path.read_text(encoding="utf-8"))
    settings["name"] = f"Université {SCRIPT}"
    settings["short_name"] = "U<b>PJV</b>"
    settings["support"] = {**settings["support"], "name": LINK, "au": LINK}
    path.write_text(yaml.safe_dump(settings, allow_unicode=True), encoding="utf-8")
    return build_site(directory / "site", config=config)


class _Page(HTMLParser):
    """What a browser would run or follow: script bodies, link targets, handlers; and the text."""

    def __init__(self) -> None:
        super().__init__()
        self.scripts: list[str] = []
        self.targets: list[str] = []
        self.handlers: list[str] = []
        self.tags: list[str] = []
        self.text: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self._in_script = tag == "script"
        self.targets += [value or "" for name, value in attrs if name in ("href", "src")]
        self.handlers += [name for name, _ in attrs if name.startswith("on")]

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        (self.scripts if self._in_script else self.text).append(data)


def parsed(site: Path, page: str) -> _Page:
    result = _Page()
    result.feed((site / page).read_text(encoding="utf-8"))
    return result


@pytest.mark.build
@pytest.mark.parametrize("page", ["index.html", "tutoriel/index.html", "en/tutoriel/index.html"])
def test_hostile_values_are_text(site: Path, page: str) -> None:
    html = parsed(site, page)
    assert not any("pwned" in script for script in html.scripts)
    assert not any(target.lower().startswith("javascript:") for target in html.targets)
    assert html.handlers == []
    assert "b" not in html.tags
    text = " ".join(" ".join(html.text).split())
    assert "U<b>PJV</b>" in text


@pytest.mark.build
@pytest.mark.parametrize("page", ["index.html", "tutoriel/index.html"])
def test_values_show_as_written(site: Path, page: str) -> None:
    text = " ".join(" ".join(parsed(site, page).text).split())
    assert f"Université {SCRIPT}" in text or LINK in text
