"""Helpers for catalog tests: write small data files and load them the way the site does."""

from __future__ import annotations

import tracemalloc
from collections.abc import Callable
from pathlib import Path

import pytest

from sync_helper.catalog import CatalogError, load_catalog
from sync_helper.catalog.parts import LoadedFile

ROOT = Path(__file__).resolve().parents[2]


def problems_of(*paths: Path) -> list[str]:
    """Every error ``load_catalog`` reports for ``paths``, as the user reads them."""
    with pytest.raises(CatalogError) as caught:
        load_catalog(list(paths))
    return [str(problem) for problem in caught.value.problems]


def traced(load: Callable[[Path], LoadedFile], path: Path) -> tuple[LoadedFile, int, int]:
    """``load(path)``, with the memory its records keep and the peak it reached (bytes)."""
    tracemalloc.start()
    try:
        part = load(path)
        retained, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return part, retained, peak
