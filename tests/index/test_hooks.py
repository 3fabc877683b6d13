"""The hooks' contracts that a build alone does not show: what ``mkdocs serve`` watches."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
from mkdocs.config import load_config
from mkdocs.exceptions import PluginError

from tests.conftest import ROOT


class RecordingServer:
    def __init__(self) -> None:
        self.watched: list[Path] = []

    def watch(self, path: str) -> None:
        self.watched.append(Path(path).resolve())


def test_serve_watches_institution_settings_and_every_data_file() -> None:
    config = load_config(str(ROOT / "mkdocs.yml"))
    config = config.plugins.on_config(config)
    server = RecordingServer()
    catalog_hook = config.plugins["hooks/catalog.py"]
    assert catalog_hook.on_serve(server, config=config, builder=None) is server
    assert ROOT / "institution.yml" in server.watched
    assert ROOT / "data/sample/upjv-seed.json" in server.watched


def test_a_page_placeholder_that_is_not_one_setting_fails_naming_page_and_key() -> None:
    """``{{ institution.support }}`` (a section) would put a Python ``repr`` on the page."""
    config = load_config(str(ROOT / "mkdocs.yml"))
    config = config.plugins.on_config(config)
    hook = config.plugins["hooks/institution.py"]
    page = SimpleNamespace(file=SimpleNamespace(src_uri="aide.md", generated_by=None))
    text = "Écrivez {{ institution.support.au }}."
    assert hook.on_page_markdown(text, page=page, config=config, files=None) == (
        "Écrivez au Service d&#39;innovation pédagogique."
    )
    for key in ("support", "support.mail"):
        with pytest.raises(PluginError) as caught:
            hook.on_page_markdown(
                f"{{{{ institution.{key} }}}}", page=page, config=config, files=None
            )
        assert str(caught.value) == (
            f"aide.md: 'institution.{key}' is not a setting with one value (see institution.yml)"
        )
