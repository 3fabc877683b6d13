"""The hooks' contracts that a build alone does not show: what ``mkdocs serve`` watches."""

from __future__ import annotations

from pathlib import Path

from mkdocs.config import load_config

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
