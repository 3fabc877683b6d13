"""The hooks' contracts that a build alone does not show: what ``mkdocs serve`` watches."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType, SimpleNamespace

from tests.conftest import ROOT


def load_hook(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"hook_{name}", ROOT / "hooks" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class RecordingServer:
    def __init__(self) -> None:
        self.watched: list[Path] = []

    def watch(self, path: str) -> None:
        self.watched.append(Path(path).resolve())


def test_serve_watches_institution_settings_and_every_data_file() -> None:
    config = SimpleNamespace(config_file_path=str(ROOT / "mkdocs.yml"))
    server = RecordingServer()
    assert load_hook("catalog").on_serve(server, config, builder=None) is server
    assert ROOT / "institution.yml" in server.watched
    assert ROOT / "data/sample/upjv-seed.json" in server.watched
